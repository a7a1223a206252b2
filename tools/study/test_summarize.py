#!/usr/bin/env python3
"""Tests of summarize.py's coverage mode: the nominal values against closed forms and a simulation, the counts on a
case written out by hand, the measured coverage on synthetic runs whose coverage is known, and the whole command on
results.json files written here (old and new format, and runs of the shuffling dial); the dial and keras-dial modes
against their definitions computed here by hand.

Run: python3 -m unittest tools/study/test_summarize.py   (standard library + SciPy, like summarize.py)
"""
import contextlib, io, json, math, os, random, statistics, sys, tempfile, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import summarize  # noqa: E402


class Nominal(unittest.TestCase):
    def test_closed_forms(self):
        # P(|Z| ≤ 1.96/√2) and P(|Z| ≤ 1.96/√(1 + 1/15)), from the normal CDF written with erf.
        phi = lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2)))
        z = 1.959963984540054
        self.assertAlmostEqual(summarize.nominal_pairwise(), 2 * phi(z / math.sqrt(2)) - 1, places=12)
        self.assertAlmostEqual(summarize.nominal_pairwise(), 0.8342, places=4)
        self.assertAlmostEqual(summarize.nominal_leave_one_out(16), 0.9423, places=4)
        self.assertAlmostEqual(summarize.nominal_leave_one_out(8), 0.9333, places=4)

    def test_t_version_by_simulation(self):
        # Runs with G = 5 groups each: estimate = mean of 5 normal group values, interval mean ± t(4)·s/√5.
        rng = random.Random(1)
        g, t4 = 5, 2.7764451051977987
        hits = trials = 0
        for _ in range(20000):
            runs = []
            for _ in range(2):
                xs = [rng.gauss(0, 1) for _ in range(g)]
                m, s = statistics.fmean(xs), statistics.stdev(xs)
                runs.append((m, m - t4 * s / math.sqrt(g), m + t4 * s / math.sqrt(g)))
            hits += runs[0][1] <= runs[1][0] <= runs[0][2]
            trials += 1
        p = hits / trials
        self.assertLess(abs(p - summarize.nominal_pairwise(g - 1)), 4 * math.sqrt(p * (1 - p) / trials))
        self.assertGreater(summarize.nominal_pairwise(g - 1), summarize.nominal_pairwise())


class Counts(unittest.TestCase):
    def test_three_runs_by_hand(self):
        est = [1.0, 1.2, 2.0]
        iv = [(0.9, 1.3), (1.1, 1.5), (1.5, 2.5)]
        pairwise, loo = summarize.coverage_indicators(est, iv)
        # Run 0's interval holds 1.2, not 2.0; run 1's neither 1.0 nor 2.0; run 2's neither.
        self.assertEqual(pairwise, {(0, 1): True, (0, 2): False, (1, 0): False, (1, 2): False, (2, 0): False, (2, 1): False})
        # Other runs' means: 1.6, 1.5, 1.1 → only run 1's interval [1.1, 1.5] holds its own.
        self.assertEqual(loo, [False, True, False])
        s = summarize.coverage_summary([(est, iv)])
        self.assertEqual((s['pairwise']['covered'], s['pairwise']['comparisons']), (1, 6))
        self.assertEqual((s['leaveOneOut']['covered'], s['leaveOneOut']['comparisons']), (1, 3))
        self.assertAlmostEqual(s['pairwise']['binomialSE'], math.sqrt((1 / 6) * (5 / 6) / 6))


def synthetic_groups(rng, k, activations, half_width_in_sds):
    """K runs per activation: estimates N(μ, 1), intervals estimate ± c (c in sds)."""
    groups = []
    for a in range(activations):
        est = [rng.gauss(0.7 + 0.05 * a, 1.0) for _ in range(k)]
        groups.append((est, [(e - half_width_in_sds, e + half_width_in_sds) for e in est]))
    return groups


