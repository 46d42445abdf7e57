"""Draw & Predict strings: class names, and why an image or an uploaded model was refused."""

_LAYERS = "InputLayer, Flatten, Reshape, Rescaling, Dense, Dropout, BatchNormalization, Activation"

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
        "en": f"The model uses a {{name}} layer, which is not allowed here; accepted layers are {_LAYERS}.",
        "zh-TW": f"這個模型用到 {{name}} 層，這裡不允許；可接受的層有 {_LAYERS}。"},
    "draw.upload.object_not_allowed": {
        "en": "The model refers to {name}, which is custom code or not a built-in Keras object, so it was not "
              "loaded.",
        "zh-TW": "這個模型引用了 {name}，它是自訂程式碼或不是 Keras 內建物件，因此沒有載入。"},
    "draw.upload.load_failed": {
        "en": "The model passed the safety checks, but Keras could not load it ({reason}).",
        "zh-TW": "這個模型通過了安全檢查，但 Keras 無法載入它（{reason}）。"},
    "draw.upload.bad_input_shape": {
        "en": "The model takes input of shape {shape}, but it must take a 28×28 image or 784 pixels.",
        "zh-TW": "這個模型的輸入形狀是 {shape}，但必須是 28×28 的圖片或 784 個像素。"},
    "draw.upload.bad_output_shape": {
        "en": "The model outputs shape {shape}, but it must output 10 class probabilities.",
        "zh-TW": "這個模型的輸出形狀是 {shape}，但必須輸出 10 個類別的機率。"},
}
