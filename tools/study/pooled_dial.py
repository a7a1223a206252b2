"""The default dial pooled over seeded runs: per window and activation, the mean over every init group of every run.

Each init group of each run is an independent replication (its own initialization and base order); within a group the
activations share them, so a group gives one paired value of (its PD) / (ReLU's PD) and of its loss change. Reported:
the mean relative PD and top-10 swap over the groups, and the geometric mean of the paired PD and swap ratios to ReLU
and the mean loss change (%), each with a t-interval over the groups (n - 1 df). Then, per window and activation, how
many init groups' replicas diverged (a group's relative PD above 1e-4, where replicas that differ only by float32
rounding stay near 1e-7), with an exact binomial 95% interval of the fraction and Fisher's exact test against ReLU's
count (two-sided).

Usage: python3 tools/study/pooled_dial.py RUN_DIR...
"""
import json
import math
import os
import sys

from scipy import stats


# A group whose replicas differ only by float32 rounding has a relative PD near 1e-7; one that diverged, 1e-3 or more.
DIVERGED = 1e-4


def t_interval(values):
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    return mean, mean - half, mean + half


def main(dirs):
    runs = [json.load(open(os.path.join(d, 'results.json'))) for d in dirs]
    first = runs[0]
    labels = [w['label'] for w in first['windows']]
    print(f'{len(runs)} runs (base seeds {", ".join(str(r["runs"][0]["config"]["seed"]) for r in runs)}), '
          f'{sum(r["runs"][0]["layout"]["groups"] for r in runs)} init groups in all; t-intervals over the groups.\n')
    print('| W | activation | relative PD | PD / ReLU [95% CI] | top-10 swap | swap / ReLU [95% CI] | Δloss vs ReLU [95% CI] |')
    print('|---|---|---:|---:|---:|---:|---:|')
    for i, label in enumerate(labels):
        for j, v in enumerate(first['runs'][i]['variants']):
            pd, swap, log_pd, log_swap, dloss = [], [], [], [], []
            for r in runs:
                relu = r['runs'][i]['variants'][0]['groupMeans']
                mine = r['runs'][i]['variants'][j]['groupMeans']
                for g in range(len(mine['loss'])):
                    pd.append(mine['pd']['relativePD'][g])
                    swap.append(mine['pd']['topKSwap'][g])
                    dloss.append(100 * (mine['loss'][g] - relu['loss'][g]) / relu['loss'][g])
                    if j > 0:
                        # A PD of exactly 0 (identical replicas) has no logarithm: floored at 1e-12 (a swap rate at 1e-6).
                        log_pd.append(math.log(max(mine['pd']['relativePD'][g], 1e-12) / relu['pd']['relativePD'][g]))
                        if relu['pd']['topKSwap'][g] > 0:
                            log_swap.append(math.log(max(mine['pd']['topKSwap'][g], 1e-6) / relu['pd']['topKSwap'][g]))
            fmt = lambda m, lo, hi, d=2: f'{m:.{d}f} [{lo:.{d}f}, {hi:.{d}f}]'
            ratio = (lambda m, lo, hi: fmt(math.exp(m), math.exp(lo), math.exp(hi)))
            pd_ratio = ratio(*t_interval(log_pd)) if j > 0 else '1'
            swap_ratio = ratio(*t_interval(log_swap)) if j > 0 and len(log_swap) > 2 else ('1' if j == 0 else 'n/a')
            loss = fmt(*t_interval(dloss)) + '%' if j > 0 else '0'
            print(f'| {label} | {v["label"]} | {sum(pd) / len(pd):.4f} | {pd_ratio} | {100 * sum(swap) / len(swap):.1f}% '
                  f'| {swap_ratio} | {loss} |')
    print(f'\nInit groups whose replicas diverged (relative PD > {DIVERGED:g}), of all groups; exact binomial 95% CI; '
          "Fisher's exact test against ReLU (two-sided).\n")
    print('| W | activation | diverged groups | fraction [95% CI] | largest group PD | p vs ReLU |')
    print('|---|---|---:|---:|---:|---:|')
    for i, label in enumerate(labels):
        counts = []
        for j, v in enumerate(first['runs'][i]['variants']):
            pds = [p for r in runs for p in r['runs'][i]['variants'][j]['groupMeans']['pd']['relativePD']]
            k, n = sum(p > DIVERGED for p in pds), len(pds)
            counts.append((k, n))
            lo, hi = stats.binomtest(k, n).proportion_ci(method='exact')
            p_value = '' if j == 0 else f'{stats.fisher_exact([[k, n - k], [counts[0][0], counts[0][1] - counts[0][0]]])[1]:.2g}'
            print(f'| {label} | {v["label"]} | {k}/{n} | {k / n:.2f} [{lo:.2f}, {hi:.2f}] | {max(pds):.2g} | {p_value} |')


if __name__ == '__main__':
    main(sys.argv[1:])
