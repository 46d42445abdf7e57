"""The command line: ``python -m dnn_core train | datasets | presets | class-digits export OUT``.

``train`` takes the config's field names as kebab-case flags (``--batch-size 32``), optionally on top of a
``--config FILE.json``, and writes config.json, history.csv, metrics.json and model.keras into ``--out``; with
``--resume DIR`` it trains the run in DIR further (``dnn_core.cli.resume``).
Bad input exits with status 2 and one line naming the field. TensorFlow is imported only when ``train`` starts
training, so ``--help``, ``datasets`` and bad input answer at once.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import signal
import sys
import threading
import time
from pathlib import Path
from types import FrameType
from typing import IO, TYPE_CHECKING, Any, NoReturn, cast

from tqdm import tqdm

from dnn_core import settings
from dnn_core.classroom.handwriting import digits_now
from dnn_core.cli import data as data_commands
from dnn_core.cli.data import print_table
from dnn_core.cli.resume import HELP as RESUME_HELP
from dnn_core.cli.resume import resume_args
from dnn_core.engine import config as cfg
from dnn_core.engine.config import DATASETS, FIELD_NAMES, ExperimentConfig, format_value
from dnn_core.engine.data import load_dataset
from dnn_core.engine.presets import PRESETS
from dnn_core.errors import PeopleError, in_language
from dnn_core.i18n import LANGS, TEXT, t
from dnn_core.running import executors, work_jobs
from dnn_core.running.jobs import JobError
from dnn_core.running.runtime import configure_runtime
from dnn_core.running.work import TrainWork

if TYPE_CHECKING:  # for the annotations only: TensorFlow is imported when `train` starts training
    from dnn_core.engine.data import Notice
    from dnn_core.engine.training import TrainingResult
    from dnn_core.running.work import Work
    from dnn_core.runs import RunRecord

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
OUTPUT_FILES = ("config.json", "history.csv", "metrics.json", "model.keras")

# Help for each config flag; the allowed values come from config.py so they never drift.
FLAG_HELP = {
    "dataset": f"data set: {', '.join(DATASETS)}",
    "train_size": "training images to use, 0 = all (10%% of them validate each epoch)",
    "layers": "hidden layers, input side first: N (dense), N:ACT, convN, convN:ACT, pool; e.g. conv32,pool,128",
    "activation": f"hidden activation: {', '.join(cfg.ACTIVATIONS)}",
    "dropout": f"dropout rate after each hidden layer, 0 to {cfg.MAX_DROPOUT:g}",
    "batch_norm": "batch normalization between each hidden Dense and its activation",
    "l1": f"L1 penalty on hidden kernels, 0 to {cfg.MAX_PENALTY:g}",
    "l2": f"L2 penalty on hidden kernels, 0 to {cfg.MAX_PENALTY:g}",
    "initializer": f"hidden kernel initializer: {', '.join(cfg.INITIALIZERS)}",
    "loss": f"loss: {', '.join(cfg.LOSSES)}",
    "optimizer": f"optimizer: {', '.join(cfg.OPTIMIZER_NAMES)}",
    "lr": f"learning rate, above 0 up to {cfg.MAX_LR:g}",
    "momentum": "momentum for sgd/rmsprop (momentum and nesterov use 0.9 when 0)",
    "batch_size": f"images per batch, 1 to {cfg.MAX_BATCH_SIZE}",
    "epochs": f"passes over the training images, 1 to {cfg.MAX_EPOCHS}",
    "seed": "seed of initial weights, dropout, subset, validation split and batch order",
    "augment": f"random shifts up to this share of the image, and small rotations, while training; 0 to "
               f"{cfg.MAX_AUGMENT:g}",
    "lr_schedule": "constant, step:N (halve lr every N epochs), exponential:R (x R each epoch), cosine[:N] (to 0)",
    "class_digits": f"share of the class's writers whose drawn digits (in DNN_RUNS_DB) join the training: 0 (off) "
                    f"or {cfg.MIN_CLASS_DIGITS:g} to {cfg.BOUNDS['class_digits'].high:g}",
}


class UsageError(Exception):
    """Bad input: printed as one line, exit status 2 (a PeopleError inside is printed in --lang)."""

    def text(self, lang: str) -> str:
        reason = self.args[0] if self.args else ""
        return reason.text(lang) if isinstance(reason, PeopleError) else str(reason)


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line (no usage dump), handled by ``main``."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


# ---- parsing -------------------------------------------------------------------------------------------------


def flag(name: str) -> str:
    """The command-line flag of a config field: batch_size → --batch-size."""
    return "--" + name.replace("_", "-")


def add_config_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per config field; absent flags stay absent so --config values and defaults show through."""
    defaults = ExperimentConfig().to_dict()
    for name in FIELD_NAMES:
        help_text = f"{FLAG_HELP[name]} (default: {format_value(defaults[name])})"
        if name == "batch_norm":
            parser.add_argument(flag(name), dest=name, action=argparse.BooleanOptionalAction,
                                default=argparse.SUPPRESS, help=help_text)
        elif name == "layers":  # --layers 256,128 or --layers 256 128
            parser.add_argument(flag(name), dest=name, nargs="+", metavar="WIDTH", default=argparse.SUPPRESS,
                                help=help_text)
        else:
            parser.add_argument(flag(name), dest=name, metavar=name.upper(), default=argparse.SUPPRESS,
                                help=help_text)


