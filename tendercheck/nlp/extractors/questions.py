"""The questions bidders answer: their IDs, word and page limits, weights, scoring, topic and lot."""

from __future__ import annotations

import re

from tendercheck import lazyre
from tendercheck.nlp import tables
from tendercheck.nlp.clauses import reads
from tendercheck.nlp.extractors import Context
from tendercheck.nlp.extractors.evaluation_patterns import (
    ALL_LOTS_RE,
    EXAMPLE_TABLE_RE,
    ID_CELL_RE,
    LOT_RE,
    PCT_CELL_RE,
    PLACEHOLDER_RE,
    SV_LABEL,
    context_before,
    criteria_category,
    lot_key,
    page_limit,
    quote_evidence,
    row_index,
    whole_number,
    word_limit,
)

_Q_LABEL_RE = lazyre.compile(
    r"\b(?:label(?:led)? (?:your )?response (?:as )?|question\s*|Q\s?)(\d{1,2}(?:\.\d{1,2}){0,2}[a-z]?)\b",
    re.I,
)
_PASS_FAIL_RE = lazyre.compile(
    r"pass\s*/\s*fail|a pass will|will (?:be )?(?:fail|pass)|not scored|"
    r"non-scored|unscored|for information only",
    re.I,
)
_SCORED_RE = lazyre.compile(r"\bscored\b|\bweight(?:ed|ing)\b|\bmarks?\b|\bpoints\b|\d\s*%", re.I)
_SCORED_SECTION_RE = lazyre.compile(
    r"quality|award criteria|method statement|scored|technical "
    r"(?:submission|response|questions)|evaluation questions",
    re.I,
)
_EACH_ANSWER_RE = lazyre.compile(
    r"\b(?:each|every|all|per|any)\s+(?:\w+\s+)?(?:answers?|responses?|"
    r"questions?|method statements?|submissions?)\b",
    re.I,
)
_SUBCRIT_RE = lazyre.compile(
    r"sub-?criteri(?:a|on)\s*\(?([a-h])\)?\s*(?:and|to|-)\s*\(?([a-h])\)?", re.I
)


def question_topic(text: str, title: str = "", qid: str | None = None, scored: bool = True) -> str:
    for source in (title, qid or ""):
        if source:
            if qid and source == qid:
                prefix = re.match(r"[A-Z]+", qid.upper())
                p = prefix.group(0) if prefix else ""
                if p in ("SV", "SOC", "CB"):
                    return "social_value"
                if p in ("CO", "PR", "PC", "COM", "FIN"):
                    return "price"
                if p in ("QU", "MA", "TE", "TQ", "Q", "QA", "M"):
                    return "quality"
                continue
            cat = criteria_category(source)
            if cat:
                return cat
    if SV_LABEL.search(text):
        return "social_value"
    if (
        re.search(r"\b(?:pricing schedule|price|pricing approach|commercial)\b", text, re.I)
        and len(text) < 120
    ):
        return "price"
    return "quality" if scored else "other"


