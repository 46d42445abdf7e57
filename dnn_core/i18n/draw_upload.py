"""Draw & Predict strings for uploaded models of any kind the page takes: the pixel scale a model is given, its
input shape, and why a Lambda layer is refused."""

TEXT = {
    "draw.upload.lambda": {
        "en": "The model uses a Lambda layer, which runs Python code stored in the file, so it is never loaded here; "
              "build the model from Keras's own layers instead (Rescaling(1 / 255) rather than "
              "Lambda(lambda x: x / 255)).",
        "zh-TW": "這個模型用到 Lambda 層，它會執行存放在檔案裡的 Python 程式碼，因此這裡一律不載入；請改用 Keras "
                 "內建的層來建構模型（例如用 Rescaling(1 / 255) 取代 Lambda(lambda x: x / 255)）。"},
    "draw.model.upload_shape": {"en": "It reads the drawing as an array of shape {shape}.",
                                "zh-TW": "它以形狀 {shape} 的陣列讀取手寫圖。"},
    "draw.scale": {"en": "Pixels given to the model", "zh-TW": "給模型的像素值"},
    "draw.scale.raw": {"en": "0–255 (raw)", "zh-TW": "0–255（原始值）"},
    "draw.scale.unit": {"en": "0–1 (÷ 255)", "zh-TW": "0–1（÷ 255）"},
    "draw.scale.own.raw": {
        "en": "This model has a Rescaling layer, so it takes raw pixels from 0 to 255 and scales them itself.",
        "zh-TW": "這個模型有 Rescaling 層，所以直接讀取 0 到 255 的原始像素值，自己再縮放。"},
    "draw.scale.own.unit": {
        "en": "This model has no Rescaling layer, so pixels are divided by 255 first (0 to 1), as Keras's examples "
              "scale their data before training.",
        "zh-TW": "這個模型沒有 Rescaling 層，所以像素值會先除以 255（0 到 1），和 Keras 範例在訓練前縮放資料的做法一樣。"},
    "draw.scale.switched": {
        "en": "You switched away from the scale this model expects: its readings may be wrong until you switch back.",
        "zh-TW": "你換掉了這個模型預期的像素範圍：在換回來之前，它的判斷可能會出錯。"},
}
