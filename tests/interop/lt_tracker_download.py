"""`corrent download` with no --peer: its peers come from the torrent's tracker, Debian's
opentracker on 127.0.0.1 (whitelist mode), where a python3-libtorrent seeder announced
itself. One torrent over UDP (BEP 15), one over HTTP (BEP 3). For each: exit 0, the bytes
the seeder's, a tracker_reply "started" with peers and no error, a tracker_reply
"completed"; once corrent has exited, a scrape shows its "stopped" took effect (the
libtorrent seeder alone left, no leecher) and its "completed" was counted. Last, a magnet
link whose only source is its tr (the UDP tracker): corrent finds the seeder through the
tracker, fetches the metadata from it and downloads."""
import os

from interop_lib import (Checker, corrent_download, corrent_info, corrent_path, import_libtorrent, lt_peer,
                         same_bytes, temp_dir)
from tracker_lib import OpenTracker, make_v1_torrent, udp_scrape, wait_for_seeder

corrent = corrent_path()
lt = import_libtorrent()
check = Checker()


def write_torrent(entry, directory, url):
    entry[b"announce"] = url.encode()
    torrent = os.path.join(directory, "payload.torrent")
    with open(torrent, "wb") as out:
        out.write(lt.bencode(entry))
    return torrent


def replies(events, announce):
    return [e for e in events if e["event"] == "tracker_reply" and e["announce"] == announce]


def case(name, url, directory, entry, info_hash, tracker):
    seed_dir, out_dir, state = (os.path.join(directory, d) for d in ("seed", "out", "state"))
    torrent = write_torrent(entry, seed_dir, url)
    check.same(name + ": corrent info names the whitelisted info-hash",
               corrent_info(corrent, torrent)["info_hash"], info_hash)
    seeder, _, _ = lt_peer("libtorrent seeder (%s)" % name, seed_dir, "--torrent", torrent)
    try:
        wait_for_seeder(tracker.udp_port, info_hash)
        down = corrent_download(corrent, torrent, out_dir, state)  # no --peer
        status = down.wait(90)
        check.same(name + ": download exit status", status, 0)
        events = down.json_events()
        for e in events:
            if e["event"] == "tracker_reply":
                print("      %s: tracker_reply %s" % (name, e), flush=True)
        started = replies(events, "started")
        check.true(name + ": a started reply from " + url,
                   any(e["url"] == url and not e["error"] and e["peers"] >= 1 for e in started))
        check.same(name + ": errors of the started replies", [e["error"] for e in started if e["error"]], [])
        check.true(name + ": a completed reply without error",
                   any(e["url"] == url and not e["error"] for e in replies(events, "completed")))
        done = [e for e in events if e["event"] == "done"]
        check.same(name + ": done says finished", done[-1]["result"] if done else None, "finished")
        check.true(name + ": the bytes are the seeder's",
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(out_dir, "payload.bin")))
        # After the exit: corrent's "stopped" removed it (it was a seeder since "completed"),
        # and opentracker counted its "completed".
        seeders, completed, leechers = udp_scrape(tracker.udp_port, info_hash)
        check.same(name + ": scrape seeders after corrent's stopped (libtorrent alone)", seeders, 1)
        check.same(name + ": scrape leechers after corrent's stopped", leechers, 0)
        check.true(name + ": scrape downloaded >= 1 (got %d)" % completed, completed >= 1)
        if status != 0 or check.mismatches:
            print(down.describe())
    finally:
        seeder.stop()


def magnet_case(url, directory, entry, info_hash, tracker):
    seed_dir, out_dir, state = (os.path.join(directory, d) for d in ("seed", "out", "state"))
    torrent = write_torrent(entry, seed_dir, url)
    seeder, _, _ = lt_peer("libtorrent seeder (magnet)", seed_dir, "--torrent", torrent)
    try:
        wait_for_seeder(tracker.udp_port, info_hash)
        magnet = "magnet:?xt=urn:btih:%s&tr=%s" % (info_hash, url)
        down = corrent_download(corrent, magnet, out_dir, state)  # no --peer, no x.pe
        status = down.wait(90)
        check.same("magnet: download exit status", status, 0)
        events = down.json_events()
        check.true("magnet: a started reply with peers from " + url,
                   any(e["url"] == url and not e["error"] and e["peers"] >= 1 for e in replies(events, "started")))
        check.same("magnet: one metadata_received", len([e for e in events if e["event"] == "metadata_received"]), 1)
        check.true("magnet: the bytes are the seeder's",
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(out_dir, "payload.bin")))
        if status != 0 or check.mismatches:
            print(down.describe())
    finally:
        seeder.stop()


with temp_dir() as tmp:
    udp_dir, http_dir, magnet_dir = (os.path.join(tmp, d) for d in ("udp", "http", "magnet"))
    # Different sizes, so different info-hashes.
    udp_torrent, udp_hash = make_v1_torrent(lt, os.path.join(udp_dir, "seed"), 1500000)
    http_torrent, http_hash = make_v1_torrent(lt, os.path.join(http_dir, "seed"), 1200000)
    magnet_torrent, magnet_hash = make_v1_torrent(lt, os.path.join(magnet_dir, "seed"), 900000)
    tracker = OpenTracker([udp_hash, http_hash, magnet_hash])
    try:
        case("udp", tracker.udp_url, udp_dir, udp_torrent, udp_hash, tracker)
        case("http", tracker.http_announce, http_dir, http_torrent, http_hash, tracker)
        magnet_case(tracker.udp_url, magnet_dir, magnet_torrent, magnet_hash, tracker)
    finally:
        tracker.stop()

check.finish()
