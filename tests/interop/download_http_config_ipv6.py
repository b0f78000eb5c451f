"""`corrent download` of a .torrent at an http:// URL (a Python http.server on 127.0.0.1)
fetches it and downloads; a 404 is an error naming the URL (exit 1, nothing fetched).
The configuration file's "session" section sets flags by their names, flags on the
command line win, an unknown key is an error naming it, and
$XDG_CONFIG_HOME/corrent/config.json is read without --config. Without --bind a session
listens on IPv6 as well as IPv4: a download reaches a seed at [::1] and at 127.0.0.1."""
import functools
import http.server
import json
import os
import socket
import time
import threading

from cli_lib import make_torrent
from interop_lib import (Checker, Proc, corrent_env, corrent_path, endpoint_port, run, same_bytes, temp_dir)

corrent = corrent_path()
check = Checker()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder):
    handler = functools.partial(QuietHandler, directory=folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def download(args, state, timeout=60):
    proc = Proc("corrent download", [corrent, "download"] + args, env=corrent_env(state))
    status = proc.wait(timeout)
    proc.stdout_closed.wait(10)
    return proc, status


with temp_dir() as tmp:
    seed_dir, torrent, ih = make_torrent(corrent, tmp)
    payload = os.path.join(seed_dir, "payload.bin")
    # A seed with the default listen addresses (no --bind): IPv6 and IPv4.
    seeder = Proc("corrent seed", [corrent, "seed", torrent, seed_dir, "--port", "0", "--json"],
                  env=corrent_env(os.path.join(tmp, "seed-state")))
    server = serve(tmp)
    try:
        listening = seeder.expect_event("listening", 30)
        port = endpoint_port(listening["endpoints"][0])
        check.same("default listen: [::] (both families)", listening["endpoints"], ["[::]:%d" % port])
        seeder.expect_event("torrent_checked", 30)
        check.true("default listen: no warning (%r)" % seeder.stderr, not seeder.stderr)

        for host in ("[::1]", "127.0.0.1"):
            out = os.path.join(tmp, "out-" + host.strip("[]").replace(":", "_"))
            proc, status = download([torrent, "-o", out, "--peer", "%s:%d" % (host, port), "--bind", "127.0.0.1" if
                                     host[0] != "[" else "::1", "--port", "0", "--json"],
                                    os.path.join(tmp, "st-" + host.strip("[]").replace(":", "_")))
            check.same("download from the seed at %s: exit status (%s)" % (host, proc.stderr), status, 0)
            check.true("download from %s: the bytes match" % host, same_bytes(os.path.join(out, "payload.bin"), payload))

        # [::] taken (an IPv6-only socket on the port): a warning, and IPv4 alone.
        with socket.socket(socket.AF_INET6) as taken:
            taken.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            taken.bind(("::", 0))
            taken.listen(1)
            busy = taken.getsockname()[1]
            other = Proc("corrent seed", [corrent, "seed", torrent, seed_dir, "--port", str(busy), "--json"],
                         env=corrent_env(os.path.join(tmp, "seed-state-2")))
            try:
                listening = other.expect_event("listening", 30)
                check.same("[::] taken: IPv4 only", listening["endpoints"], ["0.0.0.0:%d" % busy])
                # stderr is read by a thread of its own: give the line a moment to arrive.
                warned = lambda: any("warning" in l and "[::]:%d" % busy in l for l in other.stderr)
                deadline = time.monotonic() + 5
                while not warned() and time.monotonic() < deadline:
                    time.sleep(0.05)
                check.true("[::] taken: a warning naming it (%r)" % other.stderr, warned())
            finally:
                other.stop()

        # http:// .torrent.
        url = "http://127.0.0.1:%d/t.torrent" % server.server_address[1]
        out = os.path.join(tmp, "out-http")
        proc, status = download([url, "-o", out, "--peer", "127.0.0.1:%d" % port, "--bind", "127.0.0.1",
                                 "--port", "0", "--json"], os.path.join(tmp, "st-http"))
        check.same("http .torrent: exit status (%s)" % proc.stderr, status, 0)
        check.true("http .torrent: the bytes match", same_bytes(os.path.join(out, "payload.bin"), payload))
        events = proc.json_events()
        done = events[-1] if events else {}
        check.same("http .torrent: done names the URL as the source",
                   [t.get("source") for t in done.get("torrents", [])], [url])
        missing = url.replace("t.torrent", "missing.torrent")
        done_run = run([corrent, "download", missing, "-o", os.path.join(tmp, "out-404")], expect=None)
        check.same("404: exit status", done_run.returncode, 1)
        check.true("404: one error line naming the URL and the status (%r)" % done_run.stderr,
                   done_run.stderr.count("\n") == 1 and missing in done_run.stderr and "404" in done_run.stderr)
        check.same("404: nothing on stdout", done_run.stdout, "")

        # The configuration file's session section.
        config = os.path.join(tmp, "config.json")
        with open(config, "w") as f:
            json.dump({"session": {"bind": "127.0.0.1", "port": 1, "seed-time": 1, "max-upload-slots": 2,
                                "no-dht": True, "no-lsd": True, "no-upnp": True, "no-natpmp": True, "transports": "tcp"}}, f)
        proc, status = download([torrent, "-o", os.path.join(tmp, "out-cfg"), "--config", config, "--port", "0",
                                 "--peer", "127.0.0.1:%d" % port, "--json"], os.path.join(tmp, "st-cfg"))
        check.same("config: exit status (%s)" % proc.stderr, status, 0)
        events = proc.json_events()
        listen = [e for e in events if e["event"] == "listening"]
        check.true("config: bind from the file, --port 0 from the command line (%r)" % listen,
                   bool(listen) and listen[0]["endpoints"][0].startswith("127.0.0.1:")
                   and endpoint_port(listen[0]["endpoints"][0]) not in (0, 1))
        check.same("config: seed-time from the file",
                   [e.get("reason") for e in events if e["event"] == "seeding_stopped"], ["seed_time"])
        with open(config, "w") as f:
            json.dump({"session": {"prot": 6881}}, f)
        done_run = run([corrent, "download", torrent, "-o", os.path.join(tmp, "x"), "--config", config], expect=None)
        check.same("config, unknown key: exit status", done_run.returncode, 1)
        check.true("config, unknown key: named with the file (%r)" % done_run.stderr,
                   "session.prot: unknown key" in done_run.stderr and config in done_run.stderr)

        # The XDG default, read without --config.
        state = os.path.join(tmp, "st-xdg")
        xdg = os.path.join(state, "config", "corrent")
        os.makedirs(xdg, exist_ok=True)
        with open(os.path.join(xdg, "config.json"), "w") as f:
            json.dump({"session": {"bind": "127.0.0.1", "port": 0, "timeout": 3, "no-dht": True, "no-lsd": True,
                                "no-upnp": True, "no-natpmp": True, "transports": "tcp"}}, f)
        proc, status = download([torrent, "-o", os.path.join(tmp, "out-xdg"), "--json"], state, timeout=30)
        check.same("XDG config: --timeout 3 from it ends a download without peers (exit 1)", status, 1)
        events = proc.json_events()
        check.same("XDG config: done result", events[-1].get("result") if events else None, "timed_out")
        check.true("XDG config: bind from it (%r)" % events[:1],
                   bool(events) and events[0]["endpoints"][0].startswith("127.0.0.1:"))
    finally:
        server.shutdown()
        seeder.stop()

check.finish()
