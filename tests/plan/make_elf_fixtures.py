#!/usr/bin/env python3
"""Writes tests/plan/fixtures/*.elf: one valid PVH ELF32 and ELF64 and one malformed ELF per
error path of core::read_elf_image (worded by plan/elf_error.cpp), plus expected.tsv (file TAB exact message).
Run: python3 tests/plan/make_elf_fixtures.py  (commit the result)."""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def note(name, ntype, desc):
    n = name + b"\0"
    pad = lambda b: b + b"\0" * ((4 - len(b) % 4) % 4)
    return struct.pack("<III", len(n), len(desc), ntype) + pad(n) + pad(desc)


def elf(is64=False, phdrs=None, entry=0x100000, klass=None, data=1, phnum=None, phentsize=None, phoff=None, body=b"", total=None, etype=2, machine=None):
    """phdrs: list of (type, offset, paddr, filesz, memsz)."""
    ehsize = 64 if is64 else 52
    pesz = 56 if is64 else 32
    phdrs = phdrs or []
    if phoff is None:
        phoff = ehsize
    ident = b"\x7fELF" + bytes([klass if klass is not None else (2 if is64 else 1), data, 1]) + b"\0" * 9
    n = len(phdrs) if phnum is None else phnum
    es = pesz if phentsize is None else phentsize
    if is64:
        hdr = ident + struct.pack("<HHIQQQIHHHHHH", etype, machine or 62, 1, entry, phoff, 0, 0, ehsize, es, n, 0, 0, 0)
    else:
        hdr = ident + struct.pack("<HHIIIIIHHHHHH", etype, machine or 3, 1, entry, phoff, 0, 0, ehsize, es, n, 0, 0, 0)
    table = b""
    for (t, off, paddr, fs, ms) in phdrs:
        if is64:
            table += struct.pack("<IIQQQQQQ", t, 7, off, paddr, paddr, fs, ms, 0x1000)
        else:
            table += struct.pack("<IIIIIIII", t, off, paddr, paddr, fs, ms, 7, 0x1000)
    out = bytearray(hdr + table)
    out += b"\0" * (0x200 - len(out)) if len(out) < 0x200 else b""
    out += body
    if total is not None:
        out = out[:total]
    return bytes(out)


CODE = b"\x90" * 0x100  # at file offset 0x200
PVH_NOTE = note(b"Xen", 18, struct.pack("<I", 0x100010))
NOTE_OFF = 0x300


def pvh(is64=False, note_bytes=PVH_NOTE, extra=(), load=None):
    load = load or [(1, 0x200, 0x100000, 0x100, 0x2000)]
    phdrs = list(load) + [(4, NOTE_OFF, 0, len(note_bytes), 0)] + list(extra)
    return elf(is64, phdrs, body=CODE + note_bytes)


CASES = []


def case(name, data, msg):
    CASES.append((name, data, msg))


W = "kernel 'FILE'"
case("short", b"\x7fELF\1\1", "%s: file of 0x6 bytes is shorter than the 16-byte ELF identification" % W)
case("magic", b"MZ" + b"\0" * 100, "%s: not an ELF file (no \\x7fELF magic)" % W)
case("class", elf(klass=3, phdrs=[(1, 0x200, 0x100000, 0x100, 0x100)], body=CODE),
     "%s: ELF class 0x3 at offset 0x4 is neither ELFCLASS32 (1) nor ELFCLASS64 (2)" % W)
case("big_endian", elf(data=2, phdrs=[(1, 0x200, 0x100000, 0x100, 0x100)], body=CODE), "%s: ELF data encoding 0x2 at offset 0x5 is not little-endian (1)" % W)
case("header_short64", (b"\x7fELF\2\1\1" + b"\0" * 9 + b"\0" * 30), "%s: file of 0x2e bytes is shorter than the 0x40-byte ELF header" % W)
case("no_phdrs", elf(phdrs=[]), "%s: ELF file has no program headers (e_phnum 0)" % W)
case("phnum_huge", elf(phdrs=[], phnum=5000), "%s: e_phnum 0x1388 exceeds the limit 0x1000" % W)
case("phentsize_small", elf(phdrs=[(1, 0x200, 0x100000, 0x100, 0x100)], phentsize=16, body=CODE),
     "%s: e_phentsize 0x10 is below the 0x20-byte program header" % W)
case("phdr_table_past_end", elf(phdrs=[(1, 0x200, 0x100000, 0x100, 0x100)], phoff=0x1000, body=CODE),
     "%s: program header table of 0x20 bytes at e_phoff 0x1000 runs past the file size 0x300" % W)
