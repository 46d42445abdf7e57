"""One home for session state (pages/state.py, pages/keys.py): no other page module touches ``st.session_state``,
every literal widget key follows the one naming rule, and a page that needs the session's newest model gets it from
the state module, not from the sidebar having run first."""

import ast
import re
from types import SimpleNamespace

import pytest

from dnn_core.engine.config import ExperimentConfig
from dnn_core.i18n import t
from pages import keys, state
from tests.apptest import open_app
from tests.conftest import ROOT

HOMES = {"state.py", "keys.py"}  # the only modules that may reach st.session_state
SOURCES = sorted((ROOT / "pages").glob("*.py")) + [ROOT / "app.py"]
OTHERS = [path for path in SOURCES if path.name not in HOMES]
WIDGET_CALLS = {"widget", "set_widget", "has_widget", "widget_key", "keep_choice"}  # their first argument is a key


def parsed(path):
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def test_no_page_module_mentions_session_state():
    """Also catches an alias (``ss = st.session_state``), ``getattr(st, "session_state")`` and
    ``from streamlit import session_state``: each names it."""
    assert [path.name for path in OTHERS if "session_state" in path.read_text(encoding="utf-8")] == []


def test_no_page_module_reaches_streamlit_by_a_computed_name():
    """``getattr(st, "session" + "_state")`` and the like, or Streamlit's session-state internals."""
    found = []
    for path in OTHERS:
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in {"getattr", "setattr", "vars"} and node.args \
                    and isinstance(node.args[0], ast.Name) and node.args[0].id in {"st", "streamlit"}:
                found.append(f"{path.name}:{node.lineno}")
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [getattr(node, "module", None) or ""] + [alias.name for alias in node.names]
                if any("runtime.state" in name or name == "SessionStateProxy" for name in names):
                    found.append(f"{path.name}:{node.lineno}")
    assert found == []


def literal_keys(tree: ast.AST):
    """(line, key) of every widget key written in the code: ``key=`` arguments, a form's name, a ``key``
    parameter's default, the first argument of the state helpers; an f-string's placeholders read as 'x'."""
    def text(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return "".join(part.value if isinstance(part, ast.Constant) else "x" if part is not node.values[0]
                           else "{placeholder}" for part in node.values)
        return None

    for node in ast.walk(tree):
        given = []
        if isinstance(node, ast.Call):
            given += [kw.value for kw in node.keywords if kw.arg == "key"]
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if node.args and (name in WIDGET_CALLS or name == "form"):
                given.append(node.args[0])
        if isinstance(node, ast.FunctionDef):
            arguments = node.args.args[len(node.args.args) - len(node.args.defaults):]
            given += [default for arg, default in zip(arguments, node.args.defaults) if arg.arg == "key"]
        for value in given:
            if text(value) is not None:
                yield value.lineno, text(value)


@pytest.mark.parametrize("path", OTHERS, ids=lambda p: p.name)
def test_every_literal_widget_key_follows_the_rule(path):
    bad = [(line, key) for line, key in literal_keys(parsed(path)) if not keys.WIDGET_KEY.match(key)]
    assert bad == [], "widget keys are <area>_<thing>[_<index>] with an area of pages.keys.AREAS"


def test_the_rule_check_finds_a_bad_key():
    """The check above reads what it should: a key outside the rule, an f-string that starts with a placeholder."""
    tree = ast.parse('st.button("x", key="diagram")\nst.button("y", key=f"{prefix}_chart")\n'
                     'st.slider("z", key=f"draw_pen_{i}")\ndef chart(key="lr_chart"): pass\n')
    found = sorted(key for _, key in literal_keys(tree))
    assert found == ["diagram", "draw_pen_x", "lr_chart", "{placeholder}_chart"]
    assert [key for key in found if keys.WIDGET_KEY.match(key)] == ["draw_pen_x"]


def test_widget_helpers_refuse_a_key_outside_the_rule_or_a_slots_key():
    assert state.widget_key("inspect_digits", "pair", 3) == "inspect_digits_pair_3"
    for key in ("diagram", "Draw_pen", "draw", "nope_chart", state.DRAW_CLEARS.key, state.JOBS["race"].key):
        with pytest.raises(ValueError, match="not a widget key"):
            state.set_widget(key, 1)


def test_slots_are_declared_once_each():
    slots = [value for value in vars(state).values() if isinstance(value, keys.Slot)]
    slots += [slot for table in (state.JOBS, state.LINKS, state.SHOWN) for slot in table.values()]
    names = [slot.key for slot in slots]
    assert len(names) == len(set(names)) and len(names) >= 45
    assert all(re.fullmatch(r"[a-z_]+", name) for name in names)


# ---- what a page gets from the state module --------------------------------------------------------------------

SMALL = ExperimentConfig(dataset="mnist_sample", train_size=600, layers=(32,), epochs=1)


@pytest.fixture(scope="module")
def finished_job():
    """A training that has finished, as the session holds it before anything has collected its result."""
    from dnn_core.engine.training import train

    return SimpleNamespace(done=True, state="finished", result=train(SMALL), run_id=None)


def test_inspect_alone_sees_a_finished_training_without_the_sidebar(finished_job):
    at = open_app("pages/inspect.py", session={"job": finished_job}, alone=True)  # no app.py, so no sidebar
    assert not at.exception, [e.value for e in at.exception]
    metric = next(m for m in at.metric if m.label == "Test accuracy")
    assert metric.value == f"{100 * finished_job.result.test_accuracy:.2f} %"
    assert at.session_state["result"] is finished_job.result


def test_draw_alone_offers_a_finished_training_as_its_model(finished_job):
    at = open_app("pages/draw.py", session={"job": finished_job}, alone=True)
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="draw_model").value == "session"  # the session's model is the default choice
    accuracy = f"{100 * finished_job.result.test_accuracy:.1f}"
    assert any(t("draw.model.accuracy", "en", accuracy=accuracy) in caption.value for caption in at.caption)


@pytest.fixture
def bare_session():
    """Streamlit's session state outside a script run (bare mode), emptied afterwards."""
    import streamlit as st

    yield st.session_state
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def test_the_layer_editor_seeds_each_forgotten_widget_from_its_own_rows(bare_session):
    """Streamlit drops the editor's widget values one by one on runs that do not draw it (while training: the sizes,
    not the kinds). Each is seeded again from the editor's rows, whatever subset was dropped and whatever config the
    next run passes (before, a half-kept row was read afresh from the config)."""
    from pages import train_layers

    train_layers.seed_layers(ExperimentConfig(layers=("conv16:tanh", "pool", 24)), force=True)
    shown = {"cfg_kind_0": "conv", "cfg_size_0": 16, "cfg_act_0": "tanh", "cfg_kind_1": "pool",
             "cfg_kind_2": "dense", "cfg_size_2": 24, "cfg_act_2": ""}
    assert {key: bare_session[key] for key in shown} == shown
    for forgotten in (["cfg_size_0"], ["cfg_act_0", "cfg_kind_2"], ["cfg_kind_0", "cfg_kind_1", "cfg_size_2"]):
        for key in forgotten:
            del bare_session[key]
        train_layers.seed_layers(ExperimentConfig(), force=False)  # the course model's config: not what is shown
        assert {key: bare_session[key] for key in shown} == shown, forgotten
    train_layers.seed_layers(ExperimentConfig(), force=True)  # a link or a preset replaces the rows
    assert (bare_session["cfg_kind_0"], bare_session["cfg_size_0"]) == ("dense", 128)
    assert state.LAYER_ROWS.get() == ExperimentConfig().layer_stack
