"""A UDP relay that delays and drops datagrams, as netem would (a helper, not a test).

    netem_relay.py --listen HOST --toward HOST --target HOST:PORT [--delay-ms MS]
                   [--loss FRACTION] [--seed N] [--seconds S]

For a kernel without sch_netem (`tc qdisc add ... netem` says "Specified qdisc kind is
unknown"): utp_netem.py runs it in a namespace between the two peers' namespaces. Datagrams
to HOST:PORT (--listen, port chosen by the OS) go to --target from a socket bound to
--toward; the target's answers go back to whoever sent last. Each datagram, either way, is
dropped with probability --loss (a seeded generator: the same drops every run) and
otherwise sent --delay-ms after it arrived, in arrival order (a constant delay, as netem's
without jitter). Prints, flushed:
    port: N            the --listen port
    ready
    relayed: FORWARD BACK dropped: FORWARD BACK    every 5 s, and when stopped (SIGTERM)
It runs until --seconds pass (default 900) or it is stopped.
"""
import argparse
import heapq
import random
import selectors
import signal
import socket
import sys
import time

BUFFER_BYTES = 8 * 1024 * 1024  # socket buffers: a slow pass here must not drop in the kernel


def say(line):
    print(line, flush=True)


def udp_socket(host):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(family, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, BUFFER_BYTES)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, BUFFER_BYTES)
    s.bind((host, 0))
    s.setblocking(False)
    return s


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", required=True)
    parser.add_argument("--toward", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--delay-ms", type=float, default=50)
    parser.add_argument("--loss", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=900)
    args = parser.parse_args()
    host, port = args.target.rsplit(":", 1)
    target = (host.strip("[]"), int(port))
    front, back = udp_socket(args.listen), udp_socket(args.toward)
    say("port: %d" % front.getsockname()[1])
    rng = random.Random(args.seed)
    delay = args.delay_ms / 1000.0
    pending = []  # (due, sequence, socket, datagram, address)
    sequence = 0
    client = None
    relayed, dropped = [0, 0], [0, 0]
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    selector = selectors.DefaultSelector()
    selector.register(front, selectors.EVENT_READ, 0)
    selector.register(back, selectors.EVENT_READ, 1)
    say("ready")
    deadline = time.monotonic() + args.seconds
    next_report = time.monotonic() + 5

    def report():
        say("relayed: %d %d dropped: %d %d" % (relayed[0], relayed[1], dropped[0], dropped[1]))

    while not stopping and time.monotonic() < deadline:
        now = time.monotonic()
        while pending and pending[0][0] <= now:
            _, _, out, datagram, address = heapq.heappop(pending)
            try:
                out.sendto(datagram, address)
            except (BlockingIOError, OSError):
                pass  # a full buffer drops it, as a full queue would
        wait = min(pending[0][0] - now if pending else 0.05, 0.05)
        for key, _ in selector.select(max(wait, 0)):
            way = key.data
            sock = key.fileobj
            for _ in range(256):  # drain, but let the due sends go out
                try:
                    datagram, source = sock.recvfrom(65536)
                except BlockingIOError:
                    break
                except OSError:
                    continue  # an ICMP error queued on the socket (ECONNREFUSED): read on
                if way == 0:
                    client = source
                    out, address = back, target
                else:
                    if client is None or source[:2] != target[:2]:
                        continue
                    out, address = front, client
                if rng.random() < args.loss:
                    dropped[way] += 1
                    continue
                relayed[way] += 1
                sequence += 1
                heapq.heappush(pending, (time.monotonic() + delay, sequence, out, datagram, address))
        if time.monotonic() >= next_report:
            report()
            next_report += 5
    report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
