"""Keras cross-check of tfjs-smelu-repro's reference experiment (the `reference` preset of the demo).

Trains N replicas per activation of the matched MovieLens model in TensorFlow
2.21 + Keras 3 and measures the relative prediction difference (PD) between
them, outside tfjs. See tools/README.md for the set-up, the commands and what
each number means.

Matched setup: P(rating >= 4 | user, movie) on MovieLens ml-latest-small
(dslabs); user and movie id embeddings of width 16 initialized N(0, 0.05), no
genre features; MLP 64-32 with the activation under test (Dense Glorot-uniform,
zero bias); one logit, sigmoid output; Adam 2e-3, batch 256, 3 epochs; the
demo's 80/20 split (exported by export_movielens.ts); equal initialization
(every replica and every activation starts from the same weights); every
replica reshuffles all training examples every epoch with its own seed (the
same replica seeds for every activation); relative PD averaged over all pairs.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import os
import platform
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent

# Same clamp as tfjs-smelu-repro (repro/src/metrics/tensor_pd.ts RELATIVE_PD_EPSILON): the
# relative PD denominator is max((p1 + p2) / 2, epsilon).
RELATIVE_PD_EPSILON = 1e-6

DEFAULT_ACTIVATIONS = "relu,smelu:1,gelu,swish,softplus,linear"


def default_data_dir() -> Path:
    """Where export_movielens.ts writes by default (the toolkit's cache folder)."""
    explicit = os.environ.get("TFJS_SMELU_CACHE")
    if explicit:
        return Path(explicit).resolve() / "keras-reference"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).resolve() if xdg else Path.home() / ".cache"
    return base / "tfjs-smelu" / "keras-reference"


# ----------------------------------------------------------------------------- data


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_data(data_dir: Path) -> dict:
    """Reads ratings.csv, split.csv and meta.json written by export_movielens.ts."""
    meta_path = data_dir / "meta.json"
    if not meta_path.exists():
        raise SystemExit(
            f"No exported data in {data_dir}. Run first:\n"
            "  npx tsx tools/keras_reference/export_movielens.ts"
        )
    meta = json.loads(meta_path.read_text())
    for name, expected in meta["files"].items():
        actual = sha256_of(data_dir / name)
        if actual != expected:
            raise SystemExit(f"{data_dir / name}: SHA-256 {actual} differs from meta.json ({expected}); re-export.")
    ratings = np.loadtxt(data_dir / "ratings.csv", delimiter=",", skiprows=1, usecols=(0, 1, 2, 3))
    if not np.array_equal(ratings[:, 0], np.arange(len(ratings))):
        raise SystemExit("ratings.csv: rows are not numbered 0..n-1 in order.")
    split = np.loadtxt(data_dir / "split.csv", delimiter=",", skiprows=1, usecols=(0, 1), dtype=np.int64)
    parts = np.loadtxt(data_dir / "split.csv", delimiter=",", skiprows=1, usecols=(2,), dtype=str)
    eval_rows = split[parts == "eval", 1]
    train_rows = split[parts == "train", 1]
    n = len(ratings)
    if len(eval_rows) + len(train_rows) != n or not np.array_equal(np.sort(split[:, 1]), np.arange(n)):
        raise SystemExit("split.csv is not a permutation of the ratings' rows.")
    users = ratings[:, 1].astype(np.int32)
    movies = ratings[:, 2].astype(np.int32)
    labels = (ratings[:, 3] >= 4).astype(np.float32)

    def part(rows: np.ndarray) -> dict:
        return {"user": users[rows], "movie": movies[rows], "label": labels[rows]}

    return {
        "meta": meta,
        "num_users": int(users.max()) + 1,
        "num_movies": int(movies.max()) + 1,
        "train": part(train_rows),
        "eval": part(eval_rows),
    }


# ----------------------------------------------------------------------------- model


def smelu_reference(x: np.ndarray, beta: float) -> tuple[np.ndarray, np.ndarray]:
    """SmeLU and its derivative in float64 from the formula (for the self-test)."""
    y = np.where(x <= -beta, 0.0, np.where(x >= beta, x, (x + beta) ** 2 / (4 * beta)))
    dy = np.clip((x + beta) / (2 * beta), 0.0, 1.0)
    return y, dy


