"""Tender dates: issue, clarification deadline, submission deadline, award and contract start.

Reads timetable tables (the label in one cell, the date in another) and prose ("Tenders must be
returned by 12 noon on 2 January 2026"), and the cover ("Date: 2 October 2017", "Issue Date:").
Every candidate is yielded, so conflicting dates (cover vs timetable, two deadlines) are kept for
the rules; the timetable's own rows are the most confident. Placeholders ("[Insert date]",
"(Date)") become placeholder facts, never dates. Dates in references to past contracts and in
legal citations are not tender dates. A day with no year known ("by 7 May") and a month with no
day ("Award | June 2026") name their fact with no value and say so in its note ("no year
stated: …", "month only: …"); derive.py dates the first from the issue date, never the second.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from tendercheck import lazyre
from tendercheck.nlp.clauses import reads
from tendercheck.nlp.dates import (
    MONTH_ONLY_PREFIX,
    YEARLESS_PREFIX,
    DateMatch,
    MonthOnly,
    find_dates,
    find_month_only,
)
from tendercheck.nlp.extractors import Context, extractor
from tendercheck.nlp.model import Fact, Sentence
from tendercheck.nlp.numbers import NUM, to_number

# Cheap pre-filter: a digit, or something that may be a date placeholder.
_MAYBE = lazyre.compile(r"\d|\[|\(\s*(?:time|date)|\bTB[CA]\b|dd/mm|XX/", re.IGNORECASE)

# Labels (a timetable cell, or the words just before a date in prose), most specific first.
# Each: (fact, pattern, pattern that vetoes it, confidence in a table, confidence in prose).
_NOT_OURS = r"award|standstill|summar|result|outcome|decision|evaluat|contract details|interview|presentation|meeting|visit|site|mobilis"
LABELS: list[tuple[str, re.Pattern[str], re.Pattern[str] | None, float, float]] = [
    (
        "clarification_deadline",
        lazyre.compile(
            r"clarification|\bquestions?\b|\bquer(?:y|ies)\b|\benquir(?:y|ies)\b", re.IGNORECASE
        ),
        lazyre.compile(
            r"respon|answer|publish|circulat|\bopens?\b|meeting|session|event|visit|\bto be issued\b"
            r"|interview",
            re.IGNORECASE,
        ),
        0.9,
        0.75,
    ),
    (
        "submission_deadline",
        lazyre.compile(
            r"closing\s+date|clos(?:e|es|ing)\b|deadline|return(?:ed)?\b|receipt|receiv|"
            r"submi(?:t|ssion|tted)|\bdue\b|lodge"
            r"|\b(?:tenders?|bids?|quotes?|quotations?|responses?|applications?|proposals?)\s+"
            r"(?:in|back)\b",
            re.IGNORECASE,
        ),
        lazyre.compile(
            rf"clarification|questions?|quer(?:y|ies)|enquir|{_NOT_OURS}|valid|request of documents"
            r"|expression of interest|\beoi\b|registration|register",
            re.IGNORECASE,
        ),
        0.9,
        0.75,
    ),
    (
        "issue_date",
        lazyre.compile(
            r"\bissued?\b|\bissuing\b|\bpublish(?:ed)?\b|\bpublication\b|\bdispatch|\breleased?\b"
            r"|\blaunch(?:ed)?\b|\badvertised\b|\bsent(?: out)?\b",
            re.IGNORECASE,
        ),
        lazyre.compile(rf"{_NOT_OURS}|clarification|respon|answer|quer(?:y|ies)", re.IGNORECASE),
        0.9,
        0.7,
    ),
    (
        "award_date",
        lazyre.compile(
            r"\baward(?:ed|ing)?\b|final decision|notification of (?:the )?(?:result|outcome)"
            r"|contract concluded",
            re.IGNORECASE,
        ),
        lazyre.compile(r"notice|standstill|criteria|summar|\bend\b", re.IGNORECASE),
        0.8,
        0.6,
    ),
    (
        "contract_start",
        lazyre.compile(
            r"\bstart(?:s|ing)?\b|commence(?:s|ment)?\b|\bbegin|go[- ]live|service start",
            re.IGNORECASE,
        ),
        lazyre.compile(r"standstill|\bend\b|expir|mobilis|window|period opens", re.IGNORECASE),
        0.85,
        0.7,
    ),
]
# Issue rows must say what was issued.
_ISSUE_WHAT = lazyre.compile(
    r"\b(?:tender|itt|itq|rfp|rfq|rft|invitation|documents?|notice|pack|opportunity|procurement"
    r"|competition|advert|contract notice|quote|quotation|request for)\w*|\bissue date\b"
    r"|date of issue|date issued",
    re.IGNORECASE,
)
_BARE_ISSUE_LABEL = lazyre.compile(
    r"\s*(?:date\s+)?(?:issued|published|publication|launch(?:ed)?|released?|sent(?: out)?)"
    r"(?:\s+date)?\s*:?\s*",
    re.IGNORECASE,
)
# Prose: the subject must be a tender for a deadline; a contract for a start date.
_SUBMIT_SUBJECT = lazyre.compile(
    r"\b(?:tenders?|bids?|responses?|proposals?|quotes?|quotations?|submissions?|offers?"
    r"|applications?|itt|rfp|rfq)\b",
    re.IGNORECASE,
)
_CONNECTOR = lazyre.compile(
    r"(?:\bby|\bbefore|no later than|not later than|\buntil|\bon|\bis|\bbe|:|-|–|\bdeadline\s+of)\s*"
    r"(?:the\s+)?(?:latest\s+)?$",
    re.IGNORECASE,
)
# "final date and time for the submission of bids", "latest date for receipt of tenders"
_LAST_DATE = r"(?:final|last|latest)\s+date(?:\s+and\s+time)?"
# A question deadline in prose: the questions are the clause's subject ("Any questions …", "If
# you have any specific questions concerning this document …, please email … no later than"),
# with a connector of time; "until" only with the questions as subject ("Questions … may be
# raised … until 5pm on").
_QUESTION_SUBJECT = (
    r"^\W*(?:if\s+you\s+have\s+)?(?:any\s+|all\s+)?(?:specific\s+|further\s+)?"
    r"(?:clarification|questions?\b|quer(?:y|ies)\b|enquir)"
)
_QUESTION_BY = r"\bby\b|before|no later than|not later than|deadline|\buntil\b"
# The date qualifies the questions themselves, whatever the clause says of answers: "We will
# answer questions sent before 5pm on" (but not "answers to questions will be published by").
_QUESTIONS_SENT_BY = lazyre.compile(
    r"(?:questions?|quer(?:y|ies)|enquir(?:y|ies)|clarifications?)\s+(?:are\s+|is\s+)?"
    r"(?:sent|received|submitted|raised|asked|made)\s+(?:in\s+|to\s+us\s+)?"
    r"(?:by|before|no later than|not later than|until)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
# A quick-quote e-mail's reply-by line, after the request it answers: "Send it to me by Friday
# 6th March", "Please get them back to us before". Only at the start of the clause, as an order.
_SEND_IT_BY = (
    r"^\W*(?:please\s+)?(?:send|return|e-?mail|post|get)\s+(?:it|them|this|these)\s+"
    r"(?:back\s+)?(?:in\s+)?(?:to\s+(?:me|us)\s+)?(?:by|before|no\s+later\s+than)\s+(?:the\s+)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+)?$"
)
# A bare question ending the sentence before a date's ("Any questions? Email me before …"):
# the questions are the next sentence's subject.
_QUESTION_LEAD = lazyre.compile(
    r"^\W*(?:any|got\s+any|have\s+(?:you\s+)?(?:got\s+)?any)?\s*(?:further\s+)?"
    r"(?:questions|queries|clarifications?)\s*\?\s*$",
    re.IGNORECASE,
)
_ANSWERS_TO = lazyre.compile(r"\b(?:respon\w*|answers?|replies)\s+to\b", re.IGNORECASE)
# A bare "closing" or "closes" right before the date.
_CLOSING_END = lazyre.compile(r"\b(?:closing|closes)\s*(?:on|at|:|-|–)?\s*$", re.IGNORECASE)
_BARE_TIME_END = lazyre.compile(r"\s(?:[01]\d|2[0-3])[0-5]\d\s*(?:hrs|hours|h)?\s*$", re.IGNORECASE)
_CONTRACT_SUBJECT = lazyre.compile(
    r"\b(?:contract|agreement|service|services|framework|term|work|works|project|commencement)\b",
    re.IGNORECASE,
)
_COVER_DATE = lazyre.compile(
    r"^\s*(?:issue\s+date|date\s+of\s+issue|date\s+issued|date|dated)\s*[:\-–]", re.IGNORECASE
)
_ISSUE_DATE_LABEL = lazyre.compile(r"issue\s+date|date\s+of\s+issue|date\s+issued", re.IGNORECASE)
# Sentences about the past or about someone else's contract: references, experience, case studies.
_NOT_TENDER = lazyre.compile(
    r"\b(?:previous|past|former|referees?|references?|experience|case stud|incorporat"
    r"|registered on|founded|established|date of birth|your organisation|commenced trading"
    r"|trading since|accounts|financial year|year end|version|revision|amended on|last updated"
    r"|printed|copyright|©)",
    re.IGNORECASE,
)
_NOT_TENDER_SECTION = lazyre.compile(
    r"\b(?:references?|experience|case stud|previous contracts|past performance|document control"
    r"|version (?:control|history)|revision history|change log)\b",
    re.IGNORECASE,
)


def _row_label(sentence: Sentence, match: DateMatch) -> str:
    """The other cells of a table row: the label of the date's cell."""
    cells = sentence.text.split(" | ")
    pos = 0
    before, after = [], []
    for cell in cells:
        end = pos + len(cell)
        if end <= match.start:
            before.append(cell)
        elif pos >= match.end:
            after.append(cell)
        pos = end + 3
    label = " ".join(c for c in before if c.strip())
    if not label.strip():
        label = " ".join(c for c in after if c.strip())
    return label


