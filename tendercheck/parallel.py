"""A fork-based parallel map for the stages of one run (reading documents, building sentences,
running extractors, evaluating rules).

Workers are forked, so they inherit the parent's memory (the pack, the sentences, the spaCy
pipeline) instead of receiving it pickled; only the small item and its result cross the pipe.
Where fork is unavailable, or one job is asked for, it is a plain loop.

Workers ignore Ctrl-C (SIGINT): the terminal sends it to the whole process group, and only the
parent should answer it, with one line; leaving the ``with`` block terminates the workers.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import signal
import warnings
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_TASK: tuple[Callable[[Any, Any], Any], Any] | None = None


def _call(item: Any) -> Any:
    assert _TASK is not None
    func, shared = _TASK
    return func(shared, item)


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def worker_pool(context, processes: int) -> multiprocessing.pool.Pool:
    """A process pool whose workers ignore SIGINT (from birth: the parent ignores it while they
    are forked), so Ctrl-C interrupts only the parent; use it in a ``with`` block."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return context.Pool(processes=processes, initializer=_ignore_interrupts)
    finally:
        signal.signal(signal.SIGINT, previous)


def fork_map(
    func: Callable[[Any, T], R], items: Sequence[T], jobs: int, shared: Any = None
) -> list[R]:
    """``[func(shared, item) for item in items]``, in up to ``jobs`` forked processes, in order."""
    global _TASK
    if jobs <= 1 or len(items) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [func(shared, item) for item in items]
    _TASK = (func, shared)
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns that fork() in a threaded process may deadlock; our workers
            # only compute and return, so the warning does not apply.
            warnings.simplefilter("ignore", DeprecationWarning)
            context = multiprocessing.get_context("fork")
            with worker_pool(context, min(jobs, len(items))) as pool:
                return pool.map(_call, items, chunksize=1)
    finally:
        _TASK = None
