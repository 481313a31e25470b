#!/usr/bin/env python3
# tests/reliability/pathological.py PROGDB [CASE...]
#
# Inputs that are slow for Markdown parsers (cmark's and md4c's
# pathological tests, md4c 0.4.8's known quadratic cases, and the issue's
# sizes), each ingested at size n and 4n next to an ordinary document.
# Each must: exit 0 or 3, store the ordinary document, use at most 10 s
# of CPU, and grow linearly: t(4n) / t(n) <= 10, where t is the CPU time
# of the ingest (its own, from wait4(2)), the best of three runs (one when
# it takes over a second) beyond an ingest of a trivial file, floored at
# 50 ms.  Linear growth is 4 and quadratic 16: CPU time, unlike the wall
# clock, does not stretch when the machine is busy, and 10 leaves room
# for what noise remains (caches, frequency, sanitizers) on both sides.
# Wall-clock times are printed as figures only.
import os
import sys

import rel

LIMIT_CPU_S = 10.0
MAX_RATIO = 10.0
FLOOR_S = 0.05
HANG_S = 600    # wall clock after which a run is killed as hung


def table(cols, rows):
    return ("|" + "h|" * cols + "\n|" + "---|" * cols + "\n" +
            ("|" + "x|" * cols + "\n") * rows)


# name -> (generator of the text for n, n): 4n is the size the issue names.
CASES = {
    # The issue's own list.
    "deep-list-1e6": (lambda n: "- " * n + "a\n", 250000),
    "deep-ordered-list": (lambda n: "1. " * n + "a\n", 100000),
    "deep-quotes-1e5": (lambda n: "> " * n + "a\n", 25000),
    "unclosed-brackets-1e5": (lambda n: "[" * n + "\n", 25000),
    "table-10000-columns": (lambda n: table(n, 50), 2500),
    "table-many-rows": (lambda n: table(20, n), 5000),
    "huge-table": (lambda n: "th|" * n + "\n" + "---|" * n + "\n" +
                   "td\n" * n, 2500),
    "checklist-200k": (lambda n: "".join(
        "- [%s] task %d\n" % ("x" if i % 3 == 0 else " ", i)
        for i in range(n)), 50000),
    "many-headings": (lambda n: "".join("## H %d\n- [ ] t\n" % i
                                        for i in range(n)), 20000),
    "deep-headings-lists": (lambda n: "".join(
        "#" * (1 + i % 6) + " h\n" + "  " * (i % 40) + "- [ ] x\n"
        for i in range(n)), 20000),
    "deep-lists-indented": (lambda n: "".join(
        "  " * (i % 100) + "- [ ] a\n" for i in range(n)), 20000),
    "list-then-blank-lines": (lambda n: "".join(
        "  " * x + "- a\n" for x in range(100)) + "\n" * n + "x\n", 100000),
    "items-and-blank-lines": (lambda n: "".join(
        "  " * (x % 200) + "- a\n\n" for x in range(n)), 20000),
    "quote-list-nest": (lambda n: ("> " * 30 + "- " * 30 + "a\n") * n, 2500),
    # cmark's and md4c's pathological tests.
    "nested-strong-emph": (lambda n: "*a **a " * n + "b" + " a** a*" * n,
                           16000),
    "emph-closers": (lambda n: "a_ " * n, 16000),
    "emph-openers": (lambda n: "_a " * n, 16000),
    "3-emph-openers": (lambda n: "a***" * n, 16000),
    "link-closers": (lambda n: "a]" * n, 16000),
    "link-openers": (lambda n: "[a" * n, 16000),
    "mismatched-openers": (lambda n: "*a_ " * n, 16000),
    "openers-closers-mod3": (lambda n: "a**b" + "c* " * n, 16000),
    "link-openers-emph-closers": (lambda n: "[ a_" * n, 16000),
    "nested-brackets": (lambda n: "[" * n + "a" + "]" * n, 16000),
    "backticks": (lambda n: "".join("e" + "`" * x for x in range(1, n)),
                  250),
    "many-links": (lambda n: "[t](/u) " * n, 16000),
    "images-brackets": (lambda n: "[![img](url[)]() " * n, 16000),
    "disabled-openers": (lambda n: "[" * n + "![img](/url" + "[" * n +
                         ")](/outer)" + "]" * (n - 1), 16000),
    "many-references": (lambda n: "".join(
        "[%d]: u\n" % x for x in range(1, n * 4)) + "[0] " * n, 8000),
    "html-openers-closers": (lambda n: "<>" * n, 16000),
    "html-proc-inst": (lambda n: "x" + "<?" * n, 16000),
    "html-cdata": (lambda n: "x" + "<![CDATA[" * n, 16000),
    "html-comments": (lambda n: "x" + "<!--" * n, 16000),
    "backticks-escapes": (lambda n: "\\``" * n, 16000),
    "broken-link-titles": (lambda n: "[ (](" * n, 16000),
    "broken-thematic": (lambda n: "* " * n + "a\n", 16000),
    "entity-openers": (lambda n: "&#" * n, 16000),
    # md4c 0.4.8's quadratic cases (fixed in later md4c releases).
    "nested-invalid-refs": (lambda n: "[" * n + "]" * n + "\n\n[a]: /b\n",
                            8000),
    "broken-links-lines": (lambda n: "]([\n" * n, 16000),
    "links-over-lines": (lambda n: "[a](\n" * n, 16000),
    "ref-uses-over-lines": (lambda n: "[x]: /u\n\n" + "[x]\n" * n, 16000),
    "ref-def-instances": (lambda n: "[x]: " + "x" * n + "\n[x]" * n, 8000),
    "table-rows-links": (lambda n: "|a|b|\n|---|---|\n" +
                         "|[a](/u)|[b][x]|\n" * n + "\n[x]: /v\n", 8000),
    "continued-ordered-links": (lambda n: "para\n" + "2. [a](\n" * n,
                                8000),
    # progdb's own scanners, which step from one byte they look for to the
    # next: one such byte often, the other never (an item full of emoji
    # and no '<', a line of 'T' and no 't').
    "emoji-item": (lambda n: "- [ ] " + "\u2705x" * n + "\n", 50000),
    "capital-t-line": (lambda n: "T" * n + "\n", 100000),
    # Claims: thousands on one line, each reading back to the line's first
    # colon and keeping a copy of the line.
    "claims-one-line": (lambda n: "1/2 done " * n + "\n", 4000),
    "fractions-one-line": (lambda n: "1/2 " * n + "\n", 50000),
    "www-autolinks": (lambda n: "www._" * n + "x", 16000),
    "url-autolinks": (lambda n: "http://_" * n + "x", 16000),
    "email-autolinks": (lambda n: "a@_" * n + "x", 16000),
}

