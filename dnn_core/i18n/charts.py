"""Labels of the training charts."""

TEXT = {
    "chart.loss": {"en": "Loss", "zh-TW": "損失"},
    "chart.accuracy": {"en": "Accuracy", "zh-TW": "準確度"},
    "chart.epoch": {"en": "Epoch", "zh-TW": "Epoch"},
    "chart.batch": {"en": "Each batch", "zh-TW": "每個批次"},
    "chart.batch_smoothed": {"en": "Batches (smoothed)", "zh-TW": "批次（平滑）"},
    # a training that ran several batches per step draws a point per step: the mean of its batches
    "chart.step": {"en": "Each step: mean of {batches} batches", "zh-TW": "每一步：{batches} 個批次的平均"},
    "chart.step_smoothed": {"en": "Steps (smoothed)", "zh-TW": "每一步（平滑）"},
    "chart.train_epoch": {"en": "Training (epoch)", "zh-TW": "訓練（每個 epoch）"},
    "chart.val_epoch": {"en": "Validation (epoch)", "zh-TW": "驗證（每個 epoch）"},
    "chart.input": {"en": "Input 28×28", "zh-TW": "輸入 28×28"},
    "chart.output": {"en": "Output 10 softmax", "zh-TW": "輸出 10 softmax"},
}