class KnownCoverage(unittest.TestCase):
    def check(self, c, k=16, sets=300):
        rng = random.Random(7)
        phi = lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2)))
        expected_pair = 2 * phi(c / math.sqrt(2)) - 1
        expected_loo = 2 * phi(c / math.sqrt(1 + 1 / (k - 1))) - 1
        pair, loo, pair_se, jack_se = [], [], [], []
        for _ in range(sets):
            s = summarize.coverage_summary(synthetic_groups(rng, k, 3, c))
            pair.append(s['pairwise']['rate'])
            loo.append(s['leaveOneOut']['rate'])
            pair_se.append(s['pairwise']['binomialSE'])
            jack_se.append(s['pairwise']['jackknifeSE'])
        # The average over independent sets of runs is within 4 standard errors of the known coverage.
        for got, want in ((pair, expected_pair), (loo, expected_loo)):
            se = statistics.stdev(got) / math.sqrt(sets)
            self.assertLess(abs(statistics.fmean(got) - want), 4 * se, (statistics.fmean(got), want))
        # The jackknife SE tracks the real spread of one set's estimate; the binomial SE understates it.
        spread = statistics.stdev(pair)
        self.assertLess(abs(statistics.fmean(jack_se) - spread) / spread, 0.25)
        self.assertLess(statistics.fmean(pair_se), spread)

    def test_calibrated_intervals(self):
        self.check(1.959963984540054)   # 83.4% pairwise, 94.2% leave-one-out

    def test_too_narrow_intervals(self):
        self.check(0.7 * 1.959963984540054)


def quietly(f, *args):
    with contextlib.redirect_stdout(io.StringIO()):
        return f(*args)


class Command(unittest.TestCase):
    def write_run(self, root, seed, variants, groups=None):
        d = os.path.join(root, f'seed-{seed}')
        os.makedirs(d)
        r = {'config': {'seed': seed}, 'primaryMetric': 'relativePD', 'variants': variants}
        if groups is not None:
            r['layout'] = {'groups': groups}
        with open(os.path.join(d, 'results.json'), 'w') as f:
            json.dump(r, f)
        return d

    def test_old_format_counts_as_bootstrap(self):
        with tempfile.TemporaryDirectory() as root:
            dirs = []
            for seed, (e, lo, hi) in enumerate([(1.0, 0.9, 1.3), (1.2, 1.1, 1.5), (2.0, 1.5, 2.5)], start=1):
                ratio = {'estimate': e, 'lo': lo, 'hi': hi}
                dirs.append(self.write_run(root, seed, [
                    {'label': 'ReLU', 'activation': 'relu', 'vsRelu': None},
                    {'label': 'SmeLU', 'activation': 'smelu',
                     'vsRelu': {'pdRatio': ratio, 'lossChangePct': {'estimate': 0, 'lo': -1, 'hi': 1}}}]))
            s = quietly(summarize.coverage, dirs, None, 'pd', None)
            self.assertEqual(list(s['methods']), ['bootstrap'])
            self.assertEqual(s['methods']['bootstrap']['pairwise']['covered'], 1)
            self.assertEqual(s['methods']['bootstrap']['leaveOneOut']['covered'], 1)

    def test_methods_and_group_t_recomputed(self):
        with tempfile.TemporaryDirectory() as root:
            rng = random.Random(3)
            dirs = []
            for seed in (1, 2, 3, 4):
                relu_g = [0.2 + 0.02 * rng.random() for _ in range(3)]
                smelu_g = [0.14 + 0.02 * rng.random() for _ in range(3)]
                est, lo, hi = summarize.group_t_ratio(smelu_g, relu_g)
                iv = lambda lo_, hi_: {'vsRelu': {'pdRatio': {'relativePD': {'estimate': est, 'lo': lo_, 'hi': hi_}},
                                                  'lossChangePct': {'estimate': 0, 'lo': -1, 'hi': 1}}}
                dirs.append(self.write_run(root, seed, [
                    {'label': 'ReLU', 'activation': 'relu', 'vsRelu': None, 'groupMeans': {'pd': {'relativePD': relu_g}}},
                    {'label': 'SmeLU', 'activation': 'smelu', 'groupMeans': {'pd': {'relativePD': smelu_g}},
                     'vsRelu': {'pdRatio': {'estimate': est, 'lo': lo, 'hi': hi}, 'lossChangePct': {'estimate': 0, 'lo': -1, 'hi': 1}},
                     'intervals': {'group-t': iv(lo, hi), 'bootstrap': iv(est - 1e-3, est + 1e-3)}}], groups=3))
            s = quietly(summarize.coverage, dirs, None, 'pd', None)
            # group-log-t is not stored in these runs: computed from their group means.
            self.assertEqual(sorted(s['methods']), ['bootstrap', 'group-log-t', 'group-t'])
            self.assertLess(s['methods']['group-t']['recomputedMaxDifference'], 1e-12)
            self.assertEqual(s['methods']['group-log-t']['computedHereInRuns'], 4)
            self.assertEqual(s['methods']['group-t']['computedHereInRuns'], 0)
            self.assertAlmostEqual(s['methods']['group-log-t']['nominal']['pairwise'], summarize.nominal_pairwise(2))
            # A t-interval with 2 degrees of freedom: its own, higher nominal.
            self.assertAlmostEqual(s['methods']['group-t']['nominal']['pairwise'], summarize.nominal_pairwise(2))
            self.assertAlmostEqual(s['methods']['bootstrap']['nominal']['pairwise'], summarize.nominal_pairwise())
            with self.assertRaises(SystemExit):
                quietly(summarize.coverage, dirs, 'group-bootstrap', 'pd', None)


