"""MSE/PE against python3-libtorrent forcing encryption (out_enc_policy = in_enc_policy =
pe_forced, allowed_enc_level = pe_rc4), both ways on 127.0.0.1:
- `corrent download --encryption forced` from a forced libtorrent seed;
- a forced libtorrent leecher from `corrent seed` on its default policy (enabled).
Each transfer must finish with the bytes verified, and libtorrent must report the peer's
stream as RC4-encrypted."""
import os

from interop_lib import Checker, corrent_download, corrent_path, corrent_seed, lt_peer, same_bytes, temp_dir

corrent = corrent_path()
check = Checker()
# lt_peer reads each peer's stream kind by polling: a transfer held to ~1.5 s (the seed's
# upload, the leecher's download) cannot end (and the two seeds part, BEP 21) between two
# polls.
DOWNLOAD_LIMIT = 2000000

with temp_dir() as tmp:
    seed_dir, out_dir, state, leech_dir, state2 = (os.path.join(tmp, d) for d in
                                                   ("seed", "out", "state", "leech", "state2"))
    for d in (seed_dir, leech_dir):
        os.makedirs(d)
    seeder, torrent, port = lt_peer("libtorrent forced seed", seed_dir, "--size", "3000000", "--v1-only",
                                    "--encryption", "forced", "--upload-limit", str(DOWNLOAD_LIMIT))
    try:
        down = corrent_download(corrent, torrent, out_dir, state, peers=[port], extra=["--encryption", "forced"])
        status = down.wait(120)
        check.same("corrent download from a forced libtorrent: exit status", status, 0)
        check.true("downloaded bytes match",
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(out_dir, "payload.bin")))
        kinds = {l.split(": ", 1)[1] for l in seeder.seen if l.startswith("encryption: ")}
        check.same("libtorrent saw corrent's stream as", kinds, {"rc4"})
        if status != 0:
            print(down.describe())
    finally:
        seeder.stop()

    # corrent seeds what it just downloaded, on its default policy.
    cseed, cport, checked = corrent_seed(corrent, torrent, out_dir, state2)
    try:
        check.same("corrent seed's check finds every piece", checked["pieces_have"], checked["pieces_total"])
        leecher, _, _ = lt_peer("libtorrent forced leecher", leech_dir, "--torrent", torrent, "--leech",
                                "--connect", "127.0.0.1:%d" % cport, "--encryption", "forced",
                                "--download-limit", str(DOWNLOAD_LIMIT))
        try:
            line = leecher.expect(lambda l: l.startswith("finished: ") or l.startswith("error: "), 120,
                                  "the forced leecher finishing")
            check.true("forced libtorrent leecher finished", line.startswith("finished: "))
            kinds = {l.split(": ", 1)[1] for l in leecher.seen if l.startswith("encryption: ")}
            check.same("libtorrent leecher saw corrent's stream as", kinds, {"rc4"})
        finally:
            leecher.stop()
        check.true("leeched bytes match",
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(leech_dir, "payload.bin")))
    finally:
        check.same("corrent seed exits 0 on SIGTERM", cseed.stop(), 0)

check.finish()
