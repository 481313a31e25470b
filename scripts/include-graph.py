#!/usr/bin/env python3
"""include-graph.py - figures on progdb's module structure, for reviews.

    include-graph.py [ROOT] [--objects DIR]

A module is a stem: src/.../x.c and include/progdb/x.h are module x, a
private header src/.../x_int.h is module x_int.  Prints the files per
folder, the strongly connected components (cycles) of the module graph
by includes, and, with --objects (a directory of compiled .o files, e.g.
build/), those of the graph by calls (an undefined symbol of one object
defined in another).  Works on the flat layout too (src/*.c).
"""
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)


def stem(path):
    name = os.path.basename(path)
    return name.split('.')[0]


def files(root):
    for d, _, names in os.walk(os.path.join(root, 'src')):
        for n in names:
            if n.endswith(('.c', '.h')):
                yield os.path.join(d, n)
    pub = os.path.join(root, 'include', 'progdb')
    for n in os.listdir(pub):
        if n.endswith('.h'):
            yield os.path.join(pub, n)


def include_graph(root):
    g = defaultdict(set)
    for path in files(root):
        with open(path, encoding='utf-8') as f:
            for name in INCLUDE.findall(f.read()):
                a, b = stem(path), stem(name)
                if a != b:
                    g[a].add(b)
    return g


def call_graph(objdir):
    defs, undefs = {}, defaultdict(set)
    for d, _, names in os.walk(objdir):
        for n in names:
            if not n.endswith('.c.o') or 'test' in d or 'bench' in d:
                continue
            mod = re.sub(r'^src_', '', n[:-4]).split('.')[0]
            if 'sqltext' in mod:
                continue
            out = subprocess.run(['nm', os.path.join(d, n)],
                                 capture_output=True, text=True).stdout
            for line in out.splitlines():
                parts = line.split()
                if len(parts) >= 2 and parts[-2] in 'TDBRC':
                    defs[parts[-1]] = mod
                elif len(parts) >= 2 and parts[-2] == 'U':
                    undefs[mod].add(parts[-1])
    g = defaultdict(set)
    for mod, syms in undefs.items():
        for s in syms:
            if s in defs and defs[s] != mod:
                g[mod].add(defs[s])
    return g


def sccs(g):
    """Tarjan's strongly connected components with more than one node."""
    index, low, stack, on, out = {}, {}, [], set(), []
    nodes = set(g) | {b for v in g.values() for b in v}

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in g.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def main(argv):
    args = argv[1:]
    objdir = None
    if '--objects' in args:
        i = args.index('--objects')
        objdir = args[i + 1]
        del args[i:i + 2]
    root = args[0] if args else '.'
    per = Counter(os.path.relpath(os.path.dirname(p), root)
                  for p in files(root))
    for d in sorted(per):
        print(f'{d}: {per[d]} files')
    comps = sccs(include_graph(root))
    print(f'include cycles (SCCs): {len(comps)}')
    for c in comps:
        print('  ' + ' '.join(c))
    if objdir:
        comps = sccs(call_graph(objdir))
        print(f'call cycles (SCCs): {len(comps)}')
        for c in comps:
            print('  ' + ' '.join(c))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