def make_smelu_layer_class():
    import keras
    from keras import ops

    @keras.saving.register_keras_serializable(package="tfjs_smelu_reference")
    class SmeLU(keras.layers.Layer):
        """SmeLU(x) = 0 (x <= -beta); (x + beta)^2 / (4 beta) (|x| < beta); x (x >= beta).

        Shamir, Lin & Coviello (2020). The quadratic branch is evaluated on the
        clipped input so that every branch (and its gradient) stays finite.
        """

        def __init__(self, beta: float = 1.0, **kwargs):
            super().__init__(**kwargs)
            if not beta > 0:
                raise ValueError(f"SmeLU: beta must be > 0, but got {beta}.")
            self.beta = float(beta)

        def call(self, x):
            b = self.beta
            quadratic = ops.square(ops.clip(x, -b, b) + b) / (4.0 * b)
            return ops.where(x >= b, x, ops.where(x <= -b, ops.zeros_like(x), quadratic))

        def get_config(self):
            return {**super().get_config(), "beta": self.beta}

    return SmeLU


def activation_layer(name: str, beta: float | None):
    import keras

    if name == "relu":
        return keras.layers.Activation("relu")
    if name == "smelu":
        return SMELU(beta=beta if beta is not None else 1.0)
    if name in ("gelu", "swish", "softplus") and beta not in (None, 1.0):
        raise SystemExit(f"{name}: only beta = 1 (the standard form) is implemented here, but got {beta}.")
    if name == "gelu":
        # x * Phi(x) with the exact (erf) normal CDF, as the toolkit's GELU.
        return keras.layers.Activation(lambda x: keras.activations.gelu(x, approximate=False))
    if name == "swish":
        return keras.layers.Activation("silu")
    if name == "softplus":
        return keras.layers.Activation("softplus")
    if name == "linear":
        return keras.layers.Activation("linear")
    raise SystemExit(f"Unknown activation '{name}'. Known: relu, smelu, gelu, swish, softplus, linear.")


def build_model(num_users: int, num_movies: int, name: str, beta: float | None, args, init_seed: int):
    import keras

    seeds = iter(np.random.default_rng([init_seed, 0xE1]).integers(0, 2**31 - 1, size=16).tolist())
    user_in = keras.Input(shape=(1,), dtype="int32", name="user")
    movie_in = keras.Input(shape=(1,), dtype="int32", name="movie")

    def embed(x, count):
        e = keras.layers.Embedding(
            count, args.embedding_dim,
            embeddings_initializer=keras.initializers.RandomNormal(mean=0.0, stddev=0.05, seed=next(seeds)))(x)
        return keras.layers.Flatten()(e)

    h = keras.layers.Concatenate()([embed(user_in, num_users), embed(movie_in, num_movies)])
    for units in args.hidden:
        h = keras.layers.Dense(units, kernel_initializer=keras.initializers.GlorotUniform(seed=next(seeds)),
                               bias_initializer="zeros")(h)
        h = activation_layer(name, beta)(h)
    logit = keras.layers.Dense(1, kernel_initializer=keras.initializers.GlorotUniform(seed=next(seeds)),
                               bias_initializer="zeros")(h)
    model = keras.Model([user_in, movie_in], logit)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=args.learning_rate),
                  loss=keras.losses.BinaryCrossentropy(from_logits=True), jit_compile=False)
    return model


# ----------------------------------------------------------------------------- metrics


