"""The command line's own words, for `train --lang zh-TW` (English stays the default)."""

TEXT = {
    "cli.error": {"en": "error: {reason}", "zh-TW": "錯誤：{reason}"},
}
