#!/usr/bin/env python3
"""Writes one malformed SMBIOS input per error path of core/smbios_walk and hostfw/smbios_sources.

Run from anywhere: python3 gen_malformed.py (writes next to itself). The expected messages live in
tests/smbios/malformed_test.cpp; each file here is small and reviewable with xxd.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def fix_sum(b, at, start=0, length=None):
    b = bytearray(b)
    length = len(b) - start if length is None else length
    b[at] = 0
    b[at] = (-sum(b[start:start + length])) & 0xFF
    return bytes(b)


def ep21(major=2, minor=8, length=0x1F, table_len=0, count=0, addr=0x20, inter=b"_DMI_", fix=True, fix_inter=True):
    b = bytearray(31)
    b[0:4] = b"_SM_"
    b[5] = length
    b[6], b[7] = major, minor
    b[0x10:0x15] = inter
    struct.pack_into("<HIH", b, 0x16, table_len, addr, count)
    b[0x1E] = 0x28
    if fix_inter:
        b = fix_sum(b, 0x15, 0x10, 15)
    if fix:
        b = fix_sum(b, 0x04, 0, min(length, 31))
    return bytes(b)


def ep3(length=0x18, max_len=0x100, addr=0x20, fix=True):
    b = bytearray(24)
    b[0:5] = b"_SM3_"
    b[6] = length
    b[7], b[8], b[9], b[10] = 3, 0, 0, 1
    struct.pack_into("<IQ", b, 0x0C, max_len, addr)
    if fix:
        b = fix_sum(b, 0x05, 0, min(length, 24))
    return bytes(b)


def legacy(fix=True):
    b = bytearray(15)
    b[0:5] = b"_DMI_"
    struct.pack_into("<HIH", b, 6, 0, 0x20, 0)
    b[0x0E] = 0x20
    if fix:
        b = fix_sum(b, 5, 0, 15)
    return bytes(b)


def structure(stype, handle, body=b"", strings=()):
    out = struct.pack("<BBH", stype, 4 + len(body), handle) + body
    if strings:
        out += b"".join(s + b"\0" for s in strings) + b"\0"
    else:
        out += b"\0\0"
    return out


GOOD = structure(1, 0x0100, bytes([1, 0, 0, 0]), [b"ACME"]) + structure(127, 0x7F00)


def dump(ep, table):
    return ep + bytes(0x20 - len(ep)) + table


FILES = {
    # entry points (dump files: entry point at 0, table at 0x20)
    "ep21_too_short.bin": ep21()[:20],
    "ep21_bad_length.bin": dump(ep21(length=0x10), GOOD),
    "ep21_bad_checksum.bin": dump(ep21(table_len=len(GOOD), count=2, fix=False), GOOD),
    "ep21_bad_intermediate_anchor.bin": dump(ep21(table_len=len(GOOD), count=2, inter=b"_XMI_"), GOOD),
    "ep21_bad_intermediate_checksum.bin": dump(ep21(table_len=len(GOOD), count=2, fix_inter=False), GOOD),
    "ep3_too_short.bin": ep3()[:20],
    "ep3_bad_length.bin": dump(ep3(length=0x10), GOOD),
    "ep3_bad_checksum.bin": dump(ep3(fix=False), GOOD),
    "legacy_bad_checksum.bin": dump(legacy(fix=False), GOOD),
    "ep_only.bin": ep3(),
    # a 2.x table cut short of the length its entry point announces (the 2.x length is exact)
    "table21_truncated.bin": dump(ep21(table_len=len(GOOD) + 0x10, count=2), GOOD),
    # structure walk (raw tables)
    "walk_short_formatted.bin": structure(0, 0, bytes(16), [b"BIOS"]) + bytes([2, 3, 0x02, 0x00]) + b"\0\0",
    "walk_formatted_past_end.bin": structure(0, 0, bytes(16), [b"BIOS"]) + bytes([1, 0x40, 0x01, 0x00]) + bytes(10),
    "walk_unterminated_strings.bin": structure(0, 0, bytes(16), [b"BIOS"]) + structure(1, 1, bytes(4))[:8] + b"ACME\0XY",
    # format detection
    "not_smbios.bin": b"\x01\x02\x03",
    "acpi_table.bin": b"APIC" + struct.pack("<I", 44) + bytes(36),
    "rsmb_ok.bin": struct.pack("<BBBBI", 0, 3, 2, 0, len(GOOD)) + GOOD,
}


def main():
    for name, data in FILES.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
