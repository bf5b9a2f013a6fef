#!/usr/bin/env python3
"""Lists functions longer than a limit (default 80 lines) in C++ sources.

A heuristic for clang-formatted code: a function starts at a line, at namespace or class-body
indentation, that opens a parameter list (not a namespace, class, struct, enum or initialiser)
and whose signature ends with '{'; it ends at the first closing brace at the same indentation.
  tools/dev/long-functions.py [--limit N] DIR_OR_FILE...
"""
import re
import sys
from pathlib import Path

NOT_FUNCTION = re.compile(r"^\s*(namespace|class|struct|enum|union|extern|template\s*<[^>]*>\s*(class|struct))\b")


def functions(path):
    lines = path.read_text(errors="replace").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^( {0,2})[A-Za-z_~]", line)
        if not m or NOT_FUNCTION.match(line) or "(" not in line or "=" in line.split("(")[0]:
            i += 1
            continue
        indent = m.group(1)
        j = i
        while j < len(lines) and not lines[j].rstrip().endswith(("{", ";", "}")):
            j += 1
        if j == len(lines) or not lines[j].rstrip().endswith("{"):
            i = j + 1
            continue
        end = j + 1
        while end < len(lines) and lines[end] != indent + "}" and not lines[end].startswith(indent + "};"):
            end += 1
        yield i + 1, end - i + 1, " ".join(l.strip() for l in lines[i:j + 1])[:90]
        i = end + 1


def main(argv):
    limit = 80
    if argv[:1] == ["--limit"]:
        limit, argv = int(argv[1]), argv[2:]
    paths = []
    for a in argv or ["src"]:
        p = Path(a)
        paths += sorted(p.rglob("*.cpp")) + sorted(p.rglob("*.hpp")) if p.is_dir() else [p]
    found = 0
    for p in paths:
        for line, length, sig in functions(p):
            if length > limit:
                found += 1
                print(f"{p}:{line}: {length} lines: {sig}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
