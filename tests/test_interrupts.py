"""Ctrl-C (issue 15), at the moments the end-to-end tests in test_hostile_input_misc.py cannot
hit on purpose: while a worker is half-way through sending its answer, inside code that Python
runs from a string, while the command's modules are imported or its command line parsed. Each
is made to happen here, not waited for. And workers may start processes of their own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendercheck.cli import main, run_guarded
from tendercheck.errors import caused_by_interrupt

REPO = Path(__file__).resolve().parents[1]
LINUX_PROC = pytest.mark.skipif(not Path("/proc/self/syscall").exists(), reason="needs /proc")


def _python(script: str, cwd: Path, *args: str, module: bool = False) -> subprocess.Popen:
    """Run ``script`` in a fresh interpreter, as a file or (``module``) with ``python -m``."""
    (cwd / "scenario.py").write_text(textwrap.dedent(script), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("TENDERCHECK_DEBUG", None)
    command = ["-m", "scenario"] if module else [str(cwd / "scenario.py")]
    return subprocess.Popen(
        [sys.executable, *command, *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # Ctrl-C answered as in a terminal's foreground job, even when these tests run in a
        # job started in the background by a shell without job control (SIGINT ignored)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _finish(proc: subprocess.Popen, timeout: float) -> tuple[int | str, str, str]:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return "hung", out, err
    return proc.returncode, out, err


def _children(pid: int) -> list[int]:
    try:
        return [
            int(c)
            for task in Path(f"/proc/{pid}/task").iterdir()
            for c in (task / "children").read_text().split()
        ]
    except OSError:
        return []


def _writing(pid: int) -> bool:
    """Blocked in write(2), as a worker is when its answer fills the pipe."""
    try:
        return Path(f"/proc/{pid}/syscall").read_text().split()[0] == "1"
    except (OSError, IndexError):
        return False


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# --- a worker half-way through its answer ------------------------------------------------------

# Item 0's answer (64 MB) is far bigger than a pipe holds; item 1 never ends.
HALF_SENT = """
    import sys, time
    from tendercheck.parallel import fork_map

    def work(_shared, item):
        if item == 0:
            return b"x" * (64 << 20)
        time.sleep(120)

    try:
        fork_map(work, [0, 1], 2)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
        sys.exit(130)
"""


@LINUX_PROC
@pytest.mark.skipif(sys.platform != "linux", reason="fork and /proc")
def test_ctrl_c_while_a_worker_is_sending_its_answer_does_not_hang(tmp_path: Path) -> None:
    # The parent is stopped so that it reads nothing: the worker with the big answer fills the
    # pipe and blocks, part-way through the message. Ctrl-C then reaches the parent alone and it
    # goes on. ProcessPoolExecutor's reader thread waited for ever for the rest of a message
    # whose writer the parent had just terminated (the folder-pack Ctrl-C hang under load).
    proc = _python(HALF_SENT, tmp_path)
    pid = proc.pid
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        caught = False
        while not caught and time.monotonic() < deadline and proc.poll() is None:
            if len(_children(pid)) < 2:
                time.sleep(0.01)
                continue
            os.kill(pid, signal.SIGSTOP)
            until = time.monotonic() + 2
            while time.monotonic() < until:
                workers = _children(pid)
                if any(_writing(w) for w in workers):
                    caught = True
                    break
                time.sleep(0.01)
            if not caught:
                os.kill(pid, signal.SIGCONT)  # its answer was not on its way yet
                time.sleep(0.05)
        assert caught, "no worker was seen sending its answer"
        os.kill(pid, signal.SIGINT)  # to the parent alone, held while it is stopped
        os.kill(pid, signal.SIGCONT)
        code, out, err = _finish(proc, timeout=20)
    finally:
        if proc.poll() is None:
            os.killpg(pid, signal.SIGKILL)
            proc.communicate()
    assert code == 130, (code, err[-2000:])
    assert out == "interrupted\n"
    assert "Traceback" not in err, err[-2000:]
    time.sleep(0.2)
    assert not [w for w in workers if _alive(w)]  # no worker left behind


# --- a worker may start a process of its own ---------------------------------------------------

NESTED = """
    import contextlib, sys
    from tendercheck.parallel import imap_workers, run_isolated

    def square(n):
        return n * n

    def check(n):  # as a batch worker reading a PDF, which PDFium reads in a process of its own
        return run_isolated(square, n)

    with contextlib.closing(imap_workers(check, [2, 3, 4], 2, lambda n, why: why)) as done:
        print(sorted(done))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="fork")
def test_a_batch_worker_can_start_an_isolated_process(tmp_path: Path) -> None:
    # Batch workers were daemonic processes, which multiprocessing forbids to have children:
    # `batch --jobs 2` on a pack holding a PDF failed it with "internal error: AssertionError:
    # daemonic processes are not allowed to have children".
    code, out, err = _finish(_python(NESTED, tmp_path), timeout=60)
    assert code == 0, err[-2000:]
    assert out.strip() == "[(0, 4), (1, 9), (2, 16)]"


# --- a Ctrl-C inside code run from a string ----------------------------------------------------

