"""The class's own digits in a training (``class_digits``): who joins, how often, and the score on those held out.

The writers that ``digit_sets.training_split`` puts on the training side join the *training* images only, each of
their digits repeated ``digit_sets.repeats_for`` times so that a few hundred drawings weigh something beside
thousands of MNIST images. The validation images stay the data set's own: the validation curve keeps meaning what
it always meant, and the class's handwriting is judged where it cannot be flattered, on the held-out writers, whose
digits are never in the training or the validation images. A writer's side is fixed by a hash of the writer, so a
continued training (and a set that has grown since) keeps everyone's side.

Pure NumPy on plain arrays: it runs where the training runs. ``handwriting.digits_now`` reads the run store, on
the server (when a job is submitted), and the digits travel to the worker in the job's ``Work``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dnn_core.engine.data import Split
from dnn_core.engine.digit_sets import (
    DATASET,
    MAX_REPEAT,
    TARGET_SHARE,
    DigitSet,
    repeats_for,
    scoring_set,
    training_split,
    writer_in_training,
)
from dnn_core.i18n import t

LESSON_SHARE = 0.5  # the Learn lesson's class_digits: its runs are compared on the writers this share holds out
# the shares a widget offers: 0 (off), then config.MIN_CLASS_DIGITS to BOUNDS' largest, a step apart (tested)
CLASS_SHARES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class ClassTraining:
    """What the class's digits did in one training: the split, the repeats, and the score on the held-out writers."""

    share: float  # the config's class_digits (0: none joined; the run is scored on every digit)
    writers_joining: int
    writers_held_out: int
    digits_joining: int
    digits_held_out: int
    repeats: int  # copies of each joining digit among the training images (0 when none joined)
    images_added: int  # digits_joining × repeats
    accuracy: float | None  # on digit_sets.scoring_set: the held-out writers' digits (all digits when share is 0)
    count: int  # the digits that score counts
    # on the writers a LESSON_SHARE training holds out, so that runs of the lesson compare on the same digits; None
    # when this run trained on some of them (a share above LESSON_SHARE) or there are none
    lesson_accuracy: float | None
    lesson_count: int

    @property
    def joined(self) -> bool:
        """Whether any class digit was trained on (else the setting had no effect on this run)."""
        return self.images_added > 0

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def text(self, lang: str = "en") -> str:
        """One line for the command line: who joined and the held-out writers' score, or that nothing joined."""
        score = "–" if self.accuracy is None else f"{self.accuracy:.4f}"
        if not self.share:
            return t("digits.train.line.off", lang, accuracy=score, count=self.count, writers=self.writers_held_out)
        if not self.joined:
            return t("digits.train.line.no_effect", lang, share=f"{self.share:g}")
        return t("digits.train.line.joined", lang, digits=self.digits_joining, writers=self.writers_joining,
                 repeats=self.repeats, accuracy=score, count=self.count, held_out=self.writers_held_out)

    @classmethod
    def from_dict(cls, data: dict | None) -> "ClassTraining | None":
        """A summary as a run's metrics keep it (None when the run has none)."""
        if not isinstance(data, dict):
            return None
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{name: value for name, value in data.items() if name in names})


def writer_count(digits: DigitSet) -> int:
    return len(set(digits.writers.tolist()))


@dataclass(frozen=True)
class Plan:
    """What a share of the class's writers would do in a training, before it runs (the pages show it)."""

    digits: int
    writers: int
    joining: int  # digits
    joining_writers: int
    held: int  # digits
    held_writers: int
    repeats: int


def plan(writers: list[str], share: float, base_images: int) -> Plan:
    """The split and repeats ``class_digits=share`` would give a training of ``base_images`` data-set images, from
    the writer of each class digit."""
    joins = [writer for writer in writers if writer_in_training(writer, share)]  # share 0: nobody
    held = [writer for writer in writers if not writer_in_training(writer, share)]
    return Plan(len(writers), len(set(writers)), len(joins), len(set(joins)), len(held), len(set(held)),
                repeats_for(len(joins), base_images))


def joining_images(digits: DigitSet | None, share: float, base_images: int) -> tuple[np.ndarray, np.ndarray, int]:
    """(images, labels, repeats) that join a training of ``base_images`` data-set images with ``class_digits=share``:
    every joining writer's digit ``repeats`` times (none when the share is 0 or no writer joins)."""
    if digits is None or not share:
        return np.zeros((0, 28, 28), np.uint8), np.zeros(0, np.uint8), 0
    joining = training_split(digits, share)[0]
    repeats = repeats_for(len(joining), base_images)
    return np.repeat(joining.x, repeats, axis=0), np.repeat(joining.y, repeats), repeats


def added_images(digits: DigitSet | None, share: float, base_images: int) -> int:
    """How many images ``joining_images`` adds (for the memory estimate, without copying them)."""
    if digits is None or not share:
        return 0
    joining = len(training_split(digits, share)[0])
    return joining * repeats_for(joining, base_images)


