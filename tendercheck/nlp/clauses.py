"""The clause model: what each sentence and table row is and does, before any fact is read.

Every unit gets a :class:`Clause`: the *part* of the pack it sits in (instructions, selection,
evaluation, specification, pricing, terms, form, guidance, definitions, contents, another
procurement), the *stage* it bites at (bid, award, delivery), its *force* (must, may,
conditional, example, none), whether it accepts an *equivalent*, the *lots* it names, and the
*procedure* of its document. Decided from the document's name and title, the heading path and the
unit's own words, with the vocabularies in ``tendercheck/data/clauses.yaml`` matched on
lower-cased lemmas. docs/clause-labels.md defines each value.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from tendercheck import lazyre
from tendercheck.nlp.prefilter import compile_filtered

# Parts whose words are never the tender's own demands, dates or figures.
NOT_OWN_PARTS = frozenset({"guidance", "definitions", "contents", "other_procurement"})


@dataclass(frozen=True)
class Clause:
    """What a sentence is and does: see docs/clause-labels.md."""

    part: str = "instructions"
    stage: str = "none"
    force: str = "none"
    equivalent: bool = False
    lots: tuple[str, ...] = ()  # lots the unit (or its heading, or its document) names
    other: bool = False  # about another procurement
    procedure: str = "unknown"
    follow_up: bool = False  # conditional only on the bidder's own answer ("If yes, provide…")
    document_part: str = "instructions"  # what its document as a whole is (a form to complete…)
    # A call-off document in a framework or DPS pack: what it asks binds a later call-off, not
    # joining the framework (an order form's "state whether Cyber Essentials Plus is required").
    later_call_off: bool = False
    # Its document is a tender notice written out (clauses.yaml notice_fields): a summary of the
    # procurement whose specification, terms and forms are in the tender documents.
    notice: bool = False

    def to_dict(self) -> dict:
        out: dict = {"part": self.part, "stage": self.stage, "force": self.force}
        if self.equivalent:
            out["equivalent"] = True
        if self.lots:
            out["lots"] = list(self.lots)
        if self.other:
            out["other_procurement"] = True
        if self.later_call_off:
            out["later_call_off"] = True
        out["procedure"] = self.procedure
        return out

    @property
    def own(self) -> bool:
        """The tender's own words: not guidance, a definition, a contents line, an example or
        another procurement."""
        return not self.other and self.part not in NOT_OWN_PARTS and self.force != "example"


def reads(reader: str, clause: Clause | None) -> bool:
    """Whether a fact reader (``readers`` in clauses.yaml) reads a clause. A sentence with no
    clause (built by hand in a test) is read. Answered once a (reader, clause) pair: the
    extractors ask it of every sentence, and a pack has a few hundred distinct clauses."""
    if clause is None:
        return True
    # Keyed by the clause object first: the pack's sentences share a few hundred clause objects,
    # and hashing a clause's ten fields for every call was most of the cost. The entry holds
    # the clause, so its id is not reused while the entry lives.
    entry = _BY_OBJECT.get(id(clause))
    if entry is None or entry[0] is not clause:
        if len(_BY_OBJECT) >= _BY_OBJECT_KEEP:
            _BY_OBJECT.clear()
        entry = _BY_OBJECT[id(clause)] = (clause, {})
    answers = entry[1]
    answer = answers.get(reader)
    if answer is None:
        answer = answers[reader] = _reads(reader, clause)
    return answer


_BY_OBJECT: dict[int, tuple[Clause, dict[str, bool]]] = {}
_BY_OBJECT_KEEP = 20_000


@functools.lru_cache(maxsize=20_000)
def _reads(reader: str, clause: Clause) -> bool:
    spec = vocabulary()["readers"][reader]
    if spec.get("own") and not clause.own:
        return False
    if spec.get("later_call_offs") is False and clause.later_call_off:
        return False
    if spec.get("follow_ups") and clause.follow_up:
        clause = replace(clause, force="must")
    checks = (
        ("parts", clause.part),
        ("stages", clause.stage),
        ("forces", clause.force),
        ("procedures", clause.procedure),
        ("document_parts", clause.document_part),
    )
    for key, value in checks:
        if key in spec and value not in spec[key]:
            return False
        if f"not_{key}" in spec and value in spec[f"not_{key}"]:
            return False
    return True


@functools.lru_cache(maxsize=1)
def vocabulary() -> dict:
    from tendercheck.data import data_yaml

    return data_yaml("clauses.yaml")


# --- lemma-normalised phrase matching ------------------------------------------------------


def lemma_norm(nlp, doc):
    """Set each token's LEMMA to its lookup lemma and its NORM to its lower-cased lemma
    ("Bidders" -> "bidder"), so phrase lists match on lemmas whatever the case.

    One pass over the tokens does both: the pipeline has no spaCy lemmatizer (see
    :func:`tendercheck.nlp.pipeline.get_nlp`). The lemma is exactly what spaCy's lookup
    lemmatizer sets: ``lemma_lookup[text]``, else the text, and only on a token with no lemma
    yet. Both depend on the token's text alone, so they are worked out once per word (per
    ``orth``); the lemma is set by its string id (spaCy lets the norm be set as a string only)."""
    lookup = _lemma_lookup(nlp)
    strings = doc.vocab.strings
    words = _words_of(strings)
    lemmas: list[str] = []  # each token's lower-cased lemma, else its lower-cased text
    append = lemmas.append
    for token in doc:
        if token.lemma != 0:  # a lemma set before this component (another lemmatizer): kept
            low = _low(token)
            token.norm_ = lookup(low) if lookup is not None else low
            append(token.lemma_.lower() or low)
            continue
        word = words.get(token.orth)
        if word is None:
            word = words[token.orth] = _word(token, lookup, strings)
        if word[0]:
            token.lemma = word[0]
        token.norm_ = word[1]
        append(word[2])
    doc.user_data[LEMMAS_KEY] = lemmas
    return doc


def _low(token) -> str:
    low = token.lower_
    return low.replace("’", "'") if "’" in low else low  # "Buyer’s" matches "Buyer's"


def _word(token, lookup, strings) -> tuple[int, str, str]:
    """(lemma id, 0 to leave none; norm; the lemma for Sentence.lemmas) of a token that has no
    lemma yet."""
    low = _low(token)
    if lookup is None:  # no lookups data: no lemma, the norm is the lower-cased text
        return 0, low, low
    lemma = lookup(token.text)
    return strings.add(lemma), lookup(low), lemma.lower() or low


def _words_of(strings) -> dict[int, tuple[int, str, str]]:
    """orth -> _word(...) for one StringStore (the ids are that store's strings)."""
    cached = _WORDS.get(id(strings))
    if cached is None or cached[0] is not strings:
        cached = _WORDS[id(strings)] = (strings, {})
    return cached[1]


_WORDS: dict[int, tuple] = {}


LEMMAS_KEY = "tendercheck_lemmas"


def _lemma_lookup(nlp):
    """text -> lookup lemma (the text itself when the table lacks it), memoised; None when the
    lookups data is missing. ``nlp`` is the pipeline being served (every one reads the same
    English table)."""
    global _LOOKUP
    if _LOOKUP is None:
        from tendercheck.nlp.pipeline import lemma_table

        table = lemma_table()
        if table is None:
            _LOOKUP = False
        else:
            memo: dict[str, str] = {}

            def lookup(text: str) -> str:
                lemma = memo.get(text)
                if lemma is None:
                    found = table.get(text, text)
                    lemma = memo[text] = found if isinstance(found, str) else found[0]
                return lemma

            _LOOKUP = lookup
    return _LOOKUP or None


_LOOKUP = None  # the memoised lookup, once built; False when there is no table


class ClauseMatcher:
    """The vocabularies compiled once per process: one PhraseMatcher over NORM (lemmas)."""

    def __init__(self, nlp):
        from spacy.matcher import PhraseMatcher

        vocab = vocabulary()
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.labels: dict[int, str] = {}
        force = vocab["force"]
        groups: dict[str, list[str]] = {
            "EXAMPLE_OPEN": vocab["example_openers"],
            "COND_OPEN": force["conditional_openers"],
            "COND": force["conditional"],
            "FOLLOW_UP": force["answer_follow_ups"],
            "MAY": force["may"],
            "MUST_NOT_MAY": force["must_not_may"],
            "MUST": force["must"],
            "IMPERATIVE": force["imperatives"],
            "NOT_IMPERATIVE": force["not_imperatives"],
            "EQUIVALENT": vocab["equivalent"],
        }
        for part, phrases in vocab["part_cues"].items():
            groups[f"PART_{part}"] = phrases
        for stage, phrases in vocab["stage"].items():
            groups[f"STAGE_{stage}"] = phrases
        for label, phrases in groups.items():
            self._add(label, phrases)
        # Part and procedure names, matched over titles and headings (not sentences).
        self.names = PhraseMatcher(nlp.vocab, attr="NORM")
        for part, phrases in vocab["part_names"].items():
            self._add(f"PART_{part}", phrases, self.names)
        for part, phrases in vocab["part_families"].items():
            self._add(f"FAMILY_{part}", phrases, self.names)
        self.part_priority = tuple(vocab["part_name_priority"])
        for proc, phrases in vocab["procedure"].items():
            self._add(f"PROC_{proc}", phrases, self.names)
        self._add("AWARD_DOCUMENT", vocab["award_document_names"], self.names)
        self._add("DELIVERY_DOCUMENT", vocab["delivery_document_names"], self.names)
        self._add(
            "HEADING_AWARD",
            vocab["stage"]["award"] + vocab["stage"]["winner"] + vocab["award_section_names"],
            self.names,
        )
        self.field_patterns = [re.compile(p, re.IGNORECASE) for p in vocab["form_field_patterns"]]
        self.definition_patterns = [re.compile(p) for p in vocab["definition_patterns"]]
        self.lot_re = re.compile(vocab["lot_pattern"], re.IGNORECASE)
        self.reference_res = [
            re.compile(p, re.IGNORECASE) for p in vocab["procurement_reference_patterns"]
        ]
        self.default_stage: dict[str, str] = vocab["default_stage"]
        self.new_unit_re = re.compile(vocab["new_unit_heading"])
        self.reference_line_re = re.compile(vocab["reference_line"])
        self.lot_entry_re = re.compile(vocab["lot_entry"])
        self.pseudo_bullet_re = re.compile(vocab["pseudo_bullet"])
        self.call_off_requirement_re = re.compile(vocab["call_off_requirement"])
        self.contents_counters = frozenset(vocab["contents_entry_counters"])
        self.contents_reach = int(vocab["contents_entry_reach"])
        self.notice_fields = [
            (f["part"], f.get("force"), [re.compile(p) for p in f["headings"]])
            for f in vocab["notice_fields"]
        ]
        self.guidance_section_re = re.compile(vocab["guidance_section_heading"])
        self.back_reference_re = re.compile(vocab["back_reference"])
        self.guidance_note_re = re.compile(vocab["guidance_note"])
        self.requirement_header_re = re.compile(vocab["requirement_header"])
        self.whether_verbs = frozenset(vocab["whether_verbs"])
        self.not_duties = tuple(vocab["force"]["not_duties"])
        self.amendment_res = [re.compile(p) for p in vocab["force"]["amendments"]]
        self.amendment_words = tuple(vocab["force"]["amendment_words"])
        self.question_parts = frozenset(vocab["force"]["question_parts"])
        self.duty_parts = frozenset(vocab["force"]["duty_parts"])
        self.required_binds_after = frozenset(vocab["force"]["required_binds_after"])
        self.required_after = frozenset(vocab["force"]["required_after"])
        self.required_describes = frozenset(vocab["force"]["required_describes"])
        self.duty_verbs = frozenset(vocab["force"]["duty_verbs"])
        self.blank_row_parts = frozenset(vocab["blank_row_parts"])
        self.staged_parts = frozenset(vocab["staged_parts"])
        self.notice_staged_parts = frozenset(vocab["notice_staged_parts"])
        self.parties = frozenset(vocab["parties"])
        self.relative_words = frozenset(vocab["force"]["relative_words"])
        self.relative_pronouns = frozenset(vocab["force"]["relative_pronouns"])

    def _add(self, label: str, phrases: list[str], matcher=None) -> None:
        matcher = matcher if matcher is not None else self.matcher
        key = self.nlp.vocab.strings.add(label)
        self.labels[key] = label
        matcher.add(label, [lemma_norm(self.nlp, self.nlp.make_doc(p)) for p in phrases])

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one matcher per process, titles repeat
    def name_matches(self, text: str) -> tuple[tuple[str, int, int], ...]:
        """(label, start char, end char) of part and procedure names in a title or heading."""
        doc = lemma_norm(self.nlp, self.nlp.make_doc(text))
        return tuple(
            (self.labels[k], doc[s].idx, doc[e - 1].idx + len(doc[e - 1]))
            for k, s, e in self.names(doc)
        )


@functools.lru_cache(maxsize=1)
def get_matcher() -> ClauseMatcher:
    from tendercheck.nlp.pipeline import get_nlp

    return ClauseMatcher(get_nlp())


# --- parts from names and headings -----------------------------------------------------------


def named_part(matcher: ClauseMatcher, text: str) -> str | None:
    """The part a title or heading names: a name of another procurement first, then the longest
    name, the later one on a tie ("Schedule 4 – Specification" is the specification); a family
    name ("Framework Schedule 1") only when nothing else is named."""
    found = _named(matcher, text)
    return found[1] if found else None


def _named(matcher: ClauseMatcher, text: str, skip: tuple[str, ...] = ()) -> tuple[int, str] | None:
    """(rank, part) of the name that decides ``text``'s part (rank 0 for a family name), leaving
    out the parts in ``skip``."""
    best: tuple[int, int, int, str] | None = None
    for label, start, end in matcher.name_matches(text):
        kind, _, part = label.partition("_")
        if kind == "PART" and part not in skip:
            rank = 2 if part in matcher.part_priority else 1
        elif kind == "FAMILY":
            rank = 0
        else:
            continue
        key = (rank, end - start, start, part)
        if best is None or key[:3] > best[:3]:
            best = key
    return (best[0], best[3]) if best else None


# Parts a document's opening lines may name without being what the document is: its title is
# often followed by a "Definitions" or "Contents" heading, or opens with notes on using it.
_WEAK_TITLE_PARTS = ("definitions", "contents", "guidance")


def _document_part(matcher: ClauseMatcher, title: str, stem: str) -> str:
    """A document's part: what its title names, else its file name, else its family ("Joint
    Schedule 5"), else a weaker name in its title (a "Definitions" heading under it), else
    instructions."""
    for text, skip in ((title, _WEAK_TITLE_PARTS), (stem, ())):
        found = _named(matcher, text, skip)
        if found and found[0] > 0:
            return found[1]
    family = next(
        (
            label.partition("_")[2]
            for label, _s, _e in matcher.name_matches(f"{title} {stem}")
            if label.startswith("FAMILY_")
        ),
        None,
    )
    if family:
        return family
    return named_part(matcher, title) or "instructions"


def document_procedure(matcher: ClauseMatcher, name: str, texts: list[str]) -> str:
    """The procedure a document runs under: the one its file name gives, else the most telling
    one its title, headings and opening text name (a DPS or a framework, though it is let by
    an open procedure, is a DPS or a framework)."""
    vocab = vocabulary()
    for group, order in (
        ([name], vocab["name_procedure_priority"]),
        (texts, vocab["procedure_priority"]),
    ):
        found = {
            label[5:]
            for text in group
            for label, _start, _end in matcher.name_matches(text)
            if label.startswith("PROC_")
        }
        if found:
            return min(found, key=order.index)
    return "unknown"


# Parts that hold only within their own heading's section; the others carry on past it, to the
# next heading that names a part (contract clauses headed "WAIVER", "SEVERABILITY" after
# "Conditions of Contract" are still terms).
LOCAL_PARTS = frozenset({"definitions", "contents", "guidance", "other_procurement"})


@dataclass
class DocumentFrame:
    """What a document says of itself: its part, procedure, lots and whether it belongs to the
    award or call-off; and the part its headings give each block."""

    part: str
    procedure: str
    lots: tuple[str, ...]
    award_document: bool  # completed or run at award or call-off (an order form, a procedure)
    delivery_document: bool  # completed during the contract (a variation form, a self-audit)
    block_parts: list[str]
    block_award: list[bool]  # under a heading about award ("Stage 5 Framework contract award")
    # A notice written out (clauses.yaml notice_fields): the force its field gives a line that
    # states none ("Lot 1, renewal": may), per block; empty for any other document.
    block_force: list[str | None] = field(default_factory=list)
    notice: bool = False
    # ...and the blocks that only name a field inside another's text ("Additional information:"
    # in a description): headings in effect.
    field_names: frozenset[int] = frozenset()


_SENTENCE_END = lazyre.compile(r"\w[\w)”’\"]*\s+\w+[^.]*[.;]\s*$")


def frame_document(matcher: ClauseMatcher, name: str, blocks) -> DocumentFrame:
    stem = re.sub(r"\.[a-z0-9]+$", "", name.rsplit("/", 1)[-1], flags=re.IGNORECASE)
    stem = re.sub(r"[_]+|(?<=[A-Za-z0-9])-(?=[A-Za-z])|(?<=[a-z])-(?=\d)", " ", stem)
    # A title is short lines, not a sentence: "The Order Form lists the key roles…" opening a
    # Key Supplier Staff schedule names no part of the pack.
    opening = [
        b.text
        for b in blocks[:6]
        if b.text.strip() and len(b.text) < 200 and not _SENTENCE_END.search(b.text)
    ]
    title = " ".join(opening[:3])
    notice = _notice_fields(matcher, blocks)
    part = "instructions" if notice else _document_part(matcher, title, stem)
    headings = [b.text for b in blocks if b.kind == "heading"]
    early = [b.text for b in blocks[:40] if b.kind != "heading" and len(b.text) < 300]
    procedure = document_procedure(matcher, stem, [title, *headings, *early])
    named = {label for label, _s, _e in matcher.name_matches(f"{stem} {title}")}
    return DocumentFrame(
        part=part,
        procedure=procedure,
        lots=lots_in(matcher, stem),
        award_document="AWARD_DOCUMENT" in named,
        delivery_document="DELIVERY_DOCUMENT" in named,
        block_parts=[p for p, _f, _l in notice] if notice else _block_parts(matcher, blocks, part),
        block_force=[f for _p, f, _l in notice] if notice else [],
        field_names=frozenset(i for i, (_p, _f, name) in enumerate(notice or ()) if name),
        notice=bool(notice),
        # A notice's title names the procurement ("… Direct Award – Materials Framework"), not
        # a section completed at award: only its fields' headings could.
        block_award=_block_award(matcher, blocks, skip_title=bool(notice)),
    )


def _notice_field(matcher: ClauseMatcher, heading: str) -> tuple[str, str | None] | None:
    """(part, force) a notice's field heading gives its section ("Lot 1, renewal": terms, may)."""
    heading = " ".join(heading.split())
    for part, force, patterns in matcher.notice_fields:
        if any(p.match(heading) for p in patterns):
            return part, force
    return None


def _notice_fields(matcher: ClauseMatcher, blocks) -> list[tuple[str, str | None, bool]] | None:
    """Each block's (part, force, whether it is a field's name alone) when the document is a notice written out (a title as its
    one top-level heading, then only sections named like a notice's fields, a description among
    them: clauses.yaml notice_fields), else None. The title is the notice's cover."""
    headings = [(i, b) for i, b in enumerate(blocks) if b.kind == "heading"]
    first = next((i for i, b in enumerate(blocks) if b.text.strip()), None)
    if len(headings) < 2 or headings[0][0] != first or (headings[0][1].level or 1) != 1:
        return None
    fields = {}
    for i, block in headings[1:]:
        found = _notice_field(matcher, block.text) if (block.level or 1) > 1 else None
        if found is None:
            return None
        fields[i] = found
    if "specification" not in {part for part, _force in fields.values()}:
        return None
    out, current = [], ("contents", None)
    for i, block in enumerate(blocks):
        label = False
        if i in fields:
            current = fields[i]
        elif block.kind != "heading" and (inline := _inline_field(matcher, block.text)):
            # A field's name written into another field's text ("Additional information:" in a
            # description): that field goes on to the next heading; the name alone is its
            # heading.
            current, label = inline, not block.text.partition(":")[2].strip()
        out.append((*current, label))
    return out


def _inline_field(matcher: ClauseMatcher, text: str) -> tuple[str, str | None] | None:
    """The field a paragraph opens by naming it ("Additional information:", "Additional
    information: see the portal"), else None."""
    name, colon, _rest = text.partition(":")
    if not colon or len(name) > 60:
        return None
    return _notice_field(matcher, name)


def _block_award(matcher: ClauseMatcher, blocks, skip_title: bool = False) -> list[bool]:
    """Whether each block sits under a heading about award or contract start (never under
    the title alone, with ``skip_title``: a notice's title names its procurement)."""
    stack: list[tuple[int, bool]] = []
    out = []
    for block in blocks:
        if block.kind == "heading":
            level = block.level or 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            award = not (skip_title and level == 1) and any(
                label == "HEADING_AWARD" for label, _s, _e in matcher.name_matches(block.text)
            )
            stack.append((level, award))
        out.append(any(award for _lv, award in stack))
    return out


def _block_parts(matcher: ClauseMatcher, blocks, document_part: str) -> list[str]:
    """The part each block's headings give it: the latest heading naming a part, where a local
    part (definitions, contents, a guidance box…) counts only up to the next heading."""
    # (level, part named, block index, whether the part is local to its heading)
    stack: list[tuple[int, str | None, int, bool]] = []
    carried: tuple[str, int, int] = (document_part, -1, 0)  # (part, block index, level)
    box_open = True
    cover = True  # the short lines a document opens with are its cover
    contents_run = False  # after a "Contents" line, the entries under it
    out = []
    for i, block in enumerate(blocks):
        if cover and not _cover_line(block):
            cover = False
        if contents_run and (block.kind == "table" or not _CONTENTS_LINE.match(block.text)):
            contents_run = False
        if not contents_run and block.kind != "table" and len(block.text.split()) <= 3:
            contents_run = named_part(matcher, block.text) == "contents"
        if not contents_run and i < matcher.contents_reach and _page_entries(matcher, blocks, i):
            contents_run = True  # a table of contents with no "Contents" line above it
        if block.kind == "heading":
            level = block.level or 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            named = named_part(matcher, block.text)
            if matcher.guidance_section_re.match(block.text):
                named = "guidance"  # "Annex A – Guidance on …": guidance for all its section
                local = False
            else:
                local = named in LOCAL_PARTS
            if named and not local:
                carried = (named, i, level)
            elif not named and (
                matcher.new_unit_re.match(block.text)
                or (level <= carried[2] and not _capitals(block.text))
            ):
                # A sibling heading that names nothing ends the carried part (back to the part
                # its parent headings name), unless it is a contract's clause heading in
                # capitals ("WAIVER") under flattened levels; a new schedule or annex always does.
                parent = _parent_part(stack)
                carried = (
                    parent
                    if parent and not matcher.new_unit_re.match(block.text)
                    else (document_part, i, 0)
                )
            stack.append((level, named, i, local))
            box_open = True
        elif block.kind == "paragraph" and _pseudo_heading(matcher, block.text, document_part):
            # A line in capitals, or a bare part name ("Instructions"), heads a section without a
            # heading style ("CALL-OFF INCORPORATED TERMS"): it carries the part it names, and
            # one naming nothing ends it.
            named = named_part(matcher, block.text)
            if named and named not in LOCAL_PARTS:
                carried = (named, i, _PSEUDO_LEVEL)
            elif carried[2] == _PSEUDO_LEVEL:
                carried = _parent_part(stack) or (document_part, -1, 0)
        elif box_open and block.kind != "table" and _ends_box(block.text):
            box_open = False
        # A local part holds only up to the next heading of any level; a guidance box ends
        # sooner, at the first question or answer field after it: "Guidance" boxes in
        # e-sourcing exports sit above the questions, not around them.
        top = stack[-1] if stack and stack[-1][3] else None
        if top and top[1] == "guidance" and not box_open:
            top = None
        if cover or contents_run:
            out.append("contents")
        else:
            out.append(top[1] if top else carried[0])
    return out


_PAGE_ENTRY = lazyre.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?(\S.{2,150}?)\s+(\d{1,3})\s*$")


def _page_entries(matcher: ClauseMatcher, blocks, i: int, run: int = 3) -> bool:
    """Whether blocks i… open a run of contents entries: ``run`` paragraphs or list items, each
    a title ending in a page number (not a count: "Lot 3"), the numbers never falling."""
    pages = []
    for block in blocks[i : i + run]:
        if block.kind not in ("paragraph", "list_item"):
            return False
        m = _PAGE_ENTRY.match(block.text)
        if not m:
            return False
        words = m.group(1).split()
        if words[-1].lower().strip(":.,") in matcher.contents_counters:
            return False
        pages.append(int(m.group(2)))
    return len(pages) == run and all(a <= b for a, b in itertools.pairwise(pages))


def _parent_part(stack) -> tuple[str, int, int] | None:
    """(part, block, level) the nearest open heading names, local parts aside."""
    return next(((p, j, lv) for lv, p, j, loc in reversed(stack) if p and not loc), None)


_PSEUDO_LEVEL = 99  # the level of a line in capitals that heads a section of a form


def _pseudo_heading(matcher: ClauseMatcher, text: str, document_part: str) -> bool:
    """A line that heads a section without a heading style: in capitals, or, in a form, a bare
    part name ("Instructions")."""
    words = text.split()
    if _capitals(text) and len(words) <= 8:
        return True
    return (
        document_part == "form"
        and len(words) <= 3
        and text.strip()[-1:].isalpha()
        and named_part(matcher, text) not in (None, *LOCAL_PARTS)
    )


# A contents entry standing alone: "3." or "The competition 6" or "Annex 1 Glossary … 22".
_CONTENTS_LINE = lazyre.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?(?:\s+[^?!]{1,150}?\s\d{1,3})?|[^?!]{1,150}?\s\d{1,3})\s*$"
)


