"""The one spaCy pipeline, built once per process: rule-based, no statistical model needed.

A blank English pipeline with a sentencizer, the lookup lemmatizer (spacy-lookups-data) and an
entity ruler for certifications, insurance types and procurement phrases. Money, dates,
durations and percentages are found by regular expressions over the text (faster than token
patterns, see DESIGN.md) in :mod:`tendercheck.nlp.patterns`. If a statistical English model is
installed and TENDERCHECK_MODEL names it, its NER is added after the ruler; never required.
"""

from __future__ import annotations

import functools
import os
import warnings

from tendercheck.nlp.vocabulary import ENTITY_PATTERNS


@functools.lru_cache(maxsize=1)
def get_nlp():
    import spacy
    from spacy.language import Language

    from tendercheck.nlp.clauses import lemma_norm

    if not Language.has_factory("tendercheck_lemma_norm"):

        @Language.factory("tendercheck_lemma_norm")
        def _make_lemma_norm(nlp, name):
            return lambda doc: lemma_norm(nlp, doc)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    try:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    except (ValueError, OSError):  # lookups data missing: lemmas fall back to lower-case text
        if "lemmatizer" in nlp.pipe_names:
            nlp.remove_pipe("lemmatizer")
        nlp.initialize()
    nlp.add_pipe("tendercheck_lemma_norm")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(ENTITY_PATTERNS)
    model = os.environ.get("TENDERCHECK_MODEL")
    if model:
        _add_statistical_ner(nlp, model)
    return nlp


def _add_statistical_ner(nlp, model: str) -> None:
    import spacy

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            stats = spacy.load(model, exclude=["parser", "lemmatizer", "attribute_ruler"])
    except OSError:
        return  # not installed: the rule-based pipeline stands alone
    # The small English models' NER listens to their own tok2vec: bring both across.
    for name in ("tok2vec", "ner"):
        if name in stats.pipe_names:
            nlp.add_pipe(name, source=stats, after="entity_ruler" if name == "tok2vec" else None)
