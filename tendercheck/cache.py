"""A result cache keyed by the content of the inputs, the tool version and the configuration.

An unchanged pack is answered from the cache without reading, parsing or loading spaCy. Entries
live in the user's cache folder (``TENDERCHECK_CACHE_DIR`` overrides it); ``--no-cache`` skips
it. Entries are pickles written by this tool into the user's own cache folder; an entry that
cannot be read is ignored and replaced.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any

from tendercheck import __version__

FORMAT = 1  # bump when the cached objects change shape


def cache_dir() -> Path:
    override = os.environ.get("TENDERCHECK_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tendercheck", appauthor=False))


def _file_digest(path: Path, digest: Any) -> None:
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)


def input_fingerprint(paths: list[Path]) -> str | None:
    """sha256 over every input file's relative name and bytes; None if an input is missing."""
    digest = hashlib.sha256()
    for path in paths:
        if not path.exists():
            return None
        # Where it is matters too: the analysis records document paths, and the report and
        # annotated copies use them.
        digest.update(str(path.resolve()).encode() + b"\0")
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.is_symlink())
            for file in files:
                digest.update(file.relative_to(path).as_posix().encode() + b"\0")
                _file_digest(file, digest)
        else:
            digest.update(path.name.encode() + b"\0")
            _file_digest(path, digest)
        digest.update(b"\1")
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 of the installed tool's code and rule packs, so that a changed rule or extractor
    (an upgrade, or a developer's edit) is never answered from an old entry. About 2 ms."""
    from importlib import resources

    digest = hashlib.sha256(__version__.encode())
    roots = [Path(__file__).resolve().parent, Path(str(resources.files("tendercheck.rulepacks")))]
    for root in roots:
        for file in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".yaml", ".j2")):
            digest.update(file.name.encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def cache_key(paths: list[Path], settings: dict[str, Any]) -> str | None:
    """Key for a run: inputs' content + the tool's code + everything that changes the result."""
    inputs = input_fingerprint(paths)
    if inputs is None:
        return None
    state = {"code": code_fingerprint(), "f": FORMAT, "inputs": inputs, "settings": settings}
    blob = json.dumps(state, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def load(key: str) -> Any | None:
    path = cache_dir() / f"{key}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # a damaged or foreign entry: drop it and recompute
        path.unlink(missing_ok=True)
        return None


def store(key: str, value: Any) -> None:
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.tmp"
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{key}.pickle")
    except OSError:
        pass  # a read-only or full cache folder must never fail a check
