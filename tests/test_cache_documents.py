"""The per-document cache under the whole-run one (tendercheck/doccache.py): after one document
of a pack changes, the others are neither read nor split into sentences again, and the report
is the one a run without any cache gives."""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import shutil
from pathlib import Path

import pytest

from tests.helpers import make_docx_bytes

TODAY = dt.date(2025, 11, 1)

ITT = [
    ("Heading 1", "Invitation to tender: grounds maintenance"),
    (None, "The council invites tenders for mowing and hedge care across its parks."),
    (None, "Bidders must hold employer's liability insurance of at least £5 million."),
    (None, "Tenders must be returned by 12:00 on 15 December 2025."),
]
SPEC = [
    ("Heading 1", "Specification"),
    (None, "Grass in the formal gardens shall be cut every ten days from April to October."),
    (None, "The supplier must hold ISO 14001 certification."),
]
TERMS = (
    "# Conditions of contract\n\n"
    "The contract runs for three years and is worth £120,000 in total.\n\n"
    "Invoices are paid within 30 days of receipt.\n"
)


def write_pack(folder: Path, spec: list = SPEC) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "1 Invitation to tender.docx").write_bytes(make_docx_bytes(ITT))
    (folder / "2 Specification.docx").write_bytes(make_docx_bytes(spec))
    (folder / "3 Terms.md").write_text(TERMS, encoding="utf-8")
    return folder


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TENDERCHECK_CACHE_DIR", str(folder))
    monkeypatch.delenv("TENDERCHECK_CACHE_MAX_MB", raising=False)
    monkeypatch.delenv("TENDERCHECK_MODEL", raising=False)
    return folder


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The documents read (from bytes) and split into sentences, by name, as they happen."""
    from tendercheck import documents
    from tendercheck.nlp import text

    calls: dict[str, list[str]] = {"read": [], "sentences": []}
    real_read, real_sentences = documents.read_document_bytes, text._document_sentences

    def read(data, name, fmt, limits=documents.DEFAULT_LIMITS):
        calls["read"].append(name)
        return real_read(data, name, fmt, limits)

    def sentences(shared, doc_index):
        calls["sentences"].append(shared[0].documents[doc_index].name)
        return real_sentences(shared, doc_index)

    monkeypatch.setattr(documents, "read_document_bytes", read)
    monkeypatch.setattr(text, "_document_sentences", sentences)
    return calls


def check(folder: Path, use_cache: bool = True) -> dict:
    """The JSON report of ``folder`` (checked in this process), without its time."""
    from tendercheck.report import Report, render
    from tendercheck.runner import CheckSettings, check_paths

    settings = CheckSettings(use_cache=use_cache, jobs=1, today=TODAY)
    analysis, result, _config, _cached = check_paths([folder], settings)
    return json.loads(render(Report(analysis=analysis, result=result), "json"))


def entries(cache: Path) -> dict[str, str]:
    """Entry file name -> kind ("run", "document", "sentences")."""
    out = {}
    for path in cache.glob("*.json"):
        out[path.name] = json.loads(path.read_text(encoding="utf-8"))["kind"]
    return out


def drop_run_entries(cache: Path) -> None:
    for name, kind in entries(cache).items():
        if kind == "run":
            (cache / name).unlink()


def edit(folder: Path) -> None:
    """Change one paragraph of the specification, as an officer fixing it would."""
    changed = [*SPEC[:2], (None, "The supplier must hold ISO 9001 certification.")]
    (folder / "2 Specification.docx").write_bytes(make_docx_bytes(changed))


# --- 1. the rerun after one document changed ----------------------------------------------------


def test_only_the_changed_document_is_read_and_split_again(
    tmp_path: Path, cache_dir: Path, counted: dict
) -> None:
    pack = write_pack(tmp_path / "pack")
    check(pack)
    assert sorted(counted["read"]) == ["1 Invitation to tender.docx", "2 Specification.docx",
                                       "3 Terms.md"]  # fmt: skip
    assert sorted(entries(cache_dir).values()) == ["document"] * 3 + ["run"] + ["sentences"] * 3
    counted["read"].clear()
    counted["sentences"].clear()
    edit(pack)
    warm = check(pack)
    assert counted["read"] == ["2 Specification.docx"]
    assert counted["sentences"] == ["2 Specification.docx"]
    # the changed paragraph is what the report reads now
    quotes = json.dumps(warm)
    assert "ISO 9001" in quotes and "ISO 14001" not in quotes
    assert warm == check(pack, use_cache=False)


def test_reports_are_the_same_without_the_cache_cold_and_warm(
    tmp_path: Path, cache_dir: Path, counted: dict
) -> None:
    pack = write_pack(tmp_path / "pack")
    plain = check(pack, use_cache=False)
    cold = check(pack)
    drop_run_entries(cache_dir)  # the whole-run entry misses: the per-document ones answer
    counted["read"].clear()
    counted["sentences"].clear()
    warm = check(pack)
    assert counted == {"read": [], "sentences": []}
    whole = check(pack)  # the whole-run entry
    failing = {r["id"] for r in plain["rules"] if r["status"] == "fail"}
    assert failing  # the pack has findings to compare
    assert cold == plain and warm == plain and whole == plain


def test_moving_the_pack_still_finds_its_documents(
    tmp_path: Path, cache_dir: Path, counted: dict
) -> None:
    first = write_pack(tmp_path / "2025" / "parks")
    check(first)
    moved = tmp_path / "archive" / "parks-tender"
    moved.parent.mkdir()
    shutil.move(str(first), str(moved))
    edit(moved)  # so the whole-run entry misses
    counted["read"].clear()
    counted["sentences"].clear()
    report = check(moved)
    assert counted["read"] == counted["sentences"] == ["2 Specification.docx"]
    assert [i["path"] for i in report["inputs"]] == [str(moved)]
    assert report == check(moved, use_cache=False)


def test_no_cache_neither_reads_nor_writes_document_entries(
    tmp_path: Path, cache_dir: Path, counted: dict
) -> None:
    pack = write_pack(tmp_path / "pack")
    check(pack, use_cache=False)
    assert not cache_dir.exists()
    check(pack)
    drop_run_entries(cache_dir)
    stored = {p.name: p.read_bytes() for p in cache_dir.glob("*.json")}
    counted["read"].clear()
    check(pack, use_cache=False)
    assert len(counted["read"]) == 3  # every document read again
    assert {p.name: p.read_bytes() for p in cache_dir.glob("*.json")} == stored


# --- 2. entries are data: a planted or tampered one is a miss -----------------------------------


class _Payload:
    """Unpickling this creates ``marker``: what a planted entry would do."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def _tampered(entry: dict, how: str) -> dict:
    value = entry["value"]
    if how == "class":
        entry["value"] = {"c": "Popen", "f": {"args": ["true"]}}
    elif how == "kind":  # a document entry offered as sentences, or the other way
        entry["kind"] = "sentences" if entry["kind"] == "document" else "document"
    elif how == "types" and entry["kind"] == "document":
        value["blocks"][0][1] = 5  # a block's text a number
    elif how == "types":
        value["sentences"][0][2] = ["not", "text"]  # a sentence's text a list
    elif how == "places" and entry["kind"] == "document":
        value["blocks"][0][0] = "macro"  # a block kind there is not
    elif how == "places":
        value["sentences"][0][3] = 10**6  # a block the document does not have
    return entry


