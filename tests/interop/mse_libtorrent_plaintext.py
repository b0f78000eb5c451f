"""MSE/PE policies against a python3-libtorrent that requires plaintext (pe_disabled), on
127.0.0.1:
- `corrent download` on its default policy (enabled) from a plaintext libtorrent seed: its
  MSE attempt is refused, it falls back to plaintext at once and finishes, bytes verified;
- a plaintext libtorrent leecher from `corrent seed` (enabled): finishes, bytes verified;
- `corrent seed --encryption forced` refuses that plaintext leecher: no byte moves, and
  corrent reports the peer closed with "plaintext peer refused";
- `corrent download --encryption forced` gets nothing from the plaintext seed."""
import os
import time

from interop_lib import Checker, corrent_download, corrent_path, corrent_seed, lt_peer, same_bytes, temp_dir

corrent = corrent_path()
check = Checker()
REFUSAL_WAIT = 6  # seconds a refused peer is given to (wrongly) get data
# lt_peer reads each peer's stream kind by polling: a download held to ~1 s cannot end (and
# the two seeds part, BEP 21) between two polls.
DOWNLOAD_LIMIT = 2000000


def progress(proc):
    return max([int(l.split(": ")[1]) for l in proc.seen if l.startswith("progress: ")] or [0])


with temp_dir() as tmp:
    seed_dir, out_dir, state, leech_dir, state2, leech2, out2, state3 = (
        os.path.join(tmp, d) for d in ("seed", "out", "state", "leech", "state2", "leech2", "out2", "state3"))
    for d in (seed_dir, leech_dir, leech2):
        os.makedirs(d)
    seeder, torrent, port = lt_peer("libtorrent plaintext seed", seed_dir, "--size", "2000000", "--v1-only",
                                    "--encryption", "disabled")
    try:
        start = time.monotonic()
        down = corrent_download(corrent, torrent, out_dir, state, peers=[port])
        status = down.wait(120)
        check.same("corrent download (enabled) from a plaintext libtorrent: exit status", status, 0)
        check.true("fell back to plaintext without a retry delay", time.monotonic() - start < 30)
        check.true("downloaded bytes match",
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(out_dir, "payload.bin")))
        forced = corrent_download(corrent, torrent, out2, state3, peers=[port], extra=["--encryption", "forced"])
        time.sleep(REFUSAL_WAIT)
        pieces = [e for e in forced.json_events() if e["event"] == "piece_finished"]
        check.same("corrent download --encryption forced gets no piece from a plaintext seed", len(pieces), 0)
        forced.stop()
    finally:
        seeder.stop()

    cseed, cport, _ = corrent_seed(corrent, torrent, out_dir, state2)
    try:
        leecher, _, _ = lt_peer("libtorrent plaintext leecher", leech_dir, "--torrent", torrent, "--leech",
                                "--connect", "127.0.0.1:%d" % cport, "--encryption", "disabled",
                                "--download-limit", str(DOWNLOAD_LIMIT))
        try:
            line = leecher.expect(lambda l: l.startswith("finished: ") or l.startswith("error: "), 120,
                                  "the plaintext leecher finishing")
            check.true("plaintext libtorrent leecher finished", line.startswith("finished: "))
            kinds = {l.split(": ", 1)[1] for l in leecher.seen if l.startswith("encryption: ")}
            check.same("its stream", kinds, {"none"})
        finally:
            leecher.stop()
        check.true("leeched bytes match",
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(leech_dir, "payload.bin")))
    finally:
        check.same("corrent seed exits 0 on SIGTERM", cseed.stop(), 0)

    fseed, fport, _ = corrent_seed(corrent, torrent, out_dir, state2, extra=["--encryption", "forced"])
    try:
        leecher, _, _ = lt_peer("libtorrent plaintext leecher (refused)", leech2, "--torrent", torrent, "--leech",
                                "--connect", "127.0.0.1:%d" % fport, "--encryption", "disabled")
        try:
            refused = fseed.expect_event("peer_closed", 30, lambda e: "plaintext peer refused" in e.get("detail", ""))
            check.true("corrent (forced) reports the plaintext peer refused", bool(refused))
            time.sleep(REFUSAL_WAIT)
            check.same("bytes the refused plaintext leecher got", progress(leecher), 0)
        finally:
            leecher.stop()
    finally:
        fseed.stop()

check.finish()