def build_parser() -> OneLineParser:
    """The parser of the commands."""
    parser = OneLineParser(prog="python -m dnn_core", description="DNN Playground from the command line.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    train = commands.add_parser("train", help="train a model and write its files into --out",
                                description="Train a dense network; flags override values from --config.")
    add_config_flags(train)
    train.add_argument("--config", metavar="FILE.json", help="settings from a JSON file (e.g. a run's config.json)")
    train.add_argument("--out", metavar="DIR", help="folder for config.json, history.csv, metrics.json and "
                       "model.keras (default: runs/train-<date>-<time>)")
    train.add_argument("--resume", metavar="DIR", help=RESUME_HELP)
    train.add_argument("--tensorboard", action="store_true", help="also write TensorBoard logs to OUT/logs")
    train.add_argument("--lang", choices=LANGS, default="en", help="language of a bad setting's message and of the "
                       "data notice (default: en)")
    train.set_defaults(run=train_command)
    data_commands.add_commands(commands)  # datasets, class-digits export
    commands.add_parser("presets", help="list the lesson presets and their settings") \
        .set_defaults(run=presets_command)
    return parser


def read_config_file(path: str) -> dict:
    """The settings of a JSON config file; UsageError naming the file when it is unreadable or unknown."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"config: {path}: cannot read it ({exc.strerror or exc})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"config: {path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise UsageError(f"config: {path}: must hold one JSON object of settings, not a {type(data).__name__}")
    unknown = sorted(set(data) - set(FIELD_NAMES))
    if unknown:
        raise UsageError(f"config: {path}: unknown setting(s) {', '.join(unknown)}; "
                         f"allowed: {', '.join(FIELD_NAMES)}")
    return data


def config_from_args(args: argparse.Namespace) -> ExperimentConfig:
    """The config from --config (if any) with the flags on top; UsageError naming the field."""
    values = read_config_file(args.config) if args.config else {}
    flags = {name: getattr(args, name) for name in FIELD_NAMES if hasattr(args, name)}
    if "layers" in flags:
        flags["layers"] = ",".join(flags["layers"])
    try:
        return ExperimentConfig.from_dict({**values, **flags})
    except ValueError as exc:  # a ConfigError, said in --lang
        raise UsageError(exc) from None


def output_dir(args: argparse.Namespace) -> Path:
    """The --out folder, created now so a bad path fails before training does."""
    out = Path(args.out or time.strftime("runs/train-%Y%m%d-%H%M%S"))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"out: cannot create folder {out} ({exc.strerror or exc})") from None
    return out


# ---- progress ------------------------------------------------------------------------------------------------


def epoch_metrics(event: dict) -> dict[str, str]:
    """The bar's postfix: the running accuracy and loss, then the epoch's validation once it is known.

    In the order of their names, as Keras's own bar shows them and as tqdm's constructor sorts them.
    """
    shown = {"acc": event.get("accuracy"), "loss": event["loss"]}
    rows = event.get("epoch_rows")
    if rows:
        shown.update(val_acc=rows[-1]["val_accuracy"], val_loss=rows[-1]["val_loss"])
    return {name: f"{value:.4f}" for name, value in shown.items() if value is not None}


class ProgressBar:
    """Training progress as tqdm bars on a text stream, one per epoch and left behind, as Keras's fit shows it.

    Off a terminal (a log, a pipe) nothing is redrawn: each epoch is written once, as one line, when it ends.
    """

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.bar: tqdm | None = None
        self.epoch = 0  # the epoch self.bar shows

    def update(self, event: dict) -> None:
        if event["kind"] == "placed":  # where the training runs: said before any progress, not a bar
            return
        bar = self.bar
        if bar is None or event["epoch"] != self.epoch:
            self.close()
            bar = self.open(event)
        bar.set_postfix(epoch_metrics(event), refresh=False)
        bar.update(event["batch"] - bar.n)
        if event["kind"] == "epoch":
            self.close()

    def open(self, event: dict) -> tqdm:
        """A new bar for the epoch of ``event``."""
        self.epoch = event["epoch"]
        # delay=inf: off a terminal tqdm never draws, as its redraws would pile up in a log
        self.bar = tqdm(total=event["batches"], initial=event["batch"], desc=f"epoch {self.epoch}/{event['epochs']}",
                        unit="batch", postfix=epoch_metrics(event), file=self.stream,
                        delay=0 if self.tty else math.inf)
        return self.bar

    def close(self) -> None:
        """End the epoch's bar, also when training stopped or failed mid-epoch."""
        if self.bar is None:
            return
        if not self.tty:
            self.stream.write(f"{self.bar}\n")
            self.stream.flush()
        self.bar.close()
        self.bar = None


