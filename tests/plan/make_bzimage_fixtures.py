#!/usr/bin/env python3
"""Writes bzImage fixtures into fixtures/bzimage/: valid ones wrapping the example PVH kernel
(examples/firmware/pvh-kernel-16m.elf) in each payload format domfw reads, and one malformed
file per error path of src/plan/kernel_image.cpp, with expected.tsv (file TAB exact message,
for `what` = "kernel 'FILE'"). An independent writer: Python's gzip and lzma modules and the
zstd and lz4 command-line tools (Debian's zstd, lz4), in the layout of Linux's
Documentation/arch/x86/boot.rst and arch/x86/boot/compressed/Makefile (xz, zstd and lz4
payloads carry the decompressed size as 4 trailing bytes; gzip has it as ISIZE).
Run: python3 tests/plan/make_bzimage_fixtures.py  (rewrites the fixtures; commit the result)."""
import gzip
import lzma
import os
import struct
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "bzimage")
ELF = open(os.path.join(HERE, "..", "..", "examples", "firmware", "pvh-kernel-16m.elf"), "rb").read()
SETUP_SECTS = 1          # protected-mode code at (1 + 1) * 512
PAYLOAD_OFFSET = 0x100   # from the protected-mode code


def tool(args, data):
    return subprocess.run(args, input=data, stdout=subprocess.PIPE, check=True).stdout


def with_size(c, raw):
    return c + struct.pack("<I", len(raw) & 0xFFFFFFFF)


def gz(raw):
    return gzip.compress(raw, mtime=0)


def xz(raw):
    # The kernel's xzkern: CRC32 check (the boot decompressor has no SHA-256).
    return with_size(lzma.compress(raw, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32), raw)


def zst(raw):
    return with_size(tool(["zstd", "-q", "-19", "-c", "--no-check"], raw), raw)


def lz4(raw):
    return with_size(tool(["lz4", "-q", "-l", "-9", "-c"], raw), raw)


def bzimage(payload, version=0x020F, length=None, boot_flag=0xAA55, total=None):
    pm = (SETUP_SECTS + 1) * 512
    f = bytearray(pm + PAYLOAD_OFFSET)
    f[0x1F1] = SETUP_SECTS
    struct.pack_into("<H", f, 0x1FE, boot_flag)
    f[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", f, 0x206, version)
    struct.pack_into("<II", f, 0x248, PAYLOAD_OFFSET, len(payload) if length is None else length)
    out = bytes(f) + payload
    return out if total is None else out[:total]


def no_pvh_elf():
    # The same ELF with its note's type changed from 18 (PHYS32_ENTRY) to 17.
    e = bytearray(ELF)
    at = e.index(b"\x04\x00\x00\x00\x04\x00\x00\x00\x12\x00\x00\x00Xen\x00")
    e[at + 8] = 17
    return bytes(e)


PM = (SETUP_SECTS + 1) * 512 + PAYLOAD_OFFSET  # 0x500, the payload's file offset
VALID = {"bz_gzip.bin": gz, "bz_xz.bin": xz, "bz_zstd.bin": zst, "bz_lz4.bin": lz4}
CASES = []


def case(name, data, message):
    CASES.append((name, data, message))


def k(name):
    return "kernel '%s'" % name


xzp = xz(ELF * 64)
case("bz_short.bin", bzimage(gz(ELF))[:0x210], k("bz_short.bin") + ": 0x210 bytes are fewer than the 0x250-byte bzImage setup header")
case("bz_protocol.bin", bzimage(gz(ELF), version=0x0206),
     k("bz_protocol.bin") + ": bzImage boot protocol 0x206 is below 2.08, which first gives the payload's place")
case("bz_payload_past_end.bin", bzimage(gz(ELF), length=0x10000),
     k("bz_payload_past_end.bin") + ": bzImage payload at 0x500 ((setup_sects + 1) * 512 + payload_offset 0x100) "
     "of 0x10000 bytes runs past the file's 0x%x bytes" % len(bzimage(gz(ELF))))
case("bz_bzip2.bin", bzimage(b"BZh91AY&SY" + b"\0" * 32),
     k("bz_bzip2.bin") + ": bzImage payload at 0x500 starts with 42 5a 68 39 31 41 (bzip2): not a compression domfw "
     "reads (xz, gzip, zstd, lz4)")
case("bz_unknown.bin", bzimage(b"\x01\x02\x03\x04\x05\x06\x07\x08"),
     k("bz_unknown.bin") + ": bzImage payload at 0x500 starts with 01 02 03 04 05 06: not a compression domfw reads "
     "(xz, gzip, zstd, lz4)")
g = gz(ELF * 64)
case("bz_gzip_truncated.bin", bzimage(g[:len(g) // 2]),
     k("bz_gzip_truncated.bin") + ": the gzip payload is truncated: it ends after 0x%x bytes without the end of its "
     "stream" % (len(g) // 2))
gc = bytearray(g)
gc[3] = 0xFF  # FLG: reserved bits set
case("bz_gzip_corrupt.bin", bzimage(bytes(gc)),
     k("bz_gzip_corrupt.bin") + ": the gzip payload is corrupt at input offset 0x4: unknown header flags set")
case("bz_xz_truncated.bin", bzimage(xzp[:len(xzp) // 2]),
     k("bz_xz_truncated.bin") + ": the xz payload is truncated: it ends after 0x%x bytes without the end of its "
     "stream" % (len(xzp) // 2))
z = zst(ELF * 64)
case("bz_zstd_truncated.bin", bzimage(z[:len(z) // 2]),
     k("bz_zstd_truncated.bin") + ": the zstd payload is truncated: it ends after 0x%x bytes without the end of its "
     "frame" % (len(z) // 2))
l4 = lz4(ELF * 64)
case("bz_lz4_truncated.bin", bzimage(l4[:len(l4) - 10]),
     k("bz_lz4_truncated.bin") + ": the lz4 payload is truncated: block at offset 0x4 of 0x%x bytes runs past its "
     "end 0x%x" % (struct.unpack_from("<I", l4, 4)[0], len(l4) - 10))
case("bz_not_elf.bin", bzimage(gz(b"not an ELF at all, but long enough to be read as one" * 4)),
     k("bz_not_elf.bin") + " (the vmlinux in its gzip payload): not an ELF file (no \\x7fELF magic)")
case("bz_no_pvh.bin", bzimage(xz(no_pvh_elf())),
     k("bz_no_pvh.bin") + " (the vmlinux in its xz payload): no XEN_ELFNOTE_PHYS32_ENTRY note (type 18, name "
     "\"Xen\"): a kernel built without CONFIG_PVH")


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    for name, fn in VALID.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(bzimage(fn(ELF)))
    # 2 MiB of zeros in 2 KiB of xz: the bomb test decompresses it under a 1 MiB cap.
    with open(os.path.join(OUT, "bz_xz_bomb.bin"), "wb") as f:
        f.write(bzimage(xz(b"\0" * (2 << 20))))
    with open(os.path.join(OUT, "expected.tsv"), "w") as tsv:
        tsv.write("# fixture\texact error of kernel_elf(file, \"kernel 'FILE'\") (generated by make_bzimage_fixtures.py)\n")
        for name, data, message in CASES:
            with open(os.path.join(OUT, name), "wb") as f:
                f.write(data)
            tsv.write("%s\t%s\n" % (name, message))
    print("wrote %d valid and %d malformed bzImage fixtures" % (len(VALID) + 1, len(CASES)))


main()
