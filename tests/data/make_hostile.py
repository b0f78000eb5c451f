#!/usr/bin/env python3
"""Writes tests/data/hostile/: .torrent files crafted to escape the download directory or
to lie about their geometry. The metainfo unit test loads each one and requires an error
or a layout whose every path stays inside the download directory.

Standard library only; run python3 tests/data/make_hostile.py and commit the output. The
files stay small (the 100k-file case is built inside a unit test instead).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep tests/fuzz free of __pycache__
sys.path.insert(0, os.path.join(HERE, "..", "fuzz"))
from make_seeds import bencode, multi_file, pieces_for, single_file, torrent  # noqa: E402

OUT = os.path.join(HERE, "hostile")


def files(*paths, length=10):
    return multi_file("t", [(p, length, "") for p in paths])


def symlink_torrent(target):
    info = multi_file("t", [(["real"], 10, ""), (["link"], 0, "l")])
    info["files"][1]["symlink path"] = target
    return torrent(info)


def loadable_but_sanitised():
    """Each loads, with its names rewritten."""
    return {
        "parent_path": torrent(files(["..", "..", "etc", "passwd"])),
        "dot_elements": torrent(files([".", "a", ".", "b"])),
        "absolute_filename": torrent(files(["/etc/passwd"])),
        "windows_drive": torrent(files(["C:\\Windows\\x.dll"])),
        "slash_in_element": torrent(files(["a/../../b"])),
        "backslash_path": torrent(files(["..\\..\\x"])),
        "nul_in_name": torrent(files(["a\0b"])),
        "control_chars": torrent(files(["a\x01\x1f\x7fb\r\n"])),
        "reserved_names": torrent(files(["CON"], ["con.txt"], ["LPT1"], ["aux.tar.gz"])),
        "trailing_dot_space": torrent(files(["x."], ["y "], ["dir. ", "z"])),
        "bidi_override": torrent(files(["evil\u202etxt.exe"])),
        "long_name": torrent(files(["a" * 300 + ".txt"])),
        "empty_elements": torrent(files(["", "a", "", "b"])),
        "all_dots": torrent(files(["....."], ["...", "x"])),
        "invalid_utf8": torrent(files([b"\xff\xfe\xc0\xafx"])),
        "empty_path": torrent(files([])),
        "name_parent": torrent(single_file("..", 10)),
        "name_traversal": torrent(single_file("../../.bashrc", 10)),
        "name_absolute": torrent(multi_file("/tmp", [(["x"], 10, "")])),
        "duplicate_files": torrent(files(["same.txt"], ["same.txt"], ["same.1.txt"])),
        "pad_file_traversal": torrent(multi_file("t", [(["a"], 5, ""), (["..", "..", "pad"], 16379, "p"),
                                                       (["b"], 10, "")])),
        "symlink_outside": symlink_torrent(["..", "..", "etc"]),
        "symlink_absolute": symlink_torrent(["/etc/shadow"]),
        "symlink_inside": symlink_torrent(["real"]),
        "symlink_no_target": torrent(multi_file("t", [(["link"], 0, "l"), (["x"], 1, "")])),
        "whitespace_url": torrent(single_file("x", 10), announce=" http://t/ \n"),
        "url_crlf": torrent(single_file("x", 10), **{"url-list": ["http://s/\r\nX: y"]}),
    }


def refused():
    """Each must fail with an error."""
    too_deep = files(["d"] * 101)
    dups = files(*([["x"]] * 502), length=1)
    both = single_file("x", 10)
    both["files"] = [{"path": ["a"], "length": 10}]
    unaligned = single_file("x", 40000)
    unaligned["pieces"] = unaligned["pieces"][:-1]
    mismatch = single_file("x", 40000)
    mismatch["pieces"] = mismatch["pieces"][:20]
    overflow = multi_file("t", [(["a"], 2 ** 48, ""), (["b"], 2 ** 48, "")], 2 ** 29, pieces=b"")
    bad_path = files(["a"])
    bad_path["files"][0]["path"] = "a/b"
    return {
        "string": bencode("not a dict"),
        "no_info": bencode({"announce": "http://t/"}),
        "info_not_dict": bencode({"info": 5}),
        "no_name": bencode({"info": {k: v for k, v in single_file("x", 10).items() if k != "name"}}),
        "negative_length": torrent(single_file("x", -1)),
        "negative_file_size": torrent(files(["a"], length=-10)),
        "zero_piece_length": torrent(dict(single_file("x", 10), **{"piece length": 0})),
        "negative_piece_length": torrent(dict(single_file("x", 10), **{"piece length": -16384})),
        "huge_piece_length": torrent({"name": "x", "length": 10, "piece length": 2 ** 31,
                                      "pieces": b"h" * 20}),
        "unaligned_pieces": torrent(unaligned),
        "piece_count_mismatch": torrent(mismatch),
        "total_overflow": torrent(overflow),
        "length_and_files": torrent(both),
        "no_files": torrent(multi_file("t", [])),
        "zero_size": torrent(single_file("x", 0)),
        "path_not_list": torrent(bad_path),
        "directory_too_deep": torrent(too_deep),
        "too_many_duplicates": torrent(dups),
        "deep_nesting": b"d4:infod1:x" + b"l" * 5000 + b"e" * 5000 + b"ee",
        "truncated": torrent(single_file("x", 40000))[:-7],
        "overlong_integer": b"d4:infod6:lengthi99999999999999999999999eee",
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith(".torrent"):
            os.remove(os.path.join(OUT, old))
    cases = {**loadable_but_sanitised(), **{"bad_" + k: v for k, v in refused().items()}}
    for name, data in sorted(cases.items()):
        with open(os.path.join(OUT, name + ".torrent"), "wb") as f:
            f.write(data)
    total = sum(len(v) for v in cases.values())
    assert total < 200 * 1024, total
    print("wrote %d files, %d bytes" % (len(cases), total))


if __name__ == "__main__":
    main()
