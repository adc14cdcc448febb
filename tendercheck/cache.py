"""A result cache keyed by the content of the inputs, the tool version and the configuration.

An unchanged pack is answered from the cache without reading, parsing or loading spaCy. Entries
live in the user's cache folder (``TENDERCHECK_CACHE_DIR`` overrides it); ``--no-cache`` skips
it. The key is the content, not the location: a pack copied or moved elsewhere is answered from
the same entry. The folder is kept under a size limit (``max_cache_bytes`` in the limits,
``TENDERCHECK_CACHE_MAX_MB`` overrides it) by removing the least recently used entries. Entries
are data (JSON, see ``encode``), never pickles: whoever can write the cache folder can
at worst cause a miss, never run code. An entry that cannot be read is ignored and replaced; a
cache folder that cannot be used means no cache, never a failed check.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tendercheck import __version__

FORMAT = 3  # bump when the cached objects change shape


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
    """sha256 over every input file's relative name and bytes; None if an input is missing or
    cannot be read whole (a file or folder without permission): such a pack is not cached, and
    the reader says what it could not read.

    Where the inputs sit is not part of it: the same pack copied or moved elsewhere is the same
    entry, and the runner points the cached pack's recorded paths at where it is now."""
    from tendercheck.documents.pack import folder_entries

    digest = hashlib.sha256()
    try:
        for path in paths:
            if not path.exists():
                return None
            digest.update(b"dir\0" if path.is_dir() else b"file\0")
            if path.is_dir():
                unlisted: list = []
                entries = sorted(folder_entries(path, unlisted))
                if unlisted:
                    return None
                for file in entries:
                    if not file.is_file() or file.is_symlink():
                        continue
                    digest.update(file.relative_to(path).as_posix().encode() + b"\0")
                    _file_digest(file, digest)
            else:
                digest.update(path.name.encode() + b"\0")
                _file_digest(path, digest)
            digest.update(b"\1")
    except OSError:
        return None
    return digest.hexdigest()


# Libraries whose versions change what a check finds (tokens and sentences, PDF text, bank
# holidays), and so the result: an upgrade of any of them, or of Python, is a new key.
LIBRARIES = ("spacy", "spacy-lookups-data", "pdfplumber", "pypdfium2", "holidays")
FINGERPRINT_SUFFIXES = (".py", ".yaml", ".j2", ".json", ".toml")


def fingerprint_files() -> list[Path]:
    """The files whose bytes are in the code fingerprint: the package's code, templates and data
    files (schemas, vocabularies), and the rule packs (which an editable install keeps outside
    the package)."""
    from importlib import resources

    roots = [Path(__file__).resolve().parent, Path(str(resources.files("tendercheck.rulepacks")))]
    files: dict[Path, None] = {}
    for root in roots:
        for file in sorted(p for p in root.rglob("*") if p.suffix in FINGERPRINT_SUFFIXES):
            files[file] = None
    return list(files)


