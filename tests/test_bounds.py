"""The one table of bounds: its ranges said as people write numbers, and every numeric setting opening Build & Train
and Compare at its smallest and largest valid value, kept as it is.

Driven by config.BOUNDS, the one table the widgets read: a setting added there is covered here without a new line
(unless it is valid only beside another setting, which CONTEXT then names).
"""

import math

import pytest

from dnn_core.engine.config import BOUNDS, ConfigError, ExperimentConfig, format_value, number_text
from tests.test_app_pages import open_train
from tests.test_compare_page import open_compare

# Settings valid only with another: momentum needs an optimizer that has one, 60,000 images need full MNIST.
CONTEXT = {"momentum": {"optimizer": "sgd"}, "train_size": {"dataset": "mnist"}}
WIDGET_KINDS = ("number_input", "slider", "select_slider")


def smallest(name: str):
    bounds = BOUNDS[name]
    return math.nextafter(bounds.low, bounds.high) if bounds.low_open else bounds.low  # lr must be above 0


EXTREMES = [(name, value) for name in BOUNDS for value in (smallest(name), BOUNDS[name].high)]
IDS = [f"{name}={value:g}" for name, value in EXTREMES]
# the issue's links, which crashed the page or lost their value
ISSUE_LINKS = [{"optimizer": "sgd", "momentum": 0.995}, {"optimizer": "momentum", "momentum": 0.999},
               {"lr": 0.0000001}]


def widget(at, key: str):
    """The slider, number input or select slider of ``key``."""
    return next(w for kind in WIDGET_KINDS for w in getattr(at, kind) if w.key == key)


def link(name: str, value) -> dict[str, str]:
    """The query parameters of a link setting ``name`` to ``value``, as a shared URL writes them."""
    return {**CONTEXT.get(name, {}), name: format_value(value)}


def test_every_numeric_setting_has_bounds_and_its_extremes_are_valid():
    numeric = {name for name, value in ExperimentConfig().to_dict().items()
               if isinstance(value, (int, float)) and not isinstance(value, bool)}
    assert numeric == set(BOUNDS)
    for name, value in EXTREMES:
        assert getattr(ExperimentConfig.from_dict(link(name, value)), name) == value


@pytest.mark.parametrize("number, text", [(2**31 - 1, "2,147,483,647"), (3e9, "3,000,000,000"), (0.999, "0.999"),
                                          (10.0, "10"), (0.0000001, "0.0000001"), (0.0, "0"), (-0.5, "-0.5"),
                                          (12345.5, "12,345.5"), (float("nan"), "nan"), (5e-324, "5e-324")])
def test_numbers_are_written_as_people_write_them(number, text):
    assert number_text(number) == text


@pytest.mark.parametrize("setting, value, english, chinese", [
    ("seed", "3000000000", "seed: 3,000,000,000 is out of range; allowed [0, 2,147,483,647]",
     "seed：3,000,000,000 超出範圍；允許的範圍是 [0, 2,147,483,647]"),
    ("lr", "0", "lr: 0 is out of range; allowed (0, 10]", "lr：0 超出範圍；允許的範圍是 (0, 10]"),
    ("train_size", "70000", "train_size: 70,000 is out of range for mnist; allowed 20 to 60,000, or 0 for all",
     "train_size：70,000 超出 mnist 的範圍；允許 20 到 60,000，或 0 表示全部"),
])
def test_a_value_out_of_bounds_is_refused_with_the_range_in_both_languages(setting, value, english, chinese):
    with pytest.raises(ConfigError) as caught:
        ExperimentConfig.from_dict({setting: value})
    assert (str(caught.value), caught.value.text("zh-TW")) == (english, chinese)


def assert_opens_on_train(query: dict[str, str], expected: dict) -> None:
    at = open_train(**query)
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    for name, value in expected.items():
        assert getattr(at.session_state["config"], name) == value, name  # the config the page builds
        if name in BOUNDS:
            assert widget(at, f"cfg_{name}").value == value, name  # and the widget shows it as it is


@pytest.mark.parametrize("name, value", EXTREMES, ids=IDS)
def test_build_and_train_opens_at_each_settings_extremes(name, value):
    assert_opens_on_train(link(name, value), {name: value})


@pytest.mark.parametrize("query", ISSUE_LINKS, ids=["sgd-0.995", "momentum-0.999", "lr-1e-7"])
def test_build_and_train_opens_the_issues_links_as_they_are(query):
    assert_opens_on_train({name: format_value(value) for name, value in query.items()}, query)


@pytest.mark.parametrize("name, value", EXTREMES, ids=IDS)
def test_compare_opens_at_each_settings_extremes(name, value):
    race = open_compare(**link(name, value))  # the race tab races the link's network
    assert not race.exception and not race.warning, [w.value for w in race.warning]  # a lost value is warned of
    if name == "epochs":
        assert race.number_input(key="race_epochs").value == value
    twin = open_compare(preset="dense_vs_cnn", **link(name, value))  # the twin tab's run, with the link's settings
    assert not twin.exception and not twin.warning, [w.value for w in twin.warning]
    assert getattr(twin.session_state["twin_course"], name) == value