def _cover_line(block) -> bool:
    """A title-page line: short, no sentence end, and nothing a fact is read from (a date, a
    figure, a field: "Issue Date: (Date)" is the tender's own)."""
    text = block.text.strip()
    return (
        block.kind != "table"
        and bool(text)
        and len(text.split()) <= 12
        and text[-1] not in ".?!:;"
        and not re.search(r"[\[(:\d£%]", text)
    )


def _label_like(text: str) -> bool:
    """A short line with no sentence end: an answer field's label or a row of options
    ("Postcode", "Registered VAT number", "Yes No Not applicable")."""
    text = text.strip()
    return (
        bool(text)
        and text[-1] not in ".?!;,:)"
        and text[0] not in "(["
        and not re.search(r"[\d£$€%]", text)
        and len(text.split()) <= 6
        and re.search(r"[^\W\d_]{2}", text) is not None
    )


def _blank_row(text: str) -> bool:
    """A table row of labels with cells left blank to fill in ("Customer email | ",
    "Emp No | | | |"): every cell is empty or a short label."""
    cells = [c.strip() for c in text.split("|")]
    filled = [c for c in cells if c]
    return (
        len(cells) >= 2
        and 0 < len(filled) * 2 <= len(cells)
        and all(_label_like(c.rstrip(":")) for c in filled)
    )


