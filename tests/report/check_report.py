#!/usr/bin/env python3
"""tests/report/check_report.py PROGDB CASE_DIR [--files N SHARED]

The HTML report as a browser sees it.  Builds the database of the golden
`report` case (CASE_DIR: its docs/ and week2/, ingested a week apart),
writes `progdb report --format html`, and has headless Chromium load the
page twice: once for a screenshot, which must not be blank and must show
the charts' colours, and once for the DOM it built (--dump-dom), which must
hold every section, the progress bars, the burndown charts with their axes,
series and legend, and the document's <script> heading as text, never as
an element.  The same checks must reject broken pages (truncated, empty),
so that a checker that passes everything cannot pass.

With --files N SHARED: the report of a tree of N generated files
(SHARED/bench/gencorpus.py; skip when it is absent) must be at most 1 MB
and pass the same checks (but the hostile heading, which it lacks).

Standard library only.  Exit status: 0 pass, 1 fail, 77 skip (no
chromium).  Chromium runs with --no-sandbox, as the tests run as root.
"""
import html.parser
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

SECTIONS = ["summary", "overall", "numbers", "moved", "disagrees",
            "documents", "period", "risks", "debt", "burndown", "log",
            "findings"]
MAX_BYTES = 1 << 20               # a 10,000-file tree's report
BLUE = (0x00, 0x72, 0xB2)         # remaining as written, progress bars
VERMILLION = (0xD5, 0x5E, 0x00)   # counted from history
HOSTILE = '<script>alert("x")</script>'


def run(args, **kw):
    return subprocess.run(args, capture_output=True, timeout=900, **kw)


def chromium(browser, profile, *args):
    """Chromium's stdout for one headless run."""
    r = run([browser, "--headless", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--hide-scrollbars",
             "--force-device-scale-factor=0.5",
             "--user-data-dir=" + profile] + list(args))
    return r.stdout


# ---- PNG: just enough to count pixels (8-bit RGB or RGBA, no interlace).

def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def unfilter(raw, width, height, bpp):
    stride = width * bpp
    out = bytearray()
    prev = bytearray(stride)
    pos = 0
    for _ in range(height):
        kind = raw[pos]
        line = bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                line[i] = (line[i] + paeth(a, b, c)) & 0xFF
        out += line
        prev = line
    return out


def png_pixels(data):
    """[(r, g, b)] of an 8-bit RGB(A) PNG, or None if it is not one."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    pos, idat, ihdr = 8, b"", None
    while pos + 8 <= len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    if ihdr is None:
        return None
    width, height, depth, colour, _, _, interlace = ihdr
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        return None
    bpp = 3 if colour == 2 else 4
    px = unfilter(zlib.decompress(idat), width, height, bpp)
    return [tuple(px[i:i + 3]) for i in range(0, len(px), bpp)]


def near(p, q, tolerance=24):
    return all(abs(a - b) <= tolerance for a, b in zip(p, q))


def screenshot_problems(pixels):
    if not pixels:
        return ["the screenshot is not a readable PNG"]
    problems = []
    inked = sum(1 for p in pixels if sum(p) < 3 * 235)
    if inked < len(pixels) // 200:
        problems.append("the page looks blank (%d of %d pixels inked)"
                        % (inked, len(pixels)))
    if sum(1 for p in pixels if near(p, BLUE)) < 100:
        problems.append("no blue bars or chart lines on screen")
    if sum(1 for p in pixels if near(p, VERMILLION)) < 10:
        problems.append("no vermillion (counted from history) on screen")
    return problems


# ---- DOM

class Dom(html.parser.HTMLParser):
    """Ids, elements and text of the DOM Chromium dumped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.tags = {}
        self.svg_stack = []     # classes of the <svg> elements we are in
        self.in_chart = {}      # class of an element -> count inside charts
        self.charts = 0
        self.bars = 0
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if "id" in a:
            self.ids.add(a["id"])
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == "svg":
            self.svg_stack.append(cls)
            if "chart" in cls and "burndown" in cls:
                self.charts += 1
            if "bar" in cls:
                self.bars += 1
        elif self.svg_stack and "chart" in self.svg_stack[0]:
            for c in cls + [tag]:
                self.in_chart[c] = self.in_chart.get(c, 0) + 1

    def handle_endtag(self, tag):
        if tag == "svg" and self.svg_stack:
            self.svg_stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def dom_problems(dump, hostile=True):
    d = Dom()
    d.feed(dump.decode("utf-8", "replace"))
    text = "".join(d.text)
    problems = ["no section #%s" % s for s in SECTIONS if s not in d.ids]
    if d.tags.get("script", 0) > 0:
        problems.append("the page has <script> elements")
    if d.tags.get("img", 0) > 0:
        problems.append("document text became an <img> element")
    if hostile and HOSTILE not in text:
        problems.append("the <script> heading is not shown as text")
    if d.charts < 2:
        problems.append("%d burndown charts, expected 2" % d.charts)
    if d.bars < 10:
        problems.append("%d progress bars, expected at least 10" % d.bars)
    # One ingest of a generated tree has no history: no counted series.
    parts = [("axis", 4), ("legend", 2), ("polyline", 4), ("written", 2),
             ("circle", 6), ("text", 20)]
    if hostile:
        parts += [("seen", 2), ("ideal", 1)]
    for part, least in parts:
        if d.in_chart.get(part, 0) < least:
            problems.append("charts hold %d '%s' elements, expected at "
                            "least %d" % (d.in_chart.get(part, 0), part,
                                          least))
    return problems