IN_EXEC = """
    from tendercheck.cli import run_guarded

    def body():
        # a dataclass's or named tuple's methods are made this way, while spaCy is imported
        exec("raise KeyboardInterrupt")

    run_guarded(body)
"""


def test_ctrl_c_inside_exec_is_130_under_python_m(tmp_path: Path) -> None:
    # CPython marks such a KeyboardInterrupt as unhandled although run_guarded handles it, and
    # `python -m` (as the tests and some users run tendercheck) then ended with SIGINT: -2.
    code, _out, err = _finish(_python(IN_EXEC, tmp_path, module=True), timeout=60)
    assert (code, err) == (130, "tendercheck: interrupted\n")


# --- while the modules are imported, the command line parsed -----------------------------------

IN_IMPORT = """
    import sys

    class CtrlC:  # Ctrl-C pressed while click is imported, before any command runs
        def find_spec(self, name, path=None, target=None):
            if name == "click":
                raise KeyboardInterrupt
            return None

    sys.meta_path.insert(0, CtrlC())
    sys.argv = ["tendercheck", "--version"]
    from tendercheck.__main__ import run

    run()
"""


@pytest.mark.parametrize("module", [False, True], ids=["command", "python-m"])
def test_ctrl_c_while_the_modules_are_imported(tmp_path: Path, module: bool) -> None:
    code, _out, err = _finish(_python(IN_IMPORT, tmp_path, module=module), timeout=60)
    assert (code, err) == (130, "tendercheck: interrupted\n")


def test_the_tendercheck_command_starts_where_ctrl_c_is_caught() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["tendercheck"] == "tendercheck.__main__:run"


def test_ctrl_c_while_the_command_line_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    import click

    def pressed(self, ctx, args):
        raise KeyboardInterrupt

    monkeypatch.setattr(click.Command, "parse_args", pressed)  # under the group's own
    result = CliRunner().invoke(main, ["check", "x.md"])
    assert result.exit_code == 130  # click's own answer: "Aborted!" and 1
    assert result.stderr == "tendercheck: interrupted\n"


# --- an error Python raised because of a Ctrl-C ------------------------------------------------


def _set_name_cut_short() -> None:
    class Cut:
        def __set_name__(self, owner, name):
            raise KeyboardInterrupt  # Ctrl-C while a class is made, during a lazy import

    # Python 3.11 raises "RuntimeError: Error calling __set_name__ ..." from it; later
    # versions let the KeyboardInterrupt through
    type("Made", (), {"attribute": Cut()})


def test_an_error_raised_because_of_ctrl_c_is_an_interrupt(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        run_guarded(_set_name_cut_short)
    assert exited.value.code == 130  # not "internal error: RuntimeError: Error calling ..."
    assert capsys.readouterr().err == "tendercheck: interrupted\n"


def test_caused_by_interrupt() -> None:
    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise ValueError("cleaning up failed") from None
    except ValueError as exc:
        assert not caused_by_interrupt(exc)  # `from None`: said to be unrelated
    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise RuntimeError("cut short") from exc
    except RuntimeError as exc:
        assert caused_by_interrupt(exc)
    assert not caused_by_interrupt(RuntimeError("a bug"))


# --- Ctrl-C while the last workers are let go --------------------------------------------------


def _double(_shared, n: int) -> int:
    return 2 * n


@pytest.mark.skipif(sys.platform != "linux", reason="fork")
def test_ctrl_c_while_a_worker_is_let_go_leaves_no_process(monkeypatch) -> None:
    import multiprocessing
    from multiprocessing.connection import Connection

    from tendercheck.parallel import fork_map

    real = Connection.send

    def send(self, obj):
        if obj is None:  # "no more work": Ctrl-C pressed just as the parent says it
            raise KeyboardInterrupt
        return real(self, obj)

    monkeypatch.setattr(Connection, "send", send)
    try:
        with pytest.raises(KeyboardInterrupt):
            fork_map(_double, [1, 2, 3], 2)
        # Workers are not daemonic: one left waiting on its pipe would be waited for at exit,
        # and the run would hang after printing "interrupted".
        assert multiprocessing.active_children() == []
    finally:
        for leftover in multiprocessing.active_children():
            leftover.kill()
            leftover.join()


def test_ctrl_c_as_the_report_file_is_created_leaves_no_temporary_file(
    tmp_path, monkeypatch
) -> None:
    """A Ctrl-C arriving just as the temporary file is made is held back until the handler
    that removes the file is in place: the interrupt still ends the write, and no file is left."""
    import tempfile

    from tendercheck.report import output

    real = tempfile.mkstemp

    def mkstemp_then_ctrl_c(*args, **kwargs):
        made = real(*args, **kwargs)
        # Aimed at the main thread, whose mask holds it back: sent to the process, a thread
        # left running by an earlier test (not this code's) could take it and make the test
        # depend on what else ran.
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
        return made

    monkeypatch.setattr(output.tempfile, "mkstemp", mkstemp_then_ctrl_c)
    # Python's own Ctrl-C handler, whatever an earlier test left installed.
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            output.write_atomically(tmp_path / "report.json", "{}")
    finally:
        signal.signal(signal.SIGINT, before)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
