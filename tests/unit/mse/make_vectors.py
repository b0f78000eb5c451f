#!/usr/bin/python3
"""Known-answer vectors for corrent's MSE/PE key derivation, computed independently of
the C++ code from the Vuze "Message Stream Encryption" spec: Python's own big integers
for the Diffie-Hellman exchange, hashlib's SHA-1, and RC4 written out here.
Run it and paste its output into key_derivation_test.cpp when the inputs change."""
import hashlib

P = int("FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A"
        "08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9"
        "A63A36210000000000090563", 16)
XA = bytes(range(1, 21))                      # 0x01..0x14
XB = bytes(range(0xA0, 0xB4))                 # 0xA0..0xB3
SKEY = bytes([0x5A] * 20)                     # the info-hash


def key(n):
    return n.to_bytes(96, "big")


def sha1(*parts):
    return hashlib.sha1(b"".join(parts)).digest()


def rc4_keystream(k, skip, n):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + k[i % len(k)]) & 0xFF
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = []
    for _ in range(skip + n):
        i = (i + 1) & 0xFF
        j = (j + s[i]) & 0xFF
        s[i], s[j] = s[j], s[i]
        out.append(s[(s[i] + s[j]) & 0xFF])
    return bytes(out[skip:])


ya = pow(2, int.from_bytes(XA, "big"), P)
yb = pow(2, int.from_bytes(XB, "big"), P)
s = pow(yb, int.from_bytes(XA, "big"), P)
assert s == pow(ya, int.from_bytes(XB, "big"), P)
S = key(s)
req2 = sha1(b"req2", SKEY)
req3 = sha1(b"req3", S)
ka = sha1(b"keyA", S, SKEY)
kb = sha1(b"keyB", S, SKEY)
print("ya", key(ya).hex())
print("yb", key(yb).hex())
print("s", S.hex())
print("req1", sha1(b"req1", S).hex())
print("req2", req2.hex())
print("obfuscated", bytes(a ^ b for a, b in zip(req2, req3)).hex())
print("keyA", ka.hex())
print("keyB", kb.hex())
print("keyA_stream", rc4_keystream(ka, 1024, 16).hex())
print("keyB_stream", rc4_keystream(kb, 1024, 16).hex())
# RFC 6229's first vector checks the RC4 itself: key 0102030405, keystream at offset 0.
print("rfc6229_0102030405", rc4_keystream(bytes([1, 2, 3, 4, 5]), 0, 16).hex())
