"""Strings of the fair queue: one job at a time per session and per name, and the teacher's list of jobs."""

TEXT = {
    # a second Train, race or twin run while one is live (job_registry.Busy)
    "queue.busy.session": {"en": "You already have a job running or queued.",
                           "zh-TW": "你已經有一個工作正在執行或排隊中。"},
    "queue.busy.name": {"en": "{name} already has a job running or queued.",
                        "zh-TW": "{name} 已經有一個工作正在執行或排隊中。"},
    "queue.refused.session": {
        "en": "You already have {kind} {state}: {settings}. One job at a time: stop it to start this one, or wait "
              "until it ends.",
        "zh-TW": "你已經有{kind}{state}：{settings}。一次只能有一個工作：先停止它才能開始這個，或等它結束。"},
    "queue.refused.name": {
        "en": "{name} already has {kind} {state} (in another tab): {settings}. One job at a time per name: stop it "
              "to start this one, or wait until it ends.",
        "zh-TW": "{name} 已經有{kind}{state}（在另一個分頁）：{settings}。每個名字一次只能有一個工作：先停止它才能開始這個，"
                 "或等它結束。"},
    "queue.kind.train": {"en": "a training", "zh-TW": "一個訓練"},
    "queue.kind.race": {"en": "an optimizer race", "zh-TW": "一場優化器競賽"},
    "queue.kind.twin": {"en": "a twin run", "zh-TW": "一組雙胞胎比較"},
    "queue.state.running": {"en": "running since {time}", "zh-TW": "從 {time} 開始執行中"},
    "queue.state.queued": {"en": "queued since {time}", "zh-TW": "從 {time} 起排隊中"},
    "queue.state.created": {"en": "starting since {time}", "zh-TW": "從 {time} 起正在啟動"},
    "queue.stop_it": {"en": "Stop it", "zh-TW": "停止它"},
    "queue.stopped": {"en": "Stopped. You can start a new one now.", "zh-TW": "已停止。現在可以開始新的工作了。"},
    "queue.stopped_by_teacher": {"en": "The teacher stopped this job.", "zh-TW": "老師停止了這個工作。"},
    "status.stopped_by_teacher": {"en": "Stopped by the teacher", "zh-TW": "已被老師停止"},
    # the teacher's list of the server's jobs
    "teacher.jobs.title": {"en": "Running and queued jobs", "zh-TW": "執行中與排隊中的工作"},
    "teacher.jobs.none": {"en": "No job is running or queued on this server.",
                          "zh-TW": "這台伺服器上目前沒有執行中或排隊中的工作。"},
    "teacher.jobs.col.number": {"en": "#", "zh-TW": "#"},
    "teacher.jobs.col.name": {"en": "Name", "zh-TW": "名字"},
    "teacher.jobs.col.kind": {"en": "Job", "zh-TW": "工作"},
    "teacher.jobs.col.settings": {"en": "Settings", "zh-TW": "設定"},
    "teacher.jobs.col.state": {"en": "State", "zh-TW": "狀態"},
    "teacher.jobs.col.since": {"en": "Started or queued at", "zh-TW": "開始或排隊的時間"},
    "teacher.jobs.kind.train": {"en": "Training", "zh-TW": "訓練"},
    "teacher.jobs.kind.race": {"en": "Optimizer race", "zh-TW": "優化器競賽"},
    "teacher.jobs.kind.twin": {"en": "Twin run", "zh-TW": "雙胞胎比較"},
    "teacher.jobs.state.running": {"en": "running", "zh-TW": "執行中"},
    "teacher.jobs.state.queued": {"en": "queued", "zh-TW": "排隊中"},
    "teacher.jobs.state.created": {"en": "starting", "zh-TW": "啟動中"},
    "teacher.jobs.state.stopping": {"en": "stopping", "zh-TW": "停止中"},
    "teacher.jobs.pick": {"en": "Job", "zh-TW": "工作"},
    "teacher.jobs.stop": {"en": "Stop this job", "zh-TW": "停止這個工作"},
    "teacher.jobs.stopped": {"en": "Stopped job #{number} of {name}; its page says the teacher stopped it.",
                             "zh-TW": "已停止 {name} 的工作 #{number}；對方的頁面會顯示是老師停止的。"},
    "teacher.jobs.gone": {"en": "Job #{number} had already ended.", "zh-TW": "工作 #{number} 已經結束了。"},
}