case("segment_past_end", elf(phdrs=[(1, 0x200, 0x100000, 0x1000, 0x1000)], body=CODE),
     "%s: program header 0 (PT_LOAD): p_offset 0x200 + p_filesz 0x1000 runs past the file size 0x300" % W)
case("memsz_below_filesz", elf(phdrs=[(1, 0x200, 0x100000, 0x100, 0x80)], body=CODE),
     "%s: program header 0 (PT_LOAD): p_memsz 0x80 is below p_filesz 0x100" % W)
case("paddr_overflow", elf(True, phdrs=[(1, 0x200, 0xFFFFFFFFFFFFF000, 0x100, 0x2000)], body=CODE),
     "%s: program header 0 (PT_LOAD): p_paddr 0xfffffffffffff000 + p_memsz 0x2000 overflows" % W)
case("no_load", elf(phdrs=[(1, 0x200, 0x100000, 0, 0)], body=CODE), "%s: ELF file has no PT_LOAD segment with a non-zero p_memsz" % W)
case("segments_overlap", elf(phdrs=[(1, 0x200, 0x100000, 0x100, 0x2000), (1, 0x200, 0x101000, 0x100, 0x100)], body=CODE),
     "%s: PT_LOAD segment 1 at p_paddr 0x101000 starts inside PT_LOAD segment 0, which ends at 0x102000" % W)
case("note_header_cut", pvh(note_bytes=b"\4\0\0\0\4\0"),
     "%s: PT_NOTE segment 1: note at offset 0x300 has only 0x6 bytes left for its 12-byte header" % W)
case("note_past_end", pvh(note_bytes=struct.pack("<III", 4, 0x100, 18) + b"Xen\0"),
     "%s: PT_NOTE segment 1: note at offset 0x300 needs 0x110 bytes, the segment holds 0x10 from it" % W)
case("phys32_descsz", pvh(note_bytes=note(b"Xen", 18, b"\1\2")),
     "%s: XEN_ELFNOTE_PHYS32_ENTRY note at offset 0x300 has descsz 0x2, not 4 or 8" % W)
case("phys32_64bit", pvh(note_bytes=note(b"Xen", 18, struct.pack("<Q", 0x100000000))),
     "%s: XEN_ELFNOTE_PHYS32_ENTRY note at offset 0x300: entry 0x100000000 is not below 0x100000000 (4 GiB)" % W)
case("not_exec", elf(phdrs=[(1, 0x200, 0x100000, 0x100, 0x100)], body=CODE, etype=3),
     "%s: e_type 0x3 at offset 0x10 is not ET_EXEC (2): not a bootable executable" % W)
case("not_x86", elf(True, phdrs=[(1, 0x200, 0x100000, 0x100, 0x100)], body=CODE, machine=183),
     "%s: e_machine 0xb7 at offset 0x12 is neither EM_386 (3) nor EM_X86_64 (62)" % W)
case("note_segment_past_end", pvh(extra=[(4, 0x2F0, 0, 0x100, 0)]),
     "%s: program header 2 (PT_NOTE): p_offset 0x2f0 + p_filesz 0x100 runs past the file size 0x314" % W)
case("too_many_loads", elf(phdrs=[(1, 0, 0x100000 + 0x1000 * i, 0, 0x10) for i in range(17)], body=CODE),
     "%s: program header 16 (PT_LOAD) is load segment 17, above the limit of 16" % W)


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".elf"):
            os.remove(os.path.join(OUT, f))
    with open(os.path.join(OUT, "expected.tsv"), "w") as tsv:
        tsv.write("# fixture\texact error of plan::read_elf_image(bytes, \"kernel 'FILE'\") (make_elf_fixtures.py)\n")
        for name, data, msg in CASES:
            open(os.path.join(OUT, "bad_" + name + ".elf"), "wb").write(data)
            tsv.write("bad_%s.elf\t%s\n" % (name, msg))
    open(os.path.join(OUT, "pvh32.elf"), "wb").write(pvh())
    open(os.path.join(OUT, "pvh64.elf"), "wb").write(pvh(True, note(b"Xen", 18, struct.pack("<Q", 0x100010))))
    open(os.path.join(OUT, "nopvh32.elf"), "wb").write(pvh(note_bytes=note(b"GNU", 3, b"abcd")))
    print("wrote %d malformed ELF fixtures" % len(CASES))


main()
