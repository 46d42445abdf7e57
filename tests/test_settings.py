"""One home for settings: every DNN_* variable is read in dnn_core/settings.py, and the README's table says the same."""

import re
from pathlib import Path

import pytest

from dnn_core import settings
from dnn_core.engine.memory import budget_mb
from dnn_core.running.jobs import DEFAULT_MAX_JOBS, max_concurrent_jobs

ROOT = Path(__file__).resolve().parents[1]
README_ROW = re.compile(r"^\| `(DNN_[A-Z_]+)` \| (.*?) \| (.*?) \|$", re.M)


def readme_table() -> dict[str, tuple[str, str]]:
    rows = README_ROW.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    return {name: (default.replace("`", ""), meaning.replace("`", "")) for name, default, meaning in rows}


def test_the_readme_table_lists_every_setting_with_its_default_and_meaning():
    table = readme_table()
    assert list(table) == list(settings.SETTINGS)
    for name, setting in settings.SETTINGS.items():
        assert table[name] == (setting.default, setting.meaning), name


def test_every_variable_the_code_names_is_a_setting():
    """A DNN_* name written anywhere in the app's code is in SETTINGS (and so in the README)."""
    named, constants = set(), set()
    for path in [ROOT / "app.py", *(ROOT / "dnn_core").rglob("*.py"), *(ROOT / "pages").rglob("*.py")]:
        if "i18n" not in path.parts:
            code = path.read_text(encoding="utf-8")
            named |= set(re.findall(r"\b(DNN_[A-Z_]+[A-Z])\b", code))
            constants |= set(re.findall(r"^(DNN_[A-Z_]+) =", code, re.M))  # Python names, like DNN_CORE
    assert named - constants <= set(settings.SETTINGS), named - constants - set(settings.SETTINGS)


@pytest.mark.parametrize("value, expected", [("5", 5), (" 3 ", 3), ("0", 1), ("lots", DEFAULT_MAX_JOBS)])
def test_a_bad_job_limit_falls_back_to_the_default(monkeypatch, value, expected):
    monkeypatch.setenv("DNN_MAX_CONCURRENT_JOBS", value)
    assert max_concurrent_jobs() == expected


def test_a_memory_budget_that_is_not_a_number_is_ignored(monkeypatch):
    monkeypatch.setenv("DNN_MEMORY_BUDGET_MB", "800")
    assert budget_mb() == 800
    monkeypatch.setenv("DNN_MEMORY_BUDGET_MB", "much")
    assert settings.memory_budget_mb() is None and budget_mb() != 800  # the measured default, not a typo


@pytest.mark.parametrize("value, expected", [("1", True), ("yes", True), ("TRUE", True), ("0", False), ("", False)])
def test_offline_words(monkeypatch, value, expected):
    monkeypatch.setenv("DNN_OFFLINE", value)
    assert settings.offline() is expected


def test_the_teacher_key_is_compared_as_typed(monkeypatch):
    monkeypatch.setenv("DNN_TEACHER_KEY", " key with spaces ")
    assert settings.teacher_key() == " key with spaces "
