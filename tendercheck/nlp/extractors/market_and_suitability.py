"""Market engagement before the tender, and whether the buyer says the contract suits SMEs or
VCSEs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from tendercheck import lazyre
from tendercheck.nlp.clauses import reads
from tendercheck.nlp.extractors import Context
from tendercheck.nlp.model import Fact, Sentence
from tendercheck.nlp.prefilter import compile_filtered
from tendercheck.nlp.vocabulary import MARKET_ENGAGEMENT, MARKET_ENGAGEMENT_EVENTS

# Market engagement phrases are the entity ruler's MARKET_ENGAGEMENT patterns; they, the verbs of
# engagement happening, the negations and the tender-period events are data
# (tendercheck/data/market_engagement.yaml, loaded by nlp/vocabulary.py).
MARKET_NEGATIVE = lazyre.compile("|".join(MARKET_ENGAGEMENT["negations"]), re.I)
_DURING_TENDER = lazyre.compile("|".join(MARKET_ENGAGEMENT["during_tender"]), re.I)
_NOTICE_TITLE = lazyre.compile("|".join(MARKET_ENGAGEMENT["titles"]), re.I)
_INFO_REQUEST = lazyre.compile(
    "|".join(MARKET_ENGAGEMENT["information_requests"]["contexts"]), re.I
)
_INFO_REQUEST_MENTIONS = frozenset(
    " ".join(p.lower().split()) for p in MARKET_ENGAGEMENT["information_requests"]["mentions"]
)


def _suitable_hint_source() -> str:
    """The suitability reader's cheap pre-filter, from the kinds of data/suitability.yaml
    themselves: each kind's words in order, each word as the start of one (its lemma's form:
    "charit" for charity/charities, "business" for businesses), separated by anything but
    letters and digits. A sentence the phrase matcher could find a kind in always matches."""
    from tendercheck.data import data_yaml

    def stem(word: str) -> str:
        return re.escape(word[:-1] if word.endswith("y") and len(word) > 3 else word)

    branches = {
        r"\W+".join(stem(w) + r"\w*" for w in re.findall(r"\w+", p.lower()))
        for items in data_yaml("suitability.yaml")["kinds"].values()
        for p in items
    }
    return r"\b(?:" + "|".join(sorted(branches, key=lambda b: (-len(b), b))) + ")"


_SUITABLE_HINT = lazyre.lazy(compile_filtered, _suitable_hint_source(), re.I)


@functools.lru_cache(maxsize=1)
def _suitability():
    """The suitability vocabulary (tendercheck/data/suitability.yaml), compiled once: phrase
    lists on lemmas and one token pattern ("providers will be SMEs")."""
    from spacy.matcher import Matcher, PhraseMatcher

    from tendercheck.data import data_yaml
    from tendercheck.nlp.clauses import lemma_norm
    from tendercheck.nlp.pipeline import get_nlp

    nlp = get_nlp()
    vocab = data_yaml("suitability.yaml")
    phrases = PhraseMatcher(nlp.vocab, attr="NORM")

    def add(label: str, items: list[str]) -> None:
        phrases.add(label, [lemma_norm(nlp, nlp.make_doc(p)) for p in items])

    for kind, items in vocab["kinds"].items():
        add(f"KIND_{kind}", items)
    add("CUE", vocab["cues"])
    add("CUE_AFTER", vocab["cues_after"])
    add("NEGATION", vocab["negations"])
    kind_words = sorted(
        {p.lower() for items in vocab["kinds"].values() for p in items if " " not in p}
    )
    being = Matcher(nlp.vocab)
    suppliers = [lemma_norm(nlp, nlp.make_doc(p)) for p in vocab["suppliers_being"]]
    being.add(
        "BEING",
        [
            [{"NORM": t.norm_} for t in doc]
            + [
                {
                    "NORM": {"IN": ["will", "would", "be", "likely", "to", "expect", "mostly"]},
                    "OP": "*",
                },
                {"NORM": "be"},
                {"NORM": {"IN": [lemma_norm(nlp, nlp.make_doc(w))[0].norm_ for w in kind_words]}},
            ]
            for doc in suppliers
        ],
    )

    def norms(words: list[str]) -> list[str]:
        return [lemma_norm(nlp, nlp.make_doc(w))[0].norm_ for w in words]

    being.add(
        "BEING_MIX",
        [
            [{"NORM": t.norm_} for t in doc]
            + [
                {"NORM": {"IN": ["will", "would", "be", "likely", "to", "expect"]}, "OP": "*"},
                {"NORM": "be"},
                {"NORM": {"IN": ["a", "an"]}},
                {"NORM": {"IN": norms(vocab["suppliers_mix"])}},
                {"NORM": "of"},
                {"NORM": {"IN": norms(vocab["mix_others"])}, "OP": "*"},
            ]
            for doc in suppliers
        ],
    )
    return nlp, phrases, being, int(vocab["window"])


def suitability_said(text: str) -> tuple[bool, set[str]] | None:
    """Whether ``text`` says the contract suits small suppliers or VCSEs (True), says it does not
    (False), or neither (None); with the kinds named ("sme", "vcse")."""
    if not _SUITABLE_HINT.search(text):
        return None
    from tendercheck.nlp.clauses import lemma_norm

    nlp, phrases, being, window = _suitability()
    doc = lemma_norm(nlp, nlp.make_doc(text))
    found = [(nlp.vocab.strings[k], s, e) for k, s, e in phrases(doc)]
    kinds = [(lb[5:], s, e) for lb, s, e in found if lb.startswith("KIND_")]
    if not kinds:
        return None
    said: set[str] = set()
    negated = False
    for label, start, end in found:
        if label == "CUE" or label == "NEGATION":
            after = {k for k, s, _e in kinds if end <= s <= end + window}
            if after:
                said |= after
                negated = negated or label == "NEGATION"
        elif label == "CUE_AFTER":
            said |= {k for k, _s, e in kinds if start - window <= e <= start}
    for key, _start, end in being(doc):
        if nlp.vocab.strings[key] == "BEING_MIX":
            said |= {k for k, s, _e in kinds if s == end}  # the kind right after the mix
        else:
            said |= {k for k, s, _e in kinds if s == end - 1 or (s < end <= _e)}
    if not said:
        return None
    return (not negated), said


def _held_information_request(s: Sentence, start: int, end: int) -> bool:
    """Whether the mention at ``start``..``end`` is a request for information held (FOI, EIR,
    an audit: "comply with any Request for Information"), not one to the market."""
    mention = " ".join(s.text[start:end].lower().split())
    return mention in _INFO_REQUEST_MENTIONS and _INFO_REQUEST.search(s.text) is not None


def _engagement_mentions(ctx: Context) -> Iterator[tuple[Sentence, int, int]]:
    for s, start, end in _mentions(ctx):
        if not _held_information_request(s, start, end):
            yield s, start, end


def _mentions(ctx: Context) -> Iterator[tuple[Sentence, int, int]]:
    from tendercheck.nlp.extractors.record_tables import title_cells

    negated = None
    titles = title_cells(ctx.sentences)
    for s in ctx.sentences:
        if not reads("statements", s.clause) and reads("titles", s.clause):
            # a title naming a published notice of engagement: "Early engagement notice on …"
            for label, _id, start, end in s.ents:
                if label == "MARKET_ENGAGEMENT" and _NOTICE_TITLE.search(s.text[start:end]):
                    if negated is None:  # not read in a pack that says none was held
                        negated = any(MARKET_NEGATIVE.search(x.text) for x in ctx.sentences)
                    if not negated:
                        yield s, start, end
            continue
        if not reads("statements", s.clause) or (
            s.clause is not None and s.clause.stage in ("award", "delivery")
        ):
            continue  # "the successful bidder will meet the buyer's contract manager"
        supposed = s.clause is not None and s.clause.force in ("may", "conditional")
        if supposed and not MARKET_ENGAGEMENT_EVENTS.intersection(s.lemmas):
            continue  # allowed or supposed, not said to happen: "may wish to include in…"
        if _DURING_TENDER.search(s.text) and not MARKET_NEGATIVE.search(s.text):
            continue  # "to aid bidders in preparing their bid, … will hold a Bidders Conference"
        title = titles.get(id(s))
        for label, _id, start, end in s.ents:
            if title is not None and title[0] <= start < title[1]:
                continue  # a record's title names the service bought, not engagement held
            if label == "MARKET_ENGAGEMENT" and s.text[end : end + 1] not in ("'", "’"):
                yield s, start, end


def market_facts(ctx: Context) -> Iterator[Fact]:
    for s, start, end in _engagement_mentions(ctx):
        if MARKET_NEGATIVE.search(s.text):
            yield Fact("market_engagement", False, evidence=[s.evidence()], confidence=0.7)
            break
        quote = s.text[start:end]
        yield Fact("market_engagement", True, evidence=[s.evidence(quote, start)], confidence=0.75)
        break
    else:
        yield Fact(
            "market_engagement",
            False,
            confidence=0.5,
            note="no mention of market engagement, supplier days or soft market testing",
        )
    value: dict | None = None
    evidence = []
    for s in ctx.sentences:
        if not reads("statements", s.clause) or (
            s.clause is not None and s.clause.stage in ("award", "delivery")
        ):
            continue  # the winner's supply chain ("The Contractor will offer SMEs…"), guidance
        said = suitability_said(s.text)
        if said is None:
            continue
        suits, kinds = said
        if value is None and not suits:
            value = {"sme": False, "vcse": False, "quote": s.text.strip()[:300]}
            evidence = [s.evidence()]
            break  # the first statement says it does not suit them
        if not suits:
            continue
        if value is None:
            value = {"sme": None, "vcse": None, "quote": s.text.strip()[:300]}
        new = [k for k in ("sme", "vcse") if k in kinds and value[k] is None]
        if new or not evidence:
            evidence.append(s.evidence())  # a later statement naming another kind counts too
        for k in new:
            value[k] = True
        if value["sme"] and value["vcse"]:
            break
    if value is not None:
        yield Fact("sme_vcse_suitability", value, evidence=evidence, confidence=0.7)
        return
    yield Fact(
        "sme_vcse_suitability",
        False,
        confidence=0.5,
        note="suitability for SMEs or VCSEs is not stated",
    )
