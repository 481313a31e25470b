#!/usr/bin/env python3
"""layering.py - the walls between progdb's layers, checked on the sources.

    layering.py [ROOT]        check ROOT (default: the source tree); exit 1
                              and one line per crossing when an include
                              crosses a wall
    layering.py --self-test   check tiny trees with one crossing each and
                              fail unless every one of them is caught

The layers, lowest first.  A file in src/<L>/ (and a public header of L)
may include public headers of its own layer and of lower ranks only; ingest
and pg share a rank and may not see each other.  A private header
src/<L>/x.h is included only from src/<L>/.  md4c.h is included only in
markdown/, sqlite3.h only in store/, query/ and render/, libpq-fe.h only
in pg/.  docs/ARCHITECTURE.md describes them.
"""
import os
import re
import sys
import tempfile

RANK = {
    'util': 0, 'text': 1, 'markdown': 2, 'extract': 3, 'history': 4,
    'store': 5, 'query': 6, 'render': 7, 'ingest': 8, 'pg': 8, 'app': 9,
}

# Every public header include/progdb/<name> and the layer it belongs to:
# the one place this is written down.  A header missing here is an error.
HEADERS = {
    'xmem.h': 'util', 'buf.h': 'util', 'arena.h': 'util', 'diag.h': 'util',
    'hash.h': 'util', 'pipeline.h': 'util', 'progress.h': 'util',
    'outfile.h': 'util', 'exit.h': 'util', 'words.h': 'util',
    'escape.h': 'util', 'childproc.h': 'util', 'utf8.h': 'util', 'vec.h': 'util',
    'decode.h': 'text', 'date.h': 'text', 'linemap.h': 'text',
    'ident.h': 'text',
    'model.h': 'markdown', 'parse.h': 'markdown',
    'facts.h': 'extract', 'extract.h': 'extract', 'config.h': 'extract',
    'history.h': 'history',
    'store.h': 'store', 'store_ingest.h': 'store', 'sqltext.h': 'store',
    'query.h': 'query', 'burndown.h': 'query', 'report_gather.h': 'query',
    'render.h': 'render', 'report.h': 'render', 'format.h': 'render',
    'walk.h': 'ingest', 'gitlog.h': 'ingest', 'ingest.h': 'ingest',
    'pg.h': 'pg',
    'cli.h': 'app',
}
# Generated headers (in the build directory) and their layer.
GENERATED = {'version.h': 'util'}
# Third-party headers and the layers that may include them.
SYSTEM = {
    'md4c.h': {'markdown'},
    'sqlite3.h': {'store', 'query', 'render'},  # never history
    'libpq-fe.h': {'pg'},
}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def sources(root):
    """(path, layer, kind) for every file under src/<L>/ and include/progdb/."""
    for layer in sorted(os.listdir(os.path.join(root, 'src'))):
        d = os.path.join(root, 'src', layer)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith(('.c', '.h', '.h.in')):
                yield os.path.join(d, name), layer, 'src'
    pub = os.path.join(root, 'include', 'progdb')
    for name in sorted(os.listdir(pub)):
        if name.endswith('.h'):
            yield os.path.join(pub, name), HEADERS.get(name), 'public'


def check_include(root, path, layer, kind, bracket, name):
    """The error for one include line, or None."""
    rel = os.path.relpath(path, root)
    if bracket == '<':
        allowed = SYSTEM.get(name)
        if allowed is not None and layer not in allowed:
            return f'{rel}: <{name}> is for {", ".join(sorted(allowed))} only'
        return None
    if name.startswith('progdb/'):
        target = HEADERS.get(name[len('progdb/'):])
        if target is None:
            return f'{rel}: "{name}" has no layer in tests/layering.py HEADERS'
    elif name in GENERATED:
        target = GENERATED[name]
    else:
        here = os.path.dirname(path)
        if kind == 'public' or '/' in name or \
                not os.path.exists(os.path.join(here, name)):
            return f'{rel}: private "{name}" is not in its own folder'
        return None
    if target != layer and RANK[target] >= RANK[layer]:
        return f'{rel}: {layer} includes "{name}" of {target}'
    return None


def check(root):
    """Every crossing in the tree at root, one line each."""
    errors = []
    for path, layer, kind in sources(root):
        rel = os.path.relpath(path, root)
        if layer not in RANK:
            errors.append(f'{rel}: {layer} is not a layer in tests/layering.py')
            continue
        with open(path, encoding='utf-8') as f:
            text = f.read()
        for m in INCLUDE.finditer(text):
            err = check_include(root, path, layer, kind, m.group(1), m.group(2))
            if err:
                errors.append(err)
    return errors


# Each case: files to write over a minimal good tree, and what it breaks.
GOOD = {
    'include/progdb/buf.h': '#include <stddef.h>\n',
    'include/progdb/store.h': '#include <sqlite3.h>\n#include "progdb/buf.h"\n',
    'src/util/buf.c': '#include "progdb/buf.h"\n',
    'src/store/store_int.h': '#include "progdb/store.h"\n',
    'src/store/store.c': '#include "store_int.h"\n#include <sqlite3.h>\n',
    'src/markdown/parse.c': '#include <md4c.h>\n',
}
BAD = {
    'util includes a higher layer':
        {'src/util/buf.c': '#include "progdb/store.h"\n'},
    'public header includes a higher layer':
        {'include/progdb/buf.h': '#include "progdb/store.h"\n'},
    'private header from another folder':
        {'src/query/q.c': '#include "../store/store_int.h"\n'},
    'private header name from another folder':
        {'src/query/q.c': '#include "store_int.h"\n'},
    'md4c outside markdown':
        {'src/extract/x.c': '#include <md4c.h>\n'},
    'sqlite3 in extract':
        {'src/extract/x.c': '#include <sqlite3.h>\n'},
    'sqlite3 in history':
        {'src/history/x.c': '#include <sqlite3.h>\n'},
    'libpq outside pg':
        {'src/store/s.c': '#include <libpq-fe.h>\n'},
    'sibling layers':
        {'src/pg/p.c': '#include "progdb/walk.h"\n',
         'include/progdb/walk.h': '\n'},
    'header with no layer':
        {'src/util/x.c': '#include "progdb/nowhere.h"\n'},
}


def tree(files):
    """A temporary tree holding files."""
    d = tempfile.TemporaryDirectory()
    for rel, text in files.items():
        path = os.path.join(d.name, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
    return d


def run(root):
    """The exit status of this script run on root."""
    return 1 if check(root) else 0


def self_test():
    with tree(GOOD) as good:
        if run(good) != 0:
            print('self-test: the good tree fails')
            return 1
    missed = 0
    for what, files in BAD.items():
        with tree({**GOOD, **files}) as bad:
            if run(bad) == 0:
                print(f'self-test: not caught: {what}')
                missed += 1
    print(f'self-test: {len(BAD) - missed} of {len(BAD)} crossings caught')
    return 1 if missed else 0


def main(argv):
    if argv[1:] == ['--self-test']:
        return self_test()
    root = argv[1] if len(argv) > 1 else \
        os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
    errors = check(root)
    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
