"""No-overlap and shape check for the wording-variety set, fifth round (variety-fresh4).

Run from the repository root: python tests/labels/variety-fresh4/check_overlap.py
Exit code 1 and a list of offending entries if any check fails.

1. Every snippet is split into sentences (and table cells): at line breaks and after . ! ?
   followed by white space. Each piece is normalised to lower-case letters, digits, '£' and '%'.
2. No normalised sentence of 30 characters or more of this set occurs inside any entry of
   ../variety/, ../variety-fresh/, ../variety-fresh2/ or ../variety-fresh3/ (the earlier entry
   normalised whole), and no such sentence of an earlier entry occurs inside an entry of this
   set.
3. No whole snippet of this set (normalised) equals, contains or is contained in an earlier
   snippet, and no two entries of this set for the same fact share a snippet.
4. Every entry has source, where, expect, a non-empty note and exactly one of text or table.
"""

import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
EARLIER = ("variety", "variety-fresh", "variety-fresh2", "variety-fresh3")
MIN_SENTENCE = 30


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


def main():
    errors = []
    mine = load(HERE)
    earlier = [e for d in EARLIER for e in load(HERE.parent / d)]
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
    for line in errors:
        print(line)
    print(
        f"{len(mine)} entries checked against {len(earlier)} earlier entries: {len(errors)} problems"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
