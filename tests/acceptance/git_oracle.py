#!/usr/bin/env python3
"""git_oracle.py PROGDB SHARED [--repo DIR]... [--seed S] [--commits K] [-v]

Checks the completions of `progdb ingest --git` against git itself (issue
17).  The oracle walks `git log --first-parent -p` (merges diffed against
their first parent, renames followed) over the Markdown files progdb walks
and, within each commit and file, pairs removed and added checklist lines:

  1. the same text and state: the line moved, no tick;
  2. the same text, not done before and done after: a tick whose text is
     unchanged;
  3. in the same hunk, a removed item not done and an added one with an
     id in common (UX100-B4, T012; not a quantity such as 500ms) or half
     of the shorter one's words (stemmed: "test", "tests" and "tested"
     are one word), the most alike first, no pair crossing
     two or more lines kept in the hunk: the item reworded, a tick made
     while the text changed when the added one is done (issue 17.1); a
     hunk replacing n open items with n done ones pairs them in order,
     whatever their words;
  4. anywhere in the file, an open item and a done one whose text is the
     open one's followed by more words: ticked and extended; and, before
     rule 3, an open item of three words or more every one of which
     (stemmed) a single done item has, that done item no other such open
     item: ticked while its text grew, maybe in another hunk (a whole
     match elsewhere beats a pairing at half the words in the hunk);
     and, after rule 3, an open item and a done one that alone name the
     same task ("Task 2", "Story 9.4.1"): ticked and reworded.
     Indented continuation lines are not items: they are detail.  Table
     rows are not read as items (GOLD.md's items and emoji items are list
     items; progdb also reads the rows of a table with a Task column): a
     completion of a row git shows changed is not counted invented, and
     progdb's completions whose mark is a Status cell (not a box or an
     emoji: "DONE `550be34`") are counted apart, neither extras nor in
     the weekly counts.

Per ISO week (UTC), an item (file, text) ticked again after it was reopened
counts once (issue 17.2); two lines of the same text each ticked are two.  progdb's side: its `completed` events, each with the commit
of its run, and per week its items completed (each item once).  Targets:

  - ticks whose text is unchanged: 100% found (same commit and text; a
    move to another file with a tick is reported beside them);
  - all ticks: >= 98% found by (commit, file, text);
  - no completion of a line git shows unchanged in that commit (17.3);
  - per-ISO-week counts equal to the oracle's.

It runs on a generated history (edits while ticking, reverts, renamed
headings, continuation lines, done items added), where every target must
be met, and on each bundle in SHARED/corpus/repos (cloned), or on the
--repo directories given, where the first and third must be met and the
others are reported (git's hunks and progdb's "same place" are two
heuristics for a rewording tick; they disagree on a few percent of real
ones), save that a bundle named in FLOORS must not fall below what
progdb reaches on it.  -v lists the differences.  Exits 77 (skip) when
SHARED/corpus/repos is absent, 1 when a target is missed.  Standard
library only.
"""
import collections
import datetime as dt
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile

# A checklist line: a box, or one of the status emoji progdb reads as a
# mark (✅ ✔ ☑ done; ⬜ 🚧 ⏳ 🔄 ❌ not), also after leading emphasis
# ("- **✅ MCP Protocol**: ...": GOLD.md's emoji items).
DONE_MARKS = ("x", "X", "\u2705", "\u2714", "\u2611")
ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(?:\[([ xX~/\-])\]|"
                  "(?:\\*\\*|__|\\*|_|~~)*([\u2705\u2714\u2611\u2b1c\u23f3\u274c]|"
                  "\U0001f6a7|\U0001f504)\ufe0f?)\s+(.*?)\s*$")
LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[.\]\s+)?")
LINK = re.compile(r"\]\([^)]*\)")
IDENT = re.compile(r"[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*")
HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@")
ENV = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8",
           GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
ENV.pop("PROGDB_DB", None)


TAG = re.compile(r"</?[A-Za-z][^<>`]*>")


