"""A class on one server: students' names, the Class board's ranking, lesson links and their QR codes, the teacher key.

The board is built from ``RunStore.board()`` (one query) with pandas; nothing here reads a model file or a history,
so the board shows another session's summary only. A name is not an account: anyone may type any name.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import math
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from dnn_core import settings
from dnn_core.engine.config import DATASETS, ExperimentConfig, config_from_query, format_value
from dnn_core.engine.layers import hidden_units
from dnn_core.engine.presets import PRESETS, preset_config

if TYPE_CHECKING:  # segno is imported where a code is drawn; pandas comes with the runs it is given
    import pandas as pd
    import segno

MAX_NAME = 40
# Settings the class chart can put on its x axis: name -> how to read it from a run's config
CHART_SETTINGS = {
    "lr": lambda c: c.get("lr"),
    "dropout": lambda c: c.get("dropout"),
    "batch_size": lambda c: c.get("batch_size"),
    "epochs": lambda c: c.get("epochs"),
    "units": lambda c: hidden_units(c.get("layers") or ()),  # how big the network is
    "optimizer": lambda c: c.get("optimizer"),
    "lr_schedule": lambda c: c.get("lr_schedule", "constant"),  # runs from before schedules had none
    "activation": lambda c: c.get("activation"),
}
LOG_SETTINGS = ("lr", "batch_size")  # spread over orders of magnitude: a log axis
ALL = "all"  # the filter value meaning "no filter"
LESSON = "lesson"  # the filter value meaning "the teacher's current lesson"
CUSTOM = "custom"  # the preset of a run whose settings match no preset


# ---- names -----------------------------------------------------------------------------------------------------

def clean_name(text: object) -> str:
    """A student's name as stored and shown: control characters dropped, spaces collapsed, at most MAX_NAME."""
    # control characters (tabs, new lines) part words; invisible format characters (zero-width space) vanish
    kept = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in str(text or "")
                   if unicodedata.category(ch) not in ("Cf", "Cs", "Co", "Cn"))
    return " ".join(kept.split())[:MAX_NAME].strip()


# ---- the board -------------------------------------------------------------------------------------------------

def _canonical(config: dict) -> str:
    """One text per distinct experiment (tuples and lists alike), to match runs with presets and lessons."""
    return json.dumps(config, sort_keys=True, default=list)


def _preset_index(datasets: Iterable[str]) -> dict[str, str]:
    """canonical config -> preset name, for the presets as they are applied on each data set."""
    return {_canonical(json.loads(json.dumps(preset_config(name, ExperimentConfig(dataset=d)).to_dict(),
                                             default=list))): name
            for d in datasets if d in DATASETS for name in PRESETS}


def lesson_config(settings: dict) -> ExperimentConfig | None:
    """The teacher's current lesson (from the board's settings), or None."""
    query = (settings.get("lesson") or {}).get("query")
    return config_from_query(query)[0] if isinstance(query, dict) else None


def settings_text(config: dict) -> str:
    """'adam · 128 · lr 0.001 · dropout 0.2 · batch_size 32': the settings people compare runs by (and the
    learning-rate schedule, when there is one)."""
    parts = [format_value(config.get("optimizer")), format_value(config.get("layers"))]
    parts += [f"{name} {format_value(config[name])}" for name in ("lr", "lr_schedule", "dropout", "batch_size")
              if name in config and config[name] != "constant"]
    return " · ".join(p for p in parts if p)


def finished_runs(runs: pd.DataFrame, settings: dict) -> pd.DataFrame:
    """The finished runs of ``RunStore.board()`` with the columns the board filters, ranks and plots by."""
    done = runs[(runs["status"] == "finished") & runs["test_accuracy"].notna()].copy()
    configs = done["config"]
    lesson = lesson_config(settings)
    lesson_key = _canonical(json.loads(json.dumps(lesson.to_dict(), default=list))) if lesson else None
    presets = _preset_index({c.get("dataset") for c in configs} - {None})
    keys = [_canonical(c) for c in configs]
    done["dataset"] = [c.get("dataset") for c in configs]
    done["preset"] = [presets.get(k, CUSTOM) for k in keys]
    done["in_lesson"] = [k == lesson_key for k in keys]
    done["settings"] = [settings_text(c) for c in configs]
    done["epochs"] = [c.get("epochs") for c in configs]
    for name, read in CHART_SETTINGS.items():
        done[f"x_{name}"] = [read(c) for c in configs]
    done["off_by"] = (done["guess"] - done["test_accuracy"]).abs()
    return done


def lesson_choices(done: pd.DataFrame, settings: dict) -> list[str]:
    """The lesson filter's options: all, the current lesson (when set), then each preset seen, newest first."""
    seen = list(dict.fromkeys(done.sort_values("id", ascending=False)["preset"]))
    return [ALL, *([LESSON] if lesson_config(settings) else []), *seen]


def ranked(done: pd.DataFrame, lesson: str = ALL, dataset: str = ALL, best_per_name: bool = True) -> pd.DataFrame:
    """The board's table: best test accuracy first (ties: who finished first), filtered, with a 1-based rank.

    ``best_per_name`` keeps each name's best run; anonymous runs are all kept, as they may be different people.
    """
    shown = done
    if lesson == LESSON:
        shown = shown[shown["in_lesson"].astype(bool)]  # (an empty column is of object type: not a mask)
    elif lesson != ALL:
        shown = shown[shown["preset"] == lesson]
    if dataset != ALL:
        shown = shown[shown["dataset"] == dataset]
    shown = shown.sort_values(["test_accuracy", "id"], ascending=[False, True])
    if best_per_name:
        shown = shown[(shown["student"] == "") | ~shown["student"].duplicated()]
    return shown.assign(rank=range(1, len(shown) + 1)).reset_index(drop=True)


