"""Build & Train's layer editor for dense, conv and pool layers, the CNN diagram, and the CNN presets."""

TEXT = {
    # the layer editor
    "train.layer.header.kind": {"en": "Layer", "zh-TW": "層"},
    "train.layer.header.size": {"en": "Units / filters", "zh-TW": "神經元數／濾波器數"},
    "train.layer.header.activation": {"en": "Activation", "zh-TW": "激勵函數"},
    "train.layer.kind": {"en": "Layer {n}", "zh-TW": "第 {n} 層"},
    "train.layer.size": {"en": "Layer {n}: units or filters", "zh-TW": "第 {n} 層：神經元數或濾波器數"},
    "train.layer.activation": {"en": "Layer {n}: activation", "zh-TW": "第 {n} 層：激勵函數"},
    "train.layer.kind.dense": {"en": "Dense", "zh-TW": "全連接層 Dense"},
    "train.layer.kind.conv": {"en": "Conv 3×3", "zh-TW": "卷積 3×3"},
    "train.layer.kind.pool": {"en": "Pool 2×2", "zh-TW": "池化 2×2"},
    "train.layer.model_activation": {"en": "{activation} (model's)", "zh-TW": "{activation}（模型的）"},
    "train.layer.pool_note": {"en": "halves the image side, no weights", "zh-TW": "影像邊長減半，沒有權重"},
    "train.layer.up": {"en": "Move layer {n} up", "zh-TW": "第 {n} 層上移"},
    "train.layer.down": {"en": "Move layer {n} down", "zh-TW": "第 {n} 層下移"},
    "train.layer.remove": {"en": "Remove layer {n}", "zh-TW": "移除第 {n} 層"},
    "train.layer.add_dense": {"en": "＋ Dense", "zh-TW": "＋ 全連接層"},
    "train.layer.add_conv": {"en": "＋ Conv", "zh-TW": "＋ 卷積層"},
    "train.layer.add_pool": {"en": "＋ Pool", "zh-TW": "＋ 池化層"},
    "train.layer.order": {
        "en": "Conv and pool layers work on the 28×28 image and come first (a new one is added before the dense "
              "layers); the image is flattened before the first dense layer.",
        "zh-TW": "卷積層與池化層處理 28×28 的影像，必須放在前面（新增時會放在全連接層之前）；"
                 "影像在第一個全連接層之前扁平化（Flatten）。"},
    # regularization that reaches the conv layers too, and augmentation
    "train.dropout.help": {"en": "Dropout after every dense and conv layer: this share of their outputs is set to 0 "
                                 "at each training step.",
                           "zh-TW": "在每個全連接層與卷積層之後做 Dropout：每個訓練步驟把這個比例的輸出設為 0。"},
    "train.batch_norm.help": {"en": "Batch normalization between every dense or conv layer and its activation.",
                              "zh-TW": "在每個全連接層或卷積層與它的激勵函數之間做批次正規化。"},
    "train.augment": {"en": "Data augmentation (largest shift)", "zh-TW": "資料擴增（最大平移比例）"},
    "train.augment.help": {
        "en": "While training only: each image is shifted by up to this share of its side and turned a little "
              "(0 = off). Prediction and the saved model see the digits unchanged.",
        "zh-TW": "只在訓練時：每張圖片最多平移邊長的這個比例，並稍微旋轉（0 = 關閉）。預測與存下的模型看到的是原本的數字。"},
    # the diagram and the summary
    "train.summary.layer_type": {"en": "Layer (type)", "zh-TW": "層（類型）"},
    "chart.image": {"en": "Input image", "zh-TW": "輸入影像"},
    "chart.conv": {"en": "Conv {filters} 3×3", "zh-TW": "卷積 {filters} 個 3×3"},
    "chart.pool": {"en": "Max pool 2×2", "zh-TW": "最大池化 2×2"},
    "chart.flatten": {"en": "Flatten", "zh-TW": "扁平化 Flatten"},
    "chart.parameters": {"en": "{count} parameters", "zh-TW": "{count} 個參數"},
    # presets
    "preset.small_cnn": {"en": "Small CNN (like Keras's MNIST example)", "zh-TW": "小型 CNN（如 Keras 的 MNIST 範例）"},
    "preset.small_cnn.help": {
        "en": "Conv 32 → pool → Conv 64 → pool → Dense 10, dropout 0.25, batch 64, 5 epochs: about 96 % on the "
              "4,000 offline digits, where the course model reads 93 %.",
        "zh-TW": "卷積 32 → 池化 → 卷積 64 → 池化 → Dense 10，Dropout 0.25、批次 64、5 個 epoch："
                 "在 4,000 張離線數字上約 96 %，課程模型約 93 %。"},
    "preset.dense_vs_cnn": {"en": "Dense vs CNN", "zh-TW": "全連接層 vs CNN"},
    "preset.dense_vs_cnn.help": {
        "en": "The course model and its twin with the small CNN's two convolution blocks in front of its Dense 128, "
              "trained one after the other and overlaid.",
        "zh-TW": "課程模型與它的雙胞胎（在 Dense 128 前面加上小型 CNN 的兩個卷積區塊），依序訓練並疊在一起比較。"},
    "compare.twin.preset": {
        "en": "**{preset}**: the course model and its twin with {setting} {value}. Press “{start}” to train both, "
              "one after the other.",
        "zh-TW": "**{preset}**：課程模型與它的雙胞胎（{setting}改為 {value}）。按下「{start}」依序訓練兩者。"},
    "train.augment_note": {
        "en": "Before the first layer, while training only: each image shifted by up to {shift:.1f} pixels and "
              "turned by up to {angle:.0f}° (augment); prediction sees the digits as they are.",
        "zh-TW": "在第一層之前、只在訓練時：每張影像最多平移 {shift:.1f} 個像素、旋轉 {angle:.0f}°（資料擴增）；預測時看到的是原本的數字。"},
}
