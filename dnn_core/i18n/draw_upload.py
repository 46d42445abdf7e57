"""Draw & Predict strings for uploaded models of any kind the page takes: the pixel scale a model is given, its
input shape, and why a Lambda layer is refused."""

TEXT = {
    "draw.upload.worker_lost": {
        "en": "The model file could not be loaded: the worker process loading it stopped before it finished (most "
              "likely its memory ran out). Nothing else was affected.",
        "zh-TW": "無法載入這個模型檔：負責載入它的工作行程在完成前就停止了（最可能是記憶體用完）。其他部分不受影響。"},
    "draw.upload.lambda": {
        "en": "The model uses a Lambda layer, which runs Python code stored in the file, so it is never loaded here; "
              "build the model from Keras's own layers instead (Rescaling(1 / 255) rather than "
              "Lambda(lambda x: x / 255)).",
        "zh-TW": "這個模型用到 Lambda 層，它會執行存放在檔案裡的 Python 程式碼，因此這裡一律不載入；請改用 Keras "
                 "內建的層來建構模型（例如用 Rescaling(1 / 255) 取代 Lambda(lambda x: x / 255)）。"},
    # What the config and the weights file declare, checked before Keras allocates anything (upload_sizes.py).
    "draw.upload.too_many_parameters": {
        "en": "The model declares {count:,} parameters ({layer} alone has {layer_count:,}), over the {cap:,} a model "
              "may have here, so it was not loaded.",
        "zh-TW": "這個模型宣告了 {count:,} 個參數（光是 {layer} 就有 {layer_count:,} 個），超過這裡模型上限 {cap:,} 個，"
                 "因此沒有載入。"},
    "draw.upload.activation_too_large": {
        "en": "The model's layer {layer} would output {count:,} numbers for each image, over the {cap:,} a layer may "
              "output here, so it was not loaded.",
        "zh-TW": "這個模型的 {layer} 層每張圖片會輸出 {count:,} 個數值，超過這裡每層上限 {cap:,} 個，因此沒有載入。"},
    "draw.upload.layer_input": {
        "en": "The model's layer {layer} is declared for input of shape {declared}, but the layer before it gives "
              "{shape}.",
        "zh-TW": "這個模型的 {layer} 層宣告的輸入形狀是 {declared}，但前一層給它的是 {shape}。"},
    "draw.upload.layer_shape": {
        "en": "The model's layer {layer} cannot take input of shape {shape}.",
        "zh-TW": "這個模型的 {layer} 層無法接受形狀 {shape} 的輸入。"},
    "draw.upload.bad_weights": {
        "en": "The model's model.weights.h5 is not a readable weights file.",
        "zh-TW": "模型的 model.weights.h5 不是可讀取的權重檔。"},
    "draw.upload.weights_packed": {
        "en": "The model's weights file declares {declared_mb:,.1f} MB of weights but holds only {stored_mb:,.1f} MB, "
              "so it was not opened.",
        "zh-TW": "模型的權重檔宣告了 {declared_mb:,.1f} MB 的權重，實際卻只有 {stored_mb:,.1f} MB，因此沒有開啟。"},
    "draw.upload.weights_count": {
        "en": "The weights file holds {count} weight arrays for layer {layer}, but its config implies {expected}.",
        "zh-TW": "權重檔裡 {layer} 層有 {count} 個權重陣列，但依它的設定應該是 {expected} 個。"},
    "draw.upload.weights_mismatch": {
        "en": "The weights file declares a weight of shape {declared} for layer {layer}, but its config implies "
              "{expected}.",
        "zh-TW": "權重檔為 {layer} 層宣告的權重形狀是 {declared}，但依它的設定應該是 {expected}。"},
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
