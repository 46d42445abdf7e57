"""Training on the class's own digits (``class_digits``): the setting on Build & Train, the summary beside a result,
the twin run and race on Compare, the command line's line, the preset and the Learn lesson."""

TEXT = {
    # Build & Train, the Data tab
    "train.class_digits": {"en": "The class's own digits in the training (share of writers)",
                           "zh-TW": "班上手寫數字加入訓練（書寫者的比例）"},
    "train.class_digits.help": {
        "en": "0 = off. Otherwise this share of the class's writers (the digits drawn on Draw & Predict) joins the "
              "training images, each of their digits repeated until they make about a fifth of them; the other "
              "writers are held out, and the model's accuracy on our handwriting counts their digits only. A hash of "
              "each writer decides their side, so a set that grows never moves anyone. The validation images stay "
              "the data set's own.",
        "zh-TW": "0 = 不使用。否則班上這個比例的書寫者（在「繪圖與預測」頁畫的數字）會加入訓練圖片，每個數字重複到大約占"
                 "訓練圖片的五分之一；其餘書寫者保留不用，模型在我們手寫字上的準確度只算他們的數字。每位書寫者在哪一邊由雜湊決定，"
                 "所以數字集變大時沒有人會換邊。驗證圖片仍然只用資料集自己的。"},
    "digits.train.plan.none": {
        "en": "The class has no drawn digits yet (they are added on Draw & Predict while the teacher has collection "
              "open): until then this setting has no effect.",
        "zh-TW": "班上還沒有手寫數字（老師開放收集時，在「繪圖與預測」頁加入）：在那之前這個設定沒有作用。"},
    "digits.train.plan.off": {
        "en": "The class has {digits} digits by {writers} writers. At 0 none of them joins the training: the model "
              "is only scored on them.",
        "zh-TW": "班上有 {writers} 位書寫者的 {digits} 個數字。設為 0 時都不加入訓練，只用來給模型打分數。"},
    "digits.train.plan.split": {
        "en": "The class has {digits} digits by {writers} writers. At {share}: {joining_writers} writers "
              "({joining} digits) join the training, each digit {repeats} times; {held_writers} writers ({held} "
              "digits) are held out, and the model is scored on them only.",
        "zh-TW": "班上有 {writers} 位書寫者的 {digits} 個數字。設為 {share} 時：{joining_writers} 位書寫者（{joining} 個數字）"
                 "加入訓練，每個數字重複 {repeats} 次；{held_writers} 位書寫者（{held} 個數字）保留不用，模型只用他們的數字打分數。"},
    "digits.train.plan.no_join": {
        "en": "At {share} none of the {writers} writers falls on the training side: more writers, or a larger "
              "share, are needed for the setting to do anything.",
        "zh-TW": "設為 {share} 時，{writers} 位書寫者沒有一位落在訓練這一邊：需要更多書寫者或更大的比例，這個設定才有作用。"},
    "digits.train.plan.no_held": {
        "en": "At {share} all {writers} writers join the training: nobody is left to score the model on honestly. "
              "Choose a smaller share.",
        "zh-TW": "設為 {share} 時，{writers} 位書寫者全部加入訓練：沒有人留下來公平地給模型打分數。請選小一點的比例。"},

    # Build & Train, beside the result
    "digits.train.heading": {"en": "Our handwriting", "zh-TW": "我們的手寫字"},
    "digits.train.accuracy_held": {"en": "Accuracy on our handwriting (held-out writers)",
                                   "zh-TW": "我們手寫字的準確度（保留的書寫者）"},
    "digits.train.accuracy_all": {"en": "Accuracy on our handwriting (all writers)",
                                  "zh-TW": "我們手寫字的準確度（所有書寫者）"},
    "digits.train.accuracy_half": {"en": "… on the half a 0.5 training holds out",
                                   "zh-TW": "……在 0.5 訓練保留的那一半"},
    "digits.train.writers": {"en": "Writers joining / held out", "zh-TW": "書寫者：加入／保留"},
    "digits.train.digits": {"en": "Digits joining / held out", "zh-TW": "數字：加入／保留"},
    "digits.train.repeats": {"en": "Copies of each joining digit", "zh-TW": "每個加入的數字複製幾份"},
    "digits.train.count": {"en": "{count} digits", "zh-TW": "{count} 個數字"},
    "digits.train.joined_note": {
        "en": "{added} images of the class's digits joined the training images (the {digits} digits of "
              "{writers} writers, {repeats} times each); the validation images stayed the data set's own. The score "
              "counts only the {count} digits of the {held} writers held out: no digit the model trained on.",
        "zh-TW": "班上的數字以 {added} 張圖片加入訓練圖片（{writers} 位書寫者的 {digits} 個數字，各 {repeats} 份）；"
                 "驗證圖片仍是資料集自己的。分數只算保留的 {held} 位書寫者的 {count} 個數字：沒有一個是模型訓練過的。"},
    "digits.train.off_note": {
        "en": "class_digits was 0: none of the class's digits was trained on, and all {count} of them (by "
              "{writers} writers) score the model. Against {test} % on the data set's test images.",
        "zh-TW": "class_digits 為 0：班上的數字都沒有拿來訓練，{writers} 位書寫者的全部 {count} 個數字都用來打分數。"
                 "對照資料集測試圖片的 {test} %。"},
    "digits.train.joined_compare": {
        "en": "Against {test} % on the data set's test images.",
        "zh-TW": "對照資料集測試圖片的 {test} %。"},
    "digits.train.no_effect.empty": {
        "en": "class_digits was {share}, but the class had no drawn digits when the training started: the setting "
              "had no effect on this run.",
        "zh-TW": "class_digits 為 {share}，但訓練開始時班上還沒有手寫數字：這個設定對這次訓練沒有作用。"},
    "digits.train.no_effect.side": {
        "en": "class_digits was {share}, but none of the class's {writers} writers fell on the training side: the "
              "setting had no effect on this run.",
        "zh-TW": "class_digits 為 {share}，但班上 {writers} 位書寫者沒有一位落在訓練這一邊：這個設定對這次訓練沒有作用。"},
    "digits.train.nothing_held": {
        "en": "Every writer joined the training: no digit is left to score the model on honestly.",
        "zh-TW": "所有書寫者都加入了訓練：沒有留下數字可以公平地給模型打分數。"},

    # the command line's summary line (python -m dnn_core train)
    "digits.train.line.off": {
        "en": "class digits: accuracy {accuracy} on all {count} digits of {writers} writers (none trained on)",
        "zh-TW": "班上手寫數字：{writers} 位書寫者的全部 {count} 個數字，準確度 {accuracy}（都沒有拿來訓練）"},
    "digits.train.line.no_effect": {
        "en": "class digits: none joined the training (class_digits {share}): the setting had no effect",
        "zh-TW": "班上手寫數字：沒有加入訓練（class_digits {share}）：這個設定沒有作用"},
    "digits.train.line.joined": {
        "en": "class digits: {digits} digits of {writers} writers joined x{repeats}; accuracy {accuracy} on the "
              "{count} digits of the {held_out} held-out writers",
        "zh-TW": "班上手寫數字：{writers} 位書寫者的 {digits} 個數字加入訓練，各 {repeats} 份；保留的 {held_out} 位書寫者的 "
                 "{count} 個數字，準確度 {accuracy}"},

    # Compare: the twin run and the race
    "compare.setting.class_digits": {"en": "class digits", "zh-TW": "班上手寫數字比例"},
    "compare.twin.class_lesson": {
        "en": "**On our handwriting** (the {count} digits of the writers a class_digits 0.5 training holds out): "
              "{base} % → {twin} %",
        "zh-TW": "**在我們的手寫字上**（class_digits 0.5 的訓練所保留書寫者的 {count} 個數字）：{base} % → {twin} %"},
    "compare.twin.class_own": {
        "en": "**On our handwriting**, each on the writers it did not train on: {base} % ({base_count} digits) → "
              "{twin} % ({twin_count} digits)",
        "zh-TW": "**在我們的手寫字上**，各自用沒有拿來訓練的書寫者：{base} %（{base_count} 個數字）→ {twin} %"
                 "（{twin_count} 個數字）"},
    "compare.race.class_digits": {
        "en": "A race trains on the data set alone: class_digits ({share}) applies to Build & Train and twin runs, "
              "not here.",
        "zh-TW": "比賽只用資料集訓練：class_digits（{share}）用在「建構與訓練」和雙胞胎訓練，不用在這裡。"},

    # the lesson's preset: a twin run (Compare) of the course model and the same with half the class's writers
    "preset.our_handwriting": {"en": "Our handwriting (course model, then with half the class)",
                               "zh-TW": "我們的手寫字（課程模型，再加入半班）"},
    "preset.our_handwriting.help": {
        "en": "A twin run on Compare: the course model, then the same with class_digits 0.5. Both are scored on the "
              "writers the second one holds out.",
        "zh-TW": "在「比較」頁的雙胞胎訓練：先訓練課程模型，再訓練 class_digits 0.5 的同一個模型。兩個都用第二個保留的書寫者打分數。"},

    # Learn: our handwriting is not MNIST
    "learn.tab.handwriting": {"en": "Our handwriting", "zh-TW": "我們的手寫字"},
    "learn.ours.title": {"en": "Our handwriting is not MNIST", "zh-TW": "我們的手寫字不是 MNIST"},
    "learn.ours.intro": {
        "en": "MNIST's digits were written around 1990 by American census staff and high-school students, with a "
              "pen on paper, then scanned. A model with 97 % on MNIST's test images has only seen *their* "
              "handwriting: the test images come from the same kind of writers. Our class draws with a mouse or a "
              "finger, thicker or thinner, slanted our own way. How well does the course model read us, and what "
              "happens when some of us join its training?",
        "zh-TW": "MNIST 的數字是 1990 年前後美國人口普查局員工和高中生用筆寫在紙上、再掃描的。MNIST 測試圖片 97 % 的模型只看過"
                 "*他們的*筆跡：測試圖片也來自同一類書寫者。我們班是用滑鼠或手指畫的，筆畫粗細、傾斜都有自己的樣子。"
                 "課程模型讀得懂我們嗎？讓一部分同學加入它的訓練，又會怎樣？"},
    "learn.ours.notes": {
        "en": "In the notes… the model is judged on MNIST's own test images, `r = model.fit(x_train, y_train, "
              "validation_data=(x_test, y_test), epochs=10)`: writers like the training's. Here it is judged on "
              "ours as well.",
        "zh-TW": "筆記中……模型是用 MNIST 自己的測試圖片評估：`r = model.fit(x_train, y_train, "
                 "validation_data=(x_test, y_test), epochs=10)`，書寫者和訓練圖片同一類。這裡也用我們的字來評估。"},
    "learn.ours.status": {
        "en": "Our set now: **{digits}** digits by **{writers}** writers. With class_digits 0.5, {joining_writers} "
              "writers ({joining} digits) join the training and {held_writers} writers ({held} digits) are held out.",
        "zh-TW": "我們的數字集目前：**{writers}** 位書寫者的 **{digits}** 個數字。class_digits 0.5 時，{joining_writers} 位書寫者"
                 "（{joining} 個數字）加入訓練，{held_writers} 位書寫者（{held} 個數字）保留不用。"},
    "learn.ours.too_few": {
        "en": "The lesson needs writers on both sides: at least two who join and two held out (and a few digits "
              "of every kind from each). Draw more on Draw & Predict while the teacher has collection open.",
        "zh-TW": "這堂課需要兩邊都有書寫者：至少兩位加入、兩位保留（每位每種數字都畫幾個）。請在老師開放收集時，到「繪圖與預測」頁多畫一些。"},
    "learn.ours.steps": {
        "en": "**The lesson in one click:** the button opens Compare with a twin run set up. Its first training is "
              "the course model as it is (class_digits 0): it is scored on all of our digits, and separately on "
              "the held-out half. The twin is the same model with class_digits 0.5: half of the writers' digits, "
              "repeated, join its training images. Both are then compared on the held-out half only, the writers "
              "neither of them has seen.",
        "zh-TW": "**一鍵上課**：按鈕會打開「比較」頁，並設定好雙胞胎訓練。第一次訓練是原本的課程模型（class_digits 0）："
                 "用我們全部的數字打分數，也另外算保留那一半的分數。雙胞胎是 class_digits 0.5 的同一個模型："
                 "一半書寫者的數字重複後加入它的訓練圖片。最後兩個都只用保留的那一半比較，也就是兩個模型都沒看過的書寫者。"},
    "learn.ours.expect": {
        "en": "**What to look for:** the course model usually reads our handwriting worse than MNIST's test images. "
              "The twin reads the held-out writers better, though it never saw them: it learned how *this class* "
              "draws (a mouse's thick strokes, our slants), not just what a 7 is. Its accuracy on MNIST's test "
              "images barely moves. With few writers the difference is noisy: more writers, steadier lesson.",
        "zh-TW": "**要注意看**：課程模型讀我們的字，通常比讀 MNIST 測試圖片差。雙胞胎雖然沒看過保留的書寫者，卻讀得比較好："
                 "它學到的是*這個班*怎麼畫（滑鼠的粗筆畫、我們的傾斜），不只是 7 長什麼樣子。它在 MNIST 測試圖片上的準確度"
                 "幾乎不變。書寫者少時差距會忽大忽小：書寫者越多，結果越穩定。"},
    "learn.ours.draw": {"en": "Draw digits for the set", "zh-TW": "畫數字加入數字集"},
}
