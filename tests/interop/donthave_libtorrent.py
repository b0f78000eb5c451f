"""lt_donthave (BEP 54), the standard plugin, against python3-libtorrent: `corrent download
--seed` finds a torrent's data complete and seeds it; the file is then cut to half its
length under it. A libtorrent leecher (in this process) downloads the first half; each
piece of the second half it asks for is found gone, refused, and retracted with DONTHAVE,
and libtorrent's view of corrent's pieces (peer_info.pieces) loses exactly those. corrent's
events name each retraction. (Not `corrent seed`: its storage is read-only, so it stays
upload-only, and libtorrent rightly closes an uninteresting upload-only peer.)"""
import os
import time

from interop_lib import Checker, corrent_download, corrent_path, endpoint_port, import_libtorrent, lt_peer, temp_dir

lt = import_libtorrent()
corrent = corrent_path()
check = Checker()
PIECE = 65536
PIECES = 32
WAIT = 60  # seconds for libtorrent to ask for (and be told of) every piece


def corrent_peer(handle):
    """libtorrent's peer_info of its one connection (corrent), or None."""
    peers = handle.get_peer_info()
    return peers[0] if peers else None


with temp_dir() as tmp:
    make_dir, leech_dir, state = (os.path.join(tmp, d) for d in ("make", "leech", "state"))
    for d in (make_dir, leech_dir):
        os.makedirs(d)
    maker, torrent, _ = lt_peer("libtorrent maker", make_dir, "--size", str(PIECE * PIECES),
                                "--piece-length", str(PIECE), "--v1-only")
    maker.stop()
    cseed = corrent_download(corrent, torrent, make_dir, state, extra=["--seed"])
    try:
        cport = endpoint_port(cseed.expect_event("listening", 60)["endpoints"][0])
        cseed.expect_event("torrent_state", 60, where=lambda e: e["to"] == "seeding")
        # Half the file goes from under the seed, after its check said it had it all.
        os.truncate(os.path.join(make_dir, "payload.bin"), PIECE * PIECES // 2)
        lost = set(range(PIECES // 2, PIECES))
        session = lt.session({"listen_interfaces": "127.0.0.1:0", "enable_dht": False, "enable_lsd": False,
                              "enable_upnp": False, "enable_natpmp": False,
                              "out_enc_policy": lt.enc_policy.disabled, "in_enc_policy": lt.enc_policy.disabled})
        handle = session.add_torrent({"ti": lt.torrent_info(torrent), "save_path": leech_dir})
        handle.connect_peer(("127.0.0.1", cport))
        deadline = time.monotonic() + WAIT
        seen = None
        while time.monotonic() < deadline:
            peer = corrent_peer(handle)
            if peer is not None and peer.pieces:
                seen = {i for i, has in enumerate(peer.pieces) if has}
                if handle.status().num_pieces == PIECES // 2 and not (seen & lost):
                    break
            time.sleep(0.05)
        if corrent_peer(handle) is None:
            print([e for e in cseed.json_events() if e["event"] in ("peer_closed", "peer_connected", "torrent_state")])
        check.true("libtorrent still sees its connection to corrent", corrent_peer(handle) is not None)
        check.same("the pieces libtorrent sees corrent have (all but the cut ones)", seen,
                   set(range(PIECES // 2)))
        check.same("pieces libtorrent downloaded", handle.status().num_pieces, PIECES // 2)
        told = {int(e["text"].split("lost piece ")[1].split(" ")[0]) for e in cseed.json_events()
                if e["event"] == "extension_note" and e.get("extension") == "lt_donthave"
                and "lost piece" in e["text"]}
        check.same("the pieces corrent retracted with DONTHAVE", told, lost)
        session.remove_torrent(handle)
        del session
    finally:
        check.same("corrent download --seed exits 0 on SIGTERM (it had finished)", cseed.stop(), 0)

check.finish()
