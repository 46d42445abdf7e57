"""The command line's data commands: ``datasets`` (what is available here) and ``class-digits export OUT`` (the
class's own handwriting, as an MNIST-style .npz and the four IDX files, ready for DNN_DATA_DIR/our_handwriting).

Neither loads TensorFlow. ``dnn_core.cli.commands`` registers them with ``add_commands``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from dnn_core.classroom import handwriting
from dnn_core.engine import data
from dnn_core.engine.config import DATASET_TRAIN_SIZES, DATASETS
from dnn_core.i18n import LANGS, t
from dnn_core.runs import RunStore

EXIT_OK, EXIT_FAILED = 0, 1  # as dnn_core.cli.commands says them
TEST_IMAGES = {"mnist": 10_000, "fashion_mnist": 10_000, "mnist_sample": 1_000}
STATUS_TEXT = {"local": "local", "cached": "cached", "bundled": "bundled", "needs_download": "needs download",
               "missing": "missing"}


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``datasets`` and ``class-digits export`` on the CLI's subparsers."""
    commands.add_parser("datasets", help="list the data sets and whether they are available here") \
        .set_defaults(run=datasets_command)
    digits = commands.add_parser("class-digits", help="the class's own handwriting, drawn on Draw & Predict")
    actions = digits.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="write the digits not hidden to OUT as our_handwriting.npz (x, y, "
                                "writer) and the four MNIST IDX files; OUT can then be DNN_DATA_DIR/our_handwriting")
    export.add_argument("out", metavar="OUT", help="the folder to write (made if needed)")
    export.add_argument("--lang", choices=LANGS, default="en", help="language of the report (default: en)")
    export.set_defaults(run=export_command)


# ---- datasets ----------------------------------------------------------------------------------------------------

def dataset_sizes(name: str, status: str) -> tuple[int, int]:
    """(training, test) images of a data set: the class's set as exported here (none when it is missing)."""
    if name not in TEST_IMAGES:
        if status != "local":
            return 0, 0
        loaded = data.load_dataset(name)
        return len(loaded.x_train), len(loaded.x_test)
    return DATASET_TRAIN_SIZES[name], TEST_IMAGES[name]


def dataset_location(name: str, status: str) -> str:
    """Where a data set comes from here, for the datasets listing."""
    if status == "bundled":
        return str(data.SAMPLE_FILE)
    if status == "local":
        return str(next(folder for folder in data.data_dirs(name) if data.read_folder_ok(folder)))
    if status == "cached":
        return str(data.keras_cache_path(name))
    if status == "missing":
        return f"export the class's digits into {data.class_set_folder()} (python -m dnn_core class-digits export)"
    if data.offline():
        return "offline (DNN_OFFLINE): training falls back to mnist_sample"
    return f"downloaded by Keras into {data.keras_cache_path(name).parent} on first use"


def datasets_command(args: argparse.Namespace) -> int:
    """A table of the data sets: size, status here, and where they come from."""
    rows = []
    for name in DATASETS:
        status = data.dataset_status(name)
        rows.append((name, *dataset_sizes(name, status), STATUS_TEXT[status], dataset_location(name, status)))
    print_table(rows, ["dataset", "train", "test", "status", "where"])
    return EXIT_OK


# ---- class-digits export -----------------------------------------------------------------------------------------

def export_command(args: argparse.Namespace) -> int:
    """Write the class's digits (not hidden) from the run store to OUT; say what was written, or that none exist."""
    store = RunStore()
    digits = handwriting.ClassDigits(store).digit_set()
    if not len(digits):
        print(t("digits.export.empty", args.lang, path=str(store.path)))
        return EXIT_FAILED
    train, test = handwriting.train_test(digits)
    paths = handwriting.export(digits, Path(args.out))
    print(t("digits.export.done", args.lang, count=len(digits), train=len(train), test=len(test), folder=args.out,
            files=", ".join(path.name for path in paths)))
    return EXIT_OK


def print_table(rows: list[tuple], columns: list[str]) -> None:
    """Rows as a table for people, laid out by pandas: text left-aligned, whole numbers right with thousands commas."""
    table = pd.DataFrame(rows, columns=columns)
    # pandas right-aligns every column; text reads better left-aligned, so pad it to the column's width
    formatters = {name: f"{{:<{max(table[name].str.len().max(), len(name))}}}".format
                  for name in table.select_dtypes(exclude="number")}
    formatters.update({name: "{:,}".format for name in table.select_dtypes("integer")})
    text = table.to_string(index=False, justify="left", formatters=formatters)
    print("\n".join(line.rstrip() for line in text.splitlines()))  # no padding after the last column
