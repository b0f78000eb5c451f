#!/usr/bin/env python3
"""Checks that the include graph keeps the layers of docs/architecture.md, one way.

    tools/check_layers.py [--root DIR] [--graph]

A module is a folder of framework/include/corrent/ and of framework/src/. Each module has a
rank (LAYERS below, lowest first); a file may include its own module and modules of a lower
rank only. Modules of the same rank may not include each other, so the graph has no cycle.
Also checked:
- a module's private headers (framework/src/<module>/...) are included from that module
  only, and no file names another module's `detail` namespace or includes its `detail/`
  headers;
- the framework includes no plugin (corrent/plugins/...);
- a plugin (plugins/<name>/) includes no other plugin's header, nor any private header of
  the framework (only `plugins/standard`, which registers them all, includes the others).

Prints one line per violation, naming the file, the line and the rule, and exits 1 if there
is any; exits 0 and prints a summary otherwise. --graph prints the module graph found.
CI runs it (CTest test tools.check_layers); tools.check_layers_planted shows it fails on a
planted upward include, a planted cycle, a reach into a private header and a plugin
including another.
"""
import argparse
import os
import re
import sys

# Lowest first. A module may include modules of lower rank only.
LAYERS = [
    ["core"],
    ["bencode", "crypto"],
    ["metainfo"],
    ["plugin"],  # the base of every plugin kind: Plugin, configuration sections, errors
    ["net"],
    ["discovery", "events", "mse", "policy", "throttle"],  # policy: the picker and choker plugin kinds
    ["wire"],
    ["storage", "tracker", "view"],  # view: what a Service sees of the session
    ["registry"],  # knows every plugin kind; builds them; loads shared libraries
    ["engine"],
]
RANK = {module: rank for rank, modules in enumerate(LAYERS) for module in modules}
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
SOURCE_SUFFIXES = (".hpp", ".cpp", ".h", ".ipp", ".in")


def source_files(top):
    for folder, _, names in os.walk(top):
        for name in sorted(names):
            if name.endswith(SOURCE_SUFFIXES):
                yield os.path.join(folder, name)


def includes(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            match = INCLUDE.match(line)
            if match:
                yield number, match.group(1)


def detail_uses(path):
    """(line, module) for each `<module>::detail` named in the file (comments skipped)."""
    pattern = re.compile(r"\b(" + "|".join(RANK) + r")::detail\b")
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            code = line.split("//", 1)[0]
            for match in pattern.finditer(code):
                yield number, match.group(1)


def included_module(target):
    """(module, private, detail) for a framework include, or None for anything else."""
    parts = target.split("/")
    if parts[0] == "corrent" and len(parts) > 2 and parts[1] != "plugins":
        return parts[1], False, "detail" in parts[2:-1]
    if len(parts) > 1 and parts[0] in RANK:
        return parts[0], True, "detail" in parts[1:-1]
    return None


def check_framework(root, problems, graph):
    framework = os.path.join(root, "framework")
    for base, private in (("include/corrent", False), ("src", True)):
        top = os.path.join(framework, base)
        for path in source_files(top):
            rel = os.path.relpath(path, root)
            module = os.path.relpath(path, top).split(os.sep)[0]
            if module not in RANK:
                if os.path.dirname(os.path.relpath(path, top)):
                    problems.append("%s: module %r has no layer (add it to LAYERS in tools/check_layers.py "
                                    "and to docs/architecture.md)" % (rel, module))
                continue
            for number, target in includes(path):
                if target.startswith("corrent/plugins/"):
                    problems.append("%s:%d: the framework includes a plugin (%s)" % (rel, number, target))
                    continue
                found = included_module(target)
                if found is None:
                    continue
                other, other_private, other_detail = found
                if other == module:
                    continue
                graph.setdefault(module, set()).add(other)
                if other not in RANK:
                    problems.append("%s:%d: includes %s, of module %r, which has no layer" % (rel, number, target, other))
                elif RANK[other] > RANK[module]:
                    problems.append("%s:%d: upward include: %s (%s, layer %d) includes %s (%s, layer %d)" % (
                        rel, number, module, module, RANK[module], target, other, RANK[other]))
                elif RANK[other] == RANK[module]:
                    problems.append("%s:%d: %s and %s share layer %d and may not include each other (%s)" % (
                        rel, number, module, other, RANK[module], target))
                if other_private:
                    problems.append("%s:%d: reaches into %s's private headers (%s)" % (rel, number, other, target))
                if other_detail:
                    problems.append("%s:%d: reaches into %s's detail headers (%s)" % (rel, number, other, target))
            for number, other in detail_uses(path):
                if other != module:
                    problems.append("%s:%d: reaches into %s::detail from module %s" % (rel, number, other, module))


def check_plugins(root, problems):
    plugins = os.path.join(root, "plugins")
    if not os.path.isdir(plugins):
        return
    names = sorted(n for n in os.listdir(plugins) if os.path.isdir(os.path.join(plugins, n)))
    for name in names:
        for path in source_files(os.path.join(plugins, name)):
            rel = os.path.relpath(path, root)
            for number, target in includes(path):
                if target.startswith("corrent/plugins/"):
                    other = os.path.splitext(target[len("corrent/plugins/"):])[0].split("/")[0]
                    if other != name and name != "standard":
                        problems.append("%s:%d: plugin %s includes plugin %s (%s)" % (rel, number, name, other, target))
                    continue
                found = included_module(target)
                if found is not None and found[1]:
                    problems.append("%s:%d: plugin %s includes a private framework header (%s)" % (
                        rel, number, name, target))
                elif found is not None and found[2]:
                    problems.append("%s:%d: plugin %s includes a framework detail header (%s)" % (
                        rel, number, name, target))
            for number, other in detail_uses(path):
                problems.append("%s:%d: plugin %s reaches into %s::detail" % (rel, number, name, other))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    parser.add_argument("--graph", action="store_true")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    if not os.path.isdir(os.path.join(root, "framework", "include", "corrent")):
        print("check_layers: %s has no framework/include/corrent" % root)
        return 2
    problems, graph = [], {}
    check_framework(root, problems, graph)
    check_plugins(root, problems)
    if args.graph:
        for module in sorted(graph, key=lambda m: (RANK.get(m, 99), m)):
            print("%-10s -> %s" % (module, ", ".join(sorted(graph[module], key=lambda m: (RANK.get(m, 99), m)))))
    for line in problems:
        print(line)
    if problems:
        print("check_layers: %d violation(s) of the layers in docs/architecture.md" % len(problems))
        return 1
    print("check_layers: %d modules in %d layers, one way; no plugin includes another" % (len(RANK), len(LAYERS)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
