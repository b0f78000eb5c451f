"""`corrent seed T DIR` never creates or changes anything in DIR: it checks, and reports
what is missing. Before, a seed of a wrong folder failed but left the torrent's folders
and empty files behind in it."""
import os
import signal

from cli_lib import events_named, make_torrent, seed
from interop_lib import Checker, corrent_path, make_tree, run, temp_dir, corrent_env

corrent = corrent_path()
check = Checker()


def listing(root):
    out = []
    for here, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(here, name)
            st = os.lstat(path)
            out.append((os.path.relpath(path, root), st.st_size, st.st_mtime_ns))
    return sorted(out)


with temp_dir() as tmp:
    # A multi-file torrent (folders, empty files): the case that left folders behind.
    tree = make_tree(tmp)
    torrent = os.path.join(tmp, "tree.torrent")
    run([corrent, "create", tree, "-o", torrent])
    wrong = os.path.join(tmp, "wrong")
    os.makedirs(os.path.join(wrong, "unrelated"))
    with open(os.path.join(wrong, "unrelated", "keep.txt"), "w") as f:
        f.write("mine\n")
    before = listing(wrong)
    done = run([corrent, "seed", torrent, wrong, "--bind", "127.0.0.1", "--port", "0"], expect=None,
               timeout=60)
    check.same("seed of a wrong folder: exit status", done.returncode, 1)
    check.true("the error names the path it looked for (%r)" % done.stderr,
               os.path.join(wrong, "tree") in done.stderr)
    check.same("nothing created or changed in the wrong folder", listing(wrong), before)

    # Part of the data: what is missing is named, nothing is created, nothing downloaded.
    partial = os.path.join(tmp, "partial")
    os.makedirs(partial)
    os.rename(tree, os.path.join(partial, "tree"))
    os.remove(os.path.join(partial, "tree", "z", "last.bin"))
    os.remove(os.path.join(partial, "tree", "b", "empty.txt"))
    before = listing(partial)
    proc, port = seed(corrent, torrent, partial, os.path.join(tmp, "state"))
    checked = proc.expect_event("torrent_checked", 30)
    check.true("some pieces found, not all", 0 < checked["pieces_have"] < checked["pieces_total"])
    proc.signal(signal.SIGTERM)
    status = proc.wait(15)
    check.same("partial seed stops with 0", status, 0)
    missing_note = "\n".join(proc.stderr)
    check.true("the note names the missing files (%r)" % missing_note,
               "tree/z/last.bin" in missing_note and "tree/b/empty.txt" in missing_note)
    check.same("nothing created or changed in the partial folder", listing(partial), before)

check.finish()
