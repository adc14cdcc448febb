"""No-overlap and shape check for a wording-variety round (tests/labels/variety-fresh3 onwards).

Run from the repository root: python bench/variety/check_overlap.py tests/labels/variety-fresh5
Exit code 1 and a list of offending entries if any check fails. The earlier rounds are those
before the given one in ROUNDS.

1. Every snippet is split into sentences (and table cells): at line breaks and after . ! ?
   followed by white space. Each piece is normalised to lower-case letters, digits, '£' and '%'.
2. No normalised sentence of 30 characters or more of this set occurs inside any entry of an
   earlier round (the earlier entry normalised whole), and no such sentence of an earlier entry
   occurs inside an entry of this set.
3. No whole snippet of this set (normalised) equals, contains or is contained in an earlier
   snippet, and no two entries of this set for the same fact share a snippet.
4. Every entry has source, where, expect, a non-empty note and exactly one of text or table.
5. Authored snippets (a source starting "authored") are fresh: no normalised sentence or table
   cell of 30 characters or more occurs in any text file under tests/ or fixtures/ (.py, .md,
   .yaml, .json, .jsonl, .txt), the set's own folder excepted.
6. Digital Marketplace snippets (source "dos") are the CSV's own cells: the header row names
   columns of corpus 10, and the value row is that row's values verbatim, the row found by the
   "row R (ID n)" in `where`. Skipped, with a message, when ../shared/corpus is not present. No
   row cited by tests/labels/variety-fresh2/README.md (IDs 1915, 1980, 2493, 4935, 6603, and
   5702, the "4 moths" row) is used again.
"""

import csv
import re
import sys
from pathlib import Path

import yaml

ROUNDS = (
    "variety",
    "variety-fresh",
    "variety-fresh2",
    "variety-fresh3",
    "variety-fresh4",
    "variety-fresh5",
)
MIN_SENTENCE = 30
ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "tests" / "labels"
CORPUS_10 = (
    ROOT.parent
    / "shared"
    / "corpus"
    / "10_gds_digital-marketplace_dos-opportunity-data_2016-2018.csv"
)
FRESH2_DOS_IDS = {"1915", "1980", "2493", "4935", "6603", "5702"}
TEXT_SUFFIXES = {".py", ".md", ".yaml", ".json", ".jsonl", ".txt"}


def norm(s):
    return re.sub(r"[^a-z0-9£%]", "", str(s).lower())


def pieces(entry):
    if "table" in entry:
        parts = [str(c) for row in entry["table"] for c in row]
    else:
        parts = [str(entry["text"])]
    out = []
    for p in parts:
        for line in p.split("\n"):
            out += re.split(r"(?<=[.!?])\s+", line)
    return [x for x in out if x.strip()]


def whole(entry):
    return norm(" ".join(pieces(entry)))


def load(folder):
    entries = []
    for f in sorted(folder.glob("*.yaml")):
        for i, e in enumerate(yaml.safe_load(f.read_text(encoding="utf-8")) or []):
            entries.append((f.stem, i + 1, e))
    return entries


def project_text(here):
    """Normalised text of every text file under tests/ and fixtures/, ``here`` excepted."""
    out = []
    for top in ("tests", "fixtures"):
        for f in sorted((ROOT / top).rglob("*")):
            if f.suffix in TEXT_SUFFIXES and f.is_file() and here not in f.parents:
                out.append(norm(f.read_text(encoding="utf-8", errors="replace")))
    return out


def check_authored(here, mine, errors):
    corpus = project_text(here)
    for fact, n, e in mine:
        if not str(e.get("source", "")).startswith("authored"):
            continue
        for s in pieces(e):
            ns = norm(s)
            if len(ns) >= MIN_SENTENCE and any(ns in t for t in corpus):
                errors.append(
                    f"{fact} #{n}: authored sentence found in tests/ or fixtures/: {s[:70]!r}"
                )


def check_dos(mine, errors):
    dos = [(fact, n, e) for fact, n, e in mine if e.get("source") == "dos"]
    if not dos:
        return
    if not CORPUS_10.is_file():
        print(f"corpus 10 not found at {CORPUS_10}: Digital Marketplace cells not verified")
        return
    with CORPUS_10.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = {i + 2: dict(zip(header, r, strict=False)) for i, r in enumerate(reader)}
    for fact, n, e in dos:
        tag = f"{fact} #{n} ({e.get('where')})"
        m = re.fullmatch(r"row (\d+) \(ID (\d+)\)", str(e.get("where", "")))
        table = e.get("table") or []
        if not m or len(table) != 2 or len(table[0]) != len(table[1]):
            errors.append(f"{tag}: needs where 'row R (ID n)' and a header row and a value row")
            continue
        row = rows.get(int(m.group(1)))
        if row is None or row.get("ID") != m.group(2):
            errors.append(f"{tag}: no such row and ID in corpus 10")
            continue
        if m.group(2) in FRESH2_DOS_IDS:
            errors.append(f"{tag}: row already used by variety-fresh2")
        for col, val in zip(*table, strict=True):
            if col not in row:
                errors.append(f"{tag}: no column {col!r} in corpus 10")
            elif row[col] != val:
                errors.append(f"{tag}: {col!r} is {row[col]!r} in corpus 10, not {val!r}")


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or Path(args[0]).name not in ROUNDS[3:]:
        print("usage: check_overlap.py tests/labels/variety-freshN (fresh3 onwards)")
        return 2
    here = (ROOT / args[0]).resolve() if not Path(args[0]).is_absolute() else Path(args[0])
    errors = []
    mine = load(here)
    earlier = [e for d in ROUNDS[: ROUNDS.index(here.name)] for e in load(LABELS / d)]
    old_whole = [whole(e) for _, _, e in earlier]
    old_sent = {norm(p) for _, _, e in earlier for p in pieces(e) if len(norm(p)) >= MIN_SENTENCE}
    seen = {}
    for fact, n, e in mine:
        tag = f"{fact} #{n} ({e.get('where')})"
        keys = set(e)
        if not {"source", "where", "expect", "note"} <= keys or not str(e.get("note", "")).strip():
            errors.append(f"{tag}: missing source/where/expect/note")
        if ("text" in e) == ("table" in e):
            errors.append(f"{tag}: needs exactly one of text or table")
            continue
        w = whole(e)
        for s in pieces(e):
            ns = norm(s)
            if len(ns) >= MIN_SENTENCE and any(ns in o for o in old_whole):
                errors.append(f"{tag}: sentence already in an earlier round: {s[:70]!r}")
        for s in old_sent:
            if s in w:
                errors.append(f"{tag}: contains an earlier round's sentence: {s[:70]!r}")
        if any(w == o or (len(w) >= 12 and w in o) or (len(o) >= 12 and o in w) for o in old_whole):
            errors.append(f"{tag}: whole snippet overlaps an earlier snippet")
        if (fact, w) in seen:
            errors.append(f"{tag}: same snippet as {seen[(fact, w)]}")
        seen[(fact, w)] = tag
    check_authored(here, mine, errors)
    check_dos(mine, errors)
    for line in errors:
        print(line)
    print(
        f"{len(mine)} entries checked against {len(earlier)} earlier entries: {len(errors)} problems"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