def _ends_box(text: str) -> bool:
    return text.rstrip().endswith("?") or _label_like(text)


def _capitals(text: str) -> bool:
    """All in capitals, but for a possessive or plural "'s" ("KPI’s")."""
    letters = [c for c in re.sub(r"['’]s\b", "", text) if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


_NUMBERED = lazyre.compile(r"\d+(?:\.\d+)*\.?")
_LETTERED = lazyre.compile(r"\(?([a-z]{1,2}|[ivxl]{1,5}|[A-Z]{1,2}|[IVXL]{1,5})[.)]")
_ROMAN = lazyre.compile(r"[ivxl]{1,5}|[IVXL]{1,5}")


def list_depth(label: str | None) -> int | None:
    """How deep a numbered list item sits, from its label: "2" 1, "2.4" 2, "2.4.1" 3, then
    "(a)" below any number, "(i)" below that and "(A)" below that; None for a bullet or an
    unknown label. Only comparisons within one list are meaningful."""
    if not label:
        return None
    label = label.strip()
    if _NUMBERED.fullmatch(label):
        return label.rstrip(".").count(".") + 1
    m = _LETTERED.fullmatch(label)
    if m is None:
        return None
    mark = m.group(1)
    if mark in ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x") or (
        len(mark) > 1 and _ROMAN.fullmatch(mark) and mark.islower()
    ):
        return 11
    if mark.islower():
        return 10
    if _ROMAN.fullmatch(mark) and len(mark) > 1:
        return 13
    return 12


