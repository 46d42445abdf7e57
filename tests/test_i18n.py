"""The translation table: complete in English and 繁體中文, same placeholders, t() and language names."""

import re
import string
import types

import pytest

from dnn_core import i18n
from dnn_core.i18n import LANGS, TEXT, missing_translations, normalize_lang, t
from dnn_core.i18n.glossary import APP, GLOSSARY, NOTES, misused_terms
from tests.conftest import ROOT

# Characters that exist only in Simplified Chinese, and mainland wording where Taiwan says otherwise.
SIMPLIFIED = set("们这网络训练优设数据层习说读写错误话图时个为会经输载权学计确类测试验结开关选择项览历记录显页键画绘预损规随机"
                 "问题节点线资档储体样区码启动态")
NOT_TAIWAN = {"網絡": "網路", "批量": "批次", "歸一化": "正規化", "數據": "資料", "默認": "預設", "信息": "訊息"}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_table_is_not_empty_and_nothing_is_missing():
    assert len(TEXT) > 0
    assert missing_translations() == []


# an entry and whether missing_translations() must name it
ENTRIES = [
    ({"en": "Epochs", "zh-TW": ""}, True),  # no Chinese
    ({"en": "Epochs", "zh-TW": " \n"}, True),  # blank is none
    ({"en": "Epochs"}, True),  # the language left out
    ({"en": "", "zh-TW": "訓練週期"}, True),  # no English
    ({"en": "{done} of {total}", "zh-TW": "第 {done} 個"}, True),  # a value lost in translation
    ({"en": "{done} of {total}", "zh-TW": "第 {done} / {all} 個"}, True),  # a placeholder renamed
    ({"en": "Epochs", "zh-TW": "{n} 個訓練週期"}, True),  # one only the translation asks for
    ({"en": "{done} of {total}", "zh-TW": "{total} 之 {done}"}, False),  # another order is a translation
    ({"en": "{n:,} images", "zh-TW": "{n} 張圖片"}, False),  # so is another format
]


@pytest.mark.parametrize("entry, missing", ENTRIES, ids=[str(i) for i in range(len(ENTRIES))])
def test_missing_translations_names_each_kind_of_gap_and_only_those(entry, missing, monkeypatch):
    monkeypatch.setitem(TEXT, "test.entry", entry)
    assert missing_translations() == (["test.entry"] if missing else [])


class AnyValue:
    """A parameter that accepts any format spec a text may use ({n:,}, {share:.0%}, {name})."""

    def __format__(self, spec: str) -> str:
        for value in (1234, 1234.5, "X"):
            try:
                return format(value, spec)
            except ValueError:
                continue
        raise ValueError(f"no value formats with {spec!r}")


@pytest.mark.parametrize("lang", LANGS)
def test_every_text_formats_with_its_placeholders(lang):
    for key, entry in TEXT.items():
        params = {re.split(r"[.\[]", name)[0]: AnyValue() for name in placeholders(entry["en"])}
        t(key, lang, **params)  # a stray brace, a positional {} or a spec the value can't take would raise


def test_chinese_is_traditional_with_taiwan_wording():
    simplified = {key: sorted(set(e["zh-TW"]) & SIMPLIFIED) for key, e in TEXT.items() if set(e["zh-TW"]) & SIMPLIFIED}
    mainland = {key: word for key, e in TEXT.items() for word in NOT_TAIWAN if word in e["zh-TW"]}
    assert simplified == {} and mainland == {}


def test_keys_are_prefixed_by_an_area():
    assert [key for key in TEXT if "." not in key] == []


def test_t_fills_params_in_each_language(monkeypatch):
    monkeypatch.setitem(TEXT, "test.epochs", {"en": "{done} of {total} epochs", "zh-TW": "第 {done} / {total} 個 epoch"})
    assert t("test.epochs", "en", done=3, total=10) == "3 of 10 epochs"
    assert t("test.epochs", "zh-TW", done=3, total=10) == "第 3 / 10 個 epoch"


def test_t_falls_back_to_english_and_shows_unknown_keys(monkeypatch):
    monkeypatch.setitem(TEXT, "test.only_en", {"en": "Hello", "zh-TW": ""})
    assert t("test.only_en", "zh-TW") == "Hello"
    assert t("test.only_en", "fr") == "Hello"
    assert t("test.no_such_key", "zh-TW") == "test.no_such_key"
    assert "test.only_en" in missing_translations()


def test_text_without_params_is_returned_as_is(monkeypatch):
    monkeypatch.setitem(TEXT, "test.braces", {"en": "use {braces}", "zh-TW": "用 {braces}"})
    assert t("test.braces", "en") == "use {braces}"  # no params: nothing is formatted


@pytest.mark.parametrize("given, lang", [(None, "en"), ("", "en"), ("en", "en"), ("en-US", "en"), ("fr", "en"),
                                         ("zh-TW", "zh-TW"), ("zh_TW", "zh-TW"), ("zh-tw", "zh-TW"),
                                         ("zh", "zh-TW"), ("ZH-Hant", "zh-TW")])
def test_normalize_lang(given, lang):
    assert normalize_lang(given) == lang


