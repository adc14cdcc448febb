"""Writing outputs safely: atomically, only where the user asked, never over an input.

- An output that is one of the inputs (the same file by any spelling, through a symbolic or
  hard link, or a file inside an input folder) is refused before any work is done.
- A regular file (or a new name) is written to a temporary file beside it and renamed into
  place, so a failed write leaves no partial file and never a half-replaced report. A symbolic
  link there is replaced, never followed (unless it leads to a device or pipe, below).
- A device, a named pipe or a socket (``/dev/stdout``, ``/dev/null``, a FIFO) is written
  through, never renamed over: replacing ``/dev/null`` with a regular file breaks the machine.
- A write that fails (a read-only folder, a full disk, a name too long) is an InputError naming
  the output, never a traceback.
"""

from __future__ import annotations

import os
import signal
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from tendercheck.errors import InputError


def protected_files(paths: Iterable[str | os.PathLike | None]) -> dict[tuple[int, int], str]:
    """The (device, inode) of every input file and every file inside an input folder (except
    tendercheck's own reports and copies, which the reader skips), with why it is protected."""
    from tendercheck.documents.pack import OUR_OUTPUTS

    found: dict[tuple[int, int], str] = {}
    for path in paths:
        if not path:
            continue
        ident = _identity(path)
        if ident is None:
            continue
        found.setdefault(ident, "is one of the inputs")
        if os.path.isdir(path):
            inside = f"is a file in the input folder {path}"
            for folder, _dirs, files in os.walk(path):
                for name in files:
                    inner = _identity(os.path.join(folder, name))
                    if inner is not None and not name.endswith(OUR_OUTPUTS):
                        found.setdefault(inner, inside)
    return found


def refuse_inputs(
    target: str | os.PathLike, protected: dict[tuple[int, int], str], what: str = "the report"
) -> None:
    """Raise InputError when ``target`` (followed through links) is a protected input."""
    ident = _identity(target)
    if ident is not None and ident in protected:
        raise InputError(str(target), f"{protected[ident]}; writing {what} there would replace it")


def _identity(path: str | os.PathLike) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def is_stream(path: str | os.PathLike) -> bool:
    """A device, named pipe or socket (followed through links): written through, not replaced."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def write_output_file(
    path: str | os.PathLike,
    content: str | bytes,
    protected: dict[tuple[int, int], str] | None = None,
    what: str = "the report",
) -> None:
    """Write a report or copy to ``path``: through to a device or pipe, otherwise atomically."""
    if protected:
        refuse_inputs(path, protected, what)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if is_stream(path):
        _write_through(Path(path), data)
    else:
        write_atomically(path, data)


def _write_through(target: Path, data: bytes) -> None:
    try:
        with open(target, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise InputError(str(target), f"cannot be written ({_why(exc)})") from exc


def write_atomically(path: str | os.PathLike, content: str | bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(str(target), "the output folder does not exist")
    try:
        if stat.S_ISDIR(os.lstat(target).st_mode):
            raise InputError(str(target), "is a folder; cannot write a file there")
    except FileNotFoundError:
        pass
    except OSError as exc:  # a name too long, a loop of links...
        raise InputError(str(target), f"cannot be written ({_why(exc)})") from exc
    data = content.encode("utf-8") if isinstance(content, str) else content
    # Ctrl-C is held back from creating the temporary file until the handler that removes it
    # is in place, so an interrupt can never leave one behind.
    blocked = _mask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        _mask(signal.SIG_SETMASK, blocked)
        raise InputError(str(target), f"cannot be written ({_why(exc)})") from exc
    try:
        _mask(signal.SIG_SETMASK, blocked)
        with os.fdopen(fd, "wb") as fh:
            _write_all(fh, data)
        os.chmod(tmp, _file_mode(target))  # mkstemp makes 0600; a report is for sharing
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(str(target), f"cannot be written ({_why(exc)})") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mask(how, signals):
    """The thread's signal mask changed (where the platform has one); the mask before."""
    if not hasattr(signal, "pthread_sigmask"):
        return set()
    return signal.pthread_sigmask(how, signals)


def _write_all(fh, data: bytes) -> None:
    fh.write(data)
    fh.flush()  # a full disk shows here, before the rename


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _file_mode(target: Path) -> int:
    """The mode an ordinary new file would get (0666 less the umask), or the existing file's."""
    try:
        st = target.lstat()
        if stat.S_ISREG(st.st_mode):
            return st.st_mode & 0o777
    except OSError:
        pass
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
