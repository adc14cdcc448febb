"""A trained second opinion on the clause rules: a small spaCy text classifier that overrules the
rules' answer for one attribute (today only ``part``) when it is sure enough.

Switched by data: ``second_opinion`` in ``tendercheck/data/clauses.yaml`` maps an attribute to
the probability ``theta`` the classifier's top class must reach to replace the rules' value
(``{part: 0.9}``); empty or absent, nothing here runs and nothing is loaded. The model ships in
the package (``tendercheck/data/models/clause-<attribute>/``, a blank English spaCy pipeline with
only a bag-of-words ``textcat``), trained by ``python bench/clauses/train.py --ship part`` from the
labelled clause set; ``clause-<attribute>.json`` beside it records what it was trained on and a
hash of each of its files. Nothing is ever downloaded.

Where it acts, and what does not see it. The classifier reads the rules' *final* clause (its
input is :func:`featurise`, the same function the training script uses), so it runs once, in the
parent process, after :func:`tendercheck.nlp.text.build_sentences` has finished every rule pass:
the clause of each unit, the list lead-ins and table header rows whose clause their items and
rows continue, ``mark_other_procurements``, ``carry_back_references``, ``carry_guidance_notes``
and ``mark_later_call_offs``. All of those read the rules' part, not the model's: a lead-in the
model calls ``terms`` still passes the rules' part to its items' classification, a guidance note
carried by the rules can be overruled afterwards, and a clause's ``document_part``, ``other``
flag, stage, force and procedure stay the rules'. Everything after sentence building (the
extractors, the rules, the bidder view, ``inspect --clauses`` and each evidence item's clause)
reads the overruled part.

A missing or damaged model, with the switch on, is an :class:`~tendercheck.errors.InputError`
(exit 2) naming the model, not a warning with the rules standing: the same file must give the
same report, and a report quietly made without the model would also be cached under the same key
as one made with it (the cache key holds the data files, not the model's state on disk).
"""

from __future__ import annotations

import functools
import hashlib
import json
import warnings
from dataclasses import replace
from importlib import resources
from pathlib import Path, PurePath

# Units per nlp.pipe batch: fixed, so a unit's probabilities never depend on the run.
BATCH = 1024


def featurise(sentence) -> str:
    """The classifier's input for a built sentence: its kind, the rules' own part, stage and force,
    its document's file-name stem, its last two headings and its first 400 characters. Training
    (bench/clauses/train.py) and the run time both call this one function."""
    c = sentence.clause
    stem = PurePath(sentence.document).stem.replace("-", " ").replace("_", " ")
    return (
        f"KIND_{sentence.kind} RPART_{c.part} RSTAGE_{c.stage} RFORCE_{c.force} "
        f"{stem} || {' | '.join(sentence.section[-2:])} || {sentence.text[:400]}"
    )


def configured() -> dict[str, float]:
    """The switch in clauses.yaml: attribute -> theta (empty when off)."""
    from tendercheck.nlp.clauses import vocabulary

    return dict(vocabulary().get("second_opinion") or {})


def parse(spec: str) -> dict[str, float]:
    """``part:0.9[,stage:0.8]`` (the bench's command-line form) -> {attribute: theta}; ``off`` or
    an empty string -> {}."""
    out: dict[str, float] = {}
    if spec.strip().lower() in ("", "off"):
        return out
    for item in spec.split(","):
        attribute, _, theta = item.partition(":")
        out[attribute.strip()] = float(theta) if theta.strip() else 0.9
    return out


ATTRIBUTES = ("part",)  # the attributes a model can overrule (one shipped model each)


def model_dir(attribute: str) -> Path:
    return Path(str(resources.files("tendercheck.data"))) / "models" / f"clause-{attribute}"


def file_hashes(folder: Path) -> dict[str, str]:
    """sha256 of each file of a saved model, by its path inside the folder."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@functools.cache
def load_model(attribute: str):
    """The shipped classifier for ``attribute``, loaded once a process, after checking its files
    against the hashes its metadata records; InputError when it is missing or damaged."""
    from tendercheck.errors import InputError
    from tendercheck.nlp.pipeline import import_spacy

    if attribute not in ATTRIBUTES:
        raise InputError(
            "clauses.yaml",
            f"second_opinion names {attribute!r}, which has no model (known: {', '.join(ATTRIBUTES)})",
        )
    folder = model_dir(attribute)
    meta_path = folder.with_suffix(".json")
    try:
        meta = json.loads(meta_path.read_text("utf-8"))
        found = file_hashes(folder) if folder.is_dir() else {}
    except (OSError, ValueError) as exc:
        raise InputError(
            str(meta_path), f"cannot read the clause model's metadata: {exc}"
        ) from None
    if found != meta.get("files"):
        raise InputError(
            str(folder),
            "the clause model is missing or damaged (its files do not match "
            f"{meta_path.name}); reinstall tendercheck or switch second_opinion off in clauses.yaml",
        )
    spacy = import_spacy()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a spaCy minor-version note about the saved model
            nlp = spacy.load(folder)
    except Exception as exc:  # any failure to load is the same one-line error
        raise InputError(str(folder), f"cannot load the clause model: {exc}") from None
    return nlp


def overrule(sentences: list, thetas: dict[str, float]) -> list:
    """``sentences`` with each switched-on attribute of their clause replaced by the model's
    answer where its top class has probability at least theta (the rules' answer stands
    otherwise). The inputs are taken from the rules' clauses before any replacement."""
    if not thetas:
        return sentences
    indexes = [i for i, s in enumerate(sentences) if s.clause is not None]
    if not indexes:
        return sentences
    texts = [featurise(sentences[i]) for i in indexes]
    changes: dict[int, dict[str, str]] = {}
    for attribute in sorted(thetas):
        theta = float(thetas[attribute])
        nlp = load_model(attribute)
        for i, doc in zip(indexes, nlp.pipe(texts, batch_size=BATCH), strict=True):
            cats = doc.cats
            best = max(cats, key=cats.get)  # as bench/clauses/train.py scored it
            if cats[best] >= theta and best != getattr(sentences[i].clause, attribute):
                changes.setdefault(i, {})[attribute] = best
    if not changes:
        return sentences
    out = list(sentences)
    for i, values in changes.items():
        s = out[i]
        out[i] = replace(s, clause=replace(s.clause, **values))
    return out