def log_loss_per_example(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Binary cross-entropy of sigmoid(logit), stable form, float64."""
    z = logits.astype(np.float64)
    return np.logaddexp(0.0, z) - labels * z


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Exact ROC AUC by the rank-sum statistic, ties counted half."""
    order = np.argsort(scores, kind="mergesort")
    sorted_scores = scores[order]
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    avg_rank = first + (counts + 1) / 2.0  # 1-based average rank of each tie group
    ranks = np.empty(len(scores))
    ranks[order] = np.repeat(avg_rank, counts)
    pos = labels > 0.5
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def relative_pd_terms(p1: np.ndarray, p2: np.ndarray) -> np.ndarray:
    """|p1 - p2| / max((p1 + p2) / 2, eps) per example (its mean is the relative PD)."""
    return np.abs(p1 - p2) / np.maximum((p1 + p2) / 2.0, RELATIVE_PD_EPSILON)


def sd(values) -> float:
    v = np.asarray(values, dtype=np.float64)
    return float(v.std(ddof=1)) if len(v) > 1 else float("nan")


# ----------------------------------------------------------------------------- experiment


def parse_variants(text: str) -> list[tuple[str, float | None]]:
    out = []
    for item in text.split(","):
        name, _, beta = item.strip().partition(":")
        out.append((name, float(beta) if beta else (1.0 if name == "smelu" else None)))
    return out


def variant_label(name: str, beta: float | None) -> str:
    labels = {"relu": "ReLU", "smelu": "SmeLU", "gelu": "GELU", "swish": "Swish", "softplus": "Softplus",
              "linear": "Linear (control)"}
    base = labels.get(name, name)
    return f"{base} β={beta:g}" if name == "smelu" else base


def self_test() -> None:
    """SmeLU layer against the float64 formula: values and gradient."""
    import tensorflow as tf

    x = np.concatenate([np.linspace(-3, 3, 601), [-1.0, 1.0, -0.5, 0.5, 0.0, -2.0, 2.0]]).astype(np.float32)
    for beta in (0.5, 1.0, 2.0):
        layer = SMELU(beta=beta)
        xt = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(xt)
            y = layer(xt)
        dy = tape.gradient(y, xt).numpy()
        y_ref, dy_ref = smelu_reference(x.astype(np.float64), beta)
        err_y = np.max(np.abs(y.numpy() - y_ref) / np.maximum(1.0, np.abs(y_ref)))
        err_dy = np.max(np.abs(dy - dy_ref))
        if not (err_y < 1e-6 and err_dy < 1e-6):
            raise SystemExit(f"SmeLU self-test failed at beta={beta}: value error {err_y:.3g}, gradient error {err_dy:.3g}")
    # Hand-computed points: SmeLU_1(0) = 1/4, SmeLU_1(0.5) = 2.25/4, SmeLU_2(-1) = 1/8.
    checks = [(1.0, 0.0, 0.25), (1.0, 0.5, 0.5625), (2.0, -1.0, 0.125), (1.0, -1.0, 0.0), (1.0, 1.0, 1.0)]
    for beta, xv, expected in checks:
        got = float(SMELU(beta=beta)(tf.constant([xv]))[0])
        if abs(got - expected) > 1e-7:
            raise SystemExit(f"SmeLU self-test failed: SmeLU_{beta}({xv}) = {got}, expected {expected}")


def train_replica(model, train: dict, order_seed: int, args) -> None:
    """Every epoch: a fresh permutation of all training examples from this replica's own seed."""
    rng = np.random.default_rng([args.seed, 0x0D, order_seed])
    n = len(train["label"])
    for _ in range(args.epochs):
        perm = rng.permutation(n)
        model.fit([train["user"][perm, None], train["movie"][perm, None]], train["label"][perm, None],
                  batch_size=args.batch_size, epochs=1, shuffle=False, verbose=0)


def predict_logits(model, part: dict) -> np.ndarray:
    return model.predict([part["user"][:, None], part["movie"][:, None]], batch_size=8192, verbose=0)[:, 0]


def run(args) -> dict:
    import keras
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    keras.utils.set_random_seed(args.seed)
    if args.op_determinism:
        tf.config.experimental.enable_op_determinism()
    self_test()

    t_start = time.perf_counter()
    data = load_data(args.data)
    if args.max_train is not None:
        data["train"] = {k: v[: args.max_train] for k, v in data["train"].items()}
    t_loaded = time.perf_counter()
    variants = parse_variants(args.activations)
    if variants[0][0] != "relu":
        raise SystemExit("--activations must start with relu (the ratios are relative to it).")

    # Equal initialization: one set of initial weights for every replica of every activation
    # (the activations have no weights, so all models have the same weight shapes).
    init_weights = build_model(data["num_users"], data["num_movies"], "relu", None, args, args.seed).get_weights()
    eval_labels = data["eval"]["label"].astype(np.float64)

    results = []
    for name, beta in variants:
        label = variant_label(name, beta)
        replicas, probs, losses_per_example = [], [], []
        for r in range(args.replicas):
            t0 = time.perf_counter()
            keras.utils.clear_session(free_memory=False)
            model = build_model(data["num_users"], data["num_movies"], name, beta, args, args.seed)
            model.set_weights(init_weights)
            train_replica(model, data["train"], r, args)
            logits = predict_logits(model, data["eval"])
            p = 1.0 / (1.0 + np.exp(-logits.astype(np.float64)))
            lpe = log_loss_per_example(logits, eval_labels)
            probs.append(p)
            losses_per_example.append(lpe)
            replicas.append({
                "replica": r,
                "evalLoss": float(lpe.mean()),
                "auc": roc_auc(p, eval_labels),
                "logitsSha256": hashlib.sha256(np.ascontiguousarray(logits, dtype=np.float32).tobytes()).hexdigest(),
                "seconds": round(time.perf_counter() - t0, 2),
            })
            print(f"  {label:18s} replica {r}: eval loss {replicas[-1]['evalLoss']:.5f}, "
                  f"AUC {replicas[-1]['auc']:.4f} ({replicas[-1]['seconds']:.1f} s)", flush=True)
        pairs = list(itertools.combinations(range(args.replicas), 2))
        terms = np.stack([relative_pd_terms(probs[a], probs[b]) for a, b in pairs])  # [pairs, examples]
        pair_pds = terms.mean(axis=1)
        results.append({
            "name": name, "beta": beta, "label": label, "replicas": replicas,
            "evalLoss": {"mean": float(np.mean([x["evalLoss"] for x in replicas])),
                         "sd": sd([x["evalLoss"] for x in replicas])},
            "auc": {"mean": float(np.mean([x["auc"] for x in replicas])), "sd": sd([x["auc"] for x in replicas])},
            "relativePD": {"mean": float(pair_pds.mean()), "sd": sd(pair_pds),
                           "pairs": [{"a": a, "b": b, "value": float(v)} for (a, b), v in zip(pairs, pair_pds)]},
            # Per-example terms the bootstrap resamples (not written to the JSON).
            "_pd_terms": terms.mean(axis=0),
            "_loss_terms": np.mean(losses_per_example, axis=0),
        })
    t_trained = time.perf_counter()

    bootstrap(results, args)
    t_end = time.perf_counter()
    for v in results:
        del v["_pd_terms"], v["_loss_terms"]

    return {
        "tool": "tools/keras_reference/reference.py (Keras cross-check of tfjs-smelu-repro --preset reference)",
        "versions": {"python": platform.python_version(), "tensorflow": tf.__version__, "keras": keras.__version__,
                     "numpy": np.__version__},
        "data": {
            "source": data["meta"]["source"], "dir": str(args.data), "files": data["meta"]["files"],
            "numRatings": data["meta"]["numRatings"], "numUsers": data["num_users"], "numMovies": data["num_movies"],
            "split": data["meta"]["split"], "numTrainUsed": int(len(data["train"]["label"])),
            "numEval": int(len(data["eval"]["label"])),
            "evalPositiveRate": float(eval_labels.mean()),
        },
        "config": {
            "target": "rating >= 4", "inputs": "user id, movie id (no genres)",
            "embeddingDim": args.embedding_dim, "embeddingInit": "N(0, 0.05)", "hidden": args.hidden,
            "denseInit": "Glorot uniform, zero bias", "output": "1 logit, sigmoid",
            "optimizer": f"Adam (Keras defaults beta1 0.9, beta2 0.999, epsilon 1e-7), lr {args.learning_rate}",
            "batchSize": args.batch_size, "epochs": args.epochs, "replicas": args.replicas,
            "initialization": "equal: one weight set for every replica and activation",
            "shuffle": "every replica reshuffles all training examples every epoch, numpy PCG64 seeded by "
                       "(seed, replica); the same replica seeds for every activation",
            "seed": args.seed, "jitCompile": False,
            "relativePDEpsilon": RELATIVE_PD_EPSILON,
        },
        "determinism": {"opDeterminism": args.op_determinism, "intraOpThreads": args.threads,
                        "interOpThreads": args.threads},
        "bootstrap": {
            "resamples": args.bootstrap, "seed": args.bootstrap_seed, "level": 0.95, "method": "percentile",
            "resampled": "eval examples, with replacement (the same resample for every activation); the trained "
                         "replicas and their pairs stay fixed; for each resample both PDs (mean over the pairs) and "
                         "their ratio, and the replica-mean eval losses and their % change, are recomputed",
        },
        "variants": results,
        "wallSeconds": {"load": round(t_loaded - t_start, 1), "train": round(t_trained - t_loaded, 1),
                        "bootstrap": round(t_end - t_trained, 1), "total": round(t_end - t_start, 1)},
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
    }


def bootstrap(results: list[dict], args) -> None:
    """Percentile intervals for PD / PD_relu and the eval-loss change vs ReLU, resampling eval examples."""
    rng = np.random.default_rng(args.bootstrap_seed)
    pd_terms = np.stack([v["_pd_terms"] for v in results])  # [variants, examples]
    loss_terms = np.stack([v["_loss_terms"] for v in results])
    n = pd_terms.shape[1]
    pd_samples, loss_samples = [], []
    chunk = 100
    for start in range(0, args.bootstrap, chunk):
        idx = rng.integers(0, n, size=(min(chunk, args.bootstrap - start), n))
        pd_samples.append(np.stack([t[idx].mean(axis=1) for t in pd_terms], axis=1))  # [chunk, variants]
        loss_samples.append(np.stack([t[idx].mean(axis=1) for t in loss_terms], axis=1))
    pd_samples = np.concatenate(pd_samples)
    loss_samples = np.concatenate(loss_samples)
    ratio = pd_samples / pd_samples[:, :1]
    loss_change = 100.0 * (loss_samples / loss_samples[:, :1] - 1.0)
    relu_pd, relu_loss = pd_terms[0].mean(), loss_terms[0].mean()
    for k, v in enumerate(results):
        v["relativePD"]["ci95"] = percentile_interval(pd_samples[:, k])
        v["pdRatioToRelu"] = {"estimate": float(pd_terms[k].mean() / relu_pd),
                              "ci95": percentile_interval(ratio[:, k])}
        v["evalLossChangeVsReluPercent"] = {"estimate": float(100.0 * (loss_terms[k].mean() / relu_loss - 1.0)),
                                            "ci95": percentile_interval(loss_change[:, k])}


def percentile_interval(samples: np.ndarray) -> list[float]:
    lo, hi = np.percentile(samples, [2.5, 97.5])
    return [float(lo), float(hi)]


def markdown_table(res: dict) -> str:
    c = res["config"]
    lines = [
        f"Keras {res['versions']['keras']} / TensorFlow {res['versions']['tensorflow']}, {res['data']['source']}: "
        f"{res['data']['numTrainUsed']} train / {res['data']['numEval']} eval ratings; {c['replicas']} replicas, "
        f"{c['epochs']} epochs, batch {c['batchSize']}, Adam {c['optimizer'].split('lr ')[-1]}; equal initialization; "
        f"per-replica reshuffle every epoch. Wall time {res['wallSeconds']['total']:.0f} s "
        f"({res['determinism']['intraOpThreads']} intra-op threads).",
        "",
        "| Activation | eval log-loss (mean ± sd) | AUC (mean ± sd) | relative PD (mean ± sd, 6 pairs) | PD / ReLU PD [95% CI] | eval loss vs ReLU [95% CI] |",
        "|---|---|---|---|---|---|",
    ]
    for v in res["variants"]:
        ratio, lc = v["pdRatioToRelu"], v["evalLossChangeVsReluPercent"]
        is_relu = v["name"] == "relu"
        lines.append(
            f"| {v['label']} | {v['evalLoss']['mean']:.4f} ± {v['evalLoss']['sd']:.4f} | "
            f"{v['auc']['mean']:.4f} ± {v['auc']['sd']:.4f} | "
            f"{v['relativePD']['mean']:.4f} ± {v['relativePD']['sd']:.4f} | "
            + ("1 | 0 |" if is_relu else
               f"{ratio['estimate']:.3f} [{ratio['ci95'][0]:.3f}, {ratio['ci95'][1]:.3f}] | "
               f"{lc['estimate']:+.2f}% [{lc['ci95'][0]:+.2f}, {lc['ci95'][1]:+.2f}] |"))
    b = res["bootstrap"]
    lines += ["", f"Intervals: {b['resamples']} bootstrap resamples (seed {b['seed']}) of the eval examples, "
                  "replica pairs fixed, percentile method; they cover eval-sample noise only, not the spread "
                  "from training other replicas (the ± sd columns show that)."]
    return "\n".join(lines) + "\n"


def compare_hashes(a: dict, b: dict) -> int:
    same = total = 0
    for va, vb in zip(a["variants"], b["variants"]):
        for ra, rb in zip(va["replicas"], vb["replicas"]):
            total += 1
            match = ra["logitsSha256"] == rb["logitsSha256"]
            same += match
            if not match:
                print(f"  differs: {va['label']} replica {ra['replica']}")
    print(f"bit-identical eval logits: {same} of {total} replicas")
    return 0 if same == total else 1


# Two-sided 95% Student-t quantiles t_{0.975, df} for df = 1..10.
T_975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228]


