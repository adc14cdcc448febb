"""Named checks for the SPEC rules, and the text helpers the OUTCOME and SOCIAL checks share.

Helpers: where the specification and the questions are (:func:`spec_sentences`,
:func:`question_texts`), where a quoted item sits in the pack (:func:`quote_evidence`), and the
content words of a text for lexical-overlap tests (:func:`content_terms`, :func:`overlap`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from tendercheck.engine.checks import CheckContext, named_check, select_scope
from tendercheck.engine.model import Outcome
from tendercheck.nlp.model import Analysis, Evidence, Fact, Sentence

_WS = re.compile(r"\s+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_SPLIT = re.compile(r"(?<=[.?!])\s+(?=[A-Z(\"'‘“])")


def norm(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()


# --- where things are -------------------------------------------------------------------------

_NORM_CACHE: dict[int, tuple[Analysis, list[str]]] = {}


def _normed(analysis: Analysis) -> list[str]:
    cached = _NORM_CACHE.get(id(analysis))
    if cached is None or cached[0] is not analysis:
        _NORM_CACHE.clear()
        cached = (analysis, [norm(s.text) for s in analysis.sentences])
        _NORM_CACHE[id(analysis)] = cached
    return cached[1]


def quote_evidence(analysis: Analysis, quote: str) -> Evidence | None:
    """The location of a quoted item: the sentence that holds it (or that it holds)."""
    probe = norm(quote)[:60]
    if not probe:
        return None
    normed = _normed(analysis)
    for sentence, text in zip(analysis.sentences, normed, strict=True):
        if probe in text:
            return sentence.evidence()
    whole = norm(quote)
    for sentence, text in zip(analysis.sentences, normed, strict=True):
        if len(text) >= 20 and text in whole:
            return sentence.evidence()
    return None


def item_evidence(
    analysis: Analysis, fact: Fact | None, quotes: Iterable[str], limit: int = 10
) -> list[Evidence]:
    """Evidence for quoted items of a list fact, falling back to the fact's own evidence."""
    out: list[Evidence] = []
    for quote in quotes:
        ev = quote_evidence(analysis, quote) if quote else None
        if ev is not None and ev not in out:
            out.append(ev)
        if len(out) >= limit:
            break
    if not out and fact is not None:
        out = list(fact.evidence[:limit])
    return out


def spec_sentences(analysis: Analysis) -> list[Sentence] | None:
    """The specification's sentences; None when no specification was found.

    A spec_start supplied by the user (sidecar, option) has no location: find its heading.
    """
    fact = analysis.facts.get("spec_start")
    if fact is None or fact.placeholder or not isinstance(fact.value, dict):
        return None
    if fact.evidence and fact.evidence[0].doc_index >= 0 and fact.evidence[0].block >= 0:
        return _section_of(analysis, select_scope(analysis, "spec"))
    heading = norm(str(fact.value.get("heading") or ""))
    document = fact.value.get("document")
    if heading:
        for s in analysis.sentences:
            if (
                s.kind == "heading"
                and norm(s.text) == heading
                and (not document or s.document == document or len(analysis.pack.documents) == 1)
            ):
                return _section_of(
                    analysis,
                    [
                        t
                        for t in analysis.sentences
                        if t.doc_index == s.doc_index and t.block >= s.block
                    ],
                )
    return []


def _section_of(analysis: Analysis, rest: list[Sentence], min_sentences: int = 5) -> list[Sentence]:
    """The specification section: from its heading to the next heading at the same level or above.

    Falls back to the rest of the document when the heading is not a heading, or the section
    would be implausibly short (headings styled inconsistently).
    """
    if not rest or rest[0].kind != "heading" or not rest[0].section:
        return rest
    prefix = rest[0].section
    out = []
    for sentence in rest:
        if sentence.section[: len(prefix)] != prefix:
            break
        out.append(sentence)
    return out if len(out) >= min_sentences else rest


def questions(analysis: Analysis) -> list[dict] | None:
    fact = analysis.facts.get("questions")
    if fact is None or fact.placeholder or not isinstance(fact.value, list):
        return None
    return [q for q in fact.value if isinstance(q, dict)]


