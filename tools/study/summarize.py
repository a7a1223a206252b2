#!/usr/bin/env python3
"""Summaries of the study's runs (docs/results/...), as Markdown tables and JSON.

  seeds  DIR...  [--keras SUMMARY.json] [--out DIR]
      Runs of one configuration with different base seeds: per activation the per-run ratio to ReLU's PD (with the
      run's own 95% bootstrap interval), mean ± sd over runs and a 95% t-interval of the mean; the same for the
      eval-loss change. With --keras, the Keras summary over its seeds next to it, and the difference of the means
      (Welch t-interval; the two implementations' seeds are unrelated, so the runs are not paired). Also the
      calibration of the per-run intervals against the run-to-run spread.
  ablations  REFERENCE_DIR NAME... [--out DIR]
      Each ablation docs/results/ablations/NAME/seed-K next to REFERENCE_DIR/seed-K (same base seed): ReLU's PD and
      eval loss, and each activation's PD ratio, as reference → changed with the paired difference over seeds and its
      95% t-interval (with one seed: the changed run's own bootstrap interval).
  table  DIR...  [--labels L1,L2,...]
      One row per run: ReLU's PD [CI], then each activation's PD ratio [CI] and eval-loss change [CI].
  dial  DIR...  [--method M] [--out DIR]
      Runs of the shuffling dial (the demo's default; results.json with `kind: shuffle-dial`). One run: per window W
      and activation, the headline PD, its ratio to ReLU and the eval-loss change with the intervals of method M
      (default: the one the run's verdict read), the top-k swap rate with a t-interval over the init groups of its
      ratio to ReLU (computed here from the stored group means: the toolkit gives the swap rate no interval), and
      the contrast between each window and `full`: the geometric mean over init groups of the ratio of the two PD
      ratios (each group's own PD / ReLU's, paired by group), with a t-interval (G − 1 df). Several runs (base
      seeds of one configuration): per window and activation the mean of the per-run estimates ± sd with a
      t-interval over runs (K − 1 df), and the contrast pooled over every run's groups.
  keras-dial  TFJS_DIAL_DIR KERAS_RUN_DIR...  [--out DIR]
      The tfjs dial run next to Keras runs of tools/keras_reference/reference.py with --groups G and --shuffle
      window:W|full (one Keras run per window), window by window and activation by activation: ReLU's relative PD
      (mean over init groups [t-interval]), each activation's PD ratio and loss change to ReLU (ratio of means
      [group t-interval, as the toolkit's group-t]), and tfjs / Keras: the ratio of the two implementations' PD ratios
      (geometric means of the per-group ratios, Welch t-interval on the logs; the seeds of the two are unrelated, so
      the groups are not paired) and the difference of ReLU's PD and of the loss changes (Welch).
  coverage  DIR...  [--methods M1,M2,...] [--quantity pd|loss] [--out DIR]
      The coverage of the runs' 95% intervals, for K runs of one configuration with different base seeds (1..K), per
      interval method that the runs computed (results.json `variants[].intervals`; runs from before interval methods
      existed count as `bootstrap`), pooled over the activations compared with ReLU (for dial runs: over every window
      and activation, each a separate estimate):
      (a) pairwise: how often run j's estimate lies in run i's interval (i ≠ j); for two equally noisy normal estimates
          and a calibrated interval of fixed width 1.96·sd, P(|Z| ≤ 1.96/√2) = 83.4%;
      (b) leave-one-out: how often the mean of the other K − 1 runs' estimates lies in run i's interval; nominal
          P(|Z| ≤ 1.96/√(1 + 1/(K − 1))), 94.2% at K = 16.
      For `group-t` (a t-interval with G − 1 degrees of freedom, random width) the nominal values use Student's t with
      G − 1 degrees of freedom in place of Z (and its 97.5% quantile in place of 1.96). Standard errors: binomial over
      the comparisons, and a delete-one-run jackknife (the comparisons share runs, so the binomial one is optimistic).
      Also the intervals' mean half-width against 1.96 × the sd of the estimates over runs, and, where the runs stored
      their group means, the largest difference between the stored group-t interval and one recomputed here (SciPy).

Reads only the numbers in results.json. Standard library + SciPy (t quantiles).
"""
import argparse, json, math, os, statistics, sys
from scipy import stats

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load(d):
    with open(os.path.join(d, 'results.json')) as f:
        return json.load(f)


def is_dial(r):
    return r.get('kind') == 'shuffle-dial'


def experiments(r):
    """(prefix, experiment result) of a run: itself, or each window's run of a dial ('W=1,024 ')."""
    if is_dial(r):
        return [(f'W={w["label"]} ', x) for w, x in zip(r['windows'], r['runs'])]
    return [('', r)]


def run_seed(r):
    return (r['runs'][0] if is_dial(r) else r)['config']['seed']


def variants(r):
    return {v['label']: v for v in r['variants']}


def fmt_ci(e, lo, hi, digits=2, pct=False):
    if e is None:
        return 'n/a'
    if pct:
        return f'{e:+.2f}% [{lo:+.2f}, {hi:+.2f}]'
    return f'{e:.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]'


def t_interval(xs):
    n = len(xs)
    m = statistics.fmean(xs)
    sd = statistics.stdev(xs) if n > 1 else float('nan')
    h = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n) if n > 1 else float('nan')
    return m, sd, m - h, m + h


def welch(a, b):
    """Mean difference a − b with a 95% Welch t-interval."""
    ma, mb = statistics.fmean(a), statistics.fmean(b)
    va, vb = statistics.variance(a) / len(a), statistics.variance(b) / len(b)
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    h = stats.t.ppf(0.975, df) * se
    return ma - mb, ma - mb - h, ma - mb + h, df


