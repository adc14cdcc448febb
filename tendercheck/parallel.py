"""A fork-based parallel map for the stages of one run (reading documents, building sentences,
running extractors, evaluating rules).

Workers are forked, so they inherit the parent's memory (the pack, the sentences, the spaCy
pipeline) instead of receiving it pickled; only the small item and its result cross the pipe.
Where fork is unavailable, or one job is asked for, it is a plain loop.

Workers ignore Ctrl-C (SIGINT): the terminal sends it to the whole process group, and only the
parent should answer it, with one line; the parent then terminates the workers at once.

A worker that dies (killed by a signal, such as the out-of-memory killer's SIGKILL, or a native
library aborting) never leaves the map waiting: the items it left unfinished are run again, each
in a process of its own, and an item that kills its own process too is a crash, given to
``on_crash`` (or raised as :class:`WorkerDied`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.pool
import signal
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_TASK: tuple[Callable[[Any, Any], Any], Any] | None = None


class WorkerDied(RuntimeError):
    """A worker process died while working on an item."""


def _call(item: Any) -> Any:
    assert _TASK is not None
    func, shared = _TASK
    return func(shared, item)


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextlib.contextmanager
def _interrupts_held():
    """SIGINT held back while workers are forked, so they are born with it blocked (then ignore
    it); a Ctrl-C pressed meanwhile is delivered to the parent when this ends, never lost."""
    if not hasattr(signal, "pthread_sigmask"):
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def worker_pool(context, processes: int) -> multiprocessing.pool.Pool:
    """A process pool whose workers ignore SIGINT (from birth), so Ctrl-C interrupts only the
    parent; use it in a ``with`` block, whose exit terminates the workers."""
    pool = None
    try:
        with _interrupts_held():
            pool = context.Pool(processes=processes, initializer=_ignore_interrupts)
    except BaseException:  # Ctrl-C while the workers were being forked
        if pool is not None:
            pool.terminate()
        raise
    return pool


def fork_map(
    func: Callable[[Any, T], R],
    items: Sequence[T],
    jobs: int,
    shared: Any = None,
    on_crash: Callable[[T, str], R] | None = None,
) -> list[R]:
    """``[func(shared, item) for item in items]``, in up to ``jobs`` forked processes, in order.

    When an item's process dies, its result is ``on_crash(item, reason)``; without
    ``on_crash`` that raises :class:`WorkerDied`."""
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
            pool = None
            try:
                with _interrupts_held():  # workers are born ignoring Ctrl-C
                    pool = ProcessPoolExecutor(
                        min(jobs, len(items)), mp_context=context, initializer=_ignore_interrupts
                    )
                    futures = [pool.submit(_call, item) for item in items]
                wait(futures)
            except BaseException:  # Ctrl-C: stop the workers now, not after their items
                if pool is not None:
                    for process in list((getattr(pool, "_processes", None) or {}).values()):
                        process.terminate()
                    pool.shutdown(wait=False, cancel_futures=True)
                raise
            pool.shutdown()
            results: list[Any] = []
            for item, future in zip(items, futures, strict=True):
                if isinstance(future.exception(), BrokenProcessPool):
                    results.append(_alone(context, item, on_crash))
                else:
                    results.append(future.result())  # a worker's exception is raised here
            return results
    finally:
        _TASK = None


def _alone(context, item: Any, on_crash: Callable[[Any, str], Any] | None) -> Any:
    """Run one item in a process of its own: its result, or what its death means."""
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, item), daemon=True)
    process.start()
    send.close()
    try:
        ok, value = receive.recv()
    except EOFError:  # the process died before it answered
        process.join()
        reason = f"the worker process died ({_death(process.exitcode)})"
        if on_crash is None:
            raise WorkerDied(reason) from None
        return on_crash(item, reason)
    finally:
        receive.close()
    process.join()
    if not ok:
        raise value
    return value


def run_isolated(func: Callable[..., R], *args: Any, memory: int | None = None) -> R:
    """``func(*args)`` in a forked process of its own, which may grow by at most ``memory``
    bytes of address space: its result, or its exception raised here; a process that dies
    (a native library aborting or crashing, or running out of that memory) raises
    :class:`WorkerDied`. Without fork, a plain call."""
    global _TASK
    if "fork" not in multiprocessing.get_all_start_methods():
        return func(*args)
    previous = _TASK
    _TASK = (_apply, (func, args, memory))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # as in fork_map
            return _alone(multiprocessing.get_context("fork"), None, None)
    finally:
        _TASK = previous


def _apply(task: tuple[Callable[..., Any], tuple, int | None], _item: Any) -> Any:
    func, args, memory = task
    if memory is not None:
        _limit_growth(memory)
    return func(*args)


def _limit_growth(memory: int) -> None:
    """Cap this process's address space at its present size plus ``memory`` (Linux)."""
    import os
    import resource

    try:
        with open("/proc/self/statm") as fh:
            size = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = size + memory
    if soft != resource.RLIM_INFINITY:
        cap = min(cap, soft)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _child(send, item: Any) -> None:
    try:
        answer = (True, _call(item))
    except BaseException as exc:  # handed to the parent, which raises it
        answer = (False, exc)
    try:
        send.send(answer)
    except Exception as exc:  # an answer that cannot be pickled
        send.send((False, WorkerDied(f"{type(exc).__name__}: {exc}")))
    send.close()


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"
