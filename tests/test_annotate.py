"""--annotate: a copy of each .docx with a Word comment on the paragraph behind each finding.

Copies are opened again with python-docx and each comment's anchored text (between its
commentRangeStart and commentRangeEnd) is compared with the evidence quotes of the JSON report
from the same run. Inputs are hashed before and after, and folders listed, to prove that only
the expected copy is written. Fixtures are copied to tmp_path first.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from tendercheck.cli import main
from tendercheck.documents import read_pack
from tendercheck.engine.model import Result, Rule, RuleResult, Score
from tendercheck.errors import InputError
from tendercheck.nlp.model import Analysis, Evidence
from tendercheck.report.annotate import annotate_documents
from tendercheck.report.annotate_anchor import BodyIndex, Placer, mark_range

from .helpers import CORPUS, FIXTURES

CLEANING = "council-cleaning-itt.docx"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


@dataclass
class Run:
    exit_code: int
    stderr: str
    report: dict


@dataclass
class Note:
    """One comment of an annotated copy: its text, author, initials, date and anchored text."""

    text: str
    author: str
    initials: str
    date: str
    anchored: str


def run_check(*args: str, env: dict | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args], catch_exceptions=False, env=env)
    return result.exit_code, result.stderr


def check_annotated(target: Path, report: Path, *more: str, env: dict | None = None) -> Run:
    code, stderr = run_check(
        str(target), "--annotate", "-f", "json", "-o", str(report), *more, env=env
    )
    data = json.loads(report.read_text("utf-8")) if report.exists() else {}
    return Run(code, stderr, data)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def squash(text: str) -> str:
    """Letters and digits only, case-folded (an oracle independent of the code under test)."""
    return re.sub(r"[\W_]+", "", text.replace("…", "").casefold())


def quote_pieces(quote: str) -> list[str]:
    """The quote, or its longest piece between table cells and list labels (the reader adds
    labels to cell text that the document's XML does not hold)."""
    pieces = [p for p in re.split(r" \| |(?:^|\s)\(?(?:\d{1,3}\.|[a-z]\))\s", quote) if p]
    return [quote, max(pieces, key=len)]


def notes(path: Path) -> list[Note]:
    document = docx.Document(str(path))
    spans: dict[str, list[str]] = {}
    open_ids: set[str] = set()
    for el in document.element.body.iter():
        if el.tag == qn("w:commentRangeStart"):
            open_ids.add(el.get(qn("w:id")))
            spans[el.get(qn("w:id"))] = []
        elif el.tag == qn("w:commentRangeEnd"):
            open_ids.discard(el.get(qn("w:id")))
        elif el.tag in (qn("w:t"), qn("w:tab")):
            for i in open_ids:
                spans[i].append(el.text or " ")
        elif el.tag == qn("w:p"):
            for i in open_ids:
                spans[i].append(" ")
    assert not open_ids, "a comment range is never closed"
    out = []
    for comment in document.comments:
        date = comment._comment_elm.get(qn("w:date"))  # no public reader for the raw value
        anchored = " ".join("".join(spans[str(comment.comment_id)]).split())
        out.append(Note(comment.text, comment.author, comment.initials, date, anchored))
    return out


def failed(report: dict) -> list[dict]:
    return [r for r in report["rules"] if r["status"] == "fail" and not r.get("waived")]


def assert_each_quote_anchored(report: dict, copy_notes: list[Note], document: str) -> int:
    """Every failing finding's evidence in ``document`` has a comment of its rule whose
    anchored text holds the quote. Returns how many evidence locations were checked."""
    checked = 0
    for rule in failed(report):
        mine = [n for n in copy_notes if n.text.startswith(rule["id"] + ": ")]
        for ev in rule["evidence"]:
            if ev["document"] != document:
                continue
            checked += 1
            wanted = [squash(p) for p in quote_pieces(ev["quote"])]
            assert any(any(w in squash(n.anchored) for w in wanted) for n in mine), (
                rule["id"],
                ev["quote"],
                [n.anchored[:80] for n in mine],
            )
    return checked


@pytest.fixture(scope="module", autouse=True)
def private_cache(tmp_path_factory):
    """Runs share a result cache of their own (and never write to the user's)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TENDERCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


# -- the cleaning ITT, checked once for the module ---------------------------------------------


@pytest.fixture(scope="module")
def cleaning(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("cleaning")
    original = folder / CLEANING
    shutil.copyfile(FIXTURES / CLEANING, original)
    before = sha(original)
    run = check_annotated(original, folder / "r.json", env={"SOURCE_DATE_EPOCH": EPOCH})
    copy = folder / "council-cleaning-itt.tendercheck.docx"
    return {
        "folder": folder,
        "original": original,
        "before": before,
        "after": sha(original),
        "run": run,
        "copy": copy,
        "listing": listing(folder),
        "notes": notes(copy),
    }


def test_copy_is_written_beside_the_input_and_nothing_else(cleaning) -> None:
    run = cleaning["run"]
    assert run.exit_code == 1, run.stderr  # the fixture has error-level findings
    assert cleaning["listing"] == {CLEANING, "council-cleaning-itt.tendercheck.docx", "r.json"}
    line = f"tendercheck: {cleaning['original']}: wrote {cleaning['copy']} ("
    assert line in run.stderr
    assert f"({len(cleaning['notes'])} comments)" in run.stderr


def test_original_is_unchanged(cleaning) -> None:
    assert cleaning["after"] == cleaning["before"] == sha(FIXTURES / CLEANING)


def test_insurance_finding_is_on_the_insurance_rows(cleaning) -> None:
    supplier06 = [n for n in cleaning["notes"] if n.text.startswith("SUPPLIER-06: ")]
    anchored = sorted(n.anchored for n in supplier06)
    assert anchored == [
        "Employer's liability £10,000,000 for each and every claim",
        "Public liability £10,000,000 for each and every claim",
    ]
    rule = next(r for r in cleaning["run"].report["rules"] if r["id"] == "SUPPLIER-06")
    note = supplier06[0]
    # Short: the rule, one line of the finding (its first clauses), and the fix's first sentence;
    # never the whole message.
    title, line, fix = note.text.split("\n")
    assert title == f"SUPPLIER-06: {rule['title']}"
    assert line.endswith("…") and rule["message"].startswith(line[:-1]) and len(line) <= 160
    assert (
        line
        == "Insurance demands are out of proportion: employers' liability of £10m, above the £5m legal minimum…"
    )
    assert fix.startswith("Fix: ") and rule["fix"].startswith(fix[5:].rstrip("…"))
    assert len(fix) <= 170
    assert rule["message"] not in note.text
    assert (note.author, note.initials) == ("tendercheck", "TC")
    assert note.date == "2026-01-01T00:00:00Z"  # SOURCE_DATE_EPOCH pins comment dates


def test_turnover_finding_is_on_its_paragraph(cleaning) -> None:
    supplier01 = [n.anchored for n in cleaning["notes"] if n.text.startswith("SUPPLIER-01: ")]
    assert supplier01 == [
        "Tenderers must have a minimum annual turnover of £5,000,000 in each of the last "
        "three financial years."
    ]


def test_every_quote_in_the_fixture_is_anchored(cleaning) -> None:
    report = cleaning["run"].report
    checked = assert_each_quote_anchored(report, cleaning["notes"], CLEANING)
    assert checked >= 20
    assert not [n.text for n in cleaning["notes"] if "Not found in the text" in n.text]


def rules_in(note: Note) -> set[str]:
    """The rule IDs a comment is about (the start comment names several, a line each)."""
    return set(re.findall(r"^([A-Z]+-\d+): ", note.text, re.M))


def test_only_failing_rules_get_comments(cleaning) -> None:
    failing = {r["id"] for r in failed(cleaning["run"].report)}
    commented = set().union(*(rules_in(n) for n in cleaning["notes"]))
    assert commented == failing


def test_findings_without_evidence_share_one_comment_at_the_start(cleaning) -> None:
    heading = read_pack([FIXTURES / CLEANING]).documents[0].headings[0].text
    assert heading == "BRACKENFORD DISTRICT COUNCIL"
    whole_pack = [r for r in failed(cleaning["run"].report) if not r["evidence"]]
    assert len(whole_pack) > 1, "the fixture should have findings about the whole pack"
    start = [n for n in cleaning["notes"] if n.text.startswith("tendercheck: ")]
    assert [n.anchored for n in start] == [heading]
    assert start[0].text.startswith(
        f"tendercheck: {len(whole_pack)} findings about the pack as a whole or other documents:\n"
    )
    assert rules_in(start[0]) == {r["id"] for r in whole_pack}
    for rule in whole_pack:
        assert f"\n{rule['id']}: {rule['title']}. " in start[0].text
        assert not [n for n in cleaning["notes"] if n.text.startswith(rule["id"] + ": ")]


@pytest.mark.slow
def test_copy_opens_in_libreoffice_with_every_comment(cleaning, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    for fmt in ("pdf", "fodt"):
        done = subprocess.run(
            [soffice, profile, "--headless", "--convert-to", fmt, "--outdir", str(tmp_path),
             str(cleaning["copy"])],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "council-cleaning-itt.tendercheck.pdf").stat().st_size > 10_000
    flat = (tmp_path / "council-cleaning-itt.tendercheck.fodt").read_text("utf-8")
    count = len(cleaning["notes"])
    assert len(re.findall(r"<office:annotation[ >]", flat)) == count
    assert len(re.findall(r"<office:annotation-end[ >]", flat)) == count


# -- replacing copies ------------------------------------------------------------------------


def test_existing_copy_needs_force(tmp_path: Path) -> None:
    original = tmp_path / CLEANING
    shutil.copyfile(FIXTURES / CLEANING, original)
    copy = tmp_path / "council-cleaning-itt.tendercheck.docx"
    copy.write_bytes(b"an older copy")
    run = check_annotated(original, tmp_path / "r.json")
    assert run.exit_code == 2
    assert run.stderr == f"tendercheck: error: {copy}: already exists; use --force to replace it\n"
    assert copy.read_bytes() == b"an older copy"
    assert listing(tmp_path) == {CLEANING, copy.name}  # no report either

    run = check_annotated(original, tmp_path / "r.json", "--force")
    assert run.exit_code == 1, run.stderr
    assert any(n.text.startswith("SUPPLIER-06: ") for n in notes(copy))
    assert listing(tmp_path) == {CLEANING, copy.name, "r.json"}
    assert sha(original) == sha(FIXTURES / CLEANING)


def test_copy_from_a_cached_analysis_goes_beside_this_input(cleaning, tmp_path: Path) -> None:
    """The result cache is keyed by content, so the analysis may record the paths of an earlier
    run elsewhere (here, the module's run): the copy must still be made from, and beside, the
    file given now."""
    original = tmp_path / CLEANING
    shutil.copyfile(FIXTURES / CLEANING, original)
    earlier = listing(cleaning["folder"])
    run = check_annotated(original, tmp_path / "r.json")
    assert run.exit_code == 1, run.stderr
    copy = tmp_path / "council-cleaning-itt.tendercheck.docx"
    assert run.stderr.startswith(f"tendercheck: {original}: wrote {copy} (")
    assert listing(tmp_path) == {CLEANING, copy.name, "r.json"}
    assert listing(cleaning["folder"]) == earlier
    assert any(n.text.startswith("SUPPLIER-06: ") for n in notes(copy))


def test_copies_are_reproducible_with_source_date_epoch(cleaning, tmp_path: Path) -> None:
    original = tmp_path / CLEANING
    shutil.copyfile(FIXTURES / CLEANING, original)
    env = {"SOURCE_DATE_EPOCH": EPOCH}
    assert check_annotated(original, tmp_path / "r.json", env=env).exit_code == 1
    copy = tmp_path / "council-cleaning-itt.tendercheck.docx"
    assert sha(copy) == sha(cleaning["copy"])
    with zipfile.ZipFile(copy) as zf:
        assert {info.date_time for info in zf.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_copy_never_replaces_an_input(tmp_path: Path) -> None:
    original = tmp_path / CLEANING
    shutil.copyfile(FIXTURES / CLEANING, original)
    other = tmp_path / "council-cleaning-itt.tendercheck.docx"
    shutil.copyfile(FIXTURES / "parish-grounds-maintenance-rfq.docx", other)
    before = sha(other)
    code, stderr = run_check(
        str(original), str(other), "--annotate", "--force", "-f", "json", "-o", "-"
    )
    assert code == 2
    assert f"{other}: is one of the inputs" in stderr
    assert sha(other) == before


def test_output_dir_must_exist(tmp_path: Path) -> None:
    original = tmp_path / CLEANING
    shutil.copyfile(FIXTURES / CLEANING, original)
    missing = tmp_path / "annotated"
    run = check_annotated(original, tmp_path / "r.json", "--output-dir", str(missing))
    assert run.exit_code == 2
    assert f"{missing}: the output folder does not exist" in run.stderr
    assert listing(tmp_path) == {CLEANING}

    missing.mkdir()
    run = check_annotated(original, tmp_path / "r.json", "--output-dir", str(missing))
    assert run.exit_code == 1, run.stderr
    assert listing(tmp_path) == {
        CLEANING, "r.json", "annotated", "annotated/council-cleaning-itt.tendercheck.docx"
    }  # fmt: skip


def test_same_names_in_one_output_dir_are_numbered(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copyfile(FIXTURES / CLEANING, tmp_path / folder / "spec.docx")
    out = tmp_path / "out"
    out.mkdir()
    code, stderr = run_check(
        str(tmp_path / "a" / "spec.docx"), str(tmp_path / "b" / "spec.docx"),
        "--annotate", "--output-dir", str(out), "-f", "json", "-o", str(tmp_path / "r.json"),
    )  # fmt: skip
    assert code == 1, stderr
    assert listing(out) == {"spec.tendercheck.docx", "spec-2.tendercheck.docx"}
    assert f"{tmp_path / 'b' / 'spec.docx'}: wrote {out / 'spec-2.tendercheck.docx'}" in stderr


# -- other inputs ------------------------------------------------------------------------------


def test_pdf_input_is_reported_and_the_run_carries_on(tmp_path: Path) -> None:
    pdf = tmp_path / "rfq.pdf"
    shutil.copyfile(FIXTURES / "central-gov-digital-rfq.pdf", pdf)
    plain, _ = run_check(str(pdf), "-f", "json", "-o", str(tmp_path / "plain.json"))
    run = check_annotated(pdf, tmp_path / "r.json")
    assert run.exit_code == plain
    assert run.stderr == f"tendercheck: {pdf}: --annotate only annotates .docx files; skipped\n"
    assert run.report["rules"]  # the report was still written
    assert listing(tmp_path) == {"rfq.pdf", "plain.json", "r.json"}


def test_zip_pack_copy_goes_beside_the_zip(tmp_path: Path) -> None:
    pack = tmp_path / "pack.zip"
    with zipfile.ZipFile(pack, "w") as zf:
        zf.write(FIXTURES / CLEANING, f"Tender/{CLEANING}")
        zf.write(FIXTURES / "university-catering-itt.pdf", "Tender/catering.pdf")
    before = sha(pack)
    run = check_annotated(pack, tmp_path / "r.json")
    copy = tmp_path / "pack.Tender-council-cleaning-itt.tendercheck.docx"
    assert run.exit_code == 1, run.stderr
    assert listing(tmp_path) == {"pack.zip", "r.json", copy.name}
    assert sha(pack) == before
    assert f"tendercheck: {pack}!Tender/{CLEANING}: wrote {copy} (" in run.stderr
    assert (
        f"tendercheck: {pack}: --annotate only annotates .docx files; not annotated: "
        "Tender/catering.pdf\n" in run.stderr
    )
    copy_notes = notes(copy)
    assert assert_each_quote_anchored(run.report, copy_notes, f"Tender/{CLEANING}") >= 20
    # Findings read only from the PDF go on the docx's first heading, saying where they are.
    pdf_only = [
        r for r in failed(run.report)
        if r["evidence"] and {e["document"] for e in r["evidence"]} == {"Tender/catering.pdf"}
    ]  # fmt: skip
    assert pdf_only, "the catering PDF should have findings of its own"
    start = [n for n in copy_notes if n.text.startswith("tendercheck: ")]
    assert [n.anchored for n in start] == ["BRACKENFORD DISTRICT COUNCIL"]
    for rule in pdf_only:
        assert rule["id"] in rules_in(start[0])
        first = rule["evidence"][0]
        assert f"(see Tender/catering.pdf, p.{first['page']}, " in start[0].text


def test_folder_pack_names_copies_by_member_path(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    for sub in ("ITT", "Annex"):
        (pack / sub).mkdir(parents=True)
    shutil.copyfile(FIXTURES / CLEANING, pack / "ITT" / "tender.docx")
    shutil.copyfile(FIXTURES / "mental-health-advocacy-spec.docx", pack / "Annex" / "tender.docx")
    inside = listing(pack)
    run = check_annotated(pack, tmp_path / "r.json")
    assert run.exit_code == 1, run.stderr
    assert listing(pack) == inside  # nothing written inside the pack
    assert {p.name for p in tmp_path.iterdir()} == {
        "pack", "r.json", "pack.ITT-tender.tendercheck.docx", "pack.Annex-tender.tendercheck.docx"
    }  # fmt: skip
    annex = notes(tmp_path / "pack.Annex-tender.tendercheck.docx")
    assert_each_quote_anchored(run.report, annex, "Annex/tender.docx")


# -- the real corpus ----------------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name",
    [
        "01_charnwood-bc_itt-services-template.docx",
        "04_ccs_gcloud15_attachment2-how-to-tender.docx",
    ],
)
def test_corpus_quotes_are_anchored(name: str, tmp_path: Path) -> None:
    source = CORPUS / name
    if not source.exists():
        pytest.skip(f"corpus document {source} is absent (../shared/corpus not present)")
    original = tmp_path / name
    shutil.copyfile(source, original)
    run = check_annotated(original, tmp_path / "r.json")
    assert run.exit_code in (0, 1), run.stderr
    copy = tmp_path / name.replace(".docx", ".tendercheck.docx")
    assert listing(tmp_path) == {name, copy.name, "r.json"}
    assert sha(original) == sha(source)
    copy_notes = notes(copy)
    assert assert_each_quote_anchored(run.report, copy_notes, name) >= 5
    assert not [n.text for n in copy_notes if "Not found in the text" in n.text]


# -- placement, on hand-made documents and findings -----------------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _hand_made_docx() -> bytes:
    """A heading, a paragraph whose text is all in a hyperlink, a content control, a table,
    and a paragraph repeated at the start and the end (to test nearest-position choice)."""
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("Invitation to quote", style="Heading 1")
    document.add_paragraph("Bidders must hold £10m public liability insurance.")
    link = document.add_paragraph()
    link._p.append(
        parse_xml(
            f'<w:hyperlink {_W} w:anchor="x"><w:r><w:t>Submit on paper by hand.</w:t></w:r>'
            "</w:hyperlink>"
        )
    )
    document.element.body.insert(
        len(document.element.body) - 1,
        parse_xml(
            f"<w:sdt {_W}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Payment within 60 days."
            "</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        ),
    )
    table = document.add_table(rows=2, cols=2)
    for r, (a, b) in enumerate([("Cover", "Amount"), ("Employer's liability", "£10,000,000")]):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    document.add_paragraph("All staff must be vetted.")
    for _ in range(40):
        document.add_paragraph("Filler text about the service and how it is run.")
    document.add_paragraph("All staff must be vetted.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rule(rule_id: str) -> Rule:
    return Rule(
        id=rule_id, title=rule_id, category="SUPPLIER", severity="error", check="x", params={},
        message="m", why="w", fix=f"fix {rule_id}", source="s", examples={},
    )  # fmt: skip


def _evidence(pack, doc_index: int, needle: str, quote: str | None = None) -> Evidence:
    doc = pack.documents[doc_index]
    block = next(b for b in doc.blocks if needle in b.text) if needle else None
    return Evidence(
        document=doc.name, page=block.page if block else 7, section="Terms > Insurance",
        quote=quote or needle, doc_index=doc_index, block=block.index if block else -1,
        start=block.text.find(needle) if block else 0,
    )  # fmt: skip


def test_placement_of_hand_made_findings(tmp_path: Path) -> None:
    from tendercheck.documents.model import Document

    source = tmp_path / "quote.docx"
    source.write_bytes(_hand_made_docx())
    pack = read_pack([source])
    pack.documents.append(Document(name="other.pdf", format="pdf", path="elsewhere/other.pdf"))
    analysis = Analysis(pack=pack)

    def found(rule: str, evidence: list[Evidence], **extra) -> RuleResult:
        return RuleResult(_rule(rule), "fail", "error", f"{rule} found", evidence, **extra)

    last_vetted = max(b.index for b in pack.documents[0].blocks if b.text.startswith("All staff"))
    vetted = _evidence(pack, 0, "All staff must be vetted.")
    vetted = Evidence(**{**vetted.__dict__, "block": last_vetted})
    results = [
        found("R-01", [_evidence(pack, 0, "£10m public liability insurance")]),
        found("R-02", [_evidence(pack, 0, "Submit on paper by hand.")]),
        found("R-03", [_evidence(pack, 0, "Payment within 60 days.")]),
        found("R-04", [_evidence(pack, 0, "Employer's liability", "Employer's liability | £10,000,000")]),
        found("R-05", [_evidence(pack, 0, "", "A quote that is not in the document")]),
        found("R-06", [Evidence("other.pdf", 3, "Scope", "Other words", doc_index=1, block=0)]),
        found("R-07", []),
        found("R-08", [_evidence(pack, 0, "Payment within 60 days.")], waived="agreed"),
        RuleResult(_rule("R-09"), "pass", "error", "fine", [_evidence(pack, 0, "Submit on paper by hand.")]),
        found("R-10", [vetted]),
    ]  # fmt: skip
    result = Result(results=results, scores={"overall": Score(50, 1.0, 1, 1)})
    messages = annotate_documents(analysis, result, [source], None, force=False)
    copy = tmp_path / "quote.tendercheck.docx"
    assert messages == [
        "elsewhere/other.pdf: --annotate only annotates .docx files; skipped",
        f"{source}: wrote {copy} (7 comments)",
    ]
    by_rule = {n.text.split(":", 1)[0]: n for n in notes(copy)}
    assert sorted(by_rule) == ["R-01", "R-02", "R-03", "R-04", "R-05", "R-10", "tendercheck"]
    assert by_rule["R-01"].anchored == "Bidders must hold £10m public liability insurance."
    assert by_rule["R-01"].text == "R-01: R-01\nR-01 found\nFix: fix R-01"
    assert by_rule["R-02"].anchored == "Submit on paper by hand."
    assert by_rule["R-03"].anchored == "Payment within 60 days."
    assert by_rule["R-04"].anchored == "Employer's liability £10,000,000"
    assert by_rule["R-05"].anchored == "Invitation to quote"
    assert by_rule["R-05"].text.endswith(
        "\nNot found in the text; it is at p.7, Terms > Insurance: “A quote that is not in the "
        "document”."
    )
    # R-06 (read from a PDF) and R-07 (about the pack): one comment at the start, a line each
    start = by_rule["tendercheck"]
    assert start.anchored == "Invitation to quote"
    assert start.text == (
        "tendercheck: 2 findings about the pack as a whole or other documents:\n"
        "R-06: R-06. R-06 found (see other.pdf, p.3, Scope: “Other words”)\nFix: fix R-06\n"
        "R-07: R-07. R-07 found\nFix: fix R-07"
    )
    # The repeated paragraph: the comment is on the occurrence the evidence came from.
    document = docx.Document(str(copy))
    paragraphs = document.paragraphs
    marked = [
        i for i, p in enumerate(paragraphs) if p._p.find(qn("w:commentRangeStart")) is not None
    ]
    vetted_at = [i for i, p in enumerate(paragraphs) if p.text == "All staff must be vetted."]
    assert vetted_at[-1] in marked and vetted_at[0] not in marked


def test_text_box_paragraph_is_anchored_on_its_host() -> None:
    from docx.oxml import parse_xml

    document = docx.Document()
    host = document.add_paragraph("Before the box.")
    host._p.append(
        parse_xml(
            f'<w:r {_W} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
            "<w:txbxContent><w:p><w:r><w:t>Deadline: noon on 2 January.</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    document.add_paragraph("After the box.")
    body = BodyIndex.build(document.element.body)
    spot = Placer(body, []).locate("Deadline: noon on 2 January.", -1)
    assert spot is not None
    assert body.anchors[spot[0]] is host._p and body.anchors[spot[1]] is host._p
    mark_range(body.anchors[spot[0]], body.anchors[spot[1]], 0)
    children = [el.tag for el in host._p]
    assert children[0] == qn("w:commentRangeStart")
    assert children[-2:] == [qn("w:commentRangeEnd"), qn("w:r")]


def test_a_quote_across_two_rows_is_not_matched() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text, table.cell(1, 0).text = "Public liability", "Ten million"
    body = BodyIndex.build(document.element.body)
    assert body.find("Public liability Ten million", None) is None
    assert body.find("Public liability", None) == (0, 0)


def test_unreadable_docx_is_reported_and_skipped(tmp_path: Path, monkeypatch) -> None:
    source = tmp_path / "quote.docx"
    source.write_bytes(_hand_made_docx())
    pack = read_pack([source])

    def broken(*_args, **_kwargs):
        raise ValueError("not a Word file, content type is macro-enabled")

    monkeypatch.setattr(docx, "Document", broken)
    result = Result(results=[], scores={"overall": Score(None, 0.0, 0, 0)})
    messages = annotate_documents(Analysis(pack=pack), result, [source], None, force=False)
    assert messages == [
        f"{source}: could not be annotated (not a Word file, content type is macro-enabled); "
        "skipped"
    ]
    assert listing(tmp_path) == {"quote.docx"}


def test_output_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "quote.docx"
    source.write_bytes(_hand_made_docx())
    result = Result(results=[], scores={"overall": Score(None, 0.0, 0, 0)})
    with pytest.raises(InputError, match="is not a folder"):
        annotate_documents(Analysis(pack=read_pack([source])), result, [source], source, False)


def test_documents_without_findings_get_no_copy(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "a-invitation.docx").write_bytes(_hand_made_docx())
    (pack / "b-schedule.docx").write_bytes(_hand_made_docx())
    read = read_pack([pack])
    assert [d.name for d in read.documents] == ["a-invitation.docx", "b-schedule.docx"]
    finding = RuleResult(
        _rule("R-01"), "fail", "error", "found", [_evidence(read, 0, "Payment within 60 days.")]
    )
    result = Result(results=[finding], scores={"overall": Score(50, 1.0, 1, 1)})
    messages = annotate_documents(Analysis(pack=read), result, [pack], None, force=False)
    copy = tmp_path / "pack.a-invitation.tendercheck.docx"
    assert messages == [
        f"{pack / 'a-invitation.docx'}: wrote {copy} (1 comment)",
        f"{pack}: no findings to comment on in 1 document; no copies written for b-schedule.docx",
    ]
    assert {p.name for p in tmp_path.iterdir()} == {"pack", copy.name}

    single = pack / "b-schedule.docx"
    empty = Result(results=[], scores={"overall": Score(None, 0.0, 0, 0)})
    messages = annotate_documents(Analysis(pack=read_pack([single])), empty, [single], None)
    assert messages == [f"{single}: no findings to comment on; no copy written"]
    assert {p.name for p in tmp_path.iterdir()} == {"pack", copy.name}


def test_the_comment_is_on_the_line_that_makes_the_demand_not_its_neighbours(
    tmp_path: Path,
) -> None:
    """Issue 14: the insurance finding (employers' liability of £10m) is commented on the £10m
    line, not on the exemption under it nor on the other covers beside it, which it is not
    about."""
    document = docx.Document()
    document.add_heading("Invitation to tender: community cleaning", 1)
    document.add_paragraph(
        "Anytown Council invites tenders for cleaning. The contract is worth £200,000 a year."
    )
    document.add_heading("Insurance", 2)
    document.add_paragraph("The Council requires all contractors to provide the following:")
    for line in (
        "Employer's Liability £10 million",
        "(except sole traders)",
        "Public Liability £2 million",
        "Professional Indemnity cover £1 million",
    ):
        document.add_paragraph(line)
    original = tmp_path / "itt.docx"
    document.save(str(original))
    run = check_annotated(original, tmp_path / "r.json")
    rule = next(r for r in run.report["rules"] if r["id"] == "SUPPLIER-06")
    assert rule["status"] == "fail" and "employers' liability of £10m" in rule["message"]
    assert "public liability" not in rule["message"] and "indemnity" not in rule["message"]
    anchored = [
        n.anchored
        for n in notes(tmp_path / "itt.tendercheck.docx")
        if n.text.startswith("SUPPLIER-06")
    ]
    assert anchored == ["Employer's Liability £10 million"]
