#!/usr/bin/env python3
"""truth.py PROGDB SHARED [--files N] [--seed S] - ingest a tree made by
../shared/bench/gencorpus.py and compare what progdb stored with the
generator's .truth.json, file by file: GFM task items, done / open / [X],
nesting depths, current-step markers, items with inline dates, headings,
templates, every heading that directly holds items (line, level, item
and done counts), tables and their rows, risk, debt and burndown rows,
risk bullet blocks, dated log headings and weekly summaries.  Exits 77 (skip) when SHARED is absent, 1 on any
mismatch.  Standard library only.
"""
import json
import os
import subprocess
import sys
import tempfile

GFM = "i.source = 'checkbox' AND i.mark IN ('[ ]', '[x]', '[X]')"


def sql(progdb, db, query):
    out = subprocess.run([progdb, "--db", db, "sql", "--format", "json",
                          query], check=True, stdout=subprocess.PIPE).stdout
    return json.loads(out)


def stored(progdb, db):
    """Per path, the figures truth.json has, as progdb stored them."""
    docs = {}
    for r in sql(progdb, db, "SELECT id, rel_path AS path, is_template, "
                 "(SELECT count(*) FROM section s WHERE s.document_id = d.id) "
                 "AS headings FROM document d WHERE removed_run IS NULL"):
        docs[r["id"]] = {"path": r["path"], "template": bool(r["is_template"]),
                         "headings": r["headings"], "items": 0, "done": 0,
                         "open": 0, "done_upper_X": 0, "depth": [0, 0, 0],
                         "current_step_markers": 0,
                         "items_with_inline_date": 0, "sections": {}}
    for r in sql(progdb, db, f"""
            SELECT i.document_id AS doc, i.mark, i.depth, i.is_current,
                   (coalesce(i.done_date, i.due_date, i.created_date,
                    i.start_date, i.scheduled_date) IS NOT NULL) AS dated,
                   s.line AS sline, s.level AS slevel
              FROM item i LEFT JOIN section s ON s.id = i.section_id
             WHERE {GFM}"""):
        d = docs[r["doc"]]
        done = r["mark"] != "[ ]"
        d["items"] += 1
        d["done" if done else "open"] += 1
        d["done_upper_X"] += r["mark"] == "[X]"
        if 1 <= r["depth"] <= 3:
            d["depth"][r["depth"] - 1] += 1
        d["current_step_markers"] += r["is_current"]
        d["items_with_inline_date"] += r["dated"]
        if r["sline"] is not None:
            sec = d["sections"].setdefault(r["sline"], [r["slevel"], 0, 0])
            sec[1] += 1
            sec[2] += done
    counts = {
        "tables": "SELECT document_id AS doc, count(*) AS n FROM doc_table GROUP BY 1",
        "table_rows": "SELECT document_id AS doc, sum(rows) AS n FROM doc_table GROUP BY 1",
        "risk_rows": "SELECT document_id AS doc, count(*) AS n FROM risk WHERE source = 'table' GROUP BY 1",
        "risk_bullets": "SELECT document_id AS doc, count(*) AS n FROM risk WHERE source = 'bullet' GROUP BY 1",
        "debt_rows": "SELECT document_id AS doc, count(*) AS n FROM tech_debt WHERE source = 'table' GROUP BY 1",
        "burndown_rows": "SELECT document_id AS doc, count(*) AS n FROM burndown GROUP BY 1",
        "log_entries": "SELECT l.document_id AS doc, count(*) AS n FROM log_entry l JOIN section s ON s.id = l.section_id "
                       "WHERE l.source = 'heading' AND s.title GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' GROUP BY 1",
        "weekly_summaries": "SELECT l.document_id AS doc, count(*) AS n FROM log_entry l JOIN section s ON s.id = l.section_id "
                            "WHERE l.weekly AND s.title GLOB 'Week of [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] - Weekly Summary' GROUP BY 1",
    }
    for key, query in counts.items():
        for d in docs.values():
            d[key] = 0
        for r in sql(progdb, db, query):
            docs[r["doc"]][key] = r["n"]
    return {d["path"]: d for d in docs.values()}


PLACEHOLDER_ROWS = ("risk_rows", "risk_bullets", "debt_rows")


def compare(truth, got):
    keys = ("items", "done", "open", "done_upper_X", "depth",
            "current_step_markers", "items_with_inline_date", "headings",
            "template", "tables", "table_rows", "risk_rows", "risk_bullets",
            "debt_rows", "burndown_rows", "log_entries", "weekly_summaries")
    errors = []
    for path, t in sorted(truth["files"].items()):
        g = got.get(path)
        if g is None:
            errors.append(f"{path}: not stored")
            continue
        for k in keys:
            # The generator fills a template's register rows and risk
            # blocks with placeholders ("[Risk]", "**Risk**: [Description]"),
            # which name no entry (GOLD.md): progdb stores none.
            want = 0 if t["template"] and k in PLACEHOLDER_ROWS else t[k]
            if want != g[k]:
                errors.append(f"{path}: {k} is {g[k]}, truth says {want}")
        want = {s[0]: [s[1], s[3], s[4]] for s in t["sections"]}
        if want != g["sections"]:
            errors.append(f"{path}: sections with items differ:\n"
                          f"  truth {sorted(want.items())}\n"
                          f"  got   {sorted(g['sections'].items())}")
    for path in sorted(set(got) - set(truth["files"])):
        errors.append(f"{path}: stored, but not in the truth")
    return errors


def main(argv):
    progdb, shared = os.path.abspath(argv[1]), argv[2]
    files = argv[argv.index("--files") + 1] if "--files" in argv else "300"
    seed = argv[argv.index("--seed") + 1] if "--seed" in argv else "7"
    gen = os.path.join(shared, "bench", "gencorpus.py")
    if not os.path.exists(gen):
        print(f"skip: {gen} not found")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        tree, db = os.path.join(tmp, "tree"), os.path.join(tmp, "t.db")
        subprocess.run([sys.executable, gen, tree, "--files", files,
                        "--seed", seed], check=True, stdout=subprocess.DEVNULL)
        rc = subprocess.run([progdb, "--db", db, "-q", "ingest", tree]).returncode
        if rc not in (0, 3):
            print(f"ingest failed with status {rc}")
            return 1
        with open(os.path.join(tree, ".truth.json"), encoding="utf-8") as fh:
            truth = json.load(fh)
        errors = compare(truth, stored(progdb, db))
    for e in errors[:40]:
        print(e)
    tot = truth["totals"]
    print(f"{tot['files']} files, {tot['items']} items, {tot['headings']} "
          f"headings: {len(errors)} mismatches")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
