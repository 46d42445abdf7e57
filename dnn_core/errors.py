"""The one error type for people: a translation key and its parameters, so every page can say it in its language.

Config validation, the run store, jobs, uploads, drawing and data loading raise subclasses of ``PeopleError``.
``str()`` is the English sentence (what the CLI, logs and tests read); a page shows ``error.text(lang)``.
"""

from __future__ import annotations

from dnn_core.i18n import t


class PeopleError(ValueError):
    """A ValueError for people: ``key``/``params`` translate it, ``str()`` is the English text."""

    def __init__(self, key: str, params: dict | None = None, **more):
        self.key = key
        self.params = {**(params or {}), **more}
        super().__init__(t(key, "en", **self.params))

    def text(self, lang: str) -> str:
        """The message in ``lang``; a PeopleError among the parameters (a reason) is said in ``lang`` too."""
        return t(self.key, lang, **in_language(self.params, lang))


def in_language(params: dict, lang: str) -> dict:
    """Translation parameters with every PeopleError among them as its text in ``lang``."""
    return {name: value.text(lang) if isinstance(value, PeopleError) else value for name, value in params.items()}
