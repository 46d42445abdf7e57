"""Strings of the Inspect page, its charts and its diagnostics."""

TEXT = {
    # --- page ------------------------------------------------------------------------------------------------
    "inspect.title": {"en": "Inspect the model", "zh-TW": "檢視模型"},
    "inspect.intro": {"en": "What the trained network gets right and wrong, what it learned inside, what could be "
                            "better, and how to take it home.",
                      "zh-TW": "看看訓練好的神經網路哪裡對、哪裡錯、內部學到了什麼、還能怎麼改進，以及如何帶回家。"},
    "inspect.source": {"en": "Model to inspect", "zh-TW": "要檢視的模型"},
    "inspect.source.session": {"en": "This session's model", "zh-TW": "本次工作階段的模型"},
    "inspect.source.run": {"en": "Saved run: {name}", "zh-TW": "已儲存的訓練：{name}"},
    "inspect.no_model": {"en": "There is no trained model to inspect yet. Train one on **Build & Train** (press "
                               "**Train** and wait for it to finish), then come back here. Saved runs with a "
                               "model can be picked here too, once there are some.",
                         "zh-TW": "目前還沒有可檢視的已訓練模型。請到「**建構與訓練**」按下「**訓練**」並等它完成，"
                                  "再回到這裡。之後若有保存了模型的訓練，也可以在這裡選擇。"},
    "inspect.no_model.link": {"en": "Go to Build & Train", "zh-TW": "前往建構與訓練"},
    "inspect.computing": {"en": "Evaluating the model on the test images…", "zh-TW": "正在用測試圖片評估模型…"},
    "inspect.bundle_error": {"en": "This model could not be evaluated: {reason}",
                             "zh-TW": "無法評估這個模型：{reason}"},
    "inspect.run_error": {"en": "Saved run #{id} could not be opened: {reason}",
                          "zh-TW": "無法開啟已儲存的訓練 #{id}：{reason}"},
    "inspect.data_fallback": {"en": "This model was trained on {requested}, which is not available here; it is "
                                    "evaluated on the test images of {used} instead.",
                              "zh-TW": "此模型以 {requested} 訓練，但這裡沒有該資料集；改用 {used} 的測試圖片評估。"},
    # --- results ---------------------------------------------------------------------------------------------
    "inspect.results": {"en": "Results on the test set", "zh-TW": "測試集結果"},
    "inspect.metric.test_accuracy": {"en": "Test accuracy", "zh-TW": "測試準確度"},
    "inspect.metric.test_loss": {"en": "Test loss", "zh-TW": "測試損失"},
    "inspect.metric.test_images": {"en": "Test images", "zh-TW": "測試圖片數"},
    "inspect.metric.mistakes": {"en": "Mistakes", "zh-TW": "錯誤數"},
    "inspect.confusion.view": {"en": "Cells show", "zh-TW": "格子顯示"},
    "inspect.confusion.counts": {"en": "Counts", "zh-TW": "張數"},
    "inspect.confusion.normalised": {"en": "Share of each true class", "zh-TW": "占該真實類別的比例"},
    "inspect.pair.heading": {"en": "Look at the images behind one cell", "zh-TW": "看看某一格裡的圖片"},
    "inspect.pair.true": {"en": "True class", "zh-TW": "真實類別"},
    "inspect.pair.predicted": {"en": "Predicted as", "zh-TW": "預測為"},
    "inspect.pair.caption": {"en": "{count} test images of class {true} were predicted as {predicted}.",
                             "zh-TW": "有 {count} 張類別 {true} 的測試圖片被預測為 {predicted}。"},
    "inspect.pair.first": {"en": "The first {shown} are shown.", "zh-TW": "只顯示前 {shown} 張。"},
    "inspect.pair.none": {"en": "No test image of class {true} was predicted as {predicted}.",
                          "zh-TW": "沒有任何類別 {true} 的測試圖片被預測為 {predicted}。"},
    "inspect.mistakes.heading": {"en": "Most confident mistakes", "zh-TW": "最有把握的錯誤"},
    "inspect.mistakes.caption": {"en": "The wrong answers the network was surest of: some digits are badly written, "
                                       "others show what the network confuses.",
                                 "zh-TW": "神經網路最有把握卻答錯的圖片：有些是寫得很潦草，有些則顯示它容易混淆的地方。"},
    "inspect.mistakes.item": {"en": "true {true} → {predicted} ({confidence})",
                              "zh-TW": "真實 {true} → {predicted}（{confidence}）"},
    "inspect.mistakes.none": {"en": "No mistakes on the test set.", "zh-TW": "測試集上沒有任何錯誤。"},
    # --- inside the network ----------------------------------------------------------------------------------
    "inspect.inside": {"en": "Inside the network", "zh-TW": "神經網路內部"},
    "inspect.tab.weights": {"en": "Weights and biases", "zh-TW": "權重與偏差"},
    "inspect.tab.first_layer": {"en": "First layer", "zh-TW": "第一層"},
    "inspect.tab.gradients": {"en": "Gradient flow", "zh-TW": "梯度流動"},
    "inspect.tab.dead": {"en": "Dead ReLUs", "zh-TW": "死亡 ReLU"},
    "inspect.weights.caption": {"en": "Grey: the values the layer started with; blue: after training.",
                                "zh-TW": "灰色：訓練前的初始值；藍色：訓練後的值。"},
    "inspect.weights.no_initial": {"en": "Only the trained values: the starting weights of this model were not kept "
                                         "(a saved run stores only the trained model).",
                                   "zh-TW": "只顯示訓練後的值：此模型沒有保留初始權重（已儲存的訓練只保存訓練後的模型）。"},
    "inspect.first_layer.caption": {"en": "Each square is one hidden unit's 784 incoming weights laid out as a "
                                          "28 × 28 image, scaled to its own strongest weight; {shown} of {units} "
                                          "units shown.",
                                    "zh-TW": "每個方塊是一個隱藏神經元的 784 個輸入權重，排成 28 × 28 的圖，"
                                             "並以它自己最大的權重縮放；顯示 {units} 個中的 {shown} 個。"},
    "inspect.gradients.caption": {"en": "Each line is one layer's weight-gradient size (a convolution or a Dense "
                                        "layer, numbered from the input), measured on a fixed batch of validation "
                                        "images. A line far below the others means that layer hardly learns.",
                                  "zh-TW": "每條線是一層（卷積層或 Dense 層，從輸入端起編號）的權重梯度大小，"
                                           "在固定的一批驗證圖片上量測。若某條線遠低於其他線，代表那一層幾乎學不到東西。"},
    "inspect.gradients.none": {"en": "No gradient record for this model (a saved run stores only the trained model).",
                               "zh-TW": "此模型沒有梯度紀錄（已儲存的訓練只保存訓練後的模型）。"},
    "inspect.dead.caption": {"en": "A ReLU unit that outputs 0 for every test image passes no signal on and gets no "
                                   "gradient back: it has stopped learning. In a convolution layer the count is "
                                   "per filter: a filter is dead when it outputs 0 at every position of every test "
                                   "image. Only layers with ReLU are counted.",
                             "zh-TW": "若某個 ReLU 神經元對每張測試圖片都輸出 0，它不會往後傳遞訊號，也收不到梯度：它已經停止學習。"
                                      "卷積層以濾波器計算：某個濾波器對每張測試圖片的每個位置都輸出 0，就算死亡。"
                                      "只計算使用 ReLU 的層。"},
    "inspect.dead.none": {"en": "This network has no ReLU layers, so no unit can die this way.",
                          "zh-TW": "這個神經網路沒有 ReLU 層，所以不會出現這種死亡神經元。"},
    # --- diagnostics -----------------------------------------------------------------------------------------
    "inspect.diagnostics": {"en": "Diagnostics in plain words", "zh-TW": "白話診斷"},
    "inspect.diag.none": {"en": "No problems found: the learning rate, gradient flow, dead ReLUs, overfitting and "
                                "underfitting checks all passed.",
                          "zh-TW": "沒有發現問題：學習率、梯度流動、死亡 ReLU、過擬合與欠擬合的檢查全部通過。"},
    "inspect.diag.finding_line": {"en": "**{title}**: {finding}", "zh-TW": "**{title}**：{finding}"},
    "inspect.diag.try_line": {"en": "**Try:** {suggestion}", "zh-TW": "**建議**：{suggestion}"},
    "inspect.diag.no_gradients": {"en": "The vanishing-gradient check needs gradient records, which only this "
                                        "session's training keeps.",
                                  "zh-TW": "梯度消失的檢查需要梯度紀錄，只有本次工作階段的訓練才有保留。"},
    "inspect.diag.lr_too_high.title": {"en": "Learning rate too high", "zh-TW": "學習率太高"},
    "inspect.diag.lr_too_high.finding_nan": {
        "en": "The loss became NaN or infinite in epoch {epoch}: the weights blew up.",
        "zh-TW": "損失在第 {epoch} 個 epoch 變成 NaN 或無限大：權重爆掉了。"},
    "inspect.diag.lr_too_high.finding_exploding": {
        "en": "In epoch {epoch} the loss reached {peak:.3g}, far above the {chance:.3g} of a blind guess: "
              "each step jumps past the minimum.",
        "zh-TW": "第 {epoch} 個 epoch 的損失高達 {peak:.3g}，遠高於亂猜的 {chance:.3g}：每一步都跨過了最低點。"},
    "inspect.diag.lr_too_high.finding_oscillating": {
        "en": "The training loss jumped up by more than 10 % in {rises} of {epochs} epochs instead of going down "
              "steadily.",
        "zh-TW": "訓練損失在 {epochs} 個 epoch 中有 {rises} 次上升超過 10 %，而不是穩定下降。"},
    "inspect.diag.lr_too_high.suggestion": {
        "en": "Lower the learning rate about ten times (SGD: 0.01 to 0.1; Adam: 0.001), or use Adam, "
              "whose steps adapt in size.",
        "zh-TW": "把學習率降低約十倍（SGD：0.01 到 0.1；Adam：0.001），或改用會自動調整步伐的 Adam。"},
    "inspect.diag.lr_too_low.title": {"en": "Learning rate too low", "zh-TW": "學習率太低"},
    "inspect.diag.lr_too_low.finding": {
        "en": "In {epochs} epochs the training loss only went from {first:.3f} to {last:.3f} ({change:.1%}), and "
              "training accuracy is {accuracy:.1%}.",
        "zh-TW": "{epochs} 個 epoch 下來，訓練損失只從 {first:.3f} 變成 {last:.3f}（{change:.1%}），"
                 "訓練準確度只有 {accuracy:.1%}。"},
    "inspect.diag.lr_too_low.suggestion": {
        "en": "Raise the learning rate 10 to 100 times (SGD: 0.01 to 0.1), or switch to Adam with 0.001.",
        "zh-TW": "把學習率提高 10 到 100 倍（SGD：0.01 到 0.1），或改用學習率 0.001 的 Adam。"},
    "inspect.diag.vanishing_gradients.title": {"en": "Vanishing gradients", "zh-TW": "梯度消失"},
    "inspect.diag.vanishing_gradients.finding": {
        "en": "Over the second half of training the first layer's weight gradient was only {ratio:.2%} of the "
              "output layer's ({first:.1e} against {last:.1e}): the layers near the input barely learn.",
        "zh-TW": "在訓練的後半段，第一層的權重梯度只有輸出層的 {ratio:.2%}（{first:.1e} 對 {last:.1e}）："
                 "靠近輸入的幾層幾乎學不到東西。"},
    "inspect.diag.vanishing_gradients.suggestion": {
        "en": "Use ReLU (or ELU, Leaky ReLU) instead of sigmoid or tanh, add batch normalization, use He "
              "initialization, or use fewer layers.",
        "zh-TW": "用 ReLU（或 ELU、Leaky ReLU）取代 sigmoid 或 tanh、加入批次正規化、使用 He 初始化，或減少層數。"},
    "inspect.diag.dead_relus.title": {"en": "Many dead ReLUs", "zh-TW": "大量死亡 ReLU"},
    "inspect.diag.dead_relus.finding": {
        "en": "In layer {layer}, {dead} of {units} units ({share:.0%}) output 0 for every test image: they pass "
              "no signal on and get no gradient back.",
        "zh-TW": "在 {layer} 層，{units} 個神經元中有 {dead} 個（{share:.0%}）對每張測試圖片都輸出 0："
                 "它們不傳遞訊號，也收不到梯度。"},
    "inspect.diag.dead_relus.suggestion": {
        "en": "Lower the learning rate, use He initialization, or try Leaky ReLU or ELU, which keep a small "
              "gradient for negative inputs.",
        "zh-TW": "降低學習率、使用 He 初始化，或改用對負值輸入仍保留小梯度的 Leaky ReLU 或 ELU。"},
    "inspect.diag.overfitting.title": {"en": "Overfitting", "zh-TW": "過擬合"},
    "inspect.diag.overfitting.finding": {
        "en": "The validation loss was lowest in epoch {best_epoch} ({best:.3f}) and went back up to {now:.3f}, "
              "while the training loss kept falling to {train:.3f} (gap {gap:.3f}): the network is memorising "
              "the training images.",
        "zh-TW": "驗證損失在第 {best_epoch} 個 epoch 最低（{best:.3f}），之後回升到 {now:.3f}，"
                 "而訓練損失持續下降到 {train:.3f}（差距 {gap:.3f}）：神經網路正在死記訓練圖片。"},
    "inspect.diag.overfitting.suggestion": {
        "en": "Add dropout (0.2 to 0.5) or an L2 penalty, use more training images, or stop around epoch "
              "{best_epoch}.",
        "zh-TW": "加入 Dropout（0.2 到 0.5）或 L2 懲罰、使用更多訓練圖片，或在第 {best_epoch} 個 epoch 左右停止訓練。"},
    "inspect.diag.val_loss_turned.title": {
        "en": "Validation loss started rising",
        "zh-TW": "驗證損失開始上升"},
    "inspect.diag.val_loss_turned.finding": {
        "en": "The validation loss was lowest in epoch {best_epoch} ({best:.3f}) and has risen since, to "
              "{now:.3f} in epoch {last_epoch} ({rise:+.1%}), while the training loss kept falling: after "
              "epoch {best_epoch} the network fits its training images better but new images no better. "
              "This is the course notes' sign of overfitting (their course run turned after epoch 7).",
        "zh-TW": "驗證損失在第 {best_epoch} 個 epoch 最低（{best:.3f}），之後一路上升，到第 "
                 "{last_epoch} 個 epoch 為 {now:.3f}（{rise:+.1%}），而訓練損失持續下降：第 "
                 "{best_epoch} 個 epoch 之後，網路把訓練圖片擬合得更好，對新圖片卻沒有更好。"
                 "這就是課程筆記中過擬合的徵兆（筆記的課程模型在第 7 個 epoch 之後轉折）。"},
    "inspect.diag.val_loss_turned.suggestion": {
        "en": "Train for {best_epoch} epochs (or stop early when the validation loss turns), or add "
              "dropout or an L2 penalty and see whether the turn comes later.",
        "zh-TW": "只訓練 {best_epoch} 個 epoch（或在驗證損失轉折時提前停止），或加入 Dropout 或 L2 懲罰，"
                 "看看轉折是否延後出現。"},
    "inspect.diag.underfitting.title": {"en": "Underfitting", "zh-TW": "欠擬合"},
    "inspect.diag.underfitting.finding": {
        "en": "Training accuracy is {train:.1%} and validation accuracy {val:.1%}, both below {threshold:.0%}, and "
              "they gained only {gain:.1%} in the last {epochs} epochs: the model cannot fit the data.",
        "zh-TW": "訓練準確度 {train:.1%}、驗證準確度 {val:.1%}，都低於 {threshold:.0%}，"
                 "而且最後 {epochs} 個 epoch 只進步了 {gain:.1%}：模型無法擬合資料。"},
    "inspect.diag.underfitting.suggestion": {
        "en": "Give the network more capacity (wider or more layers), reduce dropout and L1/L2, or train longer "
              "with a suitable learning rate.",
        "zh-TW": "增加模型容量（更寬或更多層）、降低 Dropout 與 L1/L2，或以合適的學習率訓練更久。"},
    # --- take home -------------------------------------------------------------------------------------------
    "inspect.take_home": {"en": "Take it home", "zh-TW": "帶回家"},
    "inspect.download.model": {"en": "Model (.keras)", "zh-TW": "模型（.keras）"},
    "inspect.download.history": {"en": "History (.csv)", "zh-TW": "訓練歷程（.csv）"},
    "inspect.download.config": {"en": "Settings (.json)", "zh-TW": "設定（.json）"},
    "inspect.download.notebook": {"en": "Notebook (.ipynb)", "zh-TW": "筆記本（.ipynb）"},
    "inspect.download.notebook_zip": {"en": "Notebook and data (.zip)", "zh-TW": "筆記本與資料（.zip）"},
    "inspect.notebook.caption": {
        "en": "The notebook is this run as the course notes' five steps (load the data, build, compile, fit and plot "
              "the history, evaluate and predict) in plain Keras, with the run's settings and seed; a run on the "
              "offline sample comes as a zip with the 5,000 digits beside it, so it runs without a download.",
        "zh-TW": "筆記本把這次訓練寫成課程筆記的五個步驟（載入資料、建立模型、編譯、訓練並畫出歷程物件、評估與預測），"
                 "是純 Keras 程式碼，用這次訓練的設定與亂數種子；用離線樣本訓練的，會打包成 zip，"
                 "旁邊附上那 5,000 張數字，不必下載就能執行。"},
    "inspect.download.tensorboard": {"en": "TensorBoard logs (.zip)", "zh-TW": "TensorBoard 日誌檔（.zip）"},
    "inspect.download.caption": {"en": "Load the model with `keras.saving.load_model(\"{file}\")`.",
                                 "zh-TW": "用 `keras.saving.load_model(\"{file}\")` 載入模型。"},
    "inspect.tensorboard.caption": {"en": "Unzip the logs into the folder you are in, then run:",
                                    "zh-TW": "把日誌檔解壓縮到目前的資料夾，然後執行："},
    "inspect.tensorboard.none": {"en": "No TensorBoard logs were written for this model.",
                                 "zh-TW": "此模型沒有寫入 TensorBoard 日誌檔。"},
    "inspect.code.heading": {"en": "The same experiment as a Keras script", "zh-TW": "同一個實驗的 Keras 程式碼"},
    # --- charts ----------------------------------------------------------------------------------------------
    "inspect.chart.confusion.title": {"en": "Confusion matrix: rows are the true class, columns the prediction",
                                      "zh-TW": "混淆矩陣：列是真實類別，欄是預測類別"},
    "inspect.chart.true": {"en": "True class", "zh-TW": "真實類別"},
    "inspect.chart.predicted": {"en": "Predicted class", "zh-TW": "預測類別"},
    "inspect.chart.images": {"en": "Images", "zh-TW": "圖片數"},
    "inspect.chart.per_class.title": {"en": "Accuracy per class (recall)", "zh-TW": "各類別準確度（召回率）"},
    "inspect.chart.class": {"en": "Class", "zh-TW": "類別"},
    "inspect.chart.accuracy": {"en": "Accuracy", "zh-TW": "準確度"},
    "inspect.chart.precision": {"en": "Precision", "zh-TW": "精確率"},
    "inspect.chart.overall": {"en": "overall {accuracy}", "zh-TW": "整體 {accuracy}"},
    "inspect.chart.weights.title": {"en": "Weights and biases per layer, before and after training",
                                    "zh-TW": "各層的權重與偏差：訓練前後比較"},
    "inspect.chart.kernel": {"en": "weights", "zh-TW": "權重"},
    "inspect.chart.bias": {"en": "biases", "zh-TW": "偏差"},
    "inspect.chart.initial": {"en": "before training", "zh-TW": "訓練前"},
    "inspect.chart.final": {"en": "after training", "zh-TW": "訓練後"},
    "inspect.chart.first_layer.title": {"en": "First layer: the pattern each unit responds to "
                                              "(red = positive weight, blue = negative)",
                                        "zh-TW": "第一層：每個神經元在找的圖樣（紅 = 正權重，藍 = 負權重）"},
    "inspect.chart.unit": {"en": "Unit", "zh-TW": "神經元"},
    "inspect.chart.gradients.title": {"en": "Gradient flow: size of each layer's weight gradient (log scale)",
                                      "zh-TW": "梯度流動：各層權重梯度的大小（對數刻度）"},
    "inspect.chart.step": {"en": "Training step", "zh-TW": "訓練步數"},
    "inspect.chart.grad_norm": {"en": "Gradient norm", "zh-TW": "梯度範數"},
    "inspect.chart.layer": {"en": "Layer", "zh-TW": "層"},
    "inspect.chart.dead.title": {"en": "Dead ReLUs: share of units (or filters) that never fire on the test set",
                                 "zh-TW": "死亡 ReLU：在測試集上從不啟動的神經元（或濾波器）比例"},
    "inspect.chart.dead_share": {"en": "Dead units or filters", "zh-TW": "死亡神經元或濾波器"},
    "inspect.chart.threshold": {"en": "warning level", "zh-TW": "警示線"},
}
