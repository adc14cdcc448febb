"""Checks that run before any parser touches a container: zip bombs, entity tricks, bad paths.

Every check raises InputError with a reason a user can act on. Nothing here writes to disk.
"""

from __future__ import annotations

import codecs
import posixpath
import zipfile
from collections.abc import Iterable

from tendercheck import lazyre
from tendercheck.documents.limits import Limits
from tendercheck.errors import InputError

_XML_SUFFIXES = (".xml", ".rels", ".vml")
_MB = 1024 * 1024


def unsafe_member_name(name: str) -> bool:
    """True for absolute paths, drive letters and any '..' component (zip-slip)."""
    norm = name.replace("\\", "/")
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
        return True
    return ".." in posixpath.normpath(norm).split("/") or ".." in norm.split("/")


def check_zip_limits(zf: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Refuse zip containers whose declared sizes would exhaust memory (zip bombs)."""
    infos = zf.infolist()
    if len(infos) > limits.max_zip_members:
        raise InputError(
            name, f"zip holds {len(infos)} entries, more than the limit of {limits.max_zip_members}"
        )
    total = 0
    for info in infos:
        if info.file_size > limits.max_member_bytes:
            raise InputError(
                name,
                f"zip entry {info.filename!r} unpacks to {info.file_size // _MB} MB, over the "
                f"{limits.max_member_bytes // _MB} MB limit (possible zip bomb)",
            )
        if (
            info.file_size > _MB
            and info.compress_size
            and (info.file_size / info.compress_size > limits.max_compression_ratio)
        ):
            raise InputError(
                name,
                f"zip entry {info.filename!r} is compressed {info.file_size // info.compress_size}:1,"
                f" over the {limits.max_compression_ratio:.0f}:1 limit (possible zip bomb)",
            )
        total += info.file_size
    if total > limits.max_total_uncompressed:
        raise InputError(
            name,
            f"zip unpacks to {total // _MB} MB, over the {limits.max_total_uncompressed // _MB} MB"
            " limit (possible zip bomb)",
        )


def refuse_duplicate_members(zf: zipfile.ZipFile, name: str) -> None:
    """Refuse a zip holding two entries of the same name: which one a finding, an annotated copy
    or another tool would take is anyone's guess (Python's zipfile opens the last by name)."""
    seen: set[str] = set()
    for info in zf.infolist():
        key = info.filename.replace("\\", "/")
        if key in seen:
            raise InputError(
                name,
                f"zip holds two entries named {info.filename!r}; refusing to guess which one is "
                "meant (rename one and zip again)",
            )
        seen.add(key)


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits: Limits) -> bytes:
    """Read one member, never more than its declared size or the member limit."""
    cap = min(info.file_size, limits.max_member_bytes)
    try:
        with zf.open(info) as fh:
            data = fh.read(cap + 1)
    except RuntimeError as exc:  # encrypted member
        raise InputError(name, f"zip entry {info.filename!r} is password-protected") from exc
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, ValueError) as exc:
        raise InputError(name, f"zip entry {info.filename!r} is corrupt ({exc})") from exc
    if len(data) > cap:
        raise InputError(name, f"zip entry {info.filename!r} is larger than it declares")
    return data


def check_office_xml(zf: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Refuse OOXML/ODF parts too big to parse whole (by their declared size, before any is
    read), and parts that declare a DTD: no real Office file has one, and entity expansion
    ("billion laughs") and external entities both need it.

    The whole prolog (everything before the root element) is read, however long its comments
    and processing instructions, in the part's own encoding (UTF-8, UTF-16 or UTF-32 with or
    without a byte-order mark, or the encoding its XML declaration names)."""
    parts = [i for i in zf.infolist() if i.filename.lower().endswith(_XML_SUFFIXES)]
    for info in parts:
        if info.file_size > limits.max_xml_part_bytes:
            raise InputError(
                name,
                f"part {info.filename} unpacks to {info.file_size // _MB} MB of XML, over the "
                f"{limits.max_xml_part_bytes // _MB} MB limit for one part; refusing to parse it",
            )
    for info in parts:
        try:
            with zf.open(info) as fh:
                verdict = _prolog_verdict(fh)
        except RuntimeError as exc:
            raise InputError(name, "the document is password-protected") from exc
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, ValueError) as exc:
            raise InputError(name, f"the document is corrupt ({info.filename}: {exc})") from exc
        if verdict == "dtd":
            raise InputError(
                name,
                f"part {info.filename} declares a DTD or XML entities, which Office files never"
                " do; refusing to read it (possible XML entity attack)",
            )
        if verdict == "encoding":
            raise InputError(
                name, f"part {info.filename} declares an XML encoding tendercheck does not know"
            )


_CHUNK = 64 * 1024
# The first bytes of an XML document tell its encoding family (XML 1.0, appendix F).
_SIGNATURES = (
    (b"\x00\x00\xfe\xff", "utf-32-be", 4),
    (b"\xff\xfe\x00\x00", "utf-32-le", 4),
    (b"\xfe\xff", "utf-16-be", 2),
    (b"\xff\xfe", "utf-16-le", 2),
    (b"\xef\xbb\xbf", "utf-8", 3),
    (b"\x00\x00\x00<", "utf-32-be", 0),
    (b"<\x00\x00\x00", "utf-32-le", 0),
    (b"\x00<\x00?", "utf-16-be", 0),
    (b"<\x00?\x00", "utf-16-le", 0),
    (b"\x4c\x6f\xa7\x94", "cp500", 0),  # EBCDIC "<?xm"
)
_DECLARED = lazyre.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")


