#!/usr/bin/env python3
"""Writes crafted SMBIOS captures (dmidecode --dump-bin layout) into identity/, one per way a
host's identity has leaked past the scrubber, plus identity/needles.tsv: file TAB what TAB the
planted bytes in hex, exactly as they sit in the capture (the privacy test hunts each in every
guest-visible output). Independent of the C++ encoder, so the tables do not come from domfw.
Also writes the seeds of tests/fuzz/fuzz_build_pipeline.cpp (each table with the example laptop's
ACPI tables, as an HVM and a PVH guest).
Run: python3 tests/passthrough/make_identity_tables.py  (rewrites identity/ and the seeds; commit
the result)."""
import os
import struct
import uuid as uuidlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "identity")
SEEDS = os.path.join(HERE, "..", "fuzz", "corpus", "fuzz_build_pipeline")
LAPTOP_ACPI = os.path.join(HERE, "..", "..", "examples", "firmware", "laptop-host", "acpi", "tables")

SERIAL = b"HX7Q2K9R4M"  # the system serial (type 1), the value vendors copy
UUID_TEXT = "4c4c4544-0033-4810-8058-b4c04f4e3232"
UUID_LE = uuidlib.UUID(UUID_TEXT).bytes_le  # as SMBIOS 2.6+ stores it
UUID_BE = uuidlib.UUID(UUID_TEXT).bytes


def structure(stype, handle, formatted=b"", strings=()):
    """DSP0134 §6.1.2: header, formatted area, strings each NUL-ended, one more NUL."""
    head = struct.pack("<BBH", stype, 4 + len(formatted), handle) + formatted
    if not strings:
        return head + b"\0\0"
    return head + b"".join(s + b"\0" for s in strings) + b"\0"


def system(handle=0x0100, serial_index=4, serial=SERIAL, uuid=UUID_LE):
    # §7.2: manufacturer 1, product 2, version 3, serial, UUID, wake-up, SKU 0, family 0.
    f = struct.pack("<BBBB", 1, 2, 3, serial_index) + uuid + bytes([6, 0, 0])
    return structure(1, handle, f, [b"Crafted Inc.", b"Leak Box", b"1.0", serial])


def baseboard(handle, serial_index, asset_index, strings):
    # §7.3: manufacturer 1, product 2, version 3, serial, asset, features, location 0, chassis, type.
    f = struct.pack("<BBBBBBBHBB", 1, 2, 3, serial_index, asset_index, 1, 0, 0x0300, 0x0A, 0)
    return structure(2, handle, f, strings)


def memory(handle, serial, asset, extra=()):
    # §7.18 (2.3 layout, 0x1B bytes): locators 1 and 2, manufacturer 0, serial 0x18 = string 3,
    # asset tag 0x19 = string 4, part number 0x1A = string 5.
    f = struct.pack("<HHHHHBBBBBHHBBBB", 0x1000, 0xFFFE, 64, 64, 8192, 0x09, 0, 1, 2, 0x1A, 0x0080, 2400, 0, 3, 4, 5)
    return structure(17, handle, f, [b"DIMM_A1", b"BANK 0", serial, asset, b"M393A2K43BB1"] + list(extra))


def psu(handle, serial, asset):
    # §7.40: group 1, location 1, name 2, manufacturer 3, serial 4, asset 5, part 6, revision 7.
    f = struct.pack("<BBBBBBBBHHHHH", 1, 1, 2, 3, 4, 5, 6, 7, 0x8000, 0x11A1, 0xFFFF, 0xFFFF, 0xFFFF)
    return structure(39, handle, f, [b"PSU1", b"PS 1", b"Crafted Power", serial, asset, b"PWR-750", b"A00"])


def oem_strings(handle, strings):
    return structure(11, handle, bytes([len(strings)]), strings)


def end(handle=0xFEFF):
    return structure(127, handle)


def dump_bin(structures):
    table = b"".join(structures)
    # §5.2.2 SMBIOS 3.0 entry point: anchor, checksum, length 0x18, 3.2, docrev 0, revision 1,
    # reserved, maximum table size, table address (0x20: where --dump-bin puts the table).
    ep = bytearray(b"_SM3_" + struct.pack("<BBBBBBBIQ", 0, 0x18, 3, 2, 0, 1, 0, len(table), 0x20))
    ep[5] = (0x100 - sum(ep) % 256) % 256
    return bytes(ep) + b"\0" * (0x20 - len(ep)) + table


def utf16(b):
    return b"".join(bytes([c, 0]) for c in b)


TABLES = {}
NEEDLES = []


def table(name, structures, needles):
    TABLES[name] = dump_bin(structures)
    for what, value in needles:
        NEEDLES.append((name, what, value))


BASE_NEEDLES = [("system serial number", SERIAL), ("system UUID (as stored)", UUID_LE)]

# 1. The system serial inside vendor structures: a Dell-style type 126/OEM formatted area (ASCII
#    and UTF-16LE), an HP type 204 string with the serial embedded, a type 11 string holding it
#    whole (the old scrubber took a whole other string for a placeholder and skipped it).
table("vendor_copies.bin", [
    system(),
    structure(126, 0x7E00, b"\x01\x02" + SERIAL + b"\0\0" + utf16(SERIAL), []),
    structure(0xD0, 0xD000, b"\x01" + SERIAL, [b"Dell"]),
    structure(204, 0xCC00, b"\x01\x02\x03", [b"Rack-7", b"Enclosure " + SERIAL + b" bay 3", b"BladeSystem c7000"]),
    oem_strings(0x0B00, [b"Dell System", SERIAL]),
    end(),
], BASE_NEEDLES + [("system serial number (UTF-16LE)", utf16(SERIAL))])

