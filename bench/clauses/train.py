"""Does a small trained spaCy text classifier beat the clause rules on documents it never saw?

    python bench/clauses/train.py                 # leave one document out, per attribute
    python bench/clauses/train.py --attribute part

For each labelled document in tests/labels/clauses/, a bag-of-words text classifier (spaCy
textcat, TextCatBOW) is trained on the other documents and scored on that one, against the rules
on the same units. Its input is the unit as the rules see it: kind, the rules' own part, stage
and force, the document's title words, the heading path and the text. Nothing is downloaded; the
seed is fixed. Results go to bench/results/clauses-loo.json.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import ATTRIBUTES, HELD_OUT, document_path, load_set, text_hash

ROOT = Path(__file__).resolve().parents[2]


def featurise(rows: list[dict]) -> list[tuple[str, dict, dict]]:
    """(classifier input, gold labels, rule labels) for each labelled unit still built."""
    from tendercheck.documents import read_pack
    from tendercheck.nlp.text import build_sentences

    path = document_path(rows[0]["document"])
    pack = read_pack([path])
    by_key = {(s.block, s.row, s.start): s for s in build_sentences(pack)}
    stem = path.stem.replace("-", " ").replace("_", " ")
    out = []
    for row in rows:
        s = by_key.get((row["block"], row["row"], row["start"]))
        if s is None or text_hash(s.text) != row["sha"]:
            continue
        c = s.clause
        rules = {"part": c.part, "stage": c.stage, "force": c.force, "equivalent": c.equivalent}
        text = (
            f"KIND_{s.kind} RPART_{c.part} RSTAGE_{c.stage} RFORCE_{c.force} "
            f"{stem} || {' | '.join(s.section[-2:])} || {s.text[:400]}"
        )
        out.append((text, {a: row[a] for a in ATTRIBUTES}, rules))
    return out


def train(examples: list[tuple[str, str]], labels: list[str], seed: int = 0, epochs: int = 8):
    import spacy
    from spacy.training import Example

    nlp = spacy.blank("en")
    config = {
        "model": {
            "@architectures": "spacy.TextCatBOW.v3",
            "exclusive_classes": True,
            "ngram_size": 2,
            "no_output_layer": False,
            "length": 65536,
        }
    }
    textcat = nlp.add_pipe("textcat", config=config)
    for label in labels:
        textcat.add_label(label)
    data = [
        Example.from_dict(nlp.make_doc(text), {"cats": {lb: float(lb == gold) for lb in labels}})
        for text, gold in examples
    ]
    random.seed(seed)
    spacy.util.fix_random_seed(seed)
    optimizer = nlp.initialize(lambda: data)
    for _ in range(epochs):
        random.shuffle(data)
        for start in range(0, len(data), 32):
            nlp.update(data[start : start + 32], sgd=optimizer, drop=0.1)
    return nlp


def predict(nlp, texts: list[str]) -> list[str]:
    return [max(doc.cats, key=doc.cats.get) for doc in nlp.pipe(texts)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attribute", choices=("part", "stage", "force"), action="append")
    args = parser.parse_args(argv)
    attributes = args.attribute or ["part", "stage", "force"]
    every = {key: featurise(rows) for key, rows in load_set().items()}
    # Leave one out over the documents used for tuning; the held-out documents are scored once,
    # by a model trained on all the tuning documents, and decide nothing.
    features = {k: v for k, v in every.items() if k not in HELD_OUT}
    unseen = {k: v for k, v in every.items() if k in HELD_OUT}
    results: dict = {}
    for attribute in attributes:
        labels = sorted({gold[attribute] for rows in features.values() for _, gold, _ in rows})
        per_doc = {}
        started = time.perf_counter()
        for held_out in features:
            train_rows = [
                (text, gold[attribute])
                for key, rows in features.items()
                if key != held_out
                for text, gold, _ in rows
            ]
            nlp = train(train_rows, labels)
            test = features[held_out]
            guesses = predict(nlp, [text for text, _, _ in test])
            model_ok = sum(
                g == gold[attribute] for g, (_, gold, _) in zip(guesses, test, strict=True)
            )
            rules_ok = sum(rules[attribute] == gold[attribute] for _, gold, rules in test)
            per_doc[held_out] = {"units": len(test), "model": model_ok, "rules": rules_ok}
        n = sum(d["units"] for d in per_doc.values())
        model = sum(d["model"] for d in per_doc.values()) / n
        rules = sum(d["rules"] for d in per_doc.values()) / n
        results[attribute] = {
            "model": round(model, 4),
            "rules": round(rules, 4),
            "documents": per_doc,
        }
        print(
            f"{attribute}: leave-one-document-out model {model:.1%}, rules {rules:.1%} "
            f"({n} units, {time.perf_counter() - started:.0f} s)"
        )
        for key, d in per_doc.items():
            print(
                f"    {key:28} model {d['model'] / d['units']:6.1%}  rules {d['rules'] / d['units']:6.1%}"
            )
        if unseen:
            nlp = train(
                [(t, g[attribute]) for rows in features.values() for t, g, _ in rows], labels
            )
            held: dict = {}
            for key, rows in unseen.items():
                guesses = predict(nlp, [t for t, _, _ in rows])
                held[key] = {
                    "units": len(rows),
                    "model": sum(
                        g == gold[attribute] for g, (_, gold, _) in zip(guesses, rows, strict=True)
                    ),
                    "rules": sum(r[attribute] == gold[attribute] for _, gold, r in rows),
                }
            m = sum(d["units"] for d in held.values())
            results[attribute]["held_out"] = {
                "model": round(sum(d["model"] for d in held.values()) / m, 4),
                "rules": round(sum(d["rules"] for d in held.values()) / m, 4),
                "documents": held,
            }
            print(
                f"  held out ({m} units): model {results[attribute]['held_out']['model']:.1%}, "
                f"rules {results[attribute]['held_out']['rules']:.1%}"
            )
    out = ROOT / "bench" / "results" / "clauses-loo.json"
    # keep the other attributes' figures when only some were run again
    previous = json.loads(out.read_text()) if out.exists() else {}
    out.write_text(json.dumps({**previous, **results}, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