def norm(text):
    """Lower-cased words of letters and digits, links' targets left out,
    and raw HTML tags outside code spans (`show <name>` is an inline tag
    to Markdown, which a reader of the rendered text never sees)."""
    parts = text.split("`")
    text = "`".join(p if i % 2 else TAG.sub(" ", p)
                    for i, p in enumerate(parts))
    text = LINK.sub(" ", text).lower()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def words(text):
    return norm(text).split()


QUANTITY = re.compile(r"^[0-9][0-9._-]*[A-Za-z_-]*$")


def ids(text):
    """Words of letters and digits both (UX100-B4, T012); a number followed
    by letters only (500ms, 50MB) is a quantity, not an id."""
    return {w.lower() for w in IDENT.findall(text)
            if len(w) >= 3 and any(c.isdigit() for c in w)
            and any(c.isalpha() for c in w) and not QUANTITY.match(w)}


def walked(path):
    """The files progdb walks: .md and .markdown, no hidden directory or
    node_modules on the way."""
    parts = path.split("/")
    if any(p.startswith(".") or p == "node_modules" for p in parts[:-1]):
        return False
    return parts[-1].lower().endswith((".md", ".markdown"))


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, env=ENV,
                          stdout=subprocess.PIPE).stdout.decode(
                              "utf-8", "replace")


# --------------------------------------------------------------------------
# the oracle
# --------------------------------------------------------------------------
def diffs(repo):
    """(commit, time, file, hunks) per changed walked file, first parent
    only; a hunk is ([removed lines], [added lines])."""
    # Markdown pathspecs only, as progdb's own (issue 17.6): a blob of
    # another type missing from a partial clone must not stop the walk.
    out = git(repo, "log", "--first-parent", "--diff-merges=first-parent",
              "-p", "-U0", "-M", "--no-color", "--format=%x01%H %ct",
              "--reverse", "--", ":(icase)*.md", ":(icase)*.markdown")
    commit = when = path = gone = None
    hunks = []
    for line in out.split("\n"):
        if line.startswith("\x01"):
            if path is not None:
                yield commit, when, path, hunks
            commit, t = line[1:].split()
            when = dt.datetime.fromtimestamp(int(t), dt.timezone.utc)
            path, hunks = None, []
        elif line.startswith("diff --git "):
            if path is not None:
                yield commit, when, path, hunks
            path, hunks = None, []
        elif line.startswith("--- "):
            p = line[4:]
            gone = p[2:] if p.startswith("a/") else None
        elif line.startswith("+++ "):
            p = line[4:]
            # A deleted file's lines are removed from its old path.
            path = p[2:] if p.startswith("b/") else gone
            if path is not None and not walked(path):
                path = None
        elif HUNK.match(line):
            hunks.append(([], []))
        elif hunks and line.startswith("-") and not line.startswith("---"):
            hunks[-1][0].append(line[1:])
        elif hunks and line.startswith("+") and not line.startswith("+++"):
            hunks[-1][1].append(line[1:])
    if path is not None:
        yield commit, when, path, hunks


def items_of(lines, hunk):
    out = []
    for ln in lines:
        m = ITEM.match(ln)
        if m and norm(m.group(4)):
            mark = m.group(2) or m.group(3)
            out.append({"done": mark in DONE_MARKS, "text": m.group(4),
                        "norm": norm(m.group(4)), "hunk": hunk,
                        "pos": len(out), "used": False, "kept": None})
    return out


def pair_exact(removed, added, same_state, same_hunk=False):
    """Pairs removed and added lines of the same text (same_state: and
    state), same_hunk: only within a hunk.  Run with same_hunk first: of
    several identical lines, the one that stood in the hunk is the one
    replaced, not one the file removed elsewhere."""
    ticks = []
    by_text = collections.defaultdict(list)
    for r in removed:
        if not r["used"]:
            by_text[r["norm"]].append(r)
    for a in added:
        if a["used"]:
            continue
        for r in by_text.get(a["norm"], ()):
            if r["used"] or (same_state and r["done"] != a["done"]) or \
                    (same_hunk and r["hunk"] != a["hunk"]):
                continue
            r["used"] = a["used"] = True
            if same_hunk:
                r["kept"], a["kept"] = a, r
            if not r["done"] and a["done"]:
                ticks.append((a, "unchanged"))
            elif r["done"] and not a["done"]:
                ticks.append((a, "reopened"))
            break
    return ticks