def with_class_digits(split: Split, digits: DigitSet | None, share: float) -> tuple[Split, int]:
    """``split`` with the joining writers' repeated digits added to its training images (validation unchanged),
    and the repeats. Order does not matter: ``training.make_batches`` shuffles every epoch."""
    x, y, repeats = joining_images(digits, share, len(split.x_train))
    if not len(x):
        return split, repeats
    return Split(np.concatenate([split.x_train, x]), np.concatenate([split.y_train, y.astype(split.y_train.dtype)]),
                 split.x_val, split.y_val), repeats


def accuracy_of(read: np.ndarray, digits: DigitSet, part: DigitSet) -> float | None:
    """The share of ``part`` (a subset of ``digits``) read right, given the labels ``read`` for all of ``digits``;
    None for no digits."""
    if not len(part):
        return None
    inside = np.isin(digits.ids, part.ids)
    return float(np.mean(read[inside] == digits.y[inside]))


def summary(predict: Callable[[np.ndarray], np.ndarray], digits: DigitSet | None, share: float,
            repeats: int) -> ClassTraining:
    """The split, the repeats and the scores of a trained model (``predict``: images → class probabilities) on the
    class's digits."""
    digits = digits if digits is not None else DigitSet(np.zeros((0, 28, 28), np.uint8), np.zeros(0, np.uint8),
                                                        np.zeros(0, str), np.zeros(0, int))
    read = np.asarray(predict(digits.x)).argmax(axis=1) if len(digits) else np.zeros(0, int)  # one pass for all
    joining, held_out = training_split(digits, share)  # share 0: nobody joins, everyone is held out
    scored = scoring_set(digits, share)
    lesson = training_split(digits, LESSON_SHARE)[1]
    honest = share <= LESSON_SHARE  # held-out sets are nested: a smaller share holds out every writer a larger one does
    return ClassTraining(share=share, writers_joining=writer_count(joining), writers_held_out=writer_count(held_out),
                         digits_joining=len(joining), digits_held_out=len(held_out), repeats=repeats,
                         images_added=len(joining) * repeats, accuracy=accuracy_of(read, digits, scored),
                         count=len(scored), lesson_accuracy=accuracy_of(read, digits, lesson) if honest else None,
                         lesson_count=len(lesson) if honest else 0)


# ---- the exported Keras script ------------------------------------------------------------------------------------

SCRIPT_FILE = f"{DATASET}.npz"  # the Class page's download of the set, beside the script

_LOAD_CODE = """
# The class's own digits (class_digits={share:g}): the writers whose place (a hash of the writer, 0 to 1) is below
# {share:g} join the training, each digit repeated until they make about {target:.0%} of the training images, at most
# {most} times; the other writers are held out and score the model. DNN Playground read them from its run store;
# here they come from the Class page's download saved beside this script as {file} (without it, the script
# trains on the data set alone, and its accuracy on our handwriting cannot be measured).
import hashlib
from pathlib import Path

import numpy as np

x_held = y_held = np.zeros(0)
if Path("{file}").exists():
    with np.load("{file}") as ours:
        x_ours, y_ours, writers = ours["x"], ours["y"], ours["writer"]
    place = np.array([int(hashlib.sha256(str(w).encode()).hexdigest()[:13], 16) / 16**13 for w in writers])
    joins = place < {share:g}
    x_held, y_held = x_ours[~joins], y_ours[~joins]
    base = len(x_train) - max(1, round(len(x_train) * 0.1))  # fit's validation_split keeps the last 10 %
    repeats = int(min({most}, max(1, round({target:g} / (1 - {target:g}) * base / max(1, joins.sum())))))
    # first: validation_split validates on the arrays' last 10 %, which stay the data set's own images
    x_train = np.concatenate([np.repeat(x_ours[joins], repeats, axis=0), x_train])
    y_train = np.concatenate([np.repeat(y_ours[joins], repeats), y_train])
    print(f"class digits: {{joins.sum()}} join x{{repeats}}, {{len(x_held)}} held out")
else:
    print("{file} not found: training on the data set alone")
"""

_EVALUATE_CODE = """if len(x_held):  # the class's held-out writers: no digit of theirs was trained on
    held_accuracy = (model.predict(x_held, verbose=0).argmax(axis=1) == y_held).mean()
    print(f"Accuracy on our handwriting (held-out writers): {held_accuracy:.4f}")
"""


def script_code(share: float) -> tuple[str, str]:
    """The lines the exported Keras script adds for ``class_digits=share``: (after loading the data, after
    evaluating); empty when the share is 0."""
    if not share:
        return "", ""
    return (_LOAD_CODE.format(share=share, target=TARGET_SHARE, most=MAX_REPEAT, file=SCRIPT_FILE), _EVALUATE_CODE)
