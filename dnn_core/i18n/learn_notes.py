"""Strings of the Learn page that put it beside the course notes (keys learn.*): the five steps, every
place where the app differs from the notes and why, and what the notes teach beyond the first sections."""

TEXT = {
    "learn.steps.heading": {
        "en": "The notes' five steps, and where each happens here",
        "zh-TW": "筆記的五個步驟，以及它們在本程式的哪裡"},
    "learn.steps.model.title": {
        "en": "1 · The model and its prediction",
        "zh-TW": "1 · 模型與預測"},
    "learn.steps.model.text": {
        "en": "Z = σ(WᵀX + b); with a sigmoid output the class is round(σ(WᵀX + b)).",
        "zh-TW": "Z = σ(WᵀX + b)；輸出用 sigmoid 時，類別就是 round(σ(WᵀX + b))。"},
    "learn.steps.layers.title": {
        "en": "2 · Keras Dense layers",
        "zh-TW": "2 · Keras 的 Dense 層"},
    "learn.steps.layers.text": {
        "en": "Stack Dense layers (and Dropout) in a keras.Sequential model.",
        "zh-TW": "用 keras.Sequential 疊起 Dense 層（與 Dropout）。"},
    "learn.steps.compile.title": {
        "en": "3 · compile",
        "zh-TW": "3 · compile（編譯）"},
    "learn.steps.compile.text": {
        "en": "Choose the optimizer, the loss and the metrics.",
        "zh-TW": "選擇優化器、損失函數與量度方式（metrics）。"},
    "learn.steps.fit.title": {
        "en": "4 · fit",
        "zh-TW": "4 · fit（訓練）"},
    "learn.steps.fit.text": {
        "en": "Train. fit returns the history object; its loss per epoch is Build & Train's live curve.",
        "zh-TW": "訓練。fit 傳回歷程物件；把其中的損失依 epoch 畫出來，就是「建構與訓練」頁的即時曲線。"},
    "learn.steps.predict.title": {
        "en": "5 · predict",
        "zh-TW": "5 · predict（預測）"},
    "learn.steps.predict.text": {
        "en": "Ask the trained model for the class of new images.",
        "zh-TW": "讓訓練好的模型判斷新圖片的類別。"},
    "learn.steps.code": {"en": "Code", "zh-TW": "程式碼"},
    "learn.neuron.prediction": {
        "en": "Sigmoid's Z is a probability, so the neuron classifies: prediction = round(σ(WᵀX + b)) = "
              "**{prediction}**",
        "zh-TW": "sigmoid 的 Z 是機率，所以這個神經元可以分類：預測 = round(σ(WᵀX + b)) = "
                 "**{prediction}**"},
    "learn.neuron.no_prediction": {
        "en": "The course's prediction round(σ(WᵀX + b)) reads Z as a probability between 0 and 1, which "
              "only a sigmoid gives. {activation} gives Z = {z}, not a probability, so it is not rounded "
              "to a class here.",
        "zh-TW": "課程的預測 round(σ(WᵀX + b)) 把 Z 當成介於 0 與 1 之間的機率，只有 sigmoid "
                 "才是這樣。{activation} 的 Z = {z} 不是機率，所以這裡不把它四捨五入成類別。"},
    "learn.loss.average": {
        "en": "**Over a batch.** The notes write the loss over N samples as **−(1/N) Σᵢ Σₖ yᵢₖ log ŷᵢₖ**: "
              "each sample's cross-entropy, averaged over the N samples. That mean is what Keras reports "
              "for a batch and for an epoch. Below, {n} days of the stock example; the last is your "
              "forecast above. Losses in nats (natural log, as in Keras).",
        "zh-TW": "**整個批次的損失**。筆記把 N 個樣本的損失寫成 **−(1/N) Σᵢ Σₖ yᵢₖ log ŷᵢₖ**："
                 "每個樣本的交叉熵，再對 N 個樣本取平均。Keras 回報的每個批次、每個 epoch 的損失就是這個平均。"
                 "下方是股價例子的 {n} 天，最後一天是你在上面設定的預測。"
                 "損失的單位是 nats（自然對數，與 Keras 相同）。"},
    "learn.loss.average_result": {
        "en": "−(1/{n}) Σᵢ Σₖ yᵢₖ ln ŷᵢₖ = **{mean}** nats (= {bits} bits), the mean of the last column.",
        "zh-TW": "−(1/{n}) Σᵢ Σₖ yᵢₖ ln ŷᵢₖ = **{mean}** nats（自然對數單位，= {bits} "
                 "位元），也就是最後一欄的平均。"},
    "learn.loss.day.col.day": {
        "en": "Day",
        "zh-TW": "天"},
    "learn.loss.day.col.up": {
        "en": "ŷ up",
        "zh-TW": "ŷ 上漲"},
    "learn.loss.day.col.down": {
        "en": "ŷ down",
        "zh-TW": "ŷ 下跌"},
    "learn.loss.day.col.flat": {
        "en": "ŷ flat",
        "zh-TW": "ŷ 平盤"},
    "learn.loss.day.col.actual": {
        "en": "What happened",
        "zh-TW": "實際結果"},
    "learn.loss.day.col.loss": {
        "en": "−Σₖ yₖ ln ŷₖ (nats)",
        "zh-TW": "−Σₖ yₖ ln ŷₖ（nats，自然對數）"},
    "learn.gd.terms": {
        "en": "*In the notes:* the three are defined loosely. In the standard terms used here, what the "
              "notes' code calls the batch (`batch_size=32`, Keras' word too) is a **mini-batch**: "
              "**batch** GD uses all training points per update, **mini-batch** GD uses `batch_size` "
              "points, and **stochastic** GD one point (`batch_size=1`).",
        "zh-TW": "*筆記中*：這三者的定義比較寬鬆。依本頁用的標準說法，筆記程式碼中的批次（`batch_size=32`，Keras "
                 "也這樣稱呼）其實是**小批次**：**批次**梯度下降每次更新用全部訓練資料，**小批次**梯度下降用 "
                 "`batch_size` 筆，**隨機**梯度下降只用 1 筆（`batch_size=1`）。"},
    "learn.reg.notes": {
        "en": "*In the notes:* the L2 formula prints |w| where w² is meant (with |w| it would be L1). "
              "Texts that write λ/2·Σw² describe the same penalty with λ halved; this app uses Keras' "
              "λ·Σw² everywhere.",
        "zh-TW": "*筆記中*：L2 的公式印成 |w|，實際應為 w²（用 |w| 就變成 L1 了）。有些教材寫成 λ/2·Σw²，"
                 "那是同一種懲罰、只是 λ 減半；本程式一律使用 Keras 的 λ·Σw²。"},
    "learn.reg.bn_advantages": {
        "en": "**Batch normalization's three advantages:** (1) training converges faster, because larger "
              "learning rates stay stable; (2) the network depends much less on its initial weights; (3) "
              "it regularizes a little (each batch's own mean and spread add noise), so less dropout is "
              "needed.",
        "zh-TW": "**批次正規化的三個優點**：(1) 訓練收斂更快，因為較大的學習率也能保持穩定；"
                 "(2) 網路對初始權重的依賴小很多；"
                 "(3) 有一點正則化的效果（每個批次自己的平均與標準差帶來雜訊），因此可以少用一些 Dropout。"},
    "learn.lag.notes": {
        "en": "*In the notes:* the extremes are printed as ±(4, 4) with λ = ±1/8 while L is written f + "
              "λg. With L = f + λg, as here, 1 + 2λx = 0 at (4, 4) gives λ = −1/8; the notes' λ = +1/8 at "
              "(4, 4) is the sign for L = f − λg. The table shows both.\n"
              "\n"
              "**Why the notes put Lagrange under regularization:** minimise the loss while keeping the "
              "weights inside the ball Σw² ≤ c, and the same method gives L = loss + λ·(Σw² − c). For a "
              "fixed λ the constant λc does not move the minimum, so this is the L2 penalty λ·Σw² of the "
              "Regularization tab: its λ *is* a Lagrange multiplier, and a larger λ means a smaller ball. "
              "With Σ|w| ≤ c it is L1.",
        "zh-TW": "*筆記中*：極值印成 ±(4, 4)、λ = ±1/8，但 L 寫成 f + λg。若 L = f + "
                 "λg（本頁的寫法），在 (4, 4) 由 1 + 2λx = 0 得 λ = −1/8；筆記在 (4, 4) 的 λ "
                 "= +1/8 是 L = f − λg 的符號。表格兩種都列出。\n"
                 "\n"
                 "**為什麼筆記把拉格朗日放在正則化底下**：在權重限制於球內 Σw² ≤ c 的條件下最小化損失，"
                 "同樣的方法得到 L "
                 "= 損失 + λ·(Σw² − c)。λ 固定時，常數 λc 不影響最小值的位置，所以這正是「正則化」分頁的 L2 "
                 "懲罰 λ·Σw²：它的 λ 就是拉格朗日乘數，λ 越大、球越小。若條件是 Σ|w| ≤ c，就是 L1。"},
    "learn.lag.col.lam_minus": {
        "en": "λ (L = f − λg, the notes' sign)",
        "zh-TW": "λ（L = f − λg，筆記的符號）"},
    "learn.opt.memory": {
        "en": "Below, one weight gets {steep_steps} steep gradients ({steep}) and then gentle ones "
              "({gentle}), the same for every optimizer at the same learning rate {lr}. Left: what each "
              "divides its step by. Right: the step per unit of gradient. Adagrad's sum never forgets the "
              "steep start, so its steps stay small; the averages of RMSprop and Adadelta forget it within "
              "a few dozen steps.",
        "zh-TW": "下方讓一個權重先得到 {steep_steps} 個陡的梯度（{steep}），之後都是平緩的梯度（{gentle}），"
                 "每個優化器用相同的學習率 {lr}。左圖：每個優化器拿來除步伐的量。右圖：每單位梯度的步伐。Adagrad "
                 "的總和永遠記得一開始的陡坡，所以步伐一直很小；RMSprop 與 Adadelta 的平均則在幾十步內就淡忘了它。"},
    "learn.opt.sparse": {
        "en": "Sparse data with Adagrad: after {steps} steps, a weight whose input is always there steps "
              "{frequent} per unit of gradient, one whose input appears every {every}th step {rare}, "
              "**{ratio}×** larger.",
        "zh-TW": "Adagrad 遇到稀疏資料：{steps} 步之後，輸入每步都出現的權重，每單位梯度的步伐是 {frequent}；"
                 "輸入每 {every} 步才出現一次的權重是 {rare}，大了 **{ratio} 倍**。"},
    "learn.opt.fig_memory": {
        "en": "What divides the step: Σg² (Adagrad) or a decaying average of g²",
        "zh-TW": "拿來除步伐的量：Σg²（Adagrad）或 g² 的衰減平均"},
    "learn.opt.fig_step": {
        "en": "Step per unit of gradient, lr = {lr}",
        "zh-TW": "每單位梯度的步伐（學習率 {lr}）"},
    "learn.opt.step_axis": {
        "en": "step",
        "zh-TW": "步數"},
    "learn.opt.gradient": {
        "en": "gradient g",
        "zh-TW": "梯度 g"},
}
