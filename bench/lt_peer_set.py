#!/usr/bin/python3
"""tests/interop/lt_peer.py with extra libtorrent settings (a benchmark helper, not a test).

    bench/lt_peer_set.py [--lt-set NAME=VALUE]... LT_PEER_OPTIONS...

Runs lt_peer.py unchanged but for its session settings: each --lt-set NAME=VALUE is put
over the settings lt_peer.py would use (after --high-performance, --utp-only and the
rest), by libtorrent's own setting name. VALUE is an int, true/false, or a string. For the
uTP benchmark (bench/download_vs_libtorrent.py --transport utp), which gives libtorrent's
uTP its best documented settings.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "interop"))
import lt_peer  # noqa: E402


def parse_value(text):
    if text in ("true", "false"):
        return text == "true"
    try:
        return int(text)
    except ValueError:
        return text


def main():
    extra = {}
    rest = [sys.argv[0]]
    argv = sys.argv[1:]
    i = 0
    while i < len(argv):
        if argv[i] == "--lt-set" and i + 1 < len(argv):
            name, _, value = argv[i + 1].partition("=")
            extra[name] = parse_value(value)
            i += 2
        else:
            rest.append(argv[i])
            i += 1
    sys.argv = rest
    base = lt_peer.session_settings

    def session_settings(lt, args):
        settings = base(lt, args)
        settings.update(extra)
        return settings

    lt_peer.session_settings = session_settings
    return lt_peer.main()


if __name__ == "__main__":
    sys.exit(main())
