"""`corrent download` of a multi-file torrent from a python3-libtorrent seeder on 127.0.0.1,
one file skipped with --only on the others: exit 0 after torrent_finished, the wanted
files byte for byte the seeder's, the skipped file never created. The torrent is v1 without
pad files, so the skipped file shares pieces with wanted ones."""
import os

from interop_lib import (Checker, corrent_download, corrent_info, corrent_path, lt_peer, payload_files,
                         same_bytes, temp_dir)

corrent = corrent_path()
check = Checker()

with temp_dir() as tmp:
    seed_dir, out_dir, state = (os.path.join(tmp, d) for d in ("seed", "out", "state"))
    os.makedirs(seed_dir)
    seeder, torrent, port = lt_peer("libtorrent seeder", seed_dir, "--files", "4", "--size", "3000000",
                                    "--piece-length", "32768", "--v1-only")
    try:
        files = payload_files(corrent_info(corrent, torrent))
        check.same("payload files", len(files), 4)
        skipped = [i for i, path in files if path.endswith("file-2.bin")]
        wanted = [(i, path) for i, path in files if not path.endswith("file-2.bin")]
        only = []
        for i, _ in wanted:
            only += ["--only", str(i)]
        down = corrent_download(corrent, torrent, out_dir, state, peers=[port], extra=only)
        status = down.wait(120)
        check.same("download exit status", status, 0)
        events = down.json_events()
        names = [e["event"] for e in events]
        check.true("listening line first", names[:1] == ["listening"])
        check.true("torrent_finished reported", "torrent_finished" in names)
        done = [e for e in events if e["event"] == "done"]
        check.same("done says finished", done[-1]["result"] if done else None, "finished")
        for i, path in wanted:
            check.true("wanted file %d (%s) matches the seeder's" % (i, path),
                       same_bytes(os.path.join(seed_dir, path), os.path.join(out_dir, path)))
        skipped_path = [path for i, path in files if i in skipped][0]
        check.true("skipped file %s not created" % skipped_path, not os.path.exists(os.path.join(out_dir, skipped_path)))
        if status != 0:
            print(down.describe())
    finally:
        seeder.stop()

check.finish()
