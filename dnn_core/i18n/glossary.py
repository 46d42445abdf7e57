"""The course notes' 繁體中文 terms: one term per concept in every zh-TW string of the app.

tests/test_i18n.py reads GLOSSARY: no zh-TW text may use a word a term replaces, the keys that name a concept
must use its term, and an English word kept in Chinese text (as the notes keep it) must come with its gloss.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """The notes' word for one concept and what it replaces."""

    notes: str  # the term every zh-TW text uses for this concept
    replaces: tuple[str, ...] = ()  # words that must not appear in any zh-TW text (other terms, misreadings)
    except_in: tuple[str, ...] = ()  # longer words holding a replaced word that name another concept
    keys: tuple[str, ...] = ()  # translation keys that name this concept, so must contain ``notes``
    gloss: str = ""  # an English term kept in zh-TW text must be followed by this gloss wherever it appears


# English -> the notes' term
GLOSSARY: dict[str, Term] = {
    # 正規化 stays the word for normalization (批次正規化), so it can't also mean regularization
    "regularization": Term("正則化", replaces=("正規化",), except_in=("批次正規化",),
                           keys=("learn.tab.regularization", "train.group.regularization", "preset.l2")),
    "batch normalization": Term("批次正規化", replaces=("批量正規化", "批標準化", "批量歸一化"),
                                keys=("train.batch_norm", "compare.setting.batch_norm")),
    "activation function": Term("激勵函數", replaces=("激活函數", "活化函數", "啟動函數", "激發函數"),
                                keys=("train.activation", "compare.setting.activation", "learn.tab.activations")),
    "forward pass": Term("向前傳遞", replaces=("前向傳播", "前向傳遞", "正向傳播", "順向傳播"),
                         keys=("learn.bp.fig_title",)),
    "information content": Term("訊息量", replaces=("資訊量", "信息量"), keys=("learn.loss.intro",)),
    "flat (the stock example)": Term("平盤", replaces=("持平",), keys=("learn.stock.flat",)),
    "history object (what fit() returns)": Term("歷程物件", replaces=("歷史物件", "History 物件", "history 物件")),
    # a run's per-epoch table is its 訓練歷程; 訓練紀錄 is only the list of runs (Compare's run history)
    "history (one run's epochs)": Term("訓練歷程", keys=("inspect.download.history", "compare.runs.download")),
    "convolution": Term("卷積", replaces=("捲積", "摺積", "迴旋")),
    "pooling": Term("池化", replaces=("匯集", "池層")),
    "filter (a conv layer's kernel)": Term("濾波器", replaces=("過濾器", "篩選器")),
    "feature map": Term("特徵圖", replaces=("特徵映射", "特徵地圖")),
    "data augmentation": Term("資料擴增", replaces=("數據增強", "資料增強", "數據擴增", "資料增廣")),
    "run history (the list of runs)": Term("訓練紀錄", replaces=("執行紀錄",),
                                           keys=("compare.tab.history", "home.page.compare")),
    # the notes write epoch in English and call the number of epochs 迴圈數
    "epoch": Term("epoch", replaces=("訓練週期",)),
    "number of epochs": Term("迴圈數", keys=("learn.gd.epoch", "train.epochs", "compare.race.epochs",
                                            "runs.column.epochs")),
    "nats": Term("nats", gloss="自然對數"),
    "one-hot": Term("one-hot", gloss="獨熱"),
    # "5 × 64 層" reads as 320 layers
    "layers of units": Term("每層", replaces=("× 64 層",), keys=("preset.deep_sigmoid.help",)),
}


def misused_terms(texts: dict[str, dict[str, str]], lang: str = "zh-TW") -> dict[str, list[str]]:
    """key -> what is wrong with its ``lang`` text against the glossary (an empty dict: all terms right)."""
    problems: dict[str, list[str]] = {}
    for english, term in GLOSSARY.items():
        for key, entry in texts.items():
            text = entry.get(lang, "")
            stripped = text
            for word in term.except_in:
                stripped = stripped.replace(word, "")
            found = [f"{word} (say {term.notes} for {english})" for word in term.replaces if word in stripped]
            if term.gloss and term.notes in text and term.gloss not in text:
                found.append(f"{term.notes} without its gloss {term.gloss}")
            if key in term.keys and term.notes not in text:
                found.append(f"names {english} without {term.notes}")
            if found:
                problems.setdefault(key, []).extend(found)
    return problems
