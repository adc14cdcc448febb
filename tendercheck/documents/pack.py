"""Read files, folders and zips into a TenderPack, in a sensible order, safely.

Zip members are read into memory and never written anywhere. Nested zips are opened one level
deep. In a folder or zip, a bad file is recorded as skipped-with-error and the rest are read.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from tendercheck import lazyre
from tendercheck.documents.limits import Limits
from tendercheck.documents.model import Document, Skipped, TenderPack
from tendercheck.documents.safety import (
    check_zip_limits,
    read_member,
    refuse_duplicate_members,
    unsafe_member_name,
)
from tendercheck.documents.sniff import NOT_READ, sniff_bytes, sniff_zip
from tendercheck.errors import InputError

READABLE = {"docx", "pdf", "md", "txt", "odt", "doc"}
# Formats whose reading depends only on the file's bytes, name and limits (and tendercheck's code
# and libraries), so a per-document cache may keep what it gave. Not legacy .doc: LibreOffice
# converts it, and an upgrade of that outside program could read it differently.
KEEPABLE = READABLE - {"doc"}
_IGNORED_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
# tendercheck's own files at the top of a pack folder: the facts it reads as tender.toml and the
# pack's configuration (reported as used or not), never a tender document to read.
_SETTINGS_NAMES = {"tender.toml", "tendercheck.toml"}
OUR_OUTPUTS = (".tendercheck.html", ".tendercheck.docx")

# For unnumbered files, the order a bidder would read a pack in: instructions first, then the
# specification, questionnaires, pricing, and contract terms last.
_ROLE_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (
        0,
        lazyre.compile(
            r"read[ _-]?first|invitation|\bitt\b|\brfp\b|\brfq\b|how[ _-]to[ _-]tender"
            r"|instructions|about[ _-]the|tender[ _-]notice|overview",
            re.I,
        ),
    ),
    (1, lazyre.compile(r"specification|statement[ _-]of[ _-]requirements|\bsor\b|scope", re.I)),
    (2, lazyre.compile(r"questionnaire|\bsq\b|\bpqq\b|response|evaluation|attachment", re.I)),
    (3, lazyre.compile(r"pric|rate[ _-]card|commercial", re.I)),
    (5, lazyre.compile(r"terms|conditions|schedule|contract|agreement|definitions|form", re.I)),
]


def pack_order_key(name: str) -> tuple:
    """Numbered names first (by number), then by role, then naturally by name."""
    base = name.rsplit("/", 1)[-1]
    m = re.match(r"\s*(\d+)", base)
    natural = tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in re.split(r"(\d+)", base)
        if part
    )
    if m:
        return (0, int(m.group(1)), 0, natural)
    role = 4
    for rank, pattern in _ROLE_PATTERNS:
        if pattern.search(base):
            role = rank
            break
    return (1, 0, role, natural)


NOT_A_FILE = "is a device, pipe or socket, not a file; not read"


def over_cap(limits: Limits) -> str:
    """Why a document past the pack's document cap is not read (see :func:`over_cap_count`)."""
    return f"over the limit of {limits.max_documents} documents"


def over_cap_count(pack: TenderPack) -> int:
    """How many files of ``pack`` were left unread because it holds more documents than the cap
    allows: a pack cut short, which a batch summary must say, never hide."""
    return sum(
        s.reason.startswith("over the limit of ") and s.reason.endswith(" documents")
        for s in pack.skipped
    )


