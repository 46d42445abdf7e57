"""The one error type for people: a translation key and its parameters, so every page can say it in its language.

Config validation, the run store, jobs, uploads, drawing and data loading raise subclasses of ``PeopleError``.
``str()`` is the English sentence (what the CLI, logs and tests read); a page shows ``error.text(lang)``.
"""

from __future__ import annotations

from collections.abc import Callable

from dnn_core.i18n import t


class PeopleError(ValueError):
    """A ValueError for people: ``key``/``params`` translate it, ``str()`` is the English text."""

    def __init__(self, key: str, params: dict | None = None, **more: object) -> None:
        self.key = key
        self.params = {**(params or {}), **more}
        super().__init__(t(key, "en", **self.params))

    def __reduce__(self) -> tuple[Callable[..., PeopleError], tuple[type[PeopleError], str, dict]]:
        # pickled as its key and parameters (a worker process sends it to the server), not as its English text
        return _rebuilt, (type(self), self.key, self.params)

    def text(self, lang: str) -> str:
        """The message in ``lang``; a PeopleError among the parameters (a reason) is said in ``lang`` too."""
        return t(self.key, lang, **in_language(self.params, lang))


def _rebuilt(kind: type[PeopleError], key: str, params: dict) -> PeopleError:
    """A PeopleError of ``kind`` made again from its key and parameters, whatever its own constructor takes."""
    error = kind.__new__(kind)
    PeopleError.__init__(error, key, params)
    return error


def in_language(params: dict, lang: str) -> dict:
    """Translation parameters with every PeopleError among them as its text in ``lang``."""
    return {name: value.text(lang) if isinstance(value, PeopleError) else value for name, value in params.items()}