def seeds(dirs, keras_path, out):
    runs = [load(d) for d in dirs]
    seeds_ = [r['config']['seed'] for r in runs]
    labels = [v['label'] for v in runs[0]['variants']]
    keras = None
    if keras_path:  # a reference.py --summarize summary: read every run it lists (paths relative to the repository root)
        with open(keras_path) as f:
            keras_summary = json.load(f)
        keras = [load(os.path.join(ROOT, r['path'])) for r in keras_summary['runs']]
    summary = {'runs': [{'dir': d, 'seed': s} for d, s in zip(dirs, seeds_)], 'variants': []}
    lines = [f'{len(runs)} runs (base seeds {", ".join(map(str, seeds_))}); per run the point estimate and its 95% '
             'bootstrap interval (replicas and eval-example blocks resampled); then mean ± sd over runs [95% t-interval '
             f'of the mean, df {len(runs) - 1}].', '']
    lines.append('| activation | relative PD per run | mean ± sd [95% t-CI] | PD / ReLU per run [run CI] | PD / ReLU: mean ± sd [95% t-CI] | Δloss vs ReLU per run | Δloss: mean ± sd [95% t-CI] |')
    lines.append('|---|---|---|---|---|---|---|')
    calib = []
    for label in labels:
        vs = [variants(r)[label] for r in runs]
        pd = [v['pd']['estimate'] for v in vs]
        pdm = t_interval(pd)
        row = {'label': label, 'relativePD': {'values': pd, 'mean': pdm[0], 'sd': pdm[1], 'ci95': pdm[2:]}}
        if label == 'ReLU':
            lines.append(f'| {label} | {", ".join(f"{x:.3f}" for x in pd)} | {pdm[0]:.4f} ± {pdm[1]:.4f} [{pdm[2]:.4f}, {pdm[3]:.4f}] | 1 | 1 | 0 | 0 |')
            summary['variants'].append(row)
            continue
        ratio = [v['vsRelu']['pdRatio'] for v in vs]
        loss = [v['vsRelu']['lossChangePct'] for v in vs]
        est = [x['estimate'] for x in ratio]
        lest = [x['estimate'] for x in loss]
        rm, lm = t_interval(est), t_interval(lest)
        row['pdRatioToRelu'] = {'values': ratio, 'mean': rm[0], 'sd': rm[1], 'ci95': rm[2:]}
        row['evalLossChangeVsReluPercent'] = {'values': loss, 'mean': lm[0], 'sd': lm[1], 'ci95': lm[2:]}
        lines.append(f'| {label} | {", ".join(f"{x:.3f}" for x in pd)} | {pdm[0]:.4f} ± {pdm[1]:.4f} [{pdm[2]:.4f}, {pdm[3]:.4f}] | '
                     + ', '.join(f'{x["estimate"]:.2f} [{x["lo"]:.2f}, {x["hi"]:.2f}]' for x in ratio)
                     + f' | {rm[0]:.3f} ± {rm[1]:.3f} [{rm[2]:.3f}, {rm[3]:.3f}] | '
                     + ', '.join(f'{x["estimate"]:+.2f}%' for x in loss)
                     + f' | {lm[0]:+.2f}% ± {lm[1]:.2f} [{lm[2]:+.2f}, {lm[3]:+.2f}] |')
        # Calibration: does run i's interval cover (a) the other runs' point estimates, (b) the mean over the other runs?
        n = len(runs)
        cover_other = sum(1 for i in range(n) for j in range(n) if i != j and ratio[i]['lo'] <= est[j] <= ratio[i]['hi'])
        cover_loo_mean = sum(1 for i in range(n)
                             if ratio[i]['lo'] <= statistics.fmean(est[:i] + est[i + 1:]) <= ratio[i]['hi'])
        half = statistics.fmean([(x['hi'] - x['lo']) / 2 for x in ratio])
        calib.append({'label': label, 'coverOther': cover_other, 'pairs': n * (n - 1), 'coverLeaveOneOutMean': cover_loo_mean,
                      'runs': n, 'meanHalfWidth': half, 'sdOverRuns': rm[1]})
        summary['variants'].append(row)
    lines += ['', 'Calibration of the per-run intervals (PD / ReLU): how often run i\'s 95% interval covers run j\'s point '
              'estimate (j ≠ i), and the mean of the other runs; the interval\'s mean half-width next to 1.96 × the sd '
              'over runs. If the interval were a calibrated 95% interval for the expected ratio and the runs\' estimates '
              'normal with that sd, another run\'s estimate would fall inside about 83% of the time (the difference of two '
              'runs has √2 × the sd), and the mean of the other runs about 93–95% (n = 8: P(|Z| < 1.96/√(1 + 1/7)) = 93.3%).', '',
              '| activation | covers another run\'s estimate | covers the other runs\' mean | mean half-width | 1.96 × sd over runs |',
              '|---|---:|---:|---:|---:|']
    for c in calib:
        lines.append(f'| {c["label"]} | {c["coverOther"]}/{c["pairs"]} ({100 * c["coverOther"] / c["pairs"]:.0f}%) | '
                     f'{c["coverLeaveOneOutMean"]}/{c["runs"]} | {c["meanHalfWidth"]:.3f} | {1.96 * c["sdOverRuns"]:.3f} |')
    tot_o = sum(c['coverOther'] for c in calib)
    tot_p = sum(c['pairs'] for c in calib)
    tot_m = sum(c['coverLeaveOneOutMean'] for c in calib)
    tot_r = sum(c['runs'] for c in calib)
    lines.append(f'| all | {tot_o}/{tot_p} ({100 * tot_o / tot_p:.0f}%) | {tot_m}/{tot_r} ({100 * tot_m / tot_r:.0f}%) | | |')
    summary['calibration'] = calib
    # Paired differences between activations over the runs (the same run's replicas share seeds across activations).
    rows = [r for r in summary['variants'] if 'pdRatioToRelu' in r]
    lines += ['', 'Paired differences between activations over the runs (A − B; mean ± sd [95% t-CI]):', '',
              '| A − B | PD / ReLU | Δloss vs ReLU (points) |', '|---|---|---|']
    summary['pairedDifferences'] = []
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            res = []
            for key in ('pdRatioToRelu', 'evalLossChangeVsReluPercent'):
                d = [x['estimate'] - y['estimate'] for x, y in zip(a[key]['values'], b[key]['values'])]
                res.append(t_interval(d))
            summary['pairedDifferences'].append({'a': a['label'], 'b': b['label'], 'pdRatio': res[0], 'lossChange': res[1]})
            lines.append(f'| {a["label"]} − {b["label"]} | {res[0][0]:+.3f} ± {res[0][1]:.3f} [{res[0][2]:+.3f}, {res[0][3]:+.3f}] | '
                         f'{res[1][0]:+.2f} ± {res[1][1]:.2f} [{res[1][2]:+.2f}, {res[1][3]:+.2f}] |')
    if keras is not None:
        lines += ['', 'Next to the Keras implementation over its own seeds (the runs listed in ' + keras_path + '); '
                  'difference of the means, tfjs − Keras, with a 95% Welch t-interval (unpaired: the seeds of the two '
                  'implementations are unrelated):', '',
                  '| activation | quantity | tfjs: mean ± sd [95% t-CI] | Keras: mean ± sd [95% t-CI] | tfjs − Keras [95% Welch CI] |',
                  '|---|---|---|---|---|']
        quantities = [  # name, tfjs value, Keras value, digits, is a ratio/change to ReLU
            ('eval loss', lambda v: v['evalLoss']['mean'], lambda k: k['evalLoss']['mean'], 4, False),
            ('AUC', lambda v: v['auc']['mean'], lambda k: k['auc']['mean'], 4, False),
            ('relative PD', lambda v: v['pd']['estimate'], lambda k: k['relativePD']['mean'], 4, False),
            ('PD / ReLU', lambda v: v['vsRelu']['pdRatio']['estimate'], lambda k: k['pdRatioToRelu']['estimate'], 3, True),
            ('Δloss vs ReLU (%)', lambda v: v['vsRelu']['lossChangePct']['estimate'],
             lambda k: k['evalLossChangeVsReluPercent']['estimate'], 2, True),
        ]
        comp = []
        for v0 in runs[0]['variants']:
            name = v0['activation']
            kv_runs = [{x['name']: x for x in kr['variants']}.get(name) for kr in keras]
            if any(x is None for x in kv_runs):
                continue
            tv_runs = [next(x for x in r['variants'] if x['activation'] == name) for r in runs]
            for q, tf_get, k_get, dg, to_relu in quantities:
                if to_relu and name == 'relu':
                    continue
                tv, kv = [tf_get(x) for x in tv_runs], [k_get(x) for x in kv_runs]
                tm, km = t_interval(tv), t_interval(kv)
                d, lo, hi, df = welch(tv, kv)
                comp.append({'activation': name, 'quantity': q, 'tfjs': {'values': tv, 'mean': tm[0], 'sd': tm[1], 'ci95': tm[2:]},
                             'keras': {'values': kv, 'mean': km[0], 'sd': km[1], 'ci95': km[2:]},
                             'difference': {'estimate': d, 'ci95': [lo, hi], 'df': df}})
                lines.append(f'| {v0["label"]} | {q} | {tm[0]:.{dg}f} ± {tm[1]:.{dg}f} [{tm[2]:.{dg}f}, {tm[3]:.{dg}f}] | '
                             f'{km[0]:.{dg}f} ± {km[1]:.{dg}f} [{km[2]:.{dg}f}, {km[3]:.{dg}f}] | '
                             f'{d:+.{dg}f} [{lo:+.{dg}f}, {hi:+.{dg}f}] |')
        summary['keras'] = {'summary': keras_path, 'runs': [r['path'] for r in keras_summary['runs']], 'comparisons': comp}
    text = '\n'.join(lines) + '\n'
    print(text)
    if out:
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, 'summary.md'), 'w') as f:
            f.write(text)
        with open(os.path.join(out, 'summary.json'), 'w') as f:
            json.dump(summary, f, indent=1)