class GroupLogT(unittest.TestCase):
    def test_geometric_mean_of_group_ratios_by_hand(self):
        # Ratios 0.5 and 2 over 2 groups: logs ±ln 2, mean 0 → estimate 1; sd √2·ln 2, t(0.975; 1) = 12.7062.
        est, lo, hi = summarize.group_log_t_ratio([0.1, 0.4], [0.2, 0.2])
        self.assertAlmostEqual(est, 1.0, places=12)
        h = 12.706204736174698 * math.sqrt(2) * math.log(2) / math.sqrt(2)
        self.assertAlmostEqual(lo, math.exp(-h), places=9)
        self.assertAlmostEqual(hi, math.exp(h), places=6)
        # A group with a PD of 0 has no log ratio.
        self.assertTrue(all(math.isnan(x) for x in summarize.group_log_t_ratio([0.0, 0.4], [0.2, 0.2])))

    def test_stored_intervals_are_checked_against_the_ones_computed_here(self):
        with tempfile.TemporaryDirectory() as root:
            dirs = []
            for seed in (1, 2, 3):
                relu_g, smelu_g = [0.2, 0.25, 0.22], [0.1 * seed, 0.12, 0.15]
                e, lo, hi = summarize.group_log_t_ratio(smelu_g, relu_g)
                stored = {'vsRelu': {'pdRatio': {'relativePD': {'estimate': e, 'lo': lo, 'hi': hi}},
                                     'lossChangePct': {'estimate': 0, 'lo': -1, 'hi': 1}}}
                d = os.path.join(root, f'seed-{seed}')
                os.makedirs(d)
                with open(os.path.join(d, 'results.json'), 'w') as f:
                    json.dump({'config': {'seed': seed}, 'layout': {'groups': 3}, 'variants': [
                        {'label': 'ReLU', 'activation': 'relu', 'vsRelu': None, 'groupMeans': {'pd': {'relativePD': relu_g}}},
                        {'label': 'SmeLU', 'activation': 'smelu', 'groupMeans': {'pd': {'relativePD': smelu_g}},
                         'vsRelu': {'pdRatio': {'estimate': 0.6, 'lo': 0.5, 'hi': 0.7},
                                    'lossChangePct': {'estimate': 0, 'lo': -1, 'hi': 1}},
                         'intervals': {'group-log-t': stored}}]}, f)
                dirs.append(d)
            s = quietly(summarize.coverage, dirs, 'group-log-t', 'pd', None)
        # Each run's own estimate (the geometric mean), not the ratio of means in vsRelu, is what the others must cover.
        self.assertEqual(s['methods']['group-log-t']['computedHereInRuns'], 0)
        self.assertLess(s['methods']['group-log-t']['recomputedMaxDifference'], 1e-12)


