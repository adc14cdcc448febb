"""Per-document entries under the whole-run cache, for the rerun after one document changed.

The whole-run cache (tendercheck/cache.py) answers an unchanged pack; any change to any document
misses it. Underneath it, two stages are kept per document, each under a key of its own input's
content, the code fingerprint (cache.code_fingerprint: the code, data files, rule packs and
library versions) and the settings that shape it:

* ``document``: what reading a file's bytes gave (a Document without its location). Key: the
  bytes' sha256, the name in the pack, the format, and the reading limits. Legacy .doc is not
  kept: its reading runs LibreOffice, whose version is not in the fingerprint (the reader says
  which formats may be kept).
* ``sentences``: a document's sentences with their clauses, as built before anything of the
  pack as a whole is looked at (the other documents' references, the pack's procedure and its
  call-off marking, guidance notes carried on, the trained second opinion: all run on every
  run). Key: the document's content as read (name, format, notes and every field of every
  block; not where it sits), and not kept at all when a statistical NER model is named
  (TENDERCHECK_MODEL: its version is not in the fingerprint).

Entries are JSON data in the cache folder beside the run entries, under the same size limit and
least-recently-used eviction. Each stage has an encoding of its own, compact (a sentence is a
row; its clause and section numbers into tables) and checked field by field: the model classes
are built only from values of exactly the types their fields hold, so a planted, damaged or
tampered entry is a miss, never code and never a crash later on; a value that does not fit the
encoding exactly is not kept. Nothing here is used with ``--no-cache``.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
from collections.abc import Callable
from typing import Any

from tendercheck import cache

FORMAT = 1  # bump when an encoding below changes shape
DOCUMENT = "document"
SENTENCES = "sentences"


class _Bad(ValueError):
    """A value that does not fit the encoding (not kept), or data that is not an entry (a miss)."""


# -- shapes: (encode, decode) of one field's value, each checking exact types ----------------


def _scalar(kind: type) -> tuple[Callable, Callable]:
    def check(value: Any) -> Any:
        if type(value) is not kind:  # exact: a bool is not an int, a str subclass not a str
            raise _Bad(kind.__name__)
        return value

    return check, check


STR = _scalar(str)
INT = _scalar(int)
BOOL = _scalar(bool)


def _optional(shape: tuple[Callable, Callable]) -> tuple[Callable, Callable]:
    enc, dec = shape
    return (lambda v: None if v is None else enc(v)), (lambda v: None if v is None else dec(v))


def _sequence(outer: type, shape: tuple[Callable, Callable]) -> tuple[Callable, Callable]:
    """A list or tuple (``outer``, exactly) of ``shape``; JSON holds it as a list."""
    enc, dec = shape

    def encode(value: Any) -> list:
        if type(value) is not outer:
            raise _Bad(outer.__name__)
        return [enc(v) for v in value]

    def decode(value: Any) -> Any:
        if type(value) is not list:
            raise _Bad("list")
        return outer(dec(v) for v in value)

    return encode, decode


def _strings(outer: type) -> tuple[Callable, Callable]:
    """A list or tuple of str: the commonest shape, checked without a call per item."""

    def encode(value: Any) -> list:
        if type(value) is not outer or not all(type(v) is str for v in value):
            raise _Bad(outer.__name__)
        return list(value)

    def decode(value: Any) -> Any:
        if type(value) is not list or not all(type(v) is str for v in value):
            raise _Bad("list")
        return value if outer is list else outer(value)

    return encode, decode


def _fixed(*shapes: tuple[Callable, Callable]) -> tuple[Callable, Callable]:
    """A tuple of exactly these shapes, in order."""

    def encode(value: Any) -> list:
        if type(value) is not tuple or len(value) != len(shapes):
            raise _Bad("tuple")
        return [s[0](v) for s, v in zip(shapes, value, strict=True)]

    def decode(value: Any) -> tuple:
        if type(value) is not list or len(value) != len(shapes):
            raise _Bad("list")
        return tuple(s[1](v) for s, v in zip(shapes, value, strict=True))

    return encode, decode


class _Record:
    """A model class as a row: the values of the named fields, in order, each of its shape. The
    fields left out are given when the row is read back (``given``)."""

    def __init__(self, cls: type, shapes: dict[str, tuple[Callable, Callable]], given=()):
        names = [f.name for f in dataclasses.fields(cls)]
        if sorted(names) != sorted([*shapes, *given]):
            # the class gained or lost a field: this encoding no longer says all of it
            raise _Bad(f"{cls.__name__} fields changed")
        self.cls = cls
        self.names = list(shapes)
        self.encoders = [shapes[n][0] for n in self.names]
        self.decoders = [shapes[n][1] for n in self.names]

    def encode(self, obj: Any) -> list:
        if type(obj) is not self.cls:
            raise _Bad(self.cls.__name__)
        return [enc(getattr(obj, n)) for enc, n in zip(self.encoders, self.names, strict=True)]

    def values(self, row: Any) -> dict[str, Any]:
        if type(row) is not list or len(row) != len(self.names):
            raise _Bad("row")
        return {n: dec(v) for n, dec, v in zip(self.names, self.decoders, row, strict=True)}

    def decode(self, row: Any, **given: Any) -> Any:
        return self.cls(**self.values(row), **given)


def _choice(values: frozenset[str]) -> tuple[Callable, Callable]:
    def check(value: Any) -> Any:
        if type(value) is not str or value not in values:
            raise _Bad("choice")
        return value

    return check, check


@functools.lru_cache(maxsize=1)
def _document_records() -> tuple[_Record, _Record]:
    from typing import get_args

    from tendercheck.documents.model import Block, BlockKind, Document

    block = _Record(
        Block,
        {
            "kind": _choice(frozenset(get_args(BlockKind))),
            "text": STR,
            "page": INT,
            "level": _optional(INT),
            "section": _strings(tuple),
            "label": _optional(STR),
            "rows": _optional(_sequence(list, _strings(list))),
            "index": INT,
        },
    )
    document = _Record(
        Document,
        {
            "name": STR,
            "format": STR,
            "pages": INT,
            "pages_estimated": BOOL,
            "notes": _strings(list),
        },
        given=("blocks", "path"),
    )
    return document, block


@functools.lru_cache(maxsize=1)
def _sentence_records() -> tuple[_Record, _Record]:
    from tendercheck.nlp.clauses import Clause
    from tendercheck.nlp.model import Sentence

    clause = _Record(
        Clause,
        {
            "part": STR,
            "stage": STR,
            "force": STR,
            "equivalent": BOOL,
            "lots": _strings(tuple),
            "other": BOOL,
            "procedure": STR,
            "follow_up": BOOL,
            "document_part": STR,
            "later_call_off": BOOL,
            "notice": BOOL,
        },
    )
    sentence = _Record(
        Sentence,
        {
            "text": STR,
            "block": INT,
            "start": INT,
            "end": INT,
            "page": INT,
            "kind": STR,
            "lemmas": _strings(tuple),
            "row": INT,
            "ents": _sequence(tuple, _fixed(STR, STR, INT, INT)),
        },
        given=("doc_index", "document", "section", "clause"),
    )
    return clause, sentence


# -- the two stages' values -------------------------------------------------------------------


def encode_document(doc) -> dict:
    """A Document read from a file, without where it sits (``path``); _Bad if it does not fit."""
    document, block = _document_records()
    return {"document": document.encode(doc), "blocks": [block.encode(b) for b in doc.blocks]}


def decode_document(data: Any):
    """The Document :func:`encode_document` made (``path`` empty); _Bad for anything else."""
    document, block = _document_records()
    if type(data) is not dict or set(data) != {"document", "blocks"}:
        raise _Bad("not a document entry")
    rows = data["blocks"]
    if type(rows) is not list:
        raise _Bad("blocks")
    return document.decode(data["document"], blocks=[block.decode(r) for r in rows], path="")


def encode_sentences(sentences: list, doc_index: int | None = None, name: str = "") -> dict:
    """Sentences as rows, their sections, clauses and document names numbered into tables; _Bad
    if they do not fit. Given ``doc_index`` (one document's sentences, for its entry), each must
    be of that document, named ``name``, and neither is kept: they are given when read back."""
    clause_record, sentence_record = _sentence_records()
    clauses: dict = {}
    sections: dict = {}
    documents: dict = {}
    rows = []
    for s in sentences:
        if type(s) is not sentence_record.cls:
            raise _Bad("not a sentence")
        if type(s.section) is not tuple or not all(type(t) is str for t in s.section):
            raise _Bad("section")
        section = sections.setdefault(s.section, len(sections))
        if s.clause is None:
            clause = -1
        else:
            clause = clauses.get(s.clause)
            if clause is None:
                clause_record.encode(s.clause)  # checked once per distinct clause
                clause = clauses[s.clause] = len(clauses)
        row = [section, clause, *sentence_record.encode(s)]
        if doc_index is None:
            if type(s.doc_index) is not int or type(s.document) is not str:
                raise _Bad("document")
            row[:0] = [s.doc_index, documents.setdefault(s.document, len(documents))]
        elif s.doc_index != doc_index or s.document != name:
            raise _Bad("a sentence of another document")
        rows.append(row)
    out = {
        "clauses": [clause_record.encode(c) for c in clauses],
        "sections": [list(t) for t in sections],
        "sentences": rows,
    }
    if doc_index is None:
        out["documents"] = list(documents)
    return out


def decode_sentences(data: Any, doc_index: int | None = None, document=None) -> list:
    """The sentences :func:`encode_sentences` made; given ``doc_index``, as sentences of
    ``document`` at that place in the pack (and each of a block it has). _Bad for anything
    else."""
    clause_record, sentence_record = _sentence_records()
    one = doc_index is not None
    names = {"clauses", "sections", "sentences"} | (set() if one else {"documents"})
    if type(data) is not dict or set(data) != names:
        raise _Bad("not a sentences entry")
    clauses, sections, rows = data["clauses"], data["sections"], data["sentences"]
    if type(clauses) is not list or type(sections) is not list or type(rows) is not list:
        raise _Bad("tables")
    clause_of = [clause_record.decode(c) for c in clauses]
    section_of = [_strings(tuple)[1](t) for t in sections]
    document_of = [] if one else _strings(list)[1](data["documents"])
    blocks = len(document.blocks) if one else None
    name = document.name if one else ""
    place = 0 if one else 2
    build = sentence_record.cls
    out = []
    for row in rows:
        if type(row) is not list or len(row) < place + 2:
            raise _Bad("row")
        if not one:
            doc_index, named = row[0], row[1]
            if type(doc_index) is not int or type(named) is not int:
                raise _Bad("document")
            if not 0 <= named < len(document_of):
                raise _Bad("document number")
            name = document_of[named]
        section, clause = row[place], row[place + 1]
        if type(section) is not int or not 0 <= section < len(section_of):
            raise _Bad("section number")
        if type(clause) is not int or not -1 <= clause < len(clause_of):
            raise _Bad("clause number")
        fields = sentence_record.values(row[place + 2 :])
        if blocks is not None and not 0 <= fields["block"] < blocks:
            raise _Bad("block number")
        out.append(
            build(
                **fields,
                doc_index=doc_index,
                document=name,
                section=section_of[section],
                clause=None if clause < 0 else clause_of[clause],
            )
        )
    return out


def content_digest(document) -> str:
    """sha256 of a Document's content as read: every field of it and of its blocks, exactly
    (a tuple is not a list, 1 is not True), but not where it sits (``path``)."""
    from tendercheck.documents.model import Block

    names = [f.name for f in dataclasses.fields(document) if f.name not in ("path", "blocks")]
    block_names = [f.name for f in dataclasses.fields(Block)]
    content = (
        [getattr(document, n) for n in names],
        [[getattr(b, n) for n in block_names] for b in document.blocks],
    )
    return hashlib.sha256(repr(content).encode("utf-8", "surrogatepass")).hexdigest()


# -- the cache the stages are given -----------------------------------------------------------


class DocumentCache:
    """Per-document entries for one run, given to the reader (:meth:`document`) and to the
    sentence stage (:meth:`sentences`, :meth:`keep_sentences`); :meth:`finish` once at the end
    keeps the folder under its size limit. Made in the parent process, before any worker is
    forked; workers write their entries themselves."""

    def __init__(self) -> None:
        self.code = cache.code_fingerprint()
        # a statistical NER model's version is not in the fingerprint: its sentences not kept
        self.keeps_sentences = not os.environ.get("TENDERCHECK_MODEL")
        self._digests: dict[int, tuple[Any, str]] = {}

    def _key(self, stage: str, parts: dict[str, Any]) -> str:
        state = {"code": self.code, "format": FORMAT, "stage": stage, "parts": parts}
        blob = json.dumps(state, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()

    def document(self, parts: dict[str, Any], read: Callable[[], Any]):
        """The Document ``read()`` gives, from its entry when ``parts`` (what reading depends
        on: the bytes' hash, name, format, limits) has one; kept for next time otherwise. An
        error reading is raised, never kept."""
        key = self._key(DOCUMENT, parts)
        data = cache.load_data(key, DOCUMENT)
        if data is not None:
            try:
                return decode_document(data)
            except (ValueError, TypeError, RecursionError):
                cache.forget(key)
        doc = read()
        try:
            encoded = encode_document(doc)
        except (ValueError, TypeError, RecursionError):
            return doc  # does not fit the encoding: not kept
        cache.store_data(key, DOCUMENT, encoded, evict_now=False)
        return doc

    def _sentence_key(self, document) -> str:
        found = self._digests.get(id(document))
        if found is None or found[0] is not document:
            found = self._digests[id(document)] = (document, content_digest(document))
        return self._key(SENTENCES, {"document": found[1]})

    def sentences(self, document, doc_index: int) -> list | None:
        """The sentences kept for a document of this content, as the document at
        ``doc_index``; None when there are none (or they may not be kept)."""
        if not self.keeps_sentences:
            return None
        key = self._sentence_key(document)
        data = cache.load_data(key, SENTENCES)
        if data is None:
            return None
        try:
            return decode_sentences(data, doc_index, document)
        except (ValueError, TypeError, RecursionError):
            cache.forget(key)
            return None

    def keep_sentences(self, document, doc_index: int, sentences: list) -> None:
        """Keep a document's sentences, as built before anything of the pack is looked at."""
        if not self.keeps_sentences:
            return
        try:
            encoded = encode_sentences(sentences, doc_index, document.name)
        except (ValueError, TypeError, RecursionError):
            return
        cache.store_data(self._sentence_key(document), SENTENCES, encoded, evict_now=False)

    def finish(self) -> None:
        """Keep the cache folder under its size limit, once for all the entries written."""
        cache.evict_to_limit()
