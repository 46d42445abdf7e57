"""The class's own digits in a training (``class_digits``): the setting on Build & Train with what it would do now,
beside a result what it did, and the same comparison under Compare's twin run.

Session-state keys: only the widget's, "cfg_class_digits".
"""

from __future__ import annotations

import streamlit as st

from dnn_core.classroom.handwriting import digits_now
from dnn_core.engine.class_training import CLASS_SHARES, plan
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.memory import training_images
from dnn_core.runs import default_db_path
from pages import state, ui


@st.cache_data(ttl=5, show_spinner=False, max_entries=4)
def _writers(db_path: str) -> list[str]:
    digits = digits_now()
    return [] if digits is None else digits.writers.tolist()


def writers_now() -> list[str]:
    """The writer of each of the class's digits (not hidden) in this server's run store, read at most every 5 s:
    every rerun of Build & Train would otherwise read the whole set."""
    return _writers(str(default_db_path()))


def class_digits_slider() -> float:
    """The setting: 0 (off) or a share of the class's writers."""
    value = state.widget("cfg_class_digits", 0.0)
    shares = sorted({*CLASS_SHARES, float(value)})  # a link's own share is one more stop
    return st.select_slider(ui.tr("train.class_digits"), shares, key="cfg_class_digits",
                            help=ui.tr("train.class_digits.help"), format_func=lambda share: f"{share:g}")


def plan_caption(config: ExperimentConfig) -> None:
    """What the config's share would do with the class's digits as they are now."""
    now = plan(writers_now(), config.class_digits, training_images(config))
    share = f"{config.class_digits:g}"
    if not now.digits:
        st.caption(ui.tr("digits.train.plan.none"))
    elif not config.class_digits:
        st.caption(ui.tr("digits.train.plan.off", digits=now.digits, writers=now.writers))
    else:
        st.caption(ui.tr("digits.train.plan.split", share=share, **vars(now)))
        if not now.joining_writers:
            st.warning(ui.tr("digits.train.plan.no_join", share=share, writers=now.writers), icon=":material/group:")
        elif not now.held_writers:
            st.warning(ui.tr("digits.train.plan.no_held", share=share, writers=now.writers), icon=":material/group:")


def points(value: float | None) -> str:
    """An accuracy in percent without its sign ('87.5'), or a dash when there was nothing to score."""
    return "–" if value is None else f"{100 * value:.1f}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{points(value)} %"


def result_summary(result) -> None:
    """Beside a finished training: who joined, how often, and the accuracy on the writers it did not train on."""
    ours = result.class_training
    if ours is None:
        return  # no class digits and the setting off: nothing to say
    st.subheader(ui.tr("digits.train.heading"))
    share, test = f"{ours.share:g}", points(result.test_accuracy)
    if ours.share and not ours.joined:
        empty = not ours.digits_joining + ours.digits_held_out
        st.info(ui.tr("digits.train.no_effect.empty" if empty else "digits.train.no_effect.side", share=share,
                      writers=ours.writers_held_out), icon=":material/block:")
    if not ours.share:
        left, right, _ = st.columns(3)
        left.metric(ui.tr("digits.train.accuracy_all"), percent(ours.accuracy),
                    help=ui.tr("digits.train.count", count=ours.count))
        right.metric(ui.tr("digits.train.accuracy_half"), percent(ours.lesson_accuracy),
                     help=ui.tr("digits.train.count", count=ours.lesson_count))
        st.caption(ui.tr("digits.train.off_note", count=ours.count, writers=ours.writers_held_out, test=test))
        return
    if not ours.joined:
        return
    cols = st.columns([2, 1, 1, 1])  # the accuracy's label is the long one
    cols[0].metric(ui.tr("digits.train.accuracy_held"), percent(ours.accuracy),
                   help=ui.tr("digits.train.count", count=ours.count))
    cols[1].metric(ui.tr("digits.train.writers"), f"{ours.writers_joining} / {ours.writers_held_out}")
    cols[2].metric(ui.tr("digits.train.digits"), f"{ours.digits_joining} / {ours.digits_held_out}")
    cols[3].metric(ui.tr("digits.train.repeats"), f"{ours.repeats}×")
    if ours.accuracy is None:
        st.warning(ui.tr("digits.train.nothing_held"), icon=":material/group:")
    st.caption(ui.tr("digits.train.joined_note", added=f"{ours.images_added:,}", digits=ours.digits_joining,
                     writers=ours.writers_joining, repeats=ours.repeats, count=ours.count,
                     held=ours.writers_held_out) + " " + ui.tr("digits.train.joined_compare", test=test))


def twin_line(result) -> None:
    """Under a twin run: both trainings on the class's handwriting, on the same writers where they can be."""
    base, twin = result.base_class, result.twin_class
    if base is None or twin is None:
        return
    if base.share != twin.share and None not in (base.lesson_accuracy, twin.lesson_accuracy):
        st.markdown(ui.tr("compare.twin.class_lesson", count=twin.lesson_count,
                          base=points(base.lesson_accuracy), twin=points(twin.lesson_accuracy)))
    elif None not in (base.accuracy, twin.accuracy):
        st.markdown(ui.tr("compare.twin.class_own", base=points(base.accuracy), base_count=base.count,
                          twin=points(twin.accuracy), twin_count=twin.count))
