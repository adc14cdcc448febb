"""The one spaCy pipeline, built once per process: rule-based, no statistical model needed.

A blank English pipeline with a sentencizer, the lemmas of spaCy's lookup lemmatizer (its
table from spacy-lookups-data, read as a plain dict by :func:`lemma_table`; the lemmas are set
with the clause model's norms in one pass, see clauses.lemma_norm) and an entity ruler for
certifications, insurance types and procurement phrases. Money, dates, durations and
percentages are found by regular expressions over the text (faster than token patterns, see
DESIGN.md) in :mod:`tendercheck.nlp.patterns`. If a statistical English model is
installed and TENDERCHECK_MODEL names it, its NER is added after the ruler; never required.
"""

from __future__ import annotations

import functools
import os
import sys
import types
import warnings

from tendercheck.nlp.vocabulary import ENTITY_PATTERNS


def import_spacy():
    """``import spacy`` without its command-line stack. spaCy's ``__init__`` imports
    ``spacy.cli.info`` only to offer ``spacy.info``, and that pulls in typer, weasel, httpx and
    requests: about a fifth of spaCy's import time, for nothing tendercheck uses. While spaCy
    imports, ``spacy.cli`` and ``spacy.cli.info`` are placeholders whose ``info`` imports the real
    one when called; afterwards they are taken out of ``sys.modules``, so any later
    ``import spacy.cli`` (a model package, ``spacy.info()``) gets the real package."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    placeholders: dict[str, types.ModuleType] = {}
    if "spacy.cli" not in sys.modules and "spacy.cli.info" not in sys.modules:

        def info(*args, **kwargs):
            from spacy.cli.info import info as real

            return real(*args, **kwargs)

        cli = types.ModuleType("spacy.cli")
        cli.__path__ = []  # a package, so "spacy.cli.info" can be found under it
        cli_info = types.ModuleType("spacy.cli.info")
        cli_info.info = info  # type: ignore[attr-defined]
        cli.info = cli_info  # type: ignore[attr-defined]
        placeholders = {"spacy.cli": cli, "spacy.cli.info": cli_info}
        sys.modules.update(placeholders)
    try:
        import spacy
    finally:
        for name, module in placeholders.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    return spacy


@functools.lru_cache(maxsize=1)
def get_nlp():
    spacy = import_spacy()
    from spacy.language import Language

    from tendercheck.nlp.clauses import lemma_norm

    if not Language.has_factory("tendercheck_lemma_norm"):

        @Language.factory("tendercheck_lemma_norm")
        def _make_lemma_norm(nlp, name):
            return lambda doc: lemma_norm(nlp, doc)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.initialize()
    # No spaCy lemmatizer: tendercheck_lemma_norm sets the lemmas spaCy's lookup lemmatizer
    # would, from the same table (lemma_table), in its one pass over the tokens.
    nlp.add_pipe("tendercheck_lemma_norm")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(ENTITY_PATTERNS)
    model = os.environ.get("TENDERCHECK_MODEL")
    if model:
        _add_statistical_ner(nlp, model)
    return nlp


@functools.lru_cache(maxsize=1)
def lemma_table() -> dict[str, str] | None:
    """English lookup lemmas ("bidders" -> "bidder"): the ``lemma_lookup`` table that spaCy's
    lookup lemmatizer reads, found the way spaCy finds it (spacy-lookups-data, through spaCy's
    ``lookups`` registry), as a plain dict; None when spacy-lookups-data is not installed.

    spaCy's own route (a lemmatizer component, initialised) copies the 41,582 entries into a
    hash-keyed ``Table`` one Python call each, about twice the cost of reading the file; the
    dict gives the same lemma for every text (tests/test_startup_cost.py compares them)."""
    import_spacy()
    from spacy.util import load_language_data, registry

    # as spacy.lookups.load_lookups does; without the data, lemmas stay the lower-case text
    if "en" not in registry.lookups:
        return None
    tables = registry.lookups.get("en")
    if "lemma_lookup" not in tables:
        return None
    return load_language_data(tables["lemma_lookup"])


def _add_statistical_ner(nlp, model: str) -> None:
    spacy = import_spacy()

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
