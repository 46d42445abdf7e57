"""The Class board's "Our handwriting" column and the teacher's re-score button, in AppTest."""

from __future__ import annotations

import numpy as np
import pytest

from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.model import build_model
from dnn_core.i18n import t
from dnn_core.runs import RunStore
from tests.drawn_set import add_class_digits
from tests.test_class_page import TINY, add_run, fresh_guard, open_class, ranking, unlocked_class  # noqa: F401

SMALL = ExperimentConfig(dataset="mnist_sample", train_size=600, layers=(16,), epochs=1)


@pytest.mark.parametrize("lang, cell", [("en", "62.5 % of 40"), ("zh-TW", "40 個中 62.5 %")])
def test_the_board_shows_each_runs_score_on_our_handwriting(lang, cell):
    scored = add_run("ana", 0.90)
    RunStore().update_metrics(scored, {"class_accuracy": 0.625, "class_count": 40})
    add_run("ben", 0.80)  # finished before the class drew anything
    at = open_class(lang)
    assert not at.exception
    table = ranking(at)
    assert table["student"].tolist() == ["ana", "ben"]
    assert table["handwriting"].tolist() == [cell, "—"]
    assert t("class.column.handwriting", lang) == ("Our handwriting" if lang == "en" else "我們的手寫字")


def test_the_teacher_rescores_the_board_on_the_digits_as_they_are_now(monkeypatch):
    store = RunStore()
    model = build_model(SMALL)  # untrained: its predictions are what they are, and Keras's own are the reference
    run_id = store.start_run(SMALL, student="ana")
    store.finish_run(run_id, "finished", metrics={"test_accuracy": 0.3}, model=model)
    digits = add_class_digits(range(3)).digit_set()
    at = unlocked_class(monkeypatch)
    assert ranking(at)["handwriting"].tolist() == ["—"]
    at.button(key="teacher_rescore").click().run()
    assert not at.exception
    done = t("digits.score.rescore.done", "en", scored=1, total=1, count=30)
    assert done in [s.value for s in at.success]
    predicted = model.predict(digits.x.astype("float32"), verbose=0).argmax(axis=1)
    accuracy = float(np.mean(predicted == digits.y))
    metrics = store.get_run(run_id).metrics
    assert metrics["class_count"] == 30 and metrics["class_accuracy"] == pytest.approx(accuracy)
    at.run()
    cell = t("digits.score.board.cell", "en", accuracy=f"{100 * accuracy:.1f} %", count="30")
    assert ranking(at)["handwriting"].tolist() == [cell]

