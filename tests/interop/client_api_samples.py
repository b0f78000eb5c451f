"""samples/client_api's seed, progress and throttling examples against python3-libtorrent
on 127.0.0.1, each with --local (no DHT, no LSD, listening on 127.0.0.1):

1. client_api_seed seeds a file; a libtorrent session (in this process) given only the
   magnet it prints and the address it listens on downloads it: the bytes are the file's,
   and the sample ends by itself with exit 0 and "uploaded N", N >= the file's size. The
   same with a SIZE instead of a file. With nobody coming, --timeout 1 ends it with exit 1
   and a message.
2. client_api_progress downloads a few MB from a libtorrent seed limited to about 2 s of
   transfer: exit 0, the seed's bytes, at least two progress lines, one strictly between 0
   and 100, the percentage never decreasing, the last 100.00 with the torrent's length,
   then "complete".
3. client_api_throttling --rate 512 KiB/s downloads 8 MiB from a libtorrent seed: its
   limited_average is within 10% of the rate; the bytes it had when the limit was lifted
   are no more than the rate allows since it started (+10%); the rest came at least 3x
   faster than the rate; exit 0, the seed's bytes.
Usage: client_api_samples.py CORRENT CLIENT_API_SEED CLIENT_API_PROGRESS CLIENT_API_THROTTLING
"""
import os
import re
import sys
import time

from interop_lib import Checker, Proc, fail, import_libtorrent, lt_peer, same_bytes, temp_dir, write

if len(sys.argv) < 5 or not all(os.access(p, os.X_OK) for p in sys.argv[2:5]):
    fail("usage: client_api_samples.py CORRENT CLIENT_API_SEED CLIENT_API_PROGRESS CLIENT_API_THROTTLING (got %r)"
         % sys.argv[1:])
seed_sample, progress_sample, throttling_sample = sys.argv[2:5]
lt = import_libtorrent()
check = Checker()

SEED_SIZE = 3 * 1024 * 1024 + 12345     # not a multiple of any piece or block length
PROGRESS_SIZE = 4 * 1000 * 1000
PROGRESS_SEED_RATE = 2 * 1000 * 1000    # bytes/s the libtorrent seed sends: about 2 s
RATE = 512 * 1024                       # the throttling sample's limit
THROTTLE_SIZE = 8 * 1024 * 1024         # 16 s at RATE: well past the sample's 4 s window
WAIT_S = 120                            # bound of each download


def lt_session():
    """A libtorrent session on 127.0.0.1 only, TCP, plaintext (as lt_peer.py's)."""
    return lt.session({
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "listen_interfaces": "127.0.0.1:0", "outgoing_interfaces": "127.0.0.1",
        "enable_outgoing_utp": False, "enable_incoming_utp": False,
        "out_enc_policy": int(lt.enc_policy.pe_disabled), "in_enc_policy": int(lt.enc_policy.pe_disabled),
        "alert_mask": lt.alert.category_t.error_notification,
    })


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def field(proc, key, timeout=60):
    """The value of the next stdout line "KEY VALUE" (earlier lines skipped)."""
    return proc.expect(lambda l: l.startswith(key + " "), timeout, "a %r line" % key).split(" ", 1)[1]


def seed_to_libtorrent(tmp, what, file_or_size, expected):
    """client_api_seed NAME FILE_OR_SIZE, downloaded by libtorrent from the magnet and
    address it prints; `expected` holds the bytes it must serve."""
    seed_dir = os.path.join(tmp, what + "-seed")
    seed = Proc("client_api_seed (%s)" % what,
                [seed_sample, "shared.bin", file_or_size, seed_dir, "--local", "--timeout", str(WAIT_S)])
    info_hash = field(seed, "info_hash")
    magnet = field(seed, "magnet")
    listening = field(seed, "listening")
    check.true("%s: info_hash is 40 hex (%s)" % (what, info_hash), re.fullmatch("[0-9a-f]{40}", info_hash))
    check.true("%s: the magnet names it (%s)" % (what, magnet), ("xt=urn:btih:" + info_hash) in magnet)
    check.true("%s: listening on 127.0.0.1 (%s)" % (what, listening), listening.startswith("127.0.0.1:"))
    session = lt_session()
    lt_dir = os.path.join(tmp, what + "-lt")
    params = lt.parse_magnet_uri(magnet)
    params.save_path = lt_dir
    handle = session.add_torrent(params)
    handle.connect_peer(("127.0.0.1", int(listening.rsplit(":", 1)[1])))
    check.true("%s: libtorrent has every piece" % what, wait_for(lambda: handle.status().is_seeding, WAIT_S, "lt"))
    check.same("%s: the sample ends by itself, exit 0" % what, seed.wait(30), 0)
    uploaded = [int(l.split()[1]) for l in seed.seen if l.startswith("uploaded ")]
    check.true("%s: uploaded %r >= %d" % (what, uploaded, os.path.getsize(expected)),
               uploaded and uploaded[0] >= os.path.getsize(expected))
    check.true("%s: libtorrent's bytes are the seeded ones" % what,
               same_bytes(expected, os.path.join(lt_dir, "shared.bin")))
    if seed.returncode != 0:
        print(seed.describe())
    del session
    return seed_dir


