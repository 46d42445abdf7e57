"""Strings shared by every page: navigation, sidebar, generic messages."""

TEXT = {
    "app.title": {"en": "DNN Playground", "zh-TW": "DNN 神經網路遊樂場"},
    "nav.home": {"en": "Home", "zh-TW": "首頁"},
    "nav.train": {"en": "Build & Train", "zh-TW": "建構與訓練"},
    "nav.inspect": {"en": "Inspect", "zh-TW": "檢視模型"},
    "nav.compare": {"en": "Compare", "zh-TW": "比較"},
    "nav.draw": {"en": "Draw & Predict", "zh-TW": "手寫預測"},
    "nav.learn": {"en": "Learn", "zh-TW": "學習"},
    "sidebar.language": {"en": "Language", "zh-TW": "語言"},
}

TEXT.update({
    "status.title": {"en": "Your model", "zh-TW": "你的模型"},
    "status.none": {"en": "No model yet: train one on Build & Train.", "zh-TW": "尚無模型：請到「建構與訓練」訓練一個。"},
    "status.queued": {"en": "Queued: position {position}", "zh-TW": "排隊中：第 {position} 位"},
    "status.training": {"en": "Training… {percent} %", "zh-TW": "訓練中… {percent} %"},
    "status.trained": {"en": "Trained: test accuracy {accuracy} %", "zh-TW": "已訓練：測試準確度 {accuracy} %"},
    "status.stopped": {"en": "Stopped early: test accuracy {accuracy} %", "zh-TW": "提前停止：測試準確度 {accuracy} %"},
    "status.failed": {"en": "Training failed: see Build & Train.", "zh-TW": "訓練失敗：請看「建構與訓練」頁。"},
})