def _in_cell_label(sentence: Sentence, match: DateMatch) -> str:
    """Words in the date's own cell before the date ("Closing date: 5 May 2025")."""
    text = sentence.text
    cell_start = text.rfind(" | ", 0, match.start)
    cell_start = 0 if cell_start < 0 else cell_start + 3
    return text[cell_start : match.start]


def _classify(label: str, table: bool) -> tuple[str, float] | None:
    for name, pattern, veto, conf_table, conf_prose in LABELS:
        if not pattern.search(label):
            continue
        if veto is not None and veto.search(label):
            continue
        if (
            name == "issue_date"
            and not _ISSUE_WHAT.search(label)
            and not (table and _BARE_ISSUE_LABEL.fullmatch(label))
        ):
            continue  # a timetable row of one word ("Published") is the tender's own
        return name, (conf_table if table else conf_prose)
    return None


def _classify_prose(context: str) -> tuple[str, float] | None:
    """The fact a date in prose belongs to, from the words just before it."""
    if not context.strip():
        return None
    # A 24-hour time with no colon between the words and the date ("is 0900 2025-03-11").
    context = _BARE_TIME_END.sub(" ", context)
    near = context[-90:]
    # Strong phrases name the fact wherever they are in the near context, else in the clause.
    strong = [
        ("clarification_deadline", r"(?:deadline|last date|closing date)\s+(?:for|to\s+(?:submit|send|raise|ask))\s+(?:the\s+)?(?:submission\s+of\s+)?(?:clarification|questions|queries)|clarification\s+(?:question\s+)?deadline"),
        ("submission_deadline", rf"{_SEND_IT_BY}|closing\s+date|submission\s+deadline|tender\s+deadline|response\s+deadline|(?:deadline|{_LAST_DATE})\s+for\s+(?:the\s+)?(?:\w+\s+)?(?:submission|receipt|return)s?\s+of\s+(?:tenders?|bids?|responses?|proposals?|quotes?|quotations?)|deadline\s+for\s+(?:the\s+)?(?:returned\s+)?(?:submissions|tenders|bids|quotes|quotations|responses)|return\s+date"),
        ("issue_date", r"issue\s+date|date\s+of\s+issue|(?:itt|rfp|rfq|tender|invitation)\w*\s+(?:was|were|is|are|will\s+be)\s+(?:issued|published)|(?:tender|itt|rfp|rfq|rft|invitation|opportunity)\s+(?:launch|publication|release)(?:\s+date)?|\b(?:date\s+)?published\s*:|(?:invitation|request|letter)\s+(?:is\s+)?dated|request\s+sent(?:\s+on)?|^\W*(?:issued|published)\s+(?:on\s+)?$"
                       # an e-mail's header line ("Sent: 9 February 2026"): the request's date
                       r"|^\W*(?:date\s+)?sent\s*:\s*$"),
        ("contract_start", r"(?:contract|service|agreement|framework)\s+(?:start|commencement)\s+date|(?:contract|services?|agreement|framework)\s+(?:will|shall|is\s+expected\s+to|is\s+due\s+to)\s+(?:start|commence|begin)"),
        ("award_date", r"(?:contract\s+)?award\s+date|date\s+of\s+(?:contract\s+)?award|award\s+of\s+(?:the\s+)?contract"
                       r"|^\W*(?:contract|framework)\s+award\s*[:\-–]\s*$"
                       r"|(?:the\s+|this\s+)(?:contract|agreement|framework(?:\s+agreement)?)\s+(?:will|shall|is\s+(?:expected|anticipated|intended|planned|due)\s+to)\s+be\s+awarded\s+(?:on|by|in|from)?\s*(?:or\s+(?:around|about)\s+)?(?:the\s+)?$"
                       r"|\b(?:we|the\s+\w+)\s+(?:expects?|intends?|plans?|aims?)\s+to\s+award\s+(?:the\s+|this\s+)?(?:contract|framework)\s+(?:on|by|in)?\s*(?:the\s+)?$"),
    ]  # fmt: skip
    best: tuple[int, str] | None = None
    for name, pattern in strong:
        for m in re.finditer(pattern, near, re.IGNORECASE):
            if best is None or m.end() > best[0]:
                best = (m.end(), name)
    if best is None:
        # the clause's subject may stand further back ("The deadline to submit questions
        # relating to the submission via the … portal is 17:00 on 24 May")
        clause_text = re.split(r"[.;]\s", context[-300:])[-1]
        for name, pattern in strong:
            for m in re.finditer(pattern, clause_text, re.IGNORECASE):
                end = len(near) - (len(clause_text) - m.end())
                if best is None or end > best[0]:
                    best = (max(end, 1), name)
    if best is not None and not re.search(r"example|e\.g\.|such as", near[best[0] - 1 :], re.I):
        conf = 0.8
        name = best[1]
        if name == "clarification_deadline" and re.search(r"respon|answer", near[best[0] :], re.I):
            return None
        return name, conf
    # Otherwise a connector right before the date, and a subject in the clause.
    tail = context[-40:]
    clause = re.split(r"[.;]\s", near)[-1]
    if _CLOSING_END.search(tail) and not re.search(
        r"clarification|questions?\b|quer(?:y|ies)|enquir|expression|interest|\beoi\b|regist",
        clause,
        re.I,
    ):
        return "submission_deadline", 0.7  # "… in the Cumberland area closing 2 January 2025"
    if not _CONNECTOR.search(re.sub(r"\s+", " ", tail)):
        return None
    # A question deadline's subject ("Any questions about this ITT must be sent ...") may stand
    # further back than the near window: look at the whole clause for that one.
    whole = re.split(r"[.;]\s", context[-300:])[-1]
    if re.search(_QUESTION_SUBJECT, whole, re.I) and re.search(_QUESTION_BY, whole, re.I):
        clause = whole
    if re.search(
        r"clarification|\bquestions?\b|\bquer(?:y|ies)\b|\benquir", clause, re.I
    ) and re.search(_QUESTION_BY, clause, re.I):
        if not re.search(r"respon|answer|publish", clause, re.I) or (
            _QUESTIONS_SENT_BY.search(clause) and not _ANSWERS_TO.search(clause)
        ):
            return "clarification_deadline", 0.7
        return None
    if _SUBMIT_SUBJECT.search(clause) and re.search(
        r"\b(?:by|before|no later than|not later than|until|deadline|due|closing)\b", clause, re.I
    ):
        if re.search(
            r"valid|open for acceptance|evaluat|award|interview|presentation", clause, re.I
        ):
            return None
        return "submission_deadline", 0.7
    if _CONTRACT_SUBJECT.search(clause) and re.search(
        r"\b(?:start|commence|begin)\w*\b", clause, re.I
    ):
        if re.search(r"standstill|\bend\b|expir|termin", clause, re.I):
            return None
        if re.search(r"\b(?:until|till|through|up\s+to)\s*(?:the\s+)?$", tail, re.I):
            return None  # "will start soon and run until 31 March 2027": the end, not the start
        return "contract_start", 0.65
    return None


