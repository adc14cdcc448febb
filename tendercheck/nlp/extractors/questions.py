"""The questions bidders answer: their IDs, word and page limits, weights, scoring, topic and lot."""

from __future__ import annotations

import re

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

_Q_LABEL_RE = re.compile(
    r"\b(?:label(?:led)? (?:your )?response (?:as )?|question\s*|Q\s?)(\d{1,2}(?:\.\d{1,2}){0,2}[a-z]?)\b",
    re.I,
)
_PASS_FAIL_RE = re.compile(
    r"pass\s*/\s*fail|a pass will|will (?:be )?(?:fail|pass)|not scored|"
    r"non-scored|unscored|for information only",
    re.I,
)
_SCORED_RE = re.compile(r"\bscored\b|\bweight(?:ed|ing)\b|\bmarks?\b|\bpoints\b|\d\s*%", re.I)
_SCORED_SECTION_RE = re.compile(
    r"quality|award criteria|method statement|scored|technical "
    r"(?:submission|response|questions)|evaluation questions",
    re.I,
)
_EACH_ANSWER_RE = re.compile(
    r"\b(?:each|every|all|per|any)\s+(?:\w+\s+)?(?:answers?|responses?|"
    r"questions?|method statements?|submissions?)\b",
    re.I,
)
_SUBCRIT_RE = re.compile(
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
        if "word" not in low and "page" not in low and "side" not in low:
            continue
        wl = word_limit(s.text)
        pl = page_limit(s.text) if not wl else None
        if not wl and not pl:
            continue
        if re.search(r"\bfor example\b|\be\.g\.", s.text[: (wl or pl)[1]], re.I):
            continue
        m = _Q_LABEL_RE.search(s.text)
        qid = m.group(1) if m else None
        section = " > ".join(s.section)
        if qid is None and _EACH_ANSWER_RE.search(s.text):
            # "Each answer is limited to 1,000 words": a default for the questions, not a question.
            for q in questions:
                if q["_table"] and q["word_limit"] is None and q["page_limit"] is None and wl:
                    q["word_limit"] = wl[0]
                if q["_table"] and q["page_limit"] is None and q["word_limit"] is None and pl:
                    q["page_limit"] = pl[0]
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
            }
        )
    return questions


# Column headers that hold an answer's length limit ("Maximum length", "Limit", "Length").
_LIMIT_COLUMNS = ("maximum length", "max length", "max. length", "length", "limit", "response limit")


def _table_questions(idx, d, b, block, before, questions) -> bool:
    rows = block.rows
    header_idx = None
    cols: dict[str, int] = {}
    for r, row in enumerate(rows[:3]):
        low = [c.strip().lower() for c in row]
        if any(
            c in ("id", "ref", "ref.", "no", "no.", "question no", "question number") for c in low
        ) or any(c.startswith(("question weighting", "weighting", "%", "weight")) for c in low):
            header_idx = r
            for i, c in enumerate(low):
                if c in ("id", "ref", "ref.", "no", "no.", "question no", "question number"):
                    cols["id"] = i
                elif c == "%" or "weight" in c:
                    cols["weight"] = i
                elif c.startswith(("question type", "type", "response")):
                    cols["type"] = i
                elif c.startswith(("marking", "scoring")):
                    cols["marking"] = i
                elif "word" in c or c.startswith(_LIMIT_COLUMNS):
                    cols["words"] = i  # a "Maximum length" cell may give pages: read below
                elif "page" in c:
                    cols["pages"] = i
            break
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
        if (
            re.search(r"\b(?:total|maximum (?:overall )?(?:quality )?score)\b", text, re.I)
            and len(text) < 80
        ):
            continue
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
        questions.append(
            {
                "id": qid,
                "text": text[:400],
                "word_limit": wl[0] if wl else None,
                "page_limit": pl[0] if pl else None,
                "weighting": weight,
                "scored": scored,
                "topic": question_topic(text, title, qid, scored),
                "lot": lot,
                "answer": _answer_kind(marking, text),
                "_evidence": quote_evidence(sent) if sent else None,
                "_table": (d, b),
                "_table_lot": lot_key(before),
            }
        )
        found = True
    return found


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
