"""One translation table for every user-visible string, in English and 繁體中文.

Each area of the app keeps its strings in its own module (``common``, ``home``, ``train``, ...)
as ``TEXT = {key: {"en": ..., "zh-TW": ...}}``; this package merges them and refuses duplicates,
so helpers working on different pages never edit the same file.
"""

from __future__ import annotations

import importlib
import pkgutil

LANGS = ("en", "zh-TW")
DEFAULT_LANG = "en"
LANG_NAMES = {"en": "English", "zh-TW": "繁體中文"}


def _load_tables() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, entry in getattr(module, "TEXT", {}).items():
            if key in table:
                raise KeyError(f"translation key {key!r} is defined twice (again in i18n/{info.name}.py)")
            table[key] = entry
    return table


TEXT = _load_tables()


def normalize_lang(lang: str | None) -> str:
    """The supported language closest to ``lang`` ('zh', 'zh-tw', 'zh_TW' → 'zh-TW'), else English."""
    if not lang:
        return DEFAULT_LANG
    lowered = str(lang).replace("_", "-").lower()
    return "zh-TW" if lowered.startswith("zh") else DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    """The text for ``key`` in ``lang``, with ``{name}`` placeholders filled from ``params``."""
    entry = TEXT.get(key)
    if entry is None:
        return key  # a missing key shows itself instead of crashing the page; a test catches it
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**params) if params else text


def missing_translations() -> list[str]:
    """Keys whose entry lacks a non-empty text for some language, or whose placeholders differ."""
    import string

    def fields(s: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(s) if f}

    bad = []
    for key, entry in TEXT.items():
        texts = [entry.get(lang, "") for lang in LANGS]
        if not all(s.strip() for s in texts) or len({frozenset(fields(s)) for s in texts}) > 1:
            bad.append(key)
    return bad