# Deadlines whose year-less day is reported as such ("no year"), not dropped unsaid.
YEARLESS_FACTS = ("submission_deadline", "clarification_deadline")


def yearless_note(match: DateMatch) -> str:
    """ "no year stated: --05-07 (7 May) …": the day in ISO 8601's year-less form, which
    derive.py reads to date it from the issue date."""
    day = match.date.strftime("--%m-%d")
    when = f"T{match.time.strftime('%H:%M')}" if match.time is not None else ""
    return (
        f"{YEARLESS_PREFIX}{day}{when} ({match.text}); no dated date in the documents gives "
        "the year, so it is not assessed unless the issue date is known"
    )


def _infer_year(
    found: list[tuple[int, DateMatch]], index: int, match: DateMatch
) -> DateMatch | None:
    """A yearless date takes the year that puts it nearest a dated date of the same document."""
    refs = [(abs(i - index), d.date) for i, d in found if d.date is not None and d.year_stated]
    if not refs:
        return None
    ref = min(refs, key=lambda r: r[0])[1]
    best = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        candidate = match.with_year(year)
        if candidate.date is None or candidate.date.year != year:
            continue
        gap = abs((candidate.date - ref).days)
        if best is None or gap < best[0]:
            best = (gap, candidate)
    return best[1] if best else None


