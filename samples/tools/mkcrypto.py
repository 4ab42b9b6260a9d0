#!/usr/bin/env python3
"""Print the encrypted IPMsg payload strings used in samples/src/*.txt.

Not run by the build: the scenario files hold the output, so regenerating a
capture never needs Python.  Kept so that the ciphertexts are reproducible
and decryptable: the private keys are throwaway TEST keys in
samples/src/keys/ (never use them for anything else), and PKCS#1 v1.5
padding uses a seeded generator instead of random bytes, so running this
again prints the same strings.

Needs python3-cryptography (Debian 12: apt-get install python3-cryptography).
Usage: samples/tools/mkcrypto.py
"""
import base64
import hashlib
import pathlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

try:
    from cryptography.hazmat.decrepit.ciphers.algorithms import Blowfish
except ImportError:  # cryptography < 43
    Blowfish = algorithms.Blowfish

KEYS = pathlib.Path(__file__).resolve().parent.parent / "src" / "keys"


def load(name):
    with open(KEYS / name, "rb") as f:
        return serialization.load_pem_private_key(f.read(), password=None)


def seeded_nonzero(seed, n):
    out, counter = b"", 0
    while len(out) < n:
        block = hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        out += bytes(b for b in block if b)
        counter += 1
    return out[:n]


def rsa_encrypt_pkcs1(pub, data, seed):
    """RSA PKCS#1 v1.5 type 2 with deterministic padding; big-endian bytes."""
    k = (pub.public_numbers().n.bit_length() + 7) // 8
    ps = seeded_nonzero(seed, k - 3 - len(data))
    em = b"\x00\x02" + ps + b"\x00" + data
    n, e = pub.public_numbers().n, pub.public_numbers().e
    return pow(int.from_bytes(em, "big"), e, n).to_bytes(k, "big")


def rsa_sign_sha256(priv, data):
    """RSA PKCS#1 v1.5 signature over SHA-256 (deterministic)."""
    digest_info = bytes.fromhex("3031300d060960864801650304020105000420")
    t = digest_info + hashlib.sha256(data).digest()
    nums = priv.private_numbers()
    n = nums.public_numbers.n
    k = (n.bit_length() + 7) // 8
    em = b"\x00\x01" + b"\xff" * (k - 3 - len(t)) + b"\x00" + t
    return pow(int.from_bytes(em, "big"), nums.d, n).to_bytes(k, "big")


def pkcs7(data, block):
    pad = block - len(data) % block
    return data + bytes([pad]) * pad


def packetno_iv(packet_no, size):
    """PACKETNO_IV: the packet number's ASCII digits, zero padded, cut to size."""
    return str(packet_no).encode().ljust(16, b"\0")[:size]


def blowfish_cbc(key, iv, data):
    enc = Cipher(Blowfish(key), modes.CBC(iv)).encryptor()
    return enc.update(pkcs7(data, 8)) + enc.finalize()


def aes_cbc(key, iv, data):
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return enc.update(pkcs7(data, 16)) + enc.finalize()


def split(s, width=64):
    return "\n".join(f'    "{s[i:i + width]}"' for i in range(0, len(s), width))


def main():
    bob1024, bob2048, alice2048 = load("bob-rsa1024.pem"), load("bob-rsa2048.pem"), load("alice-rsa2048.pem")

    pn = bob1024.public_key().public_numbers()
    print("# ANSPUBKEY bob RSA-1024: 820002:E-N")
    print(split(f"820002:{pn.e:X}-{pn.n:0256x}"))
    pn = bob2048.public_key().public_numbers()
    print("# ANSPUBKEY bob RSA-2048: 65920006:E-N")
    print(split(f"65920006:{pn.e:X}-{pn.n:0512x}"))

    # RSA_1024 | BLOWFISH_128 | PACKETNO_IV, hex
    packet_no, text = 1700000041, "Meeting moved to 3pm.".encode() + b"\0"
    key = hashlib.sha256(b"bf key 1700000041").digest()[:16]
    ekey = rsa_encrypt_pkcs1(bob1024.public_key(), key, "ek1")
    body = blowfish_cbc(key, packetno_iv(packet_no, 8), text)
    print(f"# SENDMSG {packet_no} 820002 (RSA1024/BF128/PACKETNO_IV) to bob; key {key.hex()}")
    print(split(f"820002:{ekey.hex()}:{body.hex()}"))

    # RSA_2048 | AES_256 | PACKETNO_IV | SIGN_SHA256, hex
    packet_no, text = 1700000042, "The report is attached to the next message.".encode() + b"\0"
    key = hashlib.sha256(b"aes key 1700000042").digest()
    ekey = rsa_encrypt_pkcs1(bob2048.public_key(), key, "ek2")
    body = aes_cbc(key, packetno_iv(packet_no, 16), text)
    sig = rsa_sign_sha256(alice2048, text)
    print(f"# SENDMSG {packet_no} 40900004 (RSA2048/AES256/PACKETNO_IV/SHA256) to bob; key {key.hex()}")
    print(split(f"40900004:{ekey.hex()}:{body.hex()}:{sig.hex()}"))

    # the same with ENCODE_BASE64
    packet_no, text = 1700000043, "Base64 this time.".encode() + b"\0"
    key = hashlib.sha256(b"aes key 1700000043").digest()
    ekey = rsa_encrypt_pkcs1(bob2048.public_key(), key, "ek3")
    body = aes_cbc(key, packetno_iv(packet_no, 16), text)
    sig = rsa_sign_sha256(alice2048, text)
    b64 = lambda b: base64.b64encode(b).decode()
    print(f"# SENDMSG {packet_no} 41900004 (+ENCODE_BASE64) to bob; key {key.hex()}")
    print(split(f"41900004:{b64(ekey)}:{b64(body)}:{b64(sig)}"))

    # FeiQ group chat: Blowfish-CBC, key = sender MAC string, IV 0 (RE)
    mac = b"0C29D68D8F12"
    plain = ("QUNMSGMARK#5a3c1e7f_1700000090#".encode() + "大家好".encode("gbk") +
             "{/font;-16 0 0 0 400 0 0 0 134 0 0 2 32 微软雅黑 8404992;}".encode("gbk"))
    ct = blowfish_cbc(mac, bytes(8), plain)
    print(f"# FeiQ 0x23 group message, {len(ct)} bytes, plaintext {plain!r}")
    print(split(ct.hex()))
    plain = b"QUNMSGMARK#5a3c1e7f#"
    ct = blowfish_cbc(mac, bytes(8), plain)
    print(f"# FeiQ 0xC9 group announce, {len(ct)} bytes, plaintext {plain!r}")
    print(split(ct.hex()))


if __name__ == "__main__":
    main()
