# Grabs the top-left W x H of the X root window (what the X server shows,
# whatever the client's back buffer holds) and writes it as an RGB PNG:
#   python3 xgrab.py OUT.png W H      (DISPLAY picks the server)
import ctypes, sys
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
w, h = int(sys.argv[2]), int(sys.argv[3])
img = x.XGetImage(d, root, 0, 0, w, h, 0xFFFFFFFF, 2).contents
assert img.bits_per_pixel == 32, img.bits_per_pixel
raw = ctypes.string_at(img.data, img.bytes_per_line * h)
out = bytearray(w * h * 3)
for y in range(h):
    row = raw[y * img.bytes_per_line: y * img.bytes_per_line + 4 * w]  # B G R X
    line = bytearray(w * 3)
    line[0::3] = row[2::4]
    line[1::3] = row[1::4]
    line[2::3] = row[0::4]
    out[y * w * 3:(y + 1) * w * 3] = line
import struct, zlib
def chunk(t, x):
    return struct.pack('>I', len(x)) + t + x + struct.pack('>I', zlib.crc32(t + x) & 0xffffffff)
rows = b''.join(b'\0' + bytes(out[y * w * 3:(y + 1) * w * 3]) for y in range(h))
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n' +
                              chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) +
                              chunk(b'IDAT', zlib.compress(rows, 1)) + chunk(b'IEND', b''))
