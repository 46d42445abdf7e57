"""Why a data set could not be had (DataError.key): each names the file, so a teacher can replace it. What Python or
NumPy said is kept, in parentheses, as a detail."""

TEXT = {
    "data.error.shape": {"en": "{path}: expected N×28×28 images with N labels, got {images} and {labels}",
                         "zh-TW": "{path}：應該是 N 張 28×28 的影像與 N 個標籤，實際是 {images} 與 {labels}"},
    "data.error.labels": {"en": "{path}: labels must be 0 to 9, found {found}",
                          "zh-TW": "{path}：標籤必須是 0 到 9，卻出現 {found}"},
    "data.error.npz": {"en": "{path}: not a readable MNIST .npz file ({detail})",
                       "zh-TW": "{path}：不是可讀取的 MNIST .npz 檔（{detail}）"},
    "data.error.gzip": {"en": "{path}: not a readable gzip IDX file ({detail})",
                        "zh-TW": "{path}：不是可讀取的 gzip 壓縮 IDX 檔（{detail}）"},
    "data.error.magic": {"en": "{path}: not an IDX file of unsigned bytes (bad magic number)",
                         "zh-TW": "{path}：不是無號位元組的 IDX 檔（開頭的識別碼不對）"},
    "data.error.truncated": {"en": "{path}: truncated or padded IDX file ({size} bytes, expected {expected})",
                             "zh-TW": "{path}：IDX 檔被截斷或多出資料（{size} 位元組，應為 {expected}）"},
    "data.error.offline": {"en": "offline mode (DNN_OFFLINE is set)", "zh-TW": "離線模式（已設定 DNN_OFFLINE）"},
    "data.error.unreachable": {"en": "{host} unreachable ({detail})", "zh-TW": "無法連線到 {host}（{detail}）"},
}
