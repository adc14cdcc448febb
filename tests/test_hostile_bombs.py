"""Memory and time bombs: each hostile input is built here, small, in tmp_path, and the real CLI
runs on it in a child process limited to 1 GB of address space and 60 s. Each run ends with a
correct report (exit 0/1) or with exit 2 and one line naming the file and the reason; the input
is never modified."""

from __future__ import annotations

import hashlib
import io
import json
import os
import resource
import signal
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from .helpers import make_docx_bytes

GB = 1024**3
ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
)


def _one_gigabyte() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (GB, GB))


def run_bounded(tmp_path: Path, *args: str, seconds: float = 60.0):
    """The CLI in a child process under RLIMIT_AS = 1 GB; (returncode, stdout, stderr, secs)."""
    env = dict(os.environ, TENDERCHECK_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("TENDERCHECK_DEBUG", None)
    start = time.monotonic()
    with subprocess.Popen(
        [sys.executable, "-m", "tendercheck", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_one_gigabyte,
        env=env,
        cwd=tmp_path,
        start_new_session=True,  # its worker processes too are ended on a timeout
    ) as child:
        try:
            out, err = child.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            raise
    return child.returncode, out, err, time.monotonic() - start


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(tmp_path: Path, path: Path, *needles: str, command: str = "inspect") -> str:
    """Exit 2 with one stderr line naming ``path`` and holding each needle; input unchanged."""
    before = sha(path)
    code, out, err, elapsed = run_bounded(tmp_path, command, str(path))
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2, (code, out[-2000:], err[-2000:])
    assert len(lines) == 1, err
    assert str(path) in lines[0]
    assert "Traceback" not in err + out
    for needle in needles:
        assert needle in lines[0].lower(), lines[0]
    assert elapsed < 60
    assert sha(path) == before
    return lines[0]


def odt_bytes(body: str, mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    content = (
        f"<office:document-content {ODT_NS}><office:body><office:text>{body}"
        "</office:text></office:body></office:document-content>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


# 1. .odt tables: repeated rows and columns, nested three deep ---------------------------------


def test_odt_repeated_nested_tables_are_capped(tmp_path: Path) -> None:
    inner = "<text:p>Cleaning services must be delivered weekly.</text:p>"
    for _ in range(3):
        inner = (
            '<table:table><table:table-row table:number-rows-repeated="1000">'
            f'<table:table-cell table:number-columns-repeated="1000">{inner}</table:table-cell>'
            "</table:table-row></table:table>"
        )
    path = tmp_path / "tables.odt"
    path.write_bytes(odt_bytes(f'<text:h text:outline-level="1">Specification</text:h>{inner}'))
    assert path.stat().st_size < 2048
    assert_refused(tmp_path, path, "cells", "table bomb")


# 2. A zip member of 2 GiB of zeros: limits are checked before any member is read --------------

_MB = 1024 * 1024


@pytest.fixture(scope="module")
def zeros_2gib() -> tuple[bytes, int, int]:
    """(raw deflate stream, CRC-32, size) for 2 GiB of zeros: about 2 MB, built in a second.

    After a full flush the compressor starts afresh, so each further megabyte of zeros
    compresses to the same bytes and the stream is those bytes repeated."""
    chunk = bytes(_MB)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    stream = first + again * 2047 + comp.flush()
    crc = 0
    for _ in range(2048):
        crc = zlib.crc32(chunk, crc)
    return stream, crc, 2048 * _MB


def raw_zip(entries: list[tuple[str, bytes | tuple[bytes, int, int]]]) -> bytes:
    """A zip built by hand: each entry is (name, data) deflated here, or (name, (deflate stream,
    crc, size)) already deflated."""
    out = io.BytesIO()
    central = []
    for name, data in entries:
        if isinstance(data, tuple):
            stream, crc, size = data
        else:
            comp = zlib.compressobj(9, zlib.DEFLATED, -15)
            stream = comp.compress(data) + comp.flush()
            crc, size = zlib.crc32(data), len(data)
        encoded = name.encode()
        offset = out.tell()
        head = (0x21, 0x21, crc, len(stream), size, len(encoded), 0)
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, *head) + encoded + stream)
        central.append(
            struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, *head, 0, 0, 0, 0, offset)
            + encoded
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    count = len(central)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), start, 0))
    return out.getvalue()


