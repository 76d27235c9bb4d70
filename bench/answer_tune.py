"""Fit the answer layer's re-rankers and no-match threshold on the dev queries only.

The tuning archive holds the fact-checks and generated news articles (distractors, as a real
archive has far more news than fact-checks); the news-reporting dev queries ("apa kata X soal
Y", bench/data/answer_news_dev.jsonl) are asked of the fact-checks plus the real shared news,
where a report is the answer. For every dev query the first stage proposes candidates; each
gets the matcher's features and a label (is it the expected item?). Monotone boosted trees
(scikit-learn, `--learner trees`, the default; or a logistic regression) score fact-checks and
a logistic regression (numpy, L2) news reports; the threshold
is swept for fact-checks (reports off) to clear every bar (Recall@3 per type, no-match
precision and recall) with a margin, then to maximise mean Recall@3 + no-match F-beta (a
wrong answer costs more than a refusal); then the reports' own threshold (folded into their
bias) is swept the same way over every query set.
Writes saring/data/answer_model.json (or --out). The held-out test queries are never read here.

    python bench/answer_tune.py [--news 20000] [--db /tmp/answer_tune.db] [--no-reporting] [--reuse] [--out model.json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np
from answer_common import (
    DATA,
    REPO,
    build_narasi_store,
    build_store,
    chat_queries,
    narasi_queries,
    news_items,
    news_query_sets,
    query_sets,
)

from saring.answer.evaluate import load_queries
from saring.answer.language import detect
from saring.answer.matcher import FEATURES, Forest, Matcher, group_repeats, score
from saring.answer.normalize import clean
from saring.answer.query import build
from saring.archive import open_store
from saring.config import shared_dir

MODEL_PATH = REPO / "saring" / "data" / "answer_model.json"
BARS = {"keyword": 0.90, "question": 0.90, "forwarded": 0.90, "english": 0.80,
        "nm_precision": 0.90, "nm_recall": 0.90}
MARGIN = 0.03  # aim above the bars on dev: held-out queries are harder
TOLERANCE = 0.01
REAL = ("narasi", "hand-written")  # query sets people wrote, not a generator
# written by hand for tuning, about claims no held-out set asks about (bench/data/README.md)
HANDWRITTEN_DEV = sorted(DATA.glob("answer_handwritten_dev*.jsonl"))
REAL_WEIGHT = 3
# a wrong sure answer misleads, a refusal only disappoints (and "mungkin terkait" still shows
# the item): no-match recall counts this much more than its precision (F-beta, beta^2)
WRONG_COST = 2.0
FOLDS = 4  # cross-fitting folds (by claim) for the trees' calibration and threshold
SMOOTHING = 4  # thresholds (of 0.01) each side averaged into the objective the threshold maximises
RELATED = 0.1  # calibrated probability from which a match is offered as "mungkin terkait"


def collect(matcher: Matcher, queries: list) -> list[tuple[object, list]]:
    """(query, candidates with features) for each query that can be searched."""
    out = []
    for q in queries:
        message = clean(q.query)
        language = detect(message.language_text)
        if message.problem or language == "und":
            out.append((q, []))
            continue
        out.append((q, matcher.candidates(build(message, language))))
    return out


def tuning_queries() -> list:
    """The dev queries of both generators, less the hand-written ones answer_queries.py copies
    into the dev file: bench/answer_trust.py holds the hand-written sets out whole."""
    handwritten = {q.query for q in load_queries(DATA / "answer_handwritten.jsonl")[0]}
    return [q for q in query_sets()["dev"] + chat_queries("dev") if q.query not in handwritten]


def right(query, url: str) -> bool:
    """Whether an item is a right answer: the expected one or another check of the same claim."""
    return bool(query.expected_url) and (url == query.expected_url or url in query.also)


def design(rows: list[tuple[object, list]], features: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every candidate's features, its label (is it a right answer?) and its sample weight:
    positives up-weighted so that the one right answer per query is not drowned out."""
    X = np.array([[c.features[f] for f in features] for _, cands in rows for c in cands]).reshape(-1, len(features))
    Y = np.array([1.0 if right(q, c.item.url) else 0.0 for q, cands in rows for c in cands])
    return X, Y, np.where(Y == 1, np.sqrt((len(Y) - Y.sum()) / max(Y.sum(), 1)), 1.0)


