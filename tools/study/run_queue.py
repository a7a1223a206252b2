#!/usr/bin/env python3
"""Runs demo configurations one after another and keeps each run's numbers.

Each line of the queue file is `<name> <demo flags...>`; lines starting with '#' are skipped. Every run writes
docs/results/<name>/{results.json,table.md,run.json} (and pd_ratio_vs_window.svg for a run of the shuffling dial) (run.json: command, wall time, CPU time of the run's processes,
load average before and after). A run whose folder already has results.json is skipped, so the queue can be extended
and restarted. While the file given by --pause exists, the queue waits before starting the next run.

With --seeds A-B, a line containing `{seed}` stands for one run per base seed A..B (e.g. the K runs of a coverage
measurement: `coverage/reference/seed-{seed} --preset reference --groups 8 --replicas 2 --seed {seed}`), in seed order;
lines without it run once.

Usage: python3 tools/study/run_queue.py QUEUE_FILE [--pause FILE] [--jobs N] [--seeds A-B]
"""
import argparse, json, os, resource, shlex, shutil, signal, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.path.join(ROOT, 'repro', 'dist', 'cli.cjs')
OPTIONAL_FILES = ('pd_ratio_vs_window.svg',)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('queue')
    ap.add_argument('--pause', default='/tmp/study-pause')
    ap.add_argument('--jobs', default='2')
    ap.add_argument('--seeds', type=seed_range, help='A-B: expand each line holding {seed} into one run per seed A..B')
    a = ap.parse_args()
    done, failed = set(), []
    while True:
        todo = None
        try:
            entries = queue_entries(open(a.queue).read(), a.seeds)
        except ValueError as e:
            sys.exit(f'run_queue: {e}')
        for name, flags in entries:
            if name in done or os.path.exists(os.path.join(ROOT, 'docs', 'results', name, 'results.json')):
                continue
            todo = (name, flags)
            break
        if todo is None:
            print('queue empty' + (f'; {len(failed)} run(s) FAILED: {", ".join(failed)}' if failed else ''), flush=True)
            return 1 if failed else 0
        while os.path.exists(a.pause):
            time.sleep(10)
        name, flags = todo
        done.add(name)
        if not run(name, flags, a.jobs):
            failed.append(name)


def seed_range(text):
    """'A-B' → range(A, B + 1), A and B integers ≥ 0 with A ≤ B."""
    parts = text.split('-')
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or int(parts[0]) > int(parts[1]):
        raise argparse.ArgumentTypeError(f"--seeds must be A-B with integers 0 ≤ A ≤ B, but got '{text}'")
    return range(int(parts[0]), int(parts[1]) + 1)


def queue_entries(text, seeds=None):
    """The (name, flags) of every run the queue text lists, lines with {seed} once per seed when seeds are given."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        if '{seed}' in line and seeds is None:
            raise ValueError(f"the queue line '{line}' holds {{seed}}: give --seeds A-B")
        for s in (seeds if '{seed}' in line else [None]):
            name, *flags = shlex.split(line if s is None else line.replace('{seed}', str(s)))
            out.append((name, flags))
    return out


def run(name, flags, jobs):
    dest = os.path.join(ROOT, 'docs', 'results', name)
    tmp = tempfile.mkdtemp(prefix='study-')
    out = os.path.join(tmp, 'out')
    cmd = ['node', CLI, 'demo', *flags, '--jobs', jobs, '--out', out]
    shown = 'npx tfjs-smelu-repro demo ' + ' '.join(shlex.quote(f) for f in flags) + f' --jobs {jobs}'
    load0 = os.getloadavg()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    print(f'[{time.strftime("%H:%M:%S")}] {name}: {shown} (load {load0[0]:.1f})', flush=True)
    try:
        with open(os.path.join(tmp, 'log.txt'), 'w') as log:
            child = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                     env={**os.environ, 'TF_CPP_MIN_LOG_LEVEL': '2'})
            try:
                rc = child.wait()
            except BaseException:
                # Ctrl-C or SIGTERM: the demo stops its workers and removes its own files on SIGINT; then the run's
                # temp folder goes too.
                child.send_signal(signal.SIGINT)
                child.wait()
                raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    wall = time.time() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    load1 = os.getloadavg()
    if rc != 0:
        print(f'  FAILED rc={rc}; log in {tmp}/log.txt', flush=True)
        return False
    os.makedirs(dest, exist_ok=True)
    # results.json goes last: a folder that has it is a finished run, which later runs of the queue skip.
    for f in ('table.md', *OPTIONAL_FILES):  # the dial's plot, when the run turned the dial
        if os.path.exists(os.path.join(out, f)):
            shutil.copy(os.path.join(out, f), os.path.join(dest, f))
    info = {
        'name': name, 'command': shown, 'date': time.strftime('%Y-%m-%d %H:%M'), 'wallSeconds': round(wall, 1),
        'cpuSeconds': round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
        'loadAverageBefore': [round(x, 2) for x in load0], 'loadAverageAfter': [round(x, 2) for x in load1],
    }
    json.dump(info, open(os.path.join(dest, 'run.json'), 'w'), indent=1)
    shutil.copy(os.path.join(out, 'results.json'), os.path.join(dest, 'results.json'))
    shutil.rmtree(tmp)
    print(f'  done in {wall:.0f} s wall, {info["cpuSeconds"]:.0f} s CPU', flush=True)
    return True


def stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt(signum)


if __name__ == '__main__':
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        sys.exit(main())
    except KeyboardInterrupt as e:
        # 128 + the signal's number: 130 for Ctrl-C (SIGINT), 143 for SIGTERM.
        signum = e.args[0] if e.args and isinstance(e.args[0], int) else signal.SIGINT
        print('run_queue: interrupted; the run under way was stopped and its temp folder removed', flush=True)
        sys.exit(128 + signum)