def read_questions(ctx: Context) -> list[dict]:
    idx = row_index(ctx)
    questions: list[dict] = []
    table_rows: set[tuple[int, int]] = set()
    for d, doc in enumerate(ctx.pack.documents):
        for b, block in enumerate(doc.blocks):
            if block.kind != "table" or not block.rows:
                continue
            before = context_before(doc, b)
            if EXAMPLE_TABLE_RE.search(" ".join(block.rows[0])) or re.search(
                r"\bexample\b", before, re.I
            ):
                table_rows.add((d, b))
                continue
            found = _table_questions(idx, d, b, block, before, questions)
            if found:
                table_rows.add((d, b))
    # Detail tables giving a word limit "per sub-criterion" for a question named in a summary.
    _detail_word_limits(ctx, idx, questions, table_rows)
    # Prose: "Please label response as 4.1, no more than 400 words".
    for s in ctx.sentences:
        if s.kind == "table" and (s.doc_index, s.block) in table_rows:
            continue
        low = s.text.lower()
        limits = "word" in low or "page" in low or "side" in low
        wl = word_limit(s.text) if limits else None
        pl = page_limit(s.text) if limits and not wl else None
        if not wl and not pl:
            own = _OWN_WEIGHT_RE.match(s.text) if "%" in low else None
            if own and _own_weight_read(s):
                # "Q2 Staffing and supervision (20%)": a listed question's own weight, no limit
                q = _prose_question(s, own.group(1).replace(" ", ""), None, None)
                q.update(weighting=float(own.group(2)), scored=True)
                questions.append(q)
            continue
        if re.search(r"\bfor example\b|\be\.g\.", s.text[: (wl or pl)[1]], re.I):
            continue
        ids = _question_range(s.text)
        if ids and _EACH_RE.search(s.text) and reads("tender_figures", s.clause):
            # "Answer questions Q1 to Q4 in 500 words each": the limit of each question named.
            listed = {q: item for q, item in _listed_questions(ctx, s, after=False)}
            for number in ids:
                item = listed.get(number)
                questions.append(_prose_question(item or s, f"Q{number}", wl, pl))
            continue
        m = _Q_LABEL_RE.search(s.text)
        qid = m.group(1) if m else None
        section = " > ".join(s.section)
        if qid is None and (_EACH_ANSWER_RE.search(s.text) or _EACH_RE.search(s.text)):
            # "Each answer is limited to 1,000 words": a default for the questions, not a question.
            took = False
            for q in questions:
                if q["_table"] and q["word_limit"] is None and q["page_limit"] is None and wl:
                    q["word_limit"] = wl[0]
                    took = True
                if q["_table"] and q["page_limit"] is None and q["word_limit"] is None and pl:
                    q["page_limit"] = pl[0]
                    took = True
            if not took and reads("tender_figures", s.clause):
                # "…in no more than 500 words each:" over the questions listed after it, or
                # after "Each answer has a limit of 600 words; the social value answer has a
                # limit of 400 words", the second limit for the listed questions of that topic.
                other = _topic_limit(s.text, wl) if wl else None
                for number, item in _listed_questions(ctx, s, after=True, lettered=True):
                    if not word_limit(item.text) and not page_limit(item.text):
                        qid = f"Q{number}" if isinstance(number, int) else number
                        own = wl
                        if other and question_topic(item.text, qid=qid) == other[0]:
                            own = other[1]
                        questions.append(_prose_question(item, qid, own, pl))
                        took = True
            if took or _EACH_ANSWER_RE.search(s.text):
                continue
        scored: bool | None
        if _PASS_FAIL_RE.search(s.text) or re.search(
            r"non-scored|unscored|not scored|pass\s*/\s*fail", section, re.I
        ):
            scored = False
        elif _SCORED_RE.search(s.text):
            scored = True
        else:
            scored = None  # decided by whether the pack weights its award criteria
        weight = None
        own = _OWN_WEIGHT_RE.match(s.text)
        if own and m and m.start() == own.start(1) and _own_weight_read(s):
            weight = float(own.group(2))  # "Q1 Your approach (40%, 800 words)"
            scored = True
        questions.append(
            {
                "id": qid,
                "text": s.text.strip()[:400],
                "word_limit": wl[0]
                if wl and "placeholder" not in s.text
                else (wl[0] if wl else None),
                "page_limit": pl[0] if pl else None,
                "weighting": weight,
                "scored": scored,
                "topic": question_topic(s.text, scored=scored),
                "lot": lot_key(s.text),
                "_evidence": s.evidence((wl or pl)[2], (wl or pl)[1]),
                "_table": False,
                "_doc": s.doc_index,
            }
        )
    return questions


# "Q1 Your approach to the ceremonies (40%, 800 words)": a listed question's own weight.
_OWN_WEIGHT_RE = lazyre.compile(
    r"^\s*((?:Q|Question\s*)\d{1,2}(?:\.\d{1,2})?[a-z]?)\b[^()]{0,160}\(\s*(?:weight(?:ing)?:?\s*)?"
    r"(\d{1,3}(?:\.\d+)?)\s*%",
    re.I,
)


