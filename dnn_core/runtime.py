"""How a process that trains runs TensorFlow, set once by each: the app, the CLI, a Ray worker, the benchmarks.

Importing the engine changes nothing in the process; ``configure_runtime()`` is the one explicit step.
"""

from __future__ import annotations

import gc
import os
import threading

_lock = threading.Lock()
_configured = False


def configure_runtime() -> None:
    """Import TensorFlow with one op thread per training and freeze its long-lived objects (once per process)."""
    global _configured
    with _lock:
        if _configured:
            return
        _limit_tensorflow_threads()
        # TensorFlow and Keras leave ~10^6 long-lived objects; moving them out of the collector's view keeps the
        # periodic full collections short, which matters when training threads share the interpreter with a server.
        gc.freeze()
        _configured = True


def _limit_tensorflow_threads() -> None:
    """Give each TensorFlow op one thread unless DNN_TF_THREADS says otherwise.

    Dense models this size gain nothing from a second op thread, and on a shared 2-core server the spinning
    thread pools of concurrent trainings, the Streamlit server and the browsers fight for the cores (measured:
    the course model trains ~1.5× faster with 1 thread than with TensorFlow's default here). Must run before
    TensorFlow executes its first op; later calls are ignored.
    """
    import tensorflow as tf

    threads = int(os.environ.get("DNN_TF_THREADS", "1") or 0)
    if threads > 0:
        try:
            tf.config.threading.set_intra_op_parallelism_threads(threads)
            tf.config.threading.set_inter_op_parallelism_threads(max(2, threads))
        except RuntimeError:  # TensorFlow already started (another module ran an op first)
            pass