def table(dirs, labels):
    runs = [load(d) for d in dirs]
    names = labels.split(',') if labels else [os.path.relpath(d) for d in dirs]
    acts = []
    for r in runs:
        for v in r['variants']:
            if v['label'] != 'ReLU' and v['label'] not in acts:
                acts.append(v['label'])
    # ReLU's own vsRelu is null; any other variant names the headline PD metric.
    metric = next((v['vsRelu'].get('metric', 'PD') for v in runs[0]['variants'] if v.get('vsRelu')), 'PD')
    metric = {'relativePD': 'relative PD', 'halfL1': 'half-L1 PD', 'top1': 'top-1 disagreement'}.get(metric, metric)
    lines = [f'| run | ReLU {metric} [95% CI] | ReLU eval loss | ' + ' | '.join(f'{a}: PD / ReLU [CI]; Δloss [CI]' for a in acts) + ' |',
             '|---|---|---|' + '---|' * len(acts)]
    for name, r in zip(names, runs):
        vs = variants(r)
        relu = vs['ReLU']
        cells = []
        for a in acts:
            v = vs.get(a)
            if v is None:
                cells.append('–')
                continue
            p, l = v['vsRelu']['pdRatio'], v['vsRelu']['lossChangePct']
            cells.append(f'{fmt_ci(p["estimate"], p["lo"], p["hi"])}; {fmt_ci(l["estimate"], l["lo"], l["hi"], pct=True)}')
        p = relu['pd']
        lines.append(f'| {name} | {fmt_ci(p["estimate"], p["lo"], p["hi"], 4)} | {relu["evalLoss"]["mean"]:.4f} | ' + ' | '.join(cells) + ' |')
    print('\n'.join(lines))


