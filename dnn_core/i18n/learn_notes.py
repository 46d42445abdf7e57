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
        "en": "**Over a batch.** The notes write the loss over N data as **−(1/N) Σᵢ₌₁^C Σⱼ₌₁^N tᵢⱼ log "
              "pᵢⱼ**: i runs over the C classes (up, down, flat), j over the N data (the days); tᵢⱼ is 1 if "
              "day j's outcome was class i, else 0, and pᵢⱼ is the model's probability of class i on day j. "
              "So it is each day's cross-entropy −Σᵢ tᵢⱼ log pᵢⱼ, averaged over the N days. That mean is what "
              "Keras reports for a batch and for an epoch. Below, {n} days of the stock example; the last is your "
              "forecast above. Losses in nats (natural log, as in Keras).",
        "zh-TW": "**整個批次的損失**。筆記把 N 筆資料的損失寫成 **−(1/N) Σᵢ₌₁^C Σⱼ₌₁^N tᵢⱼ log pᵢⱼ**："
                 "i 走過 C 個類別（上漲、下跌、平盤），j 走過 N 筆資料（每一天）；第 j 天的結果是類別 i 時 tᵢⱼ "
                 "為 1，否則為 0，pᵢⱼ 是模型給第 j 天類別 i 的機率。所以它就是每一天的交叉熵 −Σᵢ tᵢⱼ log pᵢⱼ，"
                 "再對 N 天取平均。Keras 回報的每個批次、每個 epoch 的損失就是這個平均。"
                 "下方是股價例子的 {n} 天，最後一天是你在上面設定的預測。"
                 "損失的單位是 nats（自然對數，與 Keras 相同）。"},
    "learn.loss.average_result": {
        "en": "−(1/{n}) Σᵢ Σⱼ tᵢⱼ ln pᵢⱼ = **{mean}** nats (= {bits} bits), the mean of the last column.",
        "zh-TW": "−(1/{n}) Σᵢ Σⱼ tᵢⱼ ln pᵢⱼ = **{mean}** nats（自然對數單位，= {bits} "
                 "位元），也就是最後一欄的平均。"},
    "learn.loss.day.col.day": {
        "en": "Day",
        "zh-TW": "天"},
    "learn.loss.day.col.up": {
        "en": "p up",
        "zh-TW": "p 上漲"},
    "learn.loss.day.col.down": {
        "en": "p down",
        "zh-TW": "p 下跌"},
    "learn.loss.day.col.flat": {
        "en": "p flat",
        "zh-TW": "p 平盤"},
    "learn.loss.day.col.actual": {
        "en": "What happened",
        "zh-TW": "實際結果"},
    "learn.loss.day.col.loss": {
        "en": "−Σᵢ tᵢⱼ ln pᵢⱼ (nats)",
        "zh-TW": "−Σᵢ tᵢⱼ ln pᵢⱼ（nats，自然對數）"},
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
        "en": "**Batch normalization's three advantages, as the notes list them:** (1) less drift of the values in "
              "the hidden layers: each layer's inputs change whenever the layers before it learn, which is called "
              "**internal covariate shift**; (2) each layer learns on its own, less disturbed by the others; (3) it "
              "regularizes (each batch's own mean and spread add noise), so dropout may not be needed against "
              "overfitting.\n"
              "\n"
              "*In the notes:* 「減少隱藏層中值的飄移產生的covariance shift數量變動」: the usual term is covariate "
              "shift (a change in the distribution of a layer's inputs), not covariance shift. Other texts list "
              "further advantages: larger learning rates stay stable, so training converges faster, and the network "
              "depends much less on its initial weights.",
        "zh-TW": "**批次正規化的三個優點（依筆記）**：(1) 減少隱藏層中值的飄移：前面的層一學習，後面每一層的輸入分布就跟著變，"
                 "這叫做**內部共變量偏移**（internal covariate shift）；(2) 每一層能自主學習，比較不受其他層影響；"
                 "(3) 有正則化的效果（每個批次自己的平均與標準差帶來雜訊），因此可能不需要 Dropout 來減少過擬合。\n"
                 "\n"
                 "*筆記中*：「減少隱藏層中值的飄移產生的covariance shift數量變動」：通用的名稱是 covariate shift"
                 "（共變量偏移，指一層輸入的分布改變），不是 covariance shift（共變異數）。其他教材還列出別的優點："
                 "較大的學習率也能保持穩定，所以收斂更快；網路對初始權重的依賴也小很多。"},
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
              "divides its step by. Right: the step per unit of gradient, the effective rate. Adagrad's sum never "
              "forgets the steep start, so its effective rate only ever shrinks. RMSprop (ρ = {rmsprop_rho}) and "
              "Adadelta (ρ = {adadelta_rho}) keep a decaying average that forgets by a factor ρ per step, so a ρ "
              "closer to 1 remembers longer (about 1/(1 − ρ) steps). At step {step} the steep start still makes "
              "up **{adagrad}** of Adagrad's sum, **{adadelta}** of Adadelta's average and **{rmsprop}** of "
              "RMSprop's.",
        "zh-TW": "下方讓一個權重先得到 {steep_steps} 個陡的梯度（{steep}），之後都是平緩的梯度（{gentle}），"
                 "每個優化器用相同的學習率 {lr}。左圖：每個優化器拿來除步伐的量。右圖：每單位梯度的步伐，也就是有效學習率。"
                 "Adagrad 的總和永遠記得一開始的陡坡，所以它的有效學習率只會越來越小。RMSprop（ρ = {rmsprop_rho}）與 "
                 "Adadelta（ρ = {adadelta_rho}）用的是衰減平均，每一步把舊的部分乘上 ρ，所以 ρ 越接近 1 記得越久"
                 "（大約 1/(1 − ρ) 步）。到第 {step} 步，一開始的陡坡仍占 Adagrad 總和的 **{adagrad}**、"
                 "Adadelta 平均的 **{adadelta}**、RMSprop 平均的 **{rmsprop}**。"},
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
    "learn.opt.notes": {
        "en": "*In the notes:* 「整體來講,Adam 是最好的選擇」 (on the whole, Adam is the best choice), and a few lines "
              "on, of their figure of optimizer paths, 「其中RMSPROP為最佳」 (RMSprop is the best). Each is true of "
              "some problems: no optimizer wins everywhere, and which one wins depends on the loss surface, the "
              "learning rate and the data. Adam is a safe default (the course model's), not a law: race them with "
              "your own settings on Compare, from the same start on the same batches.",
        "zh-TW": "*筆記中*：「整體來講,Adam 是最好的選擇」，幾行之後談到優化器路徑的圖時又說「其中RMSPROP為最佳」。"
                 "兩句話各自只對某些問題成立：沒有一個優化器在所有問題上都最好，誰勝出取決於損失曲面、學習率與資料。"
                 "Adam 是穩當的預設（課程模型就用它），不是定律：到「比較」頁用你自己的設定，"
                 "從相同的起點、用相同的批次讓它們比賽。"},
    "learn.opt.minimize": {
        "en": "**Without fit: the notes' own loop.** The notes' optimizer example does not call `fit`: it loops "
              "over the data and calls `opt.minimize(loss_fn, var_list_fn)` for each (input, output) pair, one "
              "optimizer step on that pair's loss. `fit` does the same for every batch (the loss, its gradient "
              "with respect to `model.trainable_weights`, one update) and adds batching, shuffling, metrics and "
              "the history object. `minimize` is TensorFlow's Keras 2 API; in Keras 3, which this app uses, the "
              "loop takes the gradient with `tf.GradientTape` and applies it with "
              "`opt.apply_gradients(zip(grads, model.trainable_weights))`, as the Backprop tab does for one step.",
        "zh-TW": "**不用 fit：筆記自己的迴圈**。筆記的優化器範例沒有呼叫 `fit`：它自己走過資料，對每一組 (input, output) "
                 "呼叫 `opt.minimize(loss_fn, var_list_fn)`，也就是對這一組的損失做一步優化。`fit` 對每個批次做的是同一件事"
                 "（算損失、求它對 `model.trainable_weights` 的梯度、更新一次），再加上分批、洗牌、量度方式與歷程物件。"
                 "`minimize` 是 TensorFlow 的 Keras 2 API；本程式用的 Keras 3 裡，同樣的迴圈用 `tf.GradientTape` "
                 "求梯度，再用 `opt.apply_gradients(zip(grads, model.trainable_weights))` 更新，"
                 "就像「反向傳播」分頁做的那一步。"},
    "learn.reg.dropout_notes": {
        "en": "*In the notes:* the course code comments `Dropout(拿掉多少% data)` (how many % of the data to "
              "remove). Dropout removes no data: at each training step it switches off that share of the units of "
              "the layer before it (their outputs become 0) and multiplies the other outputs by 1/(1 − rate), and "
              "it does nothing when the model predicts. The notes' Regularization section says it right: "
              "「將某些比例隱藏神經元關閉」 (switch off a share of the hidden neurons).",
        "zh-TW": "*筆記中*：課程程式碼的註解寫 `Dropout(拿掉多少% data)`。Dropout 並不拿掉資料：它在每個訓練步驟把前一層"
                 "這個比例的神經元關閉（輸出變成 0），其餘的輸出乘上 1/(1 − rate)；模型預測時它完全不作用。"
                 "筆記在正則化一節的說法才對：「將某些比例隱藏神經元關閉」。"},
    "learn.loss.notes": {
        "en": "*In the notes:* −log₂ p is called \"Information gain\" (Information gain:I(x)=−log₂(p(x))). Its "
              "usual name is **information content** (self-information): how surprising one outcome is. "
              "**Information gain** is something else: how much the entropy drops when you learn something, "
              "H(before) − H(after), as when a decision tree chooses a split.",
        "zh-TW": "*筆記中*：−log₂ p 被稱為「Information gain」（Information gain:I(x)=−log₂(p(x))）。它通用的名稱是"
                 "**訊息量**（information content，自資訊）：一個結果有多令人驚訝。**資訊增益**（information gain）"
                 "是另一回事：得知某件事之後熵減少了多少，H(之前) − H(之後)，例如決策樹選擇分割時用的量。"},
    "learn.gd.notes": {
        "en": "*In the notes:* 「Gradient=0時,w為最佳解」 (where the gradient is 0, w is the best solution). A zero "
              "gradient only says the surface is flat there: a **stationary point**. On the bowls above that is "
              "the minimum, but a network's loss has many stationary points: local minima, and **saddle points** "
              "that go up in one direction and down in another. Gradient descent can stop or crawl at any of "
              "them; Compare's saddle surface shows one.",
        "zh-TW": "*筆記中*：「Gradient=0時,w為最佳解」。梯度為 0 只表示曲面在那裡是平的：一個**駐點**。"
                 "在上面的碗裡那正是最小值，但網路的損失有許多駐點：局部最小值，以及在一個方向往上、另一個方向往下的"
                 "**鞍點**。梯度下降可能停在或慢慢爬過其中任何一個；「比較」頁的鞍形曲面就是一例。"},
    "learn.gd.epochs_notes": {
        "en": "*In the notes:* 「次數越多損失函數會持續下降,準確度相對提高」 (the more epochs, the lower the loss "
              "and the higher the accuracy). That holds for the **training** loss, not for the **validation** loss. "
              "The notes' own run shows it: val_loss falls to **0.0672** at epoch 7 and then rises (0.0701, "
              "0.0744, 0.0745) while the training loss keeps falling (0.0575 → 0.0445). From epoch 8 the model "
              "fits its training images better and new images worse: overfitting begins. Build & Train draws both "
              "losses; Inspect says when the validation loss turns.",
        "zh-TW": "*筆記中*：「次數越多損失函數會持續下降,準確度相對提高」。這對**訓練**損失成立，對**驗證**損失則不然。"
                 "筆記自己的訓練就是例子：val_loss 在第 7 個 epoch 降到 **0.0672**，之後反而上升（0.0701、0.0744、"
                 "0.0745），訓練損失卻一直下降（0.0575 → 0.0445）。從第 8 個 epoch 起，模型把訓練圖片記得更熟，"
                 "對新圖片卻更差：過擬合開始了。「建構與訓練」頁畫出兩種損失；「檢視模型」頁會指出驗證損失何時轉折。"},
    "learn.act.variants": {
        "en": "**Why Leaky ReLU and ELU exist.** The notes: 「ReLU可解決消失的梯度,但均值大於零非標準化」: ReLU "
              "solves the vanishing gradient, but its outputs are never negative, so on inputs from N(0, 1) its "
              "mean output is **{relu}**, not 0: not the standardized N(0, 1) the notes ask of each layer. "
              "**Leaky ReLU** lets a small slope through for negative inputs (0.2·x in Keras), mean **{leaky}**; "
              "**ELU** bends down towards −1 there, mean **{elu}**, closer to zero; and both keep a gradient for "
              "negative inputs, where ReLU's is 0. **Softplus** ln(1 + eˣ) is a smooth ReLU (mean {softplus}). "
              "All three are activations on Build & Train. The notes also name **BRU** (Biological Root Unit), "
              "which is not in Keras, so the app does not offer it. ReLU stays the default, in the notes and here.",
        "zh-TW": "**為什麼有 Leaky ReLU 與 ELU**。筆記：「ReLU可解決消失的梯度,但均值大於零非標準化」：ReLU 的輸出從不為負，"
                 "所以輸入來自 N(0, 1) 時，它的平均輸出是 **{relu}** 而不是 0，不是筆記要求每一層的標準化 N(0, 1)。"
                 "**Leaky ReLU** 讓負的輸入保留一點斜率（Keras 中為 0.2·x），平均 **{leaky}**；**ELU** 在負的一側往 −1 "
                 "彎下去，平均 **{elu}**，更接近零；兩者在負的輸入也都保有梯度，ReLU 在那裡的梯度是 0。**Softplus** "
                 "ln(1 + eˣ) 是平滑的 ReLU（平均 {softplus}）。這三個都能在「建構與訓練」頁選用。筆記還提到 **BRU**"
                 "（Biological Root Unit），Keras 沒有它，所以本程式沒有提供。ReLU 仍是預設，筆記與本程式都一樣。"},
}