@pytest.mark.parametrize("how", ["pickle", "garbage", "class", "kind", "types", "places"])
def test_planted_or_tampered_entries_are_a_miss_never_code_or_a_crash(
    tmp_path: Path, cache_dir: Path, counted: dict, how: str
) -> None:
    pack = write_pack(tmp_path / "pack")
    plain = check(pack, use_cache=False)
    check(pack)
    drop_run_entries(cache_dir)
    marker = tmp_path / "ran-code"
    for path in cache_dir.glob("*.json"):
        if how == "pickle":
            path.write_bytes(pickle.dumps(_Payload(marker)))
        elif how == "garbage":
            path.write_bytes(os.urandom(2048))
        else:
            entry = _tampered(json.loads(path.read_text(encoding="utf-8")), how)
            path.write_text(json.dumps(entry), encoding="utf-8")
    counted["read"].clear()
    counted["sentences"].clear()
    again = check(pack)
    assert not marker.exists()
    assert len(counted["read"]) == len(counted["sentences"]) == 3  # each one a miss
    assert again == plain
    # ...and replaced by good entries, which the next run uses
    drop_run_entries(cache_dir)
    counted["read"].clear()
    assert check(pack) == plain and counted["read"] == []


# --- 3. one size limit, one eviction -------------------------------------------------------------


