#!/usr/bin/env python3
"""A deliberately broken SNMPv2c agent for ixp-health's bad-input tests.

It answers GET of sysUpTime.0 correctly and breaks every walk in the way its mode says:

  nonincreasing  each column answers the same instance again (OIDs do not increase)
  nosuchobject   every varbind is noSuchObject
  endofmib       every varbind is endOfMibView
  truncated      responses carry no varbinds at all
  garbage        responses are random bytes
  silent         never answers walks

Usage: fake_snmp_agent.py --port N --mode MODE   (binds 127.0.0.1 only)
"""
import argparse
import os
import socket
import sys


def enc_len(n):
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag, content):
    return bytes([tag]) + enc_len(len(content)) + content


def enc_int(value, tag=0x02):
    length = max(1, (value.bit_length() + 8) // 8)
    return tlv(tag, value.to_bytes(length, "big", signed=True))


def enc_oid(parts):
    body = bytearray([40 * parts[0] + parts[1]])
    for part in parts[2:]:
        chunk = [part & 0x7F]
        part >>= 7
        while part:
            chunk.append(0x80 | (part & 0x7F))
            part >>= 7
        body += bytes(reversed(chunk))
    return tlv(0x06, bytes(body))


def dec_tlv(data, pos):
    tag = data[pos]
    length = data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    return tag, data[pos:pos + length], pos + length


def dec_int(content):
    return int.from_bytes(content, "big", signed=True)


def dec_oid(content):
    parts = [content[0] // 40, content[0] % 40]
    value = 0
    for byte in content[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(value)
            value = 0
    return parts


SYS_UPTIME = [1, 3, 6, 1, 2, 1, 1, 3, 0]


def parse_request(request):
    """The parts of an SNMPv1/v2c request PDU: (version, community, pdu tag, request id,
    error-status/non-repeaters, error-index/max-repetitions, OIDs), as raw bytes where raw."""
    _, message, _ = dec_tlv(request, 0)
    _, version, pos = dec_tlv(message, 0)
    _, community, pos = dec_tlv(message, pos)
    pdu_tag, pdu, _ = dec_tlv(message, pos)
    _, reqid, pos = dec_tlv(pdu, 0)
    _, second, pos = dec_tlv(pdu, pos)
    _, third, pos = dec_tlv(pdu, pos)
    _, varbind_list, _ = dec_tlv(pdu, pos)
    oids = []
    pos = 0
    while pos < len(varbind_list):
        _, varbind, pos = dec_tlv(varbind_list, pos)
        _, oid, _ = dec_tlv(varbind, 0)
        oids.append(dec_oid(oid))
    return version, community, pdu_tag, reqid, second, third, oids


def encode_response(version, community, reqid, binds):
    """A GetResponse PDU with `binds` [(oid parts, encoded value)]."""
    body = b"".join(tlv(0x30, enc_oid(list(oid)) + value) for oid, value in binds)
    response_pdu = tlv(0xA2, tlv(0x02, reqid) + enc_int(0) + enc_int(0) + tlv(0x30, body))
    return tlv(0x30, tlv(0x02, version) + tlv(0x04, community) + response_pdu)


def respond(request, mode, started):
    version, community, pdu_tag, reqid, _, _, oids = parse_request(request)
    if pdu_tag == 0xA0 and oids == [SYS_UPTIME]:
        ticks = int((os.times().elapsed - started) * 100) + 1000
        binds = [(SYS_UPTIME, tlv(0x43, ticks.to_bytes(4, "big")))]
    elif mode == "garbage":
        return os.urandom(40)
    elif mode == "silent":
        return None
    elif mode == "truncated":
        binds = []
    elif mode == "nosuchobject":
        binds = [(oid, b"\x80\x00") for oid in oids]
    elif mode == "endofmib":
        binds = [(oid, b"\x82\x00") for oid in oids]
    elif mode == "nonincreasing":
        # The first answer of a column is instance .3; asked again from there, it is .3 again.
        def is_instance(oid):
            return len(oid) == (11 if oid[:9] == [1, 3, 6, 1, 2, 1, 2, 2, 1] else 12)
        binds = [((oid if is_instance(oid) else oid + [3]), tlv(0x41, b"\x07")) for oid in oids]
    else:
        raise SystemExit("unknown mode " + mode)

    return encode_response(version, community, reqid, binds)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mode", required=True)
    args = parser.parse_args()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", args.port))
    started = os.times().elapsed
    print("ready", flush=True)
    while True:
        request, peer = sock.recvfrom(65535)
        try:
            reply = respond(request, args.mode, started)
        except (IndexError, ValueError):
            continue
        if reply is not None:
            sock.sendto(reply, peer)


if __name__ == "__main__":
    sys.exit(main())
