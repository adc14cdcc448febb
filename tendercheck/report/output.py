"""Writing outputs safely: atomically, only where the user asked, never over an input."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tendercheck.errors import InputError


def write_atomically(path: str | os.PathLike, content: str | bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(str(target), "the output folder does not exist")
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _file_mode(target))  # mkstemp makes 0600; a report is for sharing
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _file_mode(target: Path) -> int:
    """The mode an ordinary new file would get (0666 less the umask), or the existing file's."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