def lots_in(matcher: ClauseMatcher, text: str) -> tuple[str, ...]:
    """Lots a text names: "Lots 1a and 1b" -> ("1a", "1b"); "Lots 1 to 3" -> ("1", "2", "3")."""
    low = text.lower()
    if "lot" not in low or re.search(
        r"\b(?:except|excluding|other than|apart from)\s+lots?\b", low
    ):
        return ()  # "All Lots (except Lot 1b)" names the lots it leaves out
    found: list[str] = []
    for m in matcher.lot_re.finditer(text):
        names = re.findall(r"\d{1,2}[a-z]?|\b[a-z]\b|to|-|–", m.group(1).lower())
        names = [n for n in names if n not in ("and", "or", "lot")]
        i = 0
        while i < len(names):
            n = names[i]
            if n in ("to", "-", "–"):
                if found and i + 1 < len(names) and found[-1].isdigit() and names[i + 1].isdigit():
                    lo, hi = int(found[-1]), int(names[i + 1])
                    if 0 < hi - lo <= 20:
                        found.extend(str(k) for k in range(lo + 1, hi + 1))
                        i += 2
                        continue
                i += 1
                continue
            found.append(n)
            i += 1
    return tuple(dict.fromkeys(f for f in found if f not in ("to", "-", "–")))


