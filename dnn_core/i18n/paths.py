"""Strings of the optimizer-path charts (dnn_core.engine.paths, dnn_core.charts.paths)."""

TEXT = {
    "paths.title": {"en": "Optimizer paths on the {surface}", "zh-TW": "優化器在「{surface}」上的路徑"},
    "paths.surface.bowl": {"en": "ill-conditioned bowl 0.5·(x² + 20·y²)",
                           "zh-TW": "狹長碗形曲面（病態條件）0.5·(x² + 20·y²)"},
    "paths.surface.saddle": {"en": "saddle x² − y²", "zh-TW": "鞍形曲面 x² − y²"},
    "paths.surface.rosenbrock": {"en": "Rosenbrock valley", "zh-TW": "Rosenbrock 香蕉形山谷"},
    "paths.surface.beale": {"en": "Beale function", "zh-TW": "Beale 函數曲面"},
    "paths.minimum": {"en": "Minimum", "zh-TW": "最小值"},
    "paths.saddle_point": {"en": "Saddle point", "zh-TW": "鞍點"},
    "paths.start": {"en": "Start", "zh-TW": "起點"},
    "paths.step": {"en": "Step", "zh-TW": "步數"},
    "paths.loss": {"en": "Loss", "zh-TW": "損失"},
    "paths.loss_log": {"en": "Loss (log scale)", "zh-TW": "損失（對數刻度）"},
    "paths.loss_title": {"en": "Loss along each optimizer's path", "zh-TW": "各優化器路徑上的損失"},
    "paths.path_label": {"en": "{optimizer} (lr {lr})", "zh-TW": "{optimizer}（學習率 {lr}）"},
    "paths.diverged": {"en": "{path}: diverged", "zh-TW": "{path}：發散"},
    "paths.play": {"en": "▶ Play", "zh-TW": "▶ 播放"},
    "paths.pause": {"en": "❚❚ Pause", "zh-TW": "❚❚ 暫停"},
}
