"""`corrent create` as mktorrent: without -o it writes <name>.torrent in the current folder;
--name sets the torrent's name (and so the default file name); --source writes info.source,
which libtorrent reads and hashes as part of the info dictionary (the info-hash corrent
prints is libtorrent's, and differs from the torrent without it); a tracker that is not an
http://, https:// or udp:// URL is refused (exit 2, the URL named) and nothing is written."""
import os
import subprocess

from interop_lib import Checker, corrent_info, corrent_path, import_libtorrent, make_single, make_tree, temp_dir

corrent = corrent_path()
lt = import_libtorrent()
check = Checker()


def create(args, cwd):
    return subprocess.run([corrent, "create"] + args, capture_output=True, text=True, timeout=120, cwd=cwd)


def printed_hash(done):
    fields = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    return fields.get("info-hash", "")


with temp_dir() as tmp:
    single = make_single(tmp)
    tree = make_tree(tmp)
    work = os.path.join(tmp, "work")
    os.makedirs(work)

    # No -o: <name>.torrent in the current folder.
    done = create([single], work)
    check.same("no -o: exit status (%r)" % done.stderr, done.returncode, 0)
    made = os.path.join(work, "single.bin.torrent")
    check.true("no -o: single.bin.torrent written in the current folder", os.path.isfile(made))
    if os.path.isfile(made):
        check.same("no -o: libtorrent's info-hash is the printed one", str(lt.torrent_info(made).info_hashes().v1),
                   printed_hash(done))
    done = create([tree + "/"], work)
    check.true("no -o, a folder: tree.torrent (%r)" % done.stderr,
               done.returncode == 0 and os.path.isfile(os.path.join(work, "tree.torrent")))
    done = create([single], work)
    check.same("no -o, the file exists: refused without --force", done.returncode, 1)

    # --name: the torrent's name and the default file name.
    done = create([tree, "--name", "renamed"], work)
    renamed = os.path.join(work, "renamed.torrent")
    check.true("--name: renamed.torrent written (%r)" % done.stderr, done.returncode == 0 and os.path.isfile(renamed))
    if os.path.isfile(renamed):
        ti = lt.torrent_info(renamed)
        check.same("--name: libtorrent's name", ti.name(), "renamed")
        check.same("--name: corrent info's name", corrent_info(corrent, renamed)["name"], "renamed")
        check.true("--name: the files are below the new name",
                   all(ti.files().file_path(i).startswith("renamed" + os.sep) for i in range(ti.num_files())))
    done = create([tree, "--name", "a/b", "-o", os.path.join(tmp, "bad.torrent")], work)
    check.same("--name with a '/': usage error", done.returncode, 2)

    # --source: info.source, part of the info-hash.
    plain_out, tagged_out = os.path.join(tmp, "plain.torrent"), os.path.join(tmp, "tagged.torrent")
    plain = create([single, "-o", plain_out], work)
    tagged = create([single, "-o", tagged_out, "--source", "TRACKER-X"], work)
    check.same("--source: exit status (%r)" % tagged.stderr, tagged.returncode, 0)
    if tagged.returncode == 0:
        ti = lt.torrent_info(tagged_out)
        check.same("--source: libtorrent's info-hash is the printed one", str(ti.info_hashes().v1),
                   printed_hash(tagged))
        info = lt.bdecode(ti.info_section())
        check.same("--source: info.source as libtorrent reads it", info.get(b"source"), b"TRACKER-X")
        check.true("--source: another info-hash than without it", printed_hash(plain) != printed_hash(tagged))

    # Trackers must be URLs of a tracker protocol.
    for bad in ("tracker.example.org", "ftp://t.example/announce", "http//t.example/announce"):
        out = os.path.join(tmp, "never.torrent")
        done = create([single, "-o", out, "-t", "http://ok.example/announce," + bad], work)
        check.same("--tracker %s: usage error" % bad, done.returncode, 2)
        check.true("--tracker %s: the error names it (%r)" % (bad, done.stderr), bad in done.stderr)
        check.true("--tracker %s: nothing written" % bad, not os.path.exists(out))
    done = create([single, "-o", os.path.join(tmp, "ok.torrent"), "-t", "udp://127.0.0.1:6969/announce",
                   "-t", "https://t.example/announce"], work)
    check.same("udp:// and https:// trackers accepted (%r)" % done.stderr, done.returncode, 0)

check.finish()