def _own_weight_read(s) -> bool:
    """Whether a listed "Q1 … (40%)" is this tender's question: its own figures, not in the
    contract's terms or the specification ("Q1 2026 payments (25%)" is a quarter)."""
    if _QUARTER_RE.match(s.text) or not reads("tender_figures", s.clause):
        return False
    return s.clause is None or s.clause.part not in ("terms", "specification")


_QUARTER_RE = lazyre.compile(r"^\s*Q\s?[1-4]\s*(?:\d{4}|\d{2}/\d{2}|of\b|\()", re.I)
# "questions Q1 to Q4", "Q2-Q5", "questions 1 to 3"
_RANGE_RE = lazyre.compile(
    r"\bQ\s?(\d{1,2})\s*(?:to|-|–|through)\s*Q\s?(\d{1,2})\b"
    r"|\bquestions\s+(\d{1,2})\s*(?:to|-|–|through)\s*(\d{1,2})\b",
    re.I,
)
_EACH_RE = lazyre.compile(
    r"\b(?:words?|pages?|sides?)\s+(?:of A4\s+)?(?:each|per question|for each "
    r"(?:question|answer|response))\b"
    r"|\beach\s+(?:of\s+(?:the|these)\s+)?(?:questions?|answers?|responses?)\b",
    re.I,
)
# A listed question: "Q1 Meeting the specification's response times", "Question 2: Staffing".
_LISTED_RE = lazyre.compile(r"^\s*(?:Q|Question\s*)(\d{1,2})\b(?![.,]\d)", re.I)


# A list of questions: "questions 2, 3 and 4", "Q1, Q3 & Q5".
_LIST_RE = lazyre.compile(
    r"\bquestions\s+(\d{1,2}(?:\s*,\s*\d{1,2})*\s*,?\s*(?:and|&)\s*\d{1,2})\b"
    r"|\b(Q\s?\d{1,2}(?:\s*,\s*Q\s?\d{1,2})*\s*,?\s*(?:and|&)\s*Q\s?\d{1,2})\b",
    re.I,
)


def _question_range(text: str) -> list[int]:
    m = _RANGE_RE.search(text)
    if not m:
        listed = _LIST_RE.search(text)
        if listed:
            ids = [int(n) for n in re.findall(r"\d{1,2}", listed.group(1) or listed.group(2))]
            return ids if len(set(ids)) == len(ids) else []
        return []
    a, b = (int(g) for g in (m.groups()[:2] if m.group(1) else m.groups()[2:]))
    return list(range(a, b + 1)) if 0 < b - a < 30 else []


# A listed question with a lettered id: "T1 Your understanding …", "SV1 How you will …".
_LETTERED_RE = lazyre.compile(r"^\s*([A-Z]{1,3}\d{1,2})\s+(?=[A-Z])")


def _listed_questions(
    ctx: Context, s, after: bool, lettered: bool = False
) -> list[tuple[int | str, object]]:
    """The questions listed (one a paragraph or list item, each starting with its id) in the
    section of ``s``: after ``s`` only, when ``after``. Numbered ids ("Q3", "Question 3") give
    their number; with ``lettered``, ids of a few capitals and a number ("T1", "SV1") are listed
    too, under their id."""
    out: list[tuple[int | str, object]] = []
    seen: set[int | str] = set()
    for t in ctx.sentences:
        if t.doc_index != s.doc_index or t.kind == "table" or t.section != s.section:
            continue
        if after and (t.block, t.start) <= (s.block, s.start):
            continue
        m = _LISTED_RE.match(t.text)
        key: int | str | None = int(m.group(1)) if m else None
        if key is None and lettered:
            ml = _LETTERED_RE.match(t.text)
            key = ml.group(1) if ml else None
        if key is not None and key not in seen and t is not s:
            seen.add(key)
            out.append((key, t))
    return out


