"""The Learn page driven through AppTest: every tab in both languages, one widget per tab, every Try-it button."""

import json
import math

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from dnn_core.engine.presets import PRESETS, preset_config
from dnn_core.i18n import LANGS, TEXT, missing_translations, t
from dnn_core.lessons import learn_backprop
from tests.apptest import open_learn

SECTIONS = ("neuron", "model", "activations", "loss", "gd", "backprop", "regularization", "lagrange", "optimizers",
            "tensorboard", "cnn", "handwriting")
TRY_IT = {"activations": ("deep_sigmoid", "deep_relu"), "loss": ("mse_loss",), "gd": ("full_batch", "stochastic"),
          "regularization": ("no_dropout", "heavy_dropout", "l2", "wide_batch_norm"),
          "optimizers": ("lr_too_high", "lr_too_low"), "cnn": ("dense_vs_cnn", "small_cnn"),
          "handwriting": ("our_handwriting",)}

INTROS = {"neuron": "learn.neuron.intro", "model": "learn.model.intro", "activations": "learn.act.intro",
          "loss": "learn.loss.intro",
          "gd": "learn.gd.intro", "backprop": "learn.bp.intro", "regularization": "learn.reg.intro",
          "lagrange": "learn.lag.intro", "optimizers": "learn.opt.intro", "tensorboard": "learn.tb.intro",
          "cnn": "learn.cnn.intro", "handwriting": "learn.ours.intro"}


@pytest.fixture(scope="module", autouse=True)
def _tensorflow_imported():
    """Import TensorFlow once up front so that no AppTest run pays the import inside its timeout."""
    import tensorflow  # noqa: F401