# A question deadline set by its distance from the closing date ("Questions must reach us at
# least seven days before the closing date"): dated from the document's own deadline.
_RELATIVE_QUESTIONS = lazyre.compile(
    rf"\b(?:clarifications?|questions?|quer(?:y|ies)|enquir(?:y|ies))\b(?P<gap>[^.]{{0,80}}?)"
    rf"\b(?:at\s+least|no\s+later\s+than|not\s+later\s+than|up\s+to|by|until)\s+"
    rf"(?P<n>{NUM})\s*(?:\(\d+\)\s*)?(?P<kind>calendar\s+|working\s+|business\s+)?days?\s+"
    r"(?:before|prior\s+to)\s+(?:the\s+)?(?:tender\s+|submission\s+|quotation\s+)?"
    r"(?:closing\s+(?:date|time)|deadline|date\s+for\s+(?:the\s+)?(?:receipt|return|submission)"
    r"\s+of\s+(?:tenders|bids|quotes|quotations|responses|applications))",
    re.IGNORECASE,
)


def _days_before(deadline: dt.date, n: int, working: bool, region: str = "ENG") -> dt.date:
    if not working:
        return deadline - dt.timedelta(days=n)
    from tendercheck.nlp.dates import working_days_between

    day, counted = deadline, 0
    while counted < n:  # step back over n working days (weekends and public holidays skipped)
        day -= dt.timedelta(days=1)
        counted += working_days_between(day - dt.timedelta(days=1), day, region)
    return day


