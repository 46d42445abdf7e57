"""Rules of the code base that a change can quietly break: the engine knows nothing of the UI, and every
translation key the code uses exists in both languages."""

import ast
import re
import subprocess
import sys

from dnn_core.i18n import LANGS, TEXT
from tests.conftest import ROOT


def test_the_engine_never_imports_streamlit():
    """Importing every dnn_core module in a fresh interpreter leaves streamlit unloaded."""
    script = ("import importlib, pkgutil, sys\nimport dnn_core\n"
              "for m in pkgutil.walk_packages(dnn_core.__path__, 'dnn_core.'):\n"
              "    importlib.import_module(m.name)\n"
              "print(sorted(name for name in sys.modules if name.split('.')[0] == 'streamlit'))")
    process = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert process.returncode == 0, process.stderr[-2000:]
    assert process.stdout.strip().splitlines()[-1] == "[]"


def test_homes_modules_leave_scipy_pandas_keras_and_tensorflow_unloaded():
    """What app.py and Home import (the shell, the sidebar, the session state, the executors, the data sets) loads
    none of the heavy libraries: the first visitor's Home waited 1.1 s more when the executors imported SciPy, and
    0.3 s more for pandas (and pyarrow with it), which only the kinds of work and the runs store use."""
    script = ("import sys\nimport pages.server, pages.sidebar, pages.state, pages.ui\n"
              "from dnn_core.running import executors\nfrom dnn_core.engine import config, data, presets\n"
              "print(sorted(m for m in ('scipy', 'pandas', 'keras', 'tensorflow') if m in sys.modules))")
    process = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert process.returncode == 0, process.stderr[-2000:]
    assert process.stdout.strip().splitlines()[-1] == "[]"


# A call whose first argument is a literal key: t("…"), ui.tr("…"), tr("…"), and errors built with a key
KEY_CALLS = {"t", "tr", "PeopleError", "ConfigError", "JobError", "RunStoreError", "DrawError", "UnsafeModelError",
             "DataError", "_diagnosis", "Notice", "HandwritingError"}
KEY_SHAPE = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")  # dotted, lower case: an i18n key, not a sentence


def literal_keys() -> dict[str, str]:
    """Every string literal passed as the key of a translation call in dnn_core/ and pages/: key -> where."""
    found = {}
    for path in [*ROOT.glob("dnn_core/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]:
        if "i18n" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            first = node.args[0]
            if name in KEY_CALLS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                if KEY_SHAPE.match(first.value):
                    found.setdefault(first.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_key_the_code_uses_exists_in_both_languages():
    keys = literal_keys()
    assert len(keys) > 200  # the walk really finds the code's keys (a broken walk would find none)
    missing = {key: where for key, where in keys.items()
               if key not in TEXT or not all(TEXT[key].get(lang, "").strip() for lang in LANGS)}
    assert missing == {}
