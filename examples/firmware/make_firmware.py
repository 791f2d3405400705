#!/usr/bin/env python3
"""Generates the sample host firmware of a synthetic laptop that the examples pass through, so
the examples work on build machines without SMBIOS (nothing here comes from a real machine):

  smbios.bin   hvmloader's length-prefixed SMBIOS structures: BIOS (0), system (1) with a
               serial number and UUID that domfw must scrub, baseboard (2), chassis (3) with
               an asset tag, OEM strings (11)
  acpi.bin     concatenated ACPI tables: SLIC- and MSDM-shaped tables with obviously fake
               contents and the SSDT compiled by iasl from laptop-buttons.asl
  acpi-64k.bin 64 KiB of valid tables (the benchmark's pass-through)
  pvh-kernel.elf  a minimal PVH ELF (XEN_ELFNOTE_PHYS32_ENTRY) at 1 MiB that only halts
  pvh-kernel-16m.elf  the same at 16 MiB, where Linux loads
  ramdisk.img  64 KiB of deterministic bytes
  user-data    a cloud-init file, an extra PVH module
Run from anywhere: python3 examples/firmware/make_firmware.py"""
import os
import struct
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def smbios_struct(stype, handle, formatted, strings):
    body = struct.pack("<BBH", stype, 4 + len(formatted), handle) + formatted
    s = b"".join(x + b"\0" for x in strings) + b"\0" if strings else b"\0\0"
    return body + s


def prefixed(structs):
    return b"".join(struct.pack("<I", len(s)) + s for s in structs)


def smbios():
    t0 = smbios_struct(0, 0x0000, struct.pack("<BBHBBQ", 1, 2, 0xE800, 3, 0x0F, 0x08) + b"\0\0", [b"Example Firmware Co.", b"EX.1.2.3", b"01/02/2026"])
    uuid = bytes.fromhex("deadbeef0001400080000123456789ab")  # fake, recognisable when it leaks
    t1 = smbios_struct(1, 0x0001, struct.pack("<BBBB", 1, 2, 3, 4) + uuid + struct.pack("<BBB", 6, 5, 6),
                       [b"Example Laptops Inc.", b"ExampleBook 13", b"1.0", b"EXAMPLE-SERIAL-0001", b"SKU-EX13", b"ExampleBook"])
    t2 = smbios_struct(2, 0x0002, struct.pack("<BBBBBBHBB", 1, 2, 3, 4, 5, 0x09, 0x0003, 0x0A, 0), [b"Example Laptops Inc.", b"EXMB-13", b"A01", b"BOARD-SERIAL-0002", b"ASSET-TAG-0003"])
    t3 = smbios_struct(3, 0x0003, struct.pack("<BBBBBBBBIBBBB", 1, 0x0A, 2, 3, 4, 3, 3, 3, 0, 0, 0, 0, 0), [b"Example Laptops Inc.", b"1.0", b"CHASSIS-SERIAL-0004", b"ASSET-TAG-0005"])
    t11 = smbios_struct(11, 0x000B, struct.pack("<B", 2), [b"domfw example OEM string 1", b"EXAMPLE-OEM-FEATURES=buttons,lid"])
    return prefixed([t0, t1, t2, t3, t11])


def acpi_table(sig, body, oem=b"EXMPLE", table=b"EXAMPLE ", rev=1):
    n = 36 + len(body)
    t = bytearray(sig + struct.pack("<IBB", n, rev, 0) + oem + table + struct.pack("<I", 1) + b"DFWX" + struct.pack("<I", 1) + body)
    t[9] = (0x100 - sum(t) % 256) % 256
    return bytes(t)


def slic():
    # Shaped like SLIC 2.1 (a marker and a public key), contents fake and labelled as such.
    body = b"FAKE-SLIC-FOR-DOMFW-EXAMPLES-NOT-A-LICENSE".ljust(0x176 - 36, b"\0")
    return acpi_table(b"SLIC", body)


def msdm():
    key = b"FAKE0-FAKE0-FAKE0-FAKE0-FAKE0"
    body = struct.pack("<IIIII", 1, 0, 1, 0, len(key)) + key
    return acpi_table(b"MSDM", body)


