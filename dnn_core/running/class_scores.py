"""Runs scored on the class's own digits: every training as it finishes, and the teacher's re-score of the
Class board's runs on the digits as they are now.

Each saved model is loaded and scored on a worker (``served.class_score_of``), never in the server process, one run
at a time; its metrics then keep ``class_accuracy`` and ``class_count`` (only the held-out writers' digits count
for a run that trained on some, ``digit_sets.scoring_set``). A run that cannot be scored (no model file, clothes
rather than digits, settings this version does not read, a lost worker) keeps its metrics as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Callable

from dnn_core.classroom.handwriting import ClassDigits
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.digit_sets import DigitSet, scoring_set
from dnn_core.engine.digits_score import DigitScore, reads_digits
from dnn_core.running.served import class_score_of
from dnn_core.runs import RunStore

if TYPE_CHECKING:  # the training module imports TensorFlow, which the Class page's re-score never needs
    from collections.abc import Iterable

    from dnn_core.engine.training import TrainingResult


@dataclass
class Rescored:
    """How a re-score went: the digits it used, the runs scored, and those it passed."""

    digits: int
    scored: int = 0
    skipped: int = 0


def run_score(store: RunStore, run_id: int, digits: DigitSet) -> DigitScore | None:
    """A saved run's model scored on ``digits`` (only its held-out writers' when it trained on some), on a
    worker; None when it has no model file or does not read digits."""
    run = store.get_run(run_id)
    config = ExperimentConfig.from_dict(run.config)
    if run.model_path is None or not reads_digits(config.dataset):
        return None
    test = scoring_set(digits, config.class_digits)
    return class_score_of(SimpleNamespace(config=config), test.x, test.y, saved_as=(str(store.path), run_id),
                          model_file=run.model_path.read_bytes)


def score_finished_run(run_id: int | None, result: TrainingResult, store: RunStore | None = None) -> None:
    """Add a just-recorded training's score on the class's digits as they are now to its metrics; nothing when
    there are none to read, or its training already scored itself on the same digits (its worker scores the set
    as it was when the job was submitted: only digits added or hidden meanwhile call for a score here)."""
    if run_id is None or not reads_digits(result.config.dataset):
        return
    store = store or RunStore()
    try:
        digits = ClassDigits(store).digit_set()
        if result.metrics().get("class_count") == len(scoring_set(digits, result.config.class_digits)):
            return
        score = run_score(store, run_id, digits)
        if score is not None and score.count:
            store.update_metrics(run_id, score.metrics())
    except Exception:  # the run is recorded: a score that cannot be made leaves its board cell empty, nothing more
        pass


def rescore(store: RunStore, run_ids: Iterable[int], on_progress: Callable[[int, int], None] | None = None) -> Rescored:
    """Score each run of ``run_ids`` on the class's digits as they are now and store the score in its metrics;
    ``on_progress(done, total)`` after each run."""
    digits = ClassDigits(store).digit_set()
    run_ids = list(run_ids)
    outcome = Rescored(len(digits))
    for done, run_id in enumerate(run_ids, start=1):
        try:
            score = run_score(store, int(run_id), digits)
            if score is not None:
                store.update_metrics(int(run_id), score.metrics())
        except Exception:  # one run that cannot be scored (deleted meanwhile, a damaged file) stops no other
            score = None
        outcome.scored, outcome.skipped = outcome.scored + (score is not None), outcome.skipped + (score is None)
        if on_progress:
            on_progress(done, len(run_ids))
    return outcome
