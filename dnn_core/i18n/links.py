"""Strings of job links (``?job=``): a job found again after a reload, and one that gave up its slot."""

TEXT = {
    "job.link.bad": {
        "en": "This link's job id is not one this app makes (it may have been cut off when copied). The page opens "
              "without it.",
        "zh-TW": "這個連結裡的工作代碼格式不對（可能複製時被截斷了）。頁面將不帶它開啟。"},
    "job.link.unknown": {
        "en": "No job of this server has this link: it may be from another server, or its runs were deleted.",
        "zh-TW": "這台伺服器上沒有這個連結的工作：它可能來自另一台伺服器，或它的紀錄已被刪除。"},
    "job.link.running": {
        "en": "This job is running in another server process; its result will be in the run history once it ends.",
        "zh-TW": "這個工作正在另一個伺服器行程中執行；結束後，結果會出現在訓練紀錄裡。"},
    "job.link.interrupted": {
        "en": "This job was cut off when the server stopped; its run is kept as interrupted. Train again to get a "
              "result.",
        "zh-TW": "伺服器停止時這個工作被中斷了；它的紀錄標記為「中斷」。請重新訓練以取得結果。"},
    "job.link.failed": {"en": "This job failed: {error}", "zh-TW": "這個工作失敗了：{error}"},
    "job.abandoned": {
        "en": "Stopped because nobody had looked at it for more than {seconds} s while others waited for a place in "
              "the queue. What it learned until then is kept.",
        "zh-TW": "因為有人在排隊，而它已超過 {seconds} 秒沒有人查看，所以被停止了。停止前學到的結果已保留。"},
}