OK_DOC = "# Ordinary\n\n- [x] one\n- [ ] two\n- [ ] three\n"


def ingest_case(progdb, work, name, text):
    d = os.path.join(work, name)
    rel.write(os.path.join(d, "docs", "case.md"), text)
    rel.write(os.path.join(d, "docs", "ok.md"), OK_DOC)
    db = os.path.join(d, "t.db")
    r = rel.run([progdb, "--db", db, "ingest", "--strict", "docs"], cwd=d,
                timeout=HANG_S)
    return r, db


def main():
    progdb = rel.progdb_path()
    names = sys.argv[2:] or list(CASES)
    s = rel.Suite("pathological")
    work = rel.scratch("patho")
    scale = 4 if rel.SLOW else 1
    base = min(ingest_case(progdb, work, "base%d" % i, "# x\n")[0].cpu
               for i in range(3))
    print("baseline ingest: %.3f s CPU" % base)
    worst = 0.0
    for name in names:
        gen, n = CASES[name]
        n *= scale
        times = []
        for size in (n, 4 * n):
            text = gen(size)
            r, db = ingest_case(progdb, work, "%s-%d" % (name, size), text)
            best = r.cpu
            for again in range(2):
                if best > 1.0:
                    break
                best = min(best, ingest_case(progdb, work, "%s-%d-%d" %
                                             (name, size, again),
                                             text)[0].cpu)
            times.append(best)
            what = "%s n=%d (%d KB)" % (name, size, len(text) // 1024)
            s.check(r.rc in (0, 3), what + ": exit 0 or 3", repr(r))
            s.check(r.cpu <= LIMIT_CPU_S, what + ": %.2f s CPU <= %.0f s"
                    " (%.2f s wall)" % (r.cpu, LIMIT_CPU_S, r.secs))
            if r.rc in (0, 3):
                s.check(rel.items_of(db, "ok.md") == 3,
                        what + ": the other file is stored")
            if r.rc == 3:
                s.check(b"case.md" in r.err, what + ": warning names "
                        "the file", repr(r))
        t1 = max(times[0] - base, FLOOR_S)
        t4 = max(times[1] - base, FLOOR_S)
        ratio = t4 / t1
        worst = max(worst, ratio)
        s.check(ratio <= MAX_RATIO, "%s: t(4n)/t(n) = %.2f/%.2f = %.1f" %
                (name, times[1], times[0], ratio))
        s.figure("%-26s CPU t(n)=%.3f s t(4n)=%.3f s ratio %.1f" %
                 (name, times[0], times[1], ratio))
    s.figure("worst growth ratio %.1f over %d cases" % (worst, len(names)))
    s.exit()


if __name__ == "__main__":
    main()