def fit(rows: list[tuple[object, list]], l2: float = 1.0, iterations: int = 25,
        features: tuple[str, ...] = FEATURES) -> tuple[dict, float]:
    """L2-regularised logistic regression by Newton's method (exact, converges in a few steps)."""
    X, Y, sample_weight = design(rows, features)
    X = np.hstack([X, np.ones((len(X), 1))])
    penalty = l2 * np.eye(X.shape[1])
    penalty[-1, -1] = 0.0  # the bias is not shrunk
    w = np.zeros(X.shape[1])
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-np.clip(X @ w, -30, 30)))
        gradient = X.T @ (sample_weight * (p - Y)) + penalty @ w
        hessian = (X * (sample_weight * p * (1 - p))[:, None]).T @ X + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    fitted = dict(zip(features, w[:-1]))
    return {f: round(float(fitted.get(f, 0.0)), 4) for f in FEATURES}, round(float(w[-1]), 4)


# how each feature may move the probability in the boosted trees (+1 up, -1 down, 0 either):
# more of the message covered never makes an item less likely; more of it missing never more
MONOTONE = {
    "concept_cov": 1, "head_cov": 1, "rarest_missing": -1, "title_cov": 1, "claim_cov": 1, "char_sim": 1,
    "numbers": 1, "names_missing": -1, "rank": 1, "cov_product": 1, "bm25_gap": 1, "speaker": 1,
    "speaker_absent": -1, "passage_cov": 1, "title_hit": 1, "adjacent": 1, "shared_pairs": 1, "soft_cov": 1,
    "long_title_cov": 1, "long_claim_cov": 1, "title_margin": 1, "cover_margin": 1,
    "title_rarest_missing": -1, "idf_cov": 1, "idf_head_cov": 1, "idf_rarest_missing": -1, "absent": -1,
    "soft_missing": -1,
}


def fit_trees(rows: list[tuple[object, list]], features: tuple[str, ...] = FEATURES, rounds: int = 200,
              depth: int = 3) -> dict:
    """Gradient-boosted trees (scikit-learn, bench extra) under the MONOTONE constraints;
    exported as plain node lists for saring's Forest."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    X, Y, sample_weight = design(rows, features)
    clf = HistGradientBoostingClassifier(max_depth=depth, max_iter=rounds, learning_rate=0.08, l2_regularization=1.0,
                                         min_samples_leaf=40, early_stopping=False, random_state=0,
                                         monotonic_cst=[MONOTONE.get(f, 0) for f in features])
    clf.fit(X, Y, sample_weight=sample_weight)
    trees = [[[-1 if node["is_leaf"] else int(node["feature_idx"]), float(node["num_threshold"]),
               int(node["left"]), int(node["right"]), round(float(node["value"]), 8)] for node in predictor.nodes]
             for (predictor,) in clf._predictors]
    forest = {"features": list(features), "trees": trees, "base": float(clf._baseline_prediction.ravel()[0])}
    check = Forest(trees, forest["base"])(X[:500])
    assert np.allclose(check, clf.decision_function(X[:500]), atol=1e-4), "exported trees disagree with sklearn"
    return forest


def fold_of(query) -> int:
    """The cross-fitting fold of a query, by its claim (the expected item), so that the queries
    of one claim are never on both sides of a fold."""
    return zlib.crc32((query.expected_url or query.query).encode()) % FOLDS


def cross_fitted_trees(rows: list[tuple[object, list]], features: tuple[str, ...],
                       bag: bool = False) -> tuple[dict, list[dict]]:
    """The trees fitted on every row, calibrated on out-of-fold margins; and per fold the trees
    fitted without it (same calibration). Trees fit their own training queries closely, so a
    threshold or a calibration read off them is too low and too sure: both are read off
    predictions for queries the trees did not see."""
    folds = [fold_of(q) for q, _ in rows]
    fold_forests, z, y = [], [], []
    for k in range(FOLDS):
        forest = fit_trees([row for row, f in zip(rows, folds) if f != k], features)
        fold_forests.append(forest)
        evaluate = Forest(forest["trees"], forest["base"])
        for (q, cands), f in zip(rows, folds):
            if f != k or not cands:
                continue
            margins = evaluate(np.array([[c.features[name] for name in features] for c in cands]))
            best = int(np.argmax(margins))
            z.append(float(margins[best]))
            y.append(1.0 if right(q, cands[best].item.url) else 0.0)
    a, b = platt(np.array(z), np.array(y))
    calibration = {"scale": round(a, 6), "bias": round(b, 6)}
    whole = bagged(fold_forests) if bag else fit_trees(rows, features)
    return {**whole, **calibration}, [{**f, **calibration} for f in fold_forests]


def bagged(forests: list[dict]) -> dict:
    """The fold forests as one: their mean margin (every leaf value and the base divided by
    their number), which varies less with the queries that happened to be in the dev sets."""
    n = len(forests)
    trees = [[[*node[:4], round(node[4] / n, 8)] for node in tree] for forest in forests for tree in forest["trees"]]
    return {"features": forests[0]["features"], "trees": trees, "base": sum(f["base"] for f in forests) / n}


def platt(Z: np.ndarray, Y: np.ndarray) -> tuple[float, float]:
    """The one-variable logistic fit p = sigmoid(a z + b), by Newton's method."""
    a, b = 1.0, 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(a * Z + b, -30, 30)))
        g = np.array([((p - Y) * Z).sum(), (p - Y).sum()])
        w = p * (1 - p) + 1e-9
        h = np.array([[(w * Z * Z).sum() + 1e-6, (w * Z).sum()], [(w * Z).sum(), w.sum() + 1e-6]])
        step = np.linalg.solve(h, g)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-7:
            break
    return float(a), float(b)


