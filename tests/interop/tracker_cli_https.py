"""corrent-tracker against an HTTPS tracker on loopback.

A self-signed certificate for 127.0.0.1 is made with the openssl command, and a small
stdlib TLS server answers announces with a bencoded compact reply. Checked:
- certificates are verified by default: the untrusted certificate is a clear failure;
- trusting it (SSL_CERT_FILE, which OpenSSL's default verify paths read) makes it pass,
  host name (IP address) check included;
- `verify_tls: false` in the tracker_http section skips the check;
- the reply's fields and peers come through the TLS connection intact.
"""
import http.server
import os
import ssl
import subprocess
import threading

from interop_lib import Checker, fail, require_program, temp_dir
from tracker_lib import json_of, random_hash, run_tool, tool_paths, write_json

REPLY = b"d8:completei3e10:incompletei1e8:intervali900e5:peers6:\x7f\x00\x00\x02\x1a\xe1e"


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if not self.path.startswith("/announce?"):
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(REPLY)))
        self.end_headers()
        self.wfile.write(REPLY)

    def log_message(self, *args):
        pass


def make_certificate(directory):
    require_program("openssl")
    key = os.path.join(directory, "key.pem")
    cert = os.path.join(directory, "cert.pem")
    done = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", key,
         "-out", cert, "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        fail("openssl could not make a certificate: " + done.stderr)
    return cert, key


def start_server(cert, key):
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


def main():
    tool, _ = tool_paths()
    check = Checker()
    with temp_dir() as work:
        cert, key = make_certificate(work)
        server = start_server(cert, key)
        url = "https://127.0.0.1:%d/announce" % server.server_address[1]
        announce = [tool, "announce", url, random_hash(), "--json", "--timeout", "10"]
        env = dict(os.environ)
        env.pop("SSL_CERT_FILE", None)

        done, _ = run_tool(announce, env=env)
        check.same("untrusted certificate: exit status", done.returncode, 1)
        check.true("untrusted certificate: one clear line on stderr (%r)" % done.stderr.strip(),
                   done.stderr.startswith("corrent-tracker: ") and "certificate" in done.stderr.lower())

        trusted = dict(env, SSL_CERT_FILE=cert)
        done, _ = run_tool(announce, env=trusted)
        check.same("trusted certificate: exit status (stderr %r)" % done.stderr, done.returncode, 0)
        if done.returncode == 0:
            reply = json_of(done, "announce over TLS")
            check.same("complete", reply.get("complete"), 3)
            check.same("incomplete", reply.get("incomplete"), 1)
            check.same("interval", reply.get("interval"), 900)
            check.same("peers", reply.get("peers"), ["127.0.0.2:6881"])

        config = write_json(work, "insecure.json", {"tracker_http": {"verify_tls": False}})
        done, _ = run_tool(announce + ["--config", config], env=env)
        check.same("verify_tls=false: exit status (stderr %r)" % done.stderr, done.returncode, 0)
        server.shutdown()
    check.finish()


if __name__ == "__main__":
    main()