def ablations(base, names, out):
    """Each ablation (docs/results/ablations/<name>/seed-<k>) next to the reference run of the same base seed."""
    acts = None
    lines_pd = ['| change from `--preset reference` | seeds | ReLU relative PD: reference → changed | Δ (paired) [95% t-CI] | '
                'ReLU eval loss: reference → changed | Δ (paired) [95% t-CI] |', '|---|---|---|---|---|---|']
    lines_ratio = None
    lines_loss = None
    summary = []
    for name in names:
        d = os.path.join(ROOT, 'docs', 'results', 'ablations', name)
        seeds_ = sorted(int(x.split('-')[1]) for x in os.listdir(d) if x.startswith('seed-')
                        and os.path.exists(os.path.join(d, x, 'results.json')))
        seeds_ = [k for k in seeds_ if os.path.exists(os.path.join(base, f'seed-{k}', 'results.json'))]
        if not seeds_:
            continue
        abl = [load(os.path.join(d, f'seed-{k}')) for k in seeds_]
        ref = [load(os.path.join(base, f'seed-{k}')) for k in seeds_]
        if acts is None:
            acts = [v['label'] for v in ref[0]['variants'] if v['label'] != 'ReLU']
            lines_ratio = ['| change from `--preset reference` | seeds | ' + ' | '.join(
                f'{a}: PD / ReLU, reference → changed (paired Δ [95% t-CI])' for a in acts) + ' |',
                '|---|---|' + '---|' * len(acts)]
            lines_loss = ['| change from `--preset reference` | seeds | ' + ' | '.join(
                f'{a}: Δloss vs ReLU (%), reference → changed (paired Δ points [95% t-CI])' for a in acts) + ' |',
                '|---|---|' + '---|' * len(acts)]

        def paired(get):
            a, r = [get(x) for x in abl], [get(x) for x in ref]
            diffs = [x - y for x, y in zip(a, r)]
            m = statistics.fmean(diffs)
            if len(diffs) > 1:
                h = stats.t.ppf(0.975, len(diffs) - 1) * statistics.stdev(diffs) / math.sqrt(len(diffs))
                ci = [m - h, m + h]
            else:
                ci = [float('nan'), float('nan')]
            return statistics.fmean(r), statistics.fmean(a), m, ci

        def cell(res, dg):
            r, a, m, ci = res
            ci_text = f' [{ci[0]:+.{dg}f}, {ci[1]:+.{dg}f}]' if not math.isnan(ci[0]) else ''
            return f'{r:.{dg}f} → {a:.{dg}f}', f'{m:+.{dg}f}{ci_text}'

        relu = lambda r: variants(r)['ReLU']
        pdr = paired(lambda r: relu(r)['pd']['estimate'])
        loss = paired(lambda r: relu(r)['evalLoss']['mean'])
        row = {'name': name, 'seeds': seeds_, 'reluPD': pdr, 'reluLoss': loss, 'ratios': {}}
        lines_pd.append(f'| {name} | {",".join(map(str, seeds_))} | ' + ' | '.join(cell(pdr, 4)) + ' | ' + ' | '.join(cell(loss, 4)) + ' |')
        cells = []
        for a in acts:
            if len(seeds_) == 1:  # one seed: the run's own interval
                x = variants(abl[0])[a]['vsRelu']['pdRatio']
                y = variants(ref[0])[a]['vsRelu']['pdRatio']
                cells.append(f'{y["estimate"]:.2f} → {x["estimate"]:.2f} [{x["lo"]:.2f}, {x["hi"]:.2f}]')
                row['ratios'][a] = {'reference': y, 'changed': x}
                continue
            res = paired(lambda r: variants(r)[a]['vsRelu']['pdRatio']['estimate'])
            row['ratios'][a] = res
            t, dtext = cell(res, 2)
            cells.append(f'{t} ({dtext})')
        lines_ratio.append(f'| {name} | {",".join(map(str, seeds_))} | ' + ' | '.join(cells) + ' |')
        loss_cells = []
        row['lossChanges'] = {}
        for a in acts:
            res = paired(lambda r: variants(r)[a]['vsRelu']['lossChangePct']['estimate'])
            row['lossChanges'][a] = res
            t, dtext = cell(res, 2)
            loss_cells.append(f'{t} ({dtext})')
        lines_loss.append(f'| {name} | {",".join(map(str, seeds_))} | ' + ' | '.join(loss_cells) + ' |')
        summary.append(row)
    text = '\n'.join(lines_pd) + '\n\n' + '\n'.join(lines_ratio or []) + '\n\n' + '\n'.join(lines_loss or []) + '\n'
    print(text)
    if out:
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, 'summary.md'), 'w') as f:
            f.write(text)
        with open(os.path.join(out, 'summary.json'), 'w') as f:
            json.dump(summary, f, indent=1)


Z95 = stats.norm.ppf(0.975)


def nominal_pairwise(df=None):
    """P(another run's estimate lies in a run's interval) for calibrated 95% intervals of equally noisy runs:
    P(|Z| ≤ 1.96/√2) for a fixed-width normal interval; P(|T| ≤ t(df)/√2) for a t-interval with df degrees of freedom
    (the estimate and the sd are independent under normality, so (X_j − X_i)/(√2·s_i/√G) is t with df)."""
    return nominal_scaled(math.sqrt(2), df)


def nominal_leave_one_out(k, df=None):
    """P(the mean of the other k − 1 runs' estimates lies in a run's interval): the difference has variance
    σ²(1 + 1/(k − 1))."""
    return nominal_scaled(math.sqrt(1 + 1 / (k - 1)), df)


def nominal_scaled(scale, df=None):
    if df is None:
        return 2 * stats.norm.cdf(Z95 / scale) - 1
    return 2 * stats.t.cdf(stats.t.ppf(0.975, df) / scale, df) - 1


def coverage_indicators(estimates, intervals):
    """For K runs' estimates and (lo, hi) intervals (same order): the pairwise indicators {(i, j): covered} for i ≠ j
    and the leave-one-out indicators [covered_i]."""
    k = len(estimates)
    pairwise = {(i, j): intervals[i][0] <= estimates[j] <= intervals[i][1] for i in range(k) for j in range(k) if i != j}
    loo = [intervals[i][0] <= statistics.fmean(estimates[:i] + estimates[i + 1:]) <= intervals[i][1] for i in range(k)]
    return pairwise, loo


def coverage_summary(groups):
    """Pooled coverage over groups of runs (one group per activation), each a (estimates, intervals) pair over the same
    K runs. Returns counts, rates, binomial and delete-one-run jackknife standard errors, for (a) pairwise and (b)
    leave-one-out coverage."""
    k = len(groups[0][0])
    ind = [coverage_indicators(e, iv) for e, iv in groups]

    def pairwise_rate(runs):
        hits = [v for p, _ in ind for (i, j), v in p.items() if i in runs and j in runs]
        return sum(hits), len(hits)

    def loo_rate(runs):
        # Leave-one-out over the kept runs: recompute the other runs' mean without the deleted run.
        hits = []
        for e, iv in groups:
            kept = [i for i in range(k) if i in runs]
            for i in kept:
                others = [e[j] for j in kept if j != i]
                hits.append(iv[i][0] <= statistics.fmean(others) <= iv[i][1])
        return sum(hits), len(hits)

    out = {}
    for name, rate in (('pairwise', pairwise_rate), ('leaveOneOut', loo_rate)):
        everything = set(range(k))
        covered, n = rate(everything)
        p = covered / n
        # Delete-one-run jackknife of the rate (with k − 1 runs the leave-one-out mean is over k − 2 runs).
        reps = []
        for d in range(k):
            c, m = rate(everything - {d})
            reps.append(c / m)
        jm = statistics.fmean(reps)
        jack = math.sqrt((k - 1) / k * sum((r - jm) ** 2 for r in reps))
        out[name] = {'covered': covered, 'comparisons': n, 'rate': p, 'binomialSE': math.sqrt(p * (1 - p) / n),
                     'jackknifeSE': jack}
    return out


def group_t_ratio(a, b, level=0.95):
    """Ratio of means of paired group values a, b with the delta-method t-interval of its log (G − 1 df)."""
    g = len(a)
    ma, mb = statistics.fmean(a), statistics.fmean(b)
    z = [x / ma - y / mb for x, y in zip(a, b)]
    se = math.sqrt(sum(v * v for v in z) / (g * (g - 1)))
    t = stats.t.ppf(1 - (1 - level) / 2, g - 1)
    r = ma / mb
    return r, r * math.exp(-t * se), r * math.exp(t * se)


