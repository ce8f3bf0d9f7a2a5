#!/usr/bin/env python3
"""The lab's traffic and its misbehaving members, in one small process.

Started by Lab/lab.sh inside the switch namespace (ixlab). It opens its sockets inside each
member namespace (setns), then returns to ixlab, so that `ip netns pids ixlab` finds it and
`lab.sh down` stops it. Reads the member table that synth-history wrote (lab-members.tsv):

  * traffic: every present member except the idle one sends UDP (to port 9, where a socket that
    is never read discards it) to the other members, at its port's weekday peak times the
    history's daily shape (peak 20:00, 30 % at 04:00, UTC+1), on a clock running --speed times
    faster than real time; the `fill` member sends 96 % of its 10 Mb/s port;
  * stp_leak: a spanning-tree configuration BPDU every 2 s from the member's MAC;
  * router_advertisement: an ICMPv6 router advertisement (router lifetime 0) to ff02::1 every 5 s;
  * dead_arp: two ARP requests a second for the address of the member that left last.

The other misbehaviours (no route-server session, idle, port flaps, no pings) are set up by
lab.sh itself. One packet size, a 100 ms tick: about 5-15 % of one core for 20 members.
"""

import argparse
import ctypes
import math
import os
import signal
import socket
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
PACKET = 1200          # UDP payload bytes
TICK = 0.1             # seconds
libc = ctypes.CDLL(None, use_errno=True)


def setns(name):
    """Moves this process's network namespace to /run/netns/NAME."""
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"setns {name}: {os.strerror(err)}")
    finally:
        os.close(fd)


def diurnal(t, trough=0.3, utc_offset=1.0):
    """The synthetic history's daily factor: 1 at 20:00 local, `trough` at 04:00."""
    hour = ((t + utc_offset * 3600) % 86400) / 3600
    if 4 <= hour < 20:
        value = 0.5 - 0.5 * math.cos(math.pi * (hour - 4) / 16)
    else:
        since = hour - 20 if hour >= 20 else hour + 4
        value = 0.5 + 0.5 * math.cos(math.pi * since / 8)
    return trough + (1 - trough) * value


def weekly(t, utc_offset=1.0):
    day = int((t + utc_offset * 3600) // 86400)
    return 0.85 if (day + 3) % 7 >= 5 else 1.0


def read_table(path):
    rows = []
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            if line.strip():
                rows.append(dict(zip(header, line.rstrip("\n").split("\t"))))
    for r in rows:
        r["number"] = int(r["number"])
        r["peak_bytes"] = float(r["peak_bytes"])
        r["speed_bytes"] = float(r["speed_bytes"])
        r["present"] = r["present"] == "1"
    return rows


def mac_bytes(text):
    return bytes(int(x, 16) for x in text.split(":"))


def bpdu(mac):
    """An IEEE 802.3 frame with LLC 42/42/03 carrying a configuration BPDU (root = the member)."""
    bridge_id = struct.pack("!H", 0x8000) + mac
    payload = struct.pack("!HBBB", 0, 0, 0, 0) + bridge_id + struct.pack("!I", 0) + bridge_id \
        + struct.pack("!HHHHH", 0x8001, 0, 20 * 256, 2 * 256, 15 * 256)
    llc = b"\x42\x42\x03" + payload
    return b"\x01\x80\xc2\x00\x00\x00" + mac + struct.pack("!H", len(llc)) + llc


def arp_request(mac, sender_ip, target_ip):
    arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + mac + socket.inet_aton(sender_ip) \
        + b"\x00" * 6 + socket.inet_aton(target_ip)
    return b"\xff" * 6 + mac + b"\x08\x06" + arp + b"\x00" * 18


def router_advertisement():
    # type 134, code 0, checksum (kernel), hop limit 64, flags 0, router lifetime 0 (not a
    # default router: the other members' kernels keep their routes), reachable, retrans.
    return struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, 0, 0, 0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--table", required=True)
    ap.add_argument("--speed", type=float, default=96.0, help="lab seconds per real second")
    ap.add_argument("--home", default="ixlab", help="namespace to return to")
    ap.add_argument("--no-traffic", action="store_true")
    ap.add_argument("--no-misbehave", action="store_true")
    ap.add_argument("--status", help="file to write the lab clock and the current rates into")
    args = ap.parse_args()

    rows = read_table(args.table)
    present = [r for r in rows if r["present"]]
    leavers = [r for r in rows if not r["present"]]
    by_role = {r["role"]: r for r in present if r["role"] != "normal"}

    senders = []      # (row, socket, [destinations])
    keep = []         # receiving sockets, never read
    raw = {}          # role -> (socket, frame or None)
    destinations = [r for r in present if r["role"] != "idle"]
    for r in present:
        setns(f"ixm{r['number']}")
        rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        rx.bind((r["ipv4"], 9))
        keep.append(rx)
        if not args.no_traffic and r["role"] != "idle":
            tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            tx.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
            tx.setblocking(False)
            tx.bind((r["ipv4"], 0))
            others = [d["ipv4"] for d in destinations if d is not r]
            senders.append([r, tx, others, 0.0, 0])
        if args.no_misbehave:
            continue
        mac = mac_bytes(r["mac"])
        if r["role"] == "stp_leak":
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
            s.bind(("eth0", 0))
            raw["stp_leak"] = (s, bpdu(mac), 2.0)
        elif r["role"] == "dead_arp" and leavers:
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
            s.bind(("eth0", 0))
            raw["dead_arp"] = (s, arp_request(mac, r["ipv4"], leavers[-1]["ipv4"]), 0.5)
        elif r["role"] == "router_advertisement":
            s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, socket.if_nametoindex("eth0"))
            raw["router_advertisement"] = (s, router_advertisement(), 5.0)
    setns(args.home)

    stop = False

    def on_signal(*_):
        nonlocal stop
        stop = True
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    start_real = time.time()
    start_lab = start_real      # the lab clock starts at the real time and runs --speed times faster
    next_raw = {k: 0.0 for k in raw}
    ra_target = ("ff02::1", 0, 0, 0)
    payload = b"\x00" * PACKET
    last_status = 0.0
    while not stop:
        now = time.time()
        lab_time = start_lab + (now - start_real) * args.speed
        shape = diurnal(lab_time) * weekly(lab_time)
        for s in senders:
            r = s[0]
            if r["role"] == "fill":
                rate = 0.96 * r["speed_bytes"]
            else:
                rate = r["peak_bytes"] * shape
            s[3] += rate * TICK
            others = s[2]
            while s[3] >= PACKET + 28 and others:
                dest = others[s[4] % len(others)]
                s[4] += 1
                try:
                    s[1].sendto(payload, (dest, 9))
                except (BlockingIOError, OSError):
                    s[3] = 0
                    break
                s[3] -= PACKET + 28
        for key, (sock, frame, every) in raw.items():
            if now >= next_raw[key]:
                next_raw[key] = now + every
                try:
                    if key == "router_advertisement":
                        sock.sendto(frame, ra_target)
                    else:
                        sock.send(frame)
                except OSError as e:
                    print(f"traffic.py: {key}: {e}", file=sys.stderr)
        if args.status and now - last_status >= 5:
            last_status = now
            clock = time.strftime("%a %H:%M", time.gmtime(lab_time + 3600))
            with open(args.status + ".tmp", "w") as f:
                f.write(f"lab_clock {clock} (UTC+1), daily factor {shape:.2f}, speed x{args.speed:g}\n")
            os.replace(args.status + ".tmp", args.status)
        time.sleep(max(0.0, TICK - (time.time() - now)))


if __name__ == "__main__":
    main()
