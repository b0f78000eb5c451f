#!/usr/bin/env python3
"""A small SOCKS5 proxy (RFC 1928, RFC 1929) on 127.0.0.1, for tests of proxied traffic.

    socks5_proxy.py [--log FILE] [--user NAME --password SECRET] [--port N]

Listens on 127.0.0.1 (a free port unless --port), prints "PORT <n>" (flushed) once it is
listening, and serves until killed (SIGTERM). CONNECT and UDP ASSOCIATE; targets as IPv4,
IPv6 or a domain name. Only loopback targets are reached (127.0.0.1, ::1, "localhost");
any other is refused with REP 02 (not allowed by ruleset), so a test can never leak onto
the network through it. With --user/--password the proxy requires RFC 1929 authentication
(method 02) and answers status 1 to wrong credentials; without, it accepts method 00 only.

--log FILE: one JSON line per request, appended and flushed as it happens:
    {"command": "connect", "atyp": "domain", "host": "localhost", "port": 6881, "allowed": true}
so a test can check that the client sent a name (remote resolution) rather than an address;
and once a CONNECT is made, the port the proxy dialled from:
    {"command": "connected", "host": "127.0.0.1", "port": 6881, "from_port": 40312}
A UDP ASSOCIATE (RFC 1928 section 7) gets a relay socket of its own on 127.0.0.1, which
takes datagrams only from the client's address (and the port it named, unless 0) and lives
as long as the TCP connection:
    {"command": "udp_associated", "relay_port": 41000, "client_host": "127.0.0.1", "client_port": 50123}
and each datagram relayed, either way (`port`: the target's, or the sender's back to the
client; the tracker sees the datagrams it gets come from `relay_port`):
    {"command": "udp_relayed", "direction": "to_target", "host": "127.0.0.1", "port": 6969,
     "bytes": 16, "relay_port": 41000, "client_port": 50123, "allowed": true}
    {"command": "udp_closed", "relay_port": 41000}
Standard library only.
"""
import argparse
import asyncio
import ipaddress
import json
import socket
import struct
import sys

VERSION = 5
ATYP_V4, ATYP_NAME, ATYP_V6 = 1, 3, 4
CMD_CONNECT, CMD_UDP_ASSOCIATE = 1, 3
REP_OK, REP_FAILURE, REP_NOT_ALLOWED, REP_REFUSED = 0, 1, 2, 5
REP_COMMAND, REP_ATYP = 7, 8
LOOPBACK = {"127.0.0.1": "127.0.0.1", "::1": "::1", "localhost": "127.0.0.1"}
HANDSHAKE_TIMEOUT = 10  # seconds: a client that stalls mid-handshake is dropped
RELAY_CHUNK = 64 * 1024


def encode_address(host, port):
    """ATYP ADDR PORT of an IP literal."""
    address = ipaddress.ip_address(host)
    atyp = ATYP_V4 if address.version == 4 else ATYP_V6
    return bytes([atyp]) + address.packed + struct.pack("!H", port)


async def read_address(reader, atyp):
    """(atyp name, host text, port) of DST.ADDR DST.PORT, or None for an unknown ATYP."""
    if atyp == ATYP_V4:
        host = str(ipaddress.IPv4Address(await reader.readexactly(4)))
        kind = "ipv4"
    elif atyp == ATYP_V6:
        host = str(ipaddress.IPv6Address(await reader.readexactly(16)))
        kind = "ipv6"
    elif atyp == ATYP_NAME:
        length = (await reader.readexactly(1))[0]
        host = (await reader.readexactly(length)).decode("latin-1")
        kind = "domain"
    else:
        return None
    (port,) = struct.unpack("!H", await reader.readexactly(2))
    return kind, host, port


