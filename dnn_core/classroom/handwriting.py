"""The class's own handwriting: digits drawn on Draw & Predict, kept beside the runs, tested on and trained on.

A drawing is stored as the 28×28 image the model read (``preprocess.canvas_to_mnist``'s ``centred``, byte for
byte), with a small copy of the drawing as drawn for the gallery, its label, its writer and the time. Collection
is open only while the teacher opens it; every refusal is a ``HandwritingError`` whose key names the reason.

Writers, not drawings, are split between training and held out (``digit_sets.writer_in_training``, the engine's
side of the set). Pure NumPy/Pillow and SQLite: no TensorFlow, no Streamlit.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from dnn_core.classroom.board import clean_name
from dnn_core.engine.data import IDX_FILES
from dnn_core.engine.digit_sets import DATASET, DigitSet, train_test
from dnn_core.errors import PeopleError
from dnn_core.runs import RunStore

SIDE = 28  # the stored image: what the model read
SKETCH_SIDE = 56  # the drawing as drawn, reduced for the gallery
MIN_INTERVAL_S = 1.0  # one addition a second per session
MAX_PER_SESSION = 500
MAX_DRAWINGS = 5_000  # server-wide: 5,000 × (784 + 3,136) bytes ≈ 20 MB in the runs database
OPEN, APPROVAL = "digits_open", "digits_approval"  # classroom settings: collection open; the gallery needs approval


class HandwritingError(PeopleError):
    """Why a drawing cannot be added (empty, no label, too fast, too many, collection closed)."""


@dataclass(frozen=True, eq=False)
class Drawing:
    """One stored drawing."""

    id: int
    label: int  # 0..9, as its writer said
    image: np.ndarray  # 28×28 uint8: what the model read
    sketch: np.ndarray  # SKETCH_SIDE² uint8: the drawing as drawn
    name: str  # '' when the writer gave none
    writer: str  # name:<name> or session:<hash>
    created_at: float  # seconds since the epoch
    approved: bool
    hidden: bool


# ---- writers and the split ---------------------------------------------------------------------------------------

def session_hash(session_id: str) -> str:
    """A browser session's id as stored: a hash, so the database never holds a live session id."""
    return hashlib.sha256(f"dnn-session:{session_id}".encode()).hexdigest()[:16]


def writer_of(name: str, session_id: str) -> str:
    """Who drew it: the name when one was given (any case), else the session."""
    name = clean_name(name)
    return f"name:{name.casefold()}" if name else f"session:{session_hash(session_id)}"


# ---- images ------------------------------------------------------------------------------------------------------

