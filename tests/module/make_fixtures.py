#!/usr/bin/env python3
"""Writes one malformed module/bundle per reader error path into fixtures/, plus expected.tsv
(file TAB exact message of `domfw module inspect`). An independent implementation of the
format (docs/module-format.md) in Python, so the fixtures do not come from the C++ writer.
Run: python3 tests/module/make_fixtures.py  (rewrites the fixtures; commit the result)."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures")


def crc32c(data, crc=0):
    crc ^= 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def module(mtype, type_header, payload, flags=0, version=1, header_length=None, total_length=None,
           sig=b"DFWM", fix_crc=True, crc=None):
    hl = 24 + len(type_header)
    hl = (hl + 7) // 8 * 8
    th = type_header + b"\0" * (hl - 24 - len(type_header))
    if header_length is None:
        header_length = hl
    if total_length is None:
        total_length = hl + len(payload)
    body = sig + struct.pack("<HHIII", mtype, version, header_length, total_length, flags) + b"\0\0\0\0" + th + payload
    if crc is None:
        crc = crc32c(body[:total_length]) if fix_crc else 0xDEADBEEF
    return body[:20] + struct.pack("<I", crc) + body[24:]


def smbios_struct(stype, handle, formatted=b"", strings=(b"x",)):
    head = struct.pack("<BBH", stype, 4 + len(formatted), handle) + formatted
    if not strings:
        return head + b"\0\0"
    return head + b"".join(s + b"\0" for s in strings) + b"\0"


def smbios_hdr(count, major=3, minor=5, reserved=0):
    return struct.pack("<BBBBI", major, minor, 0, reserved, count)


def acpi_table(sig, body=b"", oem=b"DOMFW ", oem_table=b"FIXTURE ", fix=True, length=None):
    n = 36 + len(body)
    if length is None:
        length = n
    t = bytearray(sig + struct.pack("<IBB", length, 1, 0) + oem + oem_table + struct.pack("<I", 1) + b"DFW " + struct.pack("<I", 1) + body)
    if fix:
        t[9] = (0x100 - sum(t) % 256) % 256
    return bytes(t)


def acpi_hdr(count, flags=0):
    return struct.pack("<II", count, flags)


def rom_image(units=1, sig=b"\x55\xAA"):
    img = bytearray(sig + bytes([units]) + b"\0" * (512 * max(units, 1) - 3))
    return bytes(img)


def blob_hdr(name, reserved=0):
    return name + b"\0" * (32 - len(name)) + struct.pack("<Q", reserved)


BLOB_CMDLINE = 0x10000  # revision 1.1: an optional flag, then the command line after the blob header


def blob_cmdline_hdr(name, text, length=None, reserved=0, pad=b""):
    """Blob header + cmdline header + text (NUL included in `text`) + extra padding bytes."""
    if length is None:
        length = len(text)
    return blob_hdr(name) + struct.pack("<HHI", length, reserved, 0) + text + pad


def bundle(mods, flags=0, version=1, header_length=32, entry_size=16, count=None, total_length=None,
           sig=b"DFWB", fix_crc=True, entries=None, reserved=0, trailing=b""):
    if count is None:
        count = len(mods)
    dir_end = 32 + count * 16
    offs = []
    end = dir_end
    for m in mods:
        end = (end + 7) // 8 * 8
        offs.append(end)
        end += len(m)
    if total_length is None:
        total_length = end
    if entries is None:
        entries = []
        for o, m in zip(offs, mods):
            mtype, = struct.unpack_from("<H", m, 4)
            mcrc, = struct.unpack_from("<I", m, 20)
            entries.append((o, len(m), mtype, 0, mcrc))
    out = bytearray(max(end, dir_end))
    out[0:32] = sig + struct.pack("<HHIIIHHII", version, header_length, total_length, flags, count, entry_size, reserved, 0, 0)
    for i, e in enumerate(entries):
        out[32 + 16 * i:48 + 16 * i] = struct.pack("<IIHHI", *e)
    for o, m in zip(offs, mods):
        out[o:o + len(m)] = m
    crc = crc32c(bytes(out[:min(dir_end, len(out))])) if fix_crc else 0x12345678
    out[24:28] = struct.pack("<I", crc)
    return bytes(out) + trailing


GOOD_SMBIOS = smbios_struct(1, 0x100, b"\1\2\3\0" + b"\0" * 16 + b"\0\0\0", (b"Maker", b"Model", b"1.0"))
GOOD_BLOB = module(4, blob_hdr(b"ramdisk"), b"hello")
GOOD_ACPI = module(2, acpi_hdr(1), acpi_table(b"SSDT"))

CASES = []


def case(name, data, message):
    CASES.append((name, data, message))


# ---- common module header -------------------------------------------------------------------
case("module_short", b"DFWM\1\0", "module: buffer of 0x6 bytes is shorter than the 0x18-byte module header")
case("module_signature", b"DFWX" + GOOD_BLOB[4:], "module: no \"DFWM\" signature at offset 0x0: not a module")
case("module_version", module(4, blob_hdr(b"k"), b"", version=2),
     "module: format version 0x2 is newer than this reader, which knows version 0x1: use a newer domfw")
case("module_version_zero", module(4, blob_hdr(b"k"), b"", version=0),
     "module: format version 0x0 is not supported (this reader knows version 0x1)")
case("module_header_short", module(4, blob_hdr(b"k"), b"", header_length=16),
     "module: header_length 0x10 is below the 0x18-byte common header")
case("module_header_unaligned", module(4, blob_hdr(b"k"), b"", header_length=0x44),
     "module: header_length 0x44 is not a multiple of 0x8")
case("module_header_huge", module(4, blob_hdr(b"k"), b"", header_length=0x2000),
     "module: header_length 0x2000 exceeds the limit 0x1000")
case("module_total_below_header", module(4, blob_hdr(b"k"), b"", total_length=0x20),
     "module: total_length 0x20 is below header_length 0x40")
case("module_total_huge", module(4, blob_hdr(b"k"), b"", total_length=0x80000008),
     "module: total_length 0x80000008 exceeds the limit 0x80000000")
case("module_total_past_end", module(4, blob_hdr(b"k"), b"abc", total_length=0x50),
     "module: total_length 0x50 exceeds the 0x43 bytes held")
bad_crc = module(4, blob_hdr(b"k"), b"abc", crc=0xDEADBEEF)
case("module_crc", bad_crc,
     "module: CRC-32C 0xdeadbeef does not match the computed 0x%x" % crc32c(bad_crc[:20] + b"\0\0\0\0" + bad_crc[24:]))
case("module_unknown_mandatory_flag", module(4, blob_hdr(b"k"), b"", flags=0x0002 | 0x10000),
     "module: unknown mandatory flags 0x2 (known: 0x1)")
case("module_unknown_required_type", module(0x99, b"", b"data", flags=1),
     "module: type 0x99 is unknown to this reader but the module is marked REQUIRED")
case("module_trailing", GOOD_BLOB + b"\0\0", "module: 0x2 trailing bytes after total_length 0x45")

# ---- SMBIOS ---------------------------------------------------------------------------------
case("smbios_header_short", module(1, b"", GOOD_SMBIOS),
     "module: header_length 0x18 is below 0x20, the common + SMBIOS module header")
case("smbios_reserved", module(1, smbios_hdr(1, reserved=7), GOOD_SMBIOS), "module: SMBIOS module reserved byte is 0x7, not 0")
case("smbios_major", module(1, smbios_hdr(1, major=1), GOOD_SMBIOS), "module: SMBIOS version major 0x1 is below 2")
case("smbios_count_zero", module(1, smbios_hdr(0), GOOD_SMBIOS), "module: SMBIOS structure_count 0x0 is outside 1..0xffff")
case("smbios_struct_header_cut", module(1, smbios_hdr(2), GOOD_SMBIOS + b"\x02\x08"),
     "module: SMBIOS payload: 0x2 bytes at offset 0x%x after the last structure, too few for its 4-byte header" % (32 + len(GOOD_SMBIOS)))
case("smbios_formatted_short", module(1, smbios_hdr(1), b"\x01\x03\x00\x01\0\0"),
     "module: SMBIOS structure at offset 0x20 (type 1, handle 0x0100): formatted length 0x03 is below the 4-byte header")
case("smbios_formatted_past_end", module(1, smbios_hdr(1), b"\x01\x40\x00\x01\0\0"),
     "module: SMBIOS structure at offset 0x20 (type 1, handle 0x0100): formatted length 0x40 runs past the end of the table (0x6 bytes left)")
case("smbios_no_double_nul", module(1, smbios_hdr(1), b"\x01\x04\x00\x01abc\0"),
     "module: SMBIOS structure at offset 0x20 (type 1, handle 0x0100): string set has no double-NUL terminator in the 0x4 bytes left")
case("smbios_too_many", module(1, smbios_hdr(1), GOOD_SMBIOS + smbios_struct(2, 0x200)),
     "module: SMBIOS payload holds more structures than structure_count 0x1 (extra one at offset 0x%x)" % (32 + len(GOOD_SMBIOS)))
case("smbios_too_few", module(1, smbios_hdr(3), GOOD_SMBIOS),
     "module: SMBIOS payload holds 0x1 structures but structure_count is 0x3")

# ---- ACPI -----------------------------------------------------------------------------------
ssdt = acpi_table(b"SSDT")
case("acpi_header_short", module(2, b"", ssdt), "module: header_length 0x18 is below 0x20, the common + ACPI module header")
case("acpi_count_zero", module(2, acpi_hdr(0), ssdt), "module: ACPI table_count 0x0 is outside 1..0x100")
case("acpi_count_huge", module(2, acpi_hdr(0x101), ssdt), "module: ACPI table_count 0x101 is outside 1..0x100")
case("acpi_unknown_flag", module(2, acpi_hdr(1, 0x4), ssdt), "module: unknown mandatory ACPI flags 0x4 (known: 0x1)")
case("acpi_left_short", module(2, acpi_hdr(2), ssdt + b"SSDT\x10"),
     "module: ACPI table 'SSDT' at offset 0x44: holds 0x5 bytes, fewer than the 36-byte table header")
case("acpi_length_short", module(2, acpi_hdr(1), acpi_table(b"SSDT", length=20)),
     "module: ACPI table 'SSDT' at offset 0x20: length 0x14 is below the 36-byte table header")
case("acpi_length_past_end", module(2, acpi_hdr(1), acpi_table(b"SLIC", length=0x100)),
     "module: ACPI table 'SLIC' at offset 0x20: length 0x100 exceeds the 0x24 bytes held")
bad = bytearray(acpi_table(b"SSDT"))
bad[9] = (bad[9] + 1) % 256
case("acpi_checksum", module(2, acpi_hdr(1), bytes(bad)), "module: ACPI table 'SSDT' at offset 0x20: checksum 0xb7 is wrong, should be 0xb6")
case("acpi_too_many", module(2, acpi_hdr(1), ssdt + ssdt),
     "module: ACPI payload holds more tables than table_count 0x1 (extra one at offset 0x44)")
case("acpi_too_few", module(2, acpi_hdr(2), ssdt), "module: ACPI payload holds 0x1 tables but table_count is 0x2")
case("acpi_slic_missing", module(2, acpi_hdr(1, 1), ssdt),
     "module: ACPI flag MATCH_SLIC_OEM_IDS is set but the payload holds no SLIC table")

# ---- option ROM -----------------------------------------------------------------------------
rom_hdr = struct.pack("<HHI", 0x8086, 0x100E, 0)
case("rom_header_short", module(3, b"", rom_image()), "module: header_length 0x18 is below 0x20, the common + option ROM module header")
case("rom_reserved", module(3, struct.pack("<HHI", 1, 2, 9), rom_image()), "module: option ROM module reserved field is 0x9, not 0")
case("rom_payload_short", module(3, rom_hdr, b"\x55\xAA"), "module: option ROM payload of 0x2 bytes is shorter than the 3-byte ROM header")
case("rom_signature", module(3, rom_hdr, rom_image(sig=b"MZ")), "module: option ROM signature 0x5a4d is not 0xaa55")
case("rom_size", module(3, rom_hdr, rom_image(units=1)[:2] + b"\x02" + rom_image(units=1)[3:]),
     "module: option ROM image size 0x400 (byte 2 x 512) is 0 or exceeds the 0x200-byte payload")

# ---- blob -----------------------------------------------------------------------------------
case("blob_header_short", module(4, b"kernel\0\0", b"x"), "module: header_length 0x20 is below 0x40, the common + blob module header")
case("blob_name_char", module(4, blob_hdr(b"ram disk"), b"x"),
     "module: blob name byte at offset 0x1b is 0x20, not a printable non-space character")
case("blob_name_empty", module(4, blob_hdr(b""), b"x"), "module: blob name is empty")
case("blob_name_no_nul", module(4, b"A" * 32 + b"\0" * 8, b"x"), "module: blob name has no NUL within its 0x20 bytes")
case("blob_name_padding", module(4, b"kernel\0X" + b"\0" * 32, b"x"), "module: blob name padding byte at offset 0x1f is 0x58, not 0")
case("blob_cmdline_no_room", module(4, blob_hdr(b"kernel"), b"x", flags=BLOB_CMDLINE),
     "module: blob flag CMDLINE is set but header_length 0x40 leaves no room for a command line after 0x48")
case("blob_cmdline_too_long", module(4, blob_cmdline_hdr(b"cloud-init", b"a" * 1024 + b"\0"), b"x", flags=BLOB_CMDLINE),
     "module: blob command line length 0x401 is outside 1..0x400 (bytes with its NUL)")
case("blob_cmdline_empty_field", module(4, blob_cmdline_hdr(b"cloud-init", b"\0", length=0), b"x", flags=BLOB_CMDLINE),
     "module: blob command line length 0x0 is outside 1..0x400 (bytes with its NUL)")
case("blob_cmdline_reserved", module(4, blob_cmdline_hdr(b"cloud-init", b"ds=nocloud\0", reserved=7), b"x",
                                     flags=BLOB_CMDLINE),
     "module: blob command line reserved fields are 0x7, not 0")
case("blob_cmdline_past_header", module(4, blob_cmdline_hdr(b"cloud-init", b"ds=nocloud\0", length=0x20), b"x",
                                        flags=BLOB_CMDLINE),
     "module: blob command line of 0x20 bytes at offset 0x48 runs past header_length 0x58")
case("blob_cmdline_not_terminated", module(4, blob_cmdline_hdr(b"cloud-init", b"ds=nocloud"), b"x", flags=BLOB_CMDLINE),
     "module: blob command line is not NUL-terminated: its last byte at offset 0x51 is 0x64")
case("blob_cmdline_inner_nul", module(4, blob_cmdline_hdr(b"cloud-init", b"ds=no\0cloud\0"), b"x", flags=BLOB_CMDLINE),
     "module: blob command line has a NUL at offset 0x4d, before its end 0x53")
case("blob_cmdline_padding", module(4, blob_cmdline_hdr(b"cloud-init", b"ds\0", pad=b"\0Z"), b"x", flags=BLOB_CMDLINE),
     "module: blob header padding byte at offset 0x4c is 0x5a, not 0")
case("blob_reserved", module(4, blob_hdr(b"kernel", reserved=5), b"x"), "module: blob module reserved field is 0x5, not 0")

# ---- bundle ---------------------------------------------------------------------------------
two = [GOOD_BLOB, GOOD_ACPI]
good = bundle(two)
case("bundle_short", b"DFWB" + b"\0" * 10, "bundle: buffer of 0xe bytes is shorter than the 0x20-byte bundle header")
case("bundle_version", bundle(two, version=3),
     "bundle: bundle format version 0x3 is newer than this reader, which knows version 0x1: use a newer domfw")
case("bundle_version_zero", bundle(two, version=0), "bundle: bundle format version 0x0 is not supported (this reader knows version 0x1)")
case("bundle_header_short", bundle(two, header_length=16), "bundle: bundle header_length 0x10 is below the 0x20-byte bundle header")
case("bundle_header_unaligned", bundle(two, header_length=36), "bundle: bundle header_length 0x24 is not a multiple of 8 or exceeds 0x1000")
case("bundle_entry_size", bundle(two, entry_size=12), "bundle: bundle entry_size 0xc is below 16, not a multiple of 4, or above 0x100")
case("bundle_count_huge", bundle(two, count=2000), "bundle: bundle module_count 0x7d0 exceeds the limit 0x400")
case("bundle_total_below_dir", bundle(two, total_length=40), "bundle: bundle total_length 0x28 is below the end of the directory 0x40")
case("bundle_total_huge", bundle(two, total_length=0x90000000), "bundle: bundle total_length 0x90000000 exceeds the limit 0x80000000")
case("bundle_total_past_end", bundle(two, total_length=len(good) + 8),
     "bundle: bundle total_length 0x%x exceeds the 0x%x bytes held" % (len(good) + 8, len(good)))
bb = bundle(two, fix_crc=False)
case("bundle_crc", bb, "bundle: bundle CRC-32C 0x12345678 does not match the computed 0x%x" % crc32c(bb[:24] + b"\0\0\0\0" + bb[28:64]))
case("bundle_unknown_flag", bundle(two, flags=0x80), "bundle: unknown mandatory bundle flags 0x80 (known: 0x0)")
case("bundle_reserved", bundle(two, reserved=1), "bundle: bundle reserved fields are 0x1, not 0")
e0 = (64, len(GOOD_BLOB), 4, 0, struct.unpack_from("<I", GOOD_BLOB, 20)[0])
e1 = (0x88, len(GOOD_ACPI), 2, 0, struct.unpack_from("<I", GOOD_ACPI, 20)[0])
case("bundle_entry_overlap", bundle(two, entries=[e0, (100,) + e1[1:]]),
     "bundle: bundle directory entry 1 at offset 0x30: module offset 0x64 overlaps what ends at 0x85")
case("bundle_entry_inside_directory", bundle(two, entries=[(40,) + e0[1:], e1]),
     "bundle: bundle directory entry 0 at offset 0x20: module offset 0x28 overlaps what ends at 0x40")
case("bundle_entry_unaligned", bundle(two, entries=[e0, (0x8c,) + e1[1:]]),
     "bundle: bundle directory entry 1 at offset 0x30: module offset 0x8c is not a multiple of 0x8")
case("bundle_entry_length_short", bundle(two, entries=[e0, (0x88, 8) + e1[2:]]),
     "bundle: bundle directory entry 1 at offset 0x30: module length 0x8 is below the 0x18-byte module header")
case("bundle_entry_past_end", bundle(two, entries=[e0, (0x88, 0x400) + e1[2:]]),
     "bundle: bundle directory entry 1 at offset 0x30: module at 0x88 runs past the bundle end 0xcc")
case("bundle_entry_reserved", bundle(two, entries=[e0, e1[:3] + (3,) + e1[4:]]),
     "bundle: bundle directory entry 1 at offset 0x30: reserved field is 0x3, not 0")
case("bundle_entry_length_mismatch", bundle(two, entries=[(64, len(GOOD_BLOB) - 5) + e0[2:], e1]),
     "bundle module 0 at offset 0x40: total_length 0x45 exceeds the 0x40 bytes held")
case("bundle_entry_length_long", bundle(two, entries=[(64, len(GOOD_BLOB) + 3) + e0[2:], e1]),
     "bundle module 0 at offset 0x40: module total_length 0x45 differs from its directory entry's length 0x48")
case("bundle_entry_type", bundle(two, entries=[e0[:2] + (3,) + e0[3:], e1]),
     "bundle module 0 at offset 0x40: module type 0x4 differs from its directory entry's type 0x3")
case("bundle_entry_crc", bundle(two, entries=[e0, e1[:4] + (0x1111,)]),
     "bundle module 1 at offset 0x88: module CRC-32C 0x%x differs from its directory entry's 0x1111" % e1[4])
corrupt = bytearray(GOOD_ACPI)
corrupt[-1] ^= 0xFF
case("bundle_module_corrupt", bundle([GOOD_BLOB, bytes(corrupt)], entries=[e0, e1]),
     "bundle module 1 at offset 0x88: CRC-32C 0x%x does not match the computed 0x%x" % (e1[4], crc32c(bytes(corrupt[:20]) + b"\0\0\0\0" + bytes(corrupt[24:]))))
case("bundle_trailing", good + b"\0" * 8, "bundle: 0x8 trailing bytes after total_length 0xcc")


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".bin"):
            os.remove(os.path.join(OUT, f))
    with open(os.path.join(OUT, "expected.tsv"), "w") as tsv:
        tsv.write("# fixture\texact error of `domfw module inspect` (generated by make_fixtures.py)\n")
        for name, data, message in CASES:
            with open(os.path.join(OUT, name + ".bin"), "wb") as f:
                f.write(data)
            tsv.write("%s.bin\t%s\n" % (name, message))
    # Valid files the reader must accept (round trip of the Python writer).
    with open(os.path.join(OUT, "valid_blob.bin.ok"), "wb") as f:
        f.write(GOOD_BLOB)
    with open(os.path.join(OUT, "valid_bundle.bin.ok"), "wb") as f:
        f.write(good)
    # Revision 1.1: a blob with a command line (1.0 readers read it too, without the command line).
    with open(os.path.join(OUT, "valid_blob_cmdline.bin.ok"), "wb") as f:
        f.write(module(4, blob_cmdline_hdr(b"cloud-init", b"ds=nocloud;s=/ \xc3\xa9t\xc3\xa9\0"), b"#cloud-config\n",
                       flags=BLOB_CMDLINE))
    with open(os.path.join(OUT, "valid_smbios.bin.ok"), "wb") as f:
        f.write(module(1, smbios_hdr(2), GOOD_SMBIOS + smbios_struct(127, 0xFEFF, strings=())))
    print("wrote %d malformed fixtures" % len(CASES))


main()