def check_input_path(path: Path) -> None:
    """Refuse a path that is neither a folder nor a regular file (after links): reading, or even
    hashing, a device such as /dev/zero or a pipe never ends. Refuse a folder that cannot be
    listed or searched, so no later step trips over what it holds."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError as exc:
        raise InputError(str(path), "no such file or folder") from exc
    except OSError as exc:  # a folder on the way cannot be searched, a loop of links...
        raise InputError(str(path), f"cannot be reached ({unreadable(exc)})") from exc
    if stat.S_ISDIR(mode):
        try:
            with os.scandir(path) as listing:
                next(listing, None)
            os.stat(os.path.join(path, "."))  # search permission, to open what it holds
        except OSError as exc:
            raise InputError(str(path), f"the folder cannot be read ({unreadable(exc)})") from exc
    elif not stat.S_ISREG(mode):
        raise InputError(str(path), NOT_A_FILE)


def relocate(pack: TenderPack, paths: list[Path]) -> bool:
    """Point a pack read from the same content elsewhere (a cache entry, which is keyed by
    content, not location) at ``paths``: its inputs, and each document's recorded path under
    them ("old/dir/a.docx" -> "new/dir/a.docx", "old.zip!a.docx" -> "new.zip!a.docx"). False,
    changing nothing, when the pack was not read from that many inputs."""
    if len(pack.inputs) != len(paths):
        return False
    moves = [
        (item["path"], str(path), item.get("format"))
        for item, path in zip(pack.inputs, paths, strict=True)
    ]
    for doc in pack.documents:
        for old, new, fmt in moves:
            if doc.path == old:
                doc.path = new
            elif fmt == "zip" and doc.path.startswith(old + "!"):
                doc.path = new + doc.path[len(old) :]
            elif fmt == "dir" and doc.path.startswith(old.rstrip(os.sep) + os.sep):
                doc.path = os.path.join(new, doc.path[len(old.rstrip(os.sep)) + 1 :])
            else:
                continue
            break
    for item, (_old, new, _fmt) in zip(pack.inputs, moves, strict=True):
        item["path"] = new
    return True


def read_path(
    path: Path,
    pack: TenderPack,
    limits: Limits,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
    memo=None,
) -> None:
    """Read ``path`` into ``pack``. ``memo`` (the run's per-document cache, see
    tendercheck/doccache.py, or None) is given each document's bytes, name, format and limits
    and answers with the Document, reading it only when it has not kept one."""
    check_input_path(path)
    if path.is_dir():
        pack.inputs.append({"path": str(path), "format": "dir"})
        _read_folder(path, pack, limits, jobs, progress, memo)
        return
    data = _read_file_bytes(path, limits)
    fmt = classify(data, path.name, str(path), limits)
    if fmt == "zip":
        pack.inputs.append({"path": str(path), "format": "zip"})
        _read_zip(data, str(path), pack, limits, depth=0, prefix="", progress=progress, memo=memo)
        return
    pack.inputs.append({"path": str(path), "format": fmt})
    if fmt not in READABLE:
        raise InputError(str(path), NOT_READ.get(fmt, f"not a document tendercheck reads ({fmt})"))
    pack.documents.append(_read_one(data, path.name, str(path), fmt, limits, memo))


def _read_file_bytes(path: Path, limits: Limits) -> bytes:
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise InputError(
                str(path),
                f"file is {size // (1024 * 1024)} MB, over the "
                f"{limits.max_file_bytes // (1024 * 1024)} MB limit",
            )
        with path.open("rb") as fh:
            return fh.read(limits.max_file_bytes + 1)
    except PermissionError as exc:
        raise InputError(str(path), "permission denied") from exc
    except IsADirectoryError as exc:  # pragma: no cover - checked above
        raise InputError(str(path), "is a folder") from exc
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from exc


def classify(data: bytes, name: str, display: str, limits: Limits) -> str:
    """The format of a file's bytes: docx, pdf, md, txt, odt, doc, zip, or a NOT_READ key.

    Raises InputError for empty, encrypted or corrupt files.
    """
    fmt = sniff_bytes(data[:4096], name)
    if fmt == "empty" or not data.strip():
        raise InputError(display, "the file is empty")
    if fmt == "zip":
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise InputError(
                display, "the file is corrupt or truncated (bad zip container)"
            ) from exc
        check_zip_limits(zf, display, limits)  # before sniffing reads any member
        return sniff_zip(zf)
    if fmt == "ole":
        return _classify_ole(data, display)
    if fmt == "rtf":
        return "binary"
    if fmt == "txt" and name.lower().endswith((".docx", ".pdf", ".odt", ".doc")):
        # A text file dressed as a document is still readable text, but say so.
        return "txt"
    return fmt


def _classify_ole(data: bytes, display: str) -> str:
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError and assorted errors on bad files
        raise InputError(display, "the file is a corrupt Office (OLE) file") from exc
    try:
        if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
            raise InputError(
                display,
                "the document is password-protected; save an unprotected copy and try again",
            )
        if ole.exists("WordDocument"):
            with ole.openstream("WordDocument") as stream:
                fib = stream.read(12)
            if len(fib) >= 12 and fib[11] & 0x01:  # FIB fEncrypted flag
                raise InputError(
                    display,
                    "the document is password-protected; save an unprotected copy and try again",
                )
            return "doc"
        if ole.exists("Workbook") or ole.exists("Book"):
            return "xls"
        return "binary"
    finally:
        ole.close()


def _read_one(
    data: bytes, name: str, display: str, fmt: str, limits: Limits, memo=None
) -> Document:
    import dataclasses
    import hashlib

    from tendercheck.documents import read_document_bytes
    from tendercheck.documents.bounds import bound_text

    def read() -> Document:
        return bound_text(read_document_bytes(data, name, fmt, limits), limits)

    try:
        if memo is None or fmt not in KEEPABLE:
            doc = read()
        else:
            what = {
                "sha256": hashlib.sha256(data).hexdigest(),
                "name": name,
                "format": fmt,
                "limits": dataclasses.asdict(limits),
            }
            doc = memo.document(what, read)
    except InputError as exc:
        if exc.path == display:
            raise
        raise InputError(display, exc.reason) from exc
    doc.name = name
    doc.path = display
    return doc


def _try_read(
    data: bytes,
    name: str,
    display: str,
    pack: TenderPack,
    limits: Limits,
    depth: int,
    memo=None,
) -> None:
    """Read one member of a folder or zip, recording (not raising) what goes wrong."""
    if len(pack.documents) >= limits.max_documents:
        pack.skipped.append(Skipped(name, over_cap(limits)))
        return
    try:
        fmt = classify(data, name, display, limits)
        if fmt == "zip":
            if depth >= 1:
                pack.skipped.append(
                    Skipped(name, "zip nested more than one level deep is not read")
                )
                return
            _read_zip(data, display, pack, limits, depth + 1, name + "/", memo=memo)
            return
        if fmt not in READABLE:
            pack.skipped.append(Skipped(name, NOT_READ.get(fmt, f"not read ({fmt})")))
            return
        pack.documents.append(_read_one(data, name, display, fmt, limits, memo))
    except InputError as exc:
        pack.skipped.append(Skipped(name, exc.reason, error=True))


def unreadable(exc: OSError) -> str:
    """Why a file or folder could not be read or listed, in a few words."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or type(exc).__name__