def test_document_entries_are_kept_under_the_cache_size_limit(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = write_pack(tmp_path / "pack")
    check(pack)
    sizes = {p.name: p.stat().st_size for p in cache_dir.glob("*.json")}
    kinds = entries(cache_dir)
    run = sum(size for name, size in sizes.items() if kinds[name] == "run")
    documents = sum(size for name, size in sizes.items() if kinds[name] != "run")
    # too small for the run's entry (never written) and for all the documents' entries
    limit = min(run, documents) - 1
    shutil.rmtree(cache_dir)
    monkeypatch.setenv("TENDERCHECK_CACHE_MAX_MB", repr(limit / (1024 * 1024)))
    check(pack)
    left = {p.name: p.stat().st_size for p in cache_dir.glob("*.json")}
    assert 0 < sum(left.values()) <= limit
    assert "run" not in entries(cache_dir).values()


# --- 4. what is not kept -------------------------------------------------------------------------


def test_sentences_are_not_kept_when_a_statistical_model_is_named(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tendercheck.doccache import DocumentCache
    from tendercheck.documents import read_pack
    from tendercheck.nlp.pipeline import get_nlp
    from tendercheck.nlp.text import build_sentences

    get_nlp()  # the process's pipeline, built before the model is named
    monkeypatch.setenv("TENDERCHECK_MODEL", "en_core_web_sm")
    memo = DocumentCache()
    assert not memo.keeps_sentences
    pack = write_pack(tmp_path / "pack")

    found = read_pack([pack], memo=memo)
    build_sentences(found, memo=memo, second_opinion={})
    assert sorted(entries(cache_dir).values()) == ["document"] * 3


def test_the_encodings_say_every_field_of_the_model_classes() -> None:
    """A model class that gains a field must have it in doccache's encodings: otherwise no entry
    is kept or read at all (an entry without the field would come back different)."""
    import dataclasses

    from tendercheck import doccache
    from tendercheck.documents.model import Block

    for record in (*doccache._document_records(), *doccache._sentence_records()):
        fields = {f.name for f in dataclasses.fields(record.cls)}
        assert set(record.names) <= fields
    shapes = {name: doccache.STR for name in doccache._document_records()[1].names}
    grown = dataclasses.make_dataclass("Block", [("colour", str, "")], bases=(Block,))
    with pytest.raises(ValueError, match="fields changed"):
        doccache._Record(grown, shapes)
    doccache._Record(Block, shapes)  # the same shapes for the class as it is: accepted


def test_an_analysis_comes_back_equal_from_the_run_entry_encoding(tmp_path: Path) -> None:
    from tendercheck import cache
    from tendercheck.documents import read_pack
    from tendercheck.nlp import analyse

    analysis = analyse(read_pack([write_pack(tmp_path / "pack")]))
    encoded = cache.encode(analysis)
    assert "sentences" in encoded["f"]["sentences"]  # the rows, not a list of objects
    assert set(encoded["f"]["pack"]["f"]["documents"][0]) == {"document"}
    back = cache.decode(json.loads(json.dumps(encoded)))
    assert back == analysis
    assert [d.path for d in back.pack.documents] == [d.path for d in analysis.pack.documents]
