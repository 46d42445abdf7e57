"""Strings of continuing a training (dnn_core.engine.resume): Build & Train's Continue control and why a run cannot go on."""

TEXT = {
    # Build & Train, under a finished or stopped run
    "resume.heading": {"en": "Continue training", "zh-TW": "繼續訓練"},
    "resume.intro": {
        "en": "Train this model {more} more epoch(s): its weights and its optimizer's state carry on, and the "
              "curves go on from epoch {next}.",
        "zh-TW": "讓這個模型再訓練 {more} 個 epoch：權重與優化器的狀態都會接續，曲線從第 {next} 個 epoch 接著畫下去。",
    },
    "resume.more_epochs": {"en": "More epochs", "zh-TW": "再訓練的 epoch 數"},
    "resume.more_epochs.help": {
        "en": "How many epochs to add after the {done} already done (at most {max} in all).",
        "zh-TW": "在已完成的 {done} 個 epoch 之後再加幾個（總共最多 {max} 個）。",
    },
    "resume.continue": {"en": "Continue", "zh-TW": "繼續訓練"},
    "resume.keeps_settings": {
        "en": "Continue keeps this run's own settings ({settings}); what you changed in the form since applies to "
              "the next Train.",
        "zh-TW": "「繼續訓練」沿用這次訓練自己的設定（{settings}）；你之後在表單中所做的修改，會在下次按「訓練」時才套用。",
    },
    "resume.full": {
        "en": "This run has trained {epochs} epochs, the most one run may have.",
        "zh-TW": "這次訓練已完成 {epochs} 個 epoch，已達單次訓練的上限。",
    },
    "resume.continued": {
        "en": "Continued from epoch {epochs} of the earlier run: the curves and the table show both parts.",
        "zh-TW": "從先前訓練的第 {epochs} 個 epoch 接續：曲線與表格包含前後兩段。",
    },
    # why a run cannot be continued (ResumeError.key)
    "resume.error.more_epochs": {
        "en": "More epochs must be at least 1, not {more}.",
        "zh-TW": "再訓練的 epoch 數至少要 1，不能是 {more}。",
    },
    "resume.error.too_many": {
        "en": "{done} epochs done and {more} more make more than the {most} one run may have: at most {left} more.",
        "zh-TW": "已完成 {done} 個 epoch，再加 {more} 個會超過單次訓練上限 {most} 個：最多只能再加 {left} 個。",
    },
    "resume.error.not_keras": {
        "en": "{path} is not a .keras model file (a .keras file is a zip archive).",
        "zh-TW": "{path} 不是 .keras 模型檔（.keras 檔是 zip 壓縮檔）。",
    },
    "resume.error.missing": {
        "en": "{folder} cannot be continued: {files} missing (a run folder from `train --out` has model.keras, "
              "config.json and history.csv).",
        "zh-TW": "無法接續 {folder}：缺少 {files}（由 `train --out` 寫出的訓練資料夾含有 model.keras、config.json "
                 "與 history.csv）。",
    },
    "resume.error.config": {
        "en": "{path}: the run's settings cannot be used ({reason}).",
        "zh-TW": "{path}：無法使用這次訓練的設定（{reason}）。",
    },
    "resume.error.history": {
        "en": "{path}: the run's history cannot be read ({reason}).",
        "zh-TW": "{path}：無法讀取這次訓練的訓練歷程（{reason}）。",
    },
    "resume.error.history_columns": {
        "en": "{path}: the run's history has no column {columns}.",
        "zh-TW": "{path}：這次訓練的訓練歷程缺少欄位 {columns}。",
    },
    "resume.error.history_epochs": {
        "en": "{path}: the run's history must list epochs 1, 2, 3, … in order.",
        "zh-TW": "{path}：這次訓練的訓練歷程必須依序列出第 1、2、3、… 個 epoch。",
    },
    "resume.error.model_unreadable": {
        "en": "{path} cannot be loaded as a Keras model ({reason}).",
        "zh-TW": "{path} 無法載入為 Keras 模型（{reason}）。",
    },
    "resume.error.model_mismatch": {
        "en": "{path} is not the model its config.json describes: {problem}.",
        "zh-TW": "{path} 不是其 config.json 所描述的模型：{problem}。",
    },
    "resume.mismatch.layer": {
        "en": "it has layer {found} where the settings make {expected}",
        "zh-TW": "它有 {found} 這一層，但依設定應為 {expected}",
    },
    "resume.mismatch.count": {
        "en": "it has {found} layers where the settings make {expected}",
        "zh-TW": "它有 {found} 層，但依設定應為 {expected} 層",
    },
    "resume.mismatch.no_optimizer": {
        "en": "it was saved without its optimizer, so there is no optimizer state to go on from",
        "zh-TW": "它儲存時沒有包含優化器，因此沒有可接續的優化器狀態",
    },
    "resume.mismatch.optimizer": {
        "en": "its optimizer is {found} where the settings use {expected}",
        "zh-TW": "它的優化器是 {found}，但設定使用的是 {expected}",
    },
    # the command line's --resume
    "resume.error.flags": {
        "en": "--resume goes on with the run's own settings: only --epochs (how many more) may be given with it, "
              "not {flags}",
        "zh-TW": "--resume 會沿用該次訓練自己的設定：只能另外指定 --epochs（再訓練幾個），不能指定 {flags}",
    },
    "resume.error.same_folder": {
        "en": "--out {out} is the run being continued; give another folder so its files are kept",
        "zh-TW": "--out {out} 就是要接續的訓練資料夾；請指定另一個資料夾，以保留原本的檔案",
    },
}
