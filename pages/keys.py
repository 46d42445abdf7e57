"""How the session's keys are reached: ``Slot`` (one declared key and its type) and the one naming rule of widget
keys, with the helpers that read and seed a widget's value. The keys themselves are declared in pages/state.py,
the only other module that touches ``st.session_state``.

The rule: ``<area>_<thing>[_<index>]``, lowercase words joined by ``_``, where ``<area>`` is one of ``AREAS`` (the
page, or the part of a page, that draws the widget) and ``<index>`` a row, a drawing's id or a setting's name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import streamlit as st

T = TypeVar("T")

# ---- widget keys ------------------------------------------------------------------------------------------------

AREAS = {  # area -> what draws its widgets
    "sidebar": "the sidebar: the name field and the language switch",
    "home": "Home's preset buttons",
    "cfg": "Build & Train's settings form: cfg_<setting>, and the layer rows cfg_kind_<i>, cfg_size_<i>, cfg_act_<i>",
    "layer": "Build & Train's layer editor buttons (add, up, down, remove)",
    "train": "Build & Train's buttons, guess, model diagram and rate chart",
    "live": "Build & Train's live curves",
    "resume": "Build & Train's Continue",
    "busy": "the refusal of a job while another holds this session's place (Train, race, twin run)",
    "compare": "Compare's tabs",
    "race": "Compare, the optimizer race",
    "paths": "Compare, optimizer paths",
    "runs": "Compare, the run history",
    "twin": "Compare, twin runs",
    "inspect": "Inspect (inspect_digits_… for the class's handwriting section)",
    "draw": "Draw & Predict",
    "digits": "the class's handwriting: Draw & Predict's Add form, the Class page's tab and its teacher controls",
    "class": "the Class page's tabs",
    "board": "the Class page's board",
    "teacher": "the Class page's teacher section",
    "learn": "Learn",
}
WIDGET_KEY = re.compile(rf"^(?:{'|'.join(AREAS)})(?:_[a-z0-9]+)+$")


def widget_key(*parts: Any) -> str:
    """The widget key made of ``parts`` joined by '_' ("inspect", "pair", "true"), checked against the rule."""
    return _widget_key("_".join(map(str, parts)))


def widget(key: str, default: Any = None) -> Any:
    """A widget's value in this session, or ``default`` while Streamlit holds none (not drawn yet, or forgotten)."""
    return st.session_state.get(_widget_key(key), default)


def set_widget(key: str, value: Any) -> None:
    """Set a widget's value: before it is drawn (seeding), or in a callback."""
    st.session_state[_widget_key(key)] = value


def has_widget(key: str) -> bool:
    """Whether Streamlit holds a value for this widget."""
    return _widget_key(key) in st.session_state


def _widget_key(key: str) -> str:
    if not WIDGET_KEY.match(key) or key in _SLOT_KEYS:
        raise ValueError(f"{key!r} is not a widget key: <area>_<thing>[_<index>] with an area of pages.keys.AREAS")
    return key


# ---- slots ------------------------------------------------------------------------------------------------------

_SLOT_KEYS: set[str] = set()


class Slot(Generic[T]):
    """One session-state key: its value, or its default while the session holds none."""

    def __init__(self, key: str, default: T | None = None, factory: Callable[[], T] | None = None):
        self.key, self._default, self._factory = key, default, factory
        _SLOT_KEYS.add(key)

    def _fresh(self) -> T | None:
        return self._factory() if self._factory else self._default

    def get(self) -> T | None:
        return st.session_state[self.key] if self.key in st.session_state else self._fresh()

    def set(self, value: T | None) -> None:
        st.session_state[self.key] = value

    def pop(self) -> T | None:
        """The value, removed from the session (the default when there was none)."""
        return st.session_state.pop(self.key) if self.key in st.session_state else self._fresh()

    def present(self) -> bool:
        return self.key in st.session_state

    def kept(self) -> T:
        """The value, stored first when absent: for a dict or set the page fills in place."""
        if self.key not in st.session_state:
            st.session_state[self.key] = self._fresh()
        return st.session_state[self.key]