def question_texts(analysis: Analysis, scored_only: bool = False) -> list[str] | None:
    items = questions(analysis)
    if items is None:
        return None
    return [
        str(q.get("text") or "")
        for q in items
        if q.get("text") and (not scored_only or q.get("scored") is not False)
    ]


def split_sentences(text: str) -> list[str]:
    return [p for p in _SENTENCE_SPLIT.split(" ".join(text.split())) if p.strip()]


# --- lexical overlap --------------------------------------------------------------------------

_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "e")


def stem(word: str) -> str:
    w = word.lower().strip("'’-")
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def content_terms(words: Iterable[str], generic: Iterable[str] = ()) -> set[str]:
    """Stemmed content words: stop words, short words, numbers and generic bid words removed."""
    stop = _stop_words()
    skip = {stem(g) for g in generic}
    out = set()
    for word in words:
        w = word.lower().strip("'’-.,;:()[]")
        if len(w) < 3 or not w.isalpha() or w in stop:
            continue
        s = stem(w)
        if s not in skip:
            out.add(s)
    return out


def text_terms(text: str, generic: Iterable[str] = ()) -> set[str]:
    return content_terms(_WORD.findall(text), generic)


def sentence_terms(sentences: Iterable[Sentence], generic: Iterable[str] = ()) -> set[str]:
    words: list[str] = []
    for s in sentences:
        words.extend(s.lemmas or _WORD.findall(s.text))
        words.extend(_WORD.findall(s.text))  # lemmas and surface forms both count as present
    return content_terms(words, generic)


def overlap(terms: set[str], reference: set[str]) -> float:
    """Share of ``terms`` that also appear in ``reference``."""
    return len(terms & reference) / len(terms) if terms else 0.0


def pct(value: float) -> str:
    return f"{value:g}%"


# --- SPEC-01 ----------------------------------------------------------------------------------