# --- one unit ----------------------------------------------------------------------------------

_LEADING_LABEL = lazyre.compile(
    r"^\s*(?:[\divxlc]{1,4}[.)]|\(?[a-z\d]{1,3}\)|\d+(?:\.\d+)*\.?|[•▪◦·\-–*])\s+", re.IGNORECASE
)


def classify(
    matcher: ClauseMatcher,
    frame: DocumentFrame,
    span,
    matches: list[tuple[str, int, int]],
    section: tuple[str, ...],
    kind: str,
    lead_in: Clause | None = None,
    span_block: int = -1,
    lot_scope: tuple[str, ...] = (),
    text: str | None = None,
    lot_list: bool = False,
) -> Clause:
    """The clause of one sentence or table row. ``matches`` are (label, start token, end token)
    within ``span``'s doc, already limited to the span. A list item with no force of its own
    continues its lead-in ("The Supplier shall:" … "maintain the policies"). ``text`` is the
    span's text when the caller has it (spaCy's ``span.text`` joins the tokens anew each time).
    ``lot_list``: a notice's description has set out how the procurement is divided ("… divided
    into three lots as follows:"), so a line naming one lot is that structure."""
    if text is None:
        text = span.text
    labels = {m[0] for m in matches}
    if any(p.search(text) for p in matcher.definition_patterns):
        labels.add("PART_definitions")
    if _WEIGHT.search(text):
        labels.add("WEIGHT")
    if "(" in text and matcher.reference_line_re.match(text):
        labels.add("PART_contents")  # "(Ref: 4471)": the document's own reference
    if lot_list and frame.notice and matcher.lot_entry_re.match(text):
        labels.add("PART_structure_in_notice")  # "Lot 2 – Haulage of plant" in the lots' list
    part = _part(frame, span_block, labels)
    if span_block in frame.field_names:
        kind = "heading"  # a notice's field named inside another field's text
    # In a questionnaire, a short line with no sentence end is an answer field or its options.
    field = kind != "heading" and (
        _is_field(matcher, text)
        or (
            kind == "paragraph"
            and part in ("selection", "form")
            and not frame.notice  # a notice's short lines are its text, not answer fields
            and _label_like(text)
        )
        or (kind == "table" and part in matcher.blank_row_parts and _blank_row(text))
    )
    if field and part not in ("definitions", "guidance"):
        part = "form"
    # A unit wholly in square brackets is a drafting note or a gap to fill, not a demand; a long
    # one is a note to whoever completes the template ("[As a general rule, specifications …]").
    bracketed = text.lstrip().startswith("[") and text.rstrip(" .").endswith("]")
    if bracketed and len(text.split()) > 8 and part not in ("definitions", "form"):
        part = "guidance"
    # Headings, blank fields, bracketed notes, definitions and contents lines bind no one.
    inert = kind == "heading" or field or bracketed or part in ("definitions", "contents")
    force = "none" if inert else _force(matcher, span, matches, labels, text)
    if (
        force == "none"
        and not inert
        and 0 <= span_block < len(frame.block_force)
        and any(c.isalpha() for c in text)
    ):
        force = frame.block_force[span_block] or force  # a notice's options: may
    if lead_in is not None and (
        (
            kind == "list_item"
            and (force == "none" or (force == "must" and lead_in.force == "conditional"))
        )
        or (kind == "table" and force == "none" and lead_in.force == "must" and part != "form")
    ):
        # An item continues its lead-in, and a condition on the lead-in governs its items
        # ("in any of the following events:" … "the Supplier shall …").
        force = lead_in.force
    # A list item in a specification or contract opening with a verb of delivery is a duty
    # ("Develop new monitoring tools;"), as a list under "The Supplier shall:" is.
    if (
        force == "none"
        and kind == "list_item"
        and part in matcher.duty_parts
        and span.doc[_first_word(span)].norm_ in matcher.duty_verbs
    ):
        force = "must"
    # A question put to bidders in a questionnaire is the demand ("Do you hold…?").
    if force == "none" and part in matcher.question_parts and text.rstrip().endswith("?"):
        force = "must"
    if "STAGE_winner" in labels and all(
        _inside(start, end, matches, "STAGE_winner")
        for label, start, end in matches
        if label == "STAGE_bid"
    ):
        labels.discard("STAGE_bid")  # "the successful bidder" is the winner, not a bidder
    if (
        frame.notice
        and force == "must"
        and part in ("specification", "instructions")
        and "PART_selection_in_notice" in labels
        and "STAGE_winner" not in labels
    ):
        part = "selection"  # "Bidders must demonstrate previous experience of …"
    stage = (
        _stage(matcher, frame, part, labels, kind, force, span_block)
        if field or kind == "table" or any(c.isalnum() for c in text)
        else "none"  # a rule line ("/////", "* * *") states nothing, at no stage
    )
    equivalent = "EQUIVALENT" in labels
    # Lots: the unit's own, else a lead-in's ("Standards for Lots 1a, 1b:" and what follows it),
    # else its headings', else its document's name.
    lots = lots_in(matcher, text) or lot_scope or _section_lots(matcher, section) or frame.lots
    follow_up = (
        force == "conditional"
        and "FOLLOW_UP" in labels
        and not any(
            label in ("COND", "COND_OPEN") and not _inside(start, end, matches, "FOLLOW_UP")
            for label, start, end in matches
        )
    )
    return Clause(
        part=part,
        stage=stage,
        force=force,
        follow_up=follow_up,
        document_part=frame.part,
        equivalent=equivalent,
        lots=lots,
        other=part == "other_procurement",
        procedure=frame.procedure,
        notice=frame.notice,
    )