def dial_experiment(seed, groups, ratios, relu_pd=0.2, swap=None):
    """One window's experiment result: ReLU and SmeLU with given per-group PD ratios (group means, all intervals)."""
    relu_g = [relu_pd * (1 + 0.1 * g) for g in range(groups)]
    smelu_g = [r * x for r, x in zip(ratios, relu_g)]
    est, lo, hi = summarize.group_t_ratio(smelu_g, relu_g)
    pd = lambda e: {'relativePD': {'estimate': e, 'lo': e * 0.9, 'hi': e * 1.1}}
    loss = {'estimate': 0.1, 'lo': -0.2, 'hi': 0.4}
    relu_gm = {'pd': {'relativePD': relu_g}, 'loss': [0.5 + 0.001 * g for g in range(groups)]}
    smelu_gm = {'pd': {'relativePD': smelu_g}, 'loss': [0.5005 + 0.0013 * g * g for g in range(groups)]}
    if swap is not None:
        relu_gm['pd']['topKSwap'], smelu_gm['pd']['topKSwap'] = swap
    iv = {'group-t': {'means': {'pd': pd(statistics.fmean(smelu_g)), 'loss': loss},
                      'vsRelu': {'pdRatio': {'relativePD': {'estimate': est, 'lo': lo, 'hi': hi}}, 'lossChangePct': loss}},
          'bootstrap': {'means': {'pd': pd(statistics.fmean(smelu_g)), 'loss': loss},
                        'vsRelu': {'pdRatio': {'relativePD': {'estimate': est, 'lo': est - 1e-3, 'hi': est + 1e-3}}, 'lossChangePct': loss}}}
    relu_iv = {m: {'means': {'pd': pd(statistics.fmean(relu_g)), 'loss': loss}, 'vsRelu': None} for m in iv}
    variant = lambda label, act, gm, ivs, vs, swap_mean: {
        'label': label, 'activation': act, 'beta': 1 if act == 'smelu' else None, 'groupMeans': gm, 'intervals': ivs,
        'evalLoss': {'mean': 0.5}, 'vsRelu': vs, **({'topKSwap': {'mean': swap_mean}} if swap is not None else {})}
    return {'config': {'seed': seed, 'topK': 10}, 'primaryMetric': 'relativePD', 'interval': {'method': 'group-t'},
            'layout': {'groups': groups, 'replicasPerGroup': 2},
            'variants': [variant('ReLU', 'relu', relu_gm, relu_iv, None, statistics.fmean(swap[0]) if swap else None),
                         variant('SmeLU β=1', 'smelu', smelu_gm, iv,
                                 {'pdRatio': {'estimate': est, 'lo': lo, 'hi': hi}, 'lossChangePct': loss},
                                 statistics.fmean(swap[1]) if swap else None)]}


def write(root, name, result):
    d = os.path.join(root, name)
    os.makedirs(d)
    with open(os.path.join(d, 'results.json'), 'w') as f:
        json.dump(result, f)
    return d


