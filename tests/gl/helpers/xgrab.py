# Grabs the top-left W x H of the X root window (what the X server shows,
# whatever the client's back buffer holds) and writes it as an RGB PNG:
#   python3 xgrab.py OUT.png W H      (DISPLAY picks the server)
# or, around a screenshot of a running MAGI:
#   python3 xgrab.py --around PID LOG BEFORE.png AFTER.png W H
# which waits for a wall-clock second to begin (MAGI's clock ticks then),
# grabs, sends PID SIGUSR1, waits until LOG has one more "screenshot: " line,
# and grabs again; both grabs are in memory until then, so the three happen
# within a fraction of a second.
import ctypes, os, signal, struct, sys, time, zlib

x = ctypes.CDLL('libX11.so.6')
x.XOpenDisplay.restype = ctypes.c_void_p
x.XDefaultRootWindow.restype = ctypes.c_ulong
x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]


class XImage(ctypes.Structure):
    _fields_ = [('width', ctypes.c_int), ('height', ctypes.c_int), ('xoffset', ctypes.c_int),
                ('format', ctypes.c_int), ('data', ctypes.c_void_p), ('byte_order', ctypes.c_int),
                ('bitmap_unit', ctypes.c_int), ('bitmap_bit_order', ctypes.c_int),
                ('bitmap_pad', ctypes.c_int), ('depth', ctypes.c_int),
                ('bytes_per_line', ctypes.c_int), ('bits_per_pixel', ctypes.c_int),
                ('red_mask', ctypes.c_ulong), ('green_mask', ctypes.c_ulong),
                ('blue_mask', ctypes.c_ulong)]


x.XGetImage.restype = ctypes.POINTER(XImage)
x.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                        ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
d = x.XOpenDisplay(None)
root = x.XDefaultRootWindow(d)


def grab(w, h):
    """The screen as (bytes per line, raw BGRX bytes)."""
    img = x.XGetImage(d, root, 0, 0, w, h, 0xFFFFFFFF, 2).contents
    assert img.bits_per_pixel == 32, img.bits_per_pixel
    return img.bytes_per_line, ctypes.string_at(img.data, img.bytes_per_line * h)


def write_png(path, w, h, grabbed):
    pitch, raw = grabbed
    out = bytearray(w * h * 3)
    for y in range(h):
        row = raw[y * pitch: y * pitch + 4 * w]  # B G R X
        line = bytearray(w * 3)
        line[0::3] = row[2::4]
        line[1::3] = row[1::4]
        line[2::3] = row[0::4]
        out[y * w * 3:(y + 1) * w * 3] = line

    def chunk(t, b):
        return struct.pack('>I', len(b)) + t + b + struct.pack('>I', zlib.crc32(t + b) & 0xffffffff)
    rows = b''.join(b'\0' + bytes(out[y * w * 3:(y + 1) * w * 3]) for y in range(h))
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' +
                chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) +
                chunk(b'IDAT', zlib.compress(rows, 1)) + chunk(b'IEND', b''))


def shots(log):
    with open(log, errors='replace') as f:
        return f.read().count('screenshot: ')


if sys.argv[1] == '--around':
    pid, log, before, after = int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    w, h = int(sys.argv[6]), int(sys.argv[7])
    n = shots(log)
    # just after a wall-clock second (and MAGI's frame for it) begins
    while not 0.15 <= time.time() % 1.0 < 0.25:
        time.sleep(0.01)
    a = grab(w, h)
    os.kill(pid, signal.SIGUSR1)
    deadline = time.time() + 10
    while shots(log) == n and time.time() < deadline:
        time.sleep(0.02)
    b = grab(w, h)
    write_png(before, w, h, a)
    write_png(after, w, h, b)
    sys.exit(0 if shots(log) > n else 1)
else:
    w, h = int(sys.argv[2]), int(sys.argv[3])
    write_png(sys.argv[1], w, h, grab(w, h))
