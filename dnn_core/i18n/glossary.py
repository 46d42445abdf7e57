"""The app's 繁體中文 terms: one term per concept in every zh-TW string, the course notes' own word wherever the
notes have one, and for each term whether it is the notes' word or the app's choice.

tests/test_i18n.py reads GLOSSARY: no zh-TW text may use a word a term replaces, the keys that name a concept
must use its term, and an English word kept in Chinese text (as the notes keep it) must come with its gloss.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """The word for one concept, where it comes from, and what it replaces."""

    notes: str  # the term every zh-TW text uses for this concept
    origin: str  # NOTES: the course notes write this word; APP: the app's choice (the notes have none, or a mix)
    replaces: tuple[str, ...] = ()  # words that must not appear in any zh-TW text (other terms, misreadings)
    except_in: tuple[str, ...] = ()  # longer words holding a replaced word that name another concept
    keys: tuple[str, ...] = ()  # translation keys that name this concept, so must contain ``notes``
    gloss: str = ""  # an English term kept in zh-TW text must be followed by this gloss wherever it appears


NOTES, APP = "notes", "app"

# English -> the term (see origin: the notes' own word or the app's choice)
GLOSSARY: dict[str, Term] = {
    # 正規化 stays the word for normalization (批次正規化), so it can't also mean regularization
    "regularization": Term("正則化", NOTES, replaces=("正規化",), except_in=("批次正規化",),
                           keys=("learn.tab.regularization", "train.group.regularization", "preset.l2")),
    # the notes keep "Batch normalization" in English and define it as 將每批輸入(mini-batch)標準化
    "batch normalization": Term("批次正規化", APP, replaces=("批量正規化", "批標準化", "批量歸一化"),
                                keys=("train.batch_norm", "compare.setting.batch_norm")),
    # the notes write "activation函數" (and "active function"), never a Chinese word; 激勵函數 is Taiwan's usual one
    "activation function": Term("激勵函數", APP, replaces=("激活函數", "活化函數", "啟動函數", "激發函數"),
                                keys=("train.activation", "compare.setting.activation", "learn.tab.activations")),
    "forward pass": Term("向前傳遞", NOTES, replaces=("前向傳播", "前向傳遞", "正向傳播", "順向傳播"),
                         keys=("learn.bp.fig_title",)),
    "information content": Term("訊息量", NOTES, replaces=("資訊量", "信息量"), keys=("learn.loss.intro",)),
    "flat (the stock example)": Term("平盤", NOTES, replaces=("持平",), keys=("learn.stock.flat",)),
    "history object (what fit() returns)": Term("歷程物件", NOTES,
                                                replaces=("歷史物件", "History 物件", "history 物件")),
    # a run's per-epoch table is its 訓練歷程; 訓練紀錄 is only the list of runs (Compare's run history)
    "history (one run's epochs)": Term("訓練歷程", APP, keys=("inspect.download.history", "compare.runs.download")),
    # the notes stop at dense networks: every convolution word is the app's
    "convolution": Term("卷積", APP, replaces=("捲積", "摺積", "迴旋")),
    "pooling": Term("池化", APP, replaces=("匯集", "池層")),
    "filter (a conv layer's kernel)": Term("濾波器", APP, replaces=("過濾器", "篩選器")),
    "feature map": Term("特徵圖", APP, replaces=("特徵映射", "特徵地圖")),
    "data augmentation": Term("資料擴增", APP, replaces=("數據增強", "資料增強", "數據擴增", "資料增廣")),
    "run history (the list of runs)": Term("訓練紀錄", APP, replaces=("執行紀錄",),
                                           keys=("compare.tab.history", "home.page.compare")),
    # one run is 一次訓練 (已儲存的訓練, 訓練 #3): 執行 as a noun reads as machine translation
    "run (one training)": Term("訓練", APP, replaces=("的執行", "次執行", "執行名稱", "執行 #"),
                               keys=("inspect.source.run", "draw.model.run", "runs.error.empty_name",
                                     "runs.column.parent_id")),
    # an operating-system process is 行程 everywhere (one sentence once said 工作程序 and 行程 for the same thing)
    "process (the operating system's)": Term("行程", APP, replaces=("工作程序", "伺服器程序"),
                                             keys=("executor.where.local", "executor.where.ray")),
    # the notes write epoch in English and call the number of epochs 迴圈數
    "epoch": Term("epoch", NOTES, replaces=("訓練週期",)),
    "number of epochs": Term("迴圈數", NOTES, keys=("learn.gd.epoch", "train.epochs", "compare.race.epochs",
                                                   "runs.column.epochs")),
    # the notes write 準確度 (and 精準度 under the accuracy plot), never 準確率
    "accuracy": Term("準確度", NOTES, replaces=("準確率",),
                     keys=("inspect.metric.test_accuracy", "train.test_accuracy", "chart.accuracy",
                           "train.history.val_accuracy", "runs.column.test_accuracy")),
    # tf.keras.layers.Flatten可將28x28扁平化成1x784
    "flatten": Term("扁平化", NOTES, replaces=("攤平",), keys=("chart.flatten",)),
    # compile(... 量度方式metrics(accuracy))
    "metrics (compile's)": Term("量度方式", NOTES, replaces=("評估指標",), keys=("learn.steps.compile.text",)),
    # Dense(神經元數量, activation函數): a unit of a layer is a 神經元, also in a convolution layer's count
    "neuron (a unit of a layer)": Term("神經元", NOTES, replaces=("單元",),
                                       keys=("learn.reg.unit_axis", "learn.cnn.sharing")),
    "nats": Term("nats", APP, gloss="自然對數"),
    "one-hot": Term("one-hot", APP, gloss="獨熱"),
    # "5 × 64 層" reads as 320 layers
    "layers of units": Term("每層", APP, replaces=("× 64 層",), keys=("preset.deep_sigmoid.help",)),
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
