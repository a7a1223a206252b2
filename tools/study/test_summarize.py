#!/usr/bin/env python3
"""Tests of summarize.py's coverage mode: the nominal values against closed forms and a simulation, the counts on a
case written out by hand, the measured coverage on synthetic runs whose coverage is known, and the whole command on
results.json files written here (old and new format).

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
            self.assertEqual(sorted(s['methods']), ['bootstrap', 'group-t'])
            self.assertLess(s['groupTRecomputedMaxDifference'], 1e-12)
            # A t-interval with 2 degrees of freedom: its own, higher nominal.
            self.assertAlmostEqual(s['methods']['group-t']['nominal']['pairwise'], summarize.nominal_pairwise(2))
            self.assertAlmostEqual(s['methods']['bootstrap']['nominal']['pairwise'], summarize.nominal_pairwise())
            with self.assertRaises(SystemExit):
                quietly(summarize.coverage, dirs, 'group-bootstrap', 'pd', None)


if __name__ == '__main__':
    unittest.main()