def group_log_t_ratio(a, b, level=0.95):
    """Geometric mean of the paired group ratios a_g / b_g with the t-interval of their logs (G − 1 df), as the
    toolkit's `group-log-t`; NaN bounds when a ratio is 0 or undefined."""
    if any(not (x > 0 and y > 0) for x, y in zip(a, b)):
        return float('nan'), float('nan'), float('nan')
    return t_of_logs([math.log(x / y) for x, y in zip(a, b)], level)


# The interval methods computed from a run's stored group means (method → ratio function): to check the toolkit's
# stored intervals, and for runs made before the toolkit had a method.
GROUP_METHODS = {'group-t': group_t_ratio, 'group-log-t': group_log_t_ratio}


def run_intervals(run, quantity):
    """{label: {'estimate': x, 'methods': {method: (estimate, lo, hi)}}} of every activation compared with ReLU in one
    run (a dial run: every window's, labelled 'W=<window> <activation>')."""
    out = {}
    for prefix, r in experiments(run):
        out.update({prefix + label: x for label, x in experiment_intervals(r, quantity).items()})
    return out


def experiment_intervals(r, quantity):
    metric = r.get('primaryMetric', 'relativePD')
    out = {}
    relu = next(x for x in r['variants'] if x['activation'] == 'relu')
    for v in r['variants']:
        if not v.get('vsRelu'):
            continue
        key = 'pdRatio' if quantity == 'pd' else 'lossChangePct'
        estimate = v['vsRelu'][key]['estimate']
        methods = {}
        for m, iv in (v.get('intervals') or {}).items():
            x = iv['vsRelu'][key]
            x = x[metric] if quantity == 'pd' else x
            # Each method's own point estimate (group-log-t's is a geometric mean, not the ratio of means).
            methods[m] = (x.get('estimate', estimate), x['lo'], x['hi'])
        if not methods:  # a run from before interval methods: its one interval is the bootstrap's
            methods['bootstrap'] = (estimate, v['vsRelu'][key]['lo'], v['vsRelu'][key]['hi'])
        gm, rgm = v.get('groupMeans'), relu.get('groupMeans')
        recomputed = {}  # the group methods from the stored group means, here (SciPy)
        a, b = ((gm['pd'].get(metric), rgm['pd'].get(metric)) if quantity == 'pd' else
                (gm.get('loss'), rgm.get('loss'))) if gm is not None and rgm is not None else (None, None)
        if a is not None and b is not None and len(a) >= 2:
            for m, f in GROUP_METHODS.items():
                e, lo, hi = f(a, b)
                recomputed[m] = (e, lo, hi) if quantity == 'pd' else (100 * (e - 1), 100 * (lo - 1), 100 * (hi - 1))
        computed_here = [m for m in recomputed if m not in methods]
        for m in computed_here:
            methods[m] = recomputed[m]
        out[v['label']] = {'estimate': estimate, 'methods': methods, 'recomputed': recomputed,
                           'computedHere': computed_here, 'metric': metric}
    return out


def coverage(dirs, methods, quantity, out):
    runs = [load(d) for d in dirs]
    seeds_ = [run_seed(r) for r in runs]
    k = len(runs)
    if len(set(seeds_)) != k:
        sys.exit(f'coverage: the runs need different base seeds, but got {seeds_}')
    per_run = [run_intervals(r, quantity) for r in runs]
    labels = [l for l in per_run[0] if all(l in p for p in per_run)]
    available = sorted(set.intersection(*[set(p[l]['methods']) for p in per_run for l in labels]))
    chosen = methods.split(',') if methods else available
    missing = [m for m in chosen if m not in available]
    if missing:
        sys.exit(f'coverage: method(s) {", ".join(missing)} are not in every run (available: {", ".join(available)})')
    groups_ = {x.get('layout', {}).get('groups', 1) for r in runs for _, x in experiments(r)}
    g = groups_.pop() if len(groups_) == 1 else None
    metric = experiments(runs[0])[0][1].get('primaryMetric', 'relativePD')
    what = f'{metric} ratio to ReLU' if quantity == 'pd' else 'eval-loss change vs ReLU (%)'
    lines = [f'Coverage of the 95% intervals of the {what} over {k} runs (base seeds {", ".join(map(str, seeds_))}), '
             f'pooled over {len(labels)} activations ({", ".join(labels)}); init groups per run: {g}. ± binomial SE '
             '/ jackknife-over-runs SE.', '',
             '| method | (a) another run\'s estimate inside | nominal | (b) the other runs\' mean inside | nominal | '
             'mean half-width / (1.96 × sd over runs) |' + (' the same, of the logs |' if quantity == 'pd' else ''),
             '|---|---|---:|---|---:|---:|' + ('---:|' if quantity == 'pd' else '')]
    summary = {'runs': [{'dir': d, 'seed': s_} for d, s_ in zip(dirs, seeds_)], 'quantity': quantity, 'metric': metric,
               'activations': labels, 'groups': g, 'methods': {}}
    for m in chosen:
        df = (g - 1) if m in ('group-t', 'group-log-t') and g is not None else None
        groups = [([p[l]['methods'][m][0] for p in per_run], [p[l]['methods'][m][1:] for p in per_run]) for l in labels]
        res = coverage_summary(groups)
        widths = [statistics.fmean([(hi - lo) / 2 for lo, hi in iv]) / (Z95 * statistics.stdev(e)) for e, iv in groups]
        res['computedHereInRuns'] = sum(any(m in p[l]['computedHere'] for l in labels) for p in per_run)
        res['nominal'] = {'pairwise': nominal_pairwise(df), 'leaveOneOut': nominal_leave_one_out(k, df)}
        res['halfWidthOverSpread'] = dict(zip(labels, widths))
        res['perActivation'] = {l: coverage_summary([grp]) for l, grp in zip(labels, groups)}
        summary['methods'][m] = res
        a, b = res['pairwise'], res['leaveOneOut']
        cell = lambda x: (f'{x["covered"]}/{x["comparisons"]} = {100 * x["rate"]:.1f}% ± {100 * x["binomialSE"]:.1f} / '
                          f'{100 * x["jackknifeSE"]:.1f}')
        row = (f'| {m} | {cell(a)} | {100 * res["nominal"]["pairwise"]:.1f}% | {cell(b)} | '
               f'{100 * res["nominal"]["leaveOneOut"]:.1f}% | {statistics.fmean(widths):.2f} |')
        if quantity == 'pd':
            # Ratios spanning orders of magnitude (a smooth activation's within a batch) make widths on the ratio scale
            # unreadable; on the log scale every method's width compares with the spread of log estimates.
            log_widths = [statistics.fmean([math.log(hi / lo) / 2 for lo, hi in iv]) /
                          (Z95 * statistics.stdev([math.log(x) for x in e])) for e, iv in groups]
            res['logHalfWidthOverSpread'] = dict(zip(labels, log_widths))
            row += f' {statistics.fmean(log_widths):.2f} |'
        lines.append(row)
    lines += ['', 'Per activation, (a) pairwise:', '', '| method | ' + ' | '.join(labels) + ' |', '|---|' + '---:|' * len(labels)]
    for m in chosen:
        pa = summary['methods'][m]['perActivation']
        lines.append(f'| {m} | ' + ' | '.join(f'{pa[l]["pairwise"]["covered"]}/{pa[l]["pairwise"]["comparisons"]} '
                                             f'({100 * pa[l]["pairwise"]["rate"]:.0f}%)' for l in labels) + ' |')
    # The stored group intervals against the same methods written here (runs that stored their group means), and the
    # methods computed here for runs that did not store them.
    for m in [m for m in chosen if m in GROUP_METHODS]:
        pairs = [(p[l]['methods'][m], p[l]['recomputed'][m]) for p in per_run for l in labels
                 if m in p[l]['recomputed'] and m not in p[l]['computedHere']]
        here = summary['methods'][m]['computedHereInRuns']
        if pairs:
            # Relative: bounds at W = 64 reach 1e4 and more (jStat's and SciPy's t quantiles agree to about 1e-10).
            worst = max(abs(a - b) / max(abs(b), 1e-300) for x, y in pairs for a, b in zip(x, y)
                        if math.isfinite(a) or math.isfinite(b))
            summary['methods'][m]['recomputedMaxDifference'] = worst
            lines += ['', f'{m} recomputed here from the stored group means: largest relative difference {worst:.1e}.']
        if here:
            lines += ['', f'{m} computed here from the stored group means in {here} of the {k} runs (made before the '
                      'toolkit had it).']
    text = '\n'.join(lines) + '\n'
    print(text)
    if out:
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, 'coverage.md'), 'w') as f:
            f.write(text)
        with open(os.path.join(out, 'coverage.json'), 'w') as f:
            json.dump(summary, f, indent=1)
    return summary


