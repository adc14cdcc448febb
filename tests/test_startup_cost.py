"""Issue 16 (start fast): what a check loads at start-up, and that the faster start-up gives the
same results. Behaviour only: the timings themselves are in bench/results/start-16.txt."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tendercheck.engine import loader

from .helpers import CORPUS

ONE_PAGE = """# Request for quotation: village hall cleaning

Little Snoring Parish Council invites quotations to clean the village hall twice a week for one
year from 1 April 2026. The budget is £6,000 a year. Quotations must be emailed by 12:00 on
6 March 2026. Suppliers must hold ISO 9001 and public liability insurance of £10 million.

## What we need

- Clean floors, kitchen and toilets.
- Restock soap and paper towels.
"""

# spaCy's command-line stack: nothing a check uses.
SPACY_CLI_STACK = ("spacy.cli", "typer", "weasel", "httpx", "requests")


def _run_in_subprocess(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_a_check_does_not_import_spacys_command_line_stack(tmp_path: Path) -> None:
    tender = tmp_path / "one-page.md"
    tender.write_text(ONE_PAGE, encoding="utf-8")
    before = hashlib.sha256(tender.read_bytes()).hexdigest()
    out = tmp_path / "report.json"
    probe = (
        "import sys\n"
        "from tendercheck.cli import main\n"
        "try:\n"
        f"    main([{str(tender)!r}, '-f', 'json', '-o', {str(out)!r}, '--no-cache',"
        " '--jobs', '1'])\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        f"print(code, 'spacy' in sys.modules, sorted(m for m in {SPACY_CLI_STACK!r}"
        " if m in sys.modules))\n"
    )
    code, spacy_loaded, cli_stack = _run_in_subprocess(probe).split(" ", 2)
    assert code in ("0", "1")  # a clean run, with or without findings
    assert spacy_loaded == "True"  # the check really ran the pipeline
    assert cli_stack == "[]"
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["facts"]["submission_deadline"]  # the pipeline read the document
    assert hashlib.sha256(tender.read_bytes()).hexdigest() == before


def test_spacy_cli_is_the_real_package_when_asked_for_after_start_up() -> None:
    """The placeholders used while spaCy imports are gone afterwards: spacy.info and
    `import spacy.cli` reach spaCy's own code."""
    probe = (
        "from tendercheck.nlp.pipeline import get_nlp, import_spacy\n"
        "get_nlp()\n"
        "spacy = import_spacy()\n"
        "import spacy.cli\n"
        "print(hasattr(spacy.cli, 'setup_cli'), callable(spacy.info))\n"
    )
    assert _run_in_subprocess(probe) == "True True"


def test_version_imports_no_heavy_module() -> None:
    heavy = ("spacy", "yaml", "thinc", "numpy", "jinja2", "tendercheck.engine.loader")
    probe = (
        "import sys\n"
        "from tendercheck.cli import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n"
    )
    assert _run_in_subprocess(probe) == "[]"


# Libraries a one-page text check has no use for: the document readers of other formats, the
# HTML report's templates, schema checking of user files, PyYAML (the shipped YAML is read from
# tendercheck/data/parsed_yaml.jsonl), holidays (working days are counted only when asked).
NOT_FOR_A_TEXT_CHECK = (
    "yaml", "pdfplumber", "pypdfium2", "docx", "lxml", "odf", "jinja2", "jsonschema",
    "holidays", "dask", "distributed", "msoffcrypto",
)  # fmt: skip


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_one_page_text_check_imports_no_library_it_does_not_use(tmp_path: Path, fmt: str) -> None:
    tender = tmp_path / "one-page.md"
    tender.write_text(ONE_PAGE, encoding="utf-8")
    out = tmp_path / f"report.{fmt}"
    probe = (
        "import sys\n"
        "from tendercheck.cli import main\n"
        "try:\n"
        f"    main([{str(tender)!r}, '-f', {fmt!r}, '-o', {str(out)!r}, '--no-cache',"
        " '--jobs', '1'])\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        f"print(code, sorted(m for m in {NOT_FOR_A_TEXT_CHECK!r} if m in sys.modules))\n"
    )
    code, loaded = _run_in_subprocess(probe).split(" ", 1)
    assert code in ("0", "1")
    assert loaded == "[]"
    assert "SUPPLIER-" in out.read_text(encoding="utf-8")  # the rule packs were read and run


def _shipped_yaml() -> list[tuple[str, str]]:
    from importlib import resources

    data = resources.files("tendercheck.data")
    texts = [(p.name, p.read_text("utf-8")) for p in data.iterdir() if p.name.endswith(".yaml")]
    return sorted(texts) + loader.builtin_pack_files()


