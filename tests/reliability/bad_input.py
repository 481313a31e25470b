#!/usr/bin/env python3
# tests/reliability/bad_input.py PROGDB
#
# Every kind of bad input from the issue, each next to an ordinary file:
# a warning naming the file and the reason, the ordinary file stored, no
# crash, bounded time; plus what must be stored (text after a NUL, no CR,
# the title behind a BOM, ...).  Inputs are generated here; the huge ones
# are sparse files.
import os
import threading
import time

import rel

OK_DOC = b"# Ordinary\n\n- [x] one\n- [ ] two\n- [ ] three\n"
TASKS = "# Title\n\n- [ ] first task\n- [x] second task\n"

# name -> (bytes, warning code expected or None, item texts that must be
# stored or None)
CASES = {
    # UTF-8 (the check marks say so) with one bad sequence each.
    "lone-continuation": (b"# T \xe2\x9c\x85\n\n- [ ] a \x80 b\n",
                          b"invalid-utf8", ["a \ufffd b"]),
    "overlong": (b"# T \xe2\x9c\x85\n\n- [ ] a \xc0\xaf b\n",
                 b"invalid-utf8", None),
    "overlong-3": (b"# T \xe2\x9c\x85\n\n- [ ] a \xe0\x80\xaf b\n",
                   b"invalid-utf8", None),
    "surrogate": (b"# T \xe2\x9c\x85\n\n- [ ] a \xed\xa0\x80 b\n",
                  b"invalid-utf8", None),
    "above-10ffff": (b"# T \xe2\x9c\x85\n\n- [ ] a \xf4\x90\x80\x80 b\n",
                     b"invalid-utf8", None),
    "f5-ff": (b"# T \xe2\x9c\x85\n\n- [ ] a \xf5\xff b\n",
              b"invalid-utf8", None),
    "truncated": (b"# T \xe2\x9c\x85\n\n- [ ] a \xe2\x9c b\n- [ ] end "
                  b"\xf0\x9f", b"invalid-utf8", None),
    # Not UTF-8 at all: read as Windows-1252, with a warning.
    "lone-continuations-only": (b"# T\n\n- [ ] a \x80 b\n", b"cp1252",
                                ["a \u20ac b"]),
    "latin1": ("# Caf\xe9\n\n- [ ] cr\xe8me br\xfbl\xe9e\n".encode("latin-1"),
               b"cp1252", ["cr\xe8me br\xfbl\xe9e"]),
    "nul-bytes": (b"# T\n\n- [ ] before\x00after\n- [ ] kept after nul\n",
                  b"nul-byte", ["before\ufffdafter", "kept after nul"]),
    "utf16le-bom": (b"\xff\xfe" + TASKS.encode("utf-16-le"), b"utf16",
                    ["first task", "second task"]),
    "utf16be-bom": (b"\xfe\xff" + TASKS.encode("utf-16-be"), b"utf16",
                    ["first task", "second task"]),
    "utf16le-nobom": (TASKS.encode("utf-16-le"), b"utf16",
                      ["first task", "second task"]),
    "utf16be-nobom": (TASKS.encode("utf-16-be"), b"utf16",
                      ["first task", "second task"]),
    "utf16-odd": (b"\xff\xfe" + TASKS.encode("utf-16-le") + b"\x41",
                  b"utf16", None),
    "utf16-lone-surrogate": (b"\xff\xfe" + "# T\n\n- [ ] a ".encode(
        "utf-16-le") + b"\x00\xd8" + " b\n".encode("utf-16-le"), b"utf16",
        None),
    "utf8-bom": (b"\xef\xbb\xbf" + TASKS.encode(), None,
                 ["first task", "second task"]),
    "crlf": (TASKS.replace("\n", "\r\n").encode(), None,
             ["first task", "second task"]),
    "lone-cr": (TASKS.replace("\n", "\r").encode(), None,
                ["first task", "second task"]),
    "mixed-endings": (b"# Title\r\n\r- [ ] first task\n- [x] second task\r\n",
                      None, ["first task", "second task"]),
    "controls": (b"# T\n\n- [ ] bell \x07 esc \x1b[31m vt \x0b ff \x0c\n",
                 None, None),
    "binary": (bytes(range(256)) * 64, b"binary", None),
    "elf": (b"\x7fELF\x02\x01\x01" + b"\x00" * 4000, b"binary", None),
    "png": (b"\x89PNG\r\n\x1a\n" + os.urandom(3000), b"binary", None),
    "only-nuls": (b"\x00" * 5000, b"binary", None),
    "empty": (b"", None, None),
    "bom-only": (b"\xef\xbb\xbf", None, None),
    "front-matter-only": (b"---\ntitle: x\n", None, None),
    "no-final-newline": (b"# T\n\n- [ ] last", None, ["last"]),
    # Truncated files end in odd places: an empty heading is a heading.
    "empty-heading": (b"# Tracker\n\n## ", None, None),
    "hash-only": (b"#", None, None),
}


def run_case(progdb, work, name, data, sparse=None, args=()):
    d = os.path.join(work, name)
    os.makedirs(os.path.join(d, "docs"))
    bad = os.path.join(d, "docs", "bad.md")
    if sparse is not None:
        with open(bad, "wb") as fh:
            fh.truncate(sparse)
    else:
        rel.write(bad, data)
    rel.write(os.path.join(d, "docs", "ok.md"), OK_DOC)
    db = os.path.join(d, "t.db")
    r = rel.run([progdb, "--db", db, "ingest", "--strict"] + list(args) + ["docs"],
                cwd=d, timeout=120)
    return r, db


def stored_items(db, name):
    return [t for (t,) in rel.query(
        db, "SELECT text FROM item JOIN document d ON d.id = document_id "
        "WHERE d.rel_path = ? ORDER BY line", (name,))]


