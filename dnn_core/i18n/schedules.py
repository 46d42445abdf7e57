"""Learning-rate schedules (``lr_schedule``), the notes' programmable optimizers (可程式控制): the setting, its
chart on Build & Train, its preset, its Learn section and why a value is refused."""

TEXT = {
    # why a value is refused: the field as it is written in URLs and on the command line, then what is allowed
    "config.error.lr_schedule": {
        "en": "lr_schedule: {value} is not a learning-rate schedule; allowed: {forms} (step:N halves the rate every "
              "N epochs, exponential:R multiplies it by R each epoch with 0 < R < 1, cosine lowers it to 0 over the "
              "whole training or over N epochs; N 1 to {max})",
        "zh-TW": "lr_schedule：{value} 不是學習率排程；可用的有：{forms}（step:N 每 N 個 epoch 把學習率減半，"
                 "exponential:R 每個 epoch 把學習率乘上 R，0 < R < 1，cosine 在整個訓練或 N 個 epoch 內把學習率降到 0；"
                 "N 為 1 到 {max}）"},

    # Build & Train, the Optimizer tab
    "train.lr_schedule": {"en": "Learning-rate schedule", "zh-TW": "學習率排程"},
    "train.lr_schedule.help": {
        "en": "How the learning rate changes while training: the notes' programmable optimizers. Keras's own "
              "schedules (keras.optimizers.schedules) set the rate from the optimizer's step count, so a continued "
              "run goes on where its schedule was.",
        "zh-TW": "訓練時學習率怎麼變化：也就是筆記中「可程式控制」的優化器。Keras 自己的排程"
                 "（keras.optimizers.schedules）依優化器走過的步數決定學習率，所以繼續訓練時排程會從原本的位置接著走。"},
    "schedule.kind.constant": {"en": "constant (no schedule)", "zh-TW": "固定（不排程）"},
    "schedule.kind.step": {"en": "step: halve every N epochs", "zh-TW": "階梯：每 N 個 epoch 減半"},
    "schedule.kind.exponential": {"en": "exponential: × R each epoch", "zh-TW": "指數：每個 epoch 乘上 R"},
    "schedule.kind.cosine": {"en": "cosine: down to 0", "zh-TW": "餘弦：逐漸降到 0"},
    "train.lr_schedule.step": {"en": "Halve every N epochs", "zh-TW": "每 N 個 epoch 減半"},
    "train.lr_schedule.factor": {"en": "R, the factor per epoch", "zh-TW": "R：每個 epoch 的倍數"},
    "train.lr_schedule.cosine": {"en": "Over N epochs (0 = the whole training)", "zh-TW": "歷時 N 個 epoch（0 = 整個訓練）"},
    "train.lr_schedule.cosine.help": {
        "en": "After N epochs the rate stays 0. A continued run keeps the length its training started with.",
        "zh-TW": "過了 N 個 epoch 後學習率維持 0。繼續訓練時沿用一開始的長度。"},
    "train.lr_schedule.caption": {
        "en": "The learning rate over the training ({schedule}): line, what the schedule gives at each batch; "
              "dots, the rate each epoch really started with.",
        "zh-TW": "整個訓練中的學習率（{schedule}）：線是排程在每個批次給的值；點是每個 epoch 實際開始時的學習率。"},
    "train.history.lr": {"en": "Learning rate", "zh-TW": "學習率"},
    "runs.column.lr_schedule": {"en": "lr schedule", "zh-TW": "學習率排程"},
    "class.setting.lr_schedule": {"en": "Learning-rate schedule", "zh-TW": "學習率排程"},

    "compare.race.schedule": {
        "en": "Every contestant follows the learning-rate schedule `{schedule}` (lr_schedule on Build & Train) from "
              "its own learning rate.",
        "zh-TW": "每位參賽者都從自己的學習率出發，照同一個學習率排程 `{schedule}` 變化（「建構與訓練」頁的 lr_schedule）。"},

    # the chart
    "chart.lr.title": {"en": "Learning rate", "zh-TW": "學習率"},
    "chart.lr.planned": {"en": "Schedule (each batch)", "zh-TW": "排程（每個批次）"},
    "chart.lr.used": {"en": "Used (start of each epoch)", "zh-TW": "實際使用（每個 epoch 開始時）"},

    # the preset
    "preset.cosine_schedule": {"en": "Cosine schedule (a too-large SGD rate rescued)",
                               "zh-TW": "餘弦排程（救回太大的 SGD 學習率）"},
    "preset.cosine_schedule.help": {
        "en": "SGD at lr 1.0, lowered to 0 along half a cosine over 10 epochs: at a constant 1.0 SGD keeps bouncing; "
              "as the schedule lowers the rate, it settles.",
        "zh-TW": "SGD 學習率 1.0，在 10 個 epoch 內沿半個餘弦降到 0：學習率固定在 1.0 時 SGD 會一直彈跳；"
                 "排程把學習率降下來後，它就穩定下來。"},

    # Learn: a schedule rescues a learning rate too large to converge
    "learn.tab.schedules": {"en": "Learning-rate schedules", "zh-TW": "學習率排程"},
    "learn.sched.intro": {
        "en": "The notes warn that a learning rate that is too large cannot converge, and sort optimizers into three "
              "families: fixed hyper-parameters, **programmable**, and adaptive. A programmable optimizer changes its "
              "learning rate on a plan you write: large steps first, to travel far, then smaller ones, to settle. "
              "Below, plain gradient descent walks on x² + 4y² (the bowl of the Gradient descent tab), where any "
              "rate above 0.25 diverges along y. The grey path keeps the rate constant; the coloured one starts "
              "from the same rate and follows the schedule (one step is one epoch here: the whole data set is "
              "the surface).",
        "zh-TW": "筆記提醒：學習率太大會無法收斂；並把優化器分成三類：固定超參數、**可程式控制**、自適應。"
                 "可程式控制的優化器依你寫好的計畫改變學習率：先用大步走得遠，再用小步停穩。"
                 "下面用一般的梯度下降在 x² + 4y²（「梯度下降」分頁的碗）上走；學習率只要超過 0.25，沿 y 方向就會發散。"
                 "灰色路徑的學習率固定不變；彩色路徑從同一個學習率出發，照排程變化"
                 "（這裡一步就是一個 epoch：整個資料集就是這個曲面）。"},
    "learn.sched.notes": {
        "en": "*In the notes:* 「學習率太快會無法收斂」 (a learning rate too fast cannot converge) and "
              "「優化器有分：固定超參數、可程式控制、自適應」 (optimizers are fixed hyper-parameters, programmable, "
              "adaptive). The notes name the programmable family without an example; the app's are Keras's "
              "keras.optimizers.schedules: ExponentialDecay (step, exponential) and CosineDecay (cosine).",
        "zh-TW": "*筆記中*：「學習率太快會無法收斂」以及「優化器有分：固定超參數、可程式控制、自適應」。"
                 "筆記只列出可程式控制這一類，沒有舉例；本程式用的是 Keras 的 keras.optimizers.schedules："
                 "ExponentialDecay（step、exponential）與 CosineDecay（cosine）。"},
    "learn.sched.lr": {"en": "Starting learning rate", "zh-TW": "起始學習率"},
    "learn.sched.schedule": {"en": "Schedule (lr_schedule)", "zh-TW": "排程（lr_schedule）"},
    "learn.sched.verdict": {
        "en": "Constant rate {lr:g}: the walk **{constant}**. With `{schedule}`: it **{scheduled}**; {below}, and "
              "the loss ends at {loss:.2e} (on the way it reached {peak:.3g}).",
        "zh-TW": "固定學習率 {lr:g}：這條路徑**{constant}**。用 `{schedule}`：它**{scheduled}**；{below}，"
                 "損失最後是 {loss:.2e}（途中最高到過 {peak:.3g}）。"},
    "learn.sched.below": {"en": "its rate is 0.25 or less after {steps} step(s)",
                          "zh-TW": "學習率在 {steps} 步之後降到 0.25 以下"},
    "learn.sched.never": {"en": "its rate never falls to 0.25", "zh-TW": "學習率從未降到 0.25"},
    "learn.sched.fig_paths": {"en": "Gradient descent on x² + 4y²", "zh-TW": "在 x² + 4y² 上的梯度下降"},
    "learn.sched.fig_rates": {"en": "Learning rate at each step", "zh-TW": "每一步的學習率"},
    "learn.sched.fig_loss": {"en": "Loss at each step (log scale)", "zh-TW": "每一步的損失（對數刻度）"},
    "learn.sched.constant": {"en": "constant {lr:g}", "zh-TW": "固定 {lr:g}"},
    "learn.sched.step_axis": {"en": "Step", "zh-TW": "步數"},
    "learn.sched.limit": {"en": "0.25: above it GD diverges here", "zh-TW": "0.25：超過就會發散"},
    "learn.sched.train": {
        "en": "On Build & Train the same setting is **lr_schedule** (also `?lr_schedule=` in a link and "
              "`--lr-schedule` on the command line): `step:N`, `exponential:R`, `cosine` or `cosine:N`, counted in "
              "epochs of the real training.",
        "zh-TW": "在「建構與訓練」頁，同一個設定叫 **lr_schedule**（連結中寫 `?lr_schedule=`，命令列寫 "
                 "`--lr-schedule`）：`step:N`、`exponential:R`、`cosine` 或 `cosine:N`，以真正訓練的 epoch 計算。"},
}