def folder_entries(root: Path, unlisted: list[tuple[Path, OSError]]) -> Iterator[Path]:
    """Every file, folder and link below ``root``, links not followed. A folder that cannot be
    listed (no permission, a path too long) is added to ``unlisted`` with the error, never
    passed over in silence as ``Path.rglob`` does."""

    def failed(exc: OSError) -> None:
        unlisted.append((Path(exc.filename) if exc.filename else root, exc))

    for folder, dirs, files in os.walk(root, onerror=failed):
        base = Path(folder)
        for name in sorted(dirs) + sorted(files):
            yield base / name


def _read_folder(
    root: Path,
    pack: TenderPack,
    limits: Limits,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
    memo=None,
) -> None:
    from tendercheck.parallel import fork_map

    files = []
    unlisted: list[tuple[Path, OSError]] = []
    for path in folder_entries(root, unlisted):
        rel = path.relative_to(root).as_posix()
        try:
            mode = path.lstat().st_mode
        except OSError as exc:  # its folder can be listed but not searched
            if not any(p.startswith(".") for p in rel.split("/")):
                pack.skipped.append(Skipped(rel, unreadable(exc), error=True))
            continue
        if stat.S_ISLNK(mode):
            pack.skipped.append(Skipped(rel, "symbolic link is not followed"))
            continue
        if stat.S_ISDIR(mode):
            continue
        if not stat.S_ISREG(mode):
            pack.skipped.append(Skipped(rel, NOT_A_FILE))
            continue
        if path.name.lower() in _IGNORED_NAMES or any(p.startswith(".") for p in rel.split("/")):
            continue
        if rel in _SETTINGS_NAMES:
            continue
        if path.name.startswith("~$"):
            pack.skipped.append(Skipped(rel, "Office lock file"))
            continue
        if path.name.endswith(OUR_OUTPUTS):
            pack.skipped.append(Skipped(rel, "tendercheck's own output, not part of the pack"))
            continue
        files.append((rel, path))
    for folder, exc in unlisted:
        if folder == root:
            raise InputError(str(root), f"the folder cannot be read ({unreadable(exc)})")
        rel = folder.relative_to(root).as_posix()
        if not any(p.startswith(".") for p in rel.split("/")):  # hidden folders are not read
            pack.skipped.append(
                Skipped(rel + "/", f"folder cannot be read ({unreadable(exc)})", error=True)
            )
    if not files:
        raise InputError(str(root), "the folder holds no files" + _skipped_summary(pack))
    before = len(pack.documents)
    ordered = sorted(files, key=lambda item: pack_order_key(item[0]))
    done = None
    if progress is not None:
        total = len(ordered)

        def done(count: int, item: tuple[str, Path]) -> None:
            progress(f"reading {count}/{total}: {item[0]}")

    read = fork_map(
        _read_folder_file, ordered, jobs, (limits, memo), on_crash=_crashed, on_done=done
    )
    for documents, skipped in read:
        for doc in documents:
            if len(pack.documents) >= limits.max_documents:
                pack.skipped.append(Skipped(doc.name, over_cap(limits)))
            else:
                pack.documents.append(doc)
        pack.skipped.extend(skipped)
    if len(pack.documents) == before:
        raise InputError(
            str(root), "the folder holds no readable tender documents" + _skipped_summary(pack)
        )


