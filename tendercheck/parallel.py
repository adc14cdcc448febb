"""A fork-based parallel map for the stages of one run (reading documents, building sentences,
running extractors, evaluating rules).

Workers are forked, so they inherit the parent's memory (the pack, the sentences, the spaCy
pipeline) instead of receiving it pickled; only the small item and its result cross the pipe.
Where fork is unavailable, or one job is asked for, it is a plain loop.

Each worker has a pipe of its own, read only by the parent's main thread, and is given one item
at a time. There is no reader thread and no shared result queue (as in
``concurrent.futures.ProcessPoolExecutor``): a worker terminated while it is writing its answer
leaves a half-written message only in its own pipe, which the parent closes, never a shared
pipe that a reader thread then waits on for ever (a Ctrl-C that fell while a worker was sending
its result used to hang the run that way, one press in four under load).

Workers ignore Ctrl-C (SIGINT): the terminal sends it to the whole process group, and only the
parent should answer it, with one line; the parent then terminates the workers at once (SIGTERM,
then SIGKILL for one that has not gone within a second). Workers are not daemonic processes, so
they may start processes of their own (PDFium's isolated process, LibreOffice).

A worker that dies (killed by a signal, such as the out-of-memory killer's SIGKILL, or a native
library aborting) never leaves the map waiting: in :func:`fork_map` its item is run again in a
process of its own, and an item that kills its own process too is a crash, given to
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
    with contextlib.closing(_answers(func, items, jobs)) as answers:
        for index, ok, value in answers:
            if ok is None:
                yield index, on_crash(items[index], value)
            elif not ok:
                raise value
            else:
                yield index, value


def _answers(
    func: Callable[[Any], Any], items: Sequence[Any], jobs: int
) -> Iterator[tuple[int, bool | None, Any]]:
    """``(index, True, result)``, ``(index, False, exception)`` or ``(index, None, reason)``
    (its worker died) for each item, as each finishes, from up to ``jobs`` worker processes,
    each with a pipe of its own, given one item at a time. However this generator ends (its
    items done, an exception, Ctrl-C, or closed early), no worker is left running."""
    if not items:
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    pending = collections.deque(enumerate(items))
    workers: dict[Any, tuple[Any, int | None]] = {}  # parent's end -> (process, index it is on)
    # Every process this started and every pipe end it holds, whatever state each is in: all
    # are stopped and closed at the end. A worker left running would be waited for at exit
    # (workers are not daemonic), and one whose pipe stayed open would never see it end.
    started: list[tuple[Any, Any]] = []

    def start() -> None:
        parent_end, child_end = context.Pipe()
        try:
            with _interrupts_held(), warnings.catch_warnings():  # born ignoring Ctrl-C
                # Python 3.12+ warns that fork() in a threaded process may deadlock; our
                # workers only compute and answer, so the warning does not apply.
                warnings.simplefilter("ignore", DeprecationWarning)
                process = context.Process(
                    target=_serve, args=(child_end, func), name="tendercheck-worker"
                )
                started.append((parent_end, None))
                process.start()
                started[-1] = (parent_end, process)  # before Ctrl-C can be delivered
                workers[parent_end] = (process, None)
        finally:
            child_end.close()
        give(parent_end)

    def give(conn) -> None:
        process, _ = workers[conn]
        if not pending:
            with contextlib.suppress(OSError):
                conn.send(None)  # no more work: the worker exits
            process.join(timeout=5)
            _stop([process])  # only if it has not gone by then
            workers.pop(conn)
            conn.close()
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
                    workers[conn] = (process, None)
                    yield index, ok, value
                    give(conn)
                    continue
                if process.is_alive():
                    continue  # woken without an answer yet
                process.join()
                workers.pop(conn)
                conn.close()
                if index is not None:
                    yield index, None, f"the worker process died ({_death(process.exitcode)})"
                if pending:
                    start()
    finally:  # Ctrl-C, an error or an early stop: stop the workers now
        for conn, _ in started:
            conn.close()
        _stop([process for _, process in started if process is not None])


def _stop(processes: list[Any]) -> None:
    """Terminate ``processes`` (SIGTERM, so a worker converting a .doc ends LibreOffice too),
    then kill any still there after a second, and reap them all: none is left running."""
    for process in processes:
        if process.is_alive():
            with contextlib.suppress(OSError):
                process.terminate()
    for process in processes:
        process.join(timeout=1)
        if process.is_alive():
            with contextlib.suppress(OSError):
                process.kill()
            process.join()


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
    on_done: Callable[[int, T], None] | None = None,
) -> list[R]:
    """``[func(shared, item) for item in items]``, in up to ``jobs`` forked processes, in order.

    A worker's exception is raised here. When an item's worker dies, the item is run again in a
    process of its own; if that dies too, its result is ``on_crash(item, reason)``, and without
    ``on_crash`` that raises :class:`WorkerDied`. ``on_done(count, item)`` is called here as
    each item finishes (count: how many have), for progress."""
    global _TASK
    if jobs <= 1 or len(items) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        if on_done is None:
            return [func(shared, item) for item in items]
        done = []
        for item in items:
            done.append(func(shared, item))
            on_done(len(done), item)
        return done
    _TASK = (func, shared)  # the workers are forked with it, so ``shared`` is never pickled
    try:
        context = multiprocessing.get_context("fork")
        results: list[Any] = [None] * len(items)
        finished = 0
        with contextlib.closing(_answers(_call, items, jobs)) as answers:
            for index, ok, value in answers:
                if ok is None:  # its worker died: once more, alone
                    value = _alone(context, items[index], on_crash)
                elif not ok:
                    raise value
                results[index] = value
                if on_done is not None:
                    finished += 1
                    on_done(finished, items[index])
        return results
    finally:
        _TASK = None


def _alone(context, item: Any, on_crash: Callable[[Any, str], Any] | None) -> Any:
    """Run one item in a process of its own, which ignores Ctrl-C: its result, or what its
    death means. On Ctrl-C (or any exception here) the process is terminated, not waited for."""
    receive, send = context.Pipe(duplex=False)
    process = None
    try:
        with _interrupts_held(), warnings.catch_warnings():  # born ignoring Ctrl-C
            warnings.simplefilter("ignore", DeprecationWarning)  # as in _answers
            process = context.Process(target=_child, args=(send, item))
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
        process.join()
    finally:
        send.close()
        receive.close()
        if process is not None:
            _stop([process])
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
    _ignore_interrupts()
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
