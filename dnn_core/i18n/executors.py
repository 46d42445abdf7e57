"""Where trainings run (worker processes, a Ray cluster or this process), admission and watch by memory, and lost
workers."""

TEXT = {
    "job.error.served_lost": {
        "en": "The worker process doing this stopped before it finished, most likely because memory ran out. Nothing "
              "else was affected; try again.",
        "zh-TW": "執行這項工作的工作行程在完成前就停止了，最可能是記憶體用完。其他部分不受影響；請再試一次。"},
    "job.error.too_big.weights": {
        "en": "This training would need about {need} MB of memory, more than the {budget} MB that trainings may use "
              "here (DNN_MEMORY_BUDGET_MB). Most of it is weights and optimizer state: try fewer or narrower layers.",
        "zh-TW": "這次訓練約需 {need} MB 記憶體，超過這裡允許訓練使用的 {budget} MB（DNN_MEMORY_BUDGET_MB）。"
                 "其中大多是權重與優化器狀態：請減少層數或每層的神經元數。"},
    "job.error.too_big.activations": {
        "en": "This training would need about {need} MB of memory, more than the {budget} MB that trainings may use "
              "here (DNN_MEMORY_BUDGET_MB). Most of it is the batch flowing through the layers: try a smaller batch "
              "size.",
        "zh-TW": "這次訓練約需 {need} MB 記憶體，超過這裡允許訓練使用的 {budget} MB（DNN_MEMORY_BUDGET_MB）。"
                 "其中大多是流過各層的批次資料：請改用較小的批次大小。"},
    "job.error.too_big.data": {
        "en": "This training would need about {need} MB of memory, more than the {budget} MB that trainings may use "
              "here (DNN_MEMORY_BUDGET_MB). Most of it is the training images: try fewer training images.",
        "zh-TW": "這次訓練約需 {need} MB 記憶體，超過這裡允許訓練使用的 {budget} MB（DNN_MEMORY_BUDGET_MB）。"
                 "其中大多是訓練圖片：請減少訓練圖片數。"},
    "job.error.worker_killed.weights": {
        "en": "The worker process running this training was killed, most likely because memory ran out (it was "
              "expected to need about {need} MB). The run is recorded as failed; other trainings go on. Most of its "
              "memory is weights and optimizer state: try fewer or narrower layers, then press Train again.",
        "zh-TW": "執行這次訓練的工作行程被終止了，最可能的原因是記憶體用完（預估約需 {need} MB）。"
                 "這次訓練已記錄為失敗；其他訓練不受影響。它的記憶體大多是權重與優化器狀態：請減少層數或每層的神經元數，再按一次「訓練」。"},
    "job.error.worker_killed.activations": {
        "en": "The worker process running this training was killed, most likely because memory ran out (it was "
              "expected to need about {need} MB). The run is recorded as failed; other trainings go on. Most of its "
              "memory is the batch flowing through the layers: try a smaller batch size, then press Train again.",
        "zh-TW": "執行這次訓練的工作行程被終止了，最可能的原因是記憶體用完（預估約需 {need} MB）。"
                 "這次訓練已記錄為失敗；其他訓練不受影響。它的記憶體大多是流過各層的批次資料：請改用較小的批次大小，再按一次「訓練」。"},
    "job.error.worker_killed.data": {
        "en": "The worker process running this training was killed, most likely because memory ran out (it was "
              "expected to need about {need} MB). The run is recorded as failed; other trainings go on. Most of its "
              "memory is the training images: try fewer training images, then press Train again.",
        "zh-TW": "執行這次訓練的工作行程被終止了，最可能的原因是記憶體用完（預估約需 {need} MB）。"
                 "這次訓練已記錄為失敗；其他訓練不受影響。它的記憶體大多是訓練圖片：請減少訓練圖片數，再按一次「訓練」。"},
    "job.error.over_share.weights": {
        "en": "This training used {used} MB of memory, more than the {share} MB it was given, so it was stopped "
              "before the server ran out of memory. The run is recorded as failed. Most of its memory is weights and "
              "optimizer state: try fewer or narrower layers.",
        "zh-TW": "這次訓練用了 {used} MB 記憶體，超過分配給它的 {share} MB，因此在伺服器記憶體用完之前就停止了它。"
                 "這次訓練已記錄為失敗。它的記憶體大多是權重與優化器狀態：請減少層數或每層的神經元數。"},
    "job.error.over_share.activations": {
        "en": "This training used {used} MB of memory, more than the {share} MB it was given, so it was stopped "
              "before the server ran out of memory. The run is recorded as failed. Most of its memory is the batch "
              "flowing through the layers: try a smaller batch size.",
        "zh-TW": "這次訓練用了 {used} MB 記憶體，超過分配給它的 {share} MB，因此在伺服器記憶體用完之前就停止了它。"
                 "這次訓練已記錄為失敗。它的記憶體大多是流過各層的批次資料：請改用較小的批次大小。"},
    "job.error.over_share.data": {
        "en": "This training used {used} MB of memory, more than the {share} MB it was given, so it was stopped "
              "before the server ran out of memory. The run is recorded as failed. Most of its memory is the "
              "training images: try fewer training images.",
        "zh-TW": "這次訓練用了 {used} MB 記憶體，超過分配給它的 {share} MB，因此在伺服器記憶體用完之前就停止了它。"
                 "這次訓練已記錄為失敗。它的記憶體大多是訓練圖片：請減少訓練圖片數。"},
    "job.error.worker_start": {
        "en": "The worker process for this training could not start ({reason}). The run is recorded as failed; "
              "press Train to try again.",
        "zh-TW": "無法啟動這次訓練的工作行程（{reason}）。這次訓練已記錄為失敗；請再按一次「訓練」。"},
    "job.error.worker_died": {
        "en": "The Ray worker running this job stopped: its process ended, or its machine left the cluster or ran "
              "out of memory. The run is recorded as failed; press Train to try again.",
        "zh-TW": "負責這項工作的 Ray 工作行程停止了：它的行程已結束，或所在的機器離開了叢集或記憶體不足。"
                 "這次訓練已記錄為失敗；請再按一次「訓練」。"},
    "job.error.worker_silent": {
        "en": "The Ray worker running this job gave no answer for {seconds} s (its machine may have left the "
              "cluster), so the job was ended. The run is recorded as failed; press Train to try again.",
        "zh-TW": "負責這項工作的 Ray 工作行程 {seconds} 秒沒有回應（所在的機器可能已離開叢集），因此結束了這項工作。"
                 "這次訓練已記錄為失敗；請再按一次「訓練」。"},
    "job.error.model_changed": {
        "en": "The model trained on the cluster gives other probabilities on this server than on its worker, so it "
              "was not used. Check that every machine has the same versions of TensorFlow and Keras.",
        "zh-TW": "在叢集上訓練的模型，在這台伺服器上算出的機率與在工作行程上不同，因此沒有採用。"
                 "請確認每台機器的 TensorFlow 與 Keras 版本相同。"},
    "executor.local": {"en": "Trainings run in this server.", "zh-TW": "訓練在這台伺服器上執行。"},
    "executor.process": {
        "en": "Trainings run in worker processes on this server ({workers} started now), up to {limit} at once, "
              "with {budget} MB of memory between them.",
        "zh-TW": "訓練在這台伺服器的工作行程中執行（目前已啟動 {workers} 個），最多同時 {limit} 個，共可使用 {budget} MB 記憶體。"},
    "executor.ray": {
        "en": "Trainings run on the Ray cluster at {address}: {nodes} machine(s), {cpus} CPUs, up to {limit} "
              "trainings at once.",
        "zh-TW": "訓練在位於 {address} 的 Ray 叢集上執行：{nodes} 台機器、{cpus} 個 CPU，最多同時 {limit} 個訓練。"},
    "executor.unreachable": {
        "en": "The Ray cluster at {address} (DNN_RAY_ADDRESS) could not be reached: {reason}. Trainings run in worker "
              "processes on this server instead.",
        "zh-TW": "無法連上位於 {address} 的 Ray 叢集（DNN_RAY_ADDRESS）：{reason}。訓練改在這台伺服器的工作行程中執行。"},
    "executor.no_ray": {
        "en": "DNN_RAY_ADDRESS is set to {address}, but Ray is not installed here (pip install -r "
              "requirements-cluster.txt). Trainings run in worker processes on this server instead.",
        "zh-TW": "DNN_RAY_ADDRESS 設為 {address}，但這裡沒有安裝 Ray（pip install -r requirements-cluster.txt）。"
                 "訓練改在這台伺服器的工作行程中執行。"},
    "executor.where.local": {"en": "Trained in the server process (pid {pid}).",
                             "zh-TW": "在伺服器行程中訓練（pid {pid}）。"},
    "executor.where.process": {"en": "Trained in a worker process of this server (pid {pid}).",
                               "zh-TW": "在這台伺服器的工作行程中訓練（pid {pid}）。"},
    "executor.peak": {"en": "Memory: {peak} MB at its peak, of the {share} MB it was given.",
                      "zh-TW": "記憶體：最高用到 {peak} MB，分配給它的是 {share} MB。"},
    "executor.where.ray": {"en": "Trained on a Ray worker: node {node}, pid {pid}.",
                           "zh-TW": "在 Ray 工作行程上訓練：節點 {node}，pid {pid}。"},
    "home.executor.connecting": {"en": "Connecting to the Ray cluster…", "zh-TW": "正在連線到 Ray 叢集…"},
}
