#!/usr/bin/env python3
"""stmts.py - src/store/stmts.def agrees with schema/queries/ingest.sql.

    stmts.py ROOT

Every statement of the table is a `-- name:` of ingest.sql, no id or name
is listed twice, a BATCH one has exactly one "VALUES (" tuple (the one
store_batch.c repeats) and a DELETE one is a DELETE.  Prints one line per disagreement; exit 1 then.
"""
import re
import sys

ROW = re.compile(r'^STMT\((S_[A-Z_]+),\s*"ingest\.([a-z0-9_]+)",\s*'
                 r'(ONE|BATCH|DELETE|FINDING)\)', re.M)
NAME = re.compile(r'^-- name: ([a-z0-9_]+)\s*$')


def statements(path):
    out, name = {}, None
    with open(path, encoding='utf-8') as f:
        for line in f:
            m = NAME.match(line)
            if m:
                name = m.group(1)
                out[name] = ''
            elif name:
                out[name] += line
    return out


def check(root):
    with open(root + '/src/store/stmts.def', encoding='utf-8') as f:
        rows = ROW.findall(f.read())
    sql = statements(root + '/schema/queries/ingest.sql')
    errors = []
    if not rows:
        errors.append('stmts.def: no STMT rows')
    for col, what in ((0, 'id'), (1, 'name')):
        seen = [r[col] for r in rows]
        for v in sorted(set(v for v in seen if seen.count(v) > 1)):
            errors.append(f'stmts.def: {what} {v} listed twice')
    for sid, name, use in rows:
        if name not in sql:
            errors.append(f'stmts.def: {sid}: no "-- name: {name}" in '
                          'schema/queries/ingest.sql')
        elif use == 'BATCH' and sql[name].count('VALUES (') != 1:
            errors.append(f'stmts.def: {sid} is BATCH but ingest.{name} '
                          'has not one "VALUES (" tuple')
        elif use == 'DELETE' and not re.search(r'^\s*DELETE\b', sql[name],
                                                re.M):
            errors.append(f'stmts.def: {sid} is DELETE but ingest.{name} '
                          'deletes nothing')
    return errors


def main():
    errors = check(sys.argv[1] if len(sys.argv) > 1 else '.')
    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