def ssdt():
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(HERE, "laptop-buttons.asl")
        subprocess.run(["iasl", "-p", os.path.join(d, "laptop-buttons"), src], check=True, stdout=subprocess.DEVNULL)
        return open(os.path.join(d, "laptop-buttons.aml"), "rb").read()


def pvh_kernel(base=0x100000):
    # ELF32, one PT_LOAD at `base` (code: cli; hlt; jmp $-1) and a PT_NOTE with the Xen
    # PHYS32_ENTRY note (type 18) pointing at it.
    code = b"\xfa\xf4\xeb\xfd"
    note = struct.pack("<III", 4, 4, 18) + b"Xen\0" + struct.pack("<I", base)
    ehdr_size, ph_size = 52, 32
    off_code = 0x100
    off_note = off_code + len(code)
    ident = b"\x7fELF\x01\x01\x01" + b"\0" * 9
    ehdr = ident + struct.pack("<HHIIIIIHHHHHH", 2, 3, 1, base, ehdr_size, 0, 0, ehdr_size, ph_size, 2, 0, 0, 0)
    ph_load = struct.pack("<IIIIIIII", 1, off_code, base, base, len(code), 0x1000, 5, 0x1000)
    ph_note = struct.pack("<IIIIIIII", 4, off_note, 0, 0, len(note), 0, 4, 4)
    out = ehdr + ph_load + ph_note
    out += b"\0" * (off_code - len(out)) + code + note
    return out


def tables_64k():
    tables = []
    for i in range(2):
        body = bytes((j * 31 + i) % 251 for j in range(0x8000 - 36))
        tables.append(acpi_table(b"SSDT", body, table=b"BENCH%03d" % i))
    return b"".join(tables)


def sm3_entry(table_len):
    ep = bytearray(b"_SM3_" + struct.pack("<BBBBBBBIQ", 0, 0x18, 3, 2, 0, 1, 0, table_len, 0))
    ep[5] = (0x100 - sum(ep) % 256) % 256
    return bytes(ep)


def host_capture(structs_blob, tables):
    """laptop-host/: the synthetic laptop as `domfw host dump` lays out /sys/firmware."""
    base = os.path.join(HERE, "laptop-host")
    os.makedirs(os.path.join(base, "dmi", "tables"), exist_ok=True)
    os.makedirs(os.path.join(base, "acpi", "tables"), exist_ok=True)
    raw, pos = b"", 0
    while pos < len(structs_blob):
        n, = struct.unpack_from("<I", structs_blob, pos)
        raw += structs_blob[pos + 4:pos + 4 + n]
        pos += 4 + n
    raw += smbios_struct(127, 0xFEFF, b"", [])
    open(os.path.join(base, "dmi", "tables", "DMI"), "wb").write(raw)
    open(os.path.join(base, "dmi", "tables", "smbios_entry_point"), "wb").write(sm3_entry(len(raw)))
    for name, t in tables:
        open(os.path.join(base, "acpi", "tables", name), "wb").write(t)


def main():
    files = {
        "smbios.bin": smbios(),
        "acpi.bin": slic() + msdm() + ssdt(),
        "acpi-64k.bin": tables_64k(),
        "pvh-kernel.elf": pvh_kernel(),
        # Loaded at 16 MiB like Linux's vmlinux, clear of domfw's loader at 1 MiB (the PVH
        # examples that boot through the loader); pvh-kernel.elf doubles as a stand-in loader.
        "pvh-kernel-16m.elf": pvh_kernel(0x1000000),
        "ramdisk.img": bytes((i * 7 + 3) % 256 for i in range(0x10000)),
        # An extra PVH module with a command line (examples/pvh-host-passthrough.cfg).
        "user-data": b"#cloud-config\nhostname: example-pvh-host\n",
    }
    host_capture(files["smbios.bin"], [("SLIC", slic()), ("MSDM", msdm()), ("SSDT", ssdt())])
    for name, data in files.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
    print("wrote " + ", ".join("%s (%d bytes)" % (n, len(d)) for n, d in files.items()))


main()