def stem(w):
    """A word's English ending left out, as a reader hears "test",
    "tests", "tested" and "testing" as one word (issue 17, ClaudeDirector
    af1b3ef330: "[ ] All P0 tests continue passing" is "[x] Preserve all
    P0 test compatibility", 3 of 5 words): -ing, -ed, -s (not -ss), then
    a final e, on words long enough to keep a stem."""
    n = len(w)
    if n >= 6 and w.endswith("ing"):
        n -= 3
    elif n >= 5 and w.endswith("ed"):
        n -= 2
    elif n >= 4 and w.endswith("s") and not w.endswith("ss"):
        n -= 1
    return w[:n - 1] if n >= 4 and w[n - 1] == "e" else w[:n]


def contained(a, b):
    """The share of the shorter text's words the other has, stemmed."""
    wa = collections.Counter(stem(w) for w in words(a))
    wb = collections.Counter(stem(w) for w in words(b))
    common = sum((wa & wb).values())
    shorter = min(sum(wa.values()), sum(wb.values()))
    return common / shorter if shorter else 0.0


def crosses(r, a, removed):
    """Pairing removed r with added a would cross two or more lines kept
    in their hunk (same text, one above and the other below it): a line
    may swap with a neighbour, but the pairs of a hunk keep their order
    ("[ ] `LearningLayer` with pattern recognition" under Phase 3 is not
    "✅ Phase 2.2: Framework pattern recognition" above two items Phase
    2 kept)."""
    return sum(k["kept"] is not None and k["hunk"] == r["hunk"] and
               (k["pos"] < r["pos"]) != (k["kept"]["pos"] < a["pos"])
               for k in removed) >= 2


def pair_same_place(removed, added):
    """In one hunk, an open item and an added item with an id in common
    or half of the shorter one's words (stemmed), the most alike first,
    no pair crossing two kept lines: the item reworded; a tick when the
    added one is done ("[ ] Error categorization implemented" reworded
    into "[ ] SDK error categorization implemented (5 categories ...)" is
    no tick of "✅ SDK-specific error categorization taxonomy" added
    above)."""
    ticks, cands = [], []
    for a in added:
        if a["used"]:
            continue
        for r in removed:
            if r["used"] or r["done"] or r["hunk"] != a["hunk"]:
                continue
            score = contained(r["text"], a["text"])
            if ids(r["text"]) & ids(a["text"]):
                score += 1
            elif score < 0.5:
                continue
            if not crosses(r, a, removed):
                cands.append((-score, a["pos"], r["pos"], id(a), a, r))
    cands.sort(key=lambda c: c[:3])
    for _, _, _, _, a, r in cands:
        if a["used"] or r["used"]:
            continue
        r["used"] = a["used"] = True
        if a["done"]:
            ticks.append((a, "reworded"))
    return ticks


def pair_extended(removed, added):
    """An open item and a done one anywhere in the file whose text is the
    open one's followed by more words ("All existing functionality
    preserved" -> "... preserved identically" in another section): the
    item ticked with its text extended."""
    ticks = []
    for a in added:
        if a["used"] or not a["done"]:
            continue
        for r in removed:
            if not r["used"] and not r["done"] and \
                    a["norm"].startswith(r["norm"] + " "):
                r["used"] = a["used"] = True
                ticks.append((a, "reworded"))
                break
    return ticks


