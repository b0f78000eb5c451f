"""tools/check_layers.py fails on each kind of violation it exists to catch, planted one at a
time in a copy of framework/ and plugins/, and passes on the unchanged copy."""
import os
import shutil
import subprocess
import sys
import tempfile

root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
tool = os.path.join(root, "tools", "check_layers.py")
failures = 0


def run(tree):
    proc = subprocess.run([sys.executable, tool, "--root", tree], capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout + proc.stderr


def copy_tree(into):
    for part in ("framework", "plugins"):
        shutil.copytree(os.path.join(root, part), os.path.join(into, part),
                        ignore=shutil.ignore_patterns("build*", ".git"))


def plant(tree, rel, line):
    path = os.path.join(tree, rel)
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(line + "\n" + text)


def expect(name, code, output, want_code, want_text):
    global failures
    ok = code == want_code and want_text in output
    print("%s  %s: exit %d (want %d), output has %r: %s" % ("ok  " if ok else "FAIL", name, code, want_code,
                                                              want_text, want_text in output))
    if not ok:
        print(output)
        failures += 1


CASES = [
    # (name, file to plant in, line, the text the report must carry)
    ("upward include", "framework/include/corrent/core/result.hpp",
     '#include "corrent/engine/session.hpp"', "upward include: core"),
    ("a cycle between two modules of one layer", "framework/include/corrent/events/event.hpp",
     '#include "corrent/mse/policy.hpp"', "share layer"),
    ("a private header of another module", "framework/src/engine/session.cpp",
     '#include "storage/resume_file.hpp"', "reaches into storage's private headers"),
    ("another module's detail namespace", "framework/src/engine/session.cpp",
     "static int planted = corrent::storage::detail::planted;", "reaches into storage::detail"),
    ("the framework including a plugin", "framework/src/engine/session.cpp",
     '#include "corrent/plugins/pex.hpp"', "the framework includes a plugin"),
    ("a plugin including another", "plugins/pex/src/register.cpp",
     '#include "corrent/plugins/ut_metadata.hpp"', "plugin pex includes plugin ut_metadata"),
    ("a plugin including a private framework header", "plugins/pex/src/register.cpp",
     '#include "engine/torrent.hpp"', "includes a private framework header"),
    ("a module with no layer", "framework/include/corrent/newmodule/thing.hpp",
     "", "has no layer"),
]

with tempfile.TemporaryDirectory(prefix="check_layers_") as tmp:
    clean = os.path.join(tmp, "clean")
    copy_tree(clean)
    code, output = run(clean)
    expect("the tree as it is", code, output, 0, "one way")
    for index, (name, rel, line, want) in enumerate(CASES):
        tree = os.path.join(tmp, "case%d" % index)
        copy_tree(tree)
        path = os.path.join(tree, rel)
        if not os.path.exists(path):
            if not os.path.exists(os.path.dirname(path)) and "newmodule" not in rel:
                print("FAIL  %s: %s is not in the tree: update this test" % (name, rel))
                failures += 1
                continue
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "w").close()
        plant(tree, rel, line)
        code, output = run(tree)
        expect(name, code, output, 1, want)

print("%d failure(s)" % failures)
sys.exit(1 if failures else 0)
