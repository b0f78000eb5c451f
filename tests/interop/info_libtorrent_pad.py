"""corrent info reads v1 torrents made by libtorrent with BEP 47 pad files: same info-hash,
same files, and the pad files reported as pad files."""
import os

from interop_lib import (Checker, corrent_files, corrent_info, corrent_path, import_libtorrent,
                         lt_files, make_single, make_tree, temp_dir)

corrent = corrent_path()
lt = import_libtorrent()
check = Checker()

# v1_only: no v2 hashes; canonical_files: v2's file order and a pad file after every file
# that does not end on a piece boundary (libtorrent 2.0).
FLAGS = lt.create_torrent.v1_only | lt.create_torrent.canonical_files

with temp_dir() as tmp:
    for label, source in (("one file", make_single(tmp)), ("folder", make_tree(tmp))):
        files = lt.file_storage()
        lt.add_files(files, source)
        creator = lt.create_torrent(files, 32768, FLAGS)
        creator.add_tracker("http://127.0.0.1:1/announce", 0)
        creator.add_url_seed("http://127.0.0.1:4/seed/")
        creator.set_priv(True)
        lt.set_piece_hashes(creator, os.path.dirname(source))
        torrent = os.path.join(tmp, os.path.basename(source) + ".lt.torrent")
        with open(torrent, "wb") as out:
            out.write(lt.bencode(creator.generate()))
        ti = lt.torrent_info(torrent)
        info = corrent_info(corrent, torrent)
        print("--- %s: %s" % (label, torrent))
        check.same(label + ": info-hash", info["info_hash"], str(ti.info_hashes().v1))
        check.same(label + ": files (path, size, pad)", corrent_files(info), lt_files(ti))
        check.same(label + ": total size", info["total_size"], ti.total_size())
        check.same(label + ": piece count", info["piece_count"], ti.num_pieces())
        check.same(label + ": private", info["private"], ti.priv())
        check.same(label + ": web seeds", info["web_seeds"], [w["url"] for w in ti.web_seeds()])
        if label == "folder":
            pads = [f for f in info["files"] if f["pad"]]
            check.true(label + ": has pad files", len(pads) > 0)
            check.true(label + ": every non-empty file after a pad starts on a piece boundary",
                       all(f["offset"] % info["piece_length"] == 0
                           for f in info["files"] if not f["pad"] and f["size"] > 0))

check.finish()