def _same(a, b) -> bool:
    """Equal with the same types all through (``==`` takes 1, 1.0 and True for one another)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(
            _same(ka, kb) and _same(a[ka], b[kb]) for ka, kb in zip(a, b, strict=True)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def test_every_shipped_yaml_file_is_read_from_the_table_as_its_yaml_parse() -> None:
    import datetime as dt

    from tendercheck import data

    table = data._parsed()
    dates = 0
    for name, text in _shipped_yaml():
        assert data.text_digest(text) in table, name  # in the table: read without PyYAML...
        first = data.trusted_yaml(text)
        assert _same(first, data.parse_yaml(text)), name  # ...as the YAML gives it, types too
        dates += str(first).count("datetime.date(")
        if isinstance(first, dict):
            first["changed_by_a_caller"] = True  # each call gets objects of its own
            assert "changed_by_a_caller" not in data.trusted_yaml(text), name
    assert dates >= 2  # the packs' and thresholds' dates come back as dates, not text
    edited = _shipped_yaml()[0][1] + "\nadded_after_the_table: 2020-02-02\n"
    assert data.text_digest(edited) not in table  # a text the table lacks is parsed as YAML
    assert data.trusted_yaml(edited)["added_after_the_table"] == dt.date(2020, 2, 2)


def test_the_table_of_parsed_yaml_is_current() -> None:
    """tendercheck/data/parsed_yaml.jsonl holds every shipped YAML file's parse
    (bench/tools/parsed_yaml.py writes it; --check compares)."""
    script = Path(__file__).resolve().parents[1] / "bench" / "tools" / "parsed_yaml.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "left out" not in done.stdout  # every shipped file is in it


def test_a_user_pack_that_is_not_yaml_is_refused_in_one_line(tmp_path: Path) -> None:
    from tendercheck.engine.checks import CHECK_KINDS

    with pytest.raises(loader.RulePackError, match="not valid YAML at line 3"):
        loader.parse_pack(
            str(tmp_path / "bad.yaml"), "pack: x\nrules: [\n  - {id: : :\n", CHECK_KINDS
        )


def test_shipped_rule_packs_are_parsed_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    loader._builtin_rules.cache_clear()
    reads: list[int] = []
    real = loader.builtin_pack_files

    def counted() -> list[tuple[str, str]]:
        reads.append(1)
        return real()

    monkeypatch.setattr(loader, "builtin_pack_files", counted)
    try:
        first = loader.load_rules()
        first[0].params["changed_by_a_caller"] = True  # a caller's change stays its own
        first[0].severity = "info" if first[0].severity != "info" else "error"
        second = loader.load_rules()
    finally:
        loader._builtin_rules.cache_clear()
    assert len(reads) == 1
    assert [r.id for r in first] == [r.id for r in second]
    fresh = loader.load_rules()
    assert second[0] == fresh[0]
    assert "changed_by_a_caller" not in second[0].params


def test_shipped_packs_read_by_the_fast_loader_equal_the_bounded_loader() -> None:
    """The C loader is used for the shipped packs only; it must read them exactly as the
    bounded Python loader (used for user packs) does."""
    from tendercheck.data import trusted_yaml

    for name, text in loader.builtin_pack_files():
        assert trusted_yaml(text) == loader.load_yaml(text), name


def test_a_user_pack_still_goes_through_the_bounded_loader(tmp_path: Path) -> None:
    """Only tendercheck's own packs are trusted: an alias bomb in a user pack is refused."""
    from tendercheck.engine.checks import CHECK_KINDS

    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    text = "\n".join(levels) + "\npack: bomb\nrules: []\n"
    with pytest.raises(loader.RulePackError, match="aliases"):
        loader.parse_pack(str(tmp_path / "bomb.yaml"), text, CHECK_KINDS)


TRICKY = """# Bidders' Guidance

The Bidders shall submit THEIR tenders; suppliers don't need ISO 9001 but were asked for it.
Children's services: the Contractor’s staff are being vetted, and Authorities' policies apply.

| Criterion | Weighting |
| --- | --- |
| Quality of the bidders' methods | 60% |
"""


def _sentences_with_and_without_the_lemmatizer_pass(paths: list[Path]):
    """The sentences as the pipeline builds them, and as they are with spaCy's own lookup
    lemmatizer (initialised from spacy-lookups-data) added to run before lemma_norm, which
    then keeps spaCy's lemma on every token."""
    from tendercheck.documents import read_pack
    from tendercheck.nlp.pipeline import get_nlp
    from tendercheck.nlp.text import build_sentences

    pack = read_pack(paths)
    nlp = get_nlp()
    fast = build_sentences(pack)
    absent = "lemmatizer" not in nlp.component_names
    lemmatizer = nlp.add_pipe(
        "lemmatizer", config={"mode": "lookup"}, before="tendercheck_lemma_norm"
    )
    try:
        lemmatizer.initialize()
        reference = build_sentences(pack)
    finally:
        nlp.remove_pipe("lemmatizer")
    return absent, fast, reference


