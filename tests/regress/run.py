#!/usr/bin/env python3
"""tests/regress/run.py PROGDB DIR [--regen] | PROGDB DIR --self-test

One small Markdown file per fixed misreading, so that it cannot come back
silently (as cmark keeps one example per fixed bug).  Each DIR/<name>.md
is read with `progdb debug facts <name>.md` in a scratch directory with
the environment pinned (TZ=UTC, LC_ALL=C.UTF-8, NO_COLOR=1, no
PROGDB_DB); its stdout, its stderr (lines prefixed "! ") and its exit
status when not 0 must equal DIR/<name>.expected.  --regen rewrites the
expected files instead (review the diff before committing it).
--self-test shows the harness fails: on a wrong expected file, a missing
one, and a directory with no cases.

Adding a case: write DIR/<name>.md (the smallest snippet that was
misread, named after what it guards, its first line an HTML comment
naming the commit that fixed it), run with --regen, check the facts.
"""
import os
import shutil
import subprocess
import sys
import tempfile


def facts(progdb, md):
    """The text `progdb debug facts` gives for md, as a golden case shows it."""
    env = {k: v for k, v in os.environ.items() if k != 'PROGDB_DB'}
    env.update(TZ='UTC', LC_ALL='C.UTF-8', NO_COLOR='1',
               PROGDB_TEST_GOLDEN='1')
    with tempfile.TemporaryDirectory() as work:
        name = os.path.basename(md)
        shutil.copyfile(md, os.path.join(work, name))
        p = subprocess.run([progdb, 'debug', 'facts', name], cwd=work,
                           env=env, capture_output=True, timeout=60)
    out = p.stdout.decode('utf-8', 'backslashreplace')
    for line in p.stderr.decode('utf-8', 'backslashreplace').splitlines():
        out += '! ' + line + '\n'
    if p.returncode != 0:
        out += '[exit %d]\n' % p.returncode
    return out


def run(progdb, case_dir, regen=False):
    """Checks (or rewrites) every case of case_dir; the number failed."""
    cases = sorted(f[:-3] for f in os.listdir(case_dir) if f.endswith('.md'))
    if not cases:
        print('regress: no cases in %s' % case_dir)
        return 1
    failed = 0
    for c in cases:
        got = facts(progdb, os.path.join(case_dir, c + '.md'))
        exp_path = os.path.join(case_dir, c + '.expected')
        if regen:
            with open(exp_path, 'w', encoding='utf-8') as f:
                f.write(got)
            continue
        try:
            with open(exp_path, encoding='utf-8') as f:
                want = f.read()
        except OSError as e:
            print('FAIL %s: %s' % (c, e))
            failed += 1
            continue
        if got != want:
            print('FAIL %s: facts differ from %s.expected' % (c, c))
            import difflib
            sys.stdout.writelines(difflib.unified_diff(
                want.splitlines(True), got.splitlines(True),
                c + '.expected', c + ' (actual)'))
            failed += 1
    if not regen:
        print('regress: %d of %d cases as expected' %
              (len(cases) - failed, len(cases)))
    return failed


def self_test(progdb, case_dir):
    """The harness fails on a wrong expected file, a missing one, and an
    empty directory, and passes on a right one; 0 when all four hold."""
    cases = sorted(f[:-3] for f in os.listdir(case_dir) if f.endswith('.md'))
    c = cases[0]
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        if run(progdb, tmp) == 0:
            print('self-test: an empty directory passed')
            bad += 1
        shutil.copy(os.path.join(case_dir, c + '.md'), tmp)
        if run(progdb, tmp) == 0:
            print('self-test: a case without an expected file passed')
            bad += 1
        shutil.copy(os.path.join(case_dir, c + '.expected'), tmp)
        if run(progdb, tmp) != 0:
            print('self-test: a right expected file failed')
            bad += 1
        exp = os.path.join(tmp, c + '.expected')
        with open(exp, encoding='utf-8') as f:
            text = f.read()
        # One fact changed the way a misreading changes it: a line number.
        wrong = text.replace('line=', 'line=1', 1)
        if wrong == text:
            wrong = text + 'item 0 line=1 open text="invented"\n'
        with open(exp, 'w', encoding='utf-8') as f:
            f.write(wrong)
        if run(progdb, tmp) == 0:
            print('self-test: a wrong expected file passed')
            bad += 1
    print('self-test: %s' % ('ok' if bad == 0 else '%d checks failed' % bad))
    return bad


def main(argv):
    if len(argv) < 3 or len(argv) > 4 or \
            (len(argv) == 4 and argv[3] not in ('--regen', '--self-test')):
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    progdb = os.path.abspath(argv[1])
    if len(argv) == 4 and argv[3] == '--self-test':
        return 1 if self_test(progdb, argv[2]) else 0
    return 1 if run(progdb, argv[2], len(argv) == 4) else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