class GracefulStop:
    """While active, the first Ctrl-C asks training to stop after the current batch; a second one aborts."""

    def __init__(self) -> None:
        self.requested = threading.Event()
        self._previous: Any = None  # the SIGINT handler this one replaced (signal.signal's own type)

    def __enter__(self) -> "GracefulStop":
        if threading.current_thread() is threading.main_thread():  # signals can only be handled there
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.requested.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        print("\nstopping after this batch (Ctrl-C again to abort)", file=sys.stderr, flush=True)

    def __call__(self) -> bool:
        return self.requested.is_set()


# ---- the run store -------------------------------------------------------------------------------------------


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr, flush=True)


def start_record(work: Work, parent_id: int | None = None) -> RunRecord:
    """This run in the SQLite run store (dnn_core.runs.RunRecord); a store failure only warns."""
    record = work_jobs.start_record(work, parent_id=parent_id)
    if record.error is not None:  # a broken store must never cost the user the training
        warn(f"run not recorded in the run store ({record.error.__class__.__name__}: {one_line(record.error)})")
    return record


def warn_if_not_saved(record: RunRecord) -> None:
    """Say so when the run's end could not be stored; the --out files are written all the same."""
    if record.run_id is not None and record.error is not None:
        warn(f"run {record.run_id} not saved in the run store ({record.error.__class__.__name__}: "
             f"{one_line(record.error)})")


# ---- commands ------------------------------------------------------------------------------------------------


def one_line(exc: BaseException | str) -> str:
    return " ".join(str(exc).split())


def notice_text(notice: Notice | None, lang: str = "en") -> str | None:
    """The data notice in ``lang`` (English by default), or None."""
    if notice is None:
        return None
    if notice.key in TEXT:
        return t(notice.key, lang, **in_language(notice.params, lang))
    params = notice.params
    return (f"{params.get('requested', 'the data set')} could not be loaded ({params.get('reason', 'unknown')}); "
            "using the offline sample mnist_sample (5,000 real MNIST digits) instead")