def calibrate(rows: list[tuple[object, list]], weights: dict, bias: float, top: int = 1) -> tuple[dict, float]:
    """Platt scaling folded into the weights: the model is fitted with positives up-weighted
    (a ranking objective), so its raw probabilities overstate; a one-variable logistic fit of
    each query's best candidate's score, unweighted, makes the probability the gate reads (the
    best candidate's) mean what it says (reported on held-out sets by bench/answer_trust.py)."""
    z, y = [], []
    for q, cands in rows:
        scored = sorted(((bias + sum(weights.get(f, 0.0) * c.features[f] for f in FEATURES), c) for c in cands),
                        key=lambda s: -s[0])[:top]
        for value, c in scored:
            z.append(value)
            y.append(1.0 if right(q, c.item.url) else 0.0)
    a, b = platt(np.array(z), np.array(y))
    return {f: round(float(a * v), 4) for f, v in weights.items()}, round(float(a * bias + b), 4)


def rank_all(rows: list[tuple[object, list]], model: dict, fold_models: list[dict] | None = None,
             ) -> list[tuple[object, list]]:
    """Each query's candidates scored by ``model`` (or, cross-fitted, by the fact-check model
    of the fold that left the query out), best first, repeats grouped."""
    ranked = []
    for q, cands in rows:
        score(cands, {**model, **fold_models[fold_of(q)]} if fold_models else model)
        cands.sort(key=lambda c: (-c.probability, c.rank))
        for c in cands:
            c.also = []
        ranked.append((q, group_repeats(cands)))
    return ranked


def figures_at(ranked: list[tuple[object, list]], threshold: float) -> dict[str, float]:
    """Recall@3 per query type and no-match precision/recall at a threshold."""
    per_type: dict[str, list[int]] = {}
    nm_right = nm_predicted = nm_expected = 0
    for q, heads in ranked:
        shown = [h for h in heads if h.probability >= threshold][:3]
        nm_predicted += not shown
        if q.expected_url is None:
            nm_expected += 1
            nm_right += not shown
        else:
            urls = {u for h in shown for u in [h.item.url, *(a.url for a in h.also)]}
            per_type.setdefault(q.type, []).append(int(any(right(q, u) for u in urls)))
    figures = {t: sum(v) / len(v) for t, v in per_type.items()}
    figures["nm_precision"] = nm_right / nm_predicted if nm_predicted else 0.0
    figures["nm_recall"] = nm_right / nm_expected if nm_expected else 0.0
    return figures


def objective_at(ranked: dict[str, list[tuple[object, list]]], threshold: float) -> tuple[float, dict]:
    """-10 x shortfall below the bars (+MARGIN) + mean Recall@3 + no-match F-beta, summed over the
    archives; and the figures per archive."""
    objective, shown = 0.0, {}
    for name, rows in ranked.items():
        figures = figures_at(rows, threshold)
        shortfall = sum(max(0.0, BARS.get(k, 0.0) + MARGIN - v) for k, v in figures.items())
        recall = [v for k, v in figures.items() if not k.startswith("nm_")]
        p, r = figures["nm_precision"], figures["nm_recall"]
        f_beta = (1 + WRONG_COST) * p * r / (WRONG_COST * p + r) if p + r else 0.0
        objective += -10 * shortfall + sum(recall) / len(recall) + f_beta
        shown[name] = {k: round(v, 3) for k, v in figures.items()}
    return objective, shown


