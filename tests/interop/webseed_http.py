"""Web seeds (BEP 19, plugins/webseed) against python's http.server, on 127.0.0.1 only.

`corrent download` gets no peer at all (no --peer, no tracker, --no-dht --no-lsd): every
byte must come from the torrent's url-list. python's http.server ignores Range and answers
200 with the whole file, which the plugin takes for files up to kMaxWholeFileBody (16 MiB,
webseed_limits.hpp): every file here is far smaller.

1. A single-file torrent whose url-list is the file's URL (`corrent create -w`, seen in
   `corrent info --json`): the download finishes, exit 0, the file's SHA-1 is the
   source's, and the only peer it ever connected to is the web seed's address. The same
   torrent with --no-web-seeds connects to nobody and times out (exit 1), so the bytes
   came from the web seed.
2. A multi-file torrent (3 files of uneven sizes, none a multiple of the piece length,
   pieces spanning files) whose url-list is the server's root ("/": BEP 19 appends
   name/path): finishes, every file the same bytes.
3. A server serving same-size files of other bytes: the download does not finish within
   its --timeout (exit 1, result timed_out); the web seed's stream is closed with the
   plugin's "a piece failed its hash check" reason, and it is not adopted again
   (readopt_delay_ms set short, so only the ban keeps it away); no piece is accepted
   (no piece_finished, no piece_failed, pieces_have 0 in every stats event and in done),
   and the file on disk, if any, is not the served one.
4. The contrast to 3: a URL that answers 404 ends its stream as "did not deliver a piece",
   is not banned, and is adopted again within the same kind of window, so the single
   connection in 3 is the ban's doing.
"""
import os
import random
import socket
import time

from interop_lib import Checker, Proc, corrent_download, corrent_info, corrent_path, fail, run, sha1_of, \
    temp_dir

corrent = corrent_path()
check = Checker()

PYTHON = "/usr/bin/python3"
PIECE = 32 * 1024  # small pieces: several per file, and pieces that span files
SINGLE_SIZE = 1024 * 1024 + 4321
MULTI_SIZES = {"one.bin": 100003, "two.dat": 250001, "three.txt": 70007}
# A download from loopback of ~1 MiB (each piece fetches its whole file, ~30 MiB in all)
# takes a few seconds; this bounds it generously.
FINISH_S = 90
# How long the bad server is given: enough for several adoptions at READOPT_MS if the
# URL were not banned.
BAD_WINDOW_S = 12
READOPT_MS = 500
# Enough for the first adoption and at least one more at READOPT_MS (doubled once).
MISSING_WINDOW_S = 8
NO_PEERS = ["--no-dht", "--no-lsd"]


def write_random(path, size, seed):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(random.Random(seed).randbytes(size))


def http_server(name, directory):
    """Starts http.server on 127.0.0.1, a port the system picks; returns (Proc, port)."""
    proc = Proc(name, [PYTHON, "-u", "-m", "http.server", "--bind", "127.0.0.1", "0", "--directory", directory])
    line = proc.expect(lambda l: l.startswith("Serving HTTP on "), 30, "its Serving line")
    # "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
    port = int(line.split(" port ")[1].split()[0])
    deadline = time.monotonic() + 10
    while True:  # listening already; a connection proves it
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                proc.stop()
                fail("%s does not accept on port %d\n%s" % (name, port, proc.describe()))
            time.sleep(0.1)
    return proc, port


def create(source, torrent, web_seed):
    run([corrent, "create", source, "-o", torrent, "-l", str(PIECE), "-w", web_seed])
    info = corrent_info(corrent, torrent)
    check.same("%s: url-list in corrent info --json" % os.path.basename(torrent), info.get("web_seeds"), [web_seed])
    return info


def events_named(proc, name):
    return [e for e in proc.json_events() if e["event"] == name]


def finished_download(what, torrent, out, state, server_port):
    proc = corrent_download(corrent, torrent, out, state, extra=NO_PEERS + ["--timeout", str(FINISH_S)])
    status = proc.wait(FINISH_S + 30)
    proc.stdout_closed.wait(10)
    check.same("%s: exit 0 (finished)" % what, status, 0)
    if status != 0:
        print(proc.describe())
    check.true("%s: torrent_finished" % what, events_named(proc, "torrent_finished"))
    endpoints = sorted({e["endpoint"] for e in events_named(proc, "peer_connected")})
    check.same("%s: the only peer is the web seed" % what, endpoints, ["127.0.0.1:%d" % server_port])
    return proc


