"""Legacy Word (.doc): convert to .docx with LibreOffice when it is installed, else refuse.

The conversion runs in a private temporary folder that is removed afterwards; the input is
never touched and nothing is left behind. LibreOffice runs in a session (and process group) of
its own, which is killed whole when the conversion ends, takes too long, or is interrupted
(Ctrl-C, or the worker reading the file being terminated): no soffice.bin is left running.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from tendercheck.documents.limits import Limits
from tendercheck.documents.model import Document
from tendercheck.errors import InputError

HOW_TO_CONVERT = (
    "legacy Word .doc is not read directly; install LibreOffice (soffice) or open it in Word and "
    "'Save As' .docx, or run: soffice --headless --convert-to docx FILE.doc"
)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy_doc(data: bytes, name: str, limits: Limits) -> Document:
    soffice = find_soffice()
    if soffice is None:
        raise InputError(name, HOW_TO_CONVERT)
    from tendercheck.documents.docx_reader import read_docx

    with tempfile.TemporaryDirectory(prefix="tendercheck-doc-") as tmp:
        src = Path(tmp) / "input.doc"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            tmp,
            str(src),
        ]
        try:
            _convert(cmd, {**os.environ, "HOME": tmp}, limits.document_budget_s)
        except subprocess.TimeoutExpired as exc:
            raise InputError(name, "LibreOffice took too long converting the .doc") from exc
        out = Path(tmp) / "input.docx"
        if not out.exists() or out.stat().st_size == 0:
            raise InputError(name, "LibreOffice could not convert the .doc (corrupt or protected?)")
        doc = read_docx(out.read_bytes(), name, limits)
    doc.format = "doc"
    doc.notes.append("converted from legacy .doc with LibreOffice")
    return doc


def _convert(cmd: list[str], env: dict[str, str], seconds: float) -> None:
    """Run LibreOffice in a session of its own and wait up to ``seconds`` (TimeoutExpired after
    that); whatever happens, its whole process group is killed before this returns."""
    running: list[subprocess.Popen] = []
    caught: list[int] = []
    previous = signal.SIG_DFL

    def terminated(signum, frame):  # a worker being stopped: end LibreOffice too, then go
        caught.append(signum)
        if running:  # else it is being started: it is ended as soon as it has a pid, below
            _kill_group(running[0])
            _resend(signum, previous)

    handled = threading.current_thread() is threading.main_thread()
    if handled:
        previous = signal.signal(signal.SIGTERM, terminated) or signal.SIG_DFL
    try:
        running.append(
            subprocess.Popen(
                cmd,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
                start_new_session=True,  # its own group: Ctrl-C does not reach it; we end it
            )
        )
        if caught:
            _kill_group(running[0])
            _resend(caught[0], previous)
        running[0].wait(timeout=seconds)
    finally:
        for process in running:
            _kill_group(process)
            process.wait()
        if handled:
            signal.signal(signal.SIGTERM, previous)


def _resend(signum: int, handler) -> None:
    """Put ``handler`` back for ``signum`` and send the signal again, to end as it would have."""
    signal.signal(signum, handler)
    os.kill(os.getpid(), signum)


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the process group ``process`` leads (LibreOffice's launcher and soffice.bin)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):  # all gone already
        os.killpg(process.pid, signal.SIGKILL)