def main():
    progdb = rel.progdb_path()
    s = rel.Suite("bad_input")
    work = rel.scratch("bad")
    for name, (data, code, items) in CASES.items():
        r, db = run_case(progdb, work, name, data)
        s.check(r.rc in (0, 3) and r.cpu < 5, "%s: exit 0 or 3, quickly "
                "(%.2f s CPU)" % (name, r.cpu), repr(r))
        if r.rc not in (0, 3):
            continue
        s.check(rel.items_of(db, "ok.md") == 3, "%s: the other file is "
                "stored" % name)
        if code is not None:
            s.check(r.rc == 3 and b"docs/bad.md" in r.err and
                    b"[" + code + b"]" in r.err, "%s: warning names the "
                    "file and says %s" % (name, code.decode()), repr(r))
        got = stored_items(db, "bad.md")
        if items is not None:
            s.check(got == items, "%s: items stored" % name,
                    "%r" % got)
        texts = rel.query(db, "SELECT group_concat(text, '') FROM item")[0][0] \
            or ""
        titles = rel.query(db, "SELECT group_concat(title, '') FROM "
                           "document")[0][0] or ""
        s.check("\r" not in texts + titles and "\x00" not in texts,
                "%s: no CR or NUL stored" % name)
    r, db = run_case(progdb, work, "bom-title", b"\xef\xbb\xbf# Behind BOM\n")
    s.check(rel.query(db, "SELECT title FROM document WHERE rel_path = "
                      "'bad.md'") == [("Behind BOM",)], "BOM: first heading "
            "is the title")
    r, db = run_case(progdb, work, "crlf-lines",
                     b"# T\r\n\r\n- [ ] a\r\n\r- [ ] b\r\n")
    s.check(rel.query(db, "SELECT line FROM item JOIN document d ON d.id = "
                      "document_id WHERE d.rel_path = 'bad.md' ORDER BY line")
            == [(3,), (5,)], "CRLF and lone CR: line numbers of the file")

    # Size limits: refused by size, without reading (sparse files).
    for name, size, args in [("200MB", 200 << 20, ()),
                             ("over-4GiB", (4 << 30) + 4096, ()),
                             ("over-4GiB-max-size", (4 << 30) + 4096,
                              ("--max-size", "4G"))]:
        r, db = run_case(progdb, work, name, None, sparse=size, args=args)
        s.check(r.rc == 3 and b"docs/bad.md" in r.err and
                b"[too-large]" in r.err and r.cpu < 2,
                "%s: refused by size in %.2f s CPU" % (name, r.cpu), repr(r))
        if r.rc == 3:
            s.check(rel.items_of(db, "ok.md") == 3, "%s: the other file is "
                    "stored" % name)
    line = b"# T\n\n" + b"word " * ((64 << 20) // 5) + b"\n"
    r, db = run_case(progdb, work, "64MB-line", line)
    s.check(r.rc == 3 and b"[too-large]" in r.err and r.cpu < 5,
            "64 MB single line: skipped by the 32M limit", repr(r))
    if rel.SLOW:
        r, db = run_case(progdb, work, "64MB-line-read", line,
                         args=("--max-size", "100M"))
        s.check(r.rc in (0, 3) and r.cpu < 60, "64 MB single line read "
                "with --max-size 100M in %.1f s CPU" % r.cpu, repr(r))
        s.figure("64 MB single line, read: %.1f s" % r.secs)

    # Files changing while the walk runs: every run completes; once they
    # stop, the next run converges to what a fresh ingest stores.
    d = os.path.join(work, "churn")
    rel.make_tree(os.path.join(d, "docs"), 200, items=20)
    stop = threading.Event()

    def churn():
        k = 0
        while not stop.is_set():
            k += 1
            p = os.path.join(d, "docs", "team%d" % (k % 7),
                             "doc%04d.md" % (k % 200))
            try:
                if k % 3 == 0:
                    os.unlink(p)
                elif k % 3 == 1:
                    with open(p, "r+b") as fh:
                        fh.truncate(k % 50)
                else:
                    tmp = p + ".tmp"
                    rel.write(tmp, rel.doc(k, 5 + k % 9))
                    os.replace(tmp, p)
            except OSError:
                pass
            if k % 200 == 0:
                rel.make_tree(os.path.join(d, "docs"), 200, items=20)
    t = threading.Thread(target=churn)
    t.start()
    db = os.path.join(d, "t.db")
    codes = []
    for i in range(6 if rel.SLOW else 3):
        r = rel.run([progdb, "--db", db, "-q", "ingest", "docs"], cwd=d)
        codes.append(r.rc)
    stop.set()
    t.join()
    s.check(all(c in (0, 3) for c in codes), "ingests during churn: exit "
            "0 or 3", repr(codes))
    r = rel.run([progdb, "--db", db, "-q", "ingest", "docs"], cwd=d)
    fresh = os.path.join(d, "fresh.db")
    r2 = rel.run([progdb, "--db", fresh, "-q", "ingest", "docs"], cwd=d)
    q = ("SELECT d.path, d.size, d.hash, (SELECT group_concat(text, '|') "
         "FROM (SELECT text FROM item WHERE document_id = d.id ORDER BY "
         "line)) FROM document d WHERE d.removed_run IS NULL ORDER BY d.path")
    a, b = rel.query(db, q), rel.query(fresh, q)
    s.check(r.rc in (0, 3) and r2.rc in (0, 3) and a == b,
            "after the churn the next run converges to a fresh ingest",
            "%s; %s" % ([x for x in a if x not in b][:3],
                        [x for x in b if x not in a][:3]))
    s.exit()


if __name__ == "__main__":
    main()
