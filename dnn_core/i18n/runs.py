"""Strings of the run store (dnn_core.runs): its errors, run statuses and kinds, the run-list columns."""

TEXT = {
    # errors (RunStoreError.key); every one names the file or the run so a person can act on it
    "runs.error.unreadable": {
        "en": "The run history file {path} is not a readable runs database (it may be damaged); "
              "move it away or set DNN_RUNS_DB to another file.",
        "zh-TW": "訓練紀錄檔 {path} 不是可讀取的訓練紀錄資料庫（可能已損壞）；"
                 "請將它移開，或用 DNN_RUNS_DB 指定另一個檔案。",
    },
    "runs.error.future_schema": {
        "en": "The run history file {path} was written by a newer version of DNN Playground (schema {found}, "
              "this version reads up to {supported}); update the app or set DNN_RUNS_DB to another file.",
        "zh-TW": "訓練紀錄檔 {path} 是由較新版本的 DNN Playground 寫入的"
                 "（結構版本 {found}，此版本最多支援 {supported}）；請更新程式，或用 DNN_RUNS_DB 指定另一個檔案。",
    },
    "runs.error.unwritable": {
        "en": "Cannot write to {path}: the folder or file is read-only or not accessible ({reason}).",
        "zh-TW": "無法寫入 {path}：資料夾或檔案是唯讀的或無法存取（{reason}）。",
    },
    "runs.error.disk_full": {
        "en": "Cannot save to {path}: the disk is full.",
        "zh-TW": "無法儲存到 {path}：磁碟空間已滿。",
    },
    "runs.error.busy": {
        "en": "The run history file {path} stayed locked by another save for too long; please try again.",
        "zh-TW": "訓練紀錄檔 {path} 被另一個儲存動作鎖定太久；請再試一次。",
    },
    "runs.error.database": {
        "en": "The run history file {path} could not be used: {reason}.",
        "zh-TW": "無法使用訓練紀錄檔 {path}：{reason}。",
    },
    "runs.error.file": {
        "en": "Cannot write the file {path}: {reason}.",
        "zh-TW": "無法寫入檔案 {path}：{reason}。",
    },
    "runs.error.not_found": {
        "en": "Run {run_id} is not in the run history {path}; it may have been deleted.",
        "zh-TW": "訓練紀錄 {path} 中沒有訓練 #{run_id}；它可能已被刪除。",
    },
    "runs.error.no_model": {
        "en": "Run {run_id} has no saved model.",
        "zh-TW": "訓練 #{run_id} 沒有儲存模型。",
    },
    "runs.error.bad_model": {
        "en": "The saved model of run {run_id} ({path}) could not be loaded: {reason}.",
        "zh-TW": "無法載入訓練 #{run_id} 儲存的模型（{path}）：{reason}。",
    },
    "runs.error.empty_name": {
        "en": "A run name cannot be empty.",
        "zh-TW": "訓練名稱不能是空的。",
    },
    "runs.error.bad_choice": {
        "en": "{field}: unknown value '{value}'; allowed: {allowed}.",
        "zh-TW": "{field}：未知的值「{value}」；可用的值：{allowed}。",
    },
    # run statuses and kinds (the 'status' and 'kind' columns of RunStore.list_runs())
    "runs.status.running": {"en": "running", "zh-TW": "執行中"},
    "runs.status.finished": {"en": "finished", "zh-TW": "已完成"},
    "runs.status.stopped": {"en": "stopped", "zh-TW": "已停止"},
    "runs.status.failed": {"en": "failed", "zh-TW": "失敗"},
    "runs.status.interrupted": {"en": "interrupted", "zh-TW": "已中斷"},
    "runs.kind.train": {"en": "training", "zh-TW": "訓練"},
    "runs.kind.race": {"en": "optimizer race", "zh-TW": "優化器競賽"},
    "runs.kind.twin": {"en": "twin run", "zh-TW": "雙胞胎比較"},
    # headers for the columns of RunStore.list_runs()
    "runs.column.id": {"en": "Run", "zh-TW": "編號"},
    "runs.column.name": {"en": "Name", "zh-TW": "名稱"},
    "runs.column.kind": {"en": "Kind", "zh-TW": "類型"},
    "runs.column.status": {"en": "Status", "zh-TW": "狀態"},
    "runs.column.dataset": {"en": "Data set", "zh-TW": "資料集"},
    "runs.column.optimizer": {"en": "Optimizer", "zh-TW": "優化器"},
    "runs.column.layers": {"en": "Hidden layers", "zh-TW": "隱藏層"},
    "runs.column.lr": {"en": "Learning rate", "zh-TW": "學習率"},
    "runs.column.epochs": {"en": "Epochs", "zh-TW": "Epoch 數（迴圈數）"},
    "runs.column.test_accuracy": {"en": "Test accuracy", "zh-TW": "測試準確度"},
    "runs.column.started_at": {"en": "Started", "zh-TW": "開始時間"},
    "runs.column.ended_at": {"en": "Ended", "zh-TW": "結束時間"},
    "runs.column.seconds": {"en": "Time (s)", "zh-TW": "耗時（秒）"},
    "runs.column.parent_id": {"en": "Twin of", "zh-TW": "對照的訓練"},
}