def summarize_runs(paths: list[Path]) -> tuple[dict, str]:
    """Across runs with different seeds: each activation's PD ratio and loss change per run, mean, sd, t-interval."""
    runs = [json.loads((p / "results.json" if p.is_dir() else p).read_text()) for p in paths]
    labels = [v["label"] for v in runs[0]["variants"]]
    for r in runs[1:]:
        if [v["label"] for v in r["variants"]] != labels:
            raise SystemExit("--summarize: the runs do not have the same activations in the same order.")
    k = len(runs)
    summary = {"runs": [{"path": str(p), "seed": r["config"]["seed"]} for p, r in zip(paths, runs)], "variants": []}
    lines = [
        f"{k} runs (seeds {', '.join(str(r['config']['seed']) for r in runs)}; each: own initial weights and "
        f"shuffle seeds, {runs[0]['config']['replicas']} replicas, same split). Per run: the point estimate; "
        f"then mean ± sd over runs and a 95% t-interval of that mean (df {k - 1}).",
        "",
        "| Activation | relative PD per run | PD / ReLU PD per run | PD / ReLU PD: mean ± sd [95% t-CI] | "
        "eval loss vs ReLU per run | eval loss vs ReLU: mean ± sd [95% t-CI] |",
        "|---|---|---|---|---|---|",
    ]

    def stats(xs: list[float]) -> dict:
        m, s = float(np.mean(xs)), sd(xs)
        half = T_975[k - 2] * s / math.sqrt(k) if 2 <= k <= len(T_975) + 1 else float("nan")
        return {"values": xs, "mean": m, "sd": s, "ci95": [m - half, m + half]}

    for i, label in enumerate(labels):
        pds = [r["variants"][i]["relativePD"]["mean"] for r in runs]
        ratios = [r["variants"][i]["pdRatioToRelu"]["estimate"] for r in runs]
        losses = [r["variants"][i]["evalLossChangeVsReluPercent"]["estimate"] for r in runs]
        entry = {"label": label, "relativePD": stats(pds), "pdRatioToRelu": stats(ratios),
                 "evalLossChangeVsReluPercent": stats(losses)}
        summary["variants"].append(entry)
        ra, lo = entry["pdRatioToRelu"], entry["evalLossChangeVsReluPercent"]
        per_run = lambda xs, f: ", ".join(f.format(x) for x in xs)  # noqa: E731
        if i == 0:
            lines.append(f"| {label} | {per_run(pds, '{:.3f}')} | 1 | 1 | 0 | 0 |")
        else:
            lines.append(
                f"| {label} | {per_run(pds, '{:.3f}')} | {per_run(ratios, '{:.3f}')} | "
                f"{ra['mean']:.3f} ± {ra['sd']:.3f} [{ra['ci95'][0]:.3f}, {ra['ci95'][1]:.3f}] | "
                f"{per_run(losses, '{:+.2f}%')} | "
                f"{lo['mean']:+.2f}% ± {lo['sd']:.2f} [{lo['ci95'][0]:+.2f}, {lo['ci95'][1]:+.2f}] |")
    # Paired across runs: the same run's replicas share initial weights and shuffle streams for every activation.
    lines += ["", "Paired differences over the runs (A − B, mean ± sd [95% t-CI]):", "",
              "| A − B | PD / ReLU PD | eval loss vs ReLU (points) |", "|---|---|---|"]
    summary["pairedDifferences"] = []
    for i, j in itertools.combinations(range(1, len(labels)), 2):
        d_ratio = stats([a - b for a, b in zip(summary["variants"][i]["pdRatioToRelu"]["values"],
                                               summary["variants"][j]["pdRatioToRelu"]["values"])])
        d_loss = stats([a - b for a, b in zip(summary["variants"][i]["evalLossChangeVsReluPercent"]["values"],
                                              summary["variants"][j]["evalLossChangeVsReluPercent"]["values"])])
        summary["pairedDifferences"].append({"a": labels[i], "b": labels[j], "pdRatioToRelu": d_ratio,
                                             "evalLossChangeVsReluPercent": d_loss})
        lines.append(f"| {labels[i]} − {labels[j]} | {d_ratio['mean']:+.3f} ± {d_ratio['sd']:.3f} "
                     f"[{d_ratio['ci95'][0]:+.3f}, {d_ratio['ci95'][1]:+.3f}] | {d_loss['mean']:+.2f} ± "
                     f"{d_loss['sd']:.2f} [{d_loss['ci95'][0]:+.2f}, {d_loss['ci95'][1]:+.2f}] |")
    return summary, "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=default_data_dir(), help="folder written by export_movielens.ts")
    p.add_argument("--out", type=Path, default=HERE / "results" / "reference",
                   help="output folder: results.json and table.md")
    p.add_argument("--activations", default=DEFAULT_ACTIVATIONS, help=f"default {DEFAULT_ACTIVATIONS}")
    p.add_argument("--replicas", type=int, default=4)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--learning-rate", type=float, default=2e-3)
    p.add_argument("--embedding-dim", type=int, default=16)
    p.add_argument("--hidden", type=lambda s: [int(x) for x in s.split(",")], default=[64, 32])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2, help="TF intra- and inter-op threads (default 2)")
    p.add_argument("--no-op-determinism", dest="op_determinism", action="store_false",
                   help="skip tf.config.experimental.enable_op_determinism()")
    p.add_argument("--bootstrap", type=int, default=2000, help="bootstrap resamples (default 2000)")
    p.add_argument("--bootstrap-seed", type=int, default=0)
    p.add_argument("--max-train", type=int, default=None, help="use only the first N training examples (timing)")
    p.add_argument("--compare", nargs=2, type=Path, metavar=("A.json", "B.json"),
                   help="only compare the per-replica logit hashes of two results.json files")
    p.add_argument("--summarize", nargs="+", type=Path, metavar="RUN",
                   help="only summarize finished runs (folders with results.json) across seeds into --out")
    args = p.parse_args(argv)
    if args.summarize:
        summary, table = summarize_runs(args.summarize)
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
        (args.out / "summary.md").write_text(table)
        print(table)
        return 0
    if args.compare:
        return compare_hashes(*(json.loads(f.read_text()) for f in args.compare))
    if args.replicas < 2:
        raise SystemExit(f"--replicas must be >= 2, but got {args.replicas}.")

    global SMELU
    SMELU = make_smelu_layer_class()
    res = run(args)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(res, indent=2) + "\n")
    table = markdown_table(res)
    (args.out / "table.md").write_text(table)
    print()
    print(table)
    print(f"wrote {args.out}/results.json and table.md")
    return 0


SMELU = None

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