def _topic_limit(text: str, first) -> tuple[str, tuple] | None:
    """A second word limit in a sentence that sets a default, said of the answers of one topic
    ("…; the social value answer has a limit of 400 words"): (topic, limit)."""
    rest = text[first[1] + len(first[2]) :]
    second = word_limit(rest)
    if second is None:
        return None
    said_of = re.search(
        r"\bthe\s+((?:[\w-]+\s+){1,3}?)(?:answer|response|question)s?\b[^.;]{0,40}$",
        rest[: second[1]],
        re.I,
    )
    if said_of is None:
        return None
    topic = question_topic(said_of.group(1))
    if topic == "quality":  # the default topic: nothing named
        return None
    return topic, (second[0], first[1] + len(first[2]) + second[1], second[2])


def _prose_question(s, qid: str, wl, pl) -> dict:
    """A question read from prose, with a limit stated for it (perhaps by another sentence)."""
    return {
        "id": qid,
        "text": s.text.strip()[:400],
        "word_limit": wl[0] if wl else None,
        "page_limit": pl[0] if pl and not wl else None,
        "weighting": None,
        "scored": None if _PASS_FAIL_RE.search(s.text) is None else False,
        "topic": question_topic(s.text, scored=True),
        "lot": lot_key(s.text),
        "_evidence": s.evidence(),
        "_table": False,
        "_doc": s.doc_index,
    }


# Header roles (tendercheck/data/tables.yaml) under the names this reader keeps its columns by.
_COLUMN_KEYS = {
    "id": "id",
    "weight": "weight",
    "type": "type",
    "marking": "marking",
    "limit": "words",
    "pages": "pages",
    "question": "question",
}
# "Q1 Understanding of the pilots": a question's id at the start of its own cell.
_LEADING_ID_RE = lazyre.compile(r"^\s*(Q\s?\d{1,2}(?:\.\d{1,2}){0,2}[a-z]?)(?=[\s.:)–—-])", re.I)


