#!/usr/bin/env python3
"""Writes every frame of the test fixtures (and their truncations at header boundaries) into
Fuzz/corpus/frames as one file each: the fuzzer's starting corpus.

    python3 Fuzz/seed_corpus.py          (from the package root)
"""
import glob
import hashlib
import os
import struct
import subprocess

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "corpus", "frames")
os.makedirs(out, exist_ok=True)


def frames_of(path):
    # Let tcpdump convert pcapng to pcap, then read the classic format.
    data = subprocess.run(["tcpdump", "-r", path, "-w", "-"], capture_output=True, check=True).stdout
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    offset = 24
    while offset + 16 <= len(data):
        _, _, caplen, _ = struct.unpack(endian + "IIII", data[offset:offset + 16])
        offset += 16
        yield data[offset:offset + caplen]
        offset += caplen


count = 0
for path in sorted(glob.glob(os.path.join(here, "..", "Tests", "Fixtures", "pcap", "*.pcap*"))):
    for frame in frames_of(path):
        for cut in {len(frame), 14, 18, 22, 34, 42, 54, 62, 78}:
            if cut <= len(frame):
                piece = frame[:cut]
                name = hashlib.sha1(piece).hexdigest()[:16]
                with open(os.path.join(out, name), "wb") as f:
                    f.write(piece)
                count += 1
print(f"wrote {count} inputs to {out}")
