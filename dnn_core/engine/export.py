"""Take a run home: the model as a .keras file, the history as CSV, the config as JSON, TensorBoard logs as a zip."""

from __future__ import annotations

import io
import json
import shlex
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # annotations only: Keras loads when a model is read back; pandas comes with its frames
    import keras
    import pandas as pd

    from dnn_core.engine.config import ExperimentConfig
    from dnn_core.engine.training import TrainingResult

TENSORBOARD_FOLDER = "logs"  # the folder the zip unpacks into and the command points at


def model_bytes(model: keras.Model) -> bytes:
    """The model in Keras' native .keras format (architecture, weights and optimizer state)."""
    with tempfile.TemporaryDirectory(prefix="dnn-export-") as folder:
        path = Path(folder) / "model.keras"  # Keras insists on the .keras suffix
        model.save(path)
        return path.read_bytes()


def model_from_bytes(data: bytes, compile: bool = True) -> keras.Model:
    """A model from the bytes of a .keras file (``model_bytes``'s inverse), with its optimizer state."""
    import keras  # TensorFlow: loaded only when this runs, never at start-up

    with tempfile.TemporaryDirectory(prefix="dnn-import-") as folder:
        path = Path(folder) / "model.keras"
        path.write_bytes(data)
        return keras.saving.load_model(path, compile=compile)


def history_csv(history: pd.DataFrame) -> bytes:
    """The per-epoch history as UTF-8 CSV with a header row and no index."""
    return history.to_csv(index=False).encode("utf-8")


def config_json(config: ExperimentConfig | dict) -> bytes:
    """The experiment settings (an ExperimentConfig or a saved run's dict) as indented JSON."""
    data = config.to_dict() if hasattr(config, "to_dict") else dict(config)
    return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")


def event_files(log_dir: str | Path) -> list[Path]:
    """The TensorBoard event files under ``log_dir`` (train/ and validation/ runs), sorted."""
    root = Path(log_dir)
    return sorted(p for p in root.rglob("*") if p.is_file() and "tfevents" in p.name) if root.is_dir() else []


def tensorboard_zip(log_dir: str | Path, folder: str = TENSORBOARD_FOLDER) -> bytes:
    """A zip of the event files under ``log_dir``, kept in their run folders below ``folder/``."""
    files = event_files(log_dir)
    if not files:
        raise ValueError(f"log_dir: no TensorBoard event files in {log_dir}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, f"{folder}/{path.relative_to(log_dir).as_posix()}")
    return buffer.getvalue()


def unpack_tensorboard(archive: bytes, log_dir: str | Path) -> None:
    """Unpack a ``tensorboard_zip`` into ``log_dir`` (its run folders directly below, without ``folder/``)."""
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        for member in zipped.infolist():
            inside = Path(*Path(member.filename).parts[1:])  # below the zip's top folder
            if member.is_dir() or not inside.parts or ".." in inside.parts:
                continue
            target = Path(log_dir) / inside
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zipped.read(member))


def tensorboard_command(folder: str = TENSORBOARD_FOLDER) -> str:
    """The shell command that opens the unzipped logs in TensorBoard."""
    return f"tensorboard --logdir {shlex.quote(folder)}"


def file_stem(config: ExperimentConfig | dict) -> str:
    """A download name from the settings, e.g. ``dnn_mnist_128-64_adam``."""
    data = config.to_dict() if hasattr(config, "to_dict") else dict(config)
    layers = "-".join(str(token).replace(":", "") for token in data.get("layers", []))  # 256:tanh → 256tanh
    return f"dnn_{data.get('dataset', 'model')}_{layers}_{data.get('optimizer', '')}".rstrip("_")


@dataclass(frozen=True)
class Download:
    """One file to take home."""

    name: str  # model, history, config, notebook(_zip) or tensorboard (also the end of its i18n label key)
    data: bytes | Callable[[], bytes]  # a callable runs only when someone clicks (saving a model takes a moment)
    file_name: str
    mime: str


def trained_config(result: TrainingResult) -> ExperimentConfig:
    """The settings a run really trained with: a stopped run's epochs are those it finished."""
    done = len(result.history)
    return result.config.replace(epochs=done) if result.stopped and done else result.config


def downloads(result: TrainingResult, lang: str = "en",
              model_file: Callable[[], bytes] | None = None) -> list[Download]:
    """The files a TrainingResult offers: model, history, config, the run as a notebook in ``lang``, and TensorBoard
    logs when there are any. ``model_file`` reads a saved run's .keras file (its result holds no model)."""
    from dnn_core.engine import notebook  # nbformat loads when Inspect offers a notebook, not at start-up

    stem = file_stem(result.config)
    config = trained_config(result)
    name, file_name, mime = notebook.notebook_file(config, stem)
    model = model_file or (lambda: model_bytes(result.model))
    files = [Download("model", model, f"{stem}.keras", "application/octet-stream"),
             Download("history", history_csv(result.history), f"{stem}_history.csv", "text/csv"),
             Download("config", config_json(result.config), f"{stem}_config.json", "application/json"),
             Download(name, lambda: notebook.notebook_bytes(config, result.test_accuracy, lang, stem), file_name, mime)]
    log_dir = result.log_dir
    if log_dir and event_files(log_dir):
        files.append(Download("tensorboard", lambda: tensorboard_zip(log_dir), f"{stem}_tensorboard.zip",
                              "application/zip"))
    return files
