"""Draw & Predict strings: the page, class names, and why an image or an uploaded model was refused."""

# the layers dnn_core/engine/upload.py accepts (tests/test_upload.py checks that this names every one)
_LAYERS = ("InputLayer, Flatten, Reshape, Rescaling, Dense, Dropout, BatchNormalization, Activation, Conv2D, "
           "MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D")

TEXT = {
    # Fashion-MNIST classes, in label order 0..9 (the English names are the data set's own).
    "draw.class.fashion.0": {"en": "T-shirt/top", "zh-TW": "T恤/上衣"},
    "draw.class.fashion.1": {"en": "Trouser", "zh-TW": "褲子"},
    "draw.class.fashion.2": {"en": "Pullover", "zh-TW": "套頭毛衣"},
    "draw.class.fashion.3": {"en": "Dress", "zh-TW": "洋裝"},
    "draw.class.fashion.4": {"en": "Coat", "zh-TW": "外套"},
    "draw.class.fashion.5": {"en": "Sandal", "zh-TW": "涼鞋"},
    "draw.class.fashion.6": {"en": "Shirt", "zh-TW": "襯衫"},
    "draw.class.fashion.7": {"en": "Sneaker", "zh-TW": "運動鞋"},
    "draw.class.fashion.8": {"en": "Bag", "zh-TW": "包包"},
    "draw.class.fashion.9": {"en": "Ankle boot", "zh-TW": "短靴"},
    # Images (canvas, photo or scan).
    "draw.image.unreadable": {
        "en": "The file is not a readable PNG/JPEG image: it is damaged, cut short or in another format.",
        "zh-TW": "這個檔案不是可讀取的 PNG/JPEG 圖片：檔案損壞、不完整，或是其他格式。"},
    "draw.image.too_many_pixels": {
        "en": "The file is not a readable PNG/JPEG image here: it has more than {limit:,} pixels.",
        "zh-TW": "這個檔案無法作為 PNG/JPEG 圖片讀取：像素超過 {limit:,} 個。"},
    "draw.preprocess.filled": {
        "en": "The image is {percent}% ink, so it is not a digit: clear the canvas, or use a picture of one "
              "digit on a plain background.",
        "zh-TW": "這張圖片有 {percent}% 是筆跡，不像一個數字：請清除畫布，或使用單一數字在素色背景上的圖片。"},
    # Uploaded .keras models.
    "draw.upload.too_large": {
        "en": "The file is {size_mb:.1f} MB, over the {max_mb:g} MB limit for uploaded models.",
        "zh-TW": "這個檔案有 {size_mb:.1f} MB，超過上傳模型 {max_mb:g} MB 的上限。"},
    "draw.upload.not_zip": {
        "en": "The file is not a .keras model: it is not a zip archive, which every .keras file is.",
        "zh-TW": "這個檔案不是 .keras 模型：它不是 zip 壓縮檔，而每個 .keras 檔案都是。"},
    "draw.upload.not_keras": {
        "en": "The zip archive is not a .keras model: it has no {name}.",
        "zh-TW": "這個 zip 壓縮檔不是 .keras 模型：裡面沒有 {name}。"},
    "draw.upload.unexpected_member": {
        "en": "The archive contains {name}, which does not belong in a .keras model (only metadata.json, "
              "config.json, model.weights.h5 and assets/ do).",
        "zh-TW": "壓縮檔內含 {name}，這不屬於 .keras 模型（只允許 metadata.json、config.json、"
                 "model.weights.h5 與 assets/）。"},
    "draw.upload.zip_bomb": {
        "en": "The archive would unpack to {size_mb:.0f} MB, {ratio:.0f} times its own size, which looks like a "
              "zip bomb, so it was not opened.",
        "zh-TW": "這個壓縮檔解開後會有 {size_mb:.0f} MB，是原檔的 {ratio:.0f} 倍，看起來像是壓縮炸彈，因此沒有開啟。"},
    "draw.upload.bad_config": {
        "en": "The model's config.json is not a readable model description.",
        "zh-TW": "模型的 config.json 不是可讀取的模型描述。"},
    "draw.upload.model_class": {
        "en": "The model is a {name}, but only Sequential and Functional models are accepted.",
        "zh-TW": "這個模型是 {name}，但只接受 Sequential 與 Functional 模型。"},
    "draw.upload.layer_not_allowed": {
        "en": f"The model uses a {{name}} layer, which is not allowed here; accepted layers are {_LAYERS} and "
              "Keras's Random… augmentation layers (RandomTranslation, RandomRotation, RandomZoom and the like).",
        "zh-TW": f"這個模型用到 {{name}} 層，這裡不允許；可接受的層有 {_LAYERS}，以及 Keras 的 Random… 資料擴增層"
                 "（RandomTranslation、RandomRotation、RandomZoom 等）。"},
    "draw.upload.object_not_allowed": {
        "en": "The model refers to {name}, which is custom code or not a built-in Keras object, so it was not "
              "loaded.",
        "zh-TW": "這個模型引用了 {name}，它是自訂程式碼或不是 Keras 內建物件，因此沒有載入。"},
    "draw.upload.load_failed": {
        "en": "The model passed the safety checks, but Keras could not load it ({reason}).",
        "zh-TW": "這個模型通過了安全檢查，但 Keras 無法載入它（{reason}）。"},
    "draw.upload.bad_input_shape": {
        "en": "The model takes input of shape {shape}, but it must take a 28×28 image (28×28 or 28×28×1) or 784 "
              "pixels.",
        "zh-TW": "這個模型的輸入形狀是 {shape}，但必須是 28×28 的圖片（28×28 或 28×28×1）或 784 個像素。"},
    "draw.upload.bad_output_shape": {
        "en": "The model outputs shape {shape}, but it must output 10 class probabilities.",
        "zh-TW": "這個模型的輸出形狀是 {shape}，但必須輸出 10 個類別的機率。"},
    # The page.
    "draw.intro": {
        "en": "Draw a digit and watch a network read it. Your drawing is prepared exactly like the MNIST digits "
              "the network learned from: cropped, scaled to 20 px and centred in 28×28 pixels.",
        "zh-TW": "畫一個數字，看看神經網路怎麼辨識它。你的手寫會像神經網路學過的 MNIST 數字一樣處理：裁切、"
                 "縮放到 20 像素，再置中放進 28×28 像素。"},
    "draw.model": {"en": "Model", "zh-TW": "模型"},
    "draw.model.session": {"en": "This session's model (Build & Train)", "zh-TW": "本次訓練的模型（建構與訓練）"},
    "draw.model.quick": {"en": "Quick model: the course model, trained in advance",
                         "zh-TW": "快速模型：預先訓練好的課程模型"},
    "draw.model.upload": {"en": "Uploaded file: {name}", "zh-TW": "上傳的檔案：{name}"},
    "draw.model.run": {"en": "Saved run #{id}: {name}", "zh-TW": "已儲存的訓練 #{id}：{name}"},
    "draw.model.trained_on": {"en": "Trained on {data}.", "zh-TW": "以{data}訓練。"},
    "draw.model.accuracy": {"en": "Test accuracy {accuracy} %.", "zh-TW": "測試準確度 {accuracy} %。"},
    "draw.model.upload_note": {
        "en": "Your uploaded model passed the safety checks; its ten outputs are read as the digits 0 to 9.",
        "zh-TW": "你上傳的模型通過了安全檢查；它的十個輸出被當作數字 0 到 9。"},
    "draw.quick.preparing": {
        "en": "Loading the quick model…",
        "zh-TW": "正在載入快速模型…"},
    "draw.run.loading": {"en": "Loading the saved model…", "zh-TW": "正在載入已儲存的模型…"},
    "draw.run.failed": {
        "en": "This saved model could not be loaded, so the previous model is used instead. {reason}",
        "zh-TW": "無法載入這個已儲存的模型，因此繼續使用先前的模型。{reason}"},
    "draw.upload.title": {"en": "Use your own model (.keras file)", "zh-TW": "使用你自己的模型（.keras 檔）"},
    "draw.upload.label": {"en": "A Keras model file taking a 28×28 image (28×28×1 or 784 pixels too) and giving "
                                "10 classes",
                          "zh-TW": "輸入 28×28 圖片（28×28×1 或 784 個像素也可以）、輸出 10 個類別的 Keras 模型檔"},
    "draw.upload.help": {
        "en": "The file is checked before it is opened: only Keras's built-in layers of dense and convolutional "
              "networks (a model trained with Keras's MNIST convnet example passes), no custom code and no Lambda "
              "layers.",
        "zh-TW": "檔案在開啟前會先檢查：只接受 Keras 內建的全連接與卷積神經網路層（用 Keras 的 MNIST 卷積網路範例訓練的"
                 "模型可以通過），不執行任何自訂程式碼，也不接受 Lambda 層。"},
    "draw.upload.checking": {"en": "Checking the model file…", "zh-TW": "正在檢查模型檔…"},
    "draw.input": {"en": "Input", "zh-TW": "輸入"},
    "draw.input.draw": {"en": "Draw", "zh-TW": "手寫"},
    "draw.input.photo": {"en": "Photo", "zh-TW": "照片"},
    "draw.input.test": {"en": "Test image", "zh-TW": "測試圖片"},
    "draw.pen": {"en": "Pen width", "zh-TW": "筆刷粗細"},
    "draw.clear": {"en": "Clear", "zh-TW": "清除"},
    "draw.empty": {"en": "Draw a digit on the black canvas, with the mouse or a finger.",
                   "zh-TW": "請用滑鼠或手指在黑色畫布上寫一個數字。"},
    "draw.photo.label": {"en": "A photo or scan of one handwritten digit (PNG or JPEG)",
                         "zh-TW": "一個手寫數字的照片或掃描檔（PNG 或 JPEG）"},
    "draw.photo.none": {"en": "Upload a photo of one handwritten digit: dark ink on light paper works, and so does "
                              "light on dark.",
                        "zh-TW": "請上傳一個手寫數字的照片：白紙黑字可以，黑底白字也可以。"},
    "draw.photo.no_ink": {"en": "No digit was found in this picture: it is one flat dark colour.",
                          "zh-TW": "這張圖片裡找不到數字：它是一整片深色。"},
    "draw.random": {"en": "Random test digit", "zh-TW": "隨機測試圖片"},
    "draw.test.caption": {"en": "Test image #{index} of {data}, never seen in training. Truth: {truth}",
                          "zh-TW": "{data}的第 {index} 張測試圖片，訓練時從未見過。正確答案：{truth}"},
    "draw.test.right": {"en": "Right: the truth is {truth}.", "zh-TW": "答對了：正確答案是 {truth}。"},
    "draw.test.wrong": {"en": "Wrong: the model reads {predicted}, the truth is {truth}.",
                        "zh-TW": "答錯了：模型判斷為 {predicted}，正確答案是 {truth}。"},
    "draw.prediction": {"en": "Prediction", "zh-TW": "預測"},
    "draw.confidence": {"en": "{percent} sure", "zh-TW": "信心 {percent}"},
    "draw.top3": {"en": "Top 3", "zh-TW": "前 3 名"},
    "draw.chart.title": {"en": "Class probabilities", "zh-TW": "各類別機率"},
    "draw.chart.class": {"en": "Class", "zh-TW": "類別"},
    "draw.steps": {"en": "What the model sees", "zh-TW": "模型看到的樣子"},
    "draw.steps.caption": {
        "en": "The same steps that made the MNIST digits: crop to the ink, scale the longer side to 20 px keeping "
              "the shape, then place it in 28×28 pixels with its centre of mass in the middle. The model reads the last picture.",
        "zh-TW": "與製作 MNIST 數字相同的步驟：裁切到筆跡範圍，保持形狀把長邊縮放到 20 像素，"
                 "再放進 28×28 像素，讓質心位於正中央。模型讀的是最後一張圖。"},
    "draw.steps.inverted": {"en": "Dark ink on light paper was turned into light ink on black, as in MNIST.",
                            "zh-TW": "白底黑字已反轉成黑底白字，和 MNIST 一樣。"},
    "draw.step.raw": {"en": "1 · Input", "zh-TW": "1 · 原始輸入"},
    "draw.step.cropped": {"en": "2 · Cropped to the ink", "zh-TW": "2 · 裁切到筆跡"},
    "draw.step.scaled": {"en": "3 · Longer side 20 px", "zh-TW": "3 · 長邊縮為 20 像素"},
    "draw.step.centred": {"en": "4 · Centred in 28×28", "zh-TW": "4 · 置中於 28×28"},
}
