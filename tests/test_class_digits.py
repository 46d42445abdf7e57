"""The class's handwriting without a page: a drawing stored exactly as the model read it, every refusal said in both
languages, the exported set back as the data set our_handwriting (DNN_DATA_DIR), the CLI's export, the counts chart."""

from __future__ import annotations

import gzip
import io
import types
import zipfile

import numpy as np
import pytest

from dnn_core.charts.handwriting import digit_counts_figure
from dnn_core.classroom import handwriting
from dnn_core.classroom.handwriting import ClassDigits, HandwritingError
from dnn_core.engine import data
from dnn_core.engine.config import DATASET_TRAIN_SIZES, DATASETS, ExperimentConfig
from dnn_core.engine.preprocess import canvas_to_mnist
from dnn_core.i18n import LANGS, t
from dnn_core.runs import RunStore
from tests.digit_strokes import drawn_digit

WRITERS = ("ana", "ben", "chen", "dora", "eli", "fay")


@pytest.fixture
def clock(monkeypatch):
    """The store's clock, moved by the test (the one-a-second rule without waiting)."""
    fake = types.SimpleNamespace(now=1_000.0)
    monkeypatch.setattr(handwriting, "time", types.SimpleNamespace(time=lambda: fake.now))
    return fake


@pytest.fixture
def digits() -> ClassDigits:
    store = ClassDigits(RunStore())
    store.set_open(True)
    return store


def model_input(digit: int, writer: int, sample: int = 0):
    """A drawn digit prepared as Draw & Predict prepares it: (what the model reads, the drawing as drawn)."""
    steps = canvas_to_mnist(drawn_digit(digit, writer, sample))
    return steps.centred, steps.raw