def _finite(value: object) -> object:
    """JSON has no NaN: a diverged loss is written as null."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def run_metrics(result: TrainingResult, requested: str) -> dict:
    """metrics.json: the test metrics, how long it took, whether it stopped, and which data it really used."""
    metrics = {key: _finite(value) for key, value in result.metrics().items()}
    metrics.update(dataset=result.config.dataset, requested_dataset=requested, notice=notice_text(result.notice),
                   run_id=result.run_id)  # --resume records the run it continues by this id
    return metrics


def write_outputs(result: TrainingResult, out: Path, requested: str) -> dict:
    """Write the four files of a run (and its TensorBoard logs, if any) into ``out``; return the metrics."""
    metrics = run_metrics(result, requested)
    (out / "config.json").write_text(json.dumps(result.config.to_dict(), indent=2) + "\n", encoding="utf-8")
    result.history.to_csv(out / "history.csv", index=False)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    result.model.save(out / "model.keras")
    if result.log_dir:
        shutil.copytree(result.log_dir, out / "logs", dirs_exist_ok=True)
    return metrics


def train_command(args: argparse.Namespace) -> int:
    """Train the config from the flags (or go on with --resume's run), with a progress bar; write the run's files
    into --out."""
    settings.quiet_tensorflow()
    try:
        config, start, parent_id = resume_args(args) if args.resume else (config_from_args(args), None, None)
    except ValueError as exc:  # the run folder cannot be continued: a ResumeError or ConfigError, said in --lang
        raise UsageError(exc) from None
    out = output_dir(args)

    # Where it runs: here, or on the Ray cluster of DNN_RAY_ADDRESS, which must then be reachable
    try:
        executor = executors.connect(local=executors.InProcessExecutor)  # no class to protect: train here
    except JobError as exc:
        raise UsageError(exc) from None
    if executor.name == "local":
        configure_runtime(concurrent_jobs=1)  # the one training this command runs: its threads may use the cores

    # Load the data: a fall back to the offline sample is said out loud, before any training
    data = load_dataset(config.dataset)
    if data.notice:
        print(f"NOTICE: {notice_text(data.notice, args.lang)}", file=sys.stderr, flush=True)
    work = TrainWork(config, tensorboard=args.tensorboard, start=start, class_digits=digits_now())
    try:
        executor.limiter.check_fits(work.memory())
    except JobError as exc:
        raise UsageError(exc) from None

    # Train, with a progress bar and a graceful Ctrl-C; the run store records it from start to end
    record = start_record(work, parent_id)
    bar = ProgressBar(sys.stderr)
    with GracefulStop() as stop:
        try:
            finished = work_jobs.run_recorded(work, executor, record, bar.update, stop)
        except KeyboardInterrupt:
            bar.close()
            raise
        except Exception as exc:  # report in one line; the run store keeps the failure
            bar.close()
            print(f"error: training failed: {exc.__class__.__name__}: {one_line(exc)}", file=sys.stderr)
            return EXIT_FAILED
        bar.close()
    warn_if_not_saved(record)
    if finished is None:  # Ctrl-C before the training began: nothing to write
        return EXIT_INTERRUPTED
    result = cast("TrainingResult", finished)  # what a TrainWork returns

    # Write the files
    try:
        write_outputs(result, out, requested=data.requested)
    except OSError as exc:
        print(f"error: out: cannot write into {out} ({exc.strerror or exc})", file=sys.stderr)
        return EXIT_FAILED
    print_summary(result, out)
    return EXIT_INTERRUPTED if result.stopped else EXIT_OK


def print_summary(result: TrainingResult, out: Path) -> None:
    """What came out, on stdout."""
    state = f"{'stopped after ' if result.stopped else ''}{len(result.history)}/{result.config.epochs} epochs"
    print(f"test accuracy {result.test_accuracy:.4f}  test loss {result.test_loss:.4f}  "
          f"({state} on {result.config.dataset}, {result.seconds:.1f} s, {result.samples_per_second:,.0f} img/s)")
    if result.class_training is not None:  # the class's drawn digits: who joined, the held-out writers' score
        print(result.class_training.text())
    print(f"wrote {', '.join(OUTPUT_FILES)} to {out}")


def as_flags(name: str, value: object) -> str:
    """A setting as train's flags: --lr 0.01, --batch-norm, --no-batch-norm."""
    if isinstance(value, bool):
        return flag(name) if value else "--no-" + flag(name)[2:]
    return f"{flag(name)} {format_value(value)}"


def presets_command(args: argparse.Namespace) -> int:
    """The lesson presets with their settings (as flags for train)."""
    rows = []
    for name, changes in PRESETS.items():
        settings = " ".join(as_flags(key, value) for key, value in changes.items())
        rows.append((name, t(f"preset.{name}", "en"), settings))
    print_table(rows, ["preset", "name", "settings"])
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit status (2 for bad input, with one line on stderr)."""
    lang = "en"
    try:
        args = build_parser().parse_args(argv)
        lang = getattr(args, "lang", "en")
        return args.run(args)
    except UsageError as exc:
        print(t("cli.error", lang, reason=one_line(exc.text(lang))), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