def test_one_pass_lemmas_equal_spacys_lookup_lemmatizer(tmp_path: Path) -> None:
    tender = tmp_path / "tricky.md"
    tender.write_text(TRICKY, encoding="utf-8")
    absent, fast, reference = _sentences_with_and_without_the_lemmatizer_pass([tender])
    assert absent  # no spaCy lemmatizer in the pipeline, nor its Table of 41,582 entries...
    assert fast == reference  # ...and every sentence, lemma, entity and clause is the same
    lemmas = {w for s in fast for w in s.lemmas}
    assert {"bidder", "supplier", "tender", "be"} <= lemmas  # real lemmas, not just lower case


@pytest.mark.skipif(
    not (CORPUS / "01_charnwood-bc_itt-services-template.docx").is_file(),
    reason="../shared/corpus is absent",
)
def test_one_pass_lemmas_on_a_corpus_document() -> None:
    path = CORPUS / "01_charnwood-bc_itt-services-template.docx"
    absent, fast, reference = _sentences_with_and_without_the_lemmatizer_pass([path])
    assert absent
    assert len(fast) > 200
    assert fast == reference


# One name for each alternative of the buyer-name patterns in authority_and_regime.
CENTRAL_EXAMPLES = [
    "Crown Commercial Service", "the CCS", "Cabinet Office", "Government Digital Service",
    "HM Treasury", "HM Courts & Tribunals Service", "HMRC", "the Home Office",
    "Ministry of Defence", "Department for Education", "Department of Health",
    "Foreign, Commonwealth & Development Office", "FCDO", "DWP", "DfE", "DHSC", "DEFRA", "Defra",
    "Environment Agency", "DVLA", "DVSA", "National Highways", "Highways England",
    "Government Property Agency", "Government Legal Department", "British Council", "Met Office",
    "Ordnance Survey", "Companies House", "UK Health Security Agency",
    "Education and Skills Funding Agency", "Education Funding Agency",
    "an executive non-departmental public body", "an executive agency of the Department",
]  # fmt: skip
OTHER_EXAMPLES = [
    "Little Snoring Parish Council", "London Borough of Camden", "Royal Borough of Kingston",
    "West Midlands Combined Authority", "Greater London Authority",
    "NHS Leeds Teaching Hospitals Trust", "Integrated Care Board", "Clinical Commissioning Group",
    "University of Leeds", "Leeds University", "Oak Academy Trust", "Housing Association",
    "a registered provider of social housing", "Leeds Homes", "Police and Crime Commissioner",
    "Fire & Rescue", "National Park Authority", "the Council",
]  # fmt: skip


def test_every_buyer_name_pattern_holds_a_prefilter_word() -> None:
    from tendercheck.nlp.extractors import authority_and_regime as ar

    for examples, pattern, own, words in (
        (CENTRAL_EXAMPLES, ar.CENTRAL_NAMES, ar._SELF_CENTRAL, ar._CENTRAL_WORDS),
        (OTHER_EXAMPLES, ar.OTHER_NAMES, ar._THE_COUNCIL, ar._OTHER_WORDS),
    ):
        for name in examples:
            assert pattern.search(name) or own.search(name), name  # the example is a real name
            assert any(word in name for word in words), name  # and the pre-filter lets it in


def _corpus_sentences(tmp_path: Path):
    from tendercheck.documents import read_pack
    from tendercheck.nlp.text import build_sentences

    paths = []
    for name, examples in (("central.md", CENTRAL_EXAMPLES), ("other.md", OTHER_EXAMPLES)):
        tender = tmp_path / name
        tender.write_text(
            "\n\n".join(
                f"The contracting authority is {n}, on behalf of the {n}." for n in examples
            )
            + "\n\nNo buyer is named here at all.\n",
            encoding="utf-8",
        )
        paths.append(tender)
    paths += [p for p in (CORPUS / "01_charnwood-bc_itt-services-template.docx",
                          CORPUS / "02_british-council_rfp-osch-learning-partners-2017.docx")
              if p.is_file()]  # fmt: skip
    pack = read_pack(paths)
    return pack, build_sentences(pack)


def test_authority_prefilter_skips_only_sentences_that_cannot_match(tmp_path: Path) -> None:
    from tendercheck.nlp.extractors import authority_and_regime as ar

    _, sentences = _corpus_sentences(tmp_path)
    skipped = 0
    for s in sentences:
        for pattern, own, words in ((ar.CENTRAL_NAMES, ar._SELF_CENTRAL, ar._CENTRAL_WORDS),
                                    (ar.OTHER_NAMES, ar._THE_COUNCIL, ar._OTHER_WORDS)):  # fmt: skip
            if not any(word in s.text for word in words):
                skipped += 1
                assert not pattern.search(s.text) and not own.search(s.text), s.text
    assert skipped > len(sentences) // 2  # the pre-filter does skip most sentences


