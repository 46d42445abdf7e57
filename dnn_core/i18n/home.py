"""Home page and data-set status strings."""

TEXT = {
    "home.intro": {
        "en": "Design a neural network, dense or convolutional, train it on handwritten digits while the loss and accuracy "
              "curves grow live, compare optimizers fairly, look inside what the network learned, and draw "
              "digits for it to read. Everything here is real Keras on TensorFlow, as in the course "
              "notebooks, with three differences: it is Keras 3 (`import keras`, where the notebooks use "
              "the older `tf.keras`), the pixels are scaled to [0, 1] inside the model (a `Rescaling` "
              "layer) instead of before it, and 10 % of the training images are held out for validation "
              "(the notebooks validate on the test set). **Show Keras code** on Build & Train gives the "
              "exact equivalent script.",
        "zh-TW": "設計一個神經網路（全連接或卷積），在 MNIST 手寫數字上訓練，即時看著損失與準確度曲線成長；公平地比較優化器、"
                 "看看網路學到了什麼，還能親手寫數字讓它辨識。這裡用的都是真正的 Keras（TensorFlow），和課程筆記本一樣，"
                 "但有三點不同：這裡是 Keras 3（`import keras`，筆記本用的是較舊的 `tf.keras`）；"
                 "像素在模型裡（`Rescaling` 層）才縮放到 [0, 1]，而不是先處理好再送進模型；訓練圖片中保留 10 % "
                 "做驗證（筆記本拿測試集做驗證）。「建構與訓練」頁的「**顯示 Keras 程式碼**」會給出完全等效的程式。"},
    "home.data.full": {"en": "Full MNIST is ready: {count} training images ({source}).",
                       "zh-TW": "完整 MNIST 已就緒：{count} 張訓練圖片（{source}）。"},
    "home.data.fallback": {
        "en": "Full MNIST could not be downloaded, so the app uses the offline sample: 5,000 real MNIST digits "
              "(4,000 to train, 1,000 to test) shipped with the app. Accuracy will be a few points lower than on "
              "the full set. Reason: {reason}",
        "zh-TW": "無法下載完整的 MNIST，因此改用離線樣本：隨程式附帶的 5,000 張真實 MNIST 數字"
                 "（4,000 張訓練、1,000 張測試）。準確度會比完整資料集低幾個百分點。原因：{reason}"},
    "home.data.all": {"en": "All data sets on this server", "zh-TW": "本伺服器上的所有資料集"},
    "home.data.dir_hint": {
        "en": "No internet in the classroom? Put mnist.npz (or the four IDX .gz files) in a folder "
              "DNN_DATA_DIR/mnist/ and start the app with DNN_DATA_DIR set.",
        "zh-TW": "教室沒有網路？把 mnist.npz（或四個 IDX .gz 檔）放進 DNN_DATA_DIR/mnist/ 資料夾，"
                 "並在啟動程式時設定 DNN_DATA_DIR。"},
    "home.presets": {"en": "Start a lesson", "zh-TW": "開始一堂課"},
    "home.open_preset": {"en": "Open", "zh-TW": "開啟"},
    "home.pages": {"en": "What you can do here", "zh-TW": "你可以在這裡做什麼"},
    "home.page.train": {"en": "every setting of the model and the training, live curves, Train and Stop.",
                        "zh-TW": "設定模型與訓練的每個參數、即時曲線、訓練與停止。"},
    "home.page.inspect": {"en": "test results, confusion matrix, weights, gradient flow and diagnostics in plain words.",
                          "zh-TW": "測試結果、混淆矩陣、權重、梯度流動，以及白話的診斷。"},
    "home.page.compare": {"en": "a fair optimizer race, optimizer paths on loss surfaces, and your run history.",
                          "zh-TW": "公平的優化器競賽、損失曲面上的優化路徑，以及你的訓練紀錄。"},
    "home.page.draw": {"en": "draw a digit and watch the network read it, step by step.",
                       "zh-TW": "寫一個數字，一步步看神經網路如何辨識它。"},
    "home.page.learn": {"en": "the course's concepts as small experiments you can play with.",
                        "zh-TW": "把課程中的概念做成可以動手玩的小實驗。"},
    "data.name.mnist": {"en": "MNIST (70,000 digits)", "zh-TW": "MNIST（70,000 個數字）"},
    "data.name.fashion_mnist": {"en": "Fashion-MNIST (70,000 clothing images)", "zh-TW": "Fashion-MNIST（70,000 張服飾圖片）"},
    "data.name.mnist_sample": {"en": "Offline MNIST sample (5,000 digits)", "zh-TW": "離線 MNIST 樣本（5,000 個數字）"},
    "data.status.local": {"en": "available from a local folder", "zh-TW": "可從本機資料夾取得"},
    "data.status.cached": {"en": "downloaded and cached", "zh-TW": "已下載並快取"},
    "data.status.bundled": {"en": "shipped with the app, always available", "zh-TW": "隨程式附帶，隨時可用"},
    "data.status.needs_download": {"en": "needs a download (falls back to the offline sample without internet)",
                                   "zh-TW": "需要下載（沒有網路時改用離線樣本）"},
    "data.source.local_dir": {"en": "from DNN_DATA_DIR", "zh-TW": "來自 DNN_DATA_DIR"},
    "data.source.system": {"en": "from the system's data folder", "zh-TW": "來自系統資料夾"},
    "data.source.keras_cache": {"en": "from Keras' download cache", "zh-TW": "來自 Keras 下載快取"},
    "data.source.download": {"en": "just downloaded", "zh-TW": "剛剛下載"},
    "data.source.bundled": {"en": "shipped with the app", "zh-TW": "隨程式附帶"},
    "data.fallback": {"en": "{requested} could not be loaded, so this run uses the offline MNIST sample (5,000 digits). Reason: {reason}",
                      "zh-TW": "無法載入 {requested}，因此這次改用離線 MNIST 樣本（5,000 個數字）。原因：{reason}"},
}
TEXT["home.data.loading"] = {"en": "Getting MNIST ready (a one-time download of about 11 MB)…",
                             "zh-TW": "正在準備 MNIST（只需下載一次，約 11 MB）…"}
