"""Inspect's texts for convolutional networks: filters, feature maps, dead filters."""

TEXT = {
    "inspect.tab.filters": {"en": "Filters and feature maps", "zh-TW": "濾波器與特徵圖"},
    "inspect.filters.caption": {
        "en": "Each tile is one of the {filters} filters of the first convolution layer ({layer}): the 3 × 3 "
              "weights it slides over the image. Red weights add up where the image is bright, blue ones subtract, "
              "so a filter answers most where the image under it looks like its red part.",
        "zh-TW": "每個方塊是第一個卷積層（{layer}）的 {filters} 個濾波器之一：它在圖片上滑動的 3 × 3 權重。"
                 "紅色權重在圖片亮的地方加分、藍色的扣分，所以濾波器在底下的圖像最像它紅色部分的位置反應最強。"},
    "inspect.maps.heading": {"en": "Feature maps of one test digit", "zh-TW": "一張測試數字的特徵圖"},
    "inspect.maps.digit": {"en": "Test image number", "zh-TW": "測試圖片編號"},
    "inspect.maps.digit_help": {"en": "Any test image from 0 to {last}; its feature maps are drawn below.",
                                "zh-TW": "0 到 {last} 之間任一張測試圖片；下方畫出它的特徵圖。"},
    "inspect.maps.digit_caption": {"en": "True {true}, predicted {predicted} ({confidence})",
                                   "zh-TW": "真實 {true}，預測 {predicted}（{confidence}）"},
    "inspect.maps.caption": {
        "en": "Tile k is what filter k outputs at every position of this digit, after the layer's activation "
              "function: the brighter (or, for outputs that can be negative, the redder), the more the image there "
              "looks like the filter's pattern. The tiles follow the filters' order; the next convolution layer "
              "reads all of them together.",
        "zh-TW": "第 k 個方塊是濾波器 k 在這個數字每個位置的輸出（經過該層的激勵函數之後）："
                 "越亮（輸出可為負時則越紅），代表那裡的圖像越像濾波器的圖樣。"
                 "方塊依濾波器的順序排列；下一個卷積層會同時讀取它們全部。"},
    "inspect.maps.shown": {"en": "The first {shown} of {filters} feature maps are shown.",
                           "zh-TW": "顯示 {filters} 張特徵圖中的前 {shown} 張。"},
    # --- charts ----------------------------------------------------------------------------------------------
    "inspect.chart.filters.title": {"en": "{layer}: its 3 × 3 filters (red +, blue −)",
                                    "zh-TW": "{layer}：它的 3 × 3 濾波器（紅 = 正，藍 = 負）"},
    "inspect.chart.maps.title": {"en": "{layer}: {count} feature maps of {side} × {side}",
                                 "zh-TW": "{layer}：{count} 張 {side} × {side} 的特徵圖"},
    "inspect.chart.filter": {"en": "Filter", "zh-TW": "濾波器"},
    "inspect.chart.weight": {"en": "Weight", "zh-TW": "權重"},
    "inspect.chart.output": {"en": "Output", "zh-TW": "輸出"},
    "inspect.chart.row_column": {"en": "row {row}, column {column}", "zh-TW": "第 {row} 列，第 {column} 欄"},
    "inspect.chart.units": {"en": "units", "zh-TW": "個神經元"},
    "inspect.chart.filters": {"en": "filters", "zh-TW": "個濾波器"},
    # --- diagnostics -----------------------------------------------------------------------------------------
    "inspect.diag.dead_relus.finding_conv": {
        "en": "In convolution layer {layer}, {dead} of {units} filters ({share:.0%}) output 0 at every position of "
              "every test image: they pass no signal on and get no gradient back.",
        "zh-TW": "在卷積層 {layer}，{units} 個濾波器中有 {dead} 個（{share:.0%}）對每張測試圖片的每個位置都輸出 0："
                 "它們不傳遞訊號，也收不到梯度。"},
}
