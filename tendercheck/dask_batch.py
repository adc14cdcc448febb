"""``batch --scheduler``: packs checked on a Dask distributed cluster instead of this machine's
worker processes (the optional extra: ``pip install 'tendercheck[dask]'``).

``--scheduler local`` starts a cluster on this machine (loopback only, one single-threaded
worker process per job); any other value is the address of a running scheduler
(``tcp://host:8786``), whose workers must have tendercheck installed and see the packs at the
same paths. Each pack is one task; Dask runs it again when a worker dies under it, and a pack
whose tasks keep killing workers is an error row, as in a local batch. The outcome of a pack is
the same :class:`~tendercheck.runner.PackOutcome` a local worker gives, so the summary and exit
code do not depend on where the packs were checked.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import signal
from collections.abc import Iterator

from tendercheck.errors import InputError
from tendercheck.runner import CheckSettings, PackOutcome, check_one

INSTALL = "pip install 'tendercheck[dask]'"
CONNECT_TIMEOUT_S = 30


def available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def iter_dask(
    paths: list[str],
    settings: CheckSettings,
    fail_on: str | None,
    scheduler: str,
    jobs: int,
) -> Iterator[tuple[int, PackOutcome]]:
    """``(index, outcome)`` for each path, as each pack finishes on the cluster; close it to
    stop early (the cluster started for ``local`` is shut down, a remote one only left)."""
    if not paths:
        return
    from distributed import Client, as_completed

    with contextlib.ExitStack() as stack:
        if scheduler == "local":
            cluster = stack.enter_context(
                _local_cluster(
                    n_workers=max(1, jobs),
                    threads_per_worker=1,  # a pack's check is CPU-bound Python: one per process
                    processes=True,
                    host="127.0.0.1",  # loopback only: nothing listens on the network
                    dashboard_address=None,
                    # A heartbeat that fails while the machine is busy is logged as an error
                    # and then recovers; a pack the cluster could not check is reported by
                    # tendercheck itself, so the user sees only what matters.
                    silence_logs=logging.CRITICAL,
                )
            )
            client = stack.enter_context(Client(cluster))
        else:
            client = stack.enter_context(_connect(scheduler))
        check = functools.partial(_check, settings, fail_on)
        futures = client.map(check, paths, pure=False)
        stack.callback(client.cancel, futures)  # stopped early (Ctrl-C): no more work for them
        index = {future.key: n for n, future in enumerate(futures)}
        for future in as_completed(futures):
            n = index[future.key]
            try:
                outcome = future.result()
            except Exception as exc:  # a worker that kept dying under it (KilledWorker), ...
                outcome = PackOutcome(
                    paths[n],
                    3,
                    error=f"{paths[n]}: the Dask cluster could not check it"
                    f" ({type(exc).__name__}: {exc}); not checked",
                )
            yield n, outcome


def _local_cluster(**options):
    """A LocalCluster whose worker processes are born ignoring Ctrl-C (SIGINT), as the local
    batch's workers are: the terminal sends it to the whole process group, and only tendercheck
    should answer it, with one line, then shut the cluster down. SIGINT is ignored while the
    cluster starts (a few seconds), so that its processes inherit that."""
    from distributed import LocalCluster

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return LocalCluster(**options)
    finally:
        signal.signal(signal.SIGINT, previous)


def _connect(address: str):
    from distributed import Client

    logging.getLogger("distributed").setLevel(logging.ERROR)
    try:
        return Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise InputError(
            address, f"cannot reach the Dask scheduler ({type(exc).__name__}: {exc})"
        ) from exc


def _check(settings: CheckSettings, fail_on: str | None, path: str) -> PackOutcome:
    return check_one(path, settings, fail_on, fmt="")
