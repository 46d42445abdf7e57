"""``python -m dnn_core train --resume DIR``: the run folder to continue, read and checked for the command line.

The continued run keeps DIR's own settings (only ``--epochs``, how many more, may be given) and is written to
``--out``, never over DIR. Anything wrong is a ValueError for people (a ResumeError or a ConfigError) that the
command line prints as one line.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dnn_core.engine.config import FIELD_NAMES, ExperimentConfig, coerce
from dnn_core.engine.resume import Continuation, ResumeError, continued_config, read_run_folder
from dnn_core.runs import RunStore

HELP = ("continue the run in DIR (its model.keras, config.json and history.csv, as --out writes them) with its own "
        "settings and optimizer state, for --epochs N more epochs (default: as many as its config.json says); the "
        "continued run, with the history of both parts, goes to --out, never into DIR")


def resume_args(args: argparse.Namespace) -> tuple[ExperimentConfig, Continuation, int | None]:
    """The continued run's settings, the run to continue, and its id in the run store (None if not there)."""
    given = [f"--{name.replace('_', '-')}" for name in FIELD_NAMES if hasattr(args, name) and name != "epochs"]
    if args.config:
        given.append("--config")
    if given:
        raise ResumeError("resume.error.flags", flags=", ".join(given))
    folder = Path(args.resume)
    if args.out and Path(args.out).resolve() == folder.resolve():
        raise ResumeError("resume.error.same_folder", out=args.out)
    more = coerce("epochs", args.epochs) if hasattr(args, "epochs") else None
    if more is not None and more < 1:  # said before the model is loaded
        raise ResumeError("resume.error.more_epochs", more=more)
    config, start = read_run_folder(folder)
    return continued_config(config, start.epochs_done, more or config.epochs), start, recorded_run(folder, config)


def recorded_run(folder: Path, config: ExperimentConfig) -> int | None:
    """The run store's id of the run in ``folder`` (from its metrics.json), if this run store holds that run with
    the same settings; else None (the folder came from another machine or another run store)."""
    try:
        run_id = int(json.loads((folder / "metrics.json").read_text(encoding="utf-8"))["run_id"])
        return run_id if ExperimentConfig.from_dict(RunStore().get_run(run_id).config) == config else None
    except Exception:  # no metrics.json, no id in it, no such run, or no run store here: not recorded as a parent
        return None
