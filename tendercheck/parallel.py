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

:func:`imap_workers` is the other shape, for many packs (``batch``, ``hook``): long-lived workers,
one item at a time each, results as they finish; a worker that dies fails only its own item.
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import signal
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import wait as connection_wait
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


def imap_workers(
    func: Callable[[T], R],
    items: Sequence[T],
    jobs: int,
    on_crash: Callable[[T, str], R],
) -> Iterator[tuple[int, R]]:
    """``(index, func(item))`` for each item, as each finishes, from up to ``jobs`` long-lived
    worker processes that ignore Ctrl-C; use it in a ``with contextlib.closing(...)`` block.

    Each worker has a pipe of its own and is given one item at a time, so the parent always
    knows which item a worker is on: a worker that dies (SIGKILL, the out-of-memory killer, a
    native crash) gives ``(index, on_crash(item, reason))`` for that item only, a new worker
    takes its place and the rest go on. On Ctrl-C, or when the caller stops early, the workers
    are terminated at once, not waited for. A worker's exception (which ``func`` should not
    raise) is raised here. ``func`` must be picklable where fork is unavailable."""
    if not items:
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    pending = collections.deque(enumerate(items))
    workers: dict[Any, tuple[Any, int | None]] = {}  # parent's end -> (process, index it is on)

    def start() -> None:
        parent_end, child_end = context.Pipe()
        with _interrupts_held(), warnings.catch_warnings():  # born ignoring Ctrl-C
            warnings.simplefilter("ignore", DeprecationWarning)  # as in fork_map
            process = context.Process(
                target=_serve, args=(child_end, func), daemon=True, name="tendercheck-worker"
            )
            process.start()
        child_end.close()
        workers[parent_end] = (process, None)
        give(parent_end)

    def give(conn) -> None:
        process, _ = workers[conn]
        if not pending:
            workers.pop(conn)
            with contextlib.suppress(OSError):
                conn.send(None)  # no more work: the worker exits
            conn.close()
            process.join(timeout=5)
            return
        task = pending.popleft()
        workers[conn] = (process, task[0])
        with contextlib.suppress(OSError):  # it died between items: noticed below
            conn.send(task)

    try:
        for _ in range(max(1, min(jobs, len(items)))):
            start()
        while workers:
            sentinels = {process.sentinel: conn for conn, (process, _) in workers.items()}
            ready = connection_wait([*workers, *sentinels])
            seen = {sentinels.get(r, r) for r in ready}
            for conn in seen:
                process, index = workers[conn]
                answer = None
                try:
                    if conn.poll():
                        answer = conn.recv()
                except (EOFError, OSError):
                    answer = None
                if answer is not None:
                    ok, value = answer
                    if not ok:
                        raise value
                    workers[conn] = (process, None)
                    yield index, value
                    give(conn)
                    continue
                if process.is_alive():
                    continue  # woken without an answer yet
                workers.pop(conn)
                conn.close()
                process.join()
                if index is not None:
                    reason = f"the worker process died ({_death(process.exitcode)})"
                    yield index, on_crash(items[index], reason)
                if pending:
                    start()
    finally:  # Ctrl-C, an error or an early stop: stop the workers now
        for conn, (process, _) in list(workers.items()):
            if process.is_alive():
                process.terminate()
            conn.close()
        for process, _ in list(workers.values()):
            process.join(timeout=5)


def _serve(conn, func: Callable[[Any], Any]) -> None:
    """A worker: take (index, item), answer (True, result) or (False, exception), until None."""
    _ignore_interrupts()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        _index, item = task
        _answer(conn, func, item)


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
                    # Wait for the pool's own thread to see them gone (at once): left running,
                    # it races the interpreter's exit (Python 3.11 then prints "Exception
                    # ignored ... Bad file descriptor" from concurrent.futures).
                    pool.shutdown(wait=True, cancel_futures=True)
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
    _answer(send, _call, item)
    send.close()


def _answer(conn, func: Callable[[Any], Any], item: Any) -> None:
    """Send ``(True, func(item))``, or ``(False, the exception)`` for the parent to raise."""
    try:
        answer = (True, func(item))
    except BaseException as exc:  # handed to the parent, which raises it
        answer = (False, exc)
    try:
        conn.send(answer)
    except Exception as exc:  # an answer that cannot be pickled
        conn.send((False, WorkerDied(f"{type(exc).__name__}: {exc}")))


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"
