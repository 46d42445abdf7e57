"""Strings of Learn's "From dense to convolution" tab (keys learn.tab.cnn and learn.cnn.*)."""

TEXT = {
    "learn.tab.cnn": {"en": "From dense to convolution", "zh-TW": "從全連接到卷積"},
    "learn.cnn.intro": {
        "en": "The course model reads a digit as 784 numbers in a row: every unit of its Dense layer has a weight "
              "of its own for every pixel, and nothing tells it that two pixels are neighbours. A **convolution** "
              "layer keeps the picture's 2-D layout: it slides a small **filter** of 3 × 3 weights over the image "
              "and writes, at each position, one number of its **feature map**. A **pooling** layer then keeps the "
              "largest value of each 2 × 2 block: it halves each side of the map, so a quarter of its area is left (26 × 26 → "
              "13 × 13). This is the network Keras's own MNIST example "
              "(`mnist_convnet`) trains.\n"
              "\n"
              "*In the notes:* the course notes stop at dense networks; this tab is the next step, built from the "
              "same Keras layers and trained on Build & Train like the course model.",
        "zh-TW": "課程模型把一張數字圖讀成排成一列的 784 個數字：全連接層（Dense）的每個神經元對每個像素都有自己的權重，"
                 "沒有任何東西告訴它哪兩個像素是相鄰的。**卷積**層保留圖片的二維排列：它把一個 3 × 3 權重的小"
                 "**濾波器**滑過整張圖，在每個位置寫下**特徵圖**上的一個數字。接著**池化**層在每個 2 × 2 區塊中只留下"
                 "最大值：特徵圖的長與寬各減半，面積只剩四分之一（26 × 26 → 13 × 13）。這正是 Keras 官方 MNIST 範例（`mnist_convnet`）所訓練的網路。\n"
                 "\n"
                 "*筆記中*：課程筆記講到全連接網路為止；這個分頁是下一步，使用同樣的 Keras 層，"
                 "也和課程模型一樣在「建構與訓練」頁訓練。"},

    # 1. weight sharing and parameter counts
    "learn.cnn.params_heading": {"en": "Weight sharing: fewer parameters", "zh-TW": "權重共享：更少的參數"},
    "learn.cnn.table_course": {
        "en": "**Course model** (784 → 128 → 10, dropout 0.2): by hand **{hand}** parameters; Keras's "
              "`model.count_params()`: **{keras}**.",
        "zh-TW": "**課程模型**（784 → 128 → 10，dropout 0.2）：手算 **{hand}** 個參數；Keras 的 "
                 "`model.count_params()`：**{keras}**。"},
    "learn.cnn.table_small_cnn": {
        "en": "**Small CNN** (conv32, pool, conv64, pool → 10): by hand **{hand}** parameters; Keras's "
              "`model.count_params()`: **{keras}**.",
        "zh-TW": "**小型卷積網路**（conv32、pool、conv64、pool → 10）：手算 **{hand}** 個參數；Keras 的 "
                 "`model.count_params()`：**{keras}**。"},
    "learn.cnn.col.layer": {"en": "Layer", "zh-TW": "層"},
    "learn.cnn.col.output": {"en": "Output", "zh-TW": "輸出"},
    "learn.cnn.col.formula": {"en": "By hand", "zh-TW": "手算"},
    "learn.cnn.col.parameters": {"en": "Parameters", "zh-TW": "參數"},
    "learn.cnn.col.keras": {"en": "Keras count_params()", "zh-TW": "Keras count_params()"},
    "learn.cnn.col.uses": {"en": "Each weight used per image", "zh-TW": "每個權重在一張圖上用幾次"},
    "learn.cnn.no_weights": {"en": "no weights", "zh-TW": "沒有權重"},
    "learn.cnn.sharing": {
        "en": "A Dense unit has **{inputs}** weights of its own, one per pixel, and uses each once. A 3 × 3 filter "
              "has **9** weights (and a bias) and uses the same 9 at all {side} × {side} = **{positions}** "
              "positions: the first convolution layer's {conv_weights} weights do {multiplications} "
              "multiplications per image; the course model's first layer does {dense_weights} and needs a weight "
              "for each. An edge detector learnt in one corner works in every corner, so the small CNN has "
              "{ratio:.1f} × fewer parameters than the course model, and it knows which pixels are neighbours.",
        "zh-TW": "全連接層的一個神經元有 **{inputs}** 個自己的權重，每個像素一個，每個只用一次。一個 3 × 3 濾波器只有 "
                 "**9** 個權重（加一個偏差），在全部 {side} × {side} = **{positions}** 個位置上重複使用同樣這 9 個："
                 "第一個卷積層的 {conv_weights} 個權重每張圖要做 {multiplications} 次乘法；課程模型的第一層做 "
                 "{dense_weights} 次，每一次都要一個自己的權重。在一個角落學到的邊緣偵測器在每個角落都用得上，"
                 "所以小型卷積網路的參數只有課程模型的約 1/{ratio:.1f}，而且它知道哪些像素是相鄰的。"},

    # 2. a filter sliding over a digit
    "learn.cnn.slide_heading": {"en": "A 3 × 3 filter sliding over a digit", "zh-TW": "3 × 3 濾波器滑過一個數字"},
    "learn.cnn.slide_intro": {
        "en": "Pick a digit from the test set and a filter, then move the window. At each position the filter "
              "multiplies the 9 pixels under it by its 9 weights and adds the products: that sum is one pixel of "
              "the feature map. The pixels are in 0..1, as the model sees them after its rescaling.",
        "zh-TW": "從測試集選一個數字和一個濾波器，再移動視窗。在每個位置，濾波器把底下 9 個像素乘上它的 9 個權重，"
                 "再把乘積相加：這個總和就是特徵圖上的一個像素。像素值在 0..1 之間，和模型在縮放之後看到的一樣。"},
    "learn.cnn.digit": {"en": "Test digit", "zh-TW": "測試數字"},
    "learn.cnn.filter": {"en": "Filter", "zh-TW": "濾波器"},
    "learn.cnn.filter.vertical": {"en": "Vertical edges", "zh-TW": "垂直邊緣"},
    "learn.cnn.filter.horizontal": {"en": "Horizontal edges", "zh-TW": "水平邊緣"},
    "learn.cnn.filter.diagonal": {"en": "Diagonal edges", "zh-TW": "斜向邊緣"},
    "learn.cnn.filter.blur": {"en": "Blur", "zh-TW": "模糊"},
    "learn.cnn.filter.sharpen": {"en": "Sharpen", "zh-TW": "銳利化"},
    "learn.cnn.filter.custom": {"en": "Type 9 numbers", "zh-TW": "自己輸入 9 個數字"},
    "learn.cnn.numbers": {"en": "The filter's 9 numbers, top row first", "zh-TW": "濾波器的 9 個數字，由上排開始"},
    "learn.cnn.error.kernel": {
        "en": "A 3 × 3 filter needs 9 numbers separated by spaces or commas; {text} has {count} parts.",
        "zh-TW": "3 × 3 濾波器需要 9 個以空格或逗號分開的數字；{text} 有 {count} 個部分。"},
    "learn.cnn.window_row": {"en": "Window row", "zh-TW": "視窗的列"},
    "learn.cnn.window_col": {"en": "Window column", "zh-TW": "視窗的行"},
    "learn.cnn.row": {"en": "row", "zh-TW": "列"},
    "learn.cnn.col": {"en": "column", "zh-TW": "行"},
    "learn.cnn.sum": {
        "en": "At row {row}, column {col}: {terms} = **{total}**, the feature map's value there.",
        "zh-TW": "在第 {row} 列、第 {col} 行：{terms} = **{total}**，就是特徵圖在那裡的值。"},
    "learn.cnn.map_text": {
        "en": "The whole map is `scipy.signal.correlate2d(digit, filter, mode=\"valid\")`, which is what Keras's "
              "`Conv2D` computes: the filter is not flipped (strictly a cross-correlation), and without padding a "
              "3 × 3 window fits at 26 × 26 positions of a 28 × 28 image. A trained convolution layer learns its "
              "filters' numbers instead of being given them, adds a bias and applies its activation function "
              "(ReLU keeps only the red, positive part).",
        "zh-TW": "整張特徵圖就是 `scipy.signal.correlate2d(digit, filter, mode=\"valid\")`，也就是 Keras 的 "
                 "`Conv2D` 所計算的：濾波器不翻轉（嚴格說是互相關），不補邊時 3 × 3 視窗在 28 × 28 的圖上只放得下 "
                 "26 × 26 個位置。訓練好的卷積層會自己學出濾波器的數字，而不是由人給定，再加上偏差、"
                 "經過激勵函數（ReLU 只留下紅色、正的部分）。"},
    "learn.cnn.fig_digit": {"en": "Digit and the 3 × 3 window", "zh-TW": "數字與 3 × 3 視窗"},
    "learn.cnn.fig_filter": {"en": "Filter", "zh-TW": "濾波器"},
    "learn.cnn.fig_products": {"en": "Pixel · weight", "zh-TW": "像素 · 權重"},
    "learn.cnn.fig_map": {"en": "Feature map ({side} × {side})", "zh-TW": "特徵圖（{side} × {side}）"},
    "learn.cnn.hover_pixel": {"en": "pixel", "zh-TW": "像素"},
    "learn.cnn.hover_weight": {"en": "weight", "zh-TW": "權重"},
    "learn.cnn.hover_product": {"en": "product", "zh-TW": "乘積"},

    # 3. try it

    # 4. augmentation
    "learn.cnn.aug_heading": {"en": "Data augmentation: the same digit, moved a little",
                              "zh-TW": "資料擴增：同一個數字，稍微移動"},
    "learn.cnn.aug_text": {
        "en": "With **augment = {augment:g}** (a setting on Build & Train) the model starts with Keras's "
              "`RandomTranslation` and `RandomRotation` layers: every time a training image passes, it is "
              "shifted by up to {shift:.1f} pixels and turned by up to {angle:.0f}°, so each epoch sees new "
              "copies and the network learns that a digit moved a little is the same digit. These copies "
              "come from those very layers, called with `training=True` as `fit()` does. Only training: "
              "`evaluate()`, `predict()` and Draw call them with `training=False`, where they pass the image "
              "through unchanged.",
        "zh-TW": "設定 **augment = {augment:g}**（在「建構與訓練」頁）時，模型一開頭是 Keras 的 "
                 "`RandomTranslation` 與 `RandomRotation` 層：每張訓練圖片經過時，都會被移動最多 {shift:.1f} "
                 "個像素、旋轉最多 {angle:.0f}°，所以每個 epoch 看到的都是新的副本，網路學到稍微移動過的數字還是同一個"
                 "數字。下面的副本就是用這兩層、像 `fit()` 一樣以 `training=True` 產生的。只在訓練時：`evaluate()`、"
                 "`predict()` 與「手寫預測」頁以 `training=False` 呼叫它們，圖片原封不動地通過。"},
    "learn.cnn.augment": {"en": "augment (largest shift, as a share of the side)",
                          "zh-TW": "augment（最大移動量，占邊長的比例）"},
    "learn.cnn.redraw": {"en": "New copies", "zh-TW": "換一批副本"},
    "learn.cnn.original": {"en": "original", "zh-TW": "原圖"},
    "learn.cnn.copy": {"en": "copy {n}", "zh-TW": "副本 {n}"},
}