def t_of_logs(xs, level=0.95):
    """exp(mean) of log values with the exponentiated t-interval (len − 1 df)."""
    n = len(xs)
    m = statistics.fmean(xs)
    if n < 2:
        return math.exp(m), float('nan'), float('nan')
    h = stats.t.ppf(1 - (1 - level) / 2, n - 1) * statistics.stdev(xs) / math.sqrt(n)
    return math.exp(m), math.exp(m - h), math.exp(m + h)


def dial_cells(r, method=None):
    """Per window and activation of one dial run: the numbers the dial tables show (see `dial` in the docstring)."""
    full = next((i for i, w in enumerate(r['windows']) if w['window'] is None), None)
    cells = []
    for i, (w, x) in enumerate(zip(r['windows'], r['runs'])):
        m = method or x['interval']['method']
        metric = x['primaryMetric']
        relu = next(v for v in x['variants'] if v['activation'] == 'relu')
        for v in x['variants']:
            iv = v['intervals'][m]
            c = {'window': w['label'], 'windowIndex': i, 'activation': v['label'], 'method': m, 'metric': metric,
                 'groups': x['layout']['groups'], 'evalLoss': v['evalLoss']['mean'], 'pd': iv['means']['pd'][metric],
                 'pdGroups': v['groupMeans']['pd'][metric], 'reluPdGroups': relu['groupMeans']['pd'][metric]}
            if iv['vsRelu'] is not None and v['activation'] != 'relu':
                c['pdRatio'] = iv['vsRelu']['pdRatio'][metric]
                c['lossChangePct'] = iv['vsRelu']['lossChangePct']
            swap = v['groupMeans']['pd'].get('topKSwap')
            if swap is not None:
                c['topKSwap'] = v['topKSwap']['mean']
                c['swapGroups'] = swap
                relu_swap = relu['groupMeans']['pd']['topKSwap']
                if v['activation'] != 'relu' and x['layout']['groups'] >= 2 and sum(swap) > 0 and sum(relu_swap) > 0:
                    est, lo, hi = group_t_ratio(swap, relu_swap)
                    c['swapRatio'] = {'estimate': est, 'lo': lo, 'hi': hi}
            # Each group's own PD ratio, at this window and at full (the same init group: paired).
            c['logRatioGroups'] = [math.log(a / b) if a > 0 and b > 0 else float('nan')
                                   for a, b in zip(c['pdGroups'], c['reluPdGroups'])]
            cells.append(c)
    if full is not None:
        for c in cells:
            f = next(x for x in cells if x['windowIndex'] == full and x['activation'] == c['activation'])
            c['vsFullLogDiffs'] = [a - b for a, b in zip(c['logRatioGroups'], f['logRatioGroups'])]
    return cells


