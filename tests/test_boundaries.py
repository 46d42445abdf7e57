"""Rules of the code base that a change can quietly break: the engine knows nothing of the UI, and every
translation key the code uses exists in both languages."""

import ast
import os
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


def test_the_servers_warm_up_loads_homes_modules_and_leaves_the_heavy_libraries_unloaded():
    """app.py imported as `streamlit run` imports it (to find its st.App), then the server's lifespan: Streamlit's old
    pages/ mode left before any session, what the shell and Home use imported, but none of the heavy libraries: the
    first visitor's Home waited 1.1 s more when the executors imported SciPy, and 0.3 s more for pandas (and pyarrow
    with it), which only the kinds of work and the runs store use; TensorFlow beside the first visitor's browser
    slowed Home too."""
    script = ("import asyncio, sys, threading\nimport app\nfrom pages import server\n"
              "from streamlit.runtime.pages_manager import PagesManager\n"
              "async def serve():\n    async with server.lifespan(None):\n        pass\n"
              "asyncio.run(serve())\n"
              "[t.join() for t in threading.enumerate() if t.name == 'dnn-warm-up']\n"
              "print(PagesManager.uses_pages_directory)\n"
              "print(sorted(m for m in ('pages.sidebar', 'dnn_core.engine.data', 'dnn_core.engine.presets',\n"
              "                         'dnn_core.running.executors') if m in sys.modules))\n"
              "print(sorted(m for m in ('scipy', 'pandas', 'keras', 'tensorflow') if m in sys.modules))")
    process = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300,
                             env={**os.environ, "DNN_OFFLINE": "1"})
    assert process.returncode == 0, process.stderr[-2000:]
    *_, pages_mode, loaded, heavy = process.stdout.strip().splitlines()
    assert pages_mode == "False"  # the first run needs no rerun to leave the old mode
    assert loaded == str(sorted(["dnn_core.engine.data", "dnn_core.engine.presets", "dnn_core.running.executors",
                                 "pages.sidebar"]))
    assert heavy == "[]"


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