ODT_CONTENT = (
    f"<office:document-content {ODT_NS}><office:body><office:text>"
    "<text:p>The supplier must clean the offices weekly.</text:p>"
    "</office:text></office:body></office:document-content>"
).encode()
DOCX = make_docx_bytes([("Heading 1", "Specification"), (None, "We need cleaning weekly.")])


@pytest.mark.parametrize(
    "name, members",
    [
        # .odt: the mimetype member, which sniffing reads to tell an .odt from a zip
        ("mimetype.odt", lambda bomb: [("mimetype", bomb), ("content.xml", ODT_CONTENT)]),
        # a .docx without [Content_Types].xml is sniffed by its mimetype too
        ("no-types.docx", lambda bomb: [("mimetype", bomb), ("word/document.xml", b"<w/>")]),
        # a zip pack: a readable document and a member of zeros
        ("pack.zip", lambda bomb: [("1-itt.md", b"# ITT\n\nBids by noon."), ("mimetype", bomb)]),
    ],
)
def test_zip_member_of_zeros_is_refused_before_it_is_read(
    tmp_path: Path, zeros_2gib, name: str, members
) -> None:
    path = tmp_path / name
    path.write_bytes(raw_zip(members(zeros_2gib)))
    assert path.stat().st_size < 3 * _MB
    assert_refused(tmp_path, path, "zip bomb", "mimetype")


def test_zip_of_zeros_nested_in_a_pack_is_skipped_and_the_rest_read(
    tmp_path: Path, zeros_2gib
) -> None:
    inner = raw_zip([("mimetype", zeros_2gib), ("content.xml", ODT_CONTENT)])
    path = tmp_path / "pack.zip"
    with zipfile.ZipFile(path, "w") as zf:  # stored: the outer zip itself is no bomb
        zf.writestr("1-specification.docx", DOCX)
        zf.writestr("2-annex.odt", inner)
    before = sha(path)
    code, out, err, _ = run_bounded(tmp_path, "inspect", str(path))
    assert code == 0, (out[-2000:], err[-2000:])
    assert "H1 Specification" in out
    skipped = [ln for ln in out.splitlines() if "2-annex.odt" in ln]
    assert skipped and "zip bomb" in skipped[0], out
    assert sha(path) == before


# 3. A 280 MB document.xml at over 100:1: refused by its declared size before it is parsed ------


