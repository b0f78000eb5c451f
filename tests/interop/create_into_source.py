"""`corrent create X -o OUT -f` refuses an OUT that is X itself or lies inside X (the torrent
would overwrite the data it describes, or become part of it), and leaves X alone. Before,
`create X -o X -f` replaced the file with its own torrent."""
import os

from interop_lib import Checker, corrent_path, make_single, make_tree, run, sha1_of, temp_dir

corrent = corrent_path()
check = Checker()


def refused(label, args, names):
    done = run([corrent] + args, expect=None)
    check.same(label + ": exit status", done.returncode, 1)
    check.same(label + ": nothing on stdout", done.stdout, "")
    check.true(label + ": the error names %s and says why (%r)" % (names, done.stderr),
               done.stderr.startswith("corrent: create: ") and names in done.stderr and "input" in done.stderr)


with temp_dir() as tmp:
    single = make_single(tmp)
    before = sha1_of(single)
    refused("-o the input file", ["create", single, "-o", single, "-f"], single)
    check.same("the input file is unchanged", sha1_of(single), before)
    os.chdir(tmp)
    refused("-o the input file by another name", ["create", single, "-o", "./single.bin", "-f"], "single.bin")
    check.same("the input file is still unchanged", sha1_of(single), before)

    tree = make_tree(tmp)
    inside = os.path.join(tree, "b", "x.torrent")
    refused("-o inside the input folder", ["create", tree, "-o", inside, "-f"], inside)
    check.true("nothing written inside the folder", not os.path.exists(inside) and
               not os.path.exists(inside + ".part"))
    refused("-o the input folder", ["create", tree, "-o", tree, "-f"], tree)
    check.true("the folder is still a folder", os.path.isdir(tree))
    # A neighbour whose name starts like the folder's is not inside it.
    beside = tree + "-beside.torrent"
    run([corrent, "create", tree, "-o", beside])
    check.true("a file beside the folder is fine", os.path.getsize(beside) > 0)

check.finish()