def test_seed(tmp):
    source = os.path.join(tmp, "source.bin")
    write(source, SEED_SIZE, seed=3)
    seed_to_libtorrent(tmp, "seed FILE", source, source)
    seed_dir = os.path.join(tmp, "seed SIZE-seed")
    seed_to_libtorrent(tmp, "seed SIZE", "1000000", os.path.join(seed_dir, "shared.bin"))
    check.same("seed SIZE: the file it wrote has SIZE bytes", os.path.getsize(os.path.join(seed_dir, "shared.bin")),
               1000000)
    alone = Proc("client_api_seed (nobody)", [seed_sample, "alone.bin", "1000", os.path.join(tmp, "alone"), "--local",
                                              "--timeout", "1"])
    check.same("seed, nobody comes: exit 1 at the timeout", alone.wait(30), 1)
    check.true("it says so (%r)" % alone.stderr, any("gave up" in l for l in alone.stderr))


def test_progress(tmp):
    seed_dir = os.path.join(tmp, "progress-seed")
    os.makedirs(seed_dir)
    seeder, torrent, port = lt_peer("libtorrent seeder (progress)", seed_dir, "--size", str(PROGRESS_SIZE),
                                    "--upload-limit", str(PROGRESS_SEED_RATE))
    try:
        out = os.path.join(tmp, "progress-out")
        proc = Proc("client_api_progress", [progress_sample, torrent, out, "--local", "--peer", "127.0.0.1:%d" % port])
        check.same("progress: exit 0", proc.wait(WAIT_S), 0)
        proc.stdout_closed.wait(10)
    finally:
        seeder.stop()
    lines = [l.split() for l in proc.seen if l.startswith("progress ")]
    percents = [float(l[1]) for l in lines]
    check.true("progress: every line has its fields (%r)" % lines[-1:],
               lines and all(len(l) == 10 and l[2::2] == ["downloaded", "length", "uploaded", "peers"] for l in lines))
    check.true("progress: at least two lines (%d)" % len(lines), len(lines) >= 2)
    check.true("progress: a line strictly between 0 and 100 (%r)" % percents, any(0 < p < 100 for p in percents))
    check.true("progress: never decreasing", all(a <= b for a, b in zip(percents, percents[1:])))
    check.same("progress: the last line at 100.00", lines[-1][1] if lines else None, "100.00")
    check.same("progress: the last line's length", lines[-1][5] if lines else None, str(PROGRESS_SIZE))
    check.same("progress: then complete", proc.seen[-1] if proc.seen else None, "complete")
    check.true("progress: the seed's bytes",
               same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(out, "payload.bin")))
    if proc.returncode != 0:
        print(proc.describe())


def test_throttling(tmp):
    seed_dir = os.path.join(tmp, "throttle-seed")
    os.makedirs(seed_dir)
    seeder, torrent, port = lt_peer("libtorrent seeder (throttling)", seed_dir, "--size", str(THROTTLE_SIZE))
    try:
        out = os.path.join(tmp, "throttle-out")
        started = time.monotonic()
        proc = Proc("client_api_throttling", [throttling_sample, torrent, out, "--rate", str(RATE), "--local",
                                              "--peer", "127.0.0.1:%d" % port])
        average = int(field(proc, "limited_average", WAIT_S))
        at_lift = int(field(proc, "unlimited", 10).split()[1])
        lifted = time.monotonic()
        proc.expect(lambda l: l == "complete", WAIT_S, "complete")
        done = time.monotonic()
        check.same("throttling: exit 0", proc.wait(30), 0)
    finally:
        seeder.stop()
    print("limited_average %d B/s (%.2f%% off %d); %d bytes when lifted after %.2f s; the rest in %.2f s"
          % (average, 100.0 * (average / RATE - 1), RATE, at_lift, lifted - started, done - lifted), flush=True)
    check.true("throttling: limited_average within 10%% of %d (%d)" % (RATE, average), abs(average / RATE - 1) <= 0.10)
    check.true("throttling: no more than the rate allowed before the lift (%d in %.2f s)" % (at_lift, lifted - started),
               at_lift <= 1.10 * RATE * (lifted - started))
    rest_rate = (THROTTLE_SIZE - at_lift) / max(done - lifted, 1e-3)
    check.true("throttling: the rest at least 3x the rate (%.0f B/s)" % rest_rate, rest_rate >= 3 * RATE)
    speeds = [l for l in proc.seen if l.startswith("download_speed ")]
    check.true("throttling: a download_speed line a second over the window (%r)" % speeds, len(speeds) >= 3)
    check.true("throttling: the seed's bytes",
               same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(out, "payload.bin")))
    if proc.returncode != 0:
        print(proc.describe())


with temp_dir() as tmp:
    test_seed(tmp)
    test_progress(tmp)
    test_throttling(tmp)

check.finish()