def pair_grown(removed, added):
    """An open item of three words or more, every one of which (stemmed)
    one done item alone has, and that done item no other such open item,
    anywhere in the file: ticked while its text grew ("[ ] CLI tools are
    lightweight interfaces only" moved with its list as "[x] ~~All CLI
    tools are <50 lines (lightweight interfaces only)~~ **ELIMINATED**"
    in a later hunk; not "[x] ~~Create unified CLI interface ...~~"
    left in its own, 3 of 6 words).  Before the pairing within a hunk."""
    def bag(text):
        return collections.Counter(stem(w) for w in words(text))
    opens = [(r, bag(r["text"])) for r in removed
             if not r["used"] and not r["done"]]
    opens = [(r, b) for r, b in opens if sum(b.values()) >= 3]
    src, claims = {}, collections.Counter()
    for a in added:
        if a["used"] or not a["done"]:
            continue
        ba = bag(a["text"])
        hits = [r for r, b in opens if not (b - ba)]
        if len(hits) == 1:
            src[id(a)] = (a, hits[0])
            claims[id(hits[0])] += 1
    ticks = []
    for a, r in src.values():
        if claims[id(r)] == 1:
            r["used"] = a["used"] = True
            ticks.append((a, "reworded"))
    return ticks


NAMED_ID = re.compile(r"\b(task|story|step)\s+(\d+(?:\.\d+)*)\b", re.I)


def named_ids(text):
    """"Task 2", "Story 9.4.1": a word that names a unit of work and its
    number, an id as progdb reads one."""
    return {"%s %s" % (w.lower(), n) for w, n in NAMED_ID.findall(text)}


def pair_named_id(removed, added):
    """Anywhere in the file, an open item and a done one naming the same
    task ("⏳ Task 2: P1 页面 100% 集成验证 - 待启动" -> "✅ Task 2: P1 页面集成评估
    - 完成" in another hunk), when no other open item and no other done
    item names it: the item ticked and reworded."""
    def by_id(items):
        out = collections.defaultdict(list)
        for it in items:
            for i in named_ids(it["text"]):
                out[i].append(it)
        return out
    opens = by_id(r for r in removed if not r["used"] and not r["done"])
    dones = by_id(a for a in added if not a["used"] and a["done"])
    ticks = []
    for i, rs in opens.items():
        ads = dones.get(i, [])
        if len(rs) == 1 and len(ads) == 1 and not rs[0]["used"] and \
                not ads[0]["used"]:
            rs[0]["used"] = ads[0]["used"] = True
            ticks.append((ads[0], "reworded"))
    return ticks


def pair_one_for_one(removed, added):
    """A hunk that replaces n >= 2 open items with n done ones, those of the
    same text at the same places, is a list rewritten item for item as it
    was ticked
    ("- [ ] Graceful handling of state corruption" -> "- ✅ ... graceful
    fallback handling"): the k-th open item is the k-th done one, whatever
    words they share."""
    ticks = []
    for h in {r["hunk"] for r in removed}:
        rs = [r for r in removed if r["hunk"] == h]
        ads = [a for a in added if a["hunk"] == h]
        # Lines that kept their text must keep their places: where one
        # was dropped above them and another appended below, those are
        # two items, not a tick.
        if len(rs) < 2 or len(rs) != len(ads) or any(r["done"] for r in rs) \
                or not all(a["done"] for a in ads) or any(
                    r["used"] != a["used"] or (r["used"] and
                                               r["norm"] != a["norm"])
                    for r, a in zip(rs, ads)):
            continue
        for r, a in zip(rs, ads):
            if not r["used"]:
                r["used"] = a["used"] = True
                ticks.append((a, "reworded"))
    return ticks