class Dial(unittest.TestCase):
    windows = [{'window': 64, 'label': '64'}, {'window': None, 'label': 'full'}]

    def test_one_run_swap_interval_and_contrast_with_full(self):
        at64, atfull = [0.9, 0.8, 0.85, 0.95], [1.0, 1.1, 0.9, 1.05]
        swap = ([0.5, 0.4, 0.45, 0.55], [0.3, 0.35, 0.2, 0.3])
        with tempfile.TemporaryDirectory() as root:
            d = write(root, 'dial', {'kind': 'shuffle-dial', 'windows': self.windows,
                                     'runs': [dial_experiment(1, 4, at64, swap=swap), dial_experiment(1, 4, atfull, swap=swap)]})
            rows = quietly(summarize.dial, [d], None, None)
        smelu64 = next(r for r in rows if r['window'] == '64' and r['activation'] == 'SmeLU β=1')
        # The contrast: geometric mean over the groups of the ratio at 64 over the ratio at full, t-interval with 3 df.
        logs = [math.log(a / b) for a, b in zip(at64, atfull)]
        m, h = statistics.fmean(logs), 3.182446305284263 * statistics.stdev(logs) / 2
        for got, want in zip(smelu64['vsFull'], (math.exp(m), math.exp(m - h), math.exp(m + h))):
            self.assertAlmostEqual(got, want, places=9)
        # The swap ratio's interval: the group-t ratio of the groups' swap rates.
        est, lo, hi = summarize.group_t_ratio(swap[1], swap[0])
        self.assertEqual(smelu64['swapRatio'], {'estimate': est, 'lo': lo, 'hi': hi})
        self.assertAlmostEqual(smelu64['pdRatio']['estimate'], statistics.fmean(
            [r * 0.2 * (1 + 0.1 * g) for g, r in enumerate(at64)]) / statistics.fmean([0.2 * (1 + 0.1 * g) for g in range(4)]))
        self.assertIsNone(next(r for r in rows if r['window'] == 'full' and r['activation'] == 'SmeLU β=1')['vsFull'])

    def test_one_run_of_a_workload_without_swap_rates(self):
        # A classifier (Fashion-MNIST) ranks nothing: the swap columns show '–'.
        with tempfile.TemporaryDirectory() as root:
            d = write(root, 'dial', {'kind': 'shuffle-dial', 'windows': self.windows,
                                     'runs': [dial_experiment(1, 4, [0.9, 0.8, 0.85, 0.95]),
                                              dial_experiment(1, 4, [1.0, 1.1, 0.9, 1.05])]})
            rows = quietly(summarize.dial, [d], None, None)
        self.assertTrue(all('swapRatio' not in r and 'topKSwap' not in r for r in rows))
        self.assertEqual(len(rows), 4)

    def test_coverage_pools_windows_and_activations(self):
        with tempfile.TemporaryDirectory() as root:
            rng = random.Random(5)
            dirs = [write(root, f'seed-{s}', {'kind': 'shuffle-dial', 'windows': self.windows, 'runs': [
                dial_experiment(s, 3, [0.8 + 0.1 * rng.random() for _ in range(3)]),
                dial_experiment(s, 3, [1.0 + 0.1 * rng.random() for _ in range(3)])]}) for s in (1, 2, 3, 4, 5)]
            s = quietly(summarize.coverage, dirs, None, 'pd', None)
        self.assertEqual(s['activations'], ['W=64 SmeLU β=1', 'W=full SmeLU β=1'])
        self.assertEqual(s['methods']['group-t']['pairwise']['comparisons'], 2 * 5 * 4)
        self.assertEqual(s['groups'], 3)
        self.assertLess(s['methods']['group-t']['recomputedMaxDifference'], 1e-12)

    def test_keras_side_by_side(self):
        tf_ratios, k_ratios = [0.7, 0.8, 0.75, 0.72], [0.6, 0.65, 0.7, 0.62]
        with tempfile.TemporaryDirectory() as root:
            t = write(root, 'tfjs', {'kind': 'shuffle-dial', 'windows': self.windows,
                                     'runs': [dial_experiment(1, 4, tf_ratios), dial_experiment(1, 4, tf_ratios)]})
            relu_k = [0.15, 0.16, 0.17, 0.18]
            smelu_k = [r * x for r, x in zip(k_ratios, relu_k)]
            est, lo, hi = summarize.group_t_ratio(smelu_k, relu_k)
            k = write(root, 'keras', {'config': {'shuffleMode': 'window:64'}, 'variants': [
                {'name': 'relu', 'beta': None, 'groupMeans': {'relativePD': relu_k, 'evalLoss': [0.58 + 0.002 * g for g in range(4)]}},
                {'name': 'smelu', 'beta': 1.0, 'groupMeans': {'relativePD': smelu_k, 'evalLoss': [0.579 + 0.001 * g * g for g in range(4)]},
                 'pdRatioToRelu': {'estimate': est, 'groupT95': [lo, hi]},
                 'evalLossChangeVsReluPercent': {'estimate': -0.17, 'groupT95': [-0.2, -0.1]}}]})
            rows = quietly(summarize.keras_dial, t, [k], None)
        ratio = next(r for r in rows if r['quantity'] == 'PD / ReLU')
        self.assertEqual(ratio['window'], '64')
        want = math.exp(statistics.fmean(map(math.log, tf_ratios)) - statistics.fmean(map(math.log, k_ratios)))
        self.assertAlmostEqual(ratio['tfjsOverKeras'][0], want, places=12)
        self.assertLess(ratio['tfjsOverKeras'][1], want)
        self.assertEqual(ratio['keras'], [est, lo, hi])
        relu = next(r for r in rows if r['quantity'] == 'relative PD')
        self.assertAlmostEqual(relu['difference'][0], statistics.fmean([0.2 * (1 + 0.1 * g) for g in range(4)]) - statistics.fmean(relu_k))


if __name__ == '__main__':
    unittest.main()
