"""`corrent --plugin`, `--config` and `--set` refusing what they cannot use, before any
session runs: each case exits with the documented status and one line on stderr naming
the problem (the library or file, and why). download, seed and demo take the same flags.
Usage: bad_plugin.py CORRENT BAD_ABI_PLUGIN_SO FRAMEWORK_SO"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "interop"))
from interop_lib import Checker, fail, run, temp_dir, write  # noqa: E402

if len(sys.argv) != 4 or not os.access(sys.argv[1], os.X_OK):
    fail("usage: %s CORRENT BAD_ABI_PLUGIN_SO FRAMEWORK_SO (got %r)" % (sys.argv[0], sys.argv[1:]))
corrent, bad_abi, framework = sys.argv[1:]
check = Checker()

with temp_dir() as tmp:
    data = os.path.join(tmp, "data")
    write(os.path.join(data, "f.bin"), 100000, seed=6)
    torrent = os.path.join(tmp, "f.torrent")
    run([corrent, "create", os.path.join(data, "f.bin"), "-o", torrent])
    out = os.path.join(tmp, "out")
    missing = os.path.join(tmp, "no-such-plugin.so")
    text_file = os.path.join(tmp, "not-a-library.so")
    with open(text_file, "w") as f:
        f.write("not an ELF file\n")
    commands = {
        "download": [corrent, "download", torrent, "-o", out, "--bind", "127.0.0.1", "--port", "0"],
        "seed": [corrent, "seed", torrent, data, "--bind", "127.0.0.1", "--port", "0"],
        "demo": [corrent, "demo", "--size", "4096", "--dir", os.path.join(tmp, "demo")],
    }

    def refused(what, command, args, status, needles):
        done = run(commands[command] + args, expect=None)
        lines = done.stderr.splitlines()
        check.same("%s: exit status" % what, done.returncode, status)
        if command != "demo":  # demo prints its payload line before it starts the sessions
            check.same("%s: nothing on stdout" % what, done.stdout, "")
        check.true("%s: one error line saying %r (%r)" % (what, needles, done.stderr),
                   len(lines) == 1 and lines[0].startswith("corrent: ") and all(n in lines[0] for n in needles))

    refused("missing library", "download", ["--plugin", missing], 1,
            ["plugin library " + missing, "file not found"])
    refused("missing library (seed)", "seed", ["--plugin", missing], 1, ["plugin library " + missing, "file not found"])
    refused("missing library (demo)", "demo", ["--plugin", missing], 1, ["plugin library " + missing, "file not found"])
    refused("not a shared library", "download", ["--plugin", text_file], 1,
            ["plugin library " + text_file, "cannot load shared library"])
    refused("a library that is no plugin", "download", ["--plugin", framework], 1,
            ["plugin library " + framework, "not a corrent plugin"])
    refused("plugin of another ABI", "seed", ["--plugin", bad_abi], 1,
            ["plugin library " + bad_abi, "plugin ABI version mismatch"])
    refused("missing --config file", "download", ["--config", os.path.join(tmp, "none.json")], 1, ["none.json"])
    bad_json = os.path.join(tmp, "bad.json")
    with open(bad_json, "w") as f:
        f.write("{\"lt_donthave\": ")
    refused("--config not JSON", "download", ["--config", bad_json], 1, ["bad.json", "invalid JSON"])
    refused("--set without KEY=", "download", ["--set", "lt_donthave"], 2, ["--set", "SECTION.KEY=VALUE"])

check.finish()