def oracle(repo):
    """Ticks: dicts commit, when, file, text, norm, kind; and per commit
    the normalised texts of every added line (anything it may complete).
    What is left over in one file of a commit pairs with another file's
    by the same text: an item moved (and maybe ticked) between files."""
    ticks, added_lines = [], collections.defaultdict(set)
    reopened = []
    left = collections.defaultdict(lambda: ([], []))

    def record(commit, when, path, found):
        for a, kind in found:
            if kind == "reopened":
                reopened.append((when, path, a["norm"]))
                continue
            ticks.append({"commit": commit, "when": when, "file": path,
                          "text": a["text"], "norm": a["norm"],
                          "kind": kind})
    for commit, when, path, hunks in diffs(repo):
        removed, added = [], []
        for h, (minus, plus) in enumerate(hunks):
            removed += items_of(minus, h)
            added += items_of(plus, h)
            for ln in plus:
                # A table row's cells too: progdb reads a row of a table
                # with a Task column as an item titled by that cell
                # ("| T01 | DONE `550be34` | bootstrap ... |" is "T01").
                cells = ln.strip().strip("|").split("|") \
                    if ln.lstrip().startswith("|") else []
                for t in [norm(LIST.sub("", ln))] + [norm(c) for c in cells]:
                    if t:
                        added_lines[commit].add(t)
        found = pair_exact(removed, added, True, True)
        found += pair_exact(removed, added, False, True)
        found += pair_exact(removed, added, True)
        found += pair_exact(removed, added, False)
        found += pair_one_for_one(removed, added)
        found += pair_grown(removed, added)
        found += pair_same_place(removed, added)
        found += pair_named_id(removed, added)
        found += pair_extended(removed, added)
        record(commit, when, path, found)
        left[commit, when][0].extend(r for r in removed if not r["used"])
        left[commit, when][1].extend(dict(a, file=path) for a in added
                                     if not a["used"])
    for (commit, when), (removed, added) in left.items():
        pair_exact(removed, added, True)
        for a, kind in pair_exact(removed, added, False):
            if kind == "unchanged":
                record(commit, when, a["file"], [(a, "moved")])
    return ticks, added_lines, reopened


# --------------------------------------------------------------------------
# progdb's side
# --------------------------------------------------------------------------
def progdb_completions(db):
    sql = ("SELECT r.commit_id, r.observed_at, d.path, e.title, e.entity_id, "
           "e.mark "
           "FROM event e JOIN ingest_run r ON r.id = e.run_id "
           "JOIN document d ON d.id = e.document_id "
           "WHERE e.entity = 'item' AND e.kind = 'completed' "
           "ORDER BY e.id")
    c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    try:
        rows = c.execute(sql).fetchall()
    finally:
        c.close()
    return [{"commit": c, "when": dt.datetime.fromisoformat(at).replace(
        tzinfo=dt.timezone.utc), "file": p, "title": t, "norm": norm(t),
        "item": i, "row": table_mark(m)} for c, at, p, t, i, m in rows]


def table_mark(mark):
    """A table row's Status cell as progdb writes it in the mark: neither
    a box ("[x]", "[DONE]") nor an emoji, but words ("DONE `550be34`")."""
    mark = mark or ""
    return not mark.startswith("[") and (mark == "-" or any(
        c.isascii() and c.isalnum() for c in mark))


def iso_week(when):
    y, w, _ = when.isocalendar()
    return "%d-W%02d" % (y, w)


def same_text(tick_norm, title_norm):
    """progdb's title may carry continuation lines after the first."""
    return title_norm == tick_norm or title_norm.startswith(tick_norm + " ")


def weekly_counts(progdb, db):
    """A function: ISO week -> rows `progdb weekly` lists as completed."""
    def count(week):
        y, w = week.split("-W")
        monday = dt.date.fromisocalendar(int(y), int(w), 1)
        out = subprocess.run(
            [progdb, "--db", db, "weekly", "--since", monday.isoformat(),
             "--until", (monday + dt.timedelta(days=6)).isoformat(),
             "--format", "csv"], check=True, env=ENV,
            stdout=subprocess.PIPE, text=True).stdout
        return sum(ln.startswith("completed,") for ln in out.splitlines())
    return count