def sweep(archives: dict[str, list[tuple[object, list]]], model: dict,
          fold_models: list[dict] | None = None) -> tuple[float, dict]:
    """The threshold that clears every bar (with MARGIN) on every archive, then maximises
    mean Recall@3 + no-match F-beta summed over the archives; and the figures there."""
    ranked = {name: rank_all(rows, model, fold_models) for name, rows in archives.items()}
    grid = [round(float(t), 2) for t in np.arange(0.05, 0.96, 0.01)]
    raw = np.array([objective_at(ranked, t)[0] for t in grid])
    # a few hundred dev queries make the objective jagged: a lone spike is one query's luck, so
    # the threshold is the best of the objective averaged over its neighbours (+-SMOOTHING)
    smooth = np.convolve(np.pad(raw, SMOOTHING, mode="edge"), np.ones(2 * SMOOTHING + 1) / (2 * SMOOTHING + 1), "valid")
    best = grid[int(np.argmax(smooth))]
    return best, objective_at(ranked, best)[1]


def news_part(weights: dict, bias: float, news_threshold: float, threshold: float) -> dict:
    """The news model with its bias moved so that ``news_threshold`` on its own scale is
    ``threshold`` on the shared one (one threshold then serves both kinds)."""
    return {"weights": weights, "bias": round(bias - logit(news_threshold) + logit(threshold), 4)}


def logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def sweep_news(archives: dict[str, list[tuple[object, list]]], model: dict, weights: dict,
               bias: float) -> tuple[dict, dict]:
    """The news model's own threshold (as a bias), the shared one fixed, best over every query
    set; but reports may not cost the fact-check queries more than TOLERANCE on any figure
    (a report wrongly shown for a fact-check query costs its no-match figures)."""
    off = {**model, "news": {"weights": {}, "bias": -30.0}}
    before = objective_at({k: rank_all(v, off) for k, v in archives.items()}, model["threshold"])[1]
    best = None
    for news_threshold in np.arange(0.05, 0.96, 0.02):
        candidate = {**model, "news": news_part(weights, bias, float(news_threshold), model["threshold"])}
        ranked = {name: rank_all(rows, candidate) for name, rows in archives.items()}
        objective, shown = objective_at(ranked, model["threshold"])
        costs_fact_checks = any(shown[name][k] < before[name][k] - TOLERANCE
                                for name in archives if name != "news reporting" for k in before[name])
        if costs_fact_checks:
            continue
        if best is None or objective > best[0]:
            best = (objective, candidate["news"], shown)
    if best is None:
        raise SystemExit("no news threshold leaves the fact-check figures intact")
    return best[1], best[2]