# 2. A DIMM asset tag as an unreferenced extra string of another type 17.
table("dimm_unreferenced.bin", [
    system(),
    memory(0x1100, b"DSN-30A7F1C2", b"AT-DIMM-77120"),
    memory(0x1101, b"DSN-30A7F1C3", b"AT-DIMM-77121", extra=[b"AT-DIMM-77120"]),
    end(),
], BASE_NEEDLES + [("memory asset tag", b"AT-DIMM-77120"), ("memory asset tag", b"AT-DIMM-77121"),
                   ("memory serial number", b"DSN-30A7F1C2"), ("memory serial number", b"DSN-30A7F1C3")])

# 3. Type 39 power supply serial numbers and asset tags (host show hid them; build copied them).
table("psu.bin", [
    system(),
    psu(0x2700, b"PSU-SN-99812X", b"PSU-AT-4410"),
    psu(0x2701, b"PSU-SN-99813X", b"PSU-AT-4411"),
    end(),
], BASE_NEEDLES + [("power supply serial number", b"PSU-SN-99812X"), ("power supply serial number", b"PSU-SN-99813X"),
                   ("power supply asset tag", b"PSU-AT-4410"), ("power supply asset tag", b"PSU-AT-4411")])

# 4. The serial lower-cased in an OEM string and in a vendor type's formatted area.
table("lower_case.bin", [
    system(),
    oem_strings(0x0B00, [b"sn:" + SERIAL.lower()]),
    structure(0xC8, 0xC800, SERIAL.lower(), []),
    end(),
], BASE_NEEDLES + [("system serial number (lower case)", SERIAL.lower())])

# 5. The system UUID inside OEM formatted areas, in both byte orders, and as text in a string.
table("uuid_oem.bin", [
    system(),
    structure(0x82, 0x8200, b"\x00\x01" + UUID_LE + b"\x02", []),
    structure(0x83, 0x8300, b"\x10" + UUID_BE, []),
    oem_strings(0x0B00, [b"uuid=" + UUID_TEXT.upper().encode()]),
    end(),
], BASE_NEEDLES + [("system UUID (byte-swapped)", UUID_BE),
                   ("system UUID as text (upper case)", UUID_TEXT.upper().encode())])

# 6. A serial that shares its string index with another field (baseboard serial = version =
#    string 3) and one embedded in a longer string.
table("shared_index.bin", [
    system(),
    baseboard(0x0200, 3, 4, [b"Crafted Inc.", b"LB-100", b"BSN-5521-7788", b"BAT-0042-19"]),
    oem_strings(0x0B00, [b"Board BSN-5521-7788 rev2", b"tag:BAT-0042-19;"]),
    end(),
], BASE_NEEDLES + [("baseboard serial number", b"BSN-5521-7788"), ("baseboard asset tag", b"BAT-0042-19")])

# 7. A structure the scrubber cannot clean: the serial begins in its 4-byte header (type 'A' 65,
#    length 'B' 66, handle "CD"), so it is dropped with a note in passthrough.txt.
HEADER_SERIAL = b"ABCD7788"
table("header_overlap.bin", [
    system(serial=HEADER_SERIAL),
    b"ABCD" + b"7788" + b"\0" * 58 + b"\0\0",
    end(),
], [("system serial number", HEADER_SERIAL), ("system UUID (as stored)", UUID_LE)])

# 9. The UUID (and a UTF-16LE serial) in a string set, across the NULs that end strings (found by
#    fuzz_build_pipeline): the guest reads the set as one run of bytes.
parts = UUID_LE.split(b"\0")
assert all(parts), "the UUID's 00 bytes must be single for this table"
table("uuid_in_strings.bin", [
    system(),
    structure(0xC1, 0xC100, b"\x01", parts + [b"pad"]),
    structure(0xC2, 0xC200, b"\x01", [bytes([c]) for c in SERIAL]),
    end(),
], BASE_NEEDLES + [("system serial number (UTF-16LE, across strings)", utf16(SERIAL)[:-1])])

# 8. Placeholders are not hunted: an OEM string equal to one passes unchanged.
table("placeholders.bin", [
    system(serial=b"To Be Filled By O.E.M."),
    oem_strings(0x0B00, [b"To Be Filled By O.E.M.", b"Default string"]),
    end(),
], [("system UUID (as stored)", UUID_LE)])


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in TABLES.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    with open(os.path.join(OUT, "needles.tsv"), "w") as f:
        for name, what, value in NEEDLES:
            f.write(f"{name}\t{what}\t{value.hex()}\n")
    # Fuzz seeds: flags (bit 0 = PVH), the SMBIOS table's length (u16 LE), the table, ACPI tables.
    acpi = b"".join(open(os.path.join(LAPTOP_ACPI, t), "rb").read() for t in sorted(os.listdir(LAPTOP_ACPI)))
    os.makedirs(SEEDS, exist_ok=True)
    for name, data in TABLES.items():
        table = data[0x20:]
        for pvh in (0, 1):
            seed = bytes([pvh]) + struct.pack("<H", len(table)) + table + acpi
            with open(os.path.join(SEEDS, f"{name[:-4]}-{'pvh' if pvh else 'hvm'}"), "wb") as f:
                f.write(seed)


if __name__ == "__main__":
    main()
