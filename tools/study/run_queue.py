#!/usr/bin/env python3
"""Runs demo configurations one after another and keeps each run's numbers.

Each line of the queue file is `<name> <demo flags...>`; lines starting with '#' are skipped. Every run writes
docs/results/<name>/{results.json,table.md,run.json} (run.json: command, wall time, CPU time of the run's processes,
load average before and after). A run whose folder already has results.json is skipped, so the queue can be extended
and restarted. While the file given by --pause exists, the queue waits before starting the next run.

Usage: python3 tools/study/run_queue.py QUEUE_FILE [--pause FILE] [--jobs N]
"""
import argparse, json, os, resource, shlex, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.path.join(ROOT, 'repro', 'dist', 'cli.cjs')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('queue')
    ap.add_argument('--pause', default='/tmp/study-pause')
    ap.add_argument('--jobs', default='2')
    a = ap.parse_args()
    done = set()
    while True:
        todo = None
        for line in open(a.queue):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            name, *flags = shlex.split(line)
            if name in done or os.path.exists(os.path.join(ROOT, 'docs', 'results', name, 'results.json')):
                continue
            todo = (name, flags)
            break
        if todo is None:
            print('queue empty', flush=True)
            return
        while os.path.exists(a.pause):
            time.sleep(10)
        name, flags = todo
        done.add(name)
        run(name, flags, a.jobs)


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
    with open(os.path.join(tmp, 'log.txt'), 'w') as log:
        rc = subprocess.call(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                             env={**os.environ, 'TF_CPP_MIN_LOG_LEVEL': '2'})
    wall = time.time() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    load1 = os.getloadavg()
    if rc != 0:
        print(f'  FAILED rc={rc}; log in {tmp}/log.txt', flush=True)
        return
    os.makedirs(dest, exist_ok=True)
    for f in ('results.json', 'table.md'):
        shutil.copy(os.path.join(out, f), os.path.join(dest, f))
    info = {
        'name': name, 'command': shown, 'date': time.strftime('%Y-%m-%d %H:%M'), 'wallSeconds': round(wall, 1),
        'cpuSeconds': round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
        'loadAverageBefore': [round(x, 2) for x in load0], 'loadAverageAfter': [round(x, 2) for x in load1],
    }
    json.dump(info, open(os.path.join(dest, 'run.json'), 'w'), indent=1)
    shutil.rmtree(tmp)
    print(f'  done in {wall:.0f} s wall, {info["cpuSeconds"]:.0f} s CPU', flush=True)


if __name__ == '__main__':
    sys.exit(main())