def kind_rows(rows: list[tuple[object, list]], news: bool) -> list[tuple[object, list]]:
    return [(q, [c for c in cands if bool(c.features["is_news"]) == news]) for q, cands in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "saring_answer_tune.db"))
    parser.add_argument("--news", type=int, default=20_000,
                        help="generated news articles added as distractors, as in a real archive (0: none)")
    parser.add_argument("--no-reporting", action="store_true",
                        help="leave out the news-reporting dev queries (bench/data/answer_news_dev.jsonl)")
    parser.add_argument("--out", default=str(MODEL_PATH), help="where the model is written")
    parser.add_argument("--reuse", action="store_true",
                        help="search the archives an earlier run left at --db (same --news) instead of "
                             "building them again: minutes saved per run when only the matcher changed")
    parser.add_argument("--gate-on", choices=("real", "all"), default="real",
                        help="the query sets the no-match threshold is chosen on: the ones people wrote "
                             "(the generators' no-match queries are near copies of archived titles), or all")
    parser.add_argument("--drop", nargs="*", default=[], choices=FEATURES, metavar="FEATURE",
                        help="features the fact-check model leaves out (their weight is 0)")
    parser.add_argument("--learner", choices=("logistic", "trees"), default="trees",
                        help="the fact-check model: a logistic regression or monotone boosted trees")
    parser.add_argument("--real-weight", type=int, default=REAL_WEIGHT,
                        help="how many times each query people wrote counts in the trees' fit")
    parser.add_argument("--no-bag", dest="bag", action="store_false",
                        help="ship one forest fitted on every row instead of the fold forests averaged (bagged)")
    args = parser.parse_args()
    started = time.time()
    dev = tuning_queries()
    blank = {"weights": {}, "bias": 0.0, "threshold": 0.5}

    def archive(path: Path, fill=lambda store: None):
        if args.reuse and path.exists():
            return open_store(str(path))
        store = build_store(path)
        fill(store)
        return store

    factcheck_store = archive(Path(args.db))
    archives = {"fact-checks": collect(Matcher(factcheck_store, blank), dev)}
    handwritten = [q for path in HANDWRITTEN_DEV for q in load_queries(path)[0]]
    if handwritten:
        archives["hand-written"] = collect(Matcher(factcheck_store, blank), handwritten)
    if args.news:
        def add_variants(store) -> None:
            from archive_scale import Variants, load_bases

            variants = Variants(load_bases(shared_dir()))
            store.ingest(variants(i) for i in range(args.news))

        store = archive(Path(args.db).with_suffix(".news.db"), add_variants)
        archives[f"+{args.news} news"] = collect(Matcher(store, blank), dev)
    if not args.no_reporting:  # who-said-what questions about real news, on fact-checks + news
        news_dev = news_query_sets()["dev"]
        store = archive(Path(args.db).with_suffix(".reporting.db"), lambda store: store.ingest(news_items()))
        archives["news reporting"] = collect(Matcher(store, blank), news_dev)
        dev = dev + news_dev
    narasi_db = Path(args.db).with_suffix(".narasi.db")  # real circulating texts, on their own archive
    narasi_store = open_store(str(narasi_db)) if args.reuse and narasi_db.exists() else build_narasi_store(narasi_db)[0]
    archives["narasi"] = collect(Matcher(narasi_store, blank), narasi_queries("dev"))
    # the real circulating texts are few beside the generated queries: each counts REAL_WEIGHT times
    rows = [row for name, rows in archives.items() for row in rows * (args.real_weight if name in REAL else 1)]
    used = tuple(f for f in FEATURES if f not in args.drop)
    fold_models = None
    out_of_fold: dict | None = None
    if args.learner == "trees":
        model, fold_models = cross_fitted_trees(kind_rows(rows, news=False), used, args.bag)
    else:
        weights, bias = calibrate(kind_rows(rows, news=False), *fit(kind_rows(rows, news=False), features=used))
        model = {"weights": weights, "bias": bias}
    if args.no_reporting:  # one model for both kinds, as before news reporting was asked about
        weights, bias = fit(rows)
        model = {"weights": weights, "bias": bias}
        model["threshold"], figures = sweep(archives, model)
    else:  # the fact-check threshold first (reports off), then the reports' own threshold
        news_weights, news_bias = calibrate(kind_rows(rows, news=True), *fit(kind_rows(rows, news=True)))
        off = {**model, "news": {"weights": {}, "bias": -30.0}}
        gate_sets = [k for k in archives if k != "news reporting" and (args.gate_on == "all" or k in REAL)]
        model["threshold"], _ = sweep({k: archives[k] for k in gate_sets}, off, fold_models)
        # what the knobs are chosen by: each dev query scored by the fold model that never saw
        # its claim (the figures below them are the shipped model's, on queries it was fitted to)
        out_of_fold = objective_at({k: rank_all(v, off, fold_models) for k, v in archives.items()
                                    if k != "news reporting"}, model["threshold"])[1]
        model["news"], figures = sweep_news(archives, model, news_weights, news_bias)
    model["related_threshold"] = RELATED
    model["tuned_on"] = (f"{len(tuning_queries())} generated dev queries (bench/data/answer_dev.jsonl and "
                         f"answer_chat_dev.jsonl, hand-written ones left out) on the fact-checks alone and with "
                         f"{args.news} generated news articles; the dev third of answer_narasi.jsonl "
                         f"({len(narasi_queries('dev'))} real circulating texts, own archive)"
                         + (f", {' and '.join(p.name for p in HANDWRITTEN_DEV)} "
                            f"({len(archives['hand-written'])} queries)" if "hand-written" in archives else "")
                         + f", both counted {args.real_weight} times"
                         + ("" if args.no_reporting else f"; bench/data/answer_news_dev.jsonl "
                            f"({len(news_query_sets()['dev'])} queries) on the fact-checks + shared news"))
    if args.learner == "trees":
        model["tuned_on"] += (f"; fact-check trees: {'the average of ' if args.bag else 'one forest and '}"
                              f"{FOLDS} forests each fitted without one by-claim fold, calibration and "
                              f"threshold read off their out-of-fold predictions")
    Path(args.out).write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"model": model, "dev": figures, "dev_out_of_fold": out_of_fold,
                      "seconds": round(time.time() - started, 1)}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
