#!/usr/bin/env python3
"""libpq_lazy.py PROGDB - libpq is loaded only by push and --server.

progdb does not link libpq (and its ~20 libraries: Kerberos, LDAP, TLS),
whose loading cost every command ~11M instructions at start; src/pg loads
it when push or --server connects.  Checks, through the dynamic loader's
own log (LD_DEBUG=files), that --version and a query load no libpq, that
push does, and that push with a library that cannot be loaded
(PROGDB_LIBPQ) fails with exit status 5 naming it.  Skips (77) when this
progdb was built without libpq.  tests/pg/push.py checks that push and
--server work against a real server.
"""
import os
import subprocess
import sys
import tempfile


def run(argv, **env):
    e = {k: v for k, v in os.environ.items() if k != "PROGDB_LIBPQ"}
    e.update(LC_ALL="C", LD_DEBUG="files", **env)
    p = subprocess.run(argv, env=e, capture_output=True, text=True)
    loaded = any("libpq" in line and "file=" in line
                 for line in p.stderr.splitlines())
    # What progdb itself said, without the loader's lines ("   123:\t...").
    said = "\n".join(line for line in p.stderr.splitlines()
                     if not line.lstrip()[:1].isdigit())
    return p.returncode, loaded, said


def main(argv):
    progdb = os.path.abspath(argv[1])
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "p.db")
        docs = os.path.join(tmp, "docs")
        os.mkdir(docs)
        with open(os.path.join(docs, "plan.md"), "w") as f:
            f.write("# Plan\n\n- [ ] one\n- [x] two\n")
        subprocess.run([progdb, "--db", db, "ingest", "-q", docs],
                       check=True)
        # An unreadable URL: push loads libpq, then refuses it.
        push = [progdb, "--db", db, "push", "--repo", "r",
                "postgresql://x:1:2"]
        rc, loaded, said = run(push)
        if "without PostgreSQL support" in said:
            print("libpq_lazy: built without libpq; skipped")
            return 77
        if not loaded:
            failed.append("push did not load libpq: %s" % said)
        if rc != 5:
            failed.append("push to a bad URL: exit %d, not 5: %s"
                          % (rc, said))
        for args in (["--version"], ["--db", db, "status"]):
            rc, loaded, said = run([progdb] + args)
            if rc != 0 or loaded:
                failed.append("progdb %s: exit %d, libpq loaded: %s"
                              % (" ".join(args), rc, loaded))
        missing = os.path.join(tmp, "none", "libpq.so.5")
        rc, loaded, said = run(push, PROGDB_LIBPQ=missing)
        if rc != 5 or missing not in said:
            failed.append("push without libpq: exit %d, said %r"
                          % (rc, said))
    for f in failed:
        print("libpq_lazy: " + f)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
