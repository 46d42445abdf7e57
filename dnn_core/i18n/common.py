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