def sketch_of(raw: np.ndarray) -> np.ndarray:
    """The drawing as drawn (grey levels, any size) reduced to SKETCH_SIDE², aspect ratio kept, for the gallery."""
    image = Image.fromarray(np.asarray(raw, dtype=np.uint8))
    image.thumbnail((SKETCH_SIDE, SKETCH_SIDE), Image.Resampling.LANCZOS)
    canvas = Image.new("L", (SKETCH_SIDE, SKETCH_SIDE))
    canvas.paste(image, ((SKETCH_SIDE - image.width) // 2, (SKETCH_SIDE - image.height) // 2))
    return np.asarray(canvas, dtype=np.uint8)


def _image_from(blob: bytes, side: int) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.uint8).reshape(side, side)


# ---- the store ---------------------------------------------------------------------------------------------------

class ClassDigits:
    """The class's drawings in the run store's database (its ``drawings`` table and two classroom settings)."""

    def __init__(self, store: RunStore):
        self.store = store

    # settings: collection open or closed, the gallery's approval
    def is_open(self) -> bool:
        return bool(self._setting(OPEN, False))

    def set_open(self, value: bool) -> None:
        self.store.set_setting(OPEN, bool(value))

    def approval_required(self) -> bool:
        return bool(self._setting(APPROVAL, True))

    def set_approval_required(self, value: bool) -> None:
        self.store.set_setting(APPROVAL, bool(value))

    def add(self, image: np.ndarray, raw: np.ndarray, label: int | str | None, name: str, session_id: str,
            now: float | None = None) -> int:
        """Store one drawing (its 28×28 model input, the drawing as drawn) and return its id, or refuse it."""
        now = time.time() if now is None else now
        if not self.is_open():
            raise HandwritingError("digits.refused.closed")
        image = np.asarray(image)
        if image.shape != (SIDE, SIDE) or image.dtype != np.uint8 or not image.any():
            raise HandwritingError("digits.refused.empty")
        if label is None or str(label) not in {str(d) for d in range(10)}:
            raise HandwritingError("digits.refused.label")
        session = session_hash(session_id)
        with self.store.transaction(write=True) as con:  # the checks and the insert in one write transaction
            count, last = con.execute("SELECT COUNT(*), MAX(created_at) FROM drawings WHERE session = ?",
                                      (session,)).fetchone()
            if last is not None and now - last < MIN_INTERVAL_S:
                raise HandwritingError("digits.refused.burst", seconds=MIN_INTERVAL_S)
            if count >= MAX_PER_SESSION:
                raise HandwritingError("digits.refused.session_full", limit=MAX_PER_SESSION)
            if con.execute("SELECT COUNT(*) FROM drawings").fetchone()[0] >= MAX_DRAWINGS:
                raise HandwritingError("digits.refused.full", limit=MAX_DRAWINGS)
            cursor = con.execute(
                "INSERT INTO drawings (label, image, sketch, name, writer, session, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (int(label), image.tobytes(), sketch_of(raw).tobytes(), clean_name(name),
                 writer_of(name, session_id), session, now))
            assert cursor.lastrowid is not None  # an INSERT always sets it
            return cursor.lastrowid

    def drawings(self, include_hidden: bool = False, label: int | None = None,
                 limit: int | None = None) -> list[Drawing]:
        """Every drawing (hidden ones only if asked; of one ``label`` if given), newest first, at most ``limit``."""
        return self._select("" if include_hidden else "hidden = 0", label, limit)

    def gallery(self, label: int | None = None, limit: int | None = None) -> list[Drawing]:
        """What the gallery may show on a projector: the drawings not hidden, and approved unless approval is off;
        newest first (of one ``label`` only if given), at most ``limit``."""
        return self._select("hidden = 0" + (" AND approved = 1" if self.approval_required() else ""), label, limit)

    def pending(self, limit: int | None = None) -> list[Drawing]:
        """The drawings waiting for the teacher's approval (not hidden, not approved), newest first."""
        return self._select("hidden = 0 AND approved = 0", None, limit)

    def pending_count(self) -> int:
        with self.store.transaction() as con:
            return con.execute("SELECT COUNT(*) FROM drawings WHERE hidden = 0 AND approved = 0").fetchone()[0]

    def writer_count(self) -> int:
        """How many writers the drawings not hidden come from (each anonymous session is a writer of its own)."""
        with self.store.transaction() as con:
            return con.execute("SELECT COUNT(DISTINCT writer) FROM drawings WHERE hidden = 0").fetchone()[0]

    def from_session(self, session_id: str) -> int:
        """How many drawings one browser session has added (hidden ones too: they count against its cap)."""
        with self.store.transaction() as con:
            return con.execute("SELECT COUNT(*) FROM drawings WHERE session = ?",
                               (session_hash(session_id),)).fetchone()[0]

    def digit_set(self) -> DigitSet:
        """The drawings not hidden, oldest first, as arrays: what every score and training uses."""
        with self.store.transaction() as con:
            rows = con.execute("SELECT id, label, image, writer FROM drawings WHERE hidden = 0 ORDER BY id").fetchall()
        x = np.array([_image_from(row[2], SIDE) for row in rows], dtype=np.uint8).reshape(-1, SIDE, SIDE)
        return DigitSet(x, np.array([row[1] for row in rows], dtype=np.uint8),
                        np.array([row[3] for row in rows], dtype=str), np.array([row[0] for row in rows], dtype=int))

    def counts(self) -> tuple[dict[int, int], dict[str, int]]:
        """How many drawings not hidden there are of each digit (all ten), and by each name ('' = no name)."""
        with self.store.transaction() as con:
            by_label = dict(con.execute("SELECT label, COUNT(*) FROM drawings WHERE hidden = 0 GROUP BY label"))
            by_name = dict(con.execute("SELECT name, COUNT(*) FROM drawings WHERE hidden = 0 GROUP BY name"
                                       " ORDER BY COUNT(*) DESC, name"))
        return {digit: by_label.get(digit, 0) for digit in range(10)}, by_name

    # the teacher's actions; each returns how many drawings it changed
    def approve(self, ids: Iterable[int]) -> int:
        return self._update("approved = 1", ids)

    def hide(self, ids: Iterable[int]) -> int:
        return self._update("hidden = 1", ids)

    def clear(self) -> int:
        """Delete every drawing (the teacher's "clear the set"); returns how many there were."""
        with self.store.transaction(write=True) as con:
            return con.execute("DELETE FROM drawings").rowcount

    def _select(self, where: str, label: int | None, limit: int | None) -> list[Drawing]:
        """Drawings matching ``where`` (and ``label``), newest first, at most ``limit``: one query."""
        conditions = [c for c in (where, "label = ?" if label is not None else "") if c]
        query = ("SELECT id, label, image, sketch, name, writer, created_at, approved, hidden FROM drawings"
                 + (" WHERE " + " AND ".join(conditions) if conditions else "") + " ORDER BY id DESC"
                 + (" LIMIT ?" if limit is not None else ""))
        params = [int(x) for x in (label, limit) if x is not None]
        with self.store.transaction() as con:
            rows = con.execute(query, params).fetchall()
        return [Drawing(id_, label, _image_from(image, SIDE), _image_from(sketch, SKETCH_SIDE), name, writer,
                        created, bool(approved), bool(hidden))
                for id_, label, image, sketch, name, writer, created, approved, hidden in rows]

    def _update(self, assignment: str, ids: Iterable[int]) -> int:
        with self.store.transaction(write=True) as con:
            return con.executemany(f"UPDATE drawings SET {assignment} WHERE id = ?",
                                   [(int(i),) for i in ids]).rowcount

    def _setting(self, key: str, default: object) -> Any:
        with self.store.transaction() as con:
            row = con.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default


