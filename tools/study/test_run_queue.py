#!/usr/bin/env python3
"""Tests of run_queue.py: its queue reading (comments, one run per line, {seed} lines expanded by --seeds), and a run
interrupted by SIGTERM (the demo is sent SIGINT, the run's temp folder removed).

Run: python3 -m unittest tools/study/test_run_queue.py
"""
import argparse, os, signal, subprocess, sys, tempfile, time, unittest

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


FAKE_CLI = """
const fs = require('fs');
process.on('SIGINT', () => { fs.writeFileSync(process.env.MARKER, 'SIGINT'); process.exit(130); });
setInterval(() => {}, 1000);
"""


class Interrupts(unittest.TestCase):
    def test_sigterm_stops_the_demo_and_removes_the_temp_folder(self):
        with tempfile.TemporaryDirectory() as root:
            scratch = os.path.join(root, 'tmp')
            os.mkdir(scratch)
            cli, marker = os.path.join(root, 'fake_cli.js'), os.path.join(root, 'marker')
            with open(cli, 'w') as f:
                f.write(FAKE_CLI)
            here = os.path.dirname(os.path.abspath(__file__))
            code = (f'import sys; sys.path.insert(0, {here!r}); import run_queue, signal; run_queue.CLI = {cli!r}; '
                    'signal.signal(signal.SIGTERM, run_queue.stop_on_sigterm); run_queue.run("x", [], "1")')
            child = subprocess.Popen([sys.executable, '-c', code], env={**os.environ, 'TMPDIR': scratch, 'MARKER': marker},
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            deadline = time.time() + 30
            while not any(os.path.exists(os.path.join(scratch, d, 'log.txt')) for d in os.listdir(scratch)):
                self.assertLess(time.time(), deadline, 'the run did not start')
                time.sleep(0.05)
            time.sleep(0.5)  # the fake demo installs its handler
            child.send_signal(signal.SIGTERM)
            child.wait(timeout=30)
            self.assertNotEqual(child.returncode, 0)  # run() alone re-raises; main() turns it into 143
            with open(marker) as f:
                self.assertEqual(f.read(), 'SIGINT')
            self.assertEqual(os.listdir(scratch), [])


if __name__ == '__main__':
    unittest.main()