def dial(dirs, method, out):
    runs = [load(d) for d in dirs]
    if not all(is_dial(r) for r in runs):
        sys.exit('dial: every folder must hold a run of the shuffling dial (results.json with kind shuffle-dial)')
    per_run = [dial_cells(r, method) for r in runs]
    first = runs[0]['runs'][0]
    metric = {'relativePD': 'relative PD', 'halfL1': 'half-L1 PD'}.get(first['primaryMetric'], first['primaryMetric'])
    k = len(runs)
    m = per_run[0][0]['method']
    g = per_run[0][0]['groups']
    ci = lambda x, d=2: f'{x["estimate"]:.{d}f} [{x["lo"]:.{d}f}, {x["hi"]:.{d}f}]'
    pct = lambda x: f'{x["estimate"]:+.2f}% [{x["lo"]:+.2f}, {x["hi"]:+.2f}]'
    fmt3 = lambda t: f'{t[0]:.2f} [{t[1]:.2f}, {t[2]:.2f}]'
    lines, rows = [], []
    if k == 1:
        r = runs[0]
        lines += [f'One run (base seed {run_seed(r)}), {g} init groups × {first["layout"]["replicasPerGroup"]} replicas; '
                  f'intervals: {m} (95%). Swap / ReLU: t-interval over the groups (computed here). "vs full": the '
                  'geometric mean over the groups of (the group\'s PD ratio at W) / (its PD ratio at full), t-interval '
                  f'({g - 1} df).', '',
                  f'| W | activation | eval loss | Δloss vs ReLU [95% CI] | {metric} [95% CI] | PD / ReLU [95% CI] | '
                  f'top-{first["config"]["topK"]} swap | swap / ReLU [95% t-CI] | PD ratio / its ratio at full [95% t-CI] |',
                  '|---|---|---:|---:|---:|---:|---:|---:|---:|']
        for c in per_run[0]:
            vs_full = t_of_logs(c['vsFullLogDiffs']) if 'vsFullLogDiffs' in c and c['activation'] != 'ReLU' and c['window'] != 'full' else None
            c['vsFull'] = vs_full
            rows.append(c)
            lines.append(f'| {c["window"]} | {c["activation"]} | {c["evalLoss"]:.4f} | '
                         f'{pct(c["lossChangePct"]) if "lossChangePct" in c else "0"} | {ci(c["pd"], 4)} | '
                         f'{ci(c["pdRatio"]) if "pdRatio" in c else "1"} | '
                         + (f'{100 * c["topKSwap"]:.1f}%' if 'topKSwap' in c else '–') + ' | '
                         f'{ci(c["swapRatio"]) if "swapRatio" in c else ("1" if c["activation"] == "ReLU" and "topKSwap" in c else "–")} | '
                         f'{fmt3(vs_full) if vs_full else "–"} |')
    else:
        seeds_ = [run_seed(r) for r in runs]
        lines += [f'{k} runs (base seeds {", ".join(map(str, seeds_))}), each {g} init groups × '
                  f'{first["layout"]["replicasPerGroup"]} replicas. Per window and activation: the mean of the per-run '
                  f'estimates ± sd over runs [95% t-interval, {k - 1} df]; "vs full": the geometric mean over all '
                  f'{k * g} init groups of (the group\'s PD ratio at W) / (its PD ratio at full) [t-interval, '
                  f'{k * g - 1} df].', '',
                  f'| W | activation | {metric}: mean ± sd | PD / ReLU: mean ± sd [95% t-CI] | Δloss vs ReLU (%): mean ± sd '
                  f'[95% t-CI] | top-{first["config"]["topK"]} swap / ReLU: mean ± sd [95% t-CI] | '
                  'PD ratio / its ratio at full [95% t-CI] |', '|---|---|---:|---:|---:|---:|---:|']
        for j, c0 in enumerate(per_run[0]):
            cs = [p[j] for p in per_run]
            assert all((c['window'], c['activation']) == (c0['window'], c0['activation']) for c in cs)
            row = {'window': c0['window'], 'activation': c0['activation'],
                   'pd': t_interval([c['pd']['estimate'] for c in cs])}
            cell = lambda key, sub='estimate': t_interval([c[key][sub] for c in cs]) if key in c0 else None
            row['pdRatio'], row['lossChangePct'], row['swapRatio'] = cell('pdRatio'), cell('lossChangePct'), cell('swapRatio')
            pooled = [d for c in cs for d in c.get('vsFullLogDiffs', [])]
            row['vsFull'] = t_of_logs(pooled) if pooled and c0['activation'] != 'ReLU' and c0['window'] != 'full' else None
            rows.append(row)
            ms = lambda t, d=3: f'{t[0]:.{d}f} ± {t[1]:.{d}f} [{t[2]:.{d}f}, {t[3]:.{d}f}]' if t else '–'
            mp = lambda t: f'{t[0]:+.2f} ± {t[1]:.2f} [{t[2]:+.2f}, {t[3]:+.2f}]' if t else '–'
            lines.append(f'| {row["window"]} | {row["activation"]} | {row["pd"][0]:.4f} ± {row["pd"][1]:.4f} | '
                         f'{ms(row["pdRatio"])} | {mp(row["lossChangePct"])} | {ms(row["swapRatio"])} | '
                         f'{fmt3(row["vsFull"]) if row["vsFull"] else "–"} |')
    text = '\n'.join(lines) + '\n'
    print(text)
    if out:
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, 'dial.md'), 'w') as f:
            f.write(text)
        with open(os.path.join(out, 'dial.json'), 'w') as f:
            json.dump({'runs': [{'dir': d, 'seed': run_seed(r)} for d, r in zip(dirs, runs)], 'method': m,
                       'metric': first['primaryMetric'], 'rows': rows}, f, indent=1)
        with open(os.path.join(out, 'dial_plot.vl.json'), 'w') as f:
            json.dump(dial_plot_spec(rows, metric, k, g, m, [w['label'] for w in runs[0]['windows']]), f, indent=1)
    return rows


def keras_dial(tfjs_dir, keras_dirs, out):
    tf = load(tfjs_dir)
    if not is_dial(tf):
        sys.exit(f'keras-dial: {tfjs_dir} holds no run of the shuffling dial')
    by_window = {w['label']: x for w, x in zip(tf['windows'], tf['runs'])}
    lines = ['| W | activation | quantity | tfjs [95% CI] | Keras [95% CI] | tfjs vs Keras [95% Welch CI] |', '|---|---|---|---|---|---|']
    rows = []
    for kd in keras_dirs:
        k = load(kd)
        mode = k['config'].get('shuffleMode', 'example')
        label = 'full' if mode in ('example', 'full') else f'{int(mode.split(":")[1]):,}'
        x = by_window.get(label)
        if x is None:
            sys.exit(f'keras-dial: the tfjs dial has no window {label} (Keras run {kd})')
        method = 'group-t'
        relu_t = next(v for v in x['variants'] if v['activation'] == 'relu')
        relu_k = k['variants'][0]
        tg, kg = relu_t['groupMeans']['pd']['relativePD'], relu_k['groupMeans']['relativePD']
        tm, km = t_interval(tg), t_interval(kg)
        d = welch(tg, kg)
        rows.append({'window': label, 'activation': 'ReLU', 'quantity': 'relative PD', 'tfjs': tm, 'keras': km, 'difference': d[:3]})
        lines.append(f'| {label} | ReLU | relative PD | {tm[0]:.4f} [{tm[2]:.4f}, {tm[3]:.4f}] | {km[0]:.4f} [{km[2]:.4f}, {km[3]:.4f}] | '
                     f'{d[0]:+.4f} [{d[1]:+.4f}, {d[2]:+.4f}] |')
        for kv in k['variants'][1:]:
            name, beta = kv['name'], kv.get('beta')
            tv = next((v for v in x['variants'] if v['activation'] == name and (v['beta'] in (None, beta) or name != 'smelu')), None)
            if tv is None:
                continue
            ti, ki = tv['intervals'][method]['vsRelu'], kv
            tr = ti['pdRatio']['relativePD']
            kr = (ki['pdRatioToRelu']['estimate'], *ki['pdRatioToRelu']['groupT95'])
            tlog = [math.log(a / b) for a, b in zip(tv['groupMeans']['pd']['relativePD'], tg)]
            klog = [math.log(a / b) for a, b in zip(kv['groupMeans']['relativePD'], kg)]
            dl = welch(tlog, klog)
            rows.append({'window': label, 'activation': tv['label'], 'quantity': 'PD / ReLU',
                         'tfjs': [tr['estimate'], tr['lo'], tr['hi']], 'keras': list(kr),
                         'tfjsOverKeras': [math.exp(dl[0]), math.exp(dl[1]), math.exp(dl[2])]})
            lines.append(f'| {label} | {tv["label"]} | PD / ReLU | {tr["estimate"]:.3f} [{tr["lo"]:.3f}, {tr["hi"]:.3f}] | '
                         f'{kr[0]:.3f} [{kr[1]:.3f}, {kr[2]:.3f}] | ×{math.exp(dl[0]):.3f} [{math.exp(dl[1]):.3f}, {math.exp(dl[2]):.3f}] |')
            tl = ti['lossChangePct']
            kl = (kv['evalLossChangeVsReluPercent']['estimate'], *kv['evalLossChangeVsReluPercent']['groupT95'])
            tpg = [100 * (a / b - 1) for a, b in zip(tv['groupMeans']['loss'], relu_t['groupMeans']['loss'])]
            kpg = [100 * (a / b - 1) for a, b in zip(kv['groupMeans']['evalLoss'], relu_k['groupMeans']['evalLoss'])]
            dd = welch(tpg, kpg)
            rows.append({'window': label, 'activation': tv['label'], 'quantity': 'Δloss vs ReLU (%)',
                         'tfjs': [tl['estimate'], tl['lo'], tl['hi']], 'keras': list(kl), 'difference': dd[:3]})
            lines.append(f'| {label} | {tv["label"]} | Δloss vs ReLU | {tl["estimate"]:+.2f}% [{tl["lo"]:+.2f}, {tl["hi"]:+.2f}] | '
                         f'{kl[0]:+.2f}% [{kl[1]:+.2f}, {kl[2]:+.2f}] | {dd[0]:+.2f} [{dd[1]:+.2f}, {dd[2]:+.2f}] points |')
    text = '\n'.join(lines) + '\n'
    print(text)
    if out:
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, 'keras_dial.md'), 'w') as f:
            f.write(text)
        with open(os.path.join(out, 'keras_dial.json'), 'w') as f:
            json.dump({'tfjs': tfjs_dir, 'keras': keras_dirs, 'rows': rows}, f, indent=1)
    return rows