# ---- taking it away ----------------------------------------------------------------------------------------------

def to_npz(digits: DigitSet) -> bytes:
    """The set as an MNIST-style .npz: ``x`` (N×28×28 uint8), ``y`` (uint8), and ``writer`` for the split."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, x=digits.x, y=digits.y, writer=digits.writers)
    return buffer.getvalue()


def idx_bytes(array: np.ndarray) -> bytes:
    """One uint8 array in the IDX format of the original MNIST files (not compressed)."""
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    return header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()


def idx_zip(digits: DigitSet) -> bytes:
    """The four IDX files in one zip, inside a folder named like the data set: unzipped into DNN_DATA_DIR, it is
    the data set ``our_handwriting``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # the files are gzip-compressed already
        for name, data in to_idx_files(digits).items():
            archive.writestr(f"{DATASET}/{name}", data)
    return buffer.getvalue()


def to_idx_files(digits: DigitSet) -> dict[str, bytes]:
    """The set as the four gzip-compressed IDX files of MNIST (file name -> bytes), split by ``train_test``."""
    train, test = train_test(digits)
    arrays = (train.x, train.y, test.x, test.y)
    return {name: gzip.compress(idx_bytes(array), mtime=0) for name, array in zip(IDX_FILES, arrays)}


def export(digits: DigitSet, folder: Path) -> list[Path]:
    """Write the set to ``folder`` as ``our_handwriting.npz`` and the four IDX files; return the paths written.
    The folder is then a data set of its own: put it at DNN_DATA_DIR/our_handwriting."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {f"{DATASET}.npz": to_npz(digits), **to_idx_files(digits)}
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in files]


def digits_now() -> DigitSet | None:
    """The class's digits (not hidden) as the server's run store holds them now; None when there are none or the
    store cannot be read (a training never fails for it: its summary then says the digits had no effect)."""
    try:
        digits = ClassDigits(RunStore()).digit_set()
    except Exception:
        return None
    return digits if len(digits) else None