def _read_folder_file(
    shared: tuple[Limits, object], item: tuple[str, Path]
) -> tuple[list[Document], list[Skipped]]:
    """Read one file of a folder pack into its own small pack (runs in a worker process)."""
    limits, memo = shared
    rel, path = item
    part = TenderPack()
    try:
        data = _read_file_bytes(path, limits)
    except InputError as exc:
        part.skipped.append(Skipped(rel, exc.reason, error=True))
        return part.documents, part.skipped
    _try_read(data, rel, str(path), part, limits, 0, memo)
    return part.documents, part.skipped


def _crashed(item: tuple[str, Path], reason: str) -> tuple[list[Document], list[Skipped]]:
    """A file whose reading killed its worker process: a file that could not be read."""
    return [], [Skipped(item[0], f"reading it crashed: {reason}", error=True)]


def _read_zip(
    data: bytes,
    display: str,
    pack: TenderPack,
    limits: Limits,
    depth: int,
    prefix: str,
    progress: Callable[[str], None] | None = None,
    memo=None,
) -> None:
    """Read a zip's members in pack order; ``progress`` is told of each member as it is read
    ("reading 12/70: Attachment 4.docx"), as for a folder."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(display, "the zip file is corrupt or truncated") from exc
    check_zip_limits(zf, display, limits)
    refuse_duplicate_members(zf, display)
    members = []
    for info in zf.infolist():
        if info.is_dir():
            continue
        name = info.filename
        base = name.rsplit("/", 1)[-1]
        if unsafe_member_name(name):
            pack.skipped.append(
                Skipped(
                    prefix + name, "unsafe path in zip (absolute or '..'); not read", error=True
                )
            )
            continue
        if name.startswith("__MACOSX/") or base.lower() in _IGNORED_NAMES or base.startswith("."):
            continue
        if base.startswith("~$"):
            pack.skipped.append(Skipped(prefix + name, "Office lock file"))
            continue
        members.append(info)
    before = len(pack.documents)
    ordered = sorted(members, key=lambda i: pack_order_key(i.filename))
    for count, info in enumerate(ordered, 1):
        name = prefix + info.filename
        if progress is not None:
            progress(f"reading {count}/{len(ordered)}: {info.filename}")
        try:
            member = read_member(zf, info, display, limits)
        except InputError as exc:
            pack.skipped.append(Skipped(name, exc.reason, error=True))
            continue
        _try_read(member, name, f"{display}!{info.filename}", pack, limits, depth, memo)
    if depth == 0 and len(pack.documents) == before:
        raise InputError(
            display, "the zip holds no readable tender documents" + _skipped_summary(pack)
        )


def _skipped_summary(pack: TenderPack) -> str:
    if not pack.skipped:
        return ""
    first = pack.skipped[0]
    more = f" and {len(pack.skipped) - 1} more" if len(pack.skipped) > 1 else ""
    return f" (skipped {first.name}: {first.reason}{more})"
