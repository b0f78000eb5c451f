"""Every error names the path, address or URL that failed and the system's reason:
- `download -o` and `create -o` on a read-only mount name the output folder and
  "Read-only file system", not the .torrent;
- a file where the torrent's folder goes, and a folder where its file goes, name the path;
- "Address already in use" names the address and port and suggests --port 0;
- `create -o missing/x.torrent` says the folder does not exist.
The read-only mount is a tmpfs mounted here (the tests run as root); if it cannot be mounted
the test fails with the reason, it does not skip."""
import os
import socket
import subprocess

from cli_lib import make_torrent, seed
from interop_lib import Checker, corrent_env, corrent_path, fail, make_tree, run, temp_dir

corrent = corrent_path()
check = Checker()


def failing(label, args, state, must_name, must_not_name=(), timeout=60):
    done = subprocess.run([corrent] + args, capture_output=True, text=True, timeout=timeout,
                          env=corrent_env(state))
    err = done.stderr.strip()
    last = err.splitlines()[-1] if err else ""
    check.same(label + ": exit status", done.returncode, 1)
    check.true(label + ": the error line names %r (%r)" % (must_name, last),
               last.startswith("corrent: ") and all(n in last for n in must_name))
    for n in must_not_name:
        check.true(label + ": the error line does not blame %r" % n, n not in last)
    return done


with temp_dir() as tmp:
    state = os.path.join(tmp, "state")
    seed_dir, torrent, ih = make_torrent(corrent, tmp)

    # A read-only mount.
    ro = os.path.join(tmp, "ro")
    os.makedirs(ro)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", ro], capture_output=True,
                             text=True)
    if mounted.returncode != 0:
        fail("cannot mount a read-only tmpfs at %s: %s" % (ro, mounted.stderr.strip()))
    try:
        failing("download -o on a read-only mount",
                ["download", torrent, "-o", ro, "--bind", "127.0.0.1", "--port", "0"], state,
                [ro, "Read-only file system"], [torrent])
        failing("create -o on a read-only mount",
                ["create", os.path.join(seed_dir, "payload.bin"), "-o", os.path.join(ro, "x.torrent")], state,
                [ro, "Read-only file system"])
    finally:
        subprocess.run(["umount", ro], check=False)

    # A file where the torrent's folder goes.
    tree = make_tree(tmp)
    tree_torrent = os.path.join(tmp, "tree.torrent")
    run([corrent, "create", tree, "-o", tree_torrent])
    out = os.path.join(tmp, "out-file")
    os.makedirs(out)
    with open(os.path.join(out, "tree"), "w") as f:
        f.write("a file, not a folder\n")
    seeder, port = seed(corrent, tree_torrent, tmp, os.path.join(tmp, "seed-state"))
    seeder.expect_event("torrent_checked", 30)
    try:
        failing("a file where a folder goes",
                ["download", tree_torrent, "-o", out, "--bind", "127.0.0.1", "--port", "0",
                 "--peer", "127.0.0.1:%d" % port], os.path.join(tmp, "s1"),
                [os.path.join(out, "tree")])
    finally:
        seeder.stop()

    # A folder where the torrent's file goes.
    seeder, port = seed(corrent, torrent, seed_dir, os.path.join(tmp, "seed-state2"))
    seeder.expect_event("torrent_checked", 30)
    try:
        out = os.path.join(tmp, "out-dir")
        os.makedirs(os.path.join(out, "payload.bin"))
        failing("a folder where a file goes",
                ["download", torrent, "-o", out, "--bind", "127.0.0.1", "--port", "0",
                 "--peer", "127.0.0.1:%d" % port], os.path.join(tmp, "s2"),
                [os.path.join(out, "payload.bin"), "Is a directory"])
    finally:
        seeder.stop()

    # A port already taken.
    taken = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        failing("a listen port in use",
                ["download", torrent, "-o", os.path.join(tmp, "o3"), "--bind", "127.0.0.1", "--port", str(port)],
                os.path.join(tmp, "s3"), ["127.0.0.1:%d" % port, "Address already in use", "--port 0"])
    finally:
        taken.close()

    # create -o into a folder that does not exist.
    missing = os.path.join(tmp, "missing")
    failing("create -o missing/x.torrent",
            ["create", os.path.join(seed_dir, "payload.bin"), "-o", os.path.join(missing, "x.torrent")], state,
            [missing, "does not exist"])

check.finish()