def parse_udp_header(data):
    """(host, port, payload) of a client's datagram, or None when malformed or fragmented."""
    if len(data) < 4 or data[2] != 0:
        return None
    atyp, at = data[3], 4
    if atyp == ATYP_V4:
        host, at = str(ipaddress.IPv4Address(data[at:at + 4])), at + 4
    elif atyp == ATYP_V6:
        host, at = str(ipaddress.IPv6Address(data[at:at + 16])), at + 16
    elif atyp == ATYP_NAME and len(data) > at:
        length = data[at]
        host, at = data[at + 1:at + 1 + length].decode("latin-1"), at + 1 + length
    else:
        return None
    if len(data) < at + 2:
        return None
    (port,) = struct.unpack("!H", data[at:at + 2])
    return host, port, data[at + 2:]


class UdpRelay(asyncio.DatagramProtocol):
    """One association's relay socket (RFC 1928 section 7). Datagrams from the client (the
    address of its TCP connection, and the port it named in the request unless that was 0)
    lose their header and go to their loopback target; datagrams from anyone else go back
    to the client behind a header naming their sender. Anything else (another source than
    the client before the client spoke, a bad header, a target off loopback) is dropped.
    Each relayed datagram is logged."""

    def __init__(self, proxy, client_host, client_port):
        self.proxy = proxy
        self.client_host = client_host
        self.client_port = client_port
        self.client = None  # the client's (host, port), once known
        self.transport = None
        self.relay_port = None

    def connection_made(self, transport):
        self.transport = transport
        self.relay_port = transport.get_extra_info("sockname")[1]

    def from_client(self, addr):
        if self.client is not None:
            return addr == self.client
        return addr[0] == self.client_host and self.client_port in (0, addr[1])

    def datagram_received(self, data, addr):
        if self.from_client(addr):
            parsed = parse_udp_header(data)
            if parsed is None:
                return
            host, port, payload = parsed
            allowed = host in LOOPBACK
            self.proxy.write_log({"command": "udp_relayed", "direction": "to_target", "host": host, "port": port,
                                  "bytes": len(payload), "relay_port": self.relay_port,
                                  "client_port": addr[1], "allowed": allowed})
            if not allowed:
                return
            self.client = addr
            self.transport.sendto(payload, (LOOPBACK[host], port))
        elif self.client is not None:
            self.proxy.write_log({"command": "udp_relayed", "direction": "to_client", "host": addr[0],
                                  "port": addr[1], "bytes": len(data), "relay_port": self.relay_port,
                                  "client_port": self.client[1], "allowed": True})
            self.transport.sendto(b"\0\0\0" + encode_address(addr[0], addr[1]) + data, self.client)


