"""Strings of the Learn page (keys learn.*): explanations, widget labels, chart labels, table columns."""

TEXT = {
    "learn.title": {"en": "Learn", "zh-TW": "學習"},
    "learn.subtitle": {"en": "The course's ideas as small experiments. Move a slider, watch the numbers change, "
                             "then open a real training run with one click.",
                       "zh-TW": "把課程的觀念做成小實驗：拉動滑桿、看數字變化，再一鍵打開真正的訓練。"},
    "learn.try": {"en": "Try it: {preset}", "zh-TW": "動手試試：{preset}"},
    # tabs
    "learn.tab.neuron": {"en": "Neuron & layer", "zh-TW": "神經元與層"},
    "learn.tab.activations": {"en": "Activations", "zh-TW": "激勵函數"},
    "learn.tab.loss": {"en": "Losses", "zh-TW": "損失函數"},
    "learn.tab.gd": {"en": "Gradient descent", "zh-TW": "梯度下降"},
    "learn.tab.backprop": {"en": "Backprop", "zh-TW": "反向傳播"},
    "learn.tab.regularization": {"en": "Regularization", "zh-TW": "正則化"},
    "learn.tab.lagrange": {"en": "Lagrange", "zh-TW": "拉格朗日"},
    "learn.tab.optimizers": {"en": "Optimizers", "zh-TW": "優化器"},
    "learn.tab.tensorboard": {"en": "TensorBoard", "zh-TW": "TensorBoard"},

    # 1. neuron and layer
    "learn.neuron.intro": {
        "en": "A Dense layer computes **Z = σ(WᵀX + b)**: multiply the inputs by the weights, add the bias, "
              "pass the sum through an activation σ.\n\n"
              "| | shape | here (one neuron, 2 inputs) | course model, first layer |\n|---|---|---|---|\n"
              "| X (inputs) | D × 1 | 2 × 1 | {d} × 1 (28 × 28 pixels) |\n"
              "| W (weights) | D × M | 2 × 1 | {d} × {m} |\n"
              "| b (biases) | M × 1 | 1 × 1 | {m} × 1 |\n"
              "| Z (outputs) | M × 1 | 1 × 1 | {m} × 1 |\n\n"
              "The course's first layer alone has {d} × {m} + {m} = **{params}** parameters. "
              "With a sigmoid σ and one output, the neuron is a classifier: **prediction = round(σ(WᵀX + b))**.",
        "zh-TW": "全連接層（Dense）計算 **Z = σ(WᵀX + b)**：輸入乘上權重、加上偏差，再經過激勵函數 σ。\n\n"
                 "| | 形狀 | 這裡（1 個神經元、2 個輸入） | 課程模型第一層 |\n|---|---|---|---|\n"
                 "| X（輸入） | D × 1 | 2 × 1 | {d} × 1（28 × 28 像素） |\n"
                 "| W（權重） | D × M | 2 × 1 | {d} × {m} |\n"
                 "| b（偏差） | M × 1 | 1 × 1 | {m} × 1 |\n"
                 "| Z（輸出） | M × 1 | 1 × 1 | {m} × 1 |\n\n"
                 "光是課程模型的第一層就有 {d} × {m} + {m} = **{params}** 個參數。"
                 "用 sigmoid 當 σ、只有一個輸出時，這個神經元就是一個分類器：**預測 = round(σ(WᵀX + b))**。"},
    "learn.neuron.w1": {"en": "Weight w₁", "zh-TW": "權重 w₁"},
    "learn.neuron.w2": {"en": "Weight w₂", "zh-TW": "權重 w₂"},
    "learn.neuron.b": {"en": "Bias b", "zh-TW": "偏差 b"},
    "learn.neuron.x1": {"en": "Input x₁", "zh-TW": "輸入 x₁"},
    "learn.neuron.x2": {"en": "Input x₂", "zh-TW": "輸入 x₂"},
    "learn.neuron.result": {
        "en": "At this input: WᵀX + b = **{pre}**, Z = {activation}({pre}) = **{z}**",
        "zh-TW": "在這個輸入：WᵀX + b = **{pre}**，Z = {activation}({pre}) = **{z}**"},
    "learn.neuron.point": {"en": "your input", "zh-TW": "你的輸入"},
    "learn.neuron.fig_title": {"en": "Output surface of one neuron with σ = {activation}",
                               "zh-TW": "單一神經元的輸出曲面（σ = {activation}）"},

    # 2. activations
    "learn.act.intro": {
        "en": "The activation bends the straight line WᵀX + b; without it, a deep network is just one "
              "linear map. Its derivative σ′ matters as much as σ: backpropagation multiplies the gradient "
              "by σ′ once per layer. Sigmoid's derivative is at most **0.25**, so through n sigmoid layers "
              "the σ′ factors multiply to at most 0.25ⁿ and the first layers stop learning (**vanishing "
              "gradients**). That bound is on the σ′ factors only: the gradient is also multiplied by each "
              "layer's weights, which can shrink it further or partly make up for it. **tanh** vanishes "
              "too, more slowly: its derivative is 1 only at 0 and falls below 1 away from it ({tanh_1} at "
              "x = 1, {tanh_2} at x = 2). ReLU's derivative is 1 for every positive input, so the gradient "
              "passes through unchanged. Derivatives below are taken by `tf.GradientTape`.",
        "zh-TW": "激勵函數把直線 WᵀX + b 彎曲；沒有它，再深的網路也只是一個線性轉換。它的導數 σ′ 和 σ 一樣重要："
                 "反向傳播每經過一層，梯度就乘上一次 σ′。sigmoid 的導數最大只有 **0.25**，經過 n 層 "
                 "sigmoid，這些 σ′ 因子相乘最多只剩 0.25ⁿ，前面幾層幾乎學不到東西（**梯度消失**）。這個上限只管 "
                 "σ′ 因子：梯度還會乘上每一層的權重，可能讓它更小，也可能部分抵銷。**tanh** 也會梯度消失，只是比較慢："
                 "它的導數只有在 0 時等於 1，離 0 越遠就越小於 1（x = 1 時為 {tanh_1}，x = 2 時為 "
                 "{tanh_2}）。ReLU 在輸入為正時導數都是 1，梯度可以原封不動地傳回去。下圖的導數都由 "
                 "`tf.GradientTape` 計算。"},
    "learn.act.pick": {"en": "Activations to plot", "zh-TW": "要畫出的激勵函數"},
    "learn.act.depth": {"en": "Depth n (layers)", "zh-TW": "深度 n（層數）"},
    "learn.act.depth_result": {
        "en": "Through **{depth}** sigmoid layers the σ′ factors multiply to at most $0.25^{{{depth}}}$ = "
              "**{value}**; the weights multiply in on top of that.",
        "zh-TW": "經過 **{depth}** 層 sigmoid，σ′ 因子相乘最多只剩 $0.25^{{{depth}}}$ = "
                 "**{value}**；權重還會再乘上去。"},
    "learn.act.pick_one": {"en": "Pick at least one activation to plot.", "zh-TW": "請至少選一個激勵函數。"},
    "learn.act.fig_functions": {"en": "σ(x) solid, σ′(x) dashed", "zh-TW": "σ(x) 實線，σ′(x) 虛線"},
    "learn.act.fig_depth": {
        "en": "Upper bound of the σ′ factors after n layers: (max σ′)ⁿ",
        "zh-TW": "n 層後 σ′ 因子乘積的上限：(max σ′)ⁿ"},
    "learn.act.depth_axis": {"en": "layers n", "zh-TW": "層數 n"},
    "learn.act.bound_axis": {"en": "gradient factor", "zh-TW": "梯度倍率"},
    "learn.act.col.activation": {"en": "Activation", "zh-TW": "激勵函數"},
    "learn.act.col.range": {"en": "Output range", "zh-TW": "輸出範圍"},
    "learn.act.col.mean_output": {"en": "Mean output for x ~ N(0, 1)", "zh-TW": "x ~ N(0, 1) 時的平均輸出"},
    "learn.act.col.zero_centred": {"en": "Zero-centred", "zh-TW": "以零為中心"},
    "learn.act.col.max_derivative": {"en": "max σ′", "zh-TW": "σ′ 最大值"},

    # 3. losses
    "learn.loss.intro": {
        "en": "A loss function turns *how wrong* into one number to minimise.\n\n"
              "- **MSE** = mean of (y − ŷ)², **MAE** = mean of |y − ŷ|. Squaring makes MSE chase a far-off point: "
              "drag the outlier and watch the MSE line tilt while the MAE line hardly moves.\n"
              "- **Information** of an outcome with probability p: I = −log₂ p bits (rare means surprising). "
              "**Entropy** H(p) = −Σ p log₂ p is the average information; a fair coin has H = {coin} bit.\n"
              "- **Cross-entropy** H(y, ŷ) = −Σ y log₂ ŷ scores a forecast ŷ against what happened y. "
              "The course's example: tomorrow a stock goes *up*, *down* or stays *flat*. Set the forecast and "
              "the outcome below. Keras uses the natural log, so it reports H × ln 2 (nats).",
        "zh-TW": "損失函數把「錯得多離譜」變成一個要最小化的數字。\n\n"
                 "- **MSE**（均方誤差）＝ (y − ŷ)² 的平均，**MAE**（平均絕對誤差）＝ |y − ŷ| 的平均。"
                 "平方會讓 MSE 被遠處的點拉走：拖動離群值，MSE 的直線會傾斜，MAE 的直線幾乎不動。\n"
                 "- 機率為 p 的事件的**訊息量**：I = −log₂ p 位元（越罕見越令人驚訝）。"
                 "**熵** H(p) = −Σ p log₂ p 是平均訊息量；公平的硬幣 H = {coin} 位元。\n"
                 "- **交叉熵** H(y, ŷ) = −Σ y log₂ ŷ 用實際結果 y 為預測 ŷ 打分數。"
                 "課程的例子：明天股價會*上漲*、*下跌*或*平盤*。在下面設定預測與實際結果。"
                 "Keras 使用自然對數，所以它回報的是 H × ln 2（單位 nats，以自然對數計）。"},
    "learn.loss.outlier": {"en": "Move the last point up by (outlier)", "zh-TW": "把最後一點往上移（離群值）"},
    "learn.loss.actual": {"en": "What the stock actually did", "zh-TW": "股價實際的走勢"},
    "learn.loss.weight": {"en": "Forecast weight: {outcome}", "zh-TW": "預測權重：{outcome}"},
    "learn.loss.metric_ce_bits": {"en": "Cross-entropy (bits)", "zh-TW": "交叉熵（位元）"},
    "learn.loss.metric_ce_nats": {"en": "Cross-entropy in Keras (nats)", "zh-TW": "Keras 的交叉熵（nats，自然對數）"},
    "learn.loss.info_bar": {"en": "I = {bits} bit", "zh-TW": "I = {bits} 位元"},
    "learn.loss.metric_entropy": {"en": "Entropy of the forecast (bits)", "zh-TW": "預測本身的熵（位元）"},
    "learn.loss.metric_mse": {"en": "MSE of the same forecast", "zh-TW": "同一個預測的 MSE"},
    "learn.loss.line_mse": {"en": "Best line for MSE", "zh-TW": "MSE 最佳直線"},
    "learn.loss.line_mae": {"en": "Best line for MAE", "zh-TW": "MAE 最佳直線"},
    "learn.loss.col.slope": {"en": "Slope", "zh-TW": "斜率"},
    "learn.loss.col.intercept": {"en": "Intercept", "zh-TW": "截距"},
    "learn.loss.col.mse": {"en": "MSE", "zh-TW": "MSE"},
    "learn.loss.col.mae": {"en": "MAE", "zh-TW": "MAE"},
    "learn.loss.why_ce": {
        "en": "**Why classification uses cross-entropy.** In the bottom chart the right answer gets probability p "
              "from a sigmoid. The cross-entropy gradient is |p − 1|: the more confidently wrong, the harder the "
              "push. The MSE gradient is 2(1 − p)·p(1 − p): it *fades* as p → 0, because the sigmoid is flat "
              "there, so a confidently wrong network barely corrects itself. Try MSE on MNIST and compare.",
        "zh-TW": "**為什麼分類用交叉熵？** 下方的圖中，正確答案經 sigmoid 得到機率 p。"
                 "交叉熵的梯度是 |p − 1|：錯得越有自信，修正的力道越大。"
                 "MSE 的梯度是 2(1 − p)·p(1 − p)：當 p → 0 時反而*變小*，因為 sigmoid 在那裡很平，"
                 "所以很有自信地答錯的網路幾乎不會修正自己。在 MNIST 上用 MSE 訓練看看，比較一下。"},
    "learn.loss.fig_fit": {"en": "Regression: MSE vs MAE", "zh-TW": "迴歸：MSE 與 MAE"},
    "learn.loss.fig_stock": {"en": "Stock forecast vs outcome", "zh-TW": "股價預測與實際結果"},
    "learn.loss.fig_grad": {"en": "Gradient |∂loss/∂z| when the right answer gets probability p",
                            "zh-TW": "正確答案的機率為 p 時的梯度 |∂loss/∂z|"},
    "learn.loss.data": {"en": "data", "zh-TW": "資料"},
    "learn.loss.target": {"en": "what happened (one-hot)", "zh-TW": "實際結果（one-hot 獨熱編碼）"},
    "learn.loss.predicted": {"en": "forecast", "zh-TW": "預測"},
    "learn.loss.ce": {"en": "gradient of cross-entropy", "zh-TW": "交叉熵的梯度"},
    "learn.loss.mse": {"en": "gradient of MSE", "zh-TW": "MSE 的梯度"},
    "learn.loss.your_p": {"en": "your forecast: p = {p}", "zh-TW": "你的預測：p = {p}"},
    "learn.loss.p_axis": {"en": "probability p given to the right answer", "zh-TW": "給正確答案的機率 p"},
    "learn.stock.up": {"en": "up", "zh-TW": "上漲"},
    "learn.stock.down": {"en": "down", "zh-TW": "下跌"},
    "learn.stock.flat": {"en": "flat", "zh-TW": "平盤"},

    # 4. gradient descent
    "learn.gd.intro": {
        "en": "Gradient descent walks downhill: **w ← w − lr · ∂loss/∂w**. The learning rate lr sets the step: "
              "too small and it crawls, too large and it overshoots the valley and **diverges**. On the 2-D bowl "
              "x² + 4y² the steep direction (y) diverges first, at lr > 0.25, while x alone would be fine up to 1.\n\n"
              "Below: fitting a line to 64 points with **batch** GD (all points per update), **mini-batch** GD and "
              "**stochastic** GD (one point per update). Same start, same lr: smaller batches take more, noisier "
              "steps per epoch.",
        "zh-TW": "梯度下降就是往下坡走：**w ← w − lr · ∂loss/∂w**。學習率 lr 決定步伐大小："
                 "太小會慢慢爬，太大會跨過谷底而**發散**。在二維的碗 x² + 4y² 上，陡的方向（y）在 lr > 0.25 時就先發散，"
                 "只看 x 的話到 1 都還沒問題。\n\n"
                 "下方：用 64 個點擬合一條直線，比較**批次**梯度下降（每次更新用全部資料）、**小批次**梯度下降與"
                 "**隨機**梯度下降（每次更新只用一個點）。起點與學習率都相同：批次越小，每個 epoch 的步數越多、也越抖動。"},
    "learn.gd.lr": {"en": "Learning rate (top charts)", "zh-TW": "學習率（上方兩張圖）"},
    "learn.gd.epochs": {"en": "Epochs (bottom chart)", "zh-TW": "Epoch 數（下方圖）"},
    "learn.gd.batch": {"en": "Mini-batch size (bottom chart)", "zh-TW": "小批次大小（下方圖）"},
    "learn.gd.name_batch": {"en": "Batch GD", "zh-TW": "批次梯度下降"},
    "learn.gd.name_minibatch": {"en": "Mini-batch GD", "zh-TW": "小批次梯度下降"},
    "learn.gd.name_stochastic": {"en": "Stochastic GD", "zh-TW": "隨機梯度下降"},
    "learn.gd.col.mode": {"en": "Variant", "zh-TW": "方法"},
    "learn.gd.col.batch_size": {"en": "Batch size", "zh-TW": "批次大小"},
    "learn.gd.col.steps_per_epoch": {"en": "Updates per epoch", "zh-TW": "每個 epoch 的更新次數"},
    "learn.gd.col.updates": {"en": "Updates in all", "zh-TW": "總更新次數"},
    "learn.gd.col.final_loss": {"en": "Final loss (MSE)", "zh-TW": "最後的損失（MSE）"},
    "learn.gd.epoch": {
        "en": "An **epoch** is one pass over all the training points ({n} here); updates per epoch = "
              "⌈training points / batch size⌉. On MNIST the app first holds {validation} of the {images} "
              "training images out (10 %) to validate after each epoch, so `fit(batch_size={batch})` makes "
              "⌈{trained} / {batch}⌉ = **{updates}** updates per epoch.\n"
              "\n"
              "*In the notes:* 60,000 / 32 = 1,875, because the notes train on all 60,000 images and "
              "validate on the test set. The app keeps the test set for the final test only, so that the "
              "test accuracy comes from images that never steered the training.",
        "zh-TW": "一個 **epoch** 就是把全部訓練資料（這裡是 {n} 筆）看過一遍，筆記把訓練幾個 epoch "
                 "稱為**迴圈數**；每個 epoch 的更新次數 = ⌈訓練資料數 / 批次大小⌉。在 MNIST 上，本程式先從 "
                 "{images} 張訓練圖片中保留 {validation} 張（10 %），在每個 epoch 後做驗證，所以 "
                 "`fit(batch_size={batch})` 每個 epoch 更新 ⌈{trained} / {batch}⌉ "
                 "= **{updates}** 次。\n"
                 "\n"
                 "*筆記中*：60,000 / 32 = 1,875，因為筆記用全部 60,000 張訓練、拿測試集做驗證。"
                 "本程式把測試集留到最後才用，讓測試準確度來自從未影響訓練的圖片。"},
    "learn.gd.fig_1d": {"en": "f(x) = x², lr = {lr}: {verdict}", "zh-TW": "f(x) = x²，lr = {lr}：{verdict}"},
    "learn.gd.fig_2d": {"en": "f(x, y) = x² + 4y², lr = {lr}: {verdict}",
                        "zh-TW": "f(x, y) = x² + 4y²，lr = {lr}：{verdict}"},
    "learn.gd.fig_modes": {"en": "Paths of (w, b) on the loss surface of the line fit (lr = 0.1)",
                           "zh-TW": "直線擬合的損失曲面上 (w, b) 的路徑（lr = 0.1）"},
    "learn.gd.converged": {"en": "converges", "zh-TW": "收斂"},
    "learn.gd.crawling": {"en": "crawls", "zh-TW": "慢慢爬"},
    "learn.gd.diverged": {"en": "diverges", "zh-TW": "發散"},
    "learn.gd.mode_batch": {"en": "Batch ({size} points, {steps} update/epoch)",
                            "zh-TW": "批次（{size} 點，每 epoch {steps} 次更新）"},
    "learn.gd.mode_minibatch": {"en": "Mini-batch ({size} points, {steps} updates/epoch)",
                                "zh-TW": "小批次（{size} 點，每 epoch {steps} 次更新）"},
    "learn.gd.mode_stochastic": {"en": "Stochastic ({size} point, {steps} updates/epoch)",
                                 "zh-TW": "隨機（{size} 點，每 epoch {steps} 次更新）"},
    "learn.gd.w_axis": {"en": "slope w", "zh-TW": "斜率 w"},
    "learn.gd.b_axis": {"en": "intercept b", "zh-TW": "截距 b"},

    # 5. backpropagation
    "learn.bp.intro": {
        "en": "A 2-2-1 network with sigmoid units: h = σ(W1ᵀx + b1), ŷ = σ(W2ᵀh + b2), loss L = ½(ŷ − y)². "
              "Backpropagation is the chain rule, applied from the loss backwards:\n\n"
              "- output: δ₂ = ∂L/∂z₂ = (ŷ − y) · ŷ(1 − ŷ), so ∂L/∂W2[j] = δ₂ · hⱼ and ∂L/∂b2 = δ₂\n"
              "- hidden: δ₁ⱼ = δ₂ · W2[j] · hⱼ(1 − hⱼ), so ∂L/∂W1[i,j] = xᵢ · δ₁ⱼ and ∂L/∂b1[j] = δ₁ⱼ\n\n"
              "The table computes these by hand in NumPy, checks them against `tf.GradientTape`, and applies one "
              "SGD step w ← w − lr · ∂L/∂w. Line width in the diagram is the size of the gradient "
              "(red: positive, blue: negative).",
        "zh-TW": "一個 2-2-1、使用 sigmoid 的網路：h = σ(W1ᵀx + b1)，ŷ = σ(W2ᵀh + b2)，損失 L = ½(ŷ − y)²。"
                 "反向傳播就是連鎖律，從損失往回套用：\n\n"
                 "- 輸出層：δ₂ = ∂L/∂z₂ = (ŷ − y) · ŷ(1 − ŷ)，所以 ∂L/∂W2[j] = δ₂ · hⱼ、∂L/∂b2 = δ₂\n"
                 "- 隱藏層：δ₁ⱼ = δ₂ · W2[j] · hⱼ(1 − hⱼ)，所以 ∂L/∂W1[i,j] = xᵢ · δ₁ⱼ、∂L/∂b1[j] = δ₁ⱼ\n\n"
                 "表格用 NumPy 手算這些梯度，與 `tf.GradientTape` 的結果比對，再做一次 SGD 更新 "
                 "w ← w − lr · ∂L/∂w。圖中線條的粗細代表梯度大小（紅：正，藍：負）。"},
    "learn.bp.target": {"en": "Target y", "zh-TW": "目標 y"},
    "learn.bp.lr": {"en": "Learning rate", "zh-TW": "學習率"},
    "learn.bp.loss_before": {"en": "Loss before the step", "zh-TW": "更新前的損失"},
    "learn.bp.loss_after": {"en": "Loss after one SGD step", "zh-TW": "一次 SGD 更新後的損失"},
    "learn.bp.col.value": {"en": "Value", "zh-TW": "目前的值"},
    "learn.bp.col.grad_hand": {"en": "∂L/∂w by hand (NumPy)", "zh-TW": "手算 ∂L/∂w（NumPy）"},
    "learn.bp.col.grad_tape": {"en": "∂L/∂w by GradientTape", "zh-TW": "GradientTape 的 ∂L/∂w"},
    "learn.bp.col.difference": {"en": "Difference", "zh-TW": "差異"},
    "learn.bp.col.new_value": {"en": "After the step", "zh-TW": "更新後"},
    "learn.bp.check": {"en": "Largest difference between the hand-made and the TensorFlow gradients: {diff}.",
                       "zh-TW": "手算與 TensorFlow 梯度的最大差異：{diff}。"},
    "learn.bp.fig_loss": {"en": "target y = {target}<br>L = ½(ŷ − y)² = {loss}",
                          "zh-TW": "目標 y = {target}<br>L = ½(ŷ − y)² = {loss}"},
    "learn.bp.fig_title": {"en": "Forward values in the nodes, weights and gradients on the edges",
                           "zh-TW": "節點內是向前傳遞的值，連線上是權重與梯度"},

    # 6. regularization
    "learn.reg.intro": {
        "en": "Regularization keeps a network from memorising its training data.\n"
              "\n"
              "- **L1 (Lasso)** adds λ·Σ|w| to the loss and **L2 (Ridge)** adds λ·Σw²: exactly what Keras' "
              "`L1(λ)` and `L2(λ)` add, which is what Build & Train trains with (the loss here is the "
              "MSE). As λ grows, L2 shrinks every coefficient smoothly; L1 sets the least useful ones "
              "**exactly to zero** (x4 and x5 are pure noise here). Paths solved by coordinate descent "
              "(L1) and in closed form (L2).\n"
              "- **Dropout** zeroes a random part of a layer's outputs at every training step, and scales "
              "the rest by 1/(1 − rate) so the expected sum stays the same. The mask is new each step: "
              "press the button.\n"
              "- **Batch normalization** rescales each unit's pre-activations over the batch to mean 0 and "
              "standard deviation 1 (then learns its own scale and shift), so the next layer always sees "
              "inputs of the same size. Below: a Dense layer on a batch of real MNIST digits, before and "
              "after Keras' `BatchNormalization`.",
        "zh-TW": "正則化讓網路不要死背訓練資料。\n"
                 "\n"
                 "- **L1**（Lasso）在損失加上 λ·Σ|w|，**L2**（Ridge）加上 λ·Σw²：正是 Keras "
                 "的 `L1(λ)` 與 `L2(λ)` 所加的項，也就是「建構與訓練」頁訓練時用的（這裡的損失是 MSE）。λ 變大時，"
                 "L2 讓每個係數平滑地縮小；L1 會把最沒用的係數**剛好變成零**（這裡的 x4 與 x5 純粹是雜訊）。"
                 "路徑以座標下降法（L1）與封閉解（L2）求得。\n"
                 "- **Dropout**（丟棄法）在每個訓練步驟隨機把一層的部分輸出歸零，其餘乘上 1/(1 − rate)，"
                 "讓總和的期望值不變。每一步的遮罩都不同：按下按鈕看看。\n"
                 "- **批次正規化**把每個神經元在整個批次上的輸入值調整成平均 0、標準差 1（之後再學自己的縮放與平移），"
                 "讓下一層看到的輸入大小一致。下方：一層 Dense 在一批真實 MNIST 圖片上的輸出，經過 Keras "
                 "`BatchNormalization` 前後的分布。"},
    "learn.reg.lambda": {"en": "Penalty strength λ", "zh-TW": "懲罰強度 λ"},
    "learn.reg.rate": {"en": "Dropout rate", "zh-TW": "Dropout 比例"},
    "learn.reg.redraw": {"en": "Next training step (new mask)", "zh-TW": "下一個訓練步驟（新的遮罩）"},
    "learn.reg.batch": {"en": "Batch size (batch norm)", "zh-TW": "批次大小（批次正規化）"},
    "learn.reg.zeros": {
        "en": "At λ = {lam}: L1 has **{l1}** coefficients exactly zero, L2 has **{l2}**. Dropout mask of step {step}.",
        "zh-TW": "λ = {lam} 時：L1 有 **{l1}** 個係數剛好為零，L2 有 **{l2}** 個。目前是第 {step} 步的 Dropout 遮罩。"},
    "learn.reg.fig_l1": {"en": "L1 (Lasso) coefficient paths", "zh-TW": "L1（Lasso）係數路徑"},
    "learn.reg.fig_l2": {"en": "L2 (Ridge) coefficient paths", "zh-TW": "L2（Ridge）係數路徑"},
    "learn.reg.fig_dropout": {"en": "A layer of 12 units, dropout rate {rate} (✕ = dropped)",
                              "zh-TW": "一層 12 個神經元，Dropout 比例 {rate}（✕ = 被丟棄）"},
    "learn.reg.fig_bn_before": {"en": "Pre-activations before batch norm", "zh-TW": "批次正規化之前的輸入值"},
    "learn.reg.fig_bn_after": {"en": "After batch norm", "zh-TW": "批次正規化之後"},
    "learn.reg.coef_axis": {"en": "coefficient", "zh-TW": "係數"},
    "learn.reg.before_dropout": {"en": "before", "zh-TW": "之前"},
    "learn.reg.after_dropout": {"en": "after", "zh-TW": "之後"},
    "learn.reg.unit_axis": {"en": "unit", "zh-TW": "神經元"},
    "learn.reg.unit": {"en": "unit {unit}", "zh-TW": "神經元 {unit}"},
    "learn.reg.preact_axis": {"en": "value over the batch", "zh-TW": "整個批次上的值"},

    # 7. Lagrange multipliers
    "learn.lag.intro": {
        "en": "Find the largest and smallest **f(x, y) = x + y** on the circle **x² + y² = c** (the course uses "
              "c = 32). With L = f + λ·(x² + y² − c), the extremes are where ∇L = 0: 1 + 2λx = 0, 1 + 2λy = 0 and "
              "x² + y² = c. So x = y = −1/(2λ); for c = 32 the maximum is at (4, 4) with λ = −1/8 and the minimum "
              "at (−4, −4) with λ = 1/8. There **∇f and ∇g are parallel**: the contour of f just touches the circle. "
              "The table solves ∇L = 0 numerically (`scipy.optimize.root`) and compares with this closed form.",
        "zh-TW": "在圓 **x² + y² = c** 上找 **f(x, y) = x + y** 的最大值與最小值（課程用 c = 32）。"
                 "令 L = f + λ·(x² + y² − c)，極值發生在 ∇L = 0：1 + 2λx = 0、1 + 2λy = 0 且 x² + y² = c。"
                 "所以 x = y = −1/(2λ)；c = 32 時最大值在 (4, 4)、λ = −1/8，最小值在 (−4, −4)、λ = 1/8。"
                 "在這兩點 **∇f 與 ∇g 平行**：f 的等高線剛好與圓相切。"
                 "表格以數值方法（`scipy.optimize.root`）解 ∇L = 0，並與這個封閉解比較。"},
    "learn.lag.c": {"en": "Circle x² + y² = c", "zh-TW": "圓 x² + y² = c"},
    "learn.lag.angle": {"en": "Move a point around the circle (degrees)", "zh-TW": "沿著圓移動一個點（角度）"},
    "learn.lag.col.kind": {"en": "Extreme", "zh-TW": "極值"},
    "learn.lag.col.x": {"en": "x", "zh-TW": "x"},
    "learn.lag.col.y": {"en": "y", "zh-TW": "y"},
    "learn.lag.col.f": {"en": "f = x + y", "zh-TW": "f = x + y"},
    "learn.lag.col.lam_numeric": {"en": "λ (numerical)", "zh-TW": "λ（數值解）"},
    "learn.lag.col.lam_exact": {
        "en": "λ (closed form, L = f + λg)",
        "zh-TW": "λ（封閉解，L = f + λg）"},
    "learn.lag.max": {"en": "maximum", "zh-TW": "最大值"},
    "learn.lag.min": {"en": "minimum", "zh-TW": "最小值"},
    "learn.lag.probe_text": {
        "en": "At the red point f = {f} and the angle between ∇f and ∇g is **{angle}°**: only 0° (maximum) or "
              "180° (minimum) marks an extreme.",
        "zh-TW": "紅色點上 f = {f}，∇f 與 ∇g 的夾角是 **{angle}°**：只有 0°（最大值）或 180°（最小值）才是極值。"},
    "learn.lag.circle": {"en": "x² + y² = {c}", "zh-TW": "x² + y² = {c}"},
    "learn.lag.probe": {"en": "point on the circle (angle between gradients {angle}°)",
                        "zh-TW": "圓上的點（梯度夾角 {angle}°）"},

    # 8. optimizers
    "learn.opt.intro": {
        "en": "Plain SGD steps along the current gradient only. The notes sort optimizers into three families: "
              "fixed hyper-parameters, programmable, and adaptive (固定超參數、可程式控制、自適應).\n"
              "\n"
              "- **Fixed hyper-parameters:** SGD, alone or with **momentum** (and Nesterov), keeps the learning "
              "rate and the momentum you set for the whole training. Momentum keeps a running velocity of past "
              "gradients, so it rolls through small bumps and speeds up along long gentle valleys.\n"
              "- **Programmable:** a **learning-rate schedule** changes the rate by a rule as the training goes "
              "on: large steps first, smaller ones near the end. In this app it is the `lr_schedule` setting on "
              "Build & Train: `constant`, `step`, `exponential` or `cosine`.\n"
              "- **Adaptive:** each weight's step is divided by the size of its past gradients. **Adagrad** adds "
              "up *all* past squared gradients, so its effective rate lr/√(Σg²) only ever shrinks; **RMSprop** "
              "and **Adadelta** keep a *decaying average* instead, so old gradients fade and the effective rate "
              "can grow again. Adadelta also multiplies each step by the size of its own past steps, which "
              "start at almost nothing: in Keras its first steps are tiny and grow slowly (its paper uses lr = "
              "1). **Adam** combines momentum for the direction with RMSprop's scaling for the size, and "
              "corrects the first steps. It is the course model's default (lr = 0.001).\n"
              "\n"
              "**Why adaptive methods suit sparse data:** a weight whose input is rarely non-zero (a rare "
              "word, a pixel that is almost always blank) gets few gradients, so its sum or average of "
              "squared gradients stays small and its steps stay large: it still learns from the few "
              "examples that have it. **Saddle points:** where the loss curves up in one direction and "
              "down in another, the gradient is nearly zero and plain SGD crawls; momentum carries the "
              "path through, and the adaptive scaling enlarges the tiny steps. Compare's saddle surface "
              "shows both.",
        "zh-TW": "一般的 SGD 只沿著目前的梯度走一步。筆記把優化器分成三個家族：固定超參數、可程式控制、自適應。\n"
                 "\n"
                 "- **固定超參數**：SGD，單獨使用或加上 **Momentum**（動量，以及 Nesterov），整個訓練都用你設定的"
                 "學習率與動量。動量累積過去梯度的速度，能滾過小坑洞，在長而平緩的山谷中越走越快。\n"
                 "- **可程式控制**：**學習率排程**（learning-rate schedule）依一條規則隨訓練改變學習率："
                 "先走大步，接近結束時走小步。在本程式中就是「建構與訓練」頁的 `lr_schedule` 設定："
                 "`constant`、`step`、`exponential` 或 `cosine`。\n"
                 "- **自適應**：把每個權重的步伐除以它過去梯度的大小。**Adagrad** 把過去*所有*梯度的平方加總，"
                 "所以它的有效學習率 lr/√(Σg²) 只會越來越小；**RMSprop** 與 **Adadelta** 改用*逐漸衰減的平均*，"
                 "舊的梯度會被淡忘，有效學習率可以再變大。Adadelta 還把每一步乘上自己過去步伐的大小，"
                 "而這個量一開始幾乎是零：在 Keras 裡它最初的步伐非常小、之後慢慢變大（原始論文用學習率 1）。"
                 "**Adam** 的方向用動量，大小用 RMSprop 的縮放，並修正最初幾步的偏差。"
                 "它是課程模型的預設優化器（學習率 0.001）。\n"
                 "\n"
                 "**為什麼自適應方法適合稀疏資料**：若某個權重的輸入很少不是 0（罕見的字、幾乎總是空白的像素），它得到的梯度很少，"
                 "梯度平方的總和或平均就一直很小，步伐也就一直很大：它仍能從少數含有它的樣本中學習。**鞍點**：損失在一個方向往上彎、"
                 "在另一個方向往下彎的地方，梯度幾乎為零，一般的 SGD 會走得很慢；動量能帶著路徑衝過去，"
                 "自適應的縮放則會放大微小的步伐。「比較」頁的鞍形曲面可以看到這兩點。"},
    "learn.opt.link": {"en": "Race the optimizers fairly on the Compare page",
                       "zh-TW": "到「比較」頁面公平地比賽各種優化器"},

    # 9. TensorBoard
    "learn.tb.intro": {
        "en": "TensorBoard is TensorFlow's dashboard for training logs. After a run, download its TensorBoard "
              "logs on the **Inspect** page (a .zip), unzip it, and open it on your own computer:",
        "zh-TW": "TensorBoard 是 TensorFlow 用來看訓練日誌檔的儀表板。訓練完成後，在**檢視模型**頁面下載 "
                 "TensorBoard 日誌檔（.zip 檔），解壓縮後在自己的電腦上打開："},
    "learn.tb.commands": {
        "en": "pip install tensorboard\n# unzip the downloaded file into a folder, e.g. tb_logs\n"
              "tensorboard --logdir tb_logs\n# then open http://localhost:6006 in the browser",
        "zh-TW": "pip install tensorboard\n# 把下載的檔案解壓縮到一個資料夾，例如 tb_logs\n"
                 "tensorboard --logdir tb_logs\n# 接著用瀏覽器打開 http://localhost:6006"},
    "learn.tb.tabs": {
        "en": "**Scalars** shows loss and accuracy per epoch for training and validation (the same curves "
              "as Build & Train), and **Histograms** / **Distributions** show how each layer's weights "
              "change over the epochs. **Graphs** draws the model from the Keras model graph the app "
              "writes into the logs: choose *Conceptual graph* on the left and double-click the model to "
              "see its layers (the default *Op graph* says “Graph visualization failed”, because Keras 3 "
              "writes no graph of TensorFlow operations). Point `--logdir` at a folder holding several "
              "runs to overlay them.",
        "zh-TW": "**Scalars** 顯示訓練與驗證每個 epoch 的損失與準確度（和「建構與訓練」頁的曲線相同），"
                 "**Histograms** / **Distributions** 顯示每一層的權重如何隨 epoch 改變。"
                 "**Graphs** 依本程式寫進日誌檔的 Keras 模型圖畫出模型：在左側選 *Conceptual graph*，"
                 "再雙擊模型就能看到每一層（預設的 *Op graph* 會顯示「Graph visualization failed」，"
                 "因為 Keras 3 不會寫出 TensorFlow 運算的圖）。把 `--logdir` 指向放了好幾次訓練的資料夾，"
                 "就能把它們疊在一起比較。"},
}