def _relative_question_deadline(ctx: Context, doc_index: int, facts: list[Fact]) -> Fact | None:
    """The question deadline a document sets N days before its own closing date, when it gives
    no date for it."""
    if any(f.name == "clarification_deadline" for f in facts):
        return None
    deadlines = [f for f in facts if f.name == "submission_deadline" and not f.placeholder]
    if not deadlines:
        return None
    deadline = max(deadlines, key=lambda f: f.confidence)  # the first of the most confident
    for s in ctx.sentences:
        if s.doc_index != doc_index or ("before" not in s.text and "prior" not in s.text):
            continue
        m = _RELATIVE_QUESTIONS.search(s.text)
        if m is None or re.search(
            r"respon|answer|publish|repl|\b(?:tenders?|bids?|quotes?|submissions?|proposals?)\b",
            m.group("gap"),
            re.I,
        ):
            continue
        if not reads("tender_dates", s.clause):
            continue
        n = to_number(m.group("n"))
        closing = dt.date.fromisoformat(str(deadline.value)[:10])
        if not n or n > 60:
            continue
        working = bool(m.group("kind")) and not m.group("kind").lower().startswith("calendar")
        date = _days_before(closing, n, working)
        unit = "working days" if working else "days"
        return Fact(
            "clarification_deadline",
            date.isoformat(),
            evidence=[s.evidence(m.group(0), m.start()), *deadline.evidence[:1]],
            confidence=round(min(deadline.confidence, 0.7) - 0.15, 2),
            note=f"derived: {n} {unit} before the closing date {closing.isoformat()}",
        )
    return None