with temp_dir() as tmp:
    good_dir = os.path.join(tmp, "www")
    bad_dir = os.path.join(tmp, "www_bad")
    single = os.path.join(good_dir, "single.bin")
    write_random(single, SINGLE_SIZE, seed=1)
    write_random(os.path.join(bad_dir, "single.bin"), SINGLE_SIZE, seed=2)  # same size, other bytes
    multi = os.path.join(good_dir, "multi")
    for i, (name, size) in enumerate(sorted(MULTI_SIZES.items())):
        write_random(os.path.join(multi, name), size, seed=10 + i)
        check.true("multi %s: not a multiple of the piece length" % name, size % PIECE != 0)

    good, good_port = http_server("http.server (good)", good_dir)
    bad, bad_port = http_server("http.server (bad)", bad_dir)
    try:
        # --- 1: single file ---
        torrent = os.path.join(tmp, "single.torrent")
        info = create(single, torrent, "http://127.0.0.1:%d/single.bin" % good_port)
        check.same("single: one file", len(info["files"]), 1)
        out = os.path.join(tmp, "out_single")
        finished_download("single", torrent, out, os.path.join(tmp, "state_single"), good_port)
        got = os.path.join(out, "single.bin")
        check.same("single: sha1 of the downloaded file", sha1_of(got) if os.path.isfile(got) else None,
                   sha1_of(single))

        # The same torrent without web seeds: nothing to download from.
        proc = corrent_download(corrent, torrent, os.path.join(tmp, "out_none"), os.path.join(tmp, "state_none"),
                                extra=NO_PEERS + ["--no-web-seeds", "--timeout", "4"])
        check.same("--no-web-seeds: exit 1 at its timeout", proc.wait(40), 1)
        proc.stdout_closed.wait(10)
        check.same("--no-web-seeds: no peer_connected", events_named(proc, "peer_connected"), [])

        # --- 2: three files in a folder ---
        torrent = os.path.join(tmp, "multi.torrent")
        info = create(multi, torrent, "http://127.0.0.1:%d/" % good_port)
        check.same("multi: three files", sorted(f["path"] for f in info["files"] if not f["pad"]),
                   sorted("multi/" + n for n in MULTI_SIZES))
        check.true("multi: a piece spans two files", any(s % PIECE for s in MULTI_SIZES.values()))
        out = os.path.join(tmp, "out_multi")
        finished_download("multi", torrent, out, os.path.join(tmp, "state_multi"), good_port)
        for name in sorted(MULTI_SIZES):
            got = os.path.join(out, "multi", name)
            check.same("multi %s: sha1" % name, sha1_of(got) if os.path.isfile(got) else None,
                       sha1_of(os.path.join(multi, name)))

        # --- 3: a server with wrong bytes ---
        torrent = os.path.join(tmp, "bad.torrent")
        create(single, torrent, "http://127.0.0.1:%d/single.bin" % bad_port)
        out = os.path.join(tmp, "out_bad")
        proc = corrent_download(corrent, torrent, out, os.path.join(tmp, "state_bad"),
                                extra=NO_PEERS + ["--timeout", str(BAD_WINDOW_S),
                                                  "--set", "webseed.readopt_delay_ms=%d" % READOPT_MS,
                                                  "--set", "webseed.retry_delay_ms=100"])
        status = proc.wait(BAD_WINDOW_S + 30)
        proc.stdout_closed.wait(10)
        check.same("bad server: exit 1 (not finished)", status, 1)
        events = proc.json_events()
        done = [e for e in events if e["event"] == "done"]
        check.same("bad server: done says timed_out", done[-1].get("result") if done else None, "timed_out")
        endpoint = "127.0.0.1:%d" % bad_port
        connected = [e for e in events if e["event"] == "peer_connected"]
        check.same("bad server: the web seed connected once (banned after, though readopt is %d ms)" % READOPT_MS,
                   [e["endpoint"] for e in connected], [endpoint])
        closed = [e for e in events if e["event"] == "peer_closed" and e["endpoint"] == endpoint]
        reasons = [e["reason"]["message"] for e in closed]
        check.true("bad server: closed for a failed hash check (%r)" % reasons,
                   any("failed its hash check" in r for r in reasons))
        check.same("bad server: no piece_finished", [e for e in events if e["event"] == "piece_finished"], [])
        check.same("bad server: no piece_failed (no block of it reached the engine)",
                   [e for e in events if e["event"] == "piece_failed"], [])
        stats = [e for e in events if e["event"] == "stats"]
        check.true("bad server: stats events seen (%d)" % len(stats), stats)
        check.same("bad server: pieces_have 0 in every stats event", sorted({e["pieces_have"] for e in stats}), [0])
        final = done[-1].get("status", {}) if done else {}
        check.same("bad server: pieces_have 0 at the end", final.get("pieces_have"), 0)
        got = os.path.join(out, "single.bin")
        check.true("bad server: the served bytes are not on disk",
                   not os.path.isfile(got) or sha1_of(got) != sha1_of(os.path.join(bad_dir, "single.bin")))

        # --- 4: the contrast: a URL that fails (404) is not banned, so it is adopted again
        # after readopt_delay_ms; the single connection of 3 is the ban's doing. ---
        torrent = os.path.join(tmp, "missing.torrent")
        create(single, torrent, "http://127.0.0.1:%d/missing.bin" % bad_port)
        settings = ["--set", "webseed.readopt_delay_ms=%d" % READOPT_MS, "--set", "webseed.retry_delay_ms=100",
                    "--set", "webseed.max_retries=1"]
        proc = corrent_download(corrent, torrent, os.path.join(tmp, "out_missing"),
                                os.path.join(tmp, "state_missing"),
                                extra=NO_PEERS + ["--timeout", str(MISSING_WINDOW_S)] + settings)
        check.same("missing file: exit 1 (not finished)", proc.wait(MISSING_WINDOW_S + 30), 1)
        proc.stdout_closed.wait(10)
        endpoint = "127.0.0.1:%d" % bad_port
        connected = [e for e in events_named(proc, "peer_connected") if e["endpoint"] == endpoint]
        check.true("missing file: the web seed adopted again after it failed (%d times)" % len(connected),
                   len(connected) >= 2)
        reasons = sorted({e["reason"]["message"] for e in events_named(proc, "peer_closed")
                          if e["endpoint"] == endpoint})
        check.same("missing file: closed because the server did not deliver", reasons,
                   ["webseed: the server did not deliver a piece"])
    finally:
        good.stop()
        bad.stop()

check.finish()