def test_authority_facts_are_the_same_with_and_without_the_prefilter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tendercheck.nlp.extractors import Context
    from tendercheck.nlp.extractors import authority_and_regime as ar

    pack, sentences = _corpus_sentences(tmp_path)
    by_document = {}
    for index, document in enumerate(pack.documents):
        context = Context(pack=pack, sentences=[s for s in sentences if s.doc_index == index])
        fast = list(ar.authority_facts(context))
        with monkeypatch.context() as patch:
            patch.setattr(ar, "_CENTRAL_WORDS", ("",))  # "" is in every text: no pre-filter
            patch.setattr(ar, "_OTHER_WORDS", ("",))
            full = list(ar.authority_facts(context))
        assert fast == full, document.name
        by_document[document.name] = [f.value for f in fast]
    assert by_document["central.md"] == ["central"]  # the generated documents name buyers
    assert by_document["other.md"] == ["other"]


def test_the_lemma_table_is_spacys_lookup_table_entry_for_entry() -> None:
    """lemma_table() reads the file spaCy's lookup lemmatizer reads: the same lemma for every
    text spaCy's Table holds, and the text itself for one it lacks."""
    from spacy.lookups import load_lookups

    from tendercheck.nlp.pipeline import lemma_table

    table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    ours = lemma_table()
    assert isinstance(ours, dict) and len(ours) == len(table) > 40_000
    assert all(table.get(text) == lemma for text, lemma in ours.items())
    assert ours["bidders"] == table.get("bidders") == "bidder"
    assert "tendercheckish" not in ours and table.get("tendercheckish") is None


def test_shipped_packs_pass_every_check_a_user_pack_gets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trusted (shipped) packs skip the schema, compiling and the nested-repeat check at start-up;
    here they go through all of them, as a user's pack does, and load the same rules."""
    from tendercheck.engine.checks import CHECK_KINDS

    checked: list[str] = []
    real = loader.nested_repeat

    def counted(pattern: str) -> bool:
        checked.append(pattern)
        return real(pattern)

    monkeypatch.setattr(loader, "nested_repeat", counted)
    for path, text in loader.builtin_pack_files():
        untrusted = loader.parse_pack(path, text, CHECK_KINDS)
        assert untrusted == loader.parse_pack(path, text, CHECK_KINDS, trusted=True), path
    assert len(checked) >= 100  # every rule's patterns, none refused
    checked.clear()
    loader._builtin_rules.cache_clear()
    try:
        loader.load_rules()
    finally:
        loader._builtin_rules.cache_clear()
    assert checked == []  # at start-up: not parsed again


def test_the_table_of_required_words_is_current() -> None:
    """tendercheck/data/required_literals.json holds, for every pre-filtered pattern shipped, the
    words its parse gives (bench/tools/required_literals.py writes it; --check compares)."""
    script = Path(__file__).resolve().parents[1] / "bench" / "tools" / "required_literals.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_check_does_not_parse_a_shipped_pattern_for_its_words(tmp_path: Path) -> None:
    tender = tmp_path / "one-page.md"
    tender.write_text(ONE_PAGE, encoding="utf-8")
    probe = (
        "from tendercheck.nlp import prefilter\n"
        "asked, parsed = [], []\n"
        "real_required, real_parse = prefilter.required_literals, prefilter.parse_literals\n"
        "prefilter.required_literals = lambda p: asked.append(p) or real_required(p)\n"
        "prefilter.parse_literals = lambda p: parsed.append(p.pattern) or real_parse(p)\n"
        "from tendercheck.cli import main\n"
        "try:\n"
        f"    main([{str(tender)!r}, '-f', 'json', '-o', {str(tmp_path / 'r.json')!r},"
        " '--no-cache', '--jobs', '1'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(len(asked), parsed)\n"
    )
    asked, parsed = _run_in_subprocess(probe).split(" ", 1)
    assert int(asked) >= 30  # the extractors' and the rule packs' pre-filtered patterns...
    assert parsed == "[]"  # ...their words read from the table, none parsed again
    # a pattern the table does not know (a user's pack) is parsed, with the same answer
    from tendercheck.nlp.prefilter import compile_filtered, parse_literals, required_literals

    mine = compile_filtered(r"zebra crossings?|pelican", re.I)
    assert mine.literals == {"zebra crossing", "pelican"} == parse_literals(mine.pattern)
    for key in list(prefilter_table())[:20]:
        flags, source = key.split(":", 1)
        compiled = re.compile(source, int(flags))
        assert required_literals(compiled) == parse_literals(compiled), source


def prefilter_table() -> dict:
    from tendercheck.nlp.prefilter import _known

    return _known()
