"""The run as the course notes' notebook: laid out as the notes' five steps, in the page's language, and run top
to bottom by a real Jupyter kernel with plain Keras, it reaches the run's test accuracy."""

import io
import re
import zipfile

import nbformat
import numpy as np
import pytest

from dnn_core.engine import export, notebook
from dnn_core.engine.data import read_sample
from dnn_core.engine.presets import preset_config
from dnn_core.i18n import t

STEPS = ("load", "build", "compile", "fit", "evaluate")


def headings(nb) -> list[str]:
    return [cell.source.splitlines()[0] for cell in nb.cells if cell.cell_type == "markdown"]


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_notebook_is_the_notes_five_steps_in_the_pages_language(lang):
    config = preset_config("course")  # full MNIST: the data come from keras.datasets
    nb = notebook.run_notebook(config, 0.9770, lang, name="course")
    nbformat.validate(nb)
    expected = [t(f"notebook.step.{step}", lang).splitlines()[0] for step in STEPS]
    assert headings(nb)[1:6] == expected
    code = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    for line in ("keras.utils.set_random_seed(42)", "keras.datasets.mnist.load_data()", "keras.layers.Flatten()",
                 'keras.layers.Dense(128, activation="relu")', "keras.layers.Dropout(0.2)",
                 "model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001)",
                 "batch_size=32, epochs=10", 'plt.plot(history.history["val_loss"]', "model.evaluate(x_test",
                 "model.predict(x_test"):
        assert line in code
    assert "dnn_core" not in code  # plain Keras: nothing of the app is imported
    # the compile cell runs as many batches per step as the app's training, and says what that does
    compile_cell = next(cell.source for cell in nb.cells if "model.compile(" in cell.source)
    assert compile_cell.count("steps_per_execution=32") == 2 and "batches per call" in compile_cell
    assert "0.9770" in nb.cells[-1].source and f"{notebook.TOLERANCE:.2f}" in nb.cells[-1].source


def test_a_stopped_run_notebook_trains_the_epochs_it_finished():
    class Stopped:
        config = preset_config("course").replace(dataset="mnist_sample", epochs=10)
        history, stopped = [1, 2, 3], True

    assert export.trained_config(Stopped()).epochs == 3


def executed(folder, name: str):
    """The notebook ``folder/name`` executed top to bottom in a fresh Python kernel, from its own folder."""
    from nbclient import NotebookClient

    nb = nbformat.read(folder / name, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(  # what it loaded, to hold against the app's own split
        "print('loaded', len(x_train), len(x_test), int(x_train.sum()), int(x_test.sum()))"))
    # a kernel starts in seconds on a quiet machine; the generous limits are for a CI machine under load
    NotebookClient(nb, timeout=600, startup_timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    return nb


def printed(nb) -> str:
    return "".join(out.get("text", "") for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs)


def test_the_exported_notebook_runs_offline_and_reaches_the_runs_accuracy(tmp_path, monkeypatch):
    """A course-model run on the offline sample (3 epochs); its notebook, unzipped with the sample beside it,
    executed by a Jupyter kernel. Tolerance: notebook.TOLERANCE, from the spread of five seeds."""
    from dnn_core.engine.training import train

    monkeypatch.setenv("DNN_OFFLINE", "1")
    run = train(preset_config("course").replace(dataset="mnist_sample", epochs=3, seed=0), record_gradients=False)
    file = next(f for f in export.downloads(run, "zh-TW") if f.name.startswith("notebook"))
    assert file.name == "notebook_zip" and file.file_name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(file.data())) as archive:
        archive.extractall(tmp_path)
    folder = next(path.parent for path in tmp_path.rglob("*.ipynb"))
    assert (folder / notebook.SAMPLE_NAME).exists()
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "2")
    monkeypatch.delenv("MPLBACKEND", raising=False)  # importing streamlit sets Agg, which would hide the kernel's plots
    nb = executed(folder, next(folder.glob("*.ipynb")).name)

    assert headings(nb)[1] == t("notebook.step.load", "zh-TW").splitlines()[0]  # 步驟 1 · 載入資料
    text = printed(nb)
    accuracy = float(re.search(r"^Test accuracy: ([0-9.]+)$", text, re.M).group(1))
    assert abs(accuracy - run.test_accuracy) <= notebook.TOLERANCE, (accuracy, run.test_accuracy)
    loss_and_accuracy = re.search(r"^\[([0-9.]+), ([0-9.]+)\]$", text, re.M)  # print(model.evaluate(...))
    assert float(loss_and_accuracy.group(2)) == pytest.approx(accuracy, abs=1e-4)
    x_train, _, x_test, _ = read_sample()  # the app's own split of the sample: the same images
    assert f"loaded {len(x_train)} {len(x_test)} {int(x_train.sum())} {int(x_test.sum())}" in text
    pictures = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs
                if "image/png" in out.get("data", {})]
    assert len(pictures) == 2  # the history object's loss and accuracy, plotted as the notes plot them
    assert "true:      [0 1 2 3 4 5 6 7 8 9]" in text  # predict() on ten images spread over the by-digit test set
    assert re.search(r"^predicted: \[(\d ){9}\d\]$", text, re.M)
    assert np.isfinite(float(loss_and_accuracy.group(1)))
