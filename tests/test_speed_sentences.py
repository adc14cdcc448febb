"""Issue 16, one pass per sentence: the sentence stage works each thing out once, and gives
what the plain way gives. (Timings live in bench/, never in tests.)"""

from __future__ import annotations

from pathlib import Path

from tendercheck.nlp import clauses

TEXT = """# Supplier duties

The Supplier shall provide accounts (audited if required by law) to the Buyer.
The Supplier shall keep the Buyer's records; the Supplier shall not sell them.
Bidders must hold ISO 9001. Bidders must hold ISO 14001 or an equivalent.

- maintain the policies (if any);
- report to the Buyer every month.
"""


def _sentences(tmp_path: Path):
    from tendercheck.documents import read_pack
    from tendercheck.nlp.text import build_sentences

    tender = tmp_path / "duties.md"
    tender.write_text(TEXT, encoding="utf-8")
    return build_sentences(read_pack([tender]))


def test_a_word_is_worked_out_once_however_often_it_occurs(tmp_path, monkeypatch) -> None:
    """lemma_norm looks each word (each orth) up once per process, not once per token."""
    from tendercheck.nlp.pipeline import get_nlp

    nlp = get_nlp()
    worked: list[str] = []
    real = clauses._word

    def counted(token, lookup, strings):
        worked.append(token.text)
        return real(token, lookup, strings)

    monkeypatch.setattr(clauses, "_word", counted)
    monkeypatch.setattr(clauses, "_WORDS", {})  # a fresh memo for this test
    doc = nlp("Bidders must hold ISO 9001. Bidders must hold ISO 14001. Bidders Bidders.")
    assert sorted(set(worked)) == sorted(worked)  # no word twice
    assert worked.count("Bidders") == 1 and [t.text for t in doc].count("Bidders") == 4
    # spaCy's lookup lemmatizer looks the text up as written; the norm is the lower case's lemma
    assert [t.lemma_ for t in doc][:4] == ["Bidders", "must", "hold", "ISO"]
    assert [t.norm_ for t in doc][:4] == ["bidder", "must", "hold", "iso"]
    assert nlp("the bidders")[1].lemma_ == "bidder"


def test_brackets_are_walked_only_in_units_that_have_one(tmp_path, monkeypatch) -> None:
    """The force of a unit walks its tokens for round brackets only when its text holds a
    "(": the sentences are the same, and the walk happens for those units alone."""
    plain = _sentences(tmp_path)
    walked: list[str] = []
    real = clauses._bracketed

    def counted(span):
        walked.append(span.text)
        return real(span)

    monkeypatch.setattr(clauses, "_bracketed", counted)
    again = _sentences(tmp_path)
    assert again == plain
    assert walked and all("(" in text for text in walked)
    conditional = [s for s in plain if "(if any)" in s.text]
    assert conditional and conditional[0].clause.force == "conditional"
    duty = [s for s in plain if "audited if required" in s.text]
    assert duty and duty[0].clause.force == "must"  # a condition in brackets on a detail


def test_header_cells_run_no_regex_for_phrases_they_do_not_hold(monkeypatch) -> None:
    """cell_role tries ~100 header phrases on a cell: a phrase not in the cell cannot match
    between word edges, so no pattern is built or run for it; a cell text is read once."""
    from tendercheck.nlp import tables

    searched: list[str] = []
    real = tables.re.search

    def counted(pattern, text, *args):
        searched.append(text)
        return real(pattern, text, *args)

    tables.cell_role.cache_clear()
    monkeypatch.setattr(tables.re, "search", counted)
    try:
        assert tables.cell_role("Supplier's name and address") is None
        assert searched == []
        assert tables.cell_role("Question weighting") == "weight"
        assert searched  # a phrase the cell holds is still checked at word edges
        seen = len(searched)
        assert tables.cell_role("Question weighting") == "weight"
        assert len(searched) == seen  # remembered
    finally:
        tables.cell_role.cache_clear()