@named_check("spec_position")
def spec_position(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """SPEC-01: the specification starts late in its document, the pack, or behind many clauses."""
    fact = ctx.fact("spec_start")
    if fact is None:
        return Outcome("not-assessed", detail="no specification was found (see SPEC-02)")
    value = fact.value if isinstance(fact.value, dict) else {}
    page = value.get("page")
    fraction = value.get("fraction")
    clauses = value.get("clauses_before")
    own_document = page is not None and page <= 1 and len(ctx.analysis.pack.documents) > 1
    reasons: list[str] = []
    severity = None
    if page is not None and page > options["page_error"]:
        reasons.append(f"it starts on page {page}")
        severity = "error"
    elif page is not None and page > options["page_warning"]:
        reasons.append(f"it starts on page {page}")
    pack_pages = ctx.analysis.pack.pages or 0
    if (
        fraction is not None
        and not own_document
        and fraction > options["fraction"]
        and pack_pages > options.get("fraction_min_pages", 0)
    ):
        reasons.append(f"{fraction:.0%} of the pack's pages come before it")
    if clauses is not None and clauses > options["clauses"]:
        reasons.append(f"{clauses} clauses of terms and conditions come before it")
    if not reasons:
        if page is None and fraction is None and clauses is None:
            return Outcome("not-assessed", detail="the specification's position is not known")
        return Outcome("pass", args={"heading": value.get("heading") or "the specification"})
    return Outcome(
        "fail",
        ctx.evidence(),
        severity=severity,
        args={
            "heading": value.get("heading") or "The specification",
            "reasons": "; ".join(reasons),
        },
    )


# --- SPEC-03 ----------------------------------------------------------------------------------


@named_check("vague_wording")
def vague_wording(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """SPEC-03: vague phrases denser than a threshold in the spec, or any placeholder anywhere.

    Density is measured over the specification; when none was found, over the whole pack.
    """
    vague = re.compile("|".join(f"(?:{p})" for p in options["patterns"]), re.I)
    holders = (
        re.compile("|".join(f"(?:{p})" for p in options.get("placeholder_patterns", [])), re.I)
        if options.get("placeholder_patterns")
        else None
    )
    spec = spec_sentences(ctx.analysis)
    scope_words = "the specification"
    sentences = spec
    if not sentences:
        sentences = ctx.analysis.sentences
        scope_words = "the pack (no specification was found)"
    hits: list[Evidence] = []
    phrases: list[str] = []
    for sentence in sentences:
        found = [m.group(0).lower() for m in vague.finditer(sentence.text)]
        if found:  # every phrase counts: "any other duties as required ... from time to time" is 3
            hits.append(sentence.evidence())
            phrases.extend(found)
    words = sum(len(s.text.split()) for s in sentences)
    density = len(phrases) * 1000 / words if words else 0.0
    vague_fail = len(phrases) >= options.get("min_count", 1) and density > options["per_1000_words"]

    placeholders: list[Evidence] = list(ctx.analysis.placeholders)
    seen = {(e.doc_index, e.block, e.quote.lower()) for e in placeholders}
    if holders is not None:
        for sentence in ctx.analysis.sentences:
            for match in holders.finditer(sentence.text):
                ev = sentence.evidence(match.group(0), match.start())
                key = (ev.doc_index, ev.block, ev.quote.lower())
                if key not in seen and not any(
                    p.doc_index == ev.doc_index
                    and p.block == ev.block
                    and p.start <= ev.start < p.end
                    for p in placeholders
                ):
                    seen.add(key)
                    placeholders.append(ev)
    if not words and not placeholders:
        return Outcome("not-assessed", detail="no text to read")
    args = {
        "count": len(phrases),
        "density": density,
        "scope": scope_words,
        "phrases": ", ".join(dict.fromkeys(phrases[:20])) or "none",
        "placeholders": len(placeholders),
        "placeholder_quotes": ", ".join(dict.fromkeys(e.quote for e in placeholders[:6])) or "none",
    }
    parts = []
    if placeholders:
        parts.append(
            f"{len(placeholders)} unfilled placeholder{'s' if len(placeholders) != 1 else ''} "
            f"({args['placeholder_quotes']})"
        )
    if vague_fail:
        parts.append(
            f"{len(phrases)} vague phrase{'s' if len(phrases) != 1 else ''} in {scope_words} "
            f"({density:.1f} per 1,000 words, above {options['per_1000_words']:g}: "
            f"{args['phrases']})"
        )
    args["findings"] = "; ".join(parts)
    if not parts:
        return Outcome("pass", args=args)
    limit = options.get("max_evidence", 20)
    evidence = placeholders[:limit] + (
        hits[: max(0, limit - len(placeholders))] if vague_fail else []
    )
    return Outcome("fail", evidence, args=args)


# --- SPEC-04 / SPEC-05 ------------------------------------------------------------------------


@named_check("plain_language")
def plain_language(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """SPEC-04/05: readability of the specification and the questions together.

    Options: ``avg_words_max``, ``long_words`` with ``long_share_max``, ``flesch_min``.
    """
    from tendercheck.engine.readability import measure

    spec = spec_sentences(ctx.analysis)
    texts: list[str] = []
    located: list[tuple[str, Evidence | None]] = []
    for s in spec or []:
        if s.kind in ("paragraph", "list_item"):
            texts.append(s.text)
            located.append((s.text, s.evidence()))
    for question in question_texts(ctx.analysis, scored_only=True) or []:
        for part in split_sentences(question):
            texts.append(part)
            located.append((part, None))
    if spec is None and questions(ctx.analysis) is None:
        ctx.missing.extend(["spec_start", "questions"])
        return Outcome("not-assessed", detail="neither a specification nor questions were found")
    minimum = options.get("min_sentences", 5)
    if len(texts) < minimum:
        return Outcome(
            "not-assessed",
            detail=f"fewer than {minimum} sentences in the specification and questions",
        )
    long_words = options.get("long_words", 25)
    metrics = measure(texts, long_words)
    reasons = []
    if "avg_words_max" in options and metrics["avg_sentence_words"] > options["avg_words_max"]:
        reasons.append(
            f"sentences average {metrics['avg_sentence_words']:.1f} words "
            f"(plain English: {options['avg_words_max']} or fewer)"
        )
    if "long_share_max" in options and metrics["long_sentence_share"] > options["long_share_max"]:
        reasons.append(
            f"{metrics['long_sentence_share']:.0%} of sentences run over {long_words} words "
            f"(limit {options['long_share_max']:.0%})"
        )
    if "flesch_min" in options and metrics["flesch"] < options["flesch_min"]:
        reasons.append(
            f"Flesch reading ease is {metrics['flesch']:.0f} "
            f"(below {options['flesch_min']}: graduate-level reading)"
        )
    args = {**metrics, "reasons": "; ".join(reasons), "long_words": long_words}
    if not reasons:
        return Outcome("pass", args=args)
    longest = sorted(located, key=lambda item: -len(item[0].split()))[:3]
    evidence = []
    for text, ev in longest:
        ev = ev or quote_evidence(ctx.analysis, text)
        if ev is not None and ev not in evidence:
            evidence.append(ev)
    return Outcome("fail", evidence, args=args)


# --- SPEC-06 ----------------------------------------------------------------------------------

_ACRONYM = re.compile(r"\b([A-Z][A-Z&]{1,5})(s)?\b")
_ROMAN = re.compile(r"^[IVXLCDM]+$")


def _defined_here(text: str, acronym: str) -> bool:
    a = re.escape(acronym)
    return bool(
        re.search(
            rf"\(\s*(?:the\s+)?[\"'‘“]?{a}s?[\"'’”]?\s*\)", text
        )  # Key Performance Indicator (KPI)
        or re.search(rf"\b{a}s?\s*\(\s*[A-Za-z][a-z]+", text)  # KPI (key performance indicator)
        or re.search(
            rf"\b{a}s?\b[\"'’”]?\s*(?:means|stands for|refers to|is short for|[:–—-]\s*[A-Z][a-z])",
            text,
        )
    )


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) / len(letters) > 0.6


_CAPS_WORD = re.compile(r"[A-Z]{2,}")


def _in_capitals_run(text: str, match: re.Match[str]) -> bool:
    """Part of a run of capitalised words ("[INSERT DATE]", "NOW THEREFORE"), or in brackets."""
    before = text[: match.start()].rstrip()
    after = text[match.end() :].lstrip()
    prev_word = re.search(r"([A-Za-z]+)\W*$", before)
    next_word = re.match(r"\W*([A-Za-z]+)", after)
    if (prev_word and _CAPS_WORD.fullmatch(prev_word.group(1))) or (
        next_word and _CAPS_WORD.fullmatch(next_word.group(1))
    ):
        return True
    return before.endswith("[") and "]" in after


@named_check("acronyms_first_use")
def acronyms_first_use(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """SPEC-06: acronyms whose first use does not spell them out (glossary rows count as defined)."""
    allowed = {a.upper() for a in options.get("allow", [])}
    sentences = ctx.analysis.sentences
    if not sentences:
        return Outcome("not-assessed", detail="no text to read")
    glossary: set[str] = set()
    for s in sentences:
        if s.kind == "table" and s.row >= 0:
            first = s.text.split("|", 1)[0].strip().strip("\"'‘’“”")
            if _ACRONYM.fullmatch(first):
                glossary.add(
                    first.rstrip("s") if first.endswith("s") and first[:-1].isupper() else first
                )
    first_use: dict[str, Sentence] = {}
    defined: set[str] = set()
    stop = _stop_words()
    # A capitalised word the pack also writes in lower case is emphasis ("SIGNED", "DATE").
    lower_words = {
        w.lower() for s in sentences for w in re.findall(r"\b[A-Za-z][a-z]{2,}\b", s.text)
    }
    for s in sentences:
        if s.kind == "heading" or _shouting(s.text):
            continue
        for match in _ACRONYM.finditer(s.text):
            acronym = match.group(1)
            if (
                acronym in allowed
                or _ROMAN.match(acronym)
                or set(acronym) <= {"X"}
                or "&" in acronym
                or acronym in first_use
                or acronym in defined
                or acronym.lower() in stop
                or acronym.lower() in lower_words
                or _in_capitals_run(s.text, match)
            ):
                continue
            if acronym in glossary or _defined_here(s.text, acronym):
                defined.add(acronym)
            else:
                first_use[acronym] = s
    undefined = sorted(
        first_use, key=lambda a: (first_use[a].doc_index, first_use[a].block, first_use[a].start)
    )
    args = {
        "count": len(undefined),
        "acronyms": ", ".join(undefined[:15]) + (" …" if len(undefined) > 15 else ""),
    }
    if len(undefined) < options.get("min_count", 1):
        return Outcome("pass", args=args)
    evidence: list[Evidence] = []
    for acronym in undefined:
        ev = first_use[acronym].evidence()
        if ev not in evidence:
            evidence.append(ev)
    return Outcome("fail", evidence[: options.get("max_evidence", 10)], args=args)


# --- SPEC-07 ----------------------------------------------------------------------------------


@named_check("question_complexity")
def question_complexity(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """SPEC-07: scored questions asking several things at once, or running too long."""
    items = questions(ctx.analysis)
    if items is None:
        ctx.missing.append("questions")
        return Outcome("not-assessed")
    scored = [
        q
        for q in items
        if q.get("scored") is not False and q.get("topic") != "price" and q.get("text")
    ]
    if not scored:
        return Outcome("not-applicable", detail="no scored written questions were found")
    flagged: list[tuple[dict, str]] = []
    for q in scored:
        text = str(q["text"])
        marks = text.count("?")
        chains = len(re.findall(r"\band/or\b", text, re.I))
        words = len(text.split())
        why = []
        if marks > options["max_question_marks"]:
            why.append(f"{marks} questions in one")
        if chains >= options.get("max_and_or", 2):
            why.append(f"{chains} 'and/or' chains")
        if words > options["max_words"]:
            why.append(f"{words} words")
        if why:
            flagged.append((q, ", ".join(why)))
    labels = [f"{q.get('id') or str(q['text'])[:40] + '…'} ({why})" for q, why in flagged]
    args = {"count": len(flagged), "total": len(scored), "items": "; ".join(labels[:6])}
    if not flagged:
        return Outcome("pass", args=args)
    fact = ctx.analysis.facts.get("questions")
    evidence = item_evidence(ctx.analysis, fact, [str(q["text"]) for q, _ in flagged])
    return Outcome("fail", evidence, args=args)


# --- SPEC-08 ----------------------------------------------------------------------------------


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _question_label(q: dict, width: int = 40) -> str:
    if q.get("id"):
        return str(q["id"])
    text = " ".join(str(q.get("text") or "").split())
    return f"“{text[:width]}…”" if len(text) > width else f"“{text}”"


@named_check("award_criteria_weighted")
def award_criteria_weighted(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """SPEC-08: award criteria or scored questions with no weighting, ranking or scoring method.

    A weighting left as a placeholder ("[insert figure %]") counts as not stated.
    """
    analysis = ctx.analysis
    method = analysis.value("award_method")
    weightings = analysis.facts.get("weightings")
    kind = analysis.value("weightings_kind")
    items = questions(analysis)
    scored = [q for q in items or [] if q.get("scored") is not False and q.get("topic") != "price"]
    scoring = re.compile("|".join(f"(?:{p})" for p in options["scoring_method_patterns"]), re.I)
    scoring_hit = next((s for s in analysis.sentences if scoring.search(s.text)), None)

    if weightings is not None and weightings.placeholder:
        return Outcome(
            "fail",
            list(weightings.evidence[:5]),
            args={
                "problem": "the award weightings are left as a placeholder "
                f"({weightings.evidence[0].quote if weightings.evidence else 'unfilled'})"
            },
        )
    stated = (
        weightings is not None
        and isinstance(weightings.value, dict)
        and any(_number(v) is not None for v in weightings.value.values())
    )
    ranked = kind == "rank"
    if stated or ranked:
        unweighted = [q for q in scored if _number(q.get("weighting")) is None]
        quality = _number(weightings.value.get("quality")) if stated else None
        if len(scored) == 1 and unweighted and quality:
            # One quality question under a weighted quality criterion carries that weight.
            return Outcome("pass")
        if scored and len(unweighted) == len(scored) and scoring_hit is None:
            return Outcome(
                "fail",
                item_evidence(
                    analysis,
                    analysis.facts.get("questions"),
                    [str(q.get("text") or "") for q in unweighted],
                ),
                args={
                    "problem": f"none of the {len(scored)} scored questions carries a weighting "
                    "or a scoring method"
                },
            )
        if unweighted and len(unweighted) < len(scored):
            labels = ", ".join(_question_label(q) for q in unweighted[:6])
            return Outcome(
                "fail",
                item_evidence(
                    analysis,
                    analysis.facts.get("questions"),
                    [str(q.get("text") or "") for q in unweighted],
                ),
                args={
                    "problem": f"{len(unweighted)} of {len(scored)} scored questions carry no "
                    f"weighting ({labels})"
                },
            )
        return Outcome("pass")
    if method == "price_only":
        return Outcome("pass", detail="award on price alone")
    if options.get("placeholder_patterns"):
        holder = re.compile("|".join(f"(?:{p})" for p in options["placeholder_patterns"]), re.I)
        for sentence in analysis.sentences:
            match = holder.search(sentence.text)
            if match:
                return Outcome(
                    "fail",
                    [sentence.evidence(match.group(0), match.start())],
                    args={
                        "problem": "the award weightings are left as a placeholder "
                        f"({match.group(0)})"
                    },
                )
    if scored:
        weighted = [q for q in scored if _number(q.get("weighting")) is not None]
        if len(weighted) == len(scored):
            return Outcome("pass")
        unweighted = [q for q in scored if _number(q.get("weighting")) is None]
        if weighted:
            labels = ", ".join(_question_label(q) for q in unweighted[:6])
            problem = (
                f"{len(unweighted)} of {len(scored)} scored questions carry no weighting ({labels})"
            )
        elif scoring_hit is not None:
            problem = (
                f"the {len(scored)} scored questions have a scoring scale but no weighting "
                "of the award criteria is stated"
            )
        else:
            problem = f"no weighting, ranking or scoring method is stated for the {len(scored)} scored questions"
        return Outcome(
            "fail",
            item_evidence(
                analysis,
                analysis.facts.get("questions"),
                [str(q.get("text") or "") for q in unweighted],
            ),
            args={"problem": problem},
        )
    ctx.missing.append("weightings")
    return Outcome("not-assessed", detail="no award criteria or scored questions were found")


# --- SPEC-09 ----------------------------------------------------------------------------------


@named_check("question_relevance")
def question_relevance(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """SPEC-09: scored questions sharing (almost) no content words with the specification."""
    spec = spec_sentences(ctx.analysis)
    items = questions(ctx.analysis)
    if not spec:
        ctx.missing.append("spec_start")
    if items is None:
        ctx.missing.append("questions")
    if not spec or items is None:
        return Outcome("not-assessed")
    generic = options.get("generic_words", [])
    skip_topics = set(options.get("skip_topics", []))
    scored = [
        q
        for q in items
        if q.get("scored") is not False and q.get("text") and q.get("topic") not in skip_topics
    ]
    if not scored:
        return Outcome("not-applicable", detail="no scored quality questions were found")
    question_blocks = {
        (e.doc_index, e.block) for e in (ctx.analysis.facts["questions"].evidence or [])
    }
    reference = sentence_terms(
        [
            s
            for s in spec
            if (s.doc_index, s.block) not in question_blocks
            and norm(s.text) not in {norm(str(q["text"])) for q in scored}
        ],
        generic,
    )
    if not reference:
        return Outcome("not-assessed", detail="the specification has no content words to compare")
    floor = options["min_overlap"]
    low: list[tuple[dict, float]] = []
    judged = 0
    for q in scored:
        terms = text_terms(str(q["text"]), generic)
        if len(terms) < options.get("min_terms", 3):
            continue
        judged += 1
        share = overlap(terms, reference)
        if share < floor:
            low.append((q, share))
    if not judged:
        return Outcome("not-assessed", detail="the questions are too short to compare")
    labels = [f"{q.get('id') or str(q['text'])[:50] + '…'} ({share:.0%})" for q, share in low]
    args = {"count": len(low), "total": judged, "floor": floor, "items": "; ".join(labels[:6])}
    if not low:
        return Outcome("pass", args=args)
    evidence = item_evidence(
        ctx.analysis, ctx.analysis.facts.get("questions"), [str(q["text"]) for q, _ in low]
    )
    return Outcome("fail", evidence, args=args)
