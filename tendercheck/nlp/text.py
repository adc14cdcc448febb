"""Split a pack into sentences (and table rows) with spaCy, keeping each one's location."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from tendercheck import lazyre
from tendercheck.documents.model import TenderPack
from tendercheck.nlp.model import Sentence
from tendercheck.nlp.pipeline import get_nlp

_WS = lazyre.compile(r"\s+")
_WS_RUN = lazyre.compile(r"\s\s+")  # whitespace the collapsed text shortens


def build_sentences(
    pack: TenderPack,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
    second_opinion: dict[str, float] | None = None,
    memo=None,
) -> list[Sentence]:
    """Sentences of every document, in pack order, each with its clause; documents split across
    ``jobs`` processes. ``progress`` is told of each document as it is done.

    A document's sentences depend on that document alone until the pack-level steps below
    (another procurement's references, "the above", guidance notes carried on, the pack's
    procedure and call-off marking, the second opinion). ``memo``, the run's per-document cache
    (tendercheck/doccache.py) or None, answers the sentences of a document whose content it has
    seen, as they were before those steps, and keeps those of the others.

    Once the rules have made every clause final, a trained classifier may overrule some of their
    attributes (tendercheck.nlp.second_opinion): ``second_opinion`` maps an attribute to the
    confidence it needs; None reads the switch in clauses.yaml, {} keeps the rules' clauses."""
    from tendercheck.nlp.clauses import (
        carry_back_references,
        carry_guidance_notes,
        get_matcher,
        mark_later_call_offs,
        mark_other_procurements,
    )
    from tendercheck.parallel import fork_map

    get_matcher()
    parts: dict[int, list[Sentence]] = {}
    if memo is not None:
        for i, document in enumerate(pack.documents):
            kept = memo.sentences(document, i)
            if kept is not None:
                parts[i] = kept
    indexes = [i for i in range(len(pack.documents)) if i not in parts]
    if indexes:
        get_nlp()  # built once, before any fork, so workers inherit it
    done = None
    if progress is not None:

        def done(count: int, index: int) -> None:
            progress(f"analysing {count}/{len(indexes)}: {pack.documents[index].name}")

    shared = (pack, SharedDocs(pack, indexes))
    if jobs > 1 and len(indexes) > 1:
        # Largest documents first so the workers finish together; results back in pack order.
        order = sorted(indexes, key=lambda i: -len(pack.documents[i].blocks))
        found = fork_map(_document_sentences, order, jobs, shared, on_done=done)
    else:
        order = indexes
        found = fork_map(_document_sentences, indexes, 1, shared, on_done=done)
    del shared  # the docs kept for repeated texts
    for i, part in zip(order, found, strict=True):
        parts[i] = part
        if memo is not None:  # before the pack-level steps, which give new sentences
            memo.keep_sentences(pack.documents[i], i, part)
    sentences = [s for i in range(len(pack.documents)) for s in parts[i]]
    sentences = mark_later_call_offs(
        carry_guidance_notes(carry_back_references(mark_other_procurements(sentences)))
    )
    from tendercheck.nlp import second_opinion as opinion

    thetas = opinion.configured() if second_opinion is None else second_opinion
    return opinion.overrule(sentences, thetas) if thetas else sentences


class SharedDocs:
    """spaCy's doc of each unit's text, for the pack's documents. A text the pack holds more
    than once (a form's header row repeated on every page, the same paragraph in each lot's
    document) goes through the pipeline once and its doc serves every unit with that text: the
    pipeline's output depends on the text alone (tokens, sentences, lemmas, norms and entities;
    the statistical NER too, run on one text at a time), and the sentence loop only reads a doc.
    Only the docs of texts met again are kept, and only while the pack's sentences are built.
    """

    def __init__(self, pack: TenderPack, indexes: list[int] | None = None):
        """For the documents at ``indexes`` (all of them by default; the others get none)."""
        wanted = range(len(pack.documents)) if indexes is None else set(indexes)
        self.units = [_units(pack, i) if i in wanted else [] for i in range(len(pack.documents))]
        # the units' texts as spaCy sees them: whitespace runs as one space (same length where
        # only whitespace differs)
        self.texts = [[_WS.sub(" ", u[0]) for u in units] for units in self.units]
        counts = Counter(text for texts in self.texts for text in texts)
        self.repeated = {text for text, n in counts.items() if n > 1}
        self.kept: dict = {}

    def docs(self, nlp, texts: list[str]):
        """The docs of ``texts``, in order: each text not kept goes through ``nlp.pipe`` (in
        batches, once each); a repeated text's doc is kept for its next units."""
        kept, repeated = self.kept, self.repeated
        fresh = nlp.pipe([t for t in dict.fromkeys(texts) if t not in kept], batch_size=512)
        for text in texts:
            doc = kept.get(text)
            if doc is None:
                doc = next(fresh)
                if text in repeated:
                    kept[text] = doc
            yield doc


def _units(pack: TenderPack, doc_index: int) -> list:
    """The units of a document that get sentences: each table row, each other block with text
    (contents lines left out), with their place in the pack."""
    from tendercheck.nlp.clauses import list_depth

    units: list[tuple[str, int, int, int, int, tuple[str, ...], str, str, int, int | None]] = []
    for doc in pack.documents[doc_index : doc_index + 1]:
        for block in doc.blocks:
            if block.kind == "table" and block.rows:
                offset = 0
                for row_index, row in enumerate(block.rows):
                    line = " | ".join(row)
                    if line.strip(" |"):
                        units.append(
                            (
                                line,
                                doc_index,
                                block.index,
                                offset,
                                block.page,
                                block.section,
                                "table",
                                doc.name,
                                row_index,
                                None,
                            )
                        )
                    offset += len(line) + 1
            elif block.kind == "contents":
                continue  # navigation, not content: "5. SPECIFICATION 35" states nothing
            elif block.text.strip():
                units.append(
                    (
                        block.text,
                        doc_index,
                        block.index,
                        0,
                        block.page,
                        block.section,
                        block.kind,
                        doc.name,
                        -1,
                        list_depth(block.label) if block.kind == "list_item" else None,
                    )
                )
    return units


