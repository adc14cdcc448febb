"""Whole packs as users give them: the real 73-file G-Cloud 15 folder, the same as a zip, and
`tendercheck inspect` output on the fixtures (headings, pages, tables)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendercheck.cli import main
from tendercheck.documents import read_pack

from .helpers import CORPUS, FIXTURES

PACK = CORPUS / "gcloud15-pack"
needs_pack = pytest.mark.skipif(
    not PACK.is_dir(), reason="../shared/corpus/gcloud15-pack is absent"
)


@pytest.fixture(scope="module")
def gcloud():
    return read_pack([PACK])


def names(pack) -> list[str]:
    return [d.name for d in pack.documents]


@needs_pack
def test_pack_order_puts_instructions_then_specifications_before_terms(gcloud) -> None:
    order = names(gcloud)
    assert order[0] == "RM1557.15-Attachment-2-How-to-tender-v5.0.docx"
    spec = order.index("Framework-Schedule-1-Specification-RM1557.15-v2.1.docx")
    terms = order.index("CCS-General-Terms-RM1557.15-v1.2.docx")
    call_off = order.index("Call-Off-Schedule-1-Intellectual-Property-Rights-RM1557.15-v1.0.docx")
    assert spec < call_off and spec < terms
    # Natural order within a role: Schedule 2 before Schedule 10.
    assert order.index("Call-Off-Schedule-2-Staff-Transfer-RM1557.15-v1.0.docx") < order.index(
        "Call-Off-Schedule-10-Exit-Management-RM1557.15-v1.0.docx"
    )


@needs_pack
def test_pack_skips_spreadsheets_with_the_reason(gcloud) -> None:
    skipped = {s.name: s for s in gcloud.skipped}
    item = skipped["RM1557.15-G-Cloud-question-export.xlsx"]
    assert "spreadsheet (.xlsx) is not read" in item.reason
    assert not item.error
    assert all(name.endswith(".xlsx") for name in skipped)
    assert len(gcloud.documents) == 68


@needs_pack
def test_pack_documents_keep_their_headings_pages_and_tables(gcloud) -> None:
    docs = {d.name: d for d in gcloud.documents}
    itt = docs["RM1557.15-Attachment-2-How-to-tender-v5.0.docx"]
    timelines = next(b for b in itt.headings if b.text == "Timelines")
    assert timelines.label == "2."
    assert (timelines.level, timelines.page) == (1, 3)
    table = next(b for b in itt.tables if b.index > timelines.index)
    assert table.rows[0][1] == "23/10/2025"
    assert table.rows[2] == [
        "Deadline for submission of clarification questions",
        "15:00 12/12/2025",
    ]
    insurance = docs["Joint-Schedule-3-Insurance-Requirements-RM1557.15-v1.0.docx"]
    annex = next(b for b in insurance.headings if b.text == "ANNEX: REQUIRED INSURANCES")
    assert (annex.level, annex.page) == (2, 4) and not insurance.pages_estimated
    assert insurance.headings[0].text == "The insurance you need to have"
    assert insurance.headings[0].label == "1."
    spec = docs["Framework-Schedule-1-Specification-RM1557.15-v2.1.docx"]
    assert spec.headings[0].text == "Framework Schedule 1 (Specification)"
    odt = docs["Framework_Schedule_6_-_Order_Form_Template_v1.0_PA.odt"]
    assert odt.format == "odt"
    signature = odt.tables[-1]
    assert signature.rows[0][0] == "For and on behalf of the Supplier:"
    assert signature.rows[1][0] == "Signature:"


@needs_pack
def test_pack_as_zip_reads_the_same_documents(tmp_path: Path) -> None:
    members = [
        "RM1557.15-Attachment-2-How-to-tender-v5.0.docx",
        "Joint-Schedule-3-Insurance-Requirements-RM1557.15-v1.0.docx",
        "RM1557.15-G-Cloud-question-export.xlsx",
        "Framework_Schedule_6_-_Order_Form_Template_v1.0_PA.odt",
    ]
    archive = tmp_path / "gcloud-part.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in members:
            zf.write(PACK / name, f"G-Cloud 15/{name}")
    folder = tmp_path / "folder"
    folder.mkdir()
    for name in members:
        shutil.copy(PACK / name, folder / name)
    from_zip = read_pack([archive])
    from_folder = read_pack([folder])
    assert [d.name.split("/")[-1] for d in from_zip.documents] == names(from_folder)
    assert [d.pages for d in from_zip.documents] == [d.pages for d in from_folder.documents]
    assert from_zip.documents[0].path == f"{archive}!G-Cloud 15/{members[0]}"
    assert [s.name for s in from_zip.skipped] == [f"G-Cloud 15/{members[2]}"]


def test_inspect_shows_headings_pages_and_tables_of_a_fixture() -> None:
    result = CliRunner().invoke(
        main, ["inspect", str(FIXTURES / "nhs-community-wellbeing-spec.docx")]
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "nhs-community-wellbeing-spec.docx  docx, 10 pages," in out
    assert "(estimated)" not in out.splitlines()[1]
    lines = out.splitlines()
    assert any(
        line.strip().startswith("p3") and "H1 2. Service specification" in line for line in lines
    ), out[:3000]
    assert "TABLE" in out


def test_inspect_json_is_the_document_model() -> None:
    import json

    result = CliRunner().invoke(
        main, ["inspect", str(FIXTURES / "county-council-homecare-itt.pdf"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    model = json.loads(result.output)
    doc = model["documents"][0]
    assert doc["format"] == "pdf" and doc["pages"] == 52 and doc["pages_estimated"] is False
    kinds = {b["kind"] for b in doc["blocks"]}
    assert {"heading", "paragraph", "table"} <= kinds
    table = next(b for b in doc["blocks"] if b["kind"] == "table")
    assert table["rows"] and all(isinstance(c, str) for c in table["rows"][0])
