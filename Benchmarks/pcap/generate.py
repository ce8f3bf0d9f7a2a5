#!/usr/bin/env python3
"""Writes a synthetic peering-LAN capture (classic pcap, Ethernet) and its ground truth.

    python3 generate.py OUT.pcap [--frames 1000000] [--seed 1]

The mix is what a monitor port on an exchange's peering LAN sees: mostly member-to-member
IPv4/IPv6 traffic (hosts behind the routers), BGP between the routers (8%), ARP and ND, a little multicast and broadcast, and
the forbidden traffic the probe must catch (spanning tree, CDP, LLDP, LACP, DHCP, router
advertisements, ...), some VLAN-tagged, some malformed. Every frame is built here with
struct, so the script knows its class; OUT.pcap.truth.json holds the counts per class and
the number of VLAN-tagged frames, the ground truth that `analyze-pcap` must reproduce.
"""
import argparse
import json
import random
import struct

MEMBERS = 200


def mac(n):
    return struct.pack("!HI", 0x0200, n)


BCAST = b"\xff" * 6


def lan4(n):
    return struct.pack("!I", 0x50F9D000 + n)  # 80.249.208.0/21


def lan6(n):
    return struct.pack("!HHHHHHHH", 0x2001, 0x7F8, 1, 0, 0, 0xA500, 0, n)


def ll6(n):
    return struct.pack("!HHHHHHHH", 0xFE80, 0, 0, 0, 0, 0, 0, n)


def format_v6(raw):
    import ipaddress
    return str(ipaddress.IPv6Address(raw))


def eth(dst, src, etype, payload, vlans=()):
    f = dst + src
    for i, vid in enumerate(vlans):
        f += struct.pack("!HH", 0x88A8 if (i == 0 and len(vlans) > 1) else 0x8100, vid)
    f += struct.pack("!H", etype) + payload
    return pad(f)


def pad(f):
    return f + b"\x00" * (60 - len(f)) if len(f) < 60 else f


def llc(dst, src, dsap, ssap, payload):
    body = bytes([dsap, ssap, 3]) + payload
    return pad(dst + src + struct.pack("!H", len(body)) + body)


def snap(dst, src, oui, pid, payload):
    return llc(dst, src, 0xAA, 0xAA, struct.pack("!I", oui)[1:] + struct.pack("!H", pid) + payload)


def ipv4(src, dst, proto, payload, ttl=64):
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0x4000, ttl, proto, 0, src, dst) + payload


def udp(sp, dp, payload=b"\x00" * 8):
    return struct.pack("!HHHH", sp, dp, 8 + len(payload), 0) + payload


def tcp(sp, dp, flags, payload=b""):
    return struct.pack("!HHIIBBHHH", sp, dp, 1, 1, 0x50, flags, 65535, 0, 0) + payload


def ipv6(src, dst, nxt, payload):
    return struct.pack("!IHBB", 0x60000000, len(payload), nxt, 255) + src + dst + payload


def arp(op, sha, spa, tha, tpa):
    return struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + sha + spa + tha + tpa


def icmp6(t, body):
    return bytes([t, 0, 0, 0]) + body


def solicited(addr):
    return struct.pack("!HHHHHH", 0xFF02, 0, 0, 0, 0, 1) + b"\xff" + addr[13:]