def fill(digits: ClassDigits, clock, per_writer: int = 10) -> list[tuple[int, str, np.ndarray]]:
    """Every writer of WRITERS draws ``per_writer`` digits (0, 1, …); (label, writer name, image) in the order added."""
    added = []
    for number, name in enumerate(WRITERS):
        for i in range(per_writer):
            image, raw = model_input(i % 10, number, i // 10)
            clock.now += 1
            digits.add(image, raw, i % 10, name, f"session-{name}")
            added.append((i % 10, name, image))
    return added


# ---- adding ----------------------------------------------------------------------------------------------------

def test_a_drawing_is_stored_byte_for_byte_as_the_model_read_it(digits):
    steps = canvas_to_mnist(drawn_digit(3, writer=1))
    drawing_id = digits.add(steps.centred, steps.raw, 3, "Ann", "session-1")
    stored = digits.digit_set()
    assert stored.x.dtype == np.uint8 and stored.x.shape == (1, 28, 28)
    assert stored.x[0].tobytes() == steps.centred.tobytes()
    assert (stored.y.tolist(), stored.ids.tolist(), stored.writers.tolist()) == ([3], [drawing_id], ["name:ann"])
    drawing = digits.drawings()[0]
    assert drawing.sketch.shape == (handwriting.SKETCH_SIDE,) * 2 and drawing.sketch.max() > 200  # the ink, reduced
    assert (drawing.name, drawing.approved, drawing.hidden) == ("Ann", False, False)


def refusal(action) -> HandwritingError:
    with pytest.raises(HandwritingError) as caught:
        action()
    return caught.value


def test_every_refusal_has_a_sentence_in_both_languages(digits, clock, monkeypatch):
    image, raw = model_input(7, 0)
    refusals = {
        "digits.refused.empty": refusal(lambda: digits.add(np.zeros((28, 28), np.uint8), raw, 7, "", "s")),
        "digits.refused.label": refusal(lambda: digits.add(image, raw, None, "", "s")),
    }
    digits.add(image, raw, 7, "", "s")
    clock.now += 0.5
    refusals["digits.refused.burst"] = refusal(lambda: digits.add(image, raw, 7, "", "s"))
    clock.now += 1
    monkeypatch.setattr(handwriting, "MAX_PER_SESSION", 1)
    refusals["digits.refused.session_full"] = refusal(lambda: digits.add(image, raw, 7, "", "s"))
    monkeypatch.setattr(handwriting, "MAX_DRAWINGS", 1)
    refusals["digits.refused.full"] = refusal(lambda: digits.add(image, raw, 7, "", "another session"))
    digits.set_open(False)
    refusals["digits.refused.closed"] = refusal(lambda: digits.add(image, raw, 7, "", "another session"))
    assert {key: error.key for key, error in refusals.items()} == {key: key for key in refusals}
    assert len(digits.digit_set()) == 1  # only the first one went in
    for error in refusals.values():
        texts = [error.text(lang) for lang in LANGS]
        assert all(text and text != error.key for text in texts) and texts[0] != texts[1]
    assert "1 s" in refusals["digits.refused.burst"].text("en") and "1 秒" in refusals["digits.refused.burst"].text(
        "zh-TW")


def test_hidden_drawings_leave_counts_gallery_pending_and_the_set(digits, clock):
    added = fill(digits, clock, per_writer=3)
    ids = digits.digit_set().ids.tolist()
    assert digits.hide([ids[0], ids[4]]) == 2 and digits.approve(ids[1:3]) == 2
    by_label, by_name = digits.counts()
    assert sum(by_label.values()) == len(added) - 2 and by_name["ana"] == 2 and by_name["ben"] == 2
    assert digits.pending_count() == len(added) - 4
    assert [d.id for d in digits.gallery()] == ids[2:0:-1]  # approved only, newest first
    digits.set_approval_required(False)
    visible = [(i, label) for i, (label, _, _) in zip(ids, added) if i not in (ids[0], ids[4])]
    assert [d.id for d in digits.gallery(label=1)] == [i for i, label in visible if label == 1][::-1]
    assert len(digits.gallery(limit=5)) == 5
    assert ids[0] not in digits.digit_set().ids and ids[4] not in digits.digit_set().ids
    assert digits.from_session("session-ana") == 3  # hidden ones still count against the session's cap


# ---- taking it away --------------------------------------------------------------------------------------------

@pytest.fixture
def clean_data(tmp_path, monkeypatch):
    monkeypatch.setenv("DNN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    data.clear_cache()
    yield tmp_path / "data"
    data.clear_cache()


def expected_split(digits: ClassDigits):
    train, test = handwriting.train_test(digits.digit_set())
    return train.x, train.y, test.x, test.y


def assert_loaded(expected) -> None:
    loaded = data.load_dataset(handwriting.DATASET)
    assert (loaded.name, loaded.source, loaded.notice) == (handwriting.DATASET, "local_dir", None)
    for got, want in zip((loaded.x_train, loaded.y_train, loaded.x_test, loaded.y_test), expected):
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got, want)


def test_the_exported_set_is_the_data_set_our_handwriting(digits, clock, clean_data):
    added = fill(digits, clock)
    digits.hide([digits.digit_set().ids[0]])
    expected = expected_split(digits)
    # by writer: no writer on both sides, both sides used, and together exactly the drawings not hidden
    train, test = handwriting.train_test(digits.digit_set())
    assert set(train.writers) & set(test.writers) == set() and len(train) and len(test)
    assert sorted(image.tobytes() for image in np.concatenate([expected[0], expected[2]])) == sorted(
        image.tobytes() for _, _, image in added[1:])

    assert data.dataset_status(handwriting.DATASET) == "missing"
    handwriting.export(digits.digit_set(), clean_data / handwriting.DATASET)
    assert data.dataset_status(handwriting.DATASET) == "local"
    assert_loaded(expected)  # from the four IDX files

    for name in data.IDX_FILES:  # the .npz alone (x, y, writer) gives the same split
        (clean_data / handwriting.DATASET / name).unlink()
    data.clear_cache()
    assert_loaded(expected)


def test_an_npz_of_x_and_y_alone_is_split_too(clean_data):
    rng = np.random.default_rng(0)
    x, y = rng.integers(0, 256, (50, 28, 28), dtype=np.uint8), rng.integers(0, 10, 50, dtype=np.uint8)
    folder = clean_data / handwriting.DATASET
    folder.mkdir(parents=True)
    np.savez(folder / "digits.npz", x=x, y=y)
    loaded = data.load_dataset(handwriting.DATASET)
    assert loaded.source == "local_dir" and len(loaded.x_train) + len(loaded.x_test) == 50 and len(loaded.x_test)
    images = {image.tobytes(): label for image, label in zip(x, y)}
    for part_x, part_y in ((loaded.x_train, loaded.y_train), (loaded.x_test, loaded.y_test)):
        assert [images[image.tobytes()] for image in part_x] == part_y.tolist()  # each image with its own label


def test_without_an_export_it_falls_back_visibly(clean_data):
    loaded = data.load_dataset(handwriting.DATASET)
    assert loaded.name == "mnist_sample" and loaded.notice.key == "data.fallback"
    reason = loaded.notice.params["reason"]
    assert reason.key == "data.error.no_class_set" and str(clean_data / handwriting.DATASET) in str(reason)
    assert "DNN_DATA_DIR" in t("data.status.missing", "zh-TW")


def test_the_data_set_is_in_the_vocabulary_with_the_stores_bound():
    assert handwriting.DATASET in DATASETS
    assert DATASET_TRAIN_SIZES[handwriting.DATASET] == handwriting.MAX_DRAWINGS
    ExperimentConfig(dataset=handwriting.DATASET, train_size=handwriting.MAX_DRAWINGS)  # valid
    assert all(t(f"data.name.{name}", lang) != f"data.name.{name}" for name in DATASETS for lang in LANGS)


def test_the_idx_zip_unzips_into_the_data_set_folder(digits, clock, clean_data):
    fill(digits, clock, per_writer=4)
    with zipfile.ZipFile(io.BytesIO(handwriting.idx_zip(digits.digit_set()))) as archive:
        assert sorted(archive.namelist()) == sorted(f"{handwriting.DATASET}/{name}" for name in data.IDX_FILES)
        archive.extractall(clean_data)
    assert_loaded(expected_split(digits))
    labels = gzip.decompress((clean_data / handwriting.DATASET / data.IDX_FILES[1]).read_bytes())
    assert labels[:4] == bytes([0, 0, 8, 1])  # MNIST's magic number for a vector of unsigned bytes


def test_cli_exports_the_set_and_lists_it(digits, clock, clean_data, capsys):
    from dnn_core.cli.commands import main

    assert main(["class-digits", "export", str(clean_data / "out")]) == 1  # nothing to export yet
    assert "no digits to export" in capsys.readouterr().out
    fill(digits, clock, per_writer=5)
    out = clean_data / handwriting.DATASET
    assert main(["class-digits", "export", str(out)]) == 0
    report = capsys.readouterr().out
    assert "Wrote 30 digit(s)" in report and f"{handwriting.DATASET}.npz" in report
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{handwriting.DATASET}.npz", *data.IDX_FILES])
    assert_loaded(expected_split(digits))

    assert main(["datasets"]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith(handwriting.DATASET))
    train, test = handwriting.train_test(digits.digit_set())
    assert row.split()[1:4] == [str(len(train)), str(len(test)), "local"]


# ---- the counts chart ------------------------------------------------------------------------------------------

def test_the_counts_chart_has_one_bar_per_digit_with_its_count():
    figure = digit_counts_figure({0: 3, 7: 12}, "zh-TW")
    bar = figure.data[0]
    assert list(bar.x) == [str(d) for d in range(10)] and list(bar.y) == [3, 0, 0, 0, 0, 0, 0, 12, 0, 0]
    assert figure.layout.xaxis.title.text == t("digits.chart.digit", "zh-TW")
