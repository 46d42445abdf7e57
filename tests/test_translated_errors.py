"""Every error a person reads is in the page's language: a bad link on Build & Train and Compare, a refused model
upload and an unreadable photo on Draw & Predict, each through the real page (AppTest) in English and 繁體中文.

In 繁體中文 a message may keep only the vocabulary listed per case (setting names, optimizer names, layer class
names, file formats): no English sentence, nor part of one.
"""

import re

import keras
import pytest
from streamlit.testing.v1 import AppTest

from dnn_core.engine.config import FIELD_NAMES, OPTIMIZERS
from dnn_core.engine.upload import ALLOWED_LAYERS
from dnn_core.i18n import t
from tests.apptest import open_app

TIMEOUT = 120
CONFIG_WORDS = (*FIELD_NAMES, *OPTIMIZERS)


def english_left(text: str, vocabulary) -> list[str]:
    """Runs of three or more ASCII letters in ``text`` once the listed vocabulary is taken out."""
    for word in sorted(vocabulary, key=len, reverse=True):
        text = text.replace(word, " ")
    return re.findall(r"[A-Za-z]{3,}", text)


def open_page(page: str, lang: str, **query) -> AppTest:
    return open_app(f"pages/{page}.py", lang, query=query, timeout=TIMEOUT)


def saved_model(tmp_path, *layers, shape=(28, 28)) -> bytes:
    model = keras.Sequential([keras.Input(shape), keras.layers.Flatten(), *layers,
                              keras.layers.Dense(10, activation="softmax")])
    path = tmp_path / "mine.keras"
    model.save(path)
    return path.read_bytes()


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_dropout_out_of_range_in_a_train_link_is_said_in_the_pages_language(lang):
    at = open_page("train", lang, dropout="1.5")
    assert not at.exception
    reason = t("config.error.out_of_range", lang, field="dropout", value="1.5", allowed="[0, 0.9]")
    assert [w.value for w in at.warning] == [t("train.bad_param", lang, param="dropout", reason=reason)]
    if lang == "zh-TW":
        assert english_left(at.warning[0].value, CONFIG_WORDS) == []
    else:
        assert "dropout: 1.5 is out of range; allowed [0, 0.9]" in at.warning[0].value  # the CLI's words


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_an_unknown_optimizer_in_a_compare_link_is_said_in_the_pages_language(lang):
    at = open_page("compare", lang, optimizer="magic")
    assert not at.exception
    reason = t("config.error.unknown_value", lang, field="optimizer", value="'magic'", allowed=", ".join(OPTIMIZERS))
    assert [w.value for w in at.warning] == [t("compare.bad_param", lang, param="optimizer", reason=reason)]
    if lang == "zh-TW":
        assert english_left(at.warning[0].value, (*CONFIG_WORDS, "magic")) == []


def upload_cases(tmp_path):
    """(file name, bytes, key, params, vocabulary a Chinese message may keep) of refused uploads."""
    return [
        ("notes.txt", b"not a model at all", "draw.upload.not_zip", {}, (".keras", "zip")),
        ("lambda.keras", saved_model(tmp_path, keras.layers.Lambda(lambda x: x * 2)),
         "draw.upload.lambda", {"name": "Lambda"}, ("Lambda", "lambda", "Python", "Keras", "Rescaling")),
        ("noisy.keras", saved_model(tmp_path, keras.layers.GaussianNoise(0.1)), "draw.upload.layer_not_allowed",
         {"name": "GaussianNoise"}, ("GaussianNoise", "Keras", "Random", *ALLOWED_LAYERS)),
        ("small.keras", saved_model(tmp_path, shape=(32, 32)), "draw.upload.bad_input_shape", {"shape": "32×32"}, ()),
    ]


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_refused_model_upload_is_said_in_the_pages_language(lang, tmp_path):
    at = open_page("draw", lang)
    for name, data, key, params, vocabulary in upload_cases(tmp_path):
        at.file_uploader(key="draw_model_file").set_value((name, data, "application/octet-stream")).run()
        assert not at.exception
        assert [e.value for e in at.error] == [t(key, lang, **params)], name
        if lang == "zh-TW":
            assert english_left(at.error[0].value, vocabulary) == [], name


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_photo_that_is_not_an_image_is_said_in_the_pages_language(lang):
    at = open_page("draw", lang)
    at.segmented_control(key="draw_input").set_value("photo").run()
    at.file_uploader(key="draw_photo").set_value(("digit.txt", b"a text file, not a photo", "text/plain")).run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("draw.image.unreadable", lang)]
    if lang == "zh-TW":
        assert english_left(at.error[0].value, ("PNG", "JPEG")) == []


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_why_the_data_fell_back_is_said_in_the_pages_language(lang):
    at = open_app(None, lang, timeout=TIMEOUT)  # Home, where DNN_OFFLINE (set for every test) makes MNIST fall back
    assert not at.exception
    reason = t("data.error.offline", lang)
    assert [w.value for w in at.warning if reason in w.value] == [t("home.data.fallback", lang, reason=reason)]
