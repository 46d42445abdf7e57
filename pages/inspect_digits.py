"""Inspect's "Our handwriting": the model's accuracy on the class's own digits beside its accuracy on the test
images, their confusion matrix (cells open, ``inspect_confusion``) and the digits it reads wrong.

The score is made on a worker (``served.class_score_of``), never here, and kept in the model's entry of
"inspect_cache" under "class_scores" for the digits it was made on, so a click does not score again; a saved
run's score is also kept for every session of this server. A model that trained on some of the class's writers
(``class_digits``) is scored on the held-out writers' digits only.
"""

import hashlib

import streamlit as st

from dnn_core import runs
from dnn_core.classroom.handwriting import ClassDigits
from dnn_core.engine.digit_sets import DigitSet, scoring_set
from dnn_core.engine.digits_score import reads_digits
from dnn_core.running.served import class_score_of
from pages import ui
from pages.inspect_confusion import PAIR_IMAGES, confusion_section, zoom


def digest(digits: DigitSet) -> str:
    """A name for a set of drawings: their ids (a drawing's id is never reused, hiding one changes the set)."""
    return hashlib.sha256(digits.ids.tobytes()).hexdigest()[:16]


def saved_model(source: str, result):
    """(saved_as, model_file) of the model's saved .keras file, so a worker loads that and every session shares
    the score; (None, None) for a model kept only in this session (the worker then gets a copy saved here)."""
    run_id = int(source[4:]) if source.startswith("run:") else getattr(result, "run_id", None)
    if run_id is None:
        return None, None
    try:
        path = runs.RunStore().get_run(run_id).model_path
    except runs.RunStoreError:
        if source.startswith("run:"):
            raise
        return None, None  # this session's run was deleted meanwhile: its model is still here
    return ((str(runs.default_db_path()), run_id), path.read_bytes) if path is not None else (None, None)


def score_of(source: str, entry: dict, digits: DigitSet):
    """The model's DigitScore on ``digits``, made on a worker once per set of digits; None after saying why not."""
    scores, key = entry.setdefault("class_scores", {}), digest(digits)
    if key not in scores:
        with st.spinner(ui.tr("digits.score.computing")):
            try:
                saved_as, model_file = saved_model(source, entry["result"])
                score = class_score_of(entry["result"], digits.x, digits.y, saved_as, model_file)
            except Exception as exc:  # a lost worker, a deleted run: say so, keep the rest of the page
                st.warning(ui.tr("digits.score.error", reason=ui.error_text(exc)))
                return None
        entry["class_scores"] = {key: score}  # only the newest set's: the class keeps drawing
    return entry["class_scores"][key]


def class_digits(config) -> DigitSet | None:
    """The digits this model is scored on, or None after saying why there are none."""
    if not reads_digits(config.dataset):
        st.info(ui.tr("digits.score.not_digits"))
        return None
    try:
        everyone = ClassDigits(runs.RunStore()).digit_set()
    except runs.RunStoreError as exc:
        st.warning(ui.tr("digits.score.error", reason=ui.error_text(exc)))
        return None
    if not len(everyone):
        st.info(ui.tr("digits.score.none"))
        return None
    digits = scoring_set(everyone, config.class_digits)
    if not len(digits):
        st.info(ui.tr("digits.score.none_held_out", share=f"{config.class_digits:g}",
                      writers=len(set(everyone.writers))))
        return None
    if config.class_digits:
        st.caption(ui.tr("digits.score.held_out", share=f"{config.class_digits:g}", count=len(digits),
                         writers=len(set(digits.writers)), trained=len(everyone) - len(digits)))
    return digits


def mistakes(score, digits: DigitSet, names: list[str]) -> None:
    """The class's digits the model reads wrong, surest first, each as the model saw it."""
    st.subheader(ui.tr("digits.score.mistakes.heading"))
    wrong = score.mistakes()
    if not len(wrong):
        st.success(ui.tr("digits.score.mistakes.none"))
        return
    more = " " + ui.tr("inspect.pair.first", shown=PAIR_IMAGES) if len(wrong) > PAIR_IMAGES else ""
    st.caption(ui.tr("digits.score.mistakes.caption", count=len(wrong)) + more)
    st.image([zoom(digits.x[i]) for i in wrong[:PAIR_IMAGES]],
             caption=[ui.tr("digits.score.mistakes.item", true=names[score.y[i]], predicted=names[score.predictions[i]],
                            confidence=f"{score.confidence[i]:.0%}") for i in wrong[:PAIR_IMAGES]])


def digits_section(source: str, entry: dict, test_accuracy: float, names: list[str], chart) -> None:
    """The whole section: the guard sentences, the two accuracies, the clickable matrix, the mistakes."""
    st.header(ui.tr("digits.score.heading"))
    digits = class_digits(entry["result"].config)
    score = score_of(source, entry, digits) if digits is not None else None
    if score is None:
        return
    cols = st.columns(3)
    cols[0].metric(ui.tr("digits.score.metric.class"), f"{100 * score.accuracy:.1f} %",
                   delta=ui.tr("digits.score.delta", points=f"{100 * (score.accuracy - test_accuracy):+.1f}"))
    cols[1].metric(ui.tr("digits.score.metric.test"), f"{100 * test_accuracy:.1f} %")
    cols[2].metric(ui.tr("digits.score.metric.count"), f"{score.count:,}")
    confusion_section("inspect_digits", score.matrix, names, score.y, score.predictions, digits.x, chart,
                      name=f"digits_{digest(digits)}", title="digits.score.chart.title", texts="digits.score.pair")
    mistakes(score, digits, names)