def _document_sentences(shared: tuple[TenderPack, SharedDocs], doc_index: int) -> list[Sentence]:
    from tendercheck.nlp.clauses import (
        LEMMAS_KEY,
        classify,
        frame_document,
        get_matcher,
        lots_in,
    )

    pack, docs = shared
    matcher = get_matcher()
    document = pack.documents[doc_index]
    frame = frame_document(matcher, document.name, document.blocks)
    units, texts = docs.units[doc_index], docs.texts[doc_index]
    nlp = get_nlp()
    sentences: list[Sentence] = []
    # Open lead-ins: (list depth from the numbering or None, clause) of units ending "…:", whose
    # list items continue them; the innermost is last.
    leads: list = []
    lot_scope: tuple[str, ...] = ()  # lots a lead-in names, for the units after it
    table_head = None  # (block, clause) of the header row of the table being read
    # In a notice's description, after a lead-in on how the procurement is divided ("… into
    # three lots as follows:"), until the next heading: lines naming a lot list the structure.
    lot_list = False
    for unit, seen, sdoc in zip(units, texts, docs.docs(nlp, texts), strict=True):
        text, doc_index, block, offset, page, section, kind, name, row, depth = unit
        block_kind = kind
        if kind == "paragraph" and matcher.pseudo_bullet_re.match(text):
            kind = "list_item"  # "o Live streaming of …": a bullet written as a character
        spans = [sdoc[:]] if kind in ("heading", "table") else list(sdoc.sents)
        lemmas = sdoc.user_data[LEMMAS_KEY]  # set by the pipeline's lemma_norm, token by token
        matches = [(matcher.labels[k], s, e) for k, s, e in matcher.matcher(sdoc)]
        if kind != "list_item":
            leads = []
        elif depth is not None:
            # An item as deep as a lead-in, or shallower, is its sibling ("2.5" after
            # "2.4 If …:"), not its item: that lead-in is closed.
            while leads and leads[-1][0] is not None and leads[-1][0] >= depth:
                leads.pop()
        lead_in = leads[-1][1] if leads else None
        if kind == "table" and row > 0 and table_head is not None and table_head[0] == block:
            lead_in = table_head[1]  # a table's rows continue its header row
        if kind == "heading":
            lot_scope, lot_list = (), False
        for span in spans:
            # spaCy's tokens keep the text whole (doc.text is the text given), so a span's text
            # is that slice; span.text would join its tokens anew
            span_text = seen[span.start_char : span.end_char]
            clause = classify(
                matcher,
                frame,
                span,
                [m for m in matches if span.start <= m[1] and m[2] <= span.end],
                section,
                kind,
                lead_in,
                block,
                lot_scope,
                span_text,
                lot_list,
            )
            lead = span_text.rstrip().endswith(":")
            if lead and frame.notice and clause.part == "instructions" and kind != "heading":
                lot_list = lot_list or frame.block_parts[block] == "specification"
            if lead and kind != "heading":
                lot_scope = lots_in(matcher, span_text) or lot_scope
            if lead:
                leads.append((depth, clause))
                lead_in = clause
            elif kind != "list_item":
                leads, lead_in = [], None
            if kind == "table" and row == 0:
                # Only a header that states requirements binds the rows under it ("Minimum
                # insurance cover | When it must be in place"), not a marking table's
                # "Marking scheme (pass/fail)".
                binds = matcher.requirement_header_re.search(span_text) is not None
                table_head = (block, clause) if binds else None
            start, end = span.start_char, span.end_char
            # spaCy saw whitespace-collapsed text; map back onto the block text.
            raw_start, raw_end = _map_span(text, start, end)
            sentences.append(
                Sentence(
                    text=span_text,
                    doc_index=doc_index,
                    block=block,
                    start=offset + raw_start,
                    end=offset + raw_end,
                    page=page,
                    section=section,
                    kind=block_kind,
                    document=name,
                    lemmas=tuple(lemmas[span.start : span.end]),
                    row=row,
                    ents=tuple(
                        (e.label_, e.ent_id_, e.start_char - start, e.end_char - start)
                        for e in span.ents
                    ),
                    clause=clause,
                )
            )
    return sentences


def _map_span(raw: str, start: int, end: int) -> tuple[int, int]:
    """Map a span in whitespace-collapsed text (each whitespace run as its first character)
    back onto the original text."""
    first = _WS_RUN.search(raw)
    if first is None:  # no whitespace run: the collapsed text is the text
        return start, end
    # (position in the collapsed text of a run's kept character, characters of the run left out)
    runs = []
    dropped = 0
    for m in _WS_RUN.finditer(raw, first.start()):
        length = m.end() - m.start()
        runs.append((m.start() - dropped, length - 1))
        dropped += length - 1
    size = len(raw) - dropped  # the collapsed text's length

    def back(at: int) -> int:
        if at >= size:
            return len(raw)
        return at + sum(left for kept, left in runs if kept < at)

    return back(start), back(end)