def _prolog_verdict(fh) -> str:
    """'dtd' when the prolog holds "<!" other than a comment (a DOCTYPE, an ENTITY), 'encoding'
    when the declared encoding is unknown, else 'ok' (the root element, or the end, came first)."""
    head = fh.read(4096)  # a real part's prolog is one line: read more only when needed
    encoding, skip = "utf-8", 0
    for signature, family, bom in _SIGNATURES:
        if head.startswith(signature):
            encoding, skip = family, bom
            break
    else:
        declared = _DECLARED.match(head)
        if declared:
            try:
                encoding = codecs.lookup(declared.group(1).decode("ascii")).name
            except LookupError:
                return "encoding"
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text = decoder.decode(head[skip:]).lstrip("\ufeff")
    closing = None  # the end of the comment or processing instruction being skipped
    while True:
        while True:
            if closing is not None:
                end = text.find(closing)
                if end < 0:
                    text = text[-(len(closing) - 1) :]  # keep what could start the closing
                    break
                text, closing = text[end + len(closing) :], None
                continue
            text = text.lstrip(" \t\r\n")
            if len(text) < 4:  # too short to tell "<!--" from "<!" or "<?": read more
                break
            if text.startswith("<?"):
                closing = "?>"
            elif text.startswith("<!--"):
                closing = "-->"
            elif text.startswith("<!"):
                return "dtd"
            else:
                return "ok"  # the root element (or text a parser will refuse)
        chunk = fh.read(_CHUNK)
        if not chunk:
            tail = text.lstrip(" \t\r\n") + decoder.decode(b"", final=True)
            return "dtd" if closing is None and tail.startswith("<!") else "ok"
        text += decoder.decode(chunk)


def check_xml_total(zf: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Refuse a container whose XML parts together declare more than the limit, for a reader
    that parses every part (python-docx). A part is XML by its name or by the content type
    ``[Content_Types].xml`` gives it (a header can be named ``image.png``). Run after
    :func:`open_office_zip`, which has bounded ``[Content_Types].xml`` and refused any DTD."""
    from lxml import etree

    types: dict[str, str] = {}  # "/word/x.png" or ".png" -> content type
    try:
        info = zf.getinfo("[Content_Types].xml")
    except KeyError:
        info = None
    if info is not None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        try:
            root = etree.fromstring(read_member(zf, info, name, limits), parser)
        except etree.XMLSyntaxError as exc:
            raise InputError(name, f"the document is corrupt ([Content_Types].xml: {exc})") from exc
        for el in root:
            if el.get("PartName"):
                types[el.get("PartName", "").lower()] = el.get("ContentType", "")
            elif el.get("Extension"):
                types["." + el.get("Extension", "").lower()] = el.get("ContentType", "")
    total = 0
    for info in zf.infolist():
        lower = info.filename.lower()
        kind = types.get("/" + lower) or types.get(posixpath.splitext(lower)[1], "")
        if lower.endswith(_XML_SUFFIXES) or "xml" in kind.lower():
            total += info.file_size
    if total > limits.max_xml_total_bytes:
        raise InputError(
            name,
            f"its XML parts unpack to {total // _MB} MB together, over the "
            f"{limits.max_xml_total_bytes // _MB} MB limit for parsing them all",
        )


def open_office_zip(data: bytes, name: str, limits: Limits) -> zipfile.ZipFile:
    """Open a .docx/.odt container after the size, bomb and entity checks."""
    import io

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(
            name, "the file is corrupt or truncated (not a valid zip container)"
        ) from exc
    check_zip_limits(zf, name, limits)
    check_office_xml(zf, name, limits)
    return zf


# A stream keyword (not "endstream") and its end of line; the stream's bytes start after it.
_PDF_STREAM = lazyre.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_PDF_NOT_PARSED = lazyre.compile(
    rb"/Subtype\s*/Image\b|/Type\s*/EmbeddedFile\b|/Type\s*/Metadata\b"
)


def check_pdf_streams(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a PDF holding a compressed stream that PDFium would have to parse (page content,
    forms, fonts, object streams; images and attachments aside) and that decodes to more than
    ``limits.max_pdf_stream_bytes``. Streams are decoded a piece at a time through their
    filters (Flate, LZW, RunLength and the ASCII encodings, also chained) and never kept, so
    this takes bounded memory."""
    from tendercheck.documents.pdf_filters import decoders, slices

    for match in _PDF_STREAM.finditer(data):
        start = match.start()
        obj = data.rfind(b"obj", max(0, start - 4096), start)
        header = data[obj if obj >= 0 else max(0, start - 4096) : start]
        if _PDF_NOT_PARSED.search(header):
            continue
        chain = decoders(header)
        if not chain:
            continue
        size = 0
        pieces: Iterable[bytes] = slices(data, match.end())
        for decode in chain:
            pieces = decode(pieces)
        for piece in pieces:
            size += len(piece)
            if size > limits.max_pdf_stream_bytes:
                raise InputError(
                    name,
                    f"a compressed stream in the PDF inflates to over "
                    f"{limits.max_pdf_stream_bytes // _MB} MB (byte {start}), over the limit for"
                    " one stream; refusing to read it (possible decompression bomb)",
                )