def test_a_key_defined_in_two_area_files_is_refused(monkeypatch):
    areas = {"dnn_core.i18n.one": types.SimpleNamespace(TEXT={"x.key": {"en": "a", "zh-TW": "甲"}}),
             "dnn_core.i18n.two": types.SimpleNamespace(TEXT={"x.key": {"en": "b", "zh-TW": "乙"}})}
    monkeypatch.setattr(i18n.pkgutil, "iter_modules", lambda path: [types.SimpleNamespace(name="one"),
                                                                    types.SimpleNamespace(name="two")])
    monkeypatch.setattr(i18n.importlib, "import_module", areas.__getitem__)
    with pytest.raises(KeyError, match="x.key.*two"):
        i18n._load_tables()


# ------------------------------------------------------------------ the course notes' terms (i18n/glossary.py)

def test_every_zh_tw_text_uses_the_notes_terms():
    assert misused_terms(TEXT) == {}


@pytest.mark.parametrize("reverted, problem", [
    ({"train.group.regularization": "正規化"}, "正規化 (say 正則化"),
    ({"train.activation": "激活函數"}, "激活函數 (say 激勵函數"),
    ({"learn.tab.activations": "激發函數"}, "激發函數 (say 激勵函數"),
    ({"learn.stock.flat": "持平"}, "持平 (say 平盤"),
    ({"inspect.download.history": "訓練紀錄（.csv）"}, "without 訓練歷程"),
    ({"learn.loss.metric_ce_nats": "Keras 的交叉熵（nats）"}, "nats without its gloss"),
    ({"preset.deep_sigmoid.help": "5 × 64 層 sigmoid"}, "× 64 層"),
    ({"inspect.metric.test_accuracy": "測試準確率"}, "準確率 (say 準確度"),
    ({"chart.flatten": "攤平 Flatten"}, "攤平 (say 扁平化"),
    ({"learn.steps.compile.text": "選擇優化器、損失函數與評估指標。"}, "評估指標 (say 量度方式"),
    ({"learn.reg.unit_axis": "單元"}, "單元 (say 神經元"),
    ({"inspect.source.run": "已儲存的執行：{name}"}, "的執行 (say 訓練"),
    ({"executor.where.ray": "在 Ray 工作程序上訓練：節點 {node}，pid {pid}。"}, "工作程序 (say 行程"),
])
def test_the_glossary_check_fails_when_a_term_is_reverted(reverted, problem):
    texts = {key: {**TEXT[key], "zh-TW": zh} for key, zh in reverted.items()}
    found = misused_terms({**TEXT, **texts})
    assert list(found) == list(reverted) and problem in " ".join(found[next(iter(reverted))])


def test_the_notes_words_for_accuracy_flatten_and_metrics_hold_everywhere():
    """The notes write 準確度, 扁平化 and 量度方式; the app once said 準確率 (27 times), 攤平 and 評估指標."""
    for word in ("準確率", "攤平", "評估指標"):
        assert [key for key, entry in TEXT.items() if word in entry["zh-TW"]] == [], word
    assert "準確度" in t("inspect.metric.test_accuracy", "zh-TW") and "扁平化" in t("chart.flatten", "zh-TW")


def test_the_glossary_says_whose_word_each_term_is():
    """The notes never write 激勵函數 (they write "activation函數"): it is the app's choice, and so is every
    convolution word (the notes stop at dense networks)."""
    assert {term.origin for term in GLOSSARY.values()} == {NOTES, APP}
    assert GLOSSARY["activation function"].origin == APP and GLOSSARY["convolution"].origin == APP
    assert all(GLOSSARY[concept].origin == NOTES for concept in ("accuracy", "flatten", "metrics (compile's)",
                                                                 "neuron (a unit of a layer)", "regularization"))


def test_the_readme_calls_only_the_notes_own_words_the_notes_terms():
    readme = " ".join((ROOT / "README.md").read_text().split())
    listed = re.search(r"course notes' own terms[^(]*\(([^)]*)\)", readme).group(1).replace("…", "").split(", ")
    by_word = {term.notes: term for term in GLOSSARY.values()}
    assert [word for word in listed if word.strip() and by_word[word.strip()].origin != NOTES] == []


def test_batch_normalization_keeps_its_own_word():
    assert misused_terms({"x.bn": {"zh-TW": "加入批次正規化"}}) == {}
    assert "x.reg" in misused_terms({"x.reg": {"zh-TW": "批次正規化與 L2 正規化"}})


def unclosed_emphasis(text: str) -> list[str]:
    """The *…* / **…** spans of ``text`` that CommonMark will not close: a closing run after a punctuation mark
    must be followed by a space or another punctuation mark ("**鞍點：**損失" shows its asterisks)."""
    text = re.sub(r"`[^`]*`", "", text)
    spans, opened = [], None
    for run in re.finditer(r"\*+", text):
        if opened is not None and opened.group() == run.group():
            before, after = text[run.start() - 1], text[run.end():run.end() + 1]
            if not before.isalnum() and not before.isspace() and after.isalnum():  # CJK characters are alnum
                spans.append(text[opened.start():run.end() + 1])
            opened = None
        else:
            opened = run
    return spans


def test_emphasis_closes_in_chinese_markdown():
    assert unclosed_emphasis("**鞍點：**損失") == ["**鞍點：**損"]
    assert unclosed_emphasis("**鞍點**：損失、，**小批次**梯度") == []
    assert {key: unclosed_emphasis(e["zh-TW"]) for key, e in TEXT.items() if unclosed_emphasis(e["zh-TW"])} == {}
