#!/usr/bin/env python3
# tests/reliability/crash.py PROGDB
#
# kill -9 at random moments during an ingest (20 trials; 200 with
# PROGDB_SLOW=1): the database always opens, passes integrity_check and
# holds exactly the state before or after that run, and the next ingest
# completes normally and reaches the state a run without the kill would.
import os
import random
import shutil
import signal
import subprocess
import time

import rel


def ingest(progdb, db, cwd, quiet=True):
    return rel.run([progdb, "--db", db] + (["-q"] if quiet else []) +
                   ["ingest", "--as-of", "2025-01-06T00:00:00Z", "docs"],
                   cwd=cwd, timeout=120)


def main():
    progdb = rel.progdb_path()
    trials = 200 if rel.SLOW else 20
    s = rel.Suite("crash")
    work = rel.scratch("crash")
    docs = os.path.join(work, "docs")
    rel.make_tree(docs, 800, items=12)
    base = os.path.join(work, "before.db")
    s.check(ingest(progdb, base, work).rc == 0, "first ingest")
    # The second run changes a third of the files, removes some, adds some.
    for i in range(0, 800, 3):
        rel.write(os.path.join(docs, "team%d" % (i % 7), "doc%04d.md" % i),
                  rel.doc(i, 15, done_every=2))
    for i in range(1, 800, 25):
        os.unlink(os.path.join(docs, "team%d" % (i % 7), "doc%04d.md" % i))
    rel.make_tree(docs, 40, items=5, start=1000)
    ok_before, fp_before = rel.fingerprint(base)
    after = os.path.join(work, "after.db")
    rel.copy_db(base, after)
    r = ingest(progdb, after, work)
    s.check(r.rc == 0, "second ingest", repr(r))
    ok_after, fp_after = rel.fingerprint(after)
    s.check(fp_before != fp_after, "the second run changes the database")
    duration = r.secs
    again = os.path.join(work, "again.db")
    rel.copy_db(after, again)
    s.check(ingest(progdb, again, work).rc == 0, "a third ingest")
    fp_again = rel.fingerprint(again)[1]
    print("an ingest takes %.3f s" % duration)
    rng = random.Random(os.environ.get("PROGDB_SEED", "6"))
    passed = states_before = states_after = 0
    trial = os.path.join(work, "trial.db")
    for t in range(trials):
        rel.copy_db(base, trial)
        delay = rng.uniform(0, duration)
        p = subprocess.Popen([progdb, "--db", trial, "-q", "ingest",
                              "--as-of", "2025-01-06T00:00:00Z", "docs"],
                             cwd=work, env=rel.ENV, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        try:
            ok, fp = rel.fingerprint(trial)
        except Exception as e:          # noqa: BLE001 - any failure counts
            ok, fp = False, "error: %s" % e
        state = "before" if fp == fp_before else \
            "after" if fp == fp_after else "neither"
        r = ingest(progdb, trial, work)
        ok2, fp2 = rel.fingerprint(trial) if r.rc == 0 else (False, None)
        good = ok and state != "neither" and r.rc == 0 and ok2 and \
            fp2 == (fp_after if state == "before" else fp_again)
        passed += good
        states_before += state == "before"
        states_after += state == "after"
        if not good:
            s.check(False, "trial %d (kill after %.3f s)" % (t, delay),
                    "integrity %s, state %s, next run %r" % (ok, state, r))
            shutil.copyfile(trial, os.path.join(work, "failed-%d.db" % t))
    s.check(passed == trials, "kill -9 trials: %d of %d passed" %
            (passed, trials))
    s.figure("kill -9 trials passed: %d of %d (killed before commit: %d, "
             "after: %d)" % (passed, trials, states_before, states_after))
    s.exit()


if __name__ == "__main__":
    main()