def _table_questions(idx, d, b, block, before, questions) -> bool:
    rows = block.rows
    header_idx, roles = tables.header(rows)
    cols: dict[str, int] = {_COLUMN_KEYS[r]: i for r, i in roles.items() if r in _COLUMN_KEYS}
    header_question = header_idx is not None and any(
        c.strip().lower().startswith("question") for c in rows[header_idx]
    )
    title = ""
    for row in rows[: (header_idx or 0) + 1]:
        nonempty = [c for c in row if c.strip()]
        if len(nonempty) == 1:
            title = nonempty[0]
    # Headerless: accept only tables whose rows start with a question ID and state a word limit.
    if header_idx is None and not any(
        ID_CELL_RE.match(next((c for c in row if c.strip()), "")) and word_limit(" ".join(row))
        for row in rows
    ):
        return False
    found = False
    table_questions: list[dict] = []
    for r, row in enumerate(rows):
        if header_idx is not None and r <= header_idx:
            continue
        cells = [c.strip() for c in row]
        nonempty = [c for c in cells if c]
        if len(nonempty) < 2:
            continue
        qid = None
        if "id" in cols and cols["id"] < len(cells) and ID_CELL_RE.match(cells[cols["id"]]):
            qid = cells[cols["id"]]
        elif ID_CELL_RE.match(nonempty[0]):
            qid = nonempty[0]
        weight_text = (
            cells[cols["weight"]] if "weight" in cols and cols["weight"] < len(cells) else ""
        )
        if not weight_text:
            weight_text = next((c for c in nonempty if PCT_CELL_RE.match(c)), "")
        wm = PCT_CELL_RE.match(weight_text)
        weight = float(wm.group(1)) if wm else None
        marks = None  # a bare figure under a "Marks" or "Points" header: a share of the total
        if weight is None and "weight" in cols and weight_text:
            figure = tables.number_cell(weight_text)
            if figure and figure[1] != "%":
                marks = figure[0]
        lot_cell = next(
            (c for c in nonempty if len(c) < 40 and (LOT_RE.match(c) or ALL_LOTS_RE.match(c))), None
        )
        skip = {qid, weight_text, lot_cell}
        for key in ("type", "marking", "words", "pages"):
            if key in cols and cols[key] < len(cells):
                skip.add(cells[cols[key]])
        if re.search(
            r"non-scored|unscored|not scored|pass\s*/\s*fail", " ".join(block.section), re.I
        ):
            skip_scoring = True
        else:
            skip_scoring = False
        texts = [c for c in nonempty if c not in skip and not PCT_CELL_RE.match(c)]
        if not texts:
            continue
        text = max(texts, key=len)
        if tables.is_total(text):
            continue  # a total or sub-total row sums the others: not a question
        items = list(_CELL_ITEM_RE.finditer(text)) if "%" in text else []
        if items:
            # "Q1 Approach (25%, 500 words); Q2 Team (20%, 500 words)": one question each
            row_label = next((c for c in texts if c != text), "")
            sent = idx.row(d, b, r)
            for item in items:
                words = item.group(4)
                table_questions.append(_cell_question(item, row_label, words, sent, d, b, before))
            found = True
            continue
        cell_id = qid  # an id of its own cell: its prefix may name the topic ("SV1")
        if qid is None:
            lead = _LEADING_ID_RE.match(text)
            qid = lead.group(1).replace(" ", "") if lead else None
        if qid is None and not header_question and not word_limit(text):
            continue  # an award-criteria table ("Quality | 30%"), not a question
        if PLACEHOLDER_RE.fullmatch(text.strip()) or re.match(r"insert", text, re.I):
            continue
        marking = " ".join(
            cells[cols[k]] for k in ("marking", "type") if k in cols and cols[k] < len(cells)
        )
        scored: bool | None
        if weight:
            scored = True
        elif _PASS_FAIL_RE.search(marking + " " + text) or weight_text.upper() in (
            "N/A",
            "NA",
            "0%",
        ):
            scored = False
        elif re.search(r"\bscored\b|\bmarks?\b", text, re.I):
            scored = True
        else:
            scored = None  # decided once the pack's weightings are known
        if skip_scoring and not weight:
            scored = False
        wl = word_limit(text)
        pl = page_limit(text)
        words_cell = cells[cols["words"]] if "words" in cols and cols["words"] < len(cells) else ""
        pages_cell = cells[cols["pages"]] if "pages" in cols and cols["pages"] < len(cells) else ""
        if not pages_cell and re.search(r"\b(?:pages?|sides?)\b", words_cell, re.I):
            pages_cell, words_cell = words_cell, ""  # "Maximum length | 2 pages"
        if tables.not_applicable(words_cell):
            words_cell = ""
        if not wl and re.fullmatch(r"\s*(\d{1,2},\d{3}|\d{2,6})\s*(?:words)?\s*", words_cell):
            wl = (whole_number(words_cell.split()[0]), 0, words_cell)
        elif not wl and words_cell:
            wl = word_limit(words_cell) or (
                word_limit(words_cell + " words") if re.search(r"\d", words_cell) else None
            )
        if not pl and re.fullmatch(
            r"\s*\d{1,2}\s*(?:pages?|sides?)?(?: of A4)?\s*", pages_cell, re.I
        ):
            pl = (float(re.match(r"\s*(\d+)", pages_cell).group(1)), 0, pages_cell)
        sent = idx.row(d, b, r)
        lot = lot_key(lot_cell) if lot_cell else lot_key(before)
        table_questions.append(
            {
                "id": qid,
                "text": text[:400],
                "word_limit": wl[0] if wl else None,
                "page_limit": pl[0] if pl else None,
                "weighting": weight,
                "scored": scored,
                "topic": question_topic(text, title, cell_id, scored),
                "lot": lot,
                "answer": _answer_kind(marking, text),
                "_evidence": quote_evidence(sent) if sent else None,
                "_table": (d, b),
                "_table_lot": lot_key(before),
                "_marks": marks,
            }
        )
        found = True
    _marks_as_percent(table_questions, rows, header_idx, cols, before)
    questions.extend(table_questions)
    return found


