"""Strings of a model's score on the class's own handwriting: Inspect's section, the cells that open, the Class
board's column and the teacher's re-score."""

TEXT = {
    # --- Inspect: our handwriting ----------------------------------------------------------------------------
    "digits.score.heading": {"en": "Our handwriting", "zh-TW": "我們的手寫字"},
    "digits.score.none": {"en": "The class has not added any digits yet. While the teacher has collection open "
                                "(teacher section of the Class page), draw a digit on Draw & Predict and press "
                                "“Add to our class's digits”: this model is then tested on them here.",
                          "zh-TW": "全班還沒有加入任何數字。老師開放收集時（全班頁面的老師專區），到「手寫預測」寫一個數字，"
                                   "按下「加入我們班的數字」；之後這裡就會用它們測試這個模型。"},
    "digits.score.not_digits": {"en": "This model reads clothes, not handwritten digits: only a digit model is "
                                      "tested on the class's digits.",
                                "zh-TW": "這個模型辨識的是衣物，不是手寫數字：只有數字模型才會用全班的數字測試。"},
    "digits.score.none_held_out": {"en": "This model trained with class_digits={share}, and all {writers} writers of "
                                         "the class's digits were in its training: none is held out to test it on.",
                                   "zh-TW": "這個模型以 class_digits={share} 訓練，全班 {writers} 位書寫者的數字都在它的"
                                            "訓練資料裡：沒有留下任何人的數字可以測試它。"},
    "digits.score.held_out": {"en": "Trained with class_digits={share}: tested only on the {count} digits of the "
                                    "{writers} writers held out of its training ({trained} digits of the other writers "
                                    "were trained on and are not counted).",
                              "zh-TW": "以 class_digits={share} 訓練：只用沒參與訓練的 {writers} 位書寫者的 {count} 個"
                                       "數字測試（其他書寫者的 {trained} 個數字已用於訓練，不計入）。"},
    "digits.score.computing": {"en": "Testing the model on the class's digits…", "zh-TW": "正在用全班的數字測試模型…"},
    "digits.score.error": {"en": "The model could not be tested on the class's digits: {reason}",
                           "zh-TW": "無法用全班的數字測試這個模型：{reason}"},
    "digits.score.metric.class": {"en": "Accuracy on our handwriting", "zh-TW": "我們手寫字的準確度"},
    "digits.score.metric.test": {"en": "Accuracy on the test images", "zh-TW": "測試圖片的準確度"},
    "digits.score.metric.count": {"en": "Our digits tested", "zh-TW": "測試的數字數"},
    "digits.score.delta": {"en": "{points} points vs. the test images", "zh-TW": "{points} 個百分點（相對於測試圖片）"},
    "digits.score.chart.title": {"en": "Our handwriting: rows are the digit drawn, columns what the model read",
                                 "zh-TW": "我們的手寫字：列是寫的數字，欄是模型讀成的數字"},
    "digits.score.pair.caption": {"en": "{count} of our digits {true} were read as {predicted}.",
                                  "zh-TW": "我們寫的 {true} 有 {count} 個被讀成 {predicted}。"},
    "digits.score.pair.none": {"en": "None of our digits {true} was read as {predicted}.",
                               "zh-TW": "我們寫的 {true} 沒有任何一個被讀成 {predicted}。"},
    "digits.score.mistakes.heading": {"en": "Our digits it reads wrong", "zh-TW": "它讀錯的我們的數字"},
    "digits.score.mistakes.caption": {"en": "{count} digits read wrong, the ones the model was surest of first, each "
                                            "as the model saw it (28×28).",
                                      "zh-TW": "共 {count} 個數字讀錯，模型最有把握的排在前面，每個都是模型看到的樣子（28×28）。"},
    "digits.score.mistakes.item": {"en": "drawn {true} → read {predicted} ({confidence})",
                                   "zh-TW": "寫的是 {true} → 讀成 {predicted}（{confidence}）"},
    "digits.score.mistakes.none": {"en": "It reads every one of the class's digits right.",
                                   "zh-TW": "全班的每一個數字它都讀對了。"},
    # --- a confusion matrix's cells open ---------------------------------------------------------------------
    "inspect.cell.hint": {"en": "Click a cell of the matrix, or choose its row and column here.",
                          "zh-TW": "點選矩陣中的一格，或在這裡選擇它的列與欄。"},
    # --- the Class board and the teacher's re-score ----------------------------------------------------------
    "class.column.handwriting": {"en": "Our handwriting", "zh-TW": "我們的手寫字"},
    "digits.score.board.help": {"en": "Accuracy on the class's own digits when the run finished (or when the teacher "
                                      "last re-scored), and how many digits that was; a model trained on some of "
                                      "them is tested on the held-out writers' digits only.",
                                "zh-TW": "訓練結束時（或老師最近一次重新評分時）在全班自己寫的數字上的準確度，以及用了"
                                         "幾個數字；用了部分數字訓練的模型，只用沒參與訓練的書寫者的數字測試。"},
    "digits.score.board.cell": {"en": "{accuracy} of {count}", "zh-TW": "{count} 個中 {accuracy}"},
    "digits.score.rescore.heading": {"en": "Our handwriting on the board", "zh-TW": "看板上的手寫字成績"},
    "digits.score.rescore.caption": {"en": "Tests every run on the board again on the class's {count} digits as they "
                                           "are now, one saved model at a time on a worker.",
                                     "zh-TW": "用全班現在的 {count} 個數字重新測試看板上的每一筆訓練，在工作行程上一次"
                                              "載入一個已儲存的模型。"},
    "digits.score.rescore.button": {"en": "Re-score the board", "zh-TW": "重新評分看板"},
    "digits.score.rescore.progress": {"en": "Re-scoring run {done} of {total}…",
                                      "zh-TW": "正在重新評分第 {done} / {total} 筆訓練…"},
    "digits.score.rescore.done": {"en": "Re-scored {scored} of {total} runs on {count} digits.",
                                  "zh-TW": "已用 {count} 個數字重新評分 {total} 筆訓練中的 {scored} 筆。"},
    "digits.score.rescore.skipped": {"en": "{skipped} could not be scored (no saved model, not a digit model, or "
                                           "its worker was lost).",
                                     "zh-TW": "有 {skipped} 筆無法評分（沒有已儲存的模型、不是數字模型，或工作行程中斷）。"},
    "digits.score.rescore.no_runs": {"en": "There is no finished run on the board to re-score.",
                                     "zh-TW": "看板上沒有已完成的訓練可以重新評分。"},
}
