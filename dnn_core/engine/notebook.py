"""A run as the course notes' notebook: the notes' five steps (load the data, build the model, compile, fit and plot
the history object, evaluate and predict) as Jupyter cells, with the run's own settings, in the page's language.

The code is the Keras script Build & Train exports (``model.keras_code``), cut at its section comments, so the
notebook and the script are one experiment. A run on the offline sample ships the sample beside the notebook in a
zip; the full data sets come from ``keras.datasets``.
"""

from __future__ import annotations

import io
import zipfile

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import SAMPLE_FILE
from dnn_core.i18n import t

SAMPLE_NAME = "mnist_sample.npz"  # the offline sample's name beside the notebook in the zip
# The script's section comments, in order -> the notes' step whose cell holds that section
_SECTIONS = {"# Load the data": "load", "# Build the model": "build", "# Train": "compile", "# Evaluate": "evaluate"}
_FIT = "history = model.fit("  # the Train section's fit line starts the notes' step 4
# Seed spread measured for the tolerance: the course model on the offline sample, seeds 0–4, test accuracy after
# 3 epochs 0.895–0.923 (sd 0.011), after 10 epochs 0.927–0.939 (sd 0.005). A notebook and its run differ like two
# seeds (another validation split and batch order), so their difference has sd √2 · 0.011 ≈ 0.015 after 3 epochs:
# 0.04 is 2.6 of those, and 5.7 of the 10-epoch ones.
TOLERANCE = 0.04

PLOT_CODE = """import matplotlib.pyplot as plt

# The loss of every epoch, as the notes plot it
plt.plot(history.history["loss"], label="loss")
plt.plot(history.history["val_loss"], label="val_loss")
plt.legend()
plt.show()

# The accuracy of every epoch
plt.plot(history.history["accuracy"], label="acc")
plt.plot(history.history["val_accuracy"], label="val_acc")
plt.legend()
plt.show()"""

EVALUATE_CODE = """{script}
# [loss, accuracy]: what the notes' print(model.evaluate(x_test, y_test)) shows
print([test_loss, test_accuracy])"""

PREDICT_CODE = """# predict() returns ten probabilities per image; the largest one is the model's answer
some = slice(0, len(x_test), len(x_test) // 10)  # ten test images spread over the set
probabilities = model.predict(x_test[some], verbose=0)
print("predicted:", probabilities.argmax(axis=1))
print("true:     ", y_test[some])"""


def script_steps(script: str) -> dict[str, str]:
    """The exported script cut into the notes' steps: setup, load, build, compile, fit, evaluate."""
    steps: dict[str, list[str]] = {"setup": []}
    current = "setup"
    for line in script.splitlines():
        header = next((step for start, step in _SECTIONS.items() if line.startswith(start)), None)
        if header:
            current = header
        elif line.startswith(_FIT):
            current = "fit"
        steps.setdefault(current, []).append(line)
    setup = [line for line in steps.pop("setup") if not line.startswith('"""')]  # the script's docstring
    steps["load"] = setup + steps["load"]
    return {step: "\n".join(lines).strip() for step, lines in steps.items()}


def run_notebook(config: ExperimentConfig, accuracy: float, lang: str, name: str = "") -> nbformat.NotebookNode:
    """The notebook of one run: ``config`` as trained, ``accuracy`` its test accuracy (0..1) in the app."""
    from dnn_core.engine.model import keras_code  # the model builders import Keras: only when this runs

    sample = config.dataset == "mnist_sample"
    steps = script_steps(keras_code(config, sample_path=SAMPLE_NAME) if sample else keras_code(config))
    settings = "\n".join(f"| `{key}` | `{value}` |" for key, value in config.to_dict().items())
    note = "sample" if sample else "class" if config.dataset == "our_handwriting" else "keras"
    data_note = t(f"notebook.data.{note}", lang, file=SAMPLE_NAME)

    def step(key: str, *code: str) -> list:
        return [new_markdown_cell(t(f"notebook.step.{key}", lang)), *(new_code_cell(c) for c in code)]

    cells = [new_markdown_cell(t("notebook.title", lang, name=name or config.dataset, settings=settings,
                                 data=data_note)),
             *step("load", steps["load"]), *step("build", steps["build"]), *step("compile", steps["compile"]),
             *step("fit", steps["fit"], PLOT_CODE),
             *step("evaluate", EVALUATE_CODE.format(script=steps["evaluate"]), PREDICT_CODE),
             new_markdown_cell(t("notebook.compare", lang, accuracy=f"{accuracy:.4f}", tolerance=f"{TOLERANCE:.2f}"))]
    metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                "language_info": {"name": "python"}}
    return new_notebook(cells=cells, metadata=metadata)


def notebook_file(config: ExperimentConfig, stem: str) -> tuple[str, str, str]:
    """(download name, file name, mime type) of a run's notebook: the .ipynb, or for the offline sample a zip of it
    with the sample."""
    if config.dataset == "mnist_sample":
        return "notebook_zip", f"{stem}_notebook.zip", "application/zip"
    return "notebook", f"{stem}.ipynb", "application/x-ipynb+json"


def notebook_bytes(config: ExperimentConfig, accuracy: float, lang: str, stem: str, name: str = "") -> bytes:
    """The file ``notebook_file`` names: the notebook, zipped in a folder with the offline sample if it uses it."""
    text = nbformat.writes(run_notebook(config, accuracy, lang, name))
    if config.dataset != "mnist_sample":
        return text.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}/{stem}.ipynb", text)
        archive.write(SAMPLE_FILE, f"{stem}/{SAMPLE_NAME}")
    return buffer.getvalue()