def dial_plot_spec(rows, metric, k, g, method, windows):
    """Vega-Lite: PD / ReLU (top) and the loss change (bottom) against W, one colour per activation, with intervals."""
    values = []
    for r in rows:
        if k == 1:
            p = r.get('pdRatio', {'estimate': 1, 'lo': 1, 'hi': 1})
            l = r.get('lossChangePct', {'estimate': 0, 'lo': 0, 'hi': 0})
            pd, pl = (p['estimate'], p['lo'], p['hi']), (l['estimate'], l['lo'], l['hi'])
        else:
            pd = (r['pdRatio'][0], r['pdRatio'][2], r['pdRatio'][3]) if r['pdRatio'] else (1, 1, 1)
            pl = (r['lossChangePct'][0], r['lossChangePct'][2], r['lossChangePct'][3]) if r['lossChangePct'] else (0, 0, 0)
        values.append({'window': r['window'], 'activation': r['activation'], 'pd': pd[0], 'pdLo': pd[1], 'pdHi': pd[2],
                       'loss': pl[0], 'lossLo': pl[1], 'lossHi': pl[2]})
    acts = list(dict.fromkeys(r['activation'] for r in rows))
    x = {'field': 'window', 'type': 'ordinal', 'sort': windows, 'axis': {'labelAngle': 0}, 'title': 'shuffle window W (examples)'}
    color = {'field': 'activation', 'type': 'nominal', 'sort': acts}
    off = {'field': 'activation', 'type': 'nominal', 'sort': acts}

    def panel(y, lo, hi, title, ref):
        return {'width': 520, 'height': 220, 'layer': [
            {'data': {'values': [{'y': ref}]}, 'mark': {'type': 'rule', 'strokeDash': [4, 4], 'color': 'gray'},
             'encoding': {'y': {'field': 'y', 'type': 'quantitative'}}},
            {'data': {'values': values}, 'mark': {'type': 'rule', 'strokeWidth': 1.5},
             'encoding': {'x': x, 'xOffset': off, 'color': color,
                          'y': {'field': lo, 'type': 'quantitative', 'title': title, 'scale': {'zero': False}}, 'y2': {'field': hi}}},
            {'data': {'values': values}, 'mark': {'type': 'point', 'filled': True, 'size': 50},
             'encoding': {'x': x, 'xOffset': off, 'color': color, 'y': {'field': y, 'type': 'quantitative'}}}]}
    what = (f'{method} 95% intervals, {g} init groups' if k == 1 else
            f'mean over {k} runs of {g} init groups, 95% t-intervals over runs')
    return {'$schema': 'https://vega.github.io/schema/vega-lite/v5.json',
            'title': f'{metric} / ReLU\'s and eval-loss change vs the shuffle window ({what})',
            'vconcat': [panel('pd', 'pdLo', 'pdHi', f"{metric} / ReLU's", 1),
                        panel('loss', 'lossLo', 'lossHi', '% change of eval loss vs ReLU', 0)]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('mode', choices=['seeds', 'table', 'ablations', 'coverage', 'dial', 'keras-dial'])
    ap.add_argument('dirs', nargs='+')
    ap.add_argument('--keras')
    ap.add_argument('--out')
    ap.add_argument('--labels')
    ap.add_argument('--methods', help='coverage: comma-separated interval methods (default: every one the runs have)')
    ap.add_argument('--quantity', choices=['pd', 'loss'], default='pd', help='coverage: the PD ratio or the loss change')
    ap.add_argument('--method', help='dial: the interval method of the PD and loss columns (default: the run\'s own)')
    a = ap.parse_args()
    if a.mode == 'seeds':
        seeds(a.dirs, a.keras, a.out)
    elif a.mode == 'ablations':  # dirs: the reference runs' folder, then the ablations' names
        ablations(a.dirs[0], a.dirs[1:], a.out)
    elif a.mode == 'coverage':
        coverage(a.dirs, a.methods, a.quantity, a.out)
    elif a.mode == 'dial':
        dial(a.dirs, a.method, a.out)
    elif a.mode == 'keras-dial':
        keras_dial(a.dirs[0], a.dirs[1:], a.out)
    else:
        table(a.dirs, a.labels)


if __name__ == '__main__':
    sys.exit(main())
