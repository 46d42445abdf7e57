"""The command line, ``python -m dnn_core``: train (and resume), datasets, presets, class-digits export."""