def check(browser, work, page, hostile=True):
    """Everything wrong with page as Chromium renders it."""
    url = "file://" + os.path.abspath(page)
    png = os.path.join(work, "shot.png")
    if os.path.exists(png):
        os.unlink(png)
    chromium(browser, os.path.join(work, "profile"),
             "--window-size=1000,4000", "--screenshot=" + png, url)
    try:
        with open(png, "rb") as fh:
            pixels = png_pixels(fh.read())
    except OSError:
        pixels = None
    dump = chromium(browser, os.path.join(work, "profile"), "--dump-dom",
                    url)
    return screenshot_problems(pixels) + dom_problems(dump, hostile)


def build_report(progdb, case, work):
    docs = os.path.join(work, "docs")
    db = os.path.join(work, "progdb.db")
    shutil.copytree(os.path.join(case, "docs"), docs)
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
    steps = [["ingest", "--as-of", "2025-11-10T09:00", docs],
             None,
             ["ingest", "--as-of", "2025-11-17T09:00", docs],
             ["report", "--as-of", "2025-11-17", "--format", "html", "-o",
              os.path.join(work, "report.html")]]
    for step in steps:
        if step is None:
            week2 = os.path.join(case, "week2")
            for name in os.listdir(week2):
                shutil.copy(os.path.join(week2, name), docs)
            continue
        r = run([progdb, "-q", "--db", db] + step, env=env)
        if r.returncode != 0:
            sys.exit("progdb %s failed (%d): %s" % (step[0], r.returncode,
                                                     r.stderr.decode()))
    return os.path.join(work, "report.html")


def check_big(progdb, browser, files, shared):
    """The report of a generated tree of `files` files: size and DOM."""
    gen = os.path.join(shared, "bench", "gencorpus.py")
    if not os.path.exists(gen):
        print("SKIP: %s is not there" % gen)
        return 77
    with tempfile.TemporaryDirectory() as work:
        tree, db = os.path.join(work, "tree"), os.path.join(work, "t.db")
        page = os.path.join(work, "report.html")
        r = run([sys.executable, gen, "--files", str(files), tree])
        if r.returncode != 0:
            sys.exit("gencorpus.py failed: " + r.stderr.decode())
        env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
        run([progdb, "-q", "--db", db, "ingest", tree], env=env)
        r = run([progdb, "--db", db, "report", "--format", "html", "-o",
                 page], env=env)
        if r.returncode != 0:
            sys.exit("progdb report failed: " + r.stderr.decode())
        size = os.path.getsize(page)
        problems = check(browser, work, page, hostile=False)
        if size > MAX_BYTES:
            problems.append("%d bytes for %d files, more than %d" %
                            (size, files, MAX_BYTES))
        for p in problems:
            print("FAIL: report of %d files: %s" % (files, p))
        if not problems:
            print("ok: report of %d files: %d bytes, renders with every "
                  "section and chart" % (files, size))
        return 1 if problems else 0


def main():
    if len(sys.argv) not in (3, 6) or (len(sys.argv) == 6 and
                                       sys.argv[3] != "--files"):
        sys.exit("usage: check_report.py PROGDB CASE_DIR [--files N SHARED]")
    progdb, case = os.path.abspath(sys.argv[1]), sys.argv[2]
    browser = shutil.which("chromium")
    if browser is None:
        print("SKIP: chromium is not installed")
        return 77
    if len(sys.argv) == 6:
        return check_big(progdb, browser, int(sys.argv[4]), sys.argv[5])
    failed = 0
    with tempfile.TemporaryDirectory() as work:
        page = build_report(progdb, case, work)
        problems = check(browser, work, page)
        for p in problems:
            print("FAIL: report.html: " + p)
        failed += bool(problems)
        with open(page, "rb") as fh:
            whole = fh.read()
        broken = {"truncated.html": whole[:len(whole) // 3],
                  "empty.html": b""}
        for name, data in broken.items():
            path = os.path.join(work, name)
            with open(path, "wb") as fh:
                fh.write(data)
            found = check(browser, work, path)
            if not found:
                print("FAIL: the checker accepts the broken %s" % name)
                failed += 1
            else:
                print("ok: %s rejected (%s, ...)" % (name, found[0]))
    if not failed:
        print("ok: report.html renders with every section and chart")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