# (class, weight, builder(rng) -> frame bytes)
def build_templates(rng):
    m = lambda: rng.randrange(1, MEMBERS + 1)
    keepalive = b"\xff" * 16 + struct.pack("!HB", 19, 4)

    def bgp4():
        a, b = m(), m()
        return eth(mac(b), mac(a), 0x0800, ipv4(lan4(a), lan4(b), 6, tcp(179, 30000 + a, 0x18, keepalive)))

    def bgp6():
        a, b = m(), m()
        return eth(mac(b), mac(a), 0x86DD, ipv6(lan6(a), lan6(b), 6, tcp(179, 30000 + a, 0x18, keepalive)))

    def host4():
        # A unicast address (1.0.0.0 - 223.255.255.255): no multicast, no broadcast.
        return struct.pack("!I", rng.randrange(1, 224) << 24 | rng.getrandbits(24))

    def data4():
        # Member-to-member traffic crossing the exchange (hosts behind the routers).
        a, b = m(), m()
        return eth(mac(b), mac(a), 0x0800, ipv4(host4(), host4(), 6,
                                               tcp(443, rng.randrange(1024, 65535), 0x10, b"\x00" * 32)))

    def data6():
        a, b = m(), m()
        return eth(mac(b), mac(a), 0x86DD, ipv6(struct.pack("!QQ", 0x2A00 << 48 | a, rng.getrandbits(64)),
                                                struct.pack("!QQ", 0x2A00 << 48 | b, rng.getrandbits(64)), 17,
                                                udp(443, rng.randrange(1024, 65535), b"\x00" * 32)))

    def other4():
        a, b = m(), m()
        return eth(mac(b), mac(a), 0x0800, ipv4(lan4(a), lan4(b), 17, udp(40000, 33434)))

    def arp_req():
        a, b = m(), m()
        return eth(BCAST, mac(a), 0x0806, arp(1, mac(a), lan4(a), b"\x00" * 6, lan4(b)))

    def arp_rep():
        a, b = m(), m()
        return eth(mac(b), mac(a), 0x0806, arp(2, mac(a), lan4(a), mac(b), lan4(b)))

    def nd_ns():
        a, b = m(), m()
        return eth(b"\x33\x33\xff" + lan6(b)[13:], mac(a), 0x86DD,
                   ipv6(lan6(a), solicited(lan6(b)), 58, icmp6(135, b"\x00" * 4 + lan6(b) + b"\x01\x01" + mac(a))))

    def nd_na():
        a, b = m(), m()
        return eth(mac(b), mac(a), 0x86DD, ipv6(lan6(a), lan6(b), 58, icmp6(136, b"\x60\x00\x00\x00" + lan6(a))))

    def ospf():
        a = m()
        return eth(b"\x01\x00\x5e\x00\x00\x05", mac(a), 0x0800, ipv4(lan4(a), bytes([224, 0, 0, 5]), 89, b"\x02\x01" + b"\x00" * 42, ttl=1))

    def vrrp():
        a = m()
        return eth(b"\x01\x00\x5e\x00\x00\x12", mac(a), 0x0800, ipv4(lan4(a), bytes([224, 0, 0, 18]), 112, b"\x21\x01" + b"\x00" * 18, ttl=255))

    def mld():
        a = m()
        hbh = bytes([58, 0, 5, 2, 0, 0, 1, 0])
        return eth(b"\x33\x33\x00\x00\x00\x16", mac(a), 0x86DD,
                   ipv6(ll6(a), struct.pack("!HHHHHHHH", 0xFF02, 0, 0, 0, 0, 0, 0, 0x16), 0, hbh + icmp6(143, b"\x00" * 24)))

    def stp():
        return llc(b"\x01\x80\xc2\x00\x00\x00", mac(m()), 0x42, 0x42, b"\x00\x00\x02\x02" + b"\x00" * 32)

    def pvst():
        return snap(b"\x01\x00\x0c\xcc\xcc\xcd", mac(m()), 0x00000C, 0x010B, b"\x00" * 38)

    def cdp():
        return snap(b"\x01\x00\x0c\xcc\xcc\xcc", mac(m()), 0x00000C, 0x2000, b"\x02\xb4" + b"\x00" * 40)

    def vtp():
        return snap(b"\x01\x00\x0c\xcc\xcc\xcc", mac(m()), 0x00000C, 0x2003, b"\x01" + b"\x00" * 30)

    def dtp():
        return snap(b"\x01\x00\x0c\xcc\xcc\xcc", mac(m()), 0x00000C, 0x2004, b"\x01" + b"\x00" * 30)

    def udld():
        return snap(b"\x01\x00\x0c\xcc\xcc\xcc", mac(m()), 0x00000C, 0x0111, b"\x21" + b"\x00" * 30)

    def lldp():
        return eth(b"\x01\x80\xc2\x00\x00\x0e", mac(m()), 0x88CC, b"\x02\x07\x04" + mac(m()) + b"\x00\x00")

    def lacp():
        return eth(b"\x01\x80\xc2\x00\x00\x02", mac(m()), 0x8809, b"\x01\x01" + b"\x00" * 108)

    def dhcp():
        a = m()
        return eth(BCAST, mac(a), 0x0800, ipv4(b"\x00" * 4, b"\xff" * 4, 17, udp(68, 67, b"\x01\x01\x06\x00" + b"\x00" * 236)))

    def bcast4():
        a = m()
        return eth(BCAST, mac(a), 0x0800, ipv4(lan4(a), b"\xff" * 4, 17, udp(137, 137)))

    def ra():
        a = m()
        return eth(b"\x33\x33\x00\x00\x00\x01", mac(a), 0x86DD,
                   ipv6(ll6(a), struct.pack("!HHHHHHHH", 0xFF02, 0, 0, 0, 0, 0, 0, 1), 58, icmp6(134, b"\x40\x00\x07\x08" + b"\x00" * 8)))

    def rs():
        a = m()
        return eth(b"\x33\x33\x00\x00\x00\x02", mac(a), 0x86DD,
                   ipv6(ll6(a), struct.pack("!HHHHHHHH", 0xFF02, 0, 0, 0, 0, 0, 0, 2), 58, icmp6(133, b"\x00" * 4)))

    def other_llc():
        return llc(b"\x09\x00\x2b\x00\x00\x0f", mac(m()), 0xFE, 0xFE, b"\x83" + b"\x00" * 30)

    def other_eth():
        return eth(mac(m()), mac(m()), 0x8847, b"\x00" * 46)

    def malformed():
        a, b = m(), m()
        full = eth(BCAST, mac(a), 0x0806, arp(1, mac(a), lan4(a), b"\x00" * 6, lan4(b)))
        return full[:14 + rng.randrange(0, 27)]  # ARP body cut short

    def tagged_bgp():
        a, b = m(), m()
        return eth(mac(b), mac(a), 0x0800, ipv4(lan4(a), lan4(b), 6, tcp(179, 30000 + a, 0x10)), vlans=(100,))

    def qinq_arp():
        a, b = m(), m()
        return eth(BCAST, mac(a), 0x0806, arp(1, mac(a), lan4(a), b"\x00" * 6, lan4(b)), vlans=(200, 2001))

    spec = [
        ("ipv4_unicast", 44.0, data4, 0), ("ipv4_unicast", 4.0, bgp4, 0), ("ipv4_unicast", 4.0, other4, 0),
        ("ipv4_unicast", 2.0, tagged_bgp, 1), ("ipv6_unicast", 18.0, data6, 0), ("ipv6_unicast", 2.0, bgp6, 0),
        ("arp_request", 7.0, arp_req, 0), ("arp_request", 0.5, qinq_arp, 1), ("arp_reply", 2.5, arp_rep, 0),
        ("nd_ns", 4.0, nd_ns, 0), ("nd_na", 2.0, nd_na, 0),
        ("ipv4_multicast", 1.5, ospf, 0), ("ipv4_multicast", 1.0, vrrp, 0), ("ipv6_multicast", 1.0, mld, 0),
        ("stp", 1.0, stp, 0), ("stp", 0.3, pvst, 0), ("cdp", 0.5, cdp, 0), ("vtp", 0.1, vtp, 0), ("dtp", 0.1, dtp, 0),
        ("udld", 0.1, udld, 0), ("lldp", 1.0, lldp, 0), ("lacp", 0.5, lacp, 0), ("dhcp", 0.5, dhcp, 0),
        ("ipv4_broadcast", 0.5, bcast4, 0), ("ipv6_ra", 0.3, ra, 0), ("ipv6_rs", 0.2, rs, 0),
        ("other_llc", 0.2, other_llc, 0), ("other_ethertype", 0.3, other_eth, 0), ("malformed", 0.2, malformed, 0),
    ]
    templates = []
    for cls, weight, builder, tagged in spec:
        for _ in range(max(1, int(weight * 40))):
            templates.append((cls, weight, builder(), tagged))
    return templates


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--frames", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=int, default=5_000, help="frames per second of capture time")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    templates = build_templates(rng)
    # Weighted choice over templates: each template carries its class weight / count of its kind.
    per_class_templates = {}
    for t in templates:
        per_class_templates.setdefault((t[0], t[1]), 0)
        per_class_templates[(t[0], t[1])] += 1
    weights = [t[1] / per_class_templates[(t[0], t[1])] for t in templates]
    # Pre-build each template's record body (header without timestamp + bytes).
    bodies = [struct.pack("<II", len(t[2]), len(t[2])) + t[2] for t in templates]
    choices = rng.choices(range(len(templates)), weights=weights, k=args.frames)
    counts = {}
    tagged = 0
    total_bytes = 0
    start = 1_764_028_800  # 2025-11-25T00:00:00Z
    step = 1_000_000 // args.rate if args.rate <= 1_000_000 else 1
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)]
    usec = 0
    for index in choices:
        cls, _, frame, is_tagged = templates[index]
        counts[cls] = counts.get(cls, 0) + 1
        tagged += is_tagged
        total_bytes += len(frame)
        out.append(struct.pack("<II", start + usec // 1_000_000, usec % 1_000_000))
        out.append(bodies[index])
        usec += step
    with open(args.out, "wb") as f:
        f.write(b"".join(out))
    all_classes = ["arp_request", "arp_reply", "nd_ns", "nd_na", "ipv4_unicast", "ipv6_unicast", "ipv4_broadcast",
                   "dhcp", "ipv4_multicast", "ipv6_ra", "ipv6_rs", "ipv6_multicast", "stp", "cdp", "lldp", "lacp",
                   "dtp", "vtp", "udld", "other_llc", "other_ethertype", "malformed"]
    truth = {
        "frames_total": args.frames,
        "bytes_total": total_bytes,
        "by_class": {c: counts.get(c, 0) for c in all_classes},
        "vlan_tagged": tagged,
        "seed": args.seed,
    }
    # The exchange's member list (IX-F JSON) for --members: every source MAC of the capture
    # belongs to a member, so the ground truth has no unknown MACs; member 1 is the route server.
    members = []
    for n in range(1, MEMBERS + 1):
        members.append({
            "asnum": 64500 + n, "name": f"member {n}", "member_type": "routeserver" if n == 1 else "peering",
            "connection_list": [{"state": "active", "vlan_list": [{
                "ipv4": {"address": ".".join(str(b) for b in lan4(n)), "mac_address": [mac(n).hex(":")]},
                "ipv6": {"address": format_v6(lan6(n)), "mac_address": [mac(n).hex(":")]},
            }]}],
        })
    with open(args.out + ".members.json", "w") as f:
        json.dump({"version": "1.0", "timestamp": "2025-11-25T00:00:00Z", "member_list": members}, f, indent=1)
        f.write("\n")
    truth["unknown_macs"] = 0
    with open(args.out + ".truth.json", "w") as f:
        json.dump(truth, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {args.out}: {args.frames} frames, {total_bytes} bytes; truth in {args.out}.truth.json")


if __name__ == "__main__":
    main()
