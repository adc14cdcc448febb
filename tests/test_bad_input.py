"""Bad input: every hostile or broken file gets one line naming it and exit code 2, quickly.

The hostile files are built here, in tmp_path. Inputs are hashed before and after to prove
they are never modified, and folders are listed to prove nothing is written beside them.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendercheck.cli import main
from tendercheck.documents import Limits, read_pack
from tendercheck.errors import InputError

from .helpers import make_docx_bytes


def run_cli(*args: str):
    runner = CliRunner()
    start = time.monotonic()
    result = runner.invoke(main, list(args), catch_exceptions=False)
    return result, time.monotonic() - start


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(path: Path, *needles: str, seconds: float = 10.0) -> str:
    """The CLI refuses ``path`` with exit 2 and one line naming it, within ``seconds``."""
    before = sha(path) if path.is_file() else None
    listing = sorted(p.name for p in path.parent.iterdir())
    result, elapsed = run_cli("inspect", str(path))
    assert result.exit_code == 2, result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in lines[0].lower(), lines[0]
    assert elapsed < seconds
    if before is not None:
        assert sha(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == listing
    return lines[0]


@pytest.mark.parametrize("name", ["empty.docx", "empty.pdf", "empty.txt", "empty.zip", "blank.md"])
def test_empty_files_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"" if not name.startswith("blank") else b"  \n\n\t\n")
    assert_refused(path, "empty")


def test_missing_file(tmp_path: Path) -> None:
    result, _ = run_cli("inspect", str(tmp_path / "nope.docx"))
    assert result.exit_code == 2
    assert "nope.docx: no such file" in result.stderr


def test_wrong_extension_is_sniffed(tmp_path: Path) -> None:
    # A Word document saved with a .pdf name is read as Word, by its content.
    path = tmp_path / "really-a-word-file.pdf"
    path.write_bytes(make_docx_bytes([("Heading 1", "Specification"), (None, "We need cleaning.")]))
    result, _ = run_cli("inspect", str(path))
    assert result.exit_code == 0, result.output
    assert "docx" in result.output
    assert "H1 Specification" in result.output


def test_binary_junk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.docx"
    path.write_bytes(bytes(range(256)) * 40)
    assert_refused(path, "not a document")


def test_truncated_docx_is_refused(tmp_path: Path) -> None:
    data = make_docx_bytes([(None, "Some text " * 200)])
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    assert_refused(path, "corrupt")


def test_zip_that_is_not_a_word_file_named_docx(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.bin", b"\x00\x01\x02")
    path = tmp_path / "fake.docx"
    path.write_bytes(buf.getvalue())
    # Read as a zip pack with nothing readable in it.
    assert_refused(path, "no readable tender documents")


def test_password_protected_docx_is_refused(tmp_path: Path) -> None:
    msoffcrypto = pytest.importorskip("msoffcrypto", reason="msoffcrypto-tool builds the file")
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO(make_docx_bytes([(None, "Confidential tender")]))
    out = io.BytesIO()
    OOXMLFile(plain).encrypt("secret", out)
    assert msoffcrypto is not None
    path = tmp_path / "locked.docx"
    path.write_bytes(out.getvalue())
    assert_refused(path, "password-protected")


def test_xml_entity_expansion_is_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = tmp_path / "bomb.docx"
    path.write_bytes(_replace_member(make_docx_bytes([(None, "x")]), "word/document.xml", bomb))
    assert_refused(path, "entit")


def test_external_entity_is_refused_and_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = tmp_path / "xxe.docx"
    path.write_bytes(_replace_member(make_docx_bytes([(None, "x")]), "word/document.xml", xxe))
    line = assert_refused(path, "entit")
    assert "TOP-SECRET" not in line


def test_zip_bomb_by_ratio_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("spec.txt", b"0" * (40 * 1024 * 1024))
    assert_refused(path, "zip bomb")


def test_zip_bomb_inside_a_docx_is_refused(tmp_path: Path) -> None:
    huge = (
        '<?xml version="1.0"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>"
        + "a" * (30 * 1024 * 1024)
        + "</w:t></w:r></w:p></w:body></w:document>"
    )
    path = tmp_path / "docx-bomb.docx"
    path.write_bytes(_replace_member(make_docx_bytes([(None, "x")]), "word/document.xml", huge))
    assert_refused(path, "zip bomb")


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as fh:  # sparse: instant to make, never read
        fh.write(b"%PDF-1.7\n")
        fh.truncate(200 * 1024 * 1024)
    assert_refused(path, "limit")


def test_size_limits_are_configurable() -> None:
    data_dir = Path(__file__).parent
    with pytest.raises(InputError, match="limit"):
        read_pack([data_dir / "test_bad_input.py"], Limits(max_file_bytes=100))


def test_zip_slip_members_are_never_written(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    path = work / "pack.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../escaped.md", "# Escaped\n\nI should never be written.")
        zf.writestr("/abs/evil.md", "# Absolute\n")
        zf.writestr("good/spec.md", "# Specification\n\nWe need grounds maintenance.")
    before = {p for p in tmp_path.rglob("*")}
    result, _ = run_cli("inspect", str(path))
    assert result.exit_code == 0, result.output
    assert "H1 Specification" in result.output
    assert "../escaped.md: error: unsafe path" in result.output
    assert "/abs/evil.md: error: unsafe path" in result.output
    assert {p for p in tmp_path.rglob("*")} == before
    assert not (tmp_path / "escaped.md").exists()


def test_folder_with_one_bad_file_reads_the_rest(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "01 Invitation.md").write_text("# Invitation to tender\n\nPlease bid.\n")
    (pack / "02 Specification.docx").write_bytes(
        make_docx_bytes([("Heading 1", "Specification"), (None, "Clean the hall weekly.")])
    )
    (pack / "03 Broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> garbage")
    (pack / "04 Pricing.xlsx").write_bytes(_minimal_xlsx())
    (pack / "05 Empty.docx").write_bytes(b"")
    result, _ = run_cli("inspect", str(pack))
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("01 Invitation.md") < out.index("02 Specification.docx")
    assert "03 Broken.pdf: error:" in out
    assert "04 Pricing.xlsx: skipped: spreadsheet (.xlsx) is not read" in out
    assert "05 Empty.docx: error: the file is empty" in out


def test_folder_of_only_bad_files_is_an_error(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "a.docx").write_bytes(b"")
    (pack / "b.xlsx").write_bytes(_minimal_xlsx())
    result, _ = run_cli("inspect", str(pack))
    assert result.exit_code == 2
    assert str(pack) in result.stderr and "no readable tender documents" in result.stderr


def test_nested_zip_read_one_level_deep(tmp_path: Path) -> None:
    inner2 = io.BytesIO()
    with zipfile.ZipFile(inner2, "w") as zf:
        zf.writestr("deep.md", "# Too deep\n")
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("inner-spec.md", "# Inner specification\n")
        zf.writestr("deeper.zip", inner2.getvalue())
    path = tmp_path / "outer.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("1 ITT.md", "# Instructions\n")
        zf.writestr("annexes.zip", inner.getvalue())
    result, _ = run_cli("inspect", str(path))
    assert result.exit_code == 0, result.output
    assert "H1 Instructions" in result.output
    assert "H1 Inner specification" in result.output
    assert "Too deep" not in result.output
    assert "annexes.zip/deeper.zip: skipped: zip nested more than one level" in result.output


def test_password_protected_zip_member(tmp_path: Path) -> None:
    # zipfile cannot write encrypted members; flip the encryption flag on a stored member.
    path = tmp_path / "locked.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("spec.md", "# Specification\n")
        zf.writestr("other.md", "# Other\n")
    raw = bytearray(path.read_bytes())
    local = raw.find(b"PK\x03\x04")
    raw[local + 6] |= 0x01
    central = raw.find(b"PK\x01\x02")
    raw[central + 8] |= 0x01
    path.write_bytes(bytes(raw))
    result, _ = run_cli("inspect", str(path))
    assert result.exit_code == 0, result.output
    assert "spec.md: error:" in result.output and "password-protected" in result.output
    assert "H1 Other" in result.output


def test_legacy_doc_without_libreoffice_says_how_to_convert(tmp_path: Path, monkeypatch) -> None:
    doc = _legacy_doc(tmp_path)
    monkeypatch.setattr("tendercheck.documents.legacy.find_soffice", lambda: None)
    line = assert_refused(doc, "soffice --headless --convert-to docx")
    assert "legacy word .doc" in line.lower()


def test_legacy_doc_is_converted_with_libreoffice(tmp_path: Path) -> None:
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed")
    doc = _legacy_doc(tmp_path)
    before = sha(doc)
    result, _ = run_cli("inspect", str(doc))
    assert result.exit_code == 0, result.output
    assert "Statement of requirements" in result.output
    assert sha(doc) == before


def _legacy_doc(tmp_path: Path) -> Path:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "legacy-word-97.doc"
    target = tmp_path / "old-tender.doc"
    shutil.copyfile(fixture, target)
    return target


def _replace_member(docx: bytes, member: str, content: str) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = content.encode() if info.filename == member else src.read(info)
            dst.writestr(info.filename, data)
    return out.getvalue()


def _minimal_xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


def test_stored_zip_holding_a_pdf_is_a_zip(tmp_path: Path) -> None:
    pdf = tmp_path / "spec.pdf"
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(pdf))
    c.drawString(72, 700, "Specification: grounds maintenance for the parish.")
    c.save()
    path = tmp_path / "pack.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.write(pdf, "spec.pdf")
        zf.writestr("notes.md", "# Notes\n")
    result, _ = run_cli("inspect", str(path))
    assert result.exit_code == 0, result.output
    assert "[1] notes.md" in result.output or "[2] notes.md" in result.output
    assert "spec.pdf  pdf" in result.output


@pytest.mark.parametrize(
    ("name", "content"),
    [("notice.json", '{"releases": []}'), ("opportunities.csv", "buyer,value\nCouncil,1000\n")],
)
def test_data_files_are_not_read_as_tender_text(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    assert_refused(path, "not a tender document", "--notice")
