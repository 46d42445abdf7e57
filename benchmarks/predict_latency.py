"""Draw & Predict latency: canvas → MNIST preprocessing + one prediction, against the same with model.predict.

Usage: python benchmarks/predict_latency.py [--calls 200]
The last line printed is one JSON object with median and p95 in milliseconds for both ways.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

import keras  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from dnn_core.engine.data import read_sample  # noqa: E402
from dnn_core.engine.model import build_model  # noqa: E402
from dnn_core.engine.predict import predict_probabilities  # noqa: E402
from dnn_core.engine.preprocess import canvas_to_mnist  # noqa: E402
from dnn_core.engine.presets import preset_config  # noqa: E402
from dnn_core.running.runtime import configure_runtime  # noqa: E402

configure_runtime()  # as the app and the CLI do: one TensorFlow op thread per training


def course_model() -> keras.Model:
    """The app's "Course model" preset, trained for one epoch on the bundled sample."""
    model = build_model(preset_config("course"))
    x_train, y_train, _, _ = read_sample()
    model.fit(x_train, y_train, epochs=1, batch_size=32, verbose=0)
    return model


def drawing() -> np.ndarray:
    """A 280×280 RGBA canvas with a white "7" on a transparent background, like streamlit-drawable-canvas."""
    canvas = Image.new("RGBA", (280, 280), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).line([(70, 60), (210, 60), (120, 230)], fill=(255, 255, 255, 255), width=18,
                                joint="curve")
    return np.asarray(canvas)


def timings_ms(step, calls: int) -> np.ndarray:
    """Wall-clock milliseconds of ``calls`` runs of ``step`` after a few warm-up runs."""
    for _ in range(5):
        step()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    return np.array(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    calls = parser.parse_args().calls

    model, canvas = course_model(), drawing()

    def direct():  # what the Draw page does
        return predict_probabilities(model, canvas_to_mnist(canvas).centred)

    def with_predict():  # the same, with Keras' batch API
        return model.predict(canvas_to_mnist(canvas).centred[None], verbose=0)[0]

    np.testing.assert_allclose(direct(), with_predict(), atol=1e-5)  # both ways give the same answer
    ours, baseline = timings_ms(direct, calls), timings_ms(with_predict, calls)
    preprocess = timings_ms(lambda: canvas_to_mnist(canvas), calls)
    result = {
        "benchmark": "predict_latency",
        "median_ms": round(float(np.median(ours)), 2),
        "p95_ms": round(float(np.percentile(ours, 95)), 2),
        "min_ms": round(float(ours.min()), 2),  # least disturbed by other load on a shared machine
        "baseline_predict_median_ms": round(float(np.median(baseline)), 2),
        "baseline_predict_p95_ms": round(float(np.percentile(baseline, 95)), 2),
        "baseline_predict_min_ms": round(float(baseline.min()), 2),
        "preprocess_median_ms": round(float(np.median(preprocess)), 2),
        "speedup_median": round(float(np.median(baseline) / np.median(ours)), 1),
        "calls": calls,
    }
    print(f"preprocess + model(x): median {result['median_ms']} ms, p95 {result['p95_ms']} ms")
    print(f"preprocess + model.predict: median {result['baseline_predict_median_ms']} ms, "
          f"p95 {result['baseline_predict_p95_ms']} ms")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