def week_items(ticks, reopened):
    """ISO week -> the oracle's items ticked in it.  An item is its file
    and text: ticked again in the week after it was reopened there (17.2),
    it counts once; two lines of the same text ticked (in one commit or
    in two, each in its own section) are as many items."""
    events = sorted([(t["when"], 1, iso_week(t["when"]), t["file"],
                      t["norm"]) for t in ticks] +
                    [(w, 0, iso_week(w), f, n) for w, f, n in reopened],
                    key=lambda e: (e[0], e[1]))
    want, reopen, ticked = (collections.Counter(), collections.Counter(),
                            collections.Counter())
    for _, tick, wk, f, n in events:
        key = (wk, f, n)
        if not tick:
            reopen[key] = min(reopen[key] + 1, ticked[key])
        elif reopen[key] > 0:
            reopen[key] -= 1
        else:
            ticked[key] += 1
            want[wk] += 1
    return want


def compare(name, ticks, added_lines, reopened, done, verbose, weekly=None):
    rows = [c for c in done if c["row"]]
    done = [c for c in done if not c["row"]]
    by_commit = collections.defaultdict(list)
    for c in done:
        by_commit[c["commit"]].append(c)
    found = {"unchanged": [0, 0], "moved": [0, 0], "reworded": [0, 0]}
    same_file = 0
    missed = []
    for t in ticks:
        kind = found[t["kind"]]
        kind[1] += 1
        cands = [c for c in by_commit.get(t["commit"], ())
                 if not c.get("used") and same_text(t["norm"], c["norm"])]
        # The same file first, then the same whole text (a title that
        # merely starts with the tick's text is another item's).
        cands.sort(key=lambda c: (c["file"] != t["file"],
                                  c["norm"] != t["norm"]))
        if cands:
            cands[0]["used"] = True
            kind[0] += 1
            same_file += cands[0]["file"] == t["file"]
        else:
            missed.append(t)
    invented = [c for c in done if not any(
        c["norm"] == line or c["norm"].startswith(line + " ")
        for line in added_lines.get(c["commit"], ()))]
    extra = [c for c in done if not c.get("used")]
    # Per ISO week: each item once.
    want, got = week_items(ticks, reopened), collections.Counter()
    for wk, _ in {(iso_week(c["when"]), c["item"]) for c in done}:
        got[wk] += 1
    weeks = sorted(set(want) | set(got))
    bad_weeks = [(w, want[w], got[w]) for w in weeks if want[w] != got[w]]
    if weekly is not None:
        listed = {w: weekly(w) for w in weeks}
        bad_weeks += [(w + " (weekly)", want[w], listed[w]) for w in weeks
                      if listed[w] != want[w]]
    total = sum(v[1] for v in found.values())
    hit = sum(v[0] for v in found.values())
    same = [found["unchanged"][k] + found["moved"][k] for k in (0, 1)]

    def pct(a, b):
        return 100.0 * a / b if b else 100.0
    print("%s: ticks with unchanged text %d/%d (%.1f%%, %d/%d moved between "
          "files); all ticks %d/%d (%.1f%%, %d in the same file); "
          "completions of lines git shows unchanged: %d; progdb completions "
          "the oracle has not: %d; ISO weeks equal: %d/%d; table rows "
          "completed (not compared): %d" % (
              name, same[0], same[1], pct(*same), found["moved"][0],
              found["moved"][1], hit, total, pct(hit, total),
              same_file, len(invented), len(extra),
              len(weeks) - len({w.split()[0] for w, _, _ in bad_weeks}),
              len(weeks), len(rows)))
    if verbose:
        for t in missed[:15]:
            print("  missed %s %s %s: %s" % (t["commit"][:10], t["kind"],
                                             t["file"], t["text"][:90]))
        for c in invented[:10]:
            print("  invented %s %s: %s" % (c["commit"][:10], c["file"],
                                           c["title"][:90]))
        for c in extra[:10]:
            print("  extra %s %s: %s" % (c["commit"][:10], c["file"],
                                        c["title"][:90]))
        for w, a, b in bad_weeks[:10]:
            print("  week %s: oracle %d, progdb %d" % (w, a, b))
    # Hard: ticks in one file whose text is unchanged, and nothing
    # invented; moves between files are the oracle's extension.
    hard = found["unchanged"][0] == found["unchanged"][1] and not invented
    floor = FLOORS.get(name)
    if floor is not None and (pct(hit, total) < floor[0] or len(
            {w.split()[0] for w, _, _ in bad_weeks}) > floor[1]):
        print("  below this bundle's floor: all ticks >= %.1f%%, at most %d "
              "weeks unequal" % floor)
        hard = False
    return hard, hard and pct(hit, total) >= 98.0 and not bad_weeks


