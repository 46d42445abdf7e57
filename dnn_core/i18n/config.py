"""Why a setting was refused (ConfigError.key): the field as it is written in URLs and on the command line, the
value as given, and what is allowed. The English is what the CLI prints and the tests read."""

TEXT = {
    "config.error.unknown_settings": {"en": "unknown setting(s) {names}; allowed: {allowed}",
                                      "zh-TW": "沒有 {names} 這個設定；可用的設定有：{allowed}"},
    "config.error.layers_not_list": {"en": "layers: {value} is not a list of layers; write e.g. '256,128' or 'conv32,pool,128'",
                                     "zh-TW": "layers：{value} 不是層的清單；請寫成例如 '256,128' 或 'conv32,pool,128'"},
    "config.error.layer_token": {"en": "layers: {token} is not a layer; write {forms} (e.g. 'conv32,pool,256:tanh,128')",
                                 "zh-TW": "layers：{token} 不是一個層；請寫成 {forms}（例如 'conv32,pool,256:tanh,128'）"},
    "config.error.layer_activation": {"en": "layers: {token} names the unknown activation '{activation}'; allowed: {allowed}",
                                      "zh-TW": "layers：{token} 的激勵函數 '{activation}' 不存在；可用的有：{allowed}"},
    "config.error.spatial_after_dense": {
        "en": "layers: {token} (layer {position}) comes after a dense layer; convolution and pooling layers go first",
        "zh-TW": "layers：{token}（第 {position} 層）排在全連接層之後；卷積層與池化層要放在最前面"},
    "config.error.filters": {"en": "layers: {token}: the number of filters is out of range; allowed 1 to {max}",
                             "zh-TW": "layers：{token} 的濾波器數量超出範圍；允許 1 到 {max} 個"},
    "config.error.image_too_small": {
        "en": "layers: {token} (layer {position}) would shrink the {side}×{side} image below 1 pixel; remove it or a "
              "layer before it",
        "zh-TW": "layers：{token}（第 {position} 層）會把 {side}×{side} 的影像縮到不足 1 個像素；請刪掉它或它前面的一層"},
    "config.error.not_bool": {"en": "{field}: {value} is not true or false",
                              "zh-TW": "{field}：{value} 不是 true 或 false"},
    "config.error.not_whole": {"en": "{field}: {value} is not a whole number", "zh-TW": "{field}：{value} 不是整數"},
    "config.error.not_number": {"en": "{field}: {value} is not a number", "zh-TW": "{field}：{value} 不是數字"},
    "config.error.out_of_range": {"en": "{field}: {value} is out of range; allowed {allowed}",
                                  "zh-TW": "{field}：{value} 超出範圍；允許的範圍是 {allowed}"},
    "config.error.class_digits": {"en": "class_digits: {value} is too small; use 0 (off) or {smallest} to 0.9",
                                  "zh-TW": "class_digits：{value} 太小；請用 0（不使用）或 {smallest} 到 0.9"},
    "config.error.unknown_value": {"en": "{field}: unknown value {value}; allowed: {allowed}",
                                   "zh-TW": "{field}：沒有 {value} 這個選項；可用的有：{allowed}"},
    "config.error.unknown_preset": {"en": "preset: unknown preset {value}; allowed: {allowed}",
                                    "zh-TW": "preset：沒有 {value} 這個預設組合；可用的有：{allowed}"},
    "config.error.no_layers": {"en": "layers: at least one hidden layer is needed, e.g. '128' or 'conv32,pool'",
                               "zh-TW": "layers：至少需要一個隱藏層，例如 '128' 或 'conv32,pool'"},
    "config.error.too_many_layers": {"en": "layers: {count} hidden layers is too many; allowed 1 to {max}",
                                     "zh-TW": "layers：{count} 個隱藏層太多了；允許 1 到 {max} 個"},
    "config.error.width": {"en": "layers: width {width} is out of range; allowed 1 to {max}",
                           "zh-TW": "layers：寬度 {width} 超出範圍；允許 1 到 {max}"},
    "config.error.train_size": {
        "en": "train_size: {value} is out of range for {dataset}; allowed 20 to {available}, or 0 for all",
        "zh-TW": "train_size：{value} 超出 {dataset} 的範圍；允許 20 到 {available}，或 0 表示全部"},
    "config.error.no_momentum": {
        "en": "momentum: {optimizer} has no momentum setting; only sgd, momentum, nesterov and rmsprop use it "
              "(set momentum to 0)",
        "zh-TW": "momentum：{optimizer} 沒有動量設定；只有 sgd、momentum、nesterov 與 rmsprop 會用到（請把 momentum 設為 0）"},
    "config.error.race_optimizer": {"en": "contestants: unknown optimizer {value}; allowed: {allowed}",
                                    "zh-TW": "參賽者：沒有 {value} 這個優化器；可用的有：{allowed}"},
    "config.error.race_lr": {"en": "lr: {value} for {optimizer} is out of range; allowed (0, {high}]",
                             "zh-TW": "學習率：{optimizer} 的 {value} 超出範圍；允許的範圍是 (0, {high}]"},
    "config.error.race_count": {"en": "contestants: {count} chosen; a race needs {low} to {high}",
                                "zh-TW": "參賽者：選了 {count} 個；一場競賽需要 {low} 到 {high} 個"},
    "config.error.race_twice": {
        "en": "contestants: {names} appear(s) twice; give each contestant its own lr or name",
        "zh-TW": "參賽者：{names} 出現了兩次；請給每位參賽者各自的學習率或名稱"},
    "config.error.twin_setting": {"en": "twin: unknown setting {value}; allowed: {allowed}",
                                  "zh-TW": "雙胞胎訓練：沒有 {value} 這個設定；可用的有：{allowed}"},
    "config.error.twin_value": {"en": "twin: {setting} needs a new value",
                                "zh-TW": "雙胞胎訓練：{setting} 需要一個新的值"},
    "config.error.twin_same": {"en": "twin: {setting} is already {value}; pick another value",
                               "zh-TW": "雙胞胎訓練：{setting} 已經是 {value}；請選另一個值"},
}