def library_versions() -> dict[str, str]:
    """The installed versions of LIBRARIES and of Python. Read from the names of the
    ``NAME-VERSION.dist-info`` folders on sys.path (importlib.metadata costs ~40 ms of start-up
    to import, and importing the libraries themselves far more: a cache hit loads neither)."""
    import platform
    import re
    import sys

    wanted = {re.sub(r"[-_.]+", "_", name).lower(): name for name in LIBRARIES}
    versions = {"python": platform.python_version()}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            match = re.fullmatch(r"(.+?)-([^-]+)\.dist-info", folder)
            if match is None:
                continue
            key = re.sub(r"[-_.]+", "_", match.group(1)).lower()
            if key in wanted and wanted[key] not in versions:
                versions[wanted[key]] = match.group(2)
    for name in LIBRARIES:
        versions.setdefault(name, "absent")
    return versions


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 of the installed tool's code, data files and rule packs and of the versions of the
    libraries that shape a result, so that a changed rule or extractor (an upgrade, or a
    developer's edit) or an upgraded library is never answered from an old entry."""
    digest = hashlib.sha256(__version__.encode())
    digest.update(json.dumps(library_versions(), sort_keys=True).encode())
    for file in fingerprint_files():
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


# -- entries: data, never code ------------------------------------------------------------------
#
# An entry is JSON: {"schema": SCHEMA, "kind": "run", "key": <its key>, "value": <the encoded
# value>} (per-document entries, tendercheck/doccache.py, have kinds and encodings of their own,
# in the same folder under the same size limit). Values are
# plain JSON where JSON can say it; the rest is tagged: {"t": [...]} a tuple, {"s": [...]} a set,
# {"d": [[key, value], ...]} a mapping, {"date": "..."} / {"datetime": "..."}, and
# {"c": "Name", "f": {...}} one of the model classes in ``_classes()`` (and no other), and
# {"sentences": {...}} a list of Sentences as rows and {"document": [{...}, path]} a Document
# (doccache's encodings: the commonest objects by far, in a fraction of the size and time field
# by field). Decoding
# builds only those classes from their fields, so a tampered entry is at worst a wrong-looking
# miss, never code. An entry whose value does not come back equal to what was stored is not
# written at all.

SCHEMA = "tendercheck-cache/2"
RUN = "run"  # the entry kind of a whole run's (analysis, result); doccache adds per-document ones


class _NotData(ValueError):
    """A value the entry format cannot hold, or an entry that is not one of ours."""


@functools.lru_cache(maxsize=1)
def _classes() -> dict[str, type]:
    from tendercheck.documents import model as documents
    from tendercheck.engine import model as engine
    from tendercheck.nlp import clauses
    from tendercheck.nlp import model as nlp

    found = (
        documents.Block,
        documents.Document,
        documents.Skipped,
        documents.TenderPack,
        clauses.Clause,
        nlp.Evidence,
        nlp.Fact,
        nlp.Sentence,
        nlp.Analysis,
        engine.Rule,
        engine.RuleResult,
        engine.Score,
        engine.Result,
    )
    return {cls.__name__: cls for cls in found}


def encode(value: Any) -> Any:
    """``value`` as JSON-ready data (see above); _NotData for anything else."""
    import dataclasses
    import datetime as dt

    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)) and type(value) in (int, float):
        return value
    if isinstance(value, list):
        if value and _sentences(value):
            from tendercheck.doccache import encode_sentences

            with contextlib.suppress(ValueError):  # one that does not fit: field by field
                return {"sentences": encode_sentences(value)}
        return [encode(v) for v in value]
    if isinstance(value, tuple) and type(value) is tuple:
        return {"t": [encode(v) for v in value]}
    if isinstance(value, (set, frozenset)):
        return {"s": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"d": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if type(value) is _classes()["Document"] and type(value.path) is str:
        from tendercheck.doccache import encode_document

        with contextlib.suppress(ValueError):  # one that does not fit: field by field
            return {"document": [encode_document(value), value.path]}
    if dataclasses.is_dataclass(value) and _classes().get(type(value).__name__) is type(value):
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"c": type(value).__name__, "f": fields}
    raise _NotData(f"cannot store a {type(value).__name__}")


def decode(data: Any) -> Any:
    """The value :func:`encode` made; _NotData for anything that is not such data."""
    import dataclasses
    import datetime as dt

    if data is None or isinstance(data, (bool, str, int, float)):
        return data
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict) or not data:
        raise _NotData("not an entry")
    tag = next(iter(data))
    body = data[tag]
    if len(data) == 1:
        if tag == "t" and isinstance(body, list):
            return tuple(decode(v) for v in body)
        if tag == "s" and isinstance(body, list):
            return {decode(v) for v in body}
        if tag == "d" and isinstance(body, list) and all(_is_pair(v) for v in body):
            return {decode(k): decode(v) for k, v in body}
        if tag == "date" and isinstance(body, str):
            return dt.date.fromisoformat(body)
        if tag == "datetime" and isinstance(body, str):
            return dt.datetime.fromisoformat(body)
        if tag == "document" and isinstance(body, list) and len(body) == 2:
            from tendercheck.doccache import decode_document

            document = decode_document(body[0])  # checked field by field; ValueError if not
            if not isinstance(body[1], str):
                raise _NotData("not an entry")
            document.path = body[1]
            return document
        if tag == "sentences" and isinstance(body, dict):
            from tendercheck.doccache import decode_sentences

            return decode_sentences(body)  # checked field by field; ValueError if not ours
    if set(data) == {"c", "f"} and isinstance(data["c"], str) and isinstance(data["f"], dict):
        cls = _classes().get(data["c"])
        if cls is not None:
            names = {f.name for f in dataclasses.fields(cls) if f.init}
            if set(data["f"]) == names:
                return cls(**{k: decode(v) for k, v in data["f"].items()})
    raise _NotData("not an entry")


def _sentences(items: list) -> bool:
    """A list of Sentences only (an analysis's): kept as rows, see doccache.encode_sentences."""
    cls = _classes()["Sentence"]
    return type(items[0]) is cls and all(type(item) is cls for item in items)


