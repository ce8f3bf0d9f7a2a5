#!/usr/bin/env python3
"""Sends N sFlow datagrams (the fixtures, cycled, with fresh sequence numbers) to 127.0.0.1:PORT.

The datagrams are built first, then sent back to back, optionally paced to --rate datagrams/s.
Prints the number sent and the seconds it took."""
import argparse
import glob
import os
import socket
import struct
import time

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("port", type=int)
parser.add_argument("--count", type=int, default=200000)
parser.add_argument("--rate", type=float, default=0, help="datagrams per second (0: as fast as possible)")
parser.add_argument("--fixtures", default=os.path.join(os.path.dirname(__file__), "../../Tests/Fixtures/sflow"))
args = parser.parse_args()

templates = [open(path, "rb").read() for path in sorted(glob.glob(os.path.join(args.fixtures, "datagram-*.bin")))]
templates = [t for t in templates if len(t) > 1000] or templates  # the full six-sample datagrams
# The sequence number is the 32-bit word after version, address type, IPv4 address, sub-agent.
datagrams = [t[:16] + struct.pack("!I", (i + 1) & 0xFFFFFFFF) + t[20:] for i, t in
             ((i, templates[i % len(templates)]) for i in range(args.count))]
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
target = ("127.0.0.1", args.port)
start = time.perf_counter()
if args.rate > 0:
    interval = 1.0 / args.rate
    for i, data in enumerate(datagrams):
        due = start + i * interval
        while time.perf_counter() < due:
            pass
        sock.sendto(data, target)
else:
    for data in datagrams:
        sock.sendto(data, target)
print(f"sent={len(datagrams)} seconds={time.perf_counter() - start:.3f} samples_per_datagram=6")