# What progdb reaches on the three bundles, enforced so that it does not
# slip back (all ticks found, %; ISO weeks whose counts differ).  The
# differences left, read one by one (issue 17 notes), are mostly the
# oracle's: a hunk that rewrites a whole section pairs unrelated lines
# at half their words.  (ClaudeDirector 2025-W37, af1b3ef330, now equal:
# "[ ] CLI tools are lightweight interfaces only" moved with its list to
# Story 9.4.9 as "[x] ~~All CLI tools are <50 lines (lightweight
# interfaces only)~~ **ELIMINATED**" in a later hunk; both sides paired
# it with "[x] ~~Create unified CLI interface ...~~" or lost it before
# the rule "ticked while its text grew".)  Unityplan 2025-W45 is one
# week unequal since two items "Create service structure" of different
# sections ticked in 38cb08d5a4 and ca2c3be2f0 count as two (they counted
# once, hiding the one tick progdb misses there, "Bootstrap script").
FLOORS = {
    "AvivSela__history_game": (100.0, 0),
    "Unityplan__unityplatform": (100.0, 0),
    "chriscantu__ClaudeDirector": (100.0, 0),
}


def check_repo(progdb, name, repo, work, verbose):
    """(hard targets met, all targets met) for one repository."""
    db = os.path.join(work, name + ".db")
    r = subprocess.run([progdb, "--db", db, "-q", "ingest", "--git", "."],
                       cwd=repo, env=ENV, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if r.returncode not in (0, 3):
        print("%s: ingest --git failed (%d): %s" % (name, r.returncode,
                                                    r.stderr.strip()[-400:]))
        return False, False
    ticks, added_lines, reopened = oracle(repo)
    # weekly itself only where no document writes completion dates, which
    # it prefers to the commit's.
    return compare(name, ticks, added_lines, reopened,
                   progdb_completions(db), verbose,
                   weekly_counts(progdb, db) if name == "generated" else None)


# --------------------------------------------------------------------------
# a generated history
# --------------------------------------------------------------------------
VOCAB = ("parser lexer importer exporter schema cache queue worker index "
         "report billing login upload search audit backup metrics alert "
         "config deploy docs api client server token session retry").split()


def gen_history(repo, seed, commits):
    """A repository whose commits tick items while rewording them or
    adding continuation lines, revert ticks ([ ] and [-]), rename headings,
    add done items and reword open ones; one to three changes a commit."""
    rng = random.Random(seed)
    git(os.path.dirname(repo), "init", "-q", "-b", "main", repo)
    files = {}
    serial = 0
    for f in ("plan.md", "docs/phase1.md", "docs/phase2.md"):
        secs = []
        for s in range(3):
            its = []
            for _ in range(6):
                serial += 1
                its.append({"id": "T%03d" % serial if rng.random() < 0.4
                            else None, "mark": " ", "cont": [],
                            "words": rng.sample(VOCAB, 4)})
            secs.append({"title": "Phase %d.%d %s" % (len(files) + 1, s + 1,
                                                       rng.choice(VOCAB)),
                         "items": its})
        files[f] = secs

    def text(it):
        return ((it["id"] + " ") if it["id"] else "") + \
            "Build the " + " ".join(it["words"])

    def write():
        for f, secs in files.items():
            out = ["# " + f, ""]
            for s in secs:
                out += ["## " + s["title"], ""]
                for it in s["items"]:
                    out.append("- [%s] %s" % (it["mark"], text(it)))
                    out += ["  " + c for c in it["cont"]]
                out.append("")
            p = os.path.join(repo, f)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as fh:
                fh.write("\n".join(out))

    def commit(day):
        at = "2025-09-01T10:00:00Z"
        at = (dt.datetime(2025, 9, 1, 10, tzinfo=dt.timezone.utc) +
              dt.timedelta(hours=13 * day)).strftime("%Y-%m-%dT%H:%M:%SZ")
        env = dict(ENV, GIT_AUTHOR_NAME="Gen", GIT_AUTHOR_EMAIL="g@e.x",
                   GIT_COMMITTER_NAME="Gen", GIT_COMMITTER_EMAIL="g@e.x",
                   GIT_AUTHOR_DATE=at, GIT_COMMITTER_DATE=at)
        subprocess.run(["git", "-C", repo, "add", "-A"], check=True, env=env)
        subprocess.run(["git", "-C", repo, "commit", "-q", "--allow-empty", "-m",
                        "day %d" % day], check=True, env=env)

    write()
    commit(0)
    for day in range(1, commits):
        for _ in range(rng.randint(1, 3)):
            f = rng.choice(list(files))
            s = rng.choice(files[f])
            it = rng.choice(s["items"])
            op = rng.random()
            if op < 0.25 and it["mark"] != "x":
                it["mark"] = "x"                        # a plain tick
            elif op < 0.4 and it["mark"] != "x":
                it["mark"] = "x"                        # tick + reword
                k = rng.randrange(4)
                it["words"][k] = rng.choice(VOCAB)
                if it["id"] is None:
                    it["words"][(k + 1) % 4] = rng.choice(VOCAB)
            elif op < 0.5 and it["mark"] != "x":
                it["mark"] = "x"                        # tick + detail
                it["cont"].append("→ verified in run %d" % day)
            elif op < 0.6 and it["mark"] == "x":
                it["mark"] = rng.choice(" -")           # revert
            elif op < 0.7:
                s["title"] = "Phase %s %s" % (rng.choice(VOCAB),
                                              rng.choice(VOCAB))
            elif op < 0.8:
                serial += 1
                s["items"].append({"id": None, "mark": rng.choice(" x"),
                                   "cont": [], "words": rng.sample(VOCAB,
                                                                   4)})
            elif op < 0.9 and it["mark"] == " ":
                it["words"][rng.randrange(4)] = rng.choice(VOCAB)
        write()
        commit(day)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    progdb, shared = os.path.abspath(argv[1]), argv[2]
    verbose = "-v" in argv
    repos = [argv[i + 1] for i, a in enumerate(argv) if a == "--repo"]
    bundles_dir = os.path.join(shared, "corpus", "repos")
    if not repos and not os.path.isdir(bundles_dir):
        print("skip: %s not found" % bundles_dir)
        return 77
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 17
    commits = int(argv[argv.index("--commits") + 1]) \
        if "--commits" in argv else 120
    ok = True
    with tempfile.TemporaryDirectory() as work:
        gen = os.path.join(work, "generated")
        gen_history(gen, seed, commits)
        ok &= check_repo(progdb, "generated", gen, work, verbose)[1]
        if not repos:
            for b in sorted(os.listdir(bundles_dir)):
                if not b.endswith(".bundle"):
                    continue
                d = os.path.join(work, b[:-len(".bundle")])
                subprocess.run(["git", "clone", "-q", os.path.join(
                    bundles_dir, b), d], check=True, env=ENV,
                    stderr=subprocess.DEVNULL)
                repos.append(d)
        for d in repos:
            hard, every = check_repo(progdb, os.path.basename(d.rstrip("/")),
                                     os.path.abspath(d), work, verbose)
            ok &= hard
            if hard and not every:
                print("  (real history: the >= 98% and per-week targets "
                      "are reported, not enforced)")
    print("targets met" if ok else "targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
