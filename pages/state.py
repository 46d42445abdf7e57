"""The one home of a browser session's state: every key the pages keep in ``st.session_state``, with its type.

- **Slots**, declared below, one a line: what must outlive a rerun or a page switch (the jobs, the latest result,
  the settings, caches, a message shown after the rerun). Pages use ``SLOT.get()``, ``.set()``, ``.pop()``,
  ``.present()`` and ``.kept()``, never the key's name.
- **Widget keys**, named by one rule (pages/keys.py): ``<area>_<thing>[_<index>]``, lowercase words joined by
  ``_``, ``<area>`` one of ``keys.AREAS`` (the page, or the part of a page, that draws the widget), ``<index>`` a
  row, a drawing's id or a setting's name. A widget's value is read from its return; where a page must seed it
  (Streamlit forgets a widget's value on runs that do not draw it) or read it in a callback, it calls ``widget``
  and ``set_widget`` here, which refuse a key outside the rule or a slot's key.

What one page needs from another it asks for here, not through another page having run first:
``latest_result()`` collects a finished training itself (Inspect and Draw see it whether or not the sidebar
ran), ``CONFIG`` holds Build & Train's settings for Compare and the teacher's lesson. tests/test_state.py fails
on any mention of ``session_state`` in pages/ or app.py outside this module and pages/keys.py, and on a literal
widget key outside the rule; ruff's banned-API rule (TID251, pyproject.toml) says the first in the editor.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import streamlit as st

from dnn_core.classroom.board import clean_name
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.layers import Layer
from dnn_core.i18n import normalize_lang
from pages.keys import Slot
from pages.keys import has_widget as has_widget  # the pages reach their widgets' values through this module too
from pages.keys import set_widget as set_widget
from pages.keys import widget as widget
from pages.keys import widget_key as widget_key

if TYPE_CHECKING:  # the jobs' modules load TensorFlow: Home opens without it
    from dnn_core.engine.training import TrainingResult
    from dnn_core.running.job_registry import Owned
    from dnn_core.running.work_jobs import RaceJob, TrainingJob, TwinJob

# The whole session: language, name, identity
LANG = Slot[str]("lang", "en")  # the UI language, "en" or "zh-TW" (?lang= on first load, then the sidebar's switch)
STUDENT = Slot[str]("student", "")  # the name on the Class board ('' = anonymous), from ?name= or the sidebar
SESSION_ID = Slot[str]("session_id")  # this browser session's id: the owner of its jobs and of its wrong teacher keys
# Build & Train
CONFIG = Slot[ExperimentConfig]("config")  # Build & Train's settings (a ?job= link to a training sets them too)
LAST_QUERY = Slot[dict]("last_query")  # Build & Train's URL as it last wrote it: a link that differs is a new link
LAYER_ROWS = Slot[tuple[Layer, ...]]("layer_rows")  # the layer editor's rows: its widgets are seeded from them
RESULT: Slot[TrainingResult] = Slot("result")  # this session's latest finished training with a model
RUN_ID = Slot[int]("run_id")  # the runs-database id of that result, when it was saved
# Jobs, one per kind ("train", "race", "twin"); their ?job= links (pages/job_link.py); the refusal (pages/job_queue.py)
JOBS: dict[str, Slot[TrainingJob | RaceJob | TwinJob]] = {
    "train": Slot("job"), "race": Slot("race_job"), "twin": Slot("twin_job")}  # this session's job of each kind
LINKS = {kind: Slot[str](f"{slot.key}_link") for kind, slot in JOBS.items()}  # the ?job= id of each kind's job
HELD_LINKS = Slot[set]("held_links", factory=set)  # every job id this session has held: a URL naming one brings nothing
COMPARE_LINK = Slot[str]("compare_link")  # the kind, "race" or "twin", whose id Compare's URL carries
SHOWN = {kind: Slot(key) for kind, key in (("train", "shown_job"), ("race", "race_shown"), ("twin", "twin_shown"))}
# ^ the ended job of each kind its page has rerun for once (ui.rerun_once_when_done)
BUSY: Slot[Owned] = Slot("busy")  # the live job that refused this session's last Train, race or twin run
# Compare
PATHS = Slot[tuple]("paths")  # (surface, paths) of the optimizer paths drawn last
RUNS_FLASH = Slot[str]("runs_flash")  # the message to show after a rename or delete in the run history
TWIN_COURSE = Slot[ExperimentConfig]("twin_course")  # the course model as a twin preset's link set it up
TWIN_PRESET = Slot[str]("twin_preset")  # the twin preset opened last (its button then leads the twin form)
# Inspect
INSPECT_CACHE = Slot[dict]("inspect_cache", factory=dict)  # {source: {"result", "inspection", "figures", …}}
INSPECT_MODELS = Slot[dict]("inspect_models", factory=dict)  # {source: a saved run's model loaded in this session}
# Draw & Predict
DRAW_CLEARS = Slot[int]("draw_clears", 0)  # Clear presses (and Adds): a new initial drawing empties the canvas
DRAW_RUNS = Slot[dict]("draw_runs", factory=dict)  # {"run:<id>": ReadyModel} saved models loaded so far
DRAW_UPLOAD = Slot[tuple]("draw_upload")  # (file name, model) of the accepted .keras upload
DRAW_UPLOAD_CHECK = Slot[tuple]("draw_upload_check")  # (file id, UnsafeModelError or None) of the file checked last
DRAW_CHOICE = Slot[str]("draw_choice")  # the model picked or uploaded last, kept while other pages show
DRAW_SCALES = Slot[dict]("draw_scales", factory=dict)  # {model choice: "raw" or "unit"}, the pixel scales switched to
DRAW_LAST_MODEL = Slot[str]("draw_last_model")  # the last model that loaded, used when another one fails
DRAW_TEST_INDEX = Slot[int]("draw_test_index")  # the held-out test digit shown
DIGITS_WRITER = Slot[str]("digits_writer")  # the name given with the last Add: the field's starting value
DIGITS_FLASH = Slot[tuple]("digits_flash")  # (kind, translation key, parameters) of the last Add
DIGITS_LAST = Slot[bytes]("digits_last")  # the image added last, not offered again while still on screen
# Class: the teacher section
TEACHER_KEY = Slot[str]("teacher_key")  # the key this session unlocked the section with (checked on every use)
TEACHER_FLASH = Slot[tuple]("teacher_flash")  # (kind, text) to show at the top of the section after an action
TEACHER_JOBS_FLASH = Slot[tuple]("teacher_jobs_flash")  # (kind, text) of the teacher's last stop, shown once
TEACHER_RESCORE = Slot[tuple]("teacher_rescore_outcome")  # (kind, text) of the last re-score, until the next one
DIGITS_RERUN = Slot[bool]("digits_rerun", False)  # a click in the drawings' review asks for one rerun of the page
# Learn
LEARN_SECTION = Slot[str]("learn_section")  # the open tab's section
LEARN_TAB_FIRST = Slot[str]("learn_tab_first")  # the section a new tab widget opens on
LEARN_TAB_LANG = Slot[str]("learn_tab_lang")  # the language the tab widget was made in (a switch makes a new one)
LEARN_DROPOUT_STEP = Slot[int]("learn_dropout_step", 0)  # dropout mask redraws (each is one training step)
LEARN_CNN_AUG_STEP = Slot[int]("learn_cnn_aug_step", 0)  # requests for new augmented copies (their random seed)
LEARN_EVALUATION = Slot[dict]("learn_evaluation")  # the course-model tab's last evaluate(): its source and numbers


# ---- what the pages share ---------------------------------------------------------------------------------------

def init_lang() -> str:
    """The session's language: ?lang= on first load or when a link brings another one, then the switch's."""
    if not LANG.present() or ("lang" in st.query_params and normalize_lang(st.query_params["lang"]) != LANG.get()):
        LANG.set(normalize_lang(st.query_params.get("lang")))
    return LANG.get()


def init_name() -> str:
    """The session's name: ?name= on first load or when a link brings a new one, then the sidebar field's."""
    if not STUDENT.present() or ("name" in st.query_params
                                 and clean_name(st.query_params["name"]) != STUDENT.get()):
        STUDENT.set(clean_name(st.query_params.get("name", "")))
    return STUDENT.get()


def session_id() -> str:
    """This browser session's id, made on its first run (a reload is a new session)."""
    if not SESSION_ID.present():
        SESSION_ID.set(uuid.uuid4().hex)
    return SESSION_ID.get()


def collect_finished_job() -> None:
    """Move a finished training's result into the session, so every page sees the newest model."""
    job = JOBS["train"].get()
    if job is not None and job.done and getattr(job.result, "model", None) is not None \
            and RESULT.get() is not job.result:  # a run restored without a model has none to use
        RESULT.set(job.result)
        RUN_ID.set(getattr(job, "run_id", None))


def latest_result() -> TrainingResult | None:
    """The session's latest finished training with a model, or None: a training that has just finished is collected
    here, whether or not the sidebar ran first."""
    collect_finished_job()
    return RESULT.get()


def latest_run_id() -> int | None:
    """The runs-database id of ``latest_result()``, when it was saved."""
    collect_finished_job()
    return RUN_ID.get()