_WEIGHT = lazyre.lazy(compile_filtered, r"\b\d{1,3}(?:\.\d+)?\s?%")


def _inside(start: int, end: int, matches, label: str) -> bool:
    return any(lb == label and s <= start and end <= e for lb, s, e in matches)


_IN_NOTICE_INSTRUCTIONS = frozenset({"PART_instructions_in_notice", "PART_structure_in_notice"})


def _part(frame: DocumentFrame, block: int, labels: set[str]) -> str:
    for own in ("definitions", "other_procurement", "guidance", "contents"):
        if f"PART_{own}" in labels:
            return own
    part = frame.block_parts[block] if 0 <= block < len(frame.block_parts) else frame.part
    if frame.notice and part == "specification" and labels & _IN_NOTICE_INSTRUCTIONS:
        return "instructions"  # "Tenders are invited…", "see the ITT documents on the portal"
    if (
        frame.notice
        and part in ("specification", "instructions")
        and "PART_evaluation_in_notice" in labels
    ):
        return "evaluation"  # "Prices for each lot will be assessed separately"
    if frame.notice and part == "instructions" and "PART_terms_in_notice" in labels:
        return "terms"  # "Under the terms of this contract the supplier will be required to…"
    if "PART_guidance_outside_terms" in labels and part != "terms":
        return "guidance"
    if part == "form" and ("PART_evaluation" in labels or "WEIGHT" in labels):
        return "evaluation"  # a scored question in a response form
    return part


def _is_field(matcher: ClauseMatcher, text: str) -> bool:
    return len(text) < 240 and any(p.search(text) for p in matcher.field_patterns)


def _force(matcher: ClauseMatcher, span, matches, labels: set[str], text: str) -> str:
    first = _first_word(span)
    for label, start, _end in matches:
        if label == "EXAMPLE_OPEN" and start == first:
            return "example"
    # A condition in brackets qualifies a detail ("accounts (audited if required by law)"),
    # not the whole demand, unless the unit is all brackets ("(except sole traders)"). Without
    # a "(" in the text no token opens a bracket: nothing to walk.
    bracketed = _bracketed(span) if matches and "(" in text else set()
    modals = {s for label, s, _e in matches if label == "MUST"}
    for label, start, end in matches:
        # "(if any)", "(where applicable)" on the thing asked, or "must (unless self-insuring)"
        # on the duty itself: the whole demand is conditional.
        if (
            start in bracketed
            and not (label == "COND" and _whole_bracket(span, start, end))
            and not (label in ("COND", "COND_OPEN") and _opens_after(span, start, modals))
        ):
            continue
        if label == "COND_OPEN" and (
            start == first or _after_break(span, start) or _mid_if(matcher, span, start)
        ):
            return "conditional"
        if label == "COND":
            return "conditional"
    low = text.lower()
    if any(w in low for w in matcher.amendment_words) and any(
        p.search(text) for p in matcher.amendment_res
    ):
        return "none"  # it changes a document's words, it binds no one
    # Between "may" and "must", the first modal governs: "The Supplier shall … where it may"
    # is a duty; "We may ask … and you must then" is at the buyer's choice.
    prohibitions = [(s, e) for label, s, e in matches if label == "MUST_NOT_MAY"]
    rights = [(s, e) for label, s, e in matches if label == "MAY" and e - s > 1]
    modal: tuple[int, str] | None = None
    for label, start, end in matches:
        if label == "MUST" and any(s <= start and end <= e for s, e in rights):
            continue  # the "shall" of "shall be entitled to" grants a right
        if label == "MAY":
            if (
                any(s <= start and end <= e for s, e in prohibitions)
                or _is_month(span.doc, start, end)
                or _relative(matcher, span, start)
            ):
                continue
            found = (start, "may")
        elif label == "MUST_NOT_MAY" or (label == "MUST" and _binding(matcher, span, start, end)):
            found = (start, "must")
        else:
            continue
        if modal is None or found[0] < modal[0]:
            modal = found
    if modal is not None:
        return modal[1]
    things = {start for label, start, _e in matches if label == "NOT_IMPERATIVE"}
    if any(
        label == "IMPERATIVE"
        and start not in things
        and (
            start == first
            or _after_stop(span, start)
            or _please(span, start)
            or _after_purpose(span, first, start)
        )
        for label, start, _e in matches
    ):
        return "must"
    return "none"


def _after_purpose(span, first: int, start: int) -> bool:
    """An order after the purpose that opens the unit ("To obtain the documents register on
    the portal", "To bid, complete the form"), not the purpose's own verb ("To register, …")."""
    doc = span.doc
    return (
        doc[first].lower_ == "to"
        and first + 1 < start <= first + _PURPOSE_REACH
        and doc[start - 1].lower_ != "to"
    )


_PURPOSE_REACH = 8  # tokens from the opening "To" within which the order follows its purpose


def _please(span, start: int) -> bool:
    """A "please" in mid-sentence asks the reader all the same ("To register your interest,
    please visit…"), but for "please note", an aside."""
    doc = span.doc
    return doc[start].lower_ == "please" and not (
        start + 1 < span.end and doc[start + 1].lower_ == "note"
    )


def _whole_bracket(span, start: int, end: int) -> bool:
    """Whether tokens start..end fill a pair of round brackets on their own: "(if any)"."""
    doc = span.doc
    return start > 0 and end < len(doc) and doc[start - 1].text == "(" and doc[end].text == ")"


def _relative(matcher: ClauseMatcher, span, start: int) -> bool:
    """Whether a "may" at ``start`` sits in a relative clause ("such other checks as the Buyer
    may specify", "which may include"): it qualifies a thing, it is not the unit's modal."""
    word = span.doc[start].lower_
    if word not in ("may", "can", "could", "might"):
        return False
    if start > span.start and span.doc[start - 1].lower_ in matcher.relative_pronouns:
        return True
    before = span.doc[max(span.start, start - 3) : start]
    return any(t.lower_ in matcher.relative_words for t in before)


def _opens_after(span, start: int, modals: set[int]) -> bool:
    """Whether token ``start`` opens a bracket that follows a modal: "must (unless …)"."""
    doc = span.doc
    return start >= 2 and doc[start - 1].text == "(" and (start - 2) in modals


def _bracketed(span) -> set[int]:
    """Token indexes inside round brackets, when the unit has words outside them."""
    inside: set[int] = set()
    depth, outside = 0, False
    for token in span:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth = max(0, depth - 1)
        elif depth:
            inside.add(token.i)
        elif not token.is_punct:
            outside = True
    return inside if outside else set()


_QUESTION_ID = lazyre.compile(r"[A-Z]{1,3}-?\d{1,3}[a-z]?(?:\.\d{1,3})*")


def _first_word(span) -> int:
    """Token index of the unit's first word, past a clause number or bullet."""
    for token in span:
        if (
            token.is_punct
            or token.like_num
            or token.is_space
            or (
                len(token.text) <= 2
                and (token.text.rstrip(").").isdigit() or token.text in ("(", ")", "•", "-", "–"))
            )
        ):
            continue
        if re.fullmatch(r"[\divxlc]{1,4}[.)]?|[a-z][.)]", token.text, re.IGNORECASE) and (
            token.i + 1 < span.end and span.doc[token.i + 1].text in (".", ")")
        ):
            continue
        if token.i == span.start and _QUESTION_ID.fullmatch(token.text):
            continue  # a question's reference: "A-5 Please provide…", "QU01 Describe…"
        return token.i
    return span.start