@extractor
def timeline(ctx: Context) -> Iterator[Fact]:
    # Collect dates per document first, so yearless dates can borrow a year from their neighbours.
    per_doc: dict[int, list[tuple[int, Sentence, DateMatch]]] = {}
    month_only: list[tuple[int, Sentence, MonthOnly]] = []
    first_blocks: dict[int, int] = {}
    for index, sentence in enumerate(ctx.sentences):
        first_blocks.setdefault(sentence.doc_index, sentence.block)
        if not _MAYBE.search(sentence.text):
            continue
        if not reads("tender_dates", sentence.clause):
            continue  # dates in definitions, worked examples, contract terms, other procurements
        for match in find_dates(sentence.text):
            per_doc.setdefault(sentence.doc_index, []).append((index, sentence, match))
        month_only.extend((index, sentence, m) for m in find_month_only(sentence.text))
    # Dates with a stated year anywhere in the pack: a year-less date in a document with none
    # of its own takes its year from the pack's other documents.
    pack_dated = [(i, m) for items in per_doc.values() for i, _, m in items if m.year_stated]
    for doc_index, items in per_doc.items():
        dated = [(i, m) for i, _, m in items]
        yielded: list[Fact] = []
        prev_end: dict[int, int] = {}
        for index, sentence, match in items:
            start_ctx = prev_end.get(index, 0)
            prev_end[index] = match.end
            if _NOT_TENDER_SECTION.search(" ".join(sentence.section[-2:])):
                continue
            if not match.placeholder and not match.year_stated:
                inferred = _infer_year(dated, index, match) or _infer_year(pack_dated, index, match)
                if inferred is None:
                    # No dated date in the pack gives the year: say so, with the day and
                    # month, rather than guess. The year may still come from the issue date
                    # (a notice's publication date) once the supplied facts are in (derive.py).
                    fact = _read(sentence, match, start_ctx, first_blocks.get(doc_index, 0),
                                 _wrapped_from(ctx.sentences, index) if start_ctx == 0 else "")  # fmt: skip
                    if fact is not None and fact.name in YEARLESS_FACTS:
                        yield Fact(fact.name, None, evidence=fact.evidence,
                                   confidence=fact.confidence, note=yearless_note(match))  # fmt: skip
                    continue
                match = inferred
            wrapped = (
                _wrapped_from(ctx.sentences, index) or _question_before(ctx.sentences, index)
                if start_ctx == 0
                else ""
            )
            fact = _read(sentence, match, start_ctx, first_blocks.get(doc_index, 0), wrapped)
            if fact is not None:
                yielded.append(fact)
                yield fact
        relative = _relative_question_deadline(ctx, doc_index, yielded)
        if relative is not None:
            yield relative
    for index, sentence, month in month_only:
        fact = _month_only(ctx, index, sentence, month, first_blocks.get(sentence.doc_index, 0))
        if fact is not None:
            yield fact


