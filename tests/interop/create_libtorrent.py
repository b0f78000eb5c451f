"""Torrents made by `corrent create` load in libtorrent with the info-hash corrent printed,
the same files, trackers, web seeds and private flag, and libtorrent verifies the data
against them (a full recheck ends as a seed with every piece). Loopback only."""
import os
import time

from interop_lib import (Checker, corrent_files, corrent_info, corrent_path, import_libtorrent, lt_files,
                         make_single, make_tree, run, temp_dir)

corrent = corrent_path()
lt = import_libtorrent()
check = Checker()

TIERS = [["http://127.0.0.1:1/announce", "http://127.0.0.1:2/announce"], ["udp://127.0.0.1:3/announce"]]
WEB_SEED = "http://127.0.0.1:4/seed/"
CHECK_SECONDS = 60


def session():
    return lt.session({
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "listen_interfaces": "127.0.0.1:0", "outgoing_interfaces": "127.0.0.1",
        "alert_mask": lt.alert.category_t.error_notification,
    })


def verify_data(ses, ti, save_path, label):
    """Adds the torrent (no seed mode: every piece is read and hashed) and waits for the check."""
    params = lt.add_torrent_params()
    params.ti = ti
    params.save_path = save_path
    params.flags = 0  # not paused, not auto-managed, not seed_mode: a real check
    handle = ses.add_torrent(params)
    deadline = time.monotonic() + CHECK_SECONDS
    status = handle.status()
    while time.monotonic() < deadline:
        status = handle.status()
        if status.errc.value() != 0 or status.state == lt.torrent_status.states.seeding:
            break
        time.sleep(0.1)
    check.same(label + ": libtorrent error", status.errc.message() if status.errc.value() else "", "")
    check.same(label + ": libtorrent state after check", str(status.state), str(lt.torrent_status.states.seeding))
    check.same(label + ": pieces verified", sum(1 for p in status.pieces if p), ti.num_pieces())
    ses.remove_torrent(handle)


def create(source, out, extra):
    args = [corrent, "create", source, "-o", out, "--private", "--comment", "interop", "-w", WEB_SEED]
    for tier in TIERS:
        args += ["-t", ",".join(tier)]
    printed = run(args + extra).stdout
    fields = dict(line.split(": ", 1) for line in printed.splitlines() if ": " in line)
    if "info-hash" not in fields or not fields.get("magnet", "").startswith("magnet:?"):
        check.same("create output has info-hash and magnet lines", printed, "info-hash: ...\nmagnet: ...")
    return fields.get("info-hash", "")


with temp_dir() as tmp:
    ses = session()
    cases = [("one file", make_single(tmp), []), ("folder", make_tree(tmp), []),
             ("folder, pad files", os.path.join(tmp, "tree"), ["--pad-files"]),
             ("folder, 16K pieces, 1 thread", os.path.join(tmp, "tree"), ["--piece-size", "16K", "--threads", "1"])]
    for number, (label, source, extra) in enumerate(cases):
        torrent = os.path.join(tmp, "made-%d.torrent" % number)
        printed_hash = create(source, torrent, extra)
        ti = lt.torrent_info(torrent)
        info = corrent_info(corrent, torrent)
        print("--- %s: %s" % (label, torrent))
        check.same(label + ": info-hash printed by create", printed_hash, str(ti.info_hashes().v1))
        check.same(label + ": name", ti.name(), os.path.basename(source))
        expected_files = [(os.path.relpath(os.path.join(dirpath, name), os.path.dirname(source)), os.path.getsize(os.path.join(dirpath, name)))
                          for dirpath, _, names in os.walk(source) for name in names]
        if os.path.isfile(source):
            expected_files = [(os.path.basename(source), os.path.getsize(source))]
        check.same(label + ": files on disk = libtorrent's non-pad files",
                   sorted((p, s) for p, s, pad in lt_files(ti) if not pad), sorted(expected_files))
        pads = [(p, s) for p, s, pad in lt_files(ti) if pad]
        check.same(label + ": libtorrent sees pad files", bool(pads), "--pad-files" in extra)
        check.same(label + ": trackers by tier (libtorrent shuffles within a tier)",
                   sorted((t.tier, t.url) for t in ti.trackers()),
                   sorted((tier, url) for tier, urls in enumerate(TIERS) for url in urls))
        check.same(label + ": corrent info reads the tiers back in order", info["trackers"], TIERS)
        check.same(label + ": corrent info and libtorrent list the same files", corrent_files(info), lt_files(ti))
        check.same(label + ": web seeds", [w["url"] for w in ti.web_seeds()], [WEB_SEED])
        check.same(label + ": private", ti.priv(), True)
        check.same(label + ": comment", ti.comment(), "interop")
        if "16K" in extra:
            check.same(label + ": piece length", ti.piece_length(), 16384)
        verify_data(ses, ti, os.path.dirname(source), label)

    # The same tree gives the same torrent whatever the thread count (creation date aside).
    hashes = {create(os.path.join(tmp, "tree"), os.path.join(tmp, "t%d.torrent" % n), ["--threads", str(n)])
              for n in (1, 2, 5)}
    check.same("info-hash independent of --threads", len(hashes), 1)

check.finish()
