#!/usr/bin/env python3
"""progress.py PROGDB - the progress line of a long ingest.

On a terminal (a pseudo-terminal here) `progdb ingest` rewrites one line
on stderr, "progdb ingest: N / TOTAL files (R/s)", and clears it before
the summary; with -q, or when stderr is not a terminal, it writes none.
"""
import os
import pty
import subprocess
import sys
import tempfile


def run_on_tty(argv):
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(argv[0], argv)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")


def main(argv):
    progdb = os.path.abspath(argv[1])
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        docs = os.path.join(tmp, "docs")
        os.mkdir(docs)
        body = "".join(f"## Phase {p}\n" + "".join(
            f"- [{'x' if (p + i) % 3 else ' '}] Task {p}.{i} with some words\n"
            for i in range(20)) for p in range(8))
        for n in range(6000):
            with open(os.path.join(docs, f"doc{n:05}.md"), "w") as fh:
                fh.write(f"# Document {n}\n\n{body}")

        def check(name, ok):
            nonlocal failed
            print(("ok   " if ok else "FAIL ") + name)
            failed += not ok

        rc, out = run_on_tty([progdb, "--db", os.path.join(tmp, "a.db"),
                              "ingest", docs])
        check("ingest on a terminal succeeds", rc == 0)
        check("shows 'progdb ingest: N / 6,000 files (R/s)'",
              "progdb ingest: " in out and " / 6,000 files (" in out)
        check("clears the line before the summary",
              "\r\x1b[K" in out and out.rstrip().endswith(" s")
              and "ingested 6000 files" in out)
        rc, out = run_on_tty([progdb, "-q", "--db", os.path.join(tmp, "b.db"),
                              "ingest", docs])
        check("-q: nothing at all", rc == 0 and out == "")
        r = subprocess.run([progdb, "--db", os.path.join(tmp, "c.db"),
                            "ingest", docs], stderr=subprocess.PIPE, text=True)
        check("not a terminal: the summary only",
              r.returncode == 0 and "\r" not in r.stderr
              and r.stderr.startswith("ingested 6000 files"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