def _is_pair(item: Any) -> bool:
    return isinstance(item, list) and len(item) == 2


def _entry_path(key: str) -> Path:
    return cache_dir() / f"{key}.json"


def max_bytes() -> int:
    """The cache folder's size limit: ``TENDERCHECK_CACHE_MAX_MB`` (megabytes, may be a
    fraction), else the default in the limits; an unreadable or negative setting is the
    default."""
    from tendercheck.documents.limits import DEFAULT_LIMITS

    setting = os.environ.get("TENDERCHECK_CACHE_MAX_MB", "").strip()
    try:
        megabytes = float(setting)
    except ValueError:
        return DEFAULT_LIMITS.max_cache_bytes
    if not megabytes >= 0 or megabytes == float("inf"):  # also NaN
        return DEFAULT_LIMITS.max_cache_bytes
    return int(megabytes * 1024 * 1024)


def load(key: str) -> Any | None:
    """The value stored under ``key``, or None: a missing, damaged or foreign entry is a miss
    (and is removed, to be replaced). A hit is marked as just used (its modification time), for
    the least-recently-used eviction in :func:`store`."""
    data = load_data(key, RUN)
    if data is None:
        return None
    try:
        return decode(data)
    except (ValueError, TypeError, RecursionError):  # not one of ours
        forget(key)
        return None


def load_data(key: str, kind: str) -> Any | None:
    """The JSON data of the entry of ``kind`` ("run", or a per-document kind, see doccache)
    stored under ``key``, or None: a missing, damaged or foreign entry is a miss and is removed.
    A hit is marked as just used (its modification time), for the eviction in :func:`store`."""
    path = _entry_path(key)
    try:
        with path.open("rb") as fh:
            entry = json.load(fh)
        if (
            not isinstance(entry, dict)
            or entry.get("schema") != SCHEMA
            or entry.get("key") != key
            or entry.get("kind") != kind
            or "value" not in entry
        ):
            raise _NotData("not an entry for this key")
        with contextlib.suppress(OSError):
            os.utime(path)
        return entry["value"]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, RecursionError):  # damaged, foreign or unreadable
        forget(key)
        return None


def forget(key: str) -> None:
    """Remove the entry under ``key`` (one that turned out damaged or foreign), if it is there."""
    with contextlib.suppress(OSError):
        _entry_path(key).unlink(missing_ok=True)


def store(key: str, value: Any) -> None:
    """Keep ``value`` under ``key`` when it can be stored faithfully; never fail a check."""
    try:
        encoded = encode(value)
        if decode(encoded) != value:
            return  # would not come back the same: better no entry than a different answer
    except (ValueError, TypeError, RecursionError):
        return
    store_data(key, RUN, encoded)


def store_data(key: str, kind: str, data: Any, evict_now: bool = True) -> None:
    """Keep JSON ``data`` as the entry of ``kind`` under ``key``; never fail a check. With
    ``evict_now`` False the folder is not brought back under its size limit here: the caller
    does that once (:func:`evict_to_limit`) after writing many entries."""
    try:
        text = json.dumps(
            {"schema": SCHEMA, "kind": kind, "key": key, "value": data}, ensure_ascii=False
        )
    except (ValueError, TypeError, RecursionError):
        return
    limit = max_bytes()
    if len(text.encode("utf-8")) > limit:
        return  # an entry bigger than the whole cache is not kept
    folder = cache_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, _entry_path(key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        if evict_now:
            evict(folder, limit)
    except OSError:
        pass  # a read-only, full or missing cache folder (or a file in its place) is no cache


def evict_to_limit() -> None:
    """Bring the cache folder back under its size limit (see :func:`evict`); never fail."""
    folder = cache_dir()
    if not folder.is_dir():
        return
    with contextlib.suppress(OSError):
        evict(folder, max_bytes())


def evict(folder: Path, limit: int) -> None:
    """Remove the least recently used entries (oldest modification time first) until the
    entries together take at most ``limit`` bytes. Entries another process removes meanwhile
    are skipped; only files named like entries are counted or removed."""
    entries = []
    with os.scandir(folder) as found:
        for item in found:
            if not (item.name.endswith(".json") and _is_key(item.name[:-5])):
                continue
            try:
                st = item.stat(follow_symlinks=False)
            except OSError:
                continue
            entries.append((st.st_mtime_ns, st.st_size, item.path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            os.unlink(path)
        total -= size


def _is_key(name: str) -> bool:
    return len(name) == 64 and all(c in "0123456789abcdef" for c in name)