def page_text(at: AppTest) -> str:
    """Everything a reader sees as text: markdown, captions, labels, metrics, figures, tables."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [c.value for c in at.code]
    parts += [w.label for kind in ("slider", "select_slider", "selectbox", "multiselect", "radio", "button")
              for w in at.get(kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric] + [c.proto.spec for c in at.get("plotly_chart")]
    parts += [df.value.to_string() for df in at.dataframe]
    return "\n".join(parts)


def figure(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("section", SECTIONS)
def test_every_tab_renders_translated_in_both_languages(section, lang):
    at = open_learn(section, lang)
    text = page_text(at)
    assert at.title[0].value == t("learn.title", lang)
    assert at.session_state["learn_section"] == section
    assert TEXT[INTROS[section]][lang][:12] in text
    assert "learn." not in text, "an untranslated learn.* key is shown"
    if section not in ("optimizers", "tensorboard", "handwriting"):  # handwriting: a lesson run on Compare
        assert len(at.get("plotly_chart")) == (3 if section == "model" else 1)  # one figure per experiment


def test_switching_language_keeps_the_open_section():
    at = open_learn("lagrange")
    at.session_state["lang"] = "zh-TW"
    at.run()
    assert not at.exception
    assert at.session_state["learn_section"] == "lagrange"
    assert t("learn.lag.intro", "zh-TW")[:10] in page_text(at)


# ------------------------------------------------------------------ one widget per section changes the page

def test_neuron_bias_slider_changes_the_prediction():
    at = open_learn("neuron")
    assert "prediction = round(σ(WᵀX + b)) = **0**" in page_text(at)  # w = (1, 1), b = −1, x = (1, −0.5): σ(−0.5) < ½
    at.slider(key="learn_b").set_value(2.0).run()
    text = page_text(at)
    assert f"**{1 / (1 + math.exp(-2.5)):.4f}**" in text and "prediction = round(σ(WᵀX + b)) = **1**" in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_neuron_rounds_to_a_class_only_with_a_sigmoid(lang):
    at = open_learn("neuron", lang)
    at.selectbox(key="learn_neuron_act").set_value("relu").run()
    text = page_text(at)
    assert "= **0**" not in text and "= **1**" not in text  # no class from a ReLU output
    assert t("learn.neuron.no_prediction", lang, activation="relu", z="0.0000") in text  # relu(−0.5) = 0
    at.selectbox(key="learn_neuron_act").set_value("sigmoid").run()
    assert t("learn.neuron.prediction", lang, prediction=0) in page_text(at)


def test_depth_slider_shows_a_quarter_to_the_depth():
    at = open_learn("activations")
    at.slider(key="learn_depth").set_value(10).run()
    assert f"**{0.25 ** 10:.2e}**" in page_text(at)
    depths = [trace["x"] for trace in figure(at)["data"] if trace.get("mode") == "lines+markers"]
    assert depths and all(len(_values(x)) == 10 for x in depths)


def _values(array) -> list:
    """Plotly sends numeric arrays either as lists or as {'dtype', 'bdata'} (base64)."""
    if isinstance(array, dict):
        import base64

        import numpy as np
        return list(np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]))
    return list(array)


def test_actual_outcome_changes_the_cross_entropy():
    at = open_learn("loss")
    assert at.metric[0].value == f"{-math.log2(0.7):.4f}"
    at.radio(key="learn_actual").set_value(t("learn.stock.down", "en")).run()
    assert at.metric[0].value == f"{-math.log2(0.2):.4f}"
    assert at.metric[1].value == f"{-math.log(0.2):.4f}"  # what Keras reports, in nats


def test_learning_rate_slider_makes_gradient_descent_diverge():
    at = open_learn("gd")
    titles = [a["text"] for a in figure(at)["layout"]["annotations"]]
    assert any("lr = 0.1: converges" in title for title in titles)
    at.select_slider(key="learn_gd_lr").set_value(1.1).run()
    titles = [a["text"] for a in figure(at)["layout"]["annotations"]]
    assert any("f(x) = x², lr = 1.1: diverges" in title for title in titles)


def test_backprop_learning_rate_changes_the_loss_after_the_step():
    at = open_learn("backprop")
    at.slider(key="learn_bp_lr").set_value(2.0).run()
    expected = learn_backprop.backprop_step((0.05, 0.10), 0.01, 2.0)
    assert at.metric[0].value == f"{expected.loss:.6f}"
    assert at.metric[1].value == f"{expected.new_loss:.6f}"
    assert at.dataframe[0].value[t("learn.bp.col.difference", "en")].max() < 1e-6


def test_lambda_slider_zeroes_every_lasso_coefficient_and_the_button_redraws_dropout():
    at = open_learn("regularization")
    at.select_slider(key="learn_lambda").set_value(10.0).run()
    assert "L1 has **6** coefficients exactly zero, L2 has **0**" in page_text(at)
    assert "Dropout mask of step 0." in page_text(at)
    at.button(key="learn_dropout_redraw").click().run()
    assert "Dropout mask of step 1." in page_text(at)


def test_circle_slider_moves_the_lagrange_points():
    at = open_learn("lagrange")
    at.slider(key="learn_lag_c").set_value(50).run()
    table = at.dataframe[0].value
    assert list(table["x"]) == pytest.approx([5.0, -5.0])
    assert list(table[t("learn.lag.col.lam_numeric", "en")]) == pytest.approx([-0.1, 0.1])


def test_tensorboard_tab_gives_the_command():
    at = open_learn("tensorboard")
    assert "tensorboard --logdir" in at.code[-1].value  # after the five steps' code
    # where the graph the logs hold (tests/test_export.py) is drawn; the Op graph view fails on Keras 3 logs
    assert "*Conceptual graph*" in page_text(at)


def test_widget_values_survive_a_tab_switch():
    at = open_learn("neuron")
    at.slider(key="learn_b").set_value(2.0).run()
    at.session_state["learn_tab"] = t("learn.tab.loss", "en")
    at.run()
    at.session_state["learn_tab"] = t("learn.tab.neuron", "en")
    at.run()
    assert at.slider(key="learn_b").value == 2.0


# ------------------------------------------------------------------ Try it

@pytest.mark.parametrize("section, lang", [(s, "en") for s in TRY_IT] + [("regularization", "zh-TW")])
def test_try_it_buttons_open_build_and_train_with_their_preset(section, lang, monkeypatch):
    switches = []
    # pages.ui calls streamlit.switch_page; train.py need not be registered in this single-page AppTest
    monkeypatch.setattr(streamlit, "switch_page", lambda page, query_params=None: switches.append((page, query_params)))
    at = open_learn(section, lang)
    for preset in TRY_IT[section]:
        assert preset in PRESETS
        button = at.button(key=f"learn_try_{preset}")
        assert button.label == t("learn.try", lang, preset=t(f"preset.{preset}", lang))
        button.click().run()
        assert not at.exception
        expected = {"preset": preset} if lang == "en" else {"preset": preset, "lang": lang}
        assert switches.pop() == ("pages/train.py", expected) and not switches


def test_try_it_in_the_app_lands_on_build_and_train_with_the_preset():
    at = open_learn("optimizers", alone=False)
    at.button(key="learn_try_lr_too_high").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "learn_try_lr_too_high" not in [b.key for b in at.button]  # we left the Learn page
    # Build & Train either keeps ?preset= or rewrites the URL into the preset's settings
    query = dict(at.query_params)
    settings = preset_config("lr_too_high").to_query()
    assert query.get("preset") == ["lr_too_high"] or all(query.get(k) in (v, [v]) for k, v in settings.items())


def test_optimizers_tab_links_to_compare_in_the_app():
    at = open_learn("optimizers", alone=False)
    links = at.get("page_link")[4:]  # after the five steps' links
    assert [link.proto.page for link in links] == ["compare"]
    assert links[0].proto.label == t("learn.opt.link", "en")


def test_optimizers_tab_without_the_app_navigation_has_no_link_and_no_error():
    assert open_learn("optimizers").get("page_link") == []


# ------------------------------------------------------------------ translations

def test_every_learn_key_has_both_languages():
    keys = [k for k in TEXT if k.startswith("learn.")]
    assert len(keys) > 100
    assert not [k for k in missing_translations() if k.startswith("learn.")]
    for key in keys:
        assert all(TEXT[key].get(lang, "").strip() for lang in LANGS), key


# ------------------------------------------------------------------ beside the course notes

# where the app and the notes disagree, the sentence that says why: (section, key)
NOTES_DIFFERENCES = [("lagrange", "learn.lag.notes"), ("regularization", "learn.reg.notes"),
                     ("gd", "learn.gd.epoch"), ("gd", "learn.gd.terms"), ("cnn", "learn.cnn.intro"),
                     ("regularization", "learn.reg.bn_advantages"), ("regularization", "learn.reg.dropout_notes"),
                     ("loss", "learn.loss.notes"), ("gd", "learn.gd.notes"), ("gd", "learn.gd.epochs_notes"),
                     ("optimizers", "learn.opt.notes")]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("section, key", NOTES_DIFFERENCES)
def test_each_difference_from_the_notes_is_said_in_both_languages(section, key, lang):
    text = page_text(open_learn(section, lang))
    marker = {"en": "*In the notes:*", "zh-TW": "*筆記中*："}[lang]
    paragraphs = [p for p in text.split("\n\n") if marker in p]
    assert paragraphs, f"no '{marker}' paragraph on {section}"
    assert TEXT[key][lang].split(marker)[-1][:30] in text


@pytest.mark.parametrize("lang", LANGS)
def test_updates_per_epoch_are_the_apps_not_the_notes(lang):
    text = page_text(open_learn("gd", lang))
    trained = 60_000 - round(60_000 * 0.1)  # the app's 10 % validation split, by hand
    assert f"⌈{trained:,} / 32⌉ = **{math.ceil(trained / 32):,}**" in text and "1,688" in text
    assert "60,000 / 32 = 1,875" in text  # the notes' count, named as theirs


@pytest.mark.parametrize("lang", LANGS)
def test_lagrange_shows_both_signs(lang):
    at = open_learn("lagrange", lang)
    table = at.dataframe[0].value
    assert list(table[t("learn.lag.col.lam_exact", lang)]) == pytest.approx([-1 / 8, 1 / 8])
    assert list(table[t("learn.lag.col.lam_minus", lang)]) == pytest.approx([1 / 8, -1 / 8])
    assert "L = f − λg" in page_text(at)


def test_tanh_slopes_away_from_zero_are_shown():
    text = page_text(open_learn("activations"))
    assert f"{1 - math.tanh(1) ** 2:.2f} at x = 1, {1 - math.tanh(2) ** 2:.3f} at x = 2" in text
    assert "on the σ′ factors only" in text


def test_the_averaged_cross_entropy_follows_the_forecast():
    at = open_learn("loss")
    earlier = [-math.log(0.6), -math.log(0.5), -math.log(0.4), -math.log(0.4)]  # the four earlier days, by hand
    assert f"**{sum(earlier + [-math.log(0.7)]) / 5:.4f}** nats" in page_text(at)
    at.radio(key="learn_actual").set_value(t("learn.stock.flat", "en")).run()
    assert f"**{sum(earlier + [-math.log(0.1)]) / 5:.4f}** nats" in page_text(at)
    assert at.dataframe[1].value[t("learn.loss.day.col.loss", "en")].iloc[-1] == pytest.approx(-math.log(0.1))


@pytest.mark.parametrize("lang", LANGS)
def test_optimizers_tab_shows_what_adagrad_remembers(lang):
    at = open_learn("optimizers", lang)
    names = {trace["name"] for trace in figure(at)["data"]}
    assert {"adagrad", "rmsprop", "adadelta"} <= names
    text = page_text(at)
    for word in ({"en": ("all* past squared", "Adadelta", "sparse data", "Saddle points"),
                  "zh-TW": ("*所有*梯度", "Adadelta", "稀疏資料", "鞍點")}[lang]):
        assert word in text
    rare, frequent = 0.01 / math.sqrt(0.1 + 4), 0.01 / math.sqrt(0.1 + 40)  # Adagrad after 40 steps, by hand
    assert f"{rare / frequent:.1f}" in text


@pytest.mark.parametrize("lang", LANGS)
def test_regularization_gives_keras_convention_and_batch_norm_advantages(lang):
    text = page_text(open_learn("regularization", lang))
    assert "λ·Σw²" in text and "λ/2·Σw²" in text  # Keras' convention, and the other one named
    assert TEXT["learn.reg.bn_advantages"][lang][:20] in text and "(3)" in text


@pytest.mark.parametrize("lang", LANGS)
def test_five_steps_strip_is_above_every_tab(lang):
    at = open_learn("backprop", lang)
    text = page_text(at)
    for step in ("model", "layers", "compile", "fit", "predict"):
        assert t(f"learn.steps.{step}.title", lang) in text
    codes = [c.value for c in at.code]
    assert any(c.startswith("model.compile(") for c in codes) and "model.predict(x_test)" in codes
    at.button(key="learn_steps_neuron").click().run()
    assert not at.exception
    assert at.session_state["learn_section"] == "neuron"


def test_five_steps_link_to_build_and_train_and_draw_in_the_app():
    links = [link.proto.page for link in open_learn("gd", alone=False).get("page_link")]
    assert links.count("train") == 3 and links.count("draw") == 1


# ------------------------------------------------------------------ what the notes say, as they say it

@pytest.mark.parametrize("lang", LANGS)
def test_optimizer_families_are_the_notes_three_with_schedules_as_the_programmable_one(lang):
    text = page_text(open_learn("optimizers", lang))
    assert "固定超參數、可程式控制、自適應" in text
    assert "`lr_schedule`" in text
    assert all(f"`{name}`" in text for name in ("constant", "step", "exponential", "cosine"))
    assert "opt.minimize(loss_fn, var_list_fn)" in text and "apply_gradients" in text
    assert "Adam 是最好的選擇" in text and "RMSPROP為最佳" in text


@pytest.mark.parametrize("lang", LANGS)
def test_adadelta_still_holds_three_quarters_of_the_steep_start_at_step_60(lang):
    """By hand: after 10 steps of g² = 9 a decaying average holds 9(1 − ρ¹⁰); 50 gentle steps multiply it by ρ⁵⁰
    and add 0.09(1 − ρ⁵⁰)."""
    def share(rho):
        steep = 9 * (1 - rho ** 10) * rho ** 50
        return steep / (steep + 0.09 * (1 - rho ** 50))

    text = page_text(open_learn("optimizers", lang))
    assert 0.7 < share(0.95) < 0.8 and 0.2 < share(0.9) < 0.3
    assert f"**{share(0.95):.0%}**" in text and f"**{share(0.9):.0%}**" in text
    assert f"**{90 / (0.1 + 90 + 50 * 0.09):.0%}**" in text  # Adagrad's sum: 0.1 + 10·9 + 50·0.09


@pytest.mark.parametrize("lang", LANGS)
def test_the_cross_entropy_is_written_as_the_notes_write_it(lang):
    text = page_text(open_learn("loss", lang))
    assert "−(1/N) Σᵢ₌₁^C Σⱼ₌₁^N tᵢⱼ log pᵢⱼ" in text and "Σᵢ Σₖ" not in text
    assert "Information gain" in text and {"en": "information content", "zh-TW": "訊息量"}[lang] in text


@pytest.mark.parametrize("lang", LANGS)
def test_why_leaky_relu_and_elu_exist_with_the_tables_means(lang):
    at = open_learn("activations", lang)
    table = at.dataframe[0].value.set_index(t("learn.act.col.activation", lang))
    means = table[t("learn.act.col.mean_output", lang)]
    text = page_text(at)
    assert means["relu"] > 0.3 and abs(means["elu"]) < means["leaky_relu"] < means["relu"]
    assert all(f"**{means[name]:.2f}**" in text for name in ("relu", "leaky_relu", "elu"))
    assert "均值大於零非標準化" in text and "Softplus" in text and "BRU" in text


@pytest.mark.parametrize("lang", LANGS)
def test_pooling_keeps_a_quarter_of_the_area(lang):
    text = page_text(open_learn("cnn", lang))
    assert {"en": "a quarter of its area", "zh-TW": "面積只剩四分之一"}[lang] in text and "26 × 26 → 13 × 13" in text
