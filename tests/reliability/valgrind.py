#!/usr/bin/env python3
# tests/reliability/valgrind.py PROGDB
#
# Ingests under valgrind, which sees what ASan cannot: md4c is not
# instrumented, so its reads past the end of a buffer show only here.  The
# inputs: every golden fixture, odd encodings, pathological shapes near
# md4c's edge cases, and a file large enough to be parsed in a child.
import glob
import os
import shutil

import rel

VALGRIND = ["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
            "--errors-for-leak-kinds=definite", "--track-fds=no"]

EDGES = {
    "unterminated.md": b"- [ ] a\n> b\n```\nc",
    "table-edge.md": b"|a|b|\n|---|---|\n|c|",
    "entity-edge.md": b"x &#x1F600",
    "link-edge.md": b"[a](<b",
    "autolink-edge.md": b"www.a.b/(",
    "html-edge.md": b"<!--",
    "brackets.md": b"[" * 100 + b"x" + b"]" * 100 + b"\n\n[x]: /u",
    "wide.md": b"|" + b"a|" * 200 + b"\n|" + b"---|" * 200 + b"\n",
    "utf16.md": b"\xff\xfe" + "# T\n- [ ] x\n".encode("utf-16-le"),
    "mojibake.md": "- \u201a\u00fa\u00d6 done\n".encode(),
    "bom.md": b"\xef\xbb\xbf# T\n",
    "front.md": b"---\na: b\n---\n- [ ] x",
    "big.md": b"".join(b"## S %d\n- [ ] t %d [l](/u)\n" % (i, i)
                       for i in range(3000)),
}


def main():
    progdb = rel.progdb_path()
    if shutil.which("valgrind") is None:
        rel.skip("valgrind is not installed (apt-get install valgrind)")
    s = rel.Suite("valgrind")
    work = rel.scratch("vg")
    docs = os.path.join(work, "docs")
    here = os.path.dirname(os.path.abspath(__file__))
    golden = os.path.join(here, "..", "golden")
    os.makedirs(os.path.join(docs, "golden"))
    for i, f in enumerate(sorted(glob.glob(os.path.join(golden, "**", "*.md"),
                                           recursive=True))):
        shutil.copyfile(f, os.path.join(docs, "golden", "g%03d.md" % i))
    for name, data in EDGES.items():
        rel.write(os.path.join(docs, "edge", name), data)
    db = os.path.join(work, "t.db")
    r = rel.run(VALGRIND + [progdb, "--db", db, "ingest", "docs"], cwd=work,
                timeout=900)
    s.check(r.rc in (0, 3), "first ingest under valgrind: no error",
            repr(r))
    for name, data in EDGES.items():
        rel.write(os.path.join(docs, "edge", name), data + b"\nchanged\n")
    r = rel.run(VALGRIND + [progdb, "--db", db, "ingest", "docs"], cwd=work,
                timeout=900)
    s.check(r.rc in (0, 3), "changed files under valgrind: no error",
            repr(r))
    r = rel.run(VALGRIND + [progdb, "--db", db, "sql", "--format", "json",
                            "SELECT * FROM item"], cwd=work, timeout=900)
    s.check(r.rc == 0, "sql under valgrind: no error", repr(r))
    s.exit()


if __name__ == "__main__":
    main()