def closest_guesses(table: pd.DataFrame) -> pd.DataFrame:
    """The runs of ``table`` that had a guess, closest to their result first."""
    guessed = table[table["guess"].notna()]
    return guessed.sort_values(["off_by", "id"]).reset_index(drop=True)


def pinned_accuracy(done: pd.DataFrame, settings: dict) -> tuple[int, float] | None:
    """(run id, test accuracy) of the teacher's pinned run when it is still on the board."""
    pinned = settings.get("pin")
    if pinned is None:
        return None
    row = done[done["id"] == pinned]
    return (int(pinned), float(row["test_accuracy"].iloc[0])) if len(row) else None


def running_count(runs: pd.DataFrame) -> int:
    """Runs of any kind being trained now on this server (in any process), from the board query."""
    return int((runs["status"] == "running").sum())


# ---- lesson links and QR codes ---------------------------------------------------------------------------------

def base_url(browser_url: str | None, page_path: str = "") -> str:
    """The app's address: $DNN_PUBLIC_URL (behind a proxy) or the address the browser used, without its page."""
    public = settings.public_url()
    if public:
        return public.rstrip("/")
    parts = urlsplit(browser_url or "http://localhost:8501")
    path = parts.path.rstrip("/")
    if page_path and path.endswith("/" + page_path):
        path = path[: -len(page_path) - 1]
    return f"{parts.scheme}://{parts.netloc}{path}"


PRIVATE_PARAMS = ("job", "name")  # a job's link is its key, a name is one student's: a shared link has neither


def lesson_link(base: str, query: dict, lang: str = "en") -> str:
    """The Build & Train link that opens exactly these settings in ``lang``, to share with anyone: never a job's
    id or a student's name, even when ``query`` has them."""
    shared = {key: value for key, value in query.items() if key not in PRIVATE_PARAMS}
    return f"{base}/train?{urlencode({**shared, **({'lang': lang} if lang != 'en' else {})})}"


def qr_code(text: str) -> segno.QRCode:
    """The QR code of ``text`` (a segno.QRCode), medium error correction so a projector's glare still scans."""
    import segno  # lazily: only pages that show a code need it

    return segno.make(text, error="m", micro=False)


def qr_png(text: str, size_px: int = 320) -> bytes:
    """A PNG of ``text``'s QR code at most ``size_px`` wide (at least 3 pixels a module), with the standard
    4-module quiet zone. Whole pixels per module, so the browser shows it sharp at its own size, unscaled."""
    code = qr_code(text)
    scale = max(3, size_px // code.symbol_size(border=4)[0])
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


# ---- the teacher key -------------------------------------------------------------------------------------------

def teacher_key() -> str:
    """$DNN_TEACHER_KEY, or '' when the teacher section is off."""
    return settings.teacher_key()


def key_matches(given: str | None) -> bool:
    """Whether ``given`` is the teacher key, compared in constant time (digests, so the length leaks nothing)."""
    expected = teacher_key()
    if not expected or not given:
        return False
    digest = lambda text: hashlib.sha256(text.encode()).digest()  # noqa: E731
    return hmac.compare_digest(digest(given), digest(expected))


class KeyGuard:
    """Tries of the teacher key, per browser session: once a session has typed FREE_TRIES wrong keys, each further
    try in it waits, twice as long after each wrong key, up to MAX_WAIT_S.

    Per session, so a student guessing keys slows down only their own tab: the teacher's right key, in another
    session, works at once. A guesser's new session costs a page load and gives FREE_TRIES more tries, so the key
    itself must not be guessable in a few thousand tries (a few random words are plenty).
    """

    FREE_TRIES = 3
    MAX_WAIT_S = 60
    FORGET_S = 3600  # a session that has not tried for this long (its tab long closed) is forgotten

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._tries: dict[str, tuple[int, float, float]] = {}  # session -> (wrong keys, no try before, last try)

    def check(self, given: str, session: str) -> tuple[str, int]:
        """('ok', 0), ('wrong', 0), or ('wait', seconds) when ``session`` tries too soon after too many wrong keys."""
        with self._lock:
            now = self._clock()
            self._forget_old(now)
            failures, not_before, _ = self._tries.get(session, (0, 0.0, now))
            if now < not_before:
                return "wait", math.ceil(not_before - now)
            if key_matches(given):
                self._tries.pop(session, None)
                return "ok", 0
            failures += 1
            extra = failures - self.FREE_TRIES + 1
            if extra > 0:  # 2 s after the third wrong key, 4 s after the fourth, ...
                not_before = now + min(self.MAX_WAIT_S, 2 ** min(extra, 16))
            self._tries[session] = (failures, not_before, now)
            return "wrong", 0

    def _forget_old(self, now: float) -> None:
        for session in [s for s, (_, _, last) in self._tries.items() if now - last > self.FORGET_S]:
            del self._tries[session]


GUARD = KeyGuard()