def xml_stream(head: bytes, paragraph: str, tail: bytes, megabytes: int):
    """(deflate stream, crc, size) of ``head``, ~``megabytes`` MB of numbered paragraphs and
    ``tail``: a 12 KB block of paragraphs repeated, so it compresses at about 100:1 to 140:1 (under the
    150:1 ratio limit), built a megabyte at a time with full flushes."""
    block, number = b"", 0
    while len(block) < 12000:
        number += 1
        block += paragraph.format(number).encode()
    chunk = block * (_MB // len(block))
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = comp.compress(head + chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    stream = first + again * (megabytes - 1) + comp.compress(tail) + comp.flush()
    crc = zlib.crc32(head + chunk)
    for _ in range(megabytes - 1):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return stream, crc, len(head) + len(chunk) * megabytes + len(tail)


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
W_PARA = "<w:p><w:r><w:t>{}. The supplier must clean every office weekly.</w:t></w:r></w:p>"


def docx_with_document_xml(document_xml) -> bytes:
    """The parts of a python-docx document, with word/document.xml replaced."""
    with zipfile.ZipFile(io.BytesIO(DOCX)) as zf:
        parts = [(i.filename, zf.read(i)) for i in zf.infolist()]
    return raw_zip([(n, document_xml if n == "word/document.xml" else d) for n, d in parts])


def test_huge_document_xml_is_refused_before_parsing(tmp_path: Path) -> None:
    head = f"<w:document {W_NS}><w:body>".encode()
    stream = xml_stream(head, W_PARA, b"</w:body></w:document>", 280)
    assert 100 < stream[2] / len(stream[0]) < 150  # passes the zip ratio limit
    path = tmp_path / "huge.docx"
    path.write_bytes(docx_with_document_xml(stream))
    assert path.stat().st_size < 3 * _MB
    assert_refused(tmp_path, path, "word/document.xml", "mb of xml", "64 mb limit")


def test_huge_odt_content_xml_is_refused_before_parsing(tmp_path: Path) -> None:
    head = f"<office:document-content {ODT_NS}><office:body><office:text>".encode()
    tail = b"</office:text></office:body></office:document-content>"
    stream = xml_stream(head, "<text:p>{}. Clean every office weekly.</text:p>", tail, 280)
    path = tmp_path / "huge.odt"
    mimetype = b"application/vnd.oasis.opendocument.text"
    path.write_bytes(raw_zip([("mimetype", mimetype), ("content.xml", stream)]))
    assert_refused(tmp_path, path, "content.xml", "mb of xml")


# 4. --annotate: python-docx parses every part, so it gets the reading limits too ---------------

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HEADER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"


def test_annotate_refuses_a_docx_whose_parts_are_too_big_to_parse(tmp_path: Path) -> None:
    """Four 60 MB headers (each under the part limit, and never parsed by the reader): the
    report is written, and the copy is refused with the reason instead of parsing 240 MB."""
    head = f"<w:hdr {W_NS}>".encode()
    header = xml_stream(head, W_PARA, b"</w:hdr>", 60)
    with zipfile.ZipFile(FIXTURES / "council-cleaning-itt.docx") as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    types = parts["[Content_Types].xml"].decode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    for n in range(1, 5):
        types = types.replace(
            "</Types>",
            f'<Override PartName="/word/hdr{n}.xml" ContentType="{HEADER_TYPE}"/></Types>',
        )
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Id="rIdH{n}" Type="{HEADER_REL}" Target="hdr{n}.xml"/></Relationships>',
        )
    parts["[Content_Types].xml"], parts["word/_rels/document.xml.rels"] = (
        types.encode(),
        rels.encode(),
    )
    entries = [*parts.items(), *((f"word/hdr{n}.xml", header) for n in range(1, 5))]
    path = tmp_path / "headers.docx"
    path.write_bytes(raw_zip(entries))
    assert path.stat().st_size < 3 * _MB
    before = sha(path)
    code, _out, err, elapsed = run_bounded(
        tmp_path, str(path), "--annotate", "-f", "json", "-o", "r.json"
    )
    assert code == 1, (code, err[-2000:])  # the example tender's findings
    assert (tmp_path / "r.json").is_file()
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert str(path) in lines[0] and "could not be annotated" in lines[0]
    assert "xml parts unpack to 240 mb together" in lines[0].lower(), lines[0]
    assert lines[0].count(str(path)) == 1
    assert not (tmp_path / "headers.tendercheck.docx").exists()
    assert sha(path) == before
    assert elapsed < 60


# 5. A PDF whose page content inflates to 250 MB (PDFium took 4.5 GB, then aborted) -------------


def pdf_with_content(stream: bytes, filters: str) -> bytes:
    """A one-page PDF whose content stream is ``stream`` (already compressed by ``filters``)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(stream), filters.encode())
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def content_stream(megabytes: int) -> bytes:
    """A zlib stream of a line of text and ~``megabytes`` MB of tiny line drawings."""
    head = b"BT /F1 12 Tf 72 720 Td (The supplier must clean the offices weekly.) Tj ET\n"
    draw = b"0 0 m 1 1 l S\n"
    chunk = draw * (_MB // len(draw))
    comp = zlib.compressobj(9)
    first = comp.compress(head + chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    return first + again * (megabytes - 1) + comp.flush()


def test_a_small_pdf_reads_and_the_stream_check_lets_it_through(tmp_path: Path) -> None:
    path = tmp_path / "small.pdf"
    path.write_bytes(pdf_with_content(content_stream(1), "/FlateDecode"))
    code, out, err, _ = run_bounded(tmp_path, "inspect", str(path))
    assert code == 0, err
    assert "1 page" in out


@pytest.mark.parametrize("chained", [False, True])
def test_pdf_content_stream_bomb_is_refused(tmp_path: Path, chained: bool) -> None:
    stream, filters = content_stream(250), "/FlateDecode"
    if chained:  # compressed twice: the file is tiny, the first inflation small
        stream, filters = zlib.compress(stream, 9), "[/FlateDecode /FlateDecode]"
    path = tmp_path / "content.pdf"
    path.write_bytes(pdf_with_content(stream, filters))
    assert path.stat().st_size < _MB
    assert_refused(tmp_path, path, "inflates to over 32 mb", "decompression bomb")


# 6. A folder pack whose reading worker dies: a failed file, never a hang ------------------------

# The real CLI, with the folder reader's worker made to die on one file (as PDFium aborting, or
# the kernel's out-of-memory killer, would kill it).
CRASHING_CLI = """
import os, signal, sys
from tendercheck.documents import pack
from tendercheck.cli import main

real = pack._read_folder_file

def read(limits, item):
    if item[0] == "2-crash.md":
        os.kill(os.getpid(), signal.SIGKILL)
    return real(limits, item)

pack._read_folder_file = read
main(sys.argv[1:])
"""


def test_a_dead_reading_worker_is_a_failed_file_not_a_hang(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "1-itt.md").write_text("# Invitation to tender\n\nBids are due by noon.\n")
    (folder / "2-crash.md").write_text("# Annex\n\nThis file's worker dies.\n")
    (folder / "3-specification.md").write_text("# Specification\n\nClean the offices.\n")
    before = {p.name: sha(p) for p in folder.iterdir()}
    env = dict(os.environ, TENDERCHECK_CACHE_DIR=str(tmp_path / "cache"))
    with subprocess.Popen(
        [sys.executable, "-c", CRASHING_CLI, str(folder), "-f", "text", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
        start_new_session=True,
    ) as child:
        try:
            stdout, stderr = child.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            pytest.fail("the pack hung on a dead worker")
    assert child.returncode in (0, 1), stderr
    assert "tendercheck: 2 document(s)" in stdout, stdout
    crashed = [ln for ln in stdout.splitlines() if "2-crash.md" in ln]
    assert crashed and "worker process died" in crashed[0] and "SIGKILL" in crashed[0], stdout
    assert "Traceback" not in stderr
    assert {p.name: sha(p) for p in folder.iterdir()} == before


# 7. Text that makes regexes or the tokenizer slow, and a paragraph too long for spaCy -----------


def test_markdown_heading_with_a_run_of_spaces_is_read_at_once(tmp_path: Path) -> None:
    path = tmp_path / "spaces.md"
    path.write_text("# a" + " " * 6000 + "b\n\nThe supplier must clean the offices.\n")
    before = sha(path)
    code, out, err, elapsed = run_bounded(tmp_path, "inspect", str(path), seconds=30)
    assert code == 0, err
    assert "H1 a b" in " ".join(out.split())
    assert elapsed < 30
    assert sha(path) == before


def test_a_run_of_punctuation_is_cut_and_the_reading_notes_say_so(tmp_path: Path) -> None:
    path = tmp_path / "punctuation.md"
    path.write_text(
        "# Specification\n\nThe supplier must clean the offices weekly.\n\n"
        + "!?(" * 10_000
        + "\n\nBids are due by noon on 1 June 2026.\n"
    )
    before = sha(path)
    code, _out, err, elapsed = run_bounded(tmp_path, str(path), "-f", "json", "-o", "r.json")
    assert code in (0, 1), err
    assert elapsed < 30  # the tokenizer took 78 s on such a run
    code, out, err, _ = run_bounded(tmp_path, "inspect", str(path))
    assert code == 0, err
    assert "1 run(s) of more than 1,000 punctuation marks or symbols were cut to 32" in out
    assert sha(path) == before


def test_a_paragraph_over_a_million_characters_is_split(tmp_path: Path) -> None:
    path = tmp_path / "long.md"  # one sentence, so the analysis stays quick
    path.write_text("# Specification\n\nThe supplier must do " + "cleaning " * 117_000 + "\n")
    before = sha(path)
    code, _out, err, elapsed = run_bounded(tmp_path, str(path), "-f", "json", "-o", "r.json")
    assert code in (0, 1), err  # spaCy refused it (E088): an internal error, exit 3
    assert json.loads((tmp_path / "r.json").read_text())["inputs"][0]["documents"]
    assert elapsed < 30
    code, out, err, _ = run_bounded(tmp_path, "inspect", str(path))
    assert "1 paragraph(s) or table row(s) longer than 100,000 characters were split" in out
    assert sha(path) == before


def test_a_markdown_line_of_brackets_is_read_at_once(tmp_path: Path) -> None:
    path = tmp_path / "brackets.md"  # each "[" made the link pattern scan to the line's end
    path.write_text("# Specification\n\n" + "[a " * 50_000 + "\n")
    code, _out, err, elapsed = run_bounded(tmp_path, "inspect", str(path), seconds=30)
    assert code == 0, err
    assert elapsed < 10


# 8. batch: links out of the folder are not followed, devices and pipes are not read -------------


def test_batch_skips_links_out_of_the_folder_devices_and_pipes(tmp_path: Path) -> None:
    folder = tmp_path / "tenders"
    folder.mkdir()
    (folder / "a-cleaning.md").write_text("# Specification\n\nThe supplier must clean weekly.\n")
    outside = tmp_path / "private.md"
    outside.write_text("# Not a tender\n\nPrivate notes outside the batch folder.\n")
    (folder / "b-zero.md").symlink_to("/dev/zero")
    (folder / "c-outside.md").symlink_to(outside)
    os.mkfifo(folder / "d-pipe.md")
    before = {p: sha(p) for p in (folder / "a-cleaning.md", outside)}
    summary = tmp_path / "summary.json"
    code, out, err, elapsed = run_bounded(
        tmp_path, "batch", str(folder), "--summary", str(summary), "--jobs", "2"
    )
    assert code in (0, 1), err
    assert elapsed < 60
    rows = {Path(row["pack"]).name: row for row in json.loads(summary.read_text())}
    assert rows["a-cleaning.md"]["status"] == "checked"
    assert rows["b-zero.md"]["status"] == "skipped"
    assert "link out of the folder" in rows["b-zero.md"]["error"]
    assert rows["c-outside.md"]["status"] == "skipped"
    assert "link out of the folder" in rows["c-outside.md"]["error"]
    assert rows["d-pipe.md"]["status"] == "skipped"
    assert "device, pipe or socket" in rows["d-pipe.md"]["error"]
    assert "1 of 1 pack(s) checked" in out
    assert {p: sha(p) for p in before} == before


@pytest.mark.parametrize("kind", ["pipe", "device link"])
def test_a_pipe_or_device_given_as_the_input_is_refused(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "spec.md"
    if kind == "pipe":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    code, _out, err, elapsed = run_bounded(tmp_path, str(path), "-f", "json", seconds=30)
    assert code == 2, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and str(path) in lines[0] and "device, pipe or socket" in lines[0]
    assert elapsed < 30


def test_a_pipe_in_a_folder_pack_is_listed_as_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "1-specification.md").write_text("# Specification\n\nClean the offices weekly.\n")
    os.mkfifo(folder / "2-pipe.md")
    code, out, err, _ = run_bounded(tmp_path, "inspect", str(folder), seconds=30)
    assert code == 0, err
    assert "2-pipe.md" in out and "device, pipe or socket" in out, out


def test_pdf_page_drawing_one_stream_ten_times_is_refused_when_pdfium_dies(
    tmp_path: Path,
) -> None:
    """Each stream is under the limit, but the page draws one 30 MB stream ten times: PDFium
    runs out of memory and aborts, in a process of its own, and the PDF is refused."""
    pdf = pdf_with_content(content_stream(30), "/FlateDecode")
    path = tmp_path / "repeated.pdf"
    path.write_bytes(pdf.replace(b"/Contents 4 0 R", b"/Contents [" + b"4 0 R " * 10 + b"]"))
    assert_refused(tmp_path, path, "pdfium could not read the pdf", "ran out of memory or crashed")