class Proxy:
    def __init__(self, args):
        self.user = args.user
        self.password = args.password
        self.log = open(args.log, "a", encoding="utf-8") if args.log else None

    def record(self, command, kind, host, port, allowed):
        self.write_log({"command": command, "atyp": kind, "host": host, "port": port, "allowed": allowed})

    def write_log(self, entry):
        if self.log:
            self.log.write(json.dumps(entry) + "\n")
            self.log.flush()

    async def authenticate(self, reader, writer):
        """Method selection (and RFC 1929 when credentials are required): True to go on."""
        header = await reader.readexactly(2)
        if header[0] != VERSION:
            return False
        methods = await reader.readexactly(header[1])
        wanted = 2 if self.user is not None else 0
        if wanted not in methods:
            writer.write(bytes([VERSION, 0xFF]))
            return False
        writer.write(bytes([VERSION, wanted]))
        if wanted == 0:
            return True
        version, user_length = await reader.readexactly(2)
        user = await reader.readexactly(user_length)
        password = await reader.readexactly((await reader.readexactly(1))[0])
        ok = version == 1 and user.decode("latin-1") == self.user and password.decode("latin-1") == self.password
        writer.write(bytes([1, 0 if ok else 1]))
        return ok

    async def handle(self, reader, writer):
        try:
            if not await asyncio.wait_for(self.authenticate(reader, writer), HANDSHAKE_TIMEOUT):
                return
            version, command, _reserved, atyp = await asyncio.wait_for(reader.readexactly(4), HANDSHAKE_TIMEOUT)
            address = await asyncio.wait_for(read_address(reader, atyp), HANDSHAKE_TIMEOUT)
            if version != VERSION or address is None:
                writer.write(bytes([VERSION, REP_ATYP, 0]) + encode_address("0.0.0.0", 0))
                return
            kind, host, port = address
            name = {CMD_CONNECT: "connect", CMD_UDP_ASSOCIATE: "udp_associate"}.get(command, str(command))
            # UDP ASSOCIATE names where the client will send from (often 0.0.0.0:0): not a target.
            allowed = command == CMD_UDP_ASSOCIATE or host in LOOPBACK
            self.record(name, kind, host, port, allowed)
            if command == CMD_CONNECT:
                await self.connect(reader, writer, host, port, allowed)
            elif command == CMD_UDP_ASSOCIATE:
                await self.associate(reader, writer, port)
            else:
                writer.write(bytes([VERSION, REP_COMMAND, 0]) + encode_address("0.0.0.0", 0))
        except (asyncio.IncompleteReadError, asyncio.TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()

    async def connect(self, reader, writer, host, port, allowed):
        if not allowed:
            writer.write(bytes([VERSION, REP_NOT_ALLOWED, 0]) + encode_address("0.0.0.0", 0))
            return
        try:
            up_reader, up_writer = await asyncio.wait_for(
                asyncio.open_connection(LOOPBACK[host], port), HANDSHAKE_TIMEOUT)
        except ConnectionRefusedError:
            writer.write(bytes([VERSION, REP_REFUSED, 0]) + encode_address("0.0.0.0", 0))
            return
        except (OSError, asyncio.TimeoutError):
            writer.write(bytes([VERSION, REP_FAILURE, 0]) + encode_address("0.0.0.0", 0))
            return
        bound = up_writer.get_extra_info("sockname")
        # The port the proxy dialled from: a test matches it against what the target saw.
        self.write_log({"command": "connected", "host": host, "port": port, "from_port": bound[1]})
        writer.write(bytes([VERSION, REP_OK, 0]) + encode_address(bound[0], bound[1]))
        await writer.drain()
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    async def associate(self, reader, writer, client_port):
        """A relay socket of its own per association, taking datagrams only from the
        client's address (and from the port it named, unless 0)."""
        loop = asyncio.get_running_loop()
        client_host = writer.get_extra_info("peername")[0]
        transport, _ = await loop.create_datagram_endpoint(
            lambda: UdpRelay(self, client_host, client_port), local_addr=("127.0.0.1", 0))
        try:
            relay = transport.get_extra_info("sockname")
            self.write_log({"command": "udp_associated", "relay_port": relay[1], "client_host": client_host,
                            "client_port": client_port})
            writer.write(bytes([VERSION, REP_OK, 0]) + encode_address(relay[0], relay[1]))
            await writer.drain()
            # The association lasts as long as the TCP connection (RFC 1928 section 7).
            while await reader.read(RELAY_CHUNK):
                pass
        finally:
            transport.close()
            self.write_log({"command": "udp_closed", "relay_port": relay[1]})


async def pipe(reader, writer):
    """Copies until EOF, then half-closes the other side so it sees EOF too."""
    try:
        while data := await reader.read(RELAY_CHUNK):
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except ConnectionError:
        writer.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", help="append one JSON line per request to this file")
    parser.add_argument("--user", help="require RFC 1929 authentication with this user name")
    parser.add_argument("--password", help="and this password")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    args = parser.parse_args()
    if (args.user is None) != (args.password is None):
        parser.error("--user and --password go together")
    proxy = Proxy(args)
    server = await asyncio.start_server(proxy.handle, "127.0.0.1", args.port, family=socket.AF_INET)
    print("PORT", server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
