"""Does a small trained spaCy text classifier beat the clause rules on documents it never saw?

    python bench/clauses/train.py                 # leave one document out, per attribute
    python bench/clauses/train.py --attribute part
    python bench/clauses/train.py --attribute part --mix 5   # rules, overruled by a confident model
    python bench/clauses/train.py --mix-held-out  # that second opinion on the held-out round
    python bench/clauses/train.py --ship part     # the shipped model, into tendercheck/data/models

For each labelled document in tests/labels/clauses/, a bag-of-words text classifier (spaCy
textcat, TextCatBOW) is trained on the other documents and scored on that one, against the rules
on the same units. Its input is the unit as the rules see it: kind, the rules' own part, stage
and force, the document's title words, the heading path and the text. Nothing is downloaded; the
seed is fixed. Results go to bench/results/clauses-loo.json.

``--mix K`` asks whether the model helps as a second opinion: the tuning documents are split into
K groups (fixed seed); for each group a model trained on the others overrules the rules on that
group's units only when its top class has at least probability theta, for a range of theta.
Results go to bench/results/clauses-mix.json.

``--ship ATTRIBUTE`` trains one model on every labelled document not in HELD_OUT, with the seed
and settings measured, and writes it to tendercheck/data/models/clause-ATTRIBUTE/ with
clause-ATTRIBUTE.json beside it (see tendercheck/nlp/second_opinion.py, which runs it when
``second_opinion`` in clauses.yaml is on). The unit's input is that module's ``featurise``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import ATTRIBUTES, HELD_OUT, document_path, load_set, text_hash

ROOT = Path(__file__).resolve().parents[2]


def featurise(rows: list[dict]) -> list[tuple[str, dict, dict]]:
    """(classifier input, gold labels, rule labels) for each labelled unit still built. The input
    is the package's own featurise (tendercheck.nlp.second_opinion), over the rules' clauses: the
    second opinion is switched off here whatever clauses.yaml says."""
    from tendercheck.documents import read_pack
    from tendercheck.nlp.second_opinion import featurise as unit_input
    from tendercheck.nlp.text import build_sentences

    pack = read_pack([document_path(rows[0]["document"])])
    by_key = {(s.block, s.row, s.start): s for s in build_sentences(pack, second_opinion={})}
    out = []
    for row in rows:
        s = by_key.get((row["block"], row["row"], row["start"]))
        if s is None or text_hash(s.text) != row["sha"]:
            continue
        c = s.clause
        rules = {"part": c.part, "stage": c.stage, "force": c.force, "equivalent": c.equivalent}
        out.append((unit_input(s), {a: row[a] for a in ATTRIBUTES}, rules))
    return out


SEED = 0
EPOCHS = 8
SHIP_THETA = {"part": 0.9}  # the confidence --mix measured for the shipped model


def train(
    examples: list[tuple[str, str]], labels: list[str], seed: int = SEED, epochs: int = EPOCHS
):
    import spacy
    from spacy.training import Example

    nlp = spacy.blank("en")
    config = {
        "model": {
            "@architectures": "spacy.TextCatBOW.v3",
            "exclusive_classes": True,
            "ngram_size": 2,
            "no_output_layer": False,
            "length": 2**15,  # 11 classes x 32,768 hashed n-grams: about 1.5 MB on disk
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


def ship(every: dict, attribute: str) -> int:
    """Train on every labelled document not held out (the settings --mix measured) and write the
    model into the package, with a JSON beside it: the training set, the commit, the seed, the
    theta measured and a hash of each file (tendercheck.nlp.second_opinion checks them)."""
    import subprocess

    from tendercheck.nlp.second_opinion import file_hashes, model_dir

    keys = sorted(k for k in every if k not in HELD_OUT)
    labels = sorted({gold[attribute] for k in keys for _, gold, _ in every[k]})
    examples = [(t, g[attribute]) for k in keys for t, g, _ in every[k]]
    nlp = train(examples, labels, seed=SEED)
    folder = model_dir(attribute)
    if folder.exists():
        shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    # The strings are not needed: the bag of words hashes each token's text (ORTH), and a blank
    # English vocabulary rebuilds what the tokenizer needs.
    nlp.to_disk(folder, exclude=["vocab"])
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "bench", "tendercheck", "tests"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    meta = {
        "attribute": attribute,
        "trained_by": f"python bench/clauses/train.py --ship {attribute}",
        "commit": commit + ("+changes" if dirty else ""),
        "seed": SEED,
        "epochs": EPOCHS,
        "theta": SHIP_THETA[attribute],
        "labels": labels,
        "documents": keys,
        "units": len(examples),
        "held_out": sorted(HELD_OUT),
        "files": file_hashes(folder),
    }
    folder.with_suffix(".json").write_text(json.dumps(meta, indent=1) + "\n")
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    print(
        f"{attribute}: trained on {len(examples)} units of {len(keys)} documents; "
        f"{size / 1e6:.2f} MB in {folder.relative_to(ROOT)}"
    )
    return 0


def predict(nlp, texts: list[str]) -> list[str]:
    return [max(doc.cats, key=doc.cats.get) for doc in nlp.pipe(texts)]


THETAS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98)


class _Overruled:
    """Tallies, unit by unit, the rules' answer and the rules overruled by the model at each
    theta."""

    def __init__(self, attribute: str) -> None:
        self.attribute = attribute
        self.right = dict.fromkeys(THETAS, 0)
        self.rules_right = self.units = 0

    def add(self, nlp, rows: list) -> None:
        a = self.attribute
        for doc, (_, gold, rules) in zip(nlp.pipe([t for t, _, _ in rows]), rows, strict=True):
            best = max(doc.cats, key=doc.cats.get)
            for theta in THETAS:
                self.right[theta] += (best if doc.cats[best] >= theta else rules[a]) == gold[a]
            self.rules_right += rules[a] == gold[a]
            self.units += 1

    def result(self, where: str, **extra) -> dict:
        units = self.units
        result = {
            "units": units,
            **extra,
            "rules": round(self.rules_right / units, 4),
            "mixed": {str(t): round(self.right[t] / units, 4) for t in THETAS},
        }
        print(f"{self.attribute}: rules {result['rules']:.1%} over {units} {where}")
        for theta in THETAS:
            print(
                f"    overruled when the model is at least {theta:.2f} sure: "
                f"{self.right[theta] / units:.1%}"
            )
        return result


def mix(every: dict, attribute: str, folds: int) -> dict:
    """Rules overruled by a confident model, scored by groups of documents left out."""
    keys = sorted(k for k in every if k not in HELD_OUT)
    random.Random(7).shuffle(keys)
    groups = [keys[i::folds] for i in range(folds)]
    labels = sorted({gold[attribute] for k in keys for _, gold, _ in every[k]})
    tally = _Overruled(attribute)
    for held in groups:
        nlp = train(
            [(t, g[attribute]) for k in keys if k not in held for t, g, _ in every[k]], labels
        )
        for key in held:
            tally.add(nlp, every[key])
    return tally.result(f"units, {folds} groups left out", folds=folds)


def mix_held_out(every: dict, attribute: str) -> dict:
    """Rules overruled by a confident model trained on every tuning document, scored on the
    held-out round: the fair test of the second opinion on documents no one tuned to."""
    keys = sorted(k for k in every if k not in HELD_OUT)
    unseen = sorted(k for k in every if k in HELD_OUT)
    if not unseen:
        raise SystemExit("no held-out documents (HELD_OUT in measure.py is empty)")
    labels = sorted({gold[attribute] for k in keys for _, gold, _ in every[k]})
    nlp = train([(t, g[attribute]) for k in keys for t, g, _ in every[k]], labels)
    tally = _Overruled(attribute)
    for key in unseen:
        tally.add(nlp, every[key])
    return tally.result("held-out units", documents=unseen)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attribute", choices=("part", "stage", "force"), action="append")
    parser.add_argument("--mix", type=int, metavar="K", help="groups of documents left out")
    parser.add_argument(
        "--mix-held-out", action="store_true", help="the second opinion on the held-out round"
    )
    parser.add_argument(
        "--ship",
        choices=sorted(SHIP_THETA),
        help="train on every tuning document, into the package",
    )
    args = parser.parse_args(argv)
    attributes = args.attribute or ["part", "stage", "force"]
    every = {key: featurise(rows) for key, rows in load_set().items()}
    if args.mix_held_out:
        out = ROOT / "bench" / "results" / "clauses-mix-held-out.json"
        results = {a: mix_held_out(every, a) for a in attributes}
        out.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
        return 0
    if args.ship:
        return ship(every, args.ship)
    if args.mix:
        out = ROOT / "bench" / "results" / "clauses-mix.json"
        previous = json.loads(out.read_text()) if out.exists() else {}
        results = {a: mix(every, a, args.mix) for a in attributes}
        out.write_text(json.dumps({**previous, **results}, indent=1, sort_keys=True) + "\n")
        return 0
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