def _mid_if(matcher: ClauseMatcher, span, start: int) -> bool:
    """ "X if Y" in mid-sentence is a condition, unless "if" means "whether" ("confirm if")."""
    token = span.doc[start]
    if token.lower_ != "if" or start <= span.start:
        return False
    before = span.doc[max(span.start, start - 2) : start]
    return not any(t.norm_ in matcher.whether_verbs for t in before)


def _binding(matcher: ClauseMatcher, span, start: int, end: int) -> bool:
    """A bare "will" binds when a party is its subject; every other must-phrase ("will be
    excluded" too) binds, but for "shall" or "will" before a verb saying how the contract works
    ("Termination shall not affect any rights")."""
    word = span.doc[start].lower_
    if end - start == 1 and word == "required":
        return _required_binds(matcher, span, start)
    if end - start == 1 and word in ("shall", "will"):
        after = [t.norm_ for t in span.doc[end : min(span.end, end + 4)] if t.norm_ != "not"]
        following = " ".join(after)
        if any(following == p or following.startswith(p + " ") for p in matcher.not_duties):
            return False
    if end - start != 1 or word != "will":
        return True
    before = span.doc[max(span.start, start - 4) : start]
    return any(t.norm_ in matcher.parties for t in before)


def _required_binds(matcher: ClauseMatcher, span, start: int) -> bool:
    """ "Are required", "as required", "Insurance required:" bind; "the required documents",
    "the work required under this lot" name a thing (clauses.yaml force.required_*)."""
    doc = span.doc
    if start == span.start or start + 1 >= span.end:
        return True
    before = doc[max(span.start, start - 3) : start]
    if any(t.lower_ in matcher.required_binds_after for t in before):
        return True
    return not (
        doc[start - 1].lower_ in matcher.required_after
        or doc[start + 1].lower_ in matcher.required_describes
    )


def _after_break(span, start: int) -> bool:
    return start > span.start and span.doc[start - 1].text in (
        ",",
        ";",
        "(",
        ":",
        "–",
        "—",
        "|",
        ".",
    )


def _after_stop(span, start: int) -> bool:
    """At the start of a table cell or of a sentence inside the unit."""
    return start > span.start and span.doc[start - 1].text in ("|", ".", ":")


def _is_month(doc, start: int, end: int) -> bool:
    """ "May" the month, not the modal: next to a number ("15 May 2025", "May 2026")."""
    if doc[start].text != "May":
        return False
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    return bool((before is not None and before.like_num) or (after is not None and after.like_num))


def _stage(
    matcher, frame: DocumentFrame, part: str, labels: set[str], kind: str, force: str, block: int
) -> str:
    if part in ("definitions", "contents", "other_procurement") or kind == "heading":
        return "none"
    if "STAGE_award" in labels or ("STAGE_winner" in labels and part not in matcher.duty_parts):
        return "award"
    if "STAGE_bid" in labels and part != "terms":
        return "bid"
    if "STAGE_delivery" in labels:
        return "delivery"
    if (
        force == "none"
        and part not in matcher.staged_parts
        and frame.part != "form"
        and not (
            frame.notice
            and part in matcher.notice_staged_parts
            and not _notice_structure(frame, labels, block)
        )
    ):
        # A statement that asks nothing bites at no stage, but for the lines of a form, a
        # questionnaire or a price schedule, which belong to the stage they are completed at.
        return "none"
    if frame.award_document or (0 <= block < len(frame.block_award) and frame.block_award[block]):
        return "award"
    if frame.delivery_document or (part == "form" and frame.part == "terms"):
        # A form inside a contract schedule (a confidentiality declaration, a deed's execution
        # block) is completed while the contract runs, not with the bid.
        return "delivery"
    return matcher.default_stage.get(part, "none")


def _notice_structure(frame: DocumentFrame, labels: set[str], block: int) -> bool:
    """A line of a notice's description on how the procurement is set up ("The Council intend
    to appoint a sole provider"): how to take part, but at no stage, unlike the notice's closing
    notes ("NOTE: The authority is using the portal to carry out this procurement process")."""
    return (
        "PART_structure_in_notice" in labels
        and 0 <= block < len(frame.block_parts)
        and frame.block_parts[block] == "specification"
    )


def _section_lots(matcher: ClauseMatcher, section: tuple[str, ...]) -> tuple[str, ...]:
    for heading in reversed(section):
        found = lots_in(matcher, heading)
        if found:
            return found
    return ()


# --- the pack ----------------------------------------------------------------------------------


def pack_procedure(sentences) -> str:
    """The procedure most of the pack's documents name (a DPS or framework wins over the
    call-off templates that come with it)."""
    counts: Counter[str] = Counter()
    seen: set[int] = set()
    for s in sentences:
        if s.clause is None or s.doc_index in seen:
            continue
        seen.add(s.doc_index)
        if s.clause.procedure != "unknown":
            counts[s.clause.procedure] += 1
    for proc in ("dps", "framework"):
        if counts.get(proc):
            return proc
    return counts.most_common(1)[0][0] if counts else "unknown"


def mark_other_procurements(sentences: list) -> list:
    """Units naming a framework or agreement reference that is not the pack's own (the one it
    names most often) are about another procurement."""
    matcher = get_matcher()
    refs: list[tuple[int, list[str]]] = []
    counts: dict[int, Counter[str]] = {}
    for i, s in enumerate(sentences):
        low = s.text.lower()
        if "cloud" not in low and "rm" not in low and "dos" not in low and "outcomes" not in low:
            continue
        found = []
        for family, rx in enumerate(matcher.reference_res):
            for m in rx.finditer(s.text):
                ref = re.sub(r"[\s-]+", "", m.group(0).lower())
                found.append(f"{family}:{ref}")
                counts.setdefault(family, Counter())[ref] += 1
        if found:
            refs.append((i, found))
    if not refs:
        return sentences
    own = {f"{fam}:{c.most_common(1)[0][0]}" for fam, c in counts.items()}
    out = list(sentences)
    for i, found in refs:
        s = out[i]
        if (
            s.clause is not None
            and any(f not in own for f in found)
            and not any(f in own for f in found)
        ):
            out[i] = replace(s, clause=replace(s.clause, other=True))
    return out


def carry_back_references(sentences: list) -> list:
    """A demand on "the above" binds the bare items listed before it: "Standards for Lots 2a, 2b
    and 3:" / "Cyber Essentials" / "You are required to send evidence of the above …" makes
    Cyber Essentials a demand, at that sentence's stage. The walk back stops at the list's
    lead-in, a heading, another document or any unit that is a sentence of its own."""
    matcher = get_matcher()
    out = list(sentences)
    for i, s in enumerate(out):
        c = s.clause
        if c is None or c.force != "must" or not matcher.back_reference_re.search(s.text):
            continue
        j = i - 1
        while j >= 0 and i - j <= 12:
            item = out[j]
            text = item.text.strip()
            if (
                item.doc_index != s.doc_index
                or item.kind in ("heading", "table")
                or text.endswith(":")
                or item.clause is None
            ):
                break
            if not _label_like(text):
                break
            if item.clause.force == "none":
                out[j] = replace(item, clause=replace(item.clause, force="must", stage=c.stage))
            j -= 1
    return out


