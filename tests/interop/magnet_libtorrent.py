"""Magnet links against python3-libtorrent on 127.0.0.1, both ways.

1. `corrent download MAGNET` with no .torrent: the magnet names a libtorrent seeder in
   x.pe and selects files 0 and 2 of 3 with so (BEP 53). corrent fetches the info
   dictionary with ut_metadata (metadata_received, from the seeder), checks it against the
   info-hash, downloads the selected files byte for byte, and never creates the other.
2. A libtorrent leecher given only the magnet of a torrent `corrent seed` serves: it gets
   the metadata from corrent (libtorrent checks it against the info-hash too) and finishes
   with the seeder's bytes.
3. `corrent download MAGNET` that knows no peer, and a libtorrent seeder that connects to
   it: the metadata comes over that incoming connection, then corrent dials the seeder
   back at the port its extension handshake gave and downloads."""
import os
import shutil
import subprocess

from interop_lib import (Checker, corrent_download, corrent_info, corrent_path, corrent_seed, import_libtorrent, lt_peer,
                         payload_files, same_bytes, stop_corrent, temp_dir)

corrent = corrent_path()
check = Checker()


def magnet_of(torrent):
    out = subprocess.run([corrent, "magnet", torrent], capture_output=True, text=True, timeout=30)
    check.same("corrent magnet exit status", out.returncode, 0)
    return out.stdout.strip()


with temp_dir() as tmp:
    # --- 1: corrent fetches the metadata from libtorrent ---
    seed_dir, out_dir, state = (os.path.join(tmp, d) for d in ("seed", "out", "state"))
    os.makedirs(seed_dir)
    seeder, torrent, port = lt_peer("libtorrent seeder", seed_dir, "--files", "3", "--size", "1500000",
                                    "--piece-length", "32768")
    try:
        files = payload_files(corrent_info(corrent, torrent))
        check.same("payload files", len(files), 3)
        real = [(i, path) for i, path in files if "/.pad/" not in path and not path.startswith(".pad")]
        wanted, skipped = [real[0], real[2]], real[1]
        uri = "%s&x.pe=127.0.0.1:%d&so=%d,%d" % (magnet_of(torrent), port, wanted[0][0], wanted[1][0])
        down = corrent_download(corrent, uri, out_dir, state)
        status = down.wait(120)
        check.same("magnet download exit status", status, 0)
        events = down.json_events()
        got = [e for e in events if e["event"] == "metadata_received"]
        check.same("one metadata_received event", len(got), 1)
        if got:
            check.same("metadata came from the seeder", got[0]["from"], "127.0.0.1:%d" % port)
            check.same("metadata size is the info dict's", got[0]["size"],
                       len(import_libtorrent().torrent_info(torrent).info_section()))
        check.true("torrent_finished reported", any(e["event"] == "torrent_finished" for e in events))
        for i, path in wanted:
            check.true("selected file %d (%s) matches the seeder's" % (i, path),
                       same_bytes(os.path.join(seed_dir, path), os.path.join(out_dir, path)))
        check.true("unselected file %s not created" % skipped[1],
                   not os.path.exists(os.path.join(out_dir, skipped[1])))
        if status != 0:
            print(down.describe())
    finally:
        seeder.stop()

    # --- 2: libtorrent fetches the metadata from corrent ---
    make_dir, data_dir, leech_dir, state2 = (os.path.join(tmp, d) for d in ("make", "data", "leech", "state2"))
    for d in (make_dir, data_dir, leech_dir):
        os.makedirs(d)
    maker, torrent2, _ = lt_peer("libtorrent maker", make_dir, "--size", "2000000", "--piece-length", "65536",
                                 "--v1-only")
    maker.stop()
    shutil.copy(os.path.join(make_dir, "payload.bin"), os.path.join(data_dir, "payload.bin"))
    ours, our_port, checked = corrent_seed(corrent, torrent2, data_dir, state2)
    try:
        check.same("the seeder has every piece", checked["pieces_have"], checked["pieces_total"])
        leecher, _, _ = lt_peer("libtorrent magnet leecher", leech_dir, "--magnet", magnet_of(torrent2),
                                "--connect", "127.0.0.1:%d" % our_port)
        try:
            line = leecher.expect(lambda l: l.startswith("finished: ") or l.startswith("error: "), 120,
                                  "the magnet leecher finishing")
            check.true("libtorrent got the metadata from corrent", "metadata: received" in leecher.seen)
            check.true("libtorrent magnet leecher finished", line.startswith("finished: "))
        finally:
            leecher.stop()
        check.true("leeched payload matches",
                   same_bytes(os.path.join(data_dir, "payload.bin"), os.path.join(leech_dir, "payload.bin")))
    finally:
        stop_corrent(check, "corrent seed", ours)

    # --- 3: the metadata from an incoming peer, which is then dialled back ---
    seed3, out3, state3 = (os.path.join(tmp, d) for d in ("seed3", "out3", "state3"))
    os.makedirs(seed3)
    maker3, torrent3, _ = lt_peer("libtorrent maker 3", seed3, "--size", "1000000", "--piece-length", "32768",
                                  "--v1-only")
    maker3.stop()
    down3 = corrent_download(corrent, magnet_of(torrent3), out3, state3)  # no peer at all
    listening = down3.expect_event("listening", 30)
    corrent_port = int(listening["endpoints"][0].rsplit(":", 1)[1])
    seeder3, _, lt_port = lt_peer("libtorrent seeder 3", seed3, "--torrent", torrent3,
                                  "--connect", "127.0.0.1:%d" % corrent_port)
    try:
        status = down3.wait(60)
        check.same("incoming-metadata download exit status", status, 0)
        events = down3.json_events()
        got = [e for e in events if e["event"] == "metadata_received"]
        check.true("metadata arrived over an incoming connection",
                   len(got) == 1 and got[0]["from"].startswith("127.0.0.1:") and got[0]["from"] != "127.0.0.1:%d" % lt_port)
        after = events[events.index(got[0]):] if got else []
        check.true("then corrent dialled the seeder's listen port",
                   any(e["event"] == "peer_connected" and not e["incoming"] and e["endpoint"] == "127.0.0.1:%d" % lt_port
                       for e in after))
        check.true("payload 3 matches", same_bytes(os.path.join(seed3, "payload.bin"), os.path.join(out3, "payload.bin")))
        if status != 0:
            print(down3.describe())
    finally:
        down3.stop()
        seeder3.stop()

check.finish()
