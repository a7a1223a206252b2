#!/usr/bin/env python3
"""Tests of run_queue.py's queue reading (comments, one run per line, {seed} lines expanded by --seeds).

Run: python3 -m unittest tools/study/test_run_queue.py
"""
import argparse, os, sys, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_queue  # noqa: E402


class QueueEntries(unittest.TestCase):
    def test_lines_and_seed_expansion(self):
        text = '# a comment\n\nref --preset reference\ncoverage/g8/seed-{seed} --groups 8 --seed {seed}\n'
        self.assertEqual(run_queue.queue_entries(text, run_queue.seed_range('2-4')), [
            ('ref', ['--preset', 'reference']),
            ('coverage/g8/seed-2', ['--groups', '8', '--seed', '2']),
            ('coverage/g8/seed-3', ['--groups', '8', '--seed', '3']),
            ('coverage/g8/seed-4', ['--groups', '8', '--seed', '4']),
        ])
        self.assertEqual(run_queue.queue_entries('ref --quick\n'), [('ref', ['--quick'])])

    def test_bad_input(self):
        with self.assertRaisesRegex(ValueError, r"holds \{seed\}: give --seeds A-B"):
            run_queue.queue_entries('x-{seed} --seed {seed}\n')
        for bad in ('3-1', '1', 'a-b', '1-2-3', '-1-2'):
            with self.assertRaises(argparse.ArgumentTypeError):
                run_queue.seed_range(bad)
        self.assertEqual(list(run_queue.seed_range('1-16')), list(range(1, 17)))


if __name__ == '__main__':
    unittest.main()