def _month_only(
    ctx: Context, index: int, sentence: Sentence, month: MonthOnly, first_block: int
) -> Fact | None:
    """A tender date given as a month and year only ("Award of contract | June 2026"): the fact
    is named, with the month in its note, but has no value: no day is taken as if stated (not
    the 1st, not the last), so rules and the bidder view say it is not assessed."""
    if _NOT_TENDER_SECTION.search(" ".join(sentence.section[-2:])):
        return None
    text = sentence.text
    start_ctx = max(
        [d.end for d in find_dates(text) if d.end <= month.start]
        + [m.end for m in find_month_only(text) if m.end <= month.start]
        + [0]
    )
    year, mon = (int(x) for x in month.month.split("-"))
    # The first of the month stands in for the date only to classify the row; it is not kept.
    stand_in = DateMatch(month.start, month.end, month.text, dt.date(year, mon, 1))
    wrapped = _wrapped_from(ctx.sentences, index) if start_ctx == 0 else ""
    fact = _read(sentence, stand_in, start_ctx, first_block, wrapped)
    if fact is None:
        return None
    return Fact(
        fact.name,
        None,
        evidence=fact.evidence,
        confidence=fact.confidence,
        note=f"{MONTH_ONLY_PREFIX}{month.month} ({month.text}); no day stated, so it is "
        "not assessed",
    )


def _question_before(sentences: list[Sentence], index: int) -> str:
    """The sentence before in the same paragraph when it is a bare question about questions
    ("Any questions?"), as the lead-in of this one's."""
    if index == 0:
        return ""
    s, prev = sentences[index], sentences[index - 1]
    if prev.doc_index != s.doc_index or prev.block != s.block or s.kind == "table":
        return ""
    return prev.text.strip() + " " if _QUESTION_LEAD.match(prev.text) else ""


def _wrapped_from(sentences: list[Sentence], index: int) -> str:
    """The paragraph before, when a hard line break split the sentence in two: it ends with no
    stop and this one starts in lower case ("… the deadline for actual submission of" / "tender
    is 12:00 noon on 28 May 2019.")."""
    if index == 0:
        return ""
    s, prev = sentences[index], sentences[index - 1]
    if (
        s.kind != "paragraph"
        or prev.kind != "paragraph"
        or prev.doc_index != s.doc_index
        or prev.block != s.block - 1
        or s.start != 0
        or not s.text[:1].islower()
        or prev.text.rstrip()[-1:] in (".", "!", "?", ":", ";")
    ):
        return ""
    return prev.text.rstrip() + " "


def _read(
    sentence: Sentence, match: DateMatch, start_ctx: int, first_block: int, wrapped: str = ""
) -> Fact | None:
    text = sentence.text
    table = sentence.kind == "table"
    kind = None
    note = ""
    if table:
        own = _in_cell_label(sentence, match)
        label = own if re.search(r"[A-Za-z]{3}", own) else _row_label(sentence, match)
        if _NOT_TENDER.search(label):
            return None
        kind = _classify(label, table=True)
        if kind is None and own is not label:
            kind = _classify(_row_label(sentence, match), table=True)
    else:
        context = text[start_ctx : match.start]
        if _NOT_TENDER.search(text[max(0, match.start - 120) : match.end + 40]):
            return None
        cover = _COVER_DATE.match(text)
        if cover and cover.end() <= match.start + 3 and len(text) < 80:
            if _ISSUE_DATE_LABEL.search(cover.group(0)):
                kind = ("issue_date", 0.85)
            elif sentence.block - first_block <= 15:
                kind = ("issue_date", 0.6)
                note = "the date on the cover of the document"
            else:
                return None
        else:
            kind = _classify_prose(context)
            if kind is None and wrapped:
                kind = _classify_prose(wrapped + context)
    if kind is None:
        return None
    name, confidence = kind
    quote = text[max(0, match.start - 100) : match.end] if not table else text
    quote_start = max(0, match.start - 100) if not table else 0
    evidence = [sentence.evidence(quote, quote_start)]
    if match.placeholder:
        return Fact(name, None, evidence=evidence, confidence=0.5, placeholder=True,
                    note=f"placeholder {match.text!r}")  # fmt: skip
    if not match.year_stated:
        confidence -= 0.15
        note = (note + "; " if note else "") + f"year inferred: {match.date.year}"
    if match.week_beginning:
        note = (note + "; " if note else "") + "week beginning"
        confidence -= 0.1
    if not dt.date(1990, 1, 1) <= match.date <= dt.date(2100, 1, 1):
        return None
    return Fact(name, match.iso, evidence=evidence, confidence=round(confidence, 2), note=note)
