#!/usr/bin/env python3
"""Writes the malformed ACPI fixtures next to this script: one file per error path of
src/core/acpi_table.cpp, src/acpi/acpidump_text.cpp and src/acpi/load_memory.cpp.
malformed_test.cpp asserts the exact message each one produces. Run: python3 generate.py"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGE_BASE = 0xE0000  # memory images start here (malformed_test.cpp uses the same base)


def fix_sum(b, at):
    b = bytearray(b)
    b[at] = 0
    b[at] = (-sum(b)) & 0xFF
    return bytes(b)


def table(sig, body=b"", length=None, good_sum=True, oem=b"DOMFW ", oem_table=b"MALFORM ", rev=1):
    total = 36 + len(body)
    hdr = sig + struct.pack("<IBB", total if length is None else length, rev, 0) + oem + oem_table
    hdr += struct.pack("<I", 1) + b"DFW " + struct.pack("<I", 1)
    t = hdr + body
    if good_sum:
        t = bytearray(t)
        t[9] = (-sum(t[:total])) & 0xFF
        t = bytes(t)
    return t


def rsdp(rev=2, rsdt=0, xsdt=0, length=36, bad_sum=False, bad_xsum=False, size=36):
    b = bytearray(b"RSD PTR " + b"\0" + b"DOMFW " + bytes([rev]) + struct.pack("<I", rsdt))
    if rev >= 2:
        b += struct.pack("<IQ", length, xsdt) + b"\0\0\0\0"
    b = bytearray(fix_sum(b[:20], 8) + b[20:])
    if rev >= 2:
        b = bytearray(fix_sum(b, 32))
    if bad_sum:
        b[8] ^= 0x5A
    if bad_xsum and rev >= 2:
        b[32] ^= 0x5A
    return bytes(b[:size])


def facs(length=64, size=64, sig=b"FACS"):
    b = sig + struct.pack("<I", length) + bytes(56)
    return (b + bytes(max(0, size - len(b))))[:size]


def write(name, data):
    mode = "w" if isinstance(data, str) else "wb"
    with open(os.path.join(HERE, name), mode) as f:
        f.write(data)


def image(parts, size=0x1000):
    """parts: {offset: bytes}; returns a memory image starting at IMAGE_BASE."""
    img = bytearray(size)
    for off, data in parts.items():
        img[off:off + len(data)] = data
    return bytes(img)


def addr(off):
    return IMAGE_BASE + off


def xsdt(entries, extra=b""):
    return table(b"XSDT", b"".join(struct.pack("<Q", e) for e in entries) + extra)


def fadt(dsdt_off, facs_off, length=244):
    body = bytearray(length - 36)
    struct.pack_into("<II", body, 0, addr(facs_off) if facs_off is not None else 0, addr(dsdt_off))
    return table(b"FACP", bytes(body), rev=5)


def hexdump(data, indent="    "):
    lines = []
    for off in range(0, len(data), 16):
        chunk = data[off:off + 16]
        hexpart = " ".join("%02X" % c for c in chunk)
        asc = "".join(chr(c) if 32 <= c < 127 else "." for c in chunk)
        lines.append("%s%04X: %-47s  %s" % (indent, off, hexpart, asc))
    return "\n".join(lines) + "\n"


def main():
    # --- binary tables (steps 1-4 of the validation order) ---
    write("table_short.dat", table(b"SSDT")[:20])
    write("table_length_below_header.dat", table(b"SSDT", length=0x10))
    write("table_length_past_end.dat", table(b"SSDT", length=0x40))
    bad = bytearray(table(b"SSDT", b"\x10\x20\x30\x40"))
    bad[9] = (bad[9] + 1) & 0xFF
    write("table_bad_checksum.dat", bytes(bad))
    # --- RSDP ---
    write("rsdp_short.dat", rsdp(rev=0)[:16])
    write("rsdp_v2_short.dat", rsdp(rev=2, xsdt=0x1000)[:20])
    write("rsdp_length_below.dat", rsdp(rev=2, xsdt=0x1000, length=20))
    write("rsdp_length_past_end.dat", rsdp(rev=2, xsdt=0x1000, length=0x40))
    write("rsdp_bad_checksum.dat", rsdp(rev=2, xsdt=0x1000, bad_sum=True))
    write("rsdp_bad_extended_checksum.dat", rsdp(rev=2, xsdt=0x1000, bad_xsum=True))
    # --- FACS ---
    write("facs_short.dat", facs(size=32))
    write("facs_length_below.dat", facs(length=32))
    write("facs_length_past_end.dat", facs(length=0x80))

    # --- memory images, base IMAGE_BASE: RSDP at 0x0, XSDT at 0x100, tables from 0x200 ---
    good_dsdt = table(b"DSDT", b"\x00" * 8)
    write("image_no_rsdp.bin", image({0x100: xsdt([])}))
    write("image_rsdp_bad_signature.bin", image({0x0: b"RSD PTX " + rsdp(xsdt=addr(0x100))[8:]}))
    write("image_root_zero.bin", image({0x0: rsdp(rev=0, rsdt=0)}))
    write("image_root_bad_signature.bin", image({0x0: rsdp(xsdt=addr(0x100)), 0x100: table(b"XXXX")}))
    write("image_root_past_end.bin", image({0x0: rsdp(xsdt=addr(0x2000))}))
    write("image_root_length_past_end.bin", image({0x0: rsdp(xsdt=addr(0xFF0)), 0xFF0: table(b"XSDT", length=0x40)[:16]}))
    # One image with every per-entry warning: zero entry, entry past the end, broken entry table,
    # a FADT too short for its DSDT field, and trailing bytes in the XSDT.
    write("image_entry_warnings.bin", image({
        0x0: rsdp(xsdt=addr(0x100)),
        0x100: xsdt([0, addr(0x5000), addr(0x200), addr(0x300), addr(0x400)], extra=b"\xAA\xBB\xCC\xDD"),
        0x200: table(b"SSDT", length=0x10),
        0x300: table(b"FACP", b"\x00" * 4),
        0x400: good_dsdt,
    }))
    # A FADT whose FACS pointer lands on something that is not a FACS.
    write("image_facs_bad_signature.bin", image({
        0x0: rsdp(xsdt=addr(0x100)),
        0x100: xsdt([addr(0x200)]),
        0x200: fadt(dsdt_off=0x400, facs_off=0x600),
        0x400: good_dsdt,
        0x600: facs(sig=b"FACZ"),
    }))
    # A well-formed image (RSDP v2 -> XSDT -> FADT -> DSDT + FACS, SSDT x2, MSDM).
    msdm = table(b"MSDM", struct.pack("<IIIII", 1, 0, 1, 0, 29) + b"AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")
    good_parts = {
        0x0: rsdp(rsdt=addr(0x80), xsdt=addr(0x100)),
        0x80: table(b"RSDT", struct.pack("<I", addr(0x200))),
        0x100: xsdt([addr(0x200), addr(0x700), addr(0x780), addr(0x800)]),
        0x200: fadt(dsdt_off=0x400, facs_off=0x600),
        0x400: good_dsdt,
        0x600: facs(),
        0x700: table(b"SSDT", b"\x01"),
        0x780: table(b"SSDT", b"\x02"),
        0x800: msdm,
    }
    write("image_good.bin", image(good_parts))
    # The same tables as acpidump text: a seed for tests/fuzz/fuzz_acpidump_text.
    seed = "".join("%s @ 0x%016x\n%s\n" % ("RSD PTR" if d[:4] == b"RSD " else d[:4].decode(), addr(off), hexdump(d))
                   for off, d in sorted(good_parts.items()))
    with open(os.path.join(HERE, "..", "..", "fuzz", "corpus", "fuzz_acpidump_text", "good_set.txt"), "w") as f:
        f.write(seed)

    # --- acpidump text ---
    ssdt = table(b"SSDT", bytes(range(20)))
    good = "SSDT @ 0x00000000dafdb000\n" + hexdump(ssdt)
    write("text_good.txt", good + "\n")
    write("text_hex_before_header.txt", hexdump(ssdt[:16]) + good)
    lines = hexdump(ssdt).splitlines()
    write("text_offset_gap.txt", "SSDT @ 0x0\n" + "\n".join([lines[0], lines[2], lines[3]]) + "\n")
    write("text_short_line_then_more.txt", "SSDT @ 0x0\n" + hexdump(ssdt[:8]) + hexdump(ssdt[8:]).replace("    0000:", "    0008:", 1))
    write("text_bad_byte.txt", "SSDT @ 0x0\n" + lines[0] + "\n" + lines[1].replace(" 01 00 00 00", " 01 0G 00 00", 1) + "\n")
    write("text_no_data.txt", "SSDT @ 0x0\n\nDSDT @ 0x0\n" + hexdump(table(b"DSDT")))
    write("text_bad_address.txt", "SSDT @ somewhere\n" + hexdump(ssdt))
    write("text_malformed_hex_line.txt", "SSDT @ 0x0\n" + lines[0] + "\n    0010 53 53: junk\n")
    write("text_offset_too_long.txt", "SSDT @ 0x0\n    00000000000000000: 53 53 44 54\n")
    write("text_empty_hex_line.txt", "SSDT @ 0x0\n    0000:  SSDT\n")
    write("text_truncated_table.txt", "SSDT @ 0x0\n" + hexdump(ssdt[:48]))
    bad_text = bytearray(ssdt)
    bad_text[9] ^= 0x01
    write("text_bad_checksum.txt", "RSD PTR @ 0xf0120\n" + hexdump(rsdp(xsdt=0x1000), "  ")
          + "\nSSDT @ 0x0\n" + hexdump(bytes(bad_text)))


if __name__ == "__main__":
    main()
