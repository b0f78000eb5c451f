"""corrent info reads torrents made by mktorrent: same info-hash as libtorrent computes,
same files and sizes, piece length and count, trackers."""
import os

from interop_lib import (Checker, corrent_files, corrent_info, corrent_path, import_libtorrent,
                         lt_files, make_single, make_tree, require_program, run, temp_dir)

corrent = corrent_path()
lt = import_libtorrent()
mktorrent = require_program("mktorrent")
check = Checker()

with temp_dir() as tmp:
    for label, source in (("one file", make_single(tmp)), ("folder", make_tree(tmp))):
        torrent = os.path.join(tmp, os.path.basename(source) + ".torrent")
        run([mktorrent, "-l", "16", "-a", "http://127.0.0.1:1/announce,http://127.0.0.1:2/announce",
             "-a", "udp://127.0.0.1:3/announce", "-w", "http://127.0.0.1:4/seed/", "-c", "made by mktorrent",
             "-o", torrent, source])
        ti = lt.torrent_info(torrent)
        info = corrent_info(corrent, torrent)
        print("--- %s: %s" % (label, torrent))
        check.same(label + ": info-hash", info["info_hash"], str(ti.info_hashes().v1))
        check.same(label + ": name", info["name"], ti.name())
        check.same(label + ": files (path, size, pad)", corrent_files(info), lt_files(ti))
        check.same(label + ": total size", info["total_size"], ti.total_size())
        check.same(label + ": piece length", info["piece_length"], ti.piece_length())
        check.same(label + ": piece count", info["piece_count"], ti.num_pieces())
        check.same(label + ": trackers by tier (libtorrent shuffles within a tier)",
                   sorted((tier, url) for tier, urls in enumerate(info["trackers"]) for url in urls),
                   sorted((t.tier, t.url) for t in ti.trackers()))
        check.same(label + ": web seeds", info["web_seeds"], [w["url"] for w in ti.web_seeds()])
        check.same(label + ": comment", info["comment"], ti.comment())
        check.same(label + ": private", info["private"], ti.priv())
        check.same(label + ": multi-file", info["multi_file"], label == "folder")

check.finish()
