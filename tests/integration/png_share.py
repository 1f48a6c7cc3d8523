#!/usr/bin/python3
"""Prints the share (0..1) of a PNG's pixels within DIST (per channel) of the
colour #RRGGBB: how much of a screenshot a motif covers (the takeover's
alert_red field). Reads 8-bit RGB/RGBA non-interlaced PNGs, as magi writes
them, with the standard library only.

    png_share.py FILE.png RRGGBB [DIST]"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"png_share: {path}: not a PNG")
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    if depth != 8 or ctype not in (2, 6) or interlace:
        sys.exit(f"png_share: {path}: only 8-bit RGB/RGBA, not interlaced")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def main():
    path, hexcol = sys.argv[1], sys.argv[2]
    dist = int(sys.argv[3]) if len(sys.argv) > 3 else 24
    want = [int(hexcol[i:i + 2], 16) for i in (0, 2, 4)]
    w, h, bpp, rows = read_png(path)
    hit = 0
    for line in rows:
        for x in range(0, w * bpp, bpp):
            if (abs(line[x] - want[0]) <= dist and abs(line[x + 1] - want[1]) <= dist
                    and abs(line[x + 2] - want[2]) <= dist):
                hit += 1
    print(f"{hit / (w * h):.4f}")


main()
