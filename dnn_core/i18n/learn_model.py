"""Strings of Learn's "The course model" tab (keys learn.tab.model and learn.model.*): depth, Flatten, softmax and
evaluate(), the parts of the notes' MNIST model the notes use without showing."""

TEXT = {
    "learn.tab.model": {"en": "The course model", "zh-TW": "課程模型"},
    "learn.model.intro": {
        "en": "The notes' MNIST model, from the image to the answer: **Flatten**(28 × 28) → Dense(128, relu) → "
              "Dropout(0.2) → **Dense(10, softmax)**, then **evaluate()** on the test images. Below, the parts "
              "the notes use without showing, each to move or press, and first their opening point: why more "
              "hidden layers.",
        "zh-TW": "筆記的 MNIST 模型，從圖片到答案：**Flatten**（扁平化，28 × 28）→ Dense(128, relu) → Dropout(0.2) → "
                 "**Dense(10, softmax)**，最後在測試圖片上 **evaluate()**（評估）。下面是筆記用到卻沒有展示的部分，"
                 "每一項都可以拉動或按下；先從筆記開頭的重點說起：為什麼要更多隱藏層。"},

    # depth
    "learn.model.depth_heading": {"en": "More hidden layers: higher-level features, more computation",
                                  "zh-TW": "更多隱藏層：更高階的特徵，更多運算"},
    "learn.model.depth_text": {
        "en": "The notes open with it: 「隱藏層越多可以自動抓出高階的特徵值」 (the more hidden layers, the "
              "higher-level the features a network finds by itself), and 「缺點:當隱藏層越多運算量也會增加」 (the "
              "drawback: more hidden layers, more computation). Each Dense layer combines the outputs of the "
              "layer before it, so the first hidden layer finds patterns of pixels, the second patterns of those "
              "patterns, and so on, as in the notes' picture of faces (edges, then eyes and noses, then faces). "
              "Every layer also costs a multiply-add per weight for every image, forward and again backward.",
        "zh-TW": "筆記一開頭就說：「隱藏層越多可以自動抓出高階的特徵值」，以及「缺點:當隱藏層越多運算量也會增加」。"
                 "每一個 Dense 層組合前一層的輸出，所以第一個隱藏層找出像素的圖樣，第二層找出這些圖樣的圖樣，依此類推，"
                 "就像筆記裡人臉的圖（先是邊緣，再來是眼睛、鼻子，最後是整張臉）。而每一層對每一張圖，"
                 "每個權重都要做一次乘加，向前傳遞一次，反向傳播再一次。"},
    "learn.model.depth": {"en": "Hidden layers", "zh-TW": "隱藏層數"},
    "learn.model.units": {"en": "Neurons per hidden layer", "zh-TW": "每個隱藏層的神經元數"},
    "learn.model.features_0": {
        "en": "**No hidden layer:** softmax straight on the pixels. Each digit gets one template of 784 weights "
              "and the model finds no features of its own.",
        "zh-TW": "**沒有隱藏層**：直接對像素做 softmax。每個數字只有一個 784 個權重的樣板，模型不會自己找出任何特徵。"},
    "learn.model.features_1": {
        "en": "**1 hidden layer (the course model):** it combines the pixels into {units} patterns (strokes and "
              "blobs: Inspect's first-layer pictures show them), and the output layer reads the digit off those "
              "patterns.",
        "zh-TW": "**1 個隱藏層（課程模型）**：它把像素組合成 {units} 個圖樣（筆畫與色塊：「檢視模型」頁的第一層圖片"
                 "可以看到），輸出層再從這些圖樣讀出是哪個數字。"},
    "learn.model.features": {
        "en": "**{depth} hidden layer(s):** layer 1 combines the pixels into {units} patterns (strokes and blobs: "
              "Inspect's first-layer pictures show them); each of the other {more} layer(s) combines the {units} "
              "patterns below it into {units} of a higher level.",
        "zh-TW": "**{depth} 個隱藏層**：第 1 層把像素組合成 {units} 個圖樣（筆畫與色塊：「檢視模型」頁的第一層圖片"
                 "可以看到）；其餘 {more} 層各自把下一層的 {units} 個圖樣組合成 {units} 個更高階的圖樣。"},
    "learn.model.depth_result": {
        "en": "**{parameters}** parameters; **{multiply_adds}** multiply-adds for one image's forward pass, "
              "**{epoch}** for one epoch's forward passes over the {images} training images of MNIST (the "
              "backward pass costs about twice as much again).",
        "zh-TW": "**{parameters}** 個參數；一張圖向前傳遞要 **{multiply_adds}** 次乘加，一個 epoch 對 MNIST 的 "
                 "{images} 張訓練圖片向前傳遞要 **{epoch}** 次（反向傳播大約再多兩倍）。"},
    "learn.model.fig_depth": {"en": "Multiply-adds per image, hidden layers of {units}",
                              "zh-TW": "每張圖的乘加次數（每個隱藏層 {units} 個神經元）"},
    "learn.model.depth_axis": {"en": "hidden layers of {units}", "zh-TW": "隱藏層數（每層 {units} 個）"},
    "learn.model.cost_axis": {"en": "multiply-adds per image", "zh-TW": "每張圖的乘加次數"},
    "learn.model.depth_try": {"en": "Train this depth on Build & Train", "zh-TW": "到「建構與訓練」訓練這個深度"},

    # Flatten
    "learn.model.flatten_heading": {"en": "Flatten: a digit as 784 numbers", "zh-TW": "扁平化：把數字圖變成 784 個數字"},
    "learn.model.flatten_text": {
        "en": "A Dense layer reads a list of numbers, not a picture. The notes: "
              "「tf.keras.layers.Flatten可將28x28扁平化成1x784」: Flatten lays the 28 rows of the image end to end. "
              "It has no weights and changes no value; it only reorders. Move the row and see where it lands.",
        "zh-TW": "Dense 層讀的是一列數字，不是圖片。筆記：「tf.keras.layers.Flatten可將28x28扁平化成1x784」："
                 "Flatten 把圖片的 28 列頭尾相接排成一列。它沒有權重，也不改變任何數值，只是重新排列。"
                 "拉動列數，看看它落在哪裡。"},
    "learn.model.row": {"en": "Image row", "zh-TW": "圖片的列"},
    "learn.model.flatten_result": {
        "en": "Row {row} of the image is positions **{start}–{end}** of the vector: pixel (r, c) lands at "
              "r × 28 + c. This digit has {ink} of its 784 pixels lit.",
        "zh-TW": "圖片的第 {row} 列是向量的第 **{start}–{end}** 個位置：像素 (r, c) 落在 r × 28 + c。"
                 "這個數字的 784 個像素中有 {ink} 個有墨水。"},
    "learn.model.fig_image": {"en": "28 × 28 image", "zh-TW": "28 × 28 的圖片"},
    "learn.model.fig_vector": {"en": "after Flatten: {n} numbers in a row", "zh-TW": "扁平化之後：一列 {n} 個數字"},
    "learn.model.position": {"en": "position", "zh-TW": "位置"},
    "learn.model.pixel_value": {"en": "pixel value", "zh-TW": "像素值"},

    # softmax
    "learn.model.softmax_heading": {"en": "Softmax: ten scores become ten probabilities",
                                    "zh-TW": "Softmax：十個分數變成十個機率"},
    "learn.model.softmax_text": {
        "en": "The course model's last layer is `Dense(10, activation='softmax')`: ten scores z₀ … z₉ (the "
              "logits, WᵀX + b of the ten output neurons) become ten probabilities **pₖ = e^zₖ / Σⱼ e^zⱼ**, each "
              "between 0 and 1, adding up to 1. A larger score always means a larger probability, and adding the "
              "same number to every score changes nothing. The notes name softmax in their code only; move the "
              "scores.",
        "zh-TW": "課程模型的最後一層是 `Dense(10, activation='softmax')`：十個分數 z₀ … z₉（logits，十個輸出神經元的 "
                 "WᵀX + b）變成十個機率 **pₖ = e^zₖ / Σⱼ e^zⱼ**，每個介於 0 與 1 之間，加起來等於 1。分數越大，"
                 "機率一定越大；每個分數都加上同一個數，結果完全不變。筆記只在程式碼中提到 softmax；拉動這些分數看看。"},
    "learn.model.logit": {"en": "z{k} (digit {k})", "zh-TW": "z{k}（數字 {k}）"},
    "learn.model.shift": {"en": "Add c to every score", "zh-TW": "每個分數都加上 c"},
    "learn.model.softmax_result": {
        "en": "Σ pₖ = **{total}**. The answer is **{winner}** with p = **{p}**; if {winner} is the right digit, "
              "the cross-entropy is −ln p = **{loss}** nats.",
        "zh-TW": "Σ pₖ = **{total}**。答案是 **{winner}**，p = **{p}**；如果正確答案就是 {winner}，"
                 "交叉熵是 −ln p = **{loss}** nats（自然對數）。"},
    "learn.model.reset": {"en": "Example scores", "zh-TW": "範例分數"},
    "learn.model.fig_logits": {"en": "scores z (logits)", "zh-TW": "分數 z（logits）"},
    "learn.model.fig_probs": {"en": "softmax probabilities p", "zh-TW": "softmax 機率 p"},
    "learn.model.class_axis": {"en": "digit", "zh-TW": "數字"},

    # evaluate()
    "learn.model.evaluate_heading": {"en": "evaluate(): loss and accuracy on the test images",
                                     "zh-TW": "evaluate()：測試圖片上的損失與準確度"},
    "learn.model.evaluate_text": {
        "en": "The notes end with `print(model.evaluate(x_test, y_test))`: the loss and the accuracy on images "
              "the model never trained on, in that order. Press the button to evaluate a trained model here, "
              "then check both numbers by hand from its predictions.",
        "zh-TW": "筆記最後是 `print(model.evaluate(x_test, y_test))`：模型從沒訓練過的圖片上的損失與準確度，"
                 "依這個順序。按下按鈕，在這裡評估一個訓練好的模型，再從它的預測手算這兩個數字。"},
    "learn.model.source": {"en": "Model", "zh-TW": "模型"},
    "learn.model.source.session": {"en": "This session's model", "zh-TW": "本次工作階段的模型"},
    "learn.model.source.quick": {"en": "The course model, trained for a few epochs (shared)",
                                 "zh-TW": "課程模型，訓練幾個 epoch（大家共用）"},
    "learn.model.evaluate_button": {"en": "Evaluate on the test images", "zh-TW": "在測試圖片上評估"},
    "learn.model.evaluating": {"en": "Evaluating (the shared course model trains first, once per server)…",
                               "zh-TW": "評估中（共用的課程模型會先訓練一次，整台伺服器只訓練一次）…"},
    "learn.model.evaluated": {
        "en": "On {images} test images of {data}:",
        "zh-TW": "在 {data} 的 {images} 張測試圖片上："},
    "learn.model.by_hand": {
        "en": "By hand from `model.predict`: accuracy = {right} right / {images} = **{accuracy}**; loss = mean of "
              "−ln p(true digit) = **{loss}**.",
        "zh-TW": "從 `model.predict` 手算：準確度 = 答對 {right} 張 / {images} 張 = **{accuracy}**；"
                 "損失 = −ln p(正確數字) 的平均 = **{loss}**。"},
    "learn.model.penalty": {
        "en": "This model trains with an L1/L2 penalty, which evaluate() adds to its loss: that is why the two "
              "losses differ.",
        "zh-TW": "這個模型訓練時有 L1/L2 懲罰，evaluate() 會把它加進損失：所以兩個損失不同。"},
}
