"""Strings of the class's own handwriting: adding a drawing on Draw & Predict, the Class page's "Our handwriting"
tab, the teacher's controls of it, the exported set as a data set, and the CLI's export."""

TEXT = {
    # Draw & Predict: adding a drawing, and every refusal (dnn_core.classroom.handwriting.HandwritingError)
    "digits.add.title": {"en": "Add to our class's digits", "zh-TW": "加入我們班的手寫數字"},
    "digits.add.intro": {"en": "Your teacher is collecting the class's handwriting. Say which digit you meant: the "
                               "picture kept is exactly the 28×28 image the model read.",
                         "zh-TW": "老師正在收集全班的手寫數字。請選出你想寫的數字：保存的就是模型讀到的那張 28×28 圖片。"},
    "digits.add.label": {"en": "Which digit did you draw?", "zh-TW": "你寫的是哪個數字？"},
    "digits.add.name": {"en": "Your name (optional)", "zh-TW": "你的名字（可不填）"},
    "digits.add.name.help": {"en": "Shown under your drawings in the class's gallery. Leave it empty to stay "
                                   "anonymous.",
                             "zh-TW": "會顯示在全班作品區中你的數字下方。不填就是匿名。"},
    "digits.add.button": {"en": "Add", "zh-TW": "加入"},
    "digits.added.named": {"en": "Added: a {digit} by {name}. {count} digit(s) from you so far.",
                           "zh-TW": "已加入：{name} 寫的 {digit}。你目前共加入 {count} 個數字。"},
    "digits.added.anonymous": {"en": "Added: a {digit}. {count} digit(s) from you so far.",
                               "zh-TW": "已加入：一個 {digit}。你目前共加入 {count} 個數字。"},
    # follows "digits.added.*" directly: English sentences need the space, Chinese ones none
    "digits.added.next": {"en": " The canvas is clear for your next digit.", "zh-TW": "畫布已清空，可以寫下一個數字。"},
    "digits.refused.closed": {"en": "Collection is closed: the teacher has not opened it, or has just closed it. "
                                    "Nothing was added.",
                              "zh-TW": "目前沒有開放收集：老師尚未開放，或剛剛關閉了。沒有加入任何數字。"},
    "digits.refused.empty": {"en": "The canvas is empty: draw a digit first, then add it.",
                             "zh-TW": "畫布是空的：請先寫一個數字再加入。"},
    "digits.refused.label": {"en": "Choose which digit you drew (0 to 9) before you add it.",
                             "zh-TW": "加入之前，請先選出你寫的是哪個數字（0 到 9）。"},
    "digits.refused.burst": {"en": "Too fast: one digit every {seconds:g} s at most. Wait a moment and press Add "
                                   "again.",
                             "zh-TW": "太快了：每 {seconds:g} 秒最多加入一個數字。請稍等一下，再按一次「加入」。"},
    "digits.refused.session_full": {"en": "You have added {limit:,} digits, the most one browser tab may add. "
                                          "Thank you!",
                                    "zh-TW": "你已經加入 {limit:,} 個數字，這是每個分頁能加入的上限。謝謝你！"},
    "digits.refused.full": {"en": "The class's set is full ({limit:,} digits): ask the teacher to export it and "
                                  "clear it.",
                            "zh-TW": "全班的手寫數字已滿（{limit:,} 個）：請老師先匯出，再清除。"},
    "digits.failed": {"en": "The class's digits cannot be read or written here: {reason}",
                      "zh-TW": "這裡無法讀寫全班的手寫數字：{reason}"},

    # Class page: the tabs and "Our handwriting"
    "class.tab.board": {"en": "Board", "zh-TW": "看板"},
    "digits.tab": {"en": "Our handwriting", "zh-TW": "我們班的手寫數字"},
    "digits.where": {"en": "The class's digits are kept in this server's runs database ({path}). A hosted server "
                           "(a free cloud app) may lose them when it sleeps or restarts: download them below to "
                           "keep them.",
                     "zh-TW": "全班的手寫數字存放在這台伺服器的訓練紀錄資料庫（{path}）。架在雲端的伺服器（例如免費的雲端應用）"
                              "休眠或重新啟動時可能會遺失它們：請用下方按鈕下載保存。"},
    "digits.none": {"en": "No digits yet. When the teacher opens collection, draw on Draw & Predict and add your "
                          "digits there.",
                    "zh-TW": "還沒有任何數字。老師開放收集後，到「手寫預測」寫數字並加入。"},
    "digits.total": {"en": "{total} digit(s) from {writers} writer(s) · {pending} waiting for the teacher's approval",
                     "zh-TW": "共 {total} 個數字，來自 {writers} 位作者 · {pending} 個等待老師核准"},
    "digits.collection.open": {"en": "Collection is open: add your digits on Draw & Predict.",
                               "zh-TW": "開放收集中：到「手寫預測」加入你的數字。"},
    "digits.collection.closed": {"en": "Collection is closed.", "zh-TW": "目前沒有開放收集。"},
    "digits.counts.title": {"en": "How many of each digit", "zh-TW": "每個數字有幾個"},
    "digits.writers.title": {"en": "Who drew how many", "zh-TW": "誰寫了幾個"},
    "digits.column.name": {"en": "Name", "zh-TW": "名字"},
    "digits.column.count": {"en": "Digits", "zh-TW": "數字個數"},
    "digits.chart.digit": {"en": "Digit", "zh-TW": "數字"},
    "digits.chart.count": {"en": "Drawings", "zh-TW": "個數"},
    "digits.gallery.title": {"en": "Gallery", "zh-TW": "作品區"},
    "digits.gallery.digit": {"en": "Show the digit", "zh-TW": "顯示數字"},
    "digits.gallery.approval": {"en": "A drawing shows here once the teacher has approved it.",
                                "zh-TW": "老師核准之後，數字才會顯示在這裡。"},
    "digits.gallery.empty": {"en": "No drawing of {digit} to show yet.", "zh-TW": "還沒有可以顯示的 {digit}。"},
    "digits.gallery.none": {"en": "No drawing to show yet.", "zh-TW": "還沒有可以顯示的數字。"},
    "digits.gallery.newest": {"en": "The newest {shown} of {total}.", "zh-TW": "顯示最新的 {shown} 個，共 {total} 個。"},
    "digits.gallery.item": {"en": "#{id} · {name}", "zh-TW": "#{id} · {name}"},
    "digits.download.npz": {"en": "Download .npz (x, y)", "zh-TW": "下載 .npz（x、y）"},
    "digits.download.idx": {"en": "Download the four IDX files (.zip)", "zh-TW": "下載四個 IDX 檔（.zip）"},
    "digits.download.caption": {"en": "Both hold every digit not hidden, with its label, as 28×28 images like MNIST's. "
                                      "The zip unzips into DNN_DATA_DIR as the folder our_handwriting: next year's "
                                      "class can then train and test on it as the data set \"Our handwriting\".",
                                "zh-TW": "兩種檔案都包含所有未隱藏的數字與其標籤，是和 MNIST 一樣的 28×28 圖片。"
                                         "把 zip 檔解壓縮到 DNN_DATA_DIR，就會得到 our_handwriting 資料夾：明年的班級就能把它當成"
                                         "「我們班的手寫數字」資料集來訓練與測試。"},

    # Class page: the teacher's controls
    "digits.teacher.open": {"en": "Collection open", "zh-TW": "開放收集"},
    "digits.teacher.open.help": {"en": "While it is open, Draw & Predict offers \"Add to our class's digits\" under "
                                       "the prediction of a drawing.",
                                 "zh-TW": "開放期間，「手寫預測」會在手寫數字的預測下方出現「加入我們班的手寫數字」。"},
    "digits.teacher.approval": {"en": "The gallery shows a drawing only after I approve it",
                                "zh-TW": "我核准之後，作品區才顯示該數字"},
    "digits.teacher.opened": {"en": "Collection is open.", "zh-TW": "已開放收集。"},
    "digits.teacher.closed": {"en": "Collection is closed: nothing more can be added.",
                              "zh-TW": "已關閉收集：不能再加入數字。"},
    "digits.teacher.approval_on": {"en": "The gallery now waits for your approval.",
                                   "zh-TW": "作品區現在會等你核准後才顯示。"},
    "digits.teacher.approval_off": {"en": "The gallery now shows every drawing not hidden.",
                                    "zh-TW": "作品區現在顯示所有未隱藏的數字。"},
    "digits.teacher.pending": {"en": "Waiting for approval: {count}", "zh-TW": "等待核准：{count} 個"},
    "digits.teacher.pending.none": {"en": "No drawing is waiting for approval.", "zh-TW": "沒有等待核准的數字。"},
    "digits.teacher.approve_all": {"en": "Approve all waiting", "zh-TW": "全部核准"},
    "digits.teacher.approve": {"en": "Approve", "zh-TW": "核准"},
    "digits.teacher.approved": {"en": "Approved: {count} drawing(s).", "zh-TW": "已核准 {count} 個數字。"},
    "digits.teacher.hide_id": {"en": "Drawing #", "zh-TW": "數字編號 #"},
    "digits.teacher.hide": {"en": "Hide", "zh-TW": "隱藏"},
    "digits.teacher.hidden": {"en": "Hidden: {count} drawing(s). They are out of the counts, the gallery, the "
                                    "downloads and every score.",
                              "zh-TW": "已隱藏 {count} 個數字：它們不再列入計數、作品區、下載與任何評分。"},
    "digits.teacher.confirm_clear": {"en": "Yes, delete every drawing of the class",
                                     "zh-TW": "確定刪除全班所有的手寫數字"},
    "digits.teacher.clear": {"en": "Clear the set", "zh-TW": "清除全部"},
    "digits.teacher.cleared": {"en": "Deleted: {count} drawing(s).", "zh-TW": "已刪除 {count} 個數字。"},

    # The exported set as a data set (dnn_core.engine.data) and the CLI's export
    "data.name.our_handwriting": {"en": "Our handwriting (the class's exported digits)",
                                  "zh-TW": "我們班的手寫數字（匯出的全班數字）"},
    "data.status.missing": {"en": "not here: export the class's digits into DNN_DATA_DIR/our_handwriting (until "
                                  "then it falls back to the offline sample)",
                            "zh-TW": "尚未放置：請把全班的手寫數字匯出到 DNN_DATA_DIR/our_handwriting（在那之前會改用離線樣本）"},
    "data.error.no_class_set": {"en": "no exported class set in {folder} (our_handwriting.npz or the four IDX files)",
                                "zh-TW": "{folder} 裡沒有匯出的全班數字（our_handwriting.npz 或四個 IDX 檔）"},
    "notebook.data.class": {"en": "The data are the class's own digits, exported from DNN Playground into a folder "
                                  "`our_handwriting` beside this notebook (the Class page's IDX download, unzipped, "
                                  "or `python -m dnn_core class-digits export our_handwriting`).",
                            "zh-TW": "資料是全班自己的手寫數字，從 DNN Playground 匯出到這個筆記本旁邊的 `our_handwriting` 資料夾"
                                     "（「全班」頁面下載的 IDX 檔解壓縮後即是，或執行 "
                                     "`python -m dnn_core class-digits export our_handwriting`）。"},
    "digits.export.done": {"en": "Wrote {count} digit(s) ({train} to train, {test} to test, held out by writer) to "
                                 "{folder}: {files}",
                           "zh-TW": "已將 {count} 個數字（{train} 個訓練、{test} 個測試，依作者分開）寫入 {folder}：{files}"},
    "digits.export.empty": {"en": "There are no digits to export in {path}.", "zh-TW": "{path} 裡沒有可匯出的數字。"},
}
