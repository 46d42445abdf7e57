"""Fuzzed URL query strings never produce an exception box on Build & Train; bad values are named."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dnn_core.engine.config import FIELD_NAMES, config_from_query
from dnn_core.engine.presets import PRESETS
from tests.apptest import open_app

names = st.sampled_from([*FIELD_NAMES, "lang", "preset", "x", ""])
values = st.one_of(st.text(max_size=12), st.sampled_from(["-1", "0", "1e309", "nan", "inf", "1,2,,3", "999999",
                                                          "true", "relu", "adam", "mnist", "zh-TW", "course"]))


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.dictionaries(names, values, max_size=5))
def test_fuzzed_query_strings_never_raise_on_the_train_page(params):
    at = open_app("pages/train.py", query=params)
    assert not at.exception
    assert at.title  # the page really rendered
    if "preset" in params:  # a preset link ignores the other settings
        named = [] if params["preset"] in PRESETS else ["preset"]
    else:
        named = [name for name, _ in config_from_query(params)[1]]
    warnings = " ".join(w.value for w in at.warning)
    assert all(name in warnings for name in named), (named, warnings)  # every bad value is named
