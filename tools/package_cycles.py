#!/usr/bin/env python3
"""Lists the dependency cycles between the Java packages of a source tree.

    python3 tools/package_cycles.py helpers/src/main/java

A package depends on another when one of its files names a class of it: an import, or a qualified name such as
ptlab.render.Table in code (comments are left out). Prints the packages, each group of packages that depend on each
other in a circle (a strongly connected group), and the pairs that depend on each other directly. Exits 1 when there
is a cycle, 0 when there is none.
"""
import os
import re
import sys

PACKAGE = re.compile(r'^\s*package\s+([\w.]+)\s*;', re.M)
COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
STRING = re.compile(r'"(?:\\.|[^"\\\n])*"')
QUALIFIED = re.compile(r'\b([a-z_]\w*(?:\.[a-z_]\w*)*)\.[A-Z]\w*')


def read_sources(root):
    """(package, code without comments and strings) of every .java file under root."""
    sources = []
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            if name.endswith('.java'):
                with open(os.path.join(folder, name), encoding='utf-8') as f:
                    code = STRING.sub('""', COMMENT.sub(' ', f.read()))
                m = PACKAGE.search(code)
                if m:
                    sources.append((m.group(1), code))
    return sources


def dependencies(sources):
    """{package: set of the other packages of the tree it names}."""
    packages = {p for p, _ in sources}
    deps = {p: set() for p in packages}
    for package, code in sources:
        for q in QUALIFIED.findall(code):
            if q in packages and q != package:
                deps[package].add(q)
    return deps


def cycles(deps):
    """The groups of two or more packages that reach each other (Tarjan's algorithm, iterative), each sorted."""
    index, low, on_stack, stack, groups = {}, {}, set(), [], []
    for start in sorted(deps):
        if start in index:
            continue
        work = [(start, iter(sorted(deps[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            v, children = work[-1]
            w = next(children, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(deps[w]))))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                group = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    group.append(w)
                    if w == v:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return sorted(groups)


def two_way(deps):
    """The pairs of packages that name each other, each (a, b) with a < b."""
    return sorted((a, b) for a in deps for b in deps[a] if a < b and a in deps[b])


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        print('usage: package_cycles.py SOURCE_FOLDER', file=sys.stderr)
        return 2
    deps = dependencies(read_sources(argv[1]))
    groups = cycles(deps)
    pairs = two_way(deps)
    print(f'{len(deps)} packages, {sum(len(d) for d in deps.values())} dependencies between them')
    print(f'cycles: {len(groups)}')
    for g in groups:
        print('  ' + ' <-> '.join(g))
    print(f'pairs that depend on each other: {len(pairs)}')
    for a, b in pairs:
        print(f'  {a} <-> {b}')
    return 1 if groups else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
