#!/usr/bin/env python3
"""span_plans.py - spans.derive never reads the whole event table.

    span_plans.py ROOT

Runs after every ingest run (once per commit of a replay), derive must
cost what the items it re-derives cost, not what the database holds: on a
database made from schema/schema.sql, no statement of its plan scans
event or builds a Bloom filter over it (SQLite does, joining event to
temp.span_keys, which has no statistics).  Prints one line per such step;
exit 1 then.
"""
import re
import sqlite3
import sys

NAME = re.compile(r'^-- name: ([a-z0-9_]+)\s*$')
STATS = [('item', 'item_document', '2000 10'),
         ('event', 'event_entity', '5000 2500 2'),
         ('event', 'event_at', '5000 20'),
         ('ingest_run', None, '200')]
BAD = re.compile(r'BLOOM FILTER ON e\b|SCAN e\b|SCAN event\b')


def query(path, want):
    text, name = [], None
    with open(path, encoding='utf-8') as f:
        for line in f:
            m = NAME.match(line)
            if m:
                name = m.group(1)
            elif name == want:
                text.append(line)
    return ''.join(text)


def statements(sql):
    out, cur = [], ''
    for line in sql.splitlines(keepends=True):
        cur += line
        if sqlite3.complete_statement(cur):
            if cur.strip():
                out.append(cur.strip())
            cur = ''
    return out


def check(root):
    con = sqlite3.connect(':memory:')
    with open(root + '/schema/schema.sql', encoding='utf-8') as f:
        for stmt in statements(f.read()):
            try:
                con.execute(stmt)
            except sqlite3.OperationalError as e:
                # The dump lists the full-text index's own tables too.
                if 'already exists' not in str(e):
                    raise
    # Statistics like those of a replayed history (ANALYZE runs after
    # every ingest): without any, SQLite plans as if every table were small.
    con.execute('ANALYZE')
    con.executemany('INSERT INTO sqlite_stat1 VALUES (?, ?, ?)', STATS)
    con.execute('ANALYZE sqlite_schema')
    con.execute('CREATE TEMP TABLE span_keys(item_id INTEGER PRIMARY KEY)')
    derive = statements(query(root + '/schema/queries/spans.sql', 'derive'))
    errors = [] if derive else ['spans.sql: no statements named derive']
    for n, stmt in enumerate(derive, 1):
        for row in con.execute('EXPLAIN QUERY PLAN ' + stmt):
            if BAD.search(row[3]):
                errors.append(f'spans.derive statement {n}: {row[3]}')
    return errors


def main():
    errors = check(sys.argv[1] if len(sys.argv) > 1 else '.')
    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
