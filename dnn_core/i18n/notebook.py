"""Strings of the notebook Inspect offers for a run (keys notebook.*): its markdown cells, in the page's language."""

TEXT = {
    "notebook.title": {
        "en": "# {name}: the course notes' five steps\n"
              "\n"
              "A run of DNN Playground as a notebook, laid out as the course notes lay out their MNIST example: "
              "load the data, build the model, compile, fit and plot the history object, evaluate and predict. "
              "It is plain Keras with the run's own settings and seed; run the cells from top to bottom "
              "(*Run All*). {data}\n"
              "\n"
              "| setting | value |\n|---|---|\n{settings}",
        "zh-TW": "# {name}：課程筆記的五個步驟\n"
                 "\n"
                 "把 DNN Playground 的一次訓練寫成筆記本，照課程筆記 MNIST 範例的順序：載入資料、建立模型、"
                 "編譯、訓練並畫出歷程物件、評估與預測。這是純 Keras 程式碼，用這次訓練自己的設定與亂數種子；"
                 "請從上到下執行每一格（*Run All*）。{data}\n"
                 "\n"
                 "| 設定 | 值 |\n|---|---|\n{settings}"},
    "notebook.data.sample": {
        "en": "The data are the 5,000 MNIST digits the run used (the app's offline sample), in `{file}` beside "
              "this notebook: no download needed.",
        "zh-TW": "資料是這次訓練用的 5,000 張 MNIST 數字（本程式的離線樣本），就是這個筆記本旁邊的 `{file}`："
                 "不需要下載。"},
    "notebook.data.keras": {
        "en": "The data come from `keras.datasets`, which downloads them once into `~/.keras/datasets` "
              "(`{file}` is not needed).",
        "zh-TW": "資料來自 `keras.datasets`，第一次會下載到 `~/.keras/datasets`（不需要 `{file}`）。"},
    "notebook.step.load": {
        "en": "## Step 1 · Load the data\n"
              "The same images, the same seed and the same shuffle as the run.",
        "zh-TW": "## 步驟 1 · 載入資料\n"
                 "與這次訓練相同的圖片、相同的亂數種子、相同的洗牌。"},
    "notebook.step.build": {
        "en": "## Step 2 · Build the model\n"
              "Keras layers in a `keras.Sequential` model; `Flatten` turns each 28 × 28 image into 784 numbers "
              "for the Dense layers, and the last layer's softmax gives ten probabilities.",
        "zh-TW": "## 步驟 2 · 建立模型\n"
                 "用 `keras.Sequential` 疊起 Keras 的層；`Flatten` 把每張 28 × 28 的圖扁平化成 784 個數字給 Dense 層，"
                 "最後一層的 softmax 給出十個機率。"},
    "notebook.step.compile": {
        "en": "## Step 3 · Compile\n"
              "The optimizer, the loss and the metrics.",
        "zh-TW": "## 步驟 3 · 編譯\n"
                 "指定優化器、損失函數與量度方式（metrics）。"},
    "notebook.step.fit": {
        "en": "## Step 4 · Fit, and plot the history object\n"
              "`fit` returns the history object: the loss and accuracy of every epoch, for training and "
              "validation. Plotted as in the notes.",
        "zh-TW": "## 步驟 4 · 訓練，並畫出歷程物件\n"
                 "`fit` 傳回歷程物件：每個 epoch 的訓練與驗證損失及準確度。照筆記的方式畫出來。"},
    "notebook.step.evaluate": {
        "en": "## Step 5 · Evaluate and predict\n"
              "`evaluate` gives the loss and the accuracy on the test images; `predict` the probabilities of "
              "each class.",
        "zh-TW": "## 步驟 5 · 評估與預測\n"
                 "`evaluate` 給出測試圖片上的損失與準確度；`predict` 給出每個類別的機率。"},
    "notebook.compare": {
        "en": "In the app this run reached a test accuracy of **{accuracy}**. This notebook trains the same model "
              "again from the same seed, but Keras orders the batches and holds out the validation images its "
              "own way, so expect the accuracy above within about **±{tolerance}** of it (how far runs of the "
              "course model with different seeds land apart).",
        "zh-TW": "這次訓練在本程式中的測試準確度是 **{accuracy}**。這個筆記本用相同的亂數種子重新訓練同一個模型，"
                 "但 Keras 排列批次、保留驗證圖片的方式不同，所以上面的準確度應在它的 **±{tolerance}** 之內"
                 "（課程模型用不同亂數種子訓練時，結果彼此相差的幅度）。"},
}
