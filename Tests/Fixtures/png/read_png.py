#!/usr/bin/env python3
"""Reads a PNG with Python's standard library only and prints, as JSON, what it holds: the
chunk types, IHDR fields, the palette, and the pixel bytes (scanlines unfiltered), base64.
Every chunk's CRC-32 is checked, and zlib checks the stream's Adler-32. Exits 1 with a
message on stderr when the file is not a PNG it can read."""
import base64
import json
import struct
import sys
import zlib


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def main():
    with open(sys.argv[1], "rb") as handle:
        data = handle.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("not a PNG signature")
    offset = 8
    chunks = []
    header = None
    palette = []
    idat = b""
    while offset < len(data):
        if offset + 8 > len(data):
            fail("truncated chunk header")
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length:offset + 12 + length])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            fail("bad CRC in chunk %r" % kind)
        kind = kind.decode("ascii")
        chunks.append(kind)
        if kind == "IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == "PLTE":
            palette = [list(body[i:i + 3]) for i in range(0, len(body), 3)]
        elif kind == "IDAT":
            idat += body
        offset += 12 + length
    if header is None:
        fail("no IHDR")
    width, height, depth, colour, _, _, interlace = header
    raw = zlib.decompress(idat)
    channels = {2: 3, 3: 1}.get(colour)
    if channels is None or depth != 8 or interlace != 0:
        fail("unsupported format")
    stride = width * channels
    if len(raw) != (stride + 1) * height:
        fail("image data is %d bytes, expected %d" % (len(raw), (stride + 1) * height))
    pixels = bytearray()
    for row in range(height):
        line = raw[row * (stride + 1):(row + 1) * (stride + 1)]
        if line[0] != 0:
            fail("filter type %d not expected" % line[0])
        pixels += line[1:]
    json.dump({"chunks": chunks, "width": width, "height": height, "bit_depth": depth, "colour_type": colour,
               "palette": palette, "compressed_bytes": len(idat), "pixels_base64": base64.b64encode(bytes(pixels)).decode()},
              sys.stdout)


if __name__ == "__main__":
    main()