# One of several questions in a cell, each with its own weight and perhaps its word limit.
_CELL_ITEM_RE = lazyre.compile(
    r"(?:^|[;\n]\s*)(Q\s?\d{1,2}(?:\.\d{1,2})?[a-z]?)\s+([^;()]{3,160}?)\s*\(\s*"
    r"(\d{1,3}(?:\.\d+)?)\s*%\s*(?:[,;]\s*(\d{1,2},\d{3}|\d{2,5})\s*words?)?\s*\)",
    re.I,
)


def _cell_question(item, row_label, words, sent, d, b, before) -> dict:
    text = f"{item.group(1)} {item.group(2).strip()}"
    return {
        "id": item.group(1).replace(" ", ""),
        "text": text,
        "word_limit": whole_number(words) if words else None,
        "page_limit": None,
        "weighting": float(item.group(3)),
        "scored": True,
        "topic": question_topic(text, row_label),
        "lot": lot_key(before),
        "answer": "written",
        "_evidence": quote_evidence(sent, item.group(0).lstrip(";\n ")) if sent else None,
        "_table": (d, b),
        "_table_lot": lot_key(before),
        "_marks": None,
    }


_OUT_OF_RE = lazyre.compile(
    r"\b(?:out of|total of|maximum of)\s+(\d{2,4})\s*(?:marks|points)?\b", re.I
)


def _marks_as_percent(table_questions, rows, header_idx, cols, before) -> None:
    """Marks or points in a weight column as percent of the total: the table's total row, else
    "out of N" just before the table, else the rows' sum when the rows span more than one kind of
    criterion (a quality-only table's marks are a share of quality, not of the whole score)."""
    marked = [q for q in table_questions if q.get("_marks") is not None]
    if not marked:
        return
    col = cols["weight"]
    total = None
    kinds: set[str] = set()
    rows_sum = 0.0
    for row in rows[(header_idx or 0) + 1 :]:
        cells = [c.strip() for c in row]
        label = max((c for c in cells if c and not tables.number_cell(c)), key=len, default="")
        figure = tables.number_cell(cells[col]) if col < len(cells) else None
        if figure and tables.is_total(label):
            total = max(total or 0.0, figure[0])
        elif figure:
            kinds.add(criteria_category(label) or "quality")
            rows_sum += figure[0]
    if total is None:
        out_of = _OUT_OF_RE.search(before)
        total = float(out_of.group(1)) if out_of else None
    if total is None and len(kinds) > 1:
        total = rows_sum
    if not total or (abs(total - 100) > 0.6 and len(kinds) < 2):
        return
    for q in marked:
        value = round(q["_marks"] * 100.0 / total, 2)
        q["weighting"] = int(value) if float(value).is_integer() else value
        if q["scored"] is None:
            q["scored"] = True
            if q["topic"] == "other":
                q["topic"] = question_topic(q["text"], scored=True)


def _answer_kind(marking: str, text: str) -> str:
    low = (marking + " " + text[-60:]).lower()
    if "upload" in low:
        return "upload"
    if "check box" in low or "yes/no" in low or "tick" in low:
        return "choice"
    return "written"


def _detail_word_limits(ctx, idx, questions, table_rows) -> None:
    named = [
        q for q in questions if q["_table"] and q["word_limit"] is None and len(q["text"]) < 80
    ]
    if not named:
        return
    for d, doc in enumerate(ctx.pack.documents):
        for b, block in enumerate(doc.blocks):
            if block.kind != "table" or not block.rows or (d, b) in table_rows:
                continue
            text = block.text
            wl = word_limit(text)
            if not wl:
                continue
            best = None
            for r, row in enumerate(block.rows[:2]):
                row_text = " ".join(row).lower()
                for q in named:
                    if q["text"].lower() in row_text:
                        key = (r, len(q["text"]))
                        if best is None or key > best[0]:
                            best = (key, q)
            if best is None:
                continue
            q = best[1]
            words = wl[0]
            if re.search(r"per sub-?criteri", wl[2] + text[wl[1] : wl[1] + 80], re.I):
                m = _SUBCRIT_RE.search(text)
                if m:
                    words *= ord(m.group(2).lower()) - ord(m.group(1).lower()) + 1
            q["word_limit"] = words
            table_rows.add((d, b))
            named.remove(q)
            if not named:
                return