def carry_guidance_notes(sentences: list) -> list:
    """A bracketed note to the buyer runs on past its first sentence: "[Buyer Guidance: delete
    the Schedules you do not need." / "Remove this guidance too.]" is guidance to its close."""
    opener = get_matcher().guidance_note_re
    out = list(sentences)
    open_at: tuple[int, int] | None = None  # (document, block) of an unclosed guidance note
    for i, s in enumerate(out):
        c = s.clause
        if c is None:
            open_at = None
            continue
        if open_at is not None and open_at == (s.doc_index, s.block):
            if c.part != "guidance":
                out[i] = replace(s, clause=replace(c, part="guidance"))
            if s.text.count("]") > s.text.count("["):
                open_at = None
            continue
        open_at = None
        if opener.search(s.text) and s.text.count("[") > s.text.count("]"):
            open_at = (s.doc_index, s.block)
    return out


def mark_later_call_offs(sentences: list) -> list:
    """In a framework or DPS pack, the call-off documents (order form, call-off schedules) bind
    later call-offs: their demands are not conditions of joining; so does a unit elsewhere that
    makes something a requirement of the call-off contracts (clauses.yaml call_off_requirement)."""
    if pack_procedure(sentences) not in ("framework", "dps"):
        return sentences
    call_off_requirement = get_matcher().call_off_requirement_re
    marked: dict[Clause, Clause] = {}  # a pack has a few hundred distinct clauses
    out = []
    for s in sentences:
        c = s.clause
        if c is not None and c.procedure == "call_off":
            later = marked.get(c)
            if later is None:
                later = marked[c] = replace(c, later_call_off=True)
            s = replace(s, clause=later)
        elif c is not None and call_off_requirement.search(s.text):
            s = replace(s, clause=replace(c, later_call_off=True))
        out.append(s)
    return out


# --- who pays whom -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Payment:
    """The parties of a sentence about paying: ``payer`` and ``payee`` are "buyer", "supplier",
    "other" (CCS, a subcontractor, the supply chain) or None when the sentence does not say;
    ``record`` when it reports past payments ("have been paid") rather than stating a term."""

    payer: str | None = None
    payee: str | None = None
    record: bool = False

    @property
    def buyer_to_supplier(self) -> bool:
        """Whether it can be the buyer's payment terms: nobody but the buyer pays, nobody but
        the supplier is paid, and it is not a record of past payments."""
        return (
            not self.record and self.payer in (None, "buyer") and self.payee in (None, "supplier")
        )


class _PaymentMatcher:
    """The ``payment`` vocabulary of clauses.yaml, compiled once: parties and markers on lemmas,
    the record tenses on the words as written."""

    def __init__(self, nlp):
        from spacy.matcher import PhraseMatcher

        vocab = vocabulary()["payment"]
        self.nlp = nlp
        self.verbs = frozenset(vocab["verbs"])
        self.lemmas = PhraseMatcher(nlp.vocab, attr="NORM")
        self.words = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.labels: dict[int, str] = {}
        groups = {f"PARTY_{role}": phrases for role, phrases in vocab["parties"].items()}
        groups["PAYEE_MARK"] = vocab["payee_markers"]
        groups["PAYER_MARK"] = vocab["payer_markers"]
        for label, phrases in groups.items():
            self.labels[nlp.vocab.strings.add(label)] = label
            self.lemmas.add(label, [lemma_norm(nlp, nlp.make_doc(p)) for p in phrases])
        self.labels[nlp.vocab.strings.add("RECORD")] = "RECORD"
        self.words.add("RECORD", [nlp.make_doc(p) for p in vocab["record_words"]])


@functools.lru_cache(maxsize=1)
def _payment_matcher() -> _PaymentMatcher:
    from tendercheck.nlp.pipeline import get_nlp

    return _PaymentMatcher(get_nlp())


_CLAUSE_BREAKS = frozenset({";", ".", "|", ":"})
_SKIP_AFTER_VERB = frozenset({"the", "all", "any", "each", "every", "its", "their", "to", "a"})


@functools.lru_cache(maxsize=4096)
def payment_parties(text: str, at: int | None = None) -> Payment:
    """Who pays whom in ``text``, read from the "pay" nearest before character ``at`` (the
    figure being read; the first "pay" when none comes before it).

    No parser runs: the subject is the last party named before the verb in its clause, the
    object a party named just after it ("pay the Supplier", "pay CCS the Management Charge"); a
    passive ("to be paid", "payable") takes its payer from "paid by X" and its payee from the
    party before it; "paid to X" and "payment received by X" name the payee anywhere."""
    from spacy.util import filter_spans

    pm = _payment_matcher()
    doc = lemma_norm(pm.nlp, pm.nlp.make_doc(text))
    record = bool(pm.words(doc))
    label_of = {(s, e): pm.labels[k] for k, s, e in pm.lemmas(doc)}
    spans = filter_spans([doc[s:e] for s, e in label_of])  # the longest of overlapping phrases
    found = sorted((sp.start, sp.end, label_of[(sp.start, sp.end)]) for sp in spans)
    parties = [(s, e, lb[6:]) for s, e, lb in found if lb.startswith("PARTY_")]
    payer = payee = None
    for _s, e, label in found:
        if label in ("PAYEE_MARK", "PAYER_MARK"):
            after = next((p for p in parties if p[0] >= e and p[0] - e <= 2), None)
            if after is not None:
                if label == "PAYEE_MARK":
                    payee = payee or after[2]
                else:
                    payer = payer or after[2]
    verbs = [t.i for t in doc if t.norm_ in pm.verbs]
    if verbs:
        limit = len(doc) if at is None else next((t.i for t in doc if t.idx >= at), len(doc))
        before = [i for i in verbs if i < limit]
        verb = before[-1] if before else verbs[0]
        start = verb
        while start > 0 and doc[start - 1].text not in _CLAUSE_BREAKS:
            start -= 1
        subject = next((p for p in reversed(parties) if start <= p[0] and p[1] <= verb), None)
        passive = doc[verb].norm_ == "payable" or any(
            t.norm_ == "be" for t in doc[max(start, verb - 2) : verb]
        )
        j = verb + 1
        while j < len(doc) and doc[j].norm_ in _SKIP_AFTER_VERB:
            j += 1
        obj = next((p for p in parties if p[0] == j), None)
        if passive:
            payee = payee or (obj[2] if obj and doc[verb + 1].lower_ == "to" else None)
            # nobody pays itself: "Invoices received by the Council will be paid" names the payer
            payee = payee or (subject[2] if subject and subject[2] != payer else None)
        else:
            payer = payer or (subject[2] if subject else None)
            payee = payee or (obj[2] if obj else None)
    if payee is None:
        # whose invoices are paid names the payee ("Payment of valid CCS invoices", "the
        # Supplier's invoice")
        for _s, e, label in parties:
            k = e + (1 if e < len(doc) and doc[e].lower_ in ("'s", "’s", "'", "’") else 0)
            if k < len(doc) and doc[k].norm_ == "invoice":
                payee = label
                break
    return Payment(payer=payer, payee=payee, record=record)
