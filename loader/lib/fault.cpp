#include "loader/lib/fault.hpp"

namespace domfw::loader {
namespace {

constexpr core::Field A = core::Field::offset, S = core::Field::size, E = core::Field::end, I = core::Field::index,
                      V = core::Field::value, Vd = core::Field::value_dec, L = core::Field::limit,
                      Obj = core::Field::what, Other = core::Field::other, Cause = core::Field::cause;

// The loader's own faults, in core's wording scheme: addr is the offset field, the object's name
// the text field.
core::Words words(Fault f) {
    switch (f) {
    case Fault::none: return {"no error"};
    case Fault::start_info_unmapped:
        return {"start_info at ", A, " (EBX) does not fit the ", L, " bytes of addressable memory"};
    case Fault::start_info_magic: return {"start_info at ", A, ": magic ", V, " is not ", L};
    case Fault::start_info_version:
        return {"start_info at ", A, ": version ", V, " has no memory map (need version >= ", L, ")"};
    case Fault::memmap_absent:
        return {"start_info at ", A, ": no memory map (memmap_paddr ", V, ", memmap_entries ", L, ")"};
    case Fault::memmap_too_many:
        return {"start_info at ", A, ": memmap_entries ", V, " exceeds the loader's limit ", L};
    case Fault::memmap_entry_wraps: return {"memory map entry ", I, ": addr ", A, " + size ", S, " wraps around 2^64"};
    case Fault::too_many_modules: return {"start_info at ", A, ": nr_modules ", V, " exceeds the loader's limit ", L};
    case Fault::range_absent: return {Obj, ": address is 0 (absent) with size ", S};
    case Fault::range_wraps: return {Obj, " at ", A, ": size ", S, " wraps around 2^64"};
    case Fault::range_above_4g: return {Obj, " [", A, ", ", E, ") does not end below 4 GiB"};
    case Fault::range_not_ram: return {Obj, " [", A, ", ", E, ") is not inside RAM of the memory map (at ", V, ")"};
    case Fault::range_unmapped:
        return {Obj, " [", A, ", ", E, ") lies outside the ", L, " bytes of addressable memory"};
    case Fault::range_overlap: return {Obj, " [", A, ", ", E, ") overlaps ", Other, " [", V, ", ", L, ")"};
    case Fault::cmdline_unterminated:
        return {Obj, " at ", A, ": no NUL in its first ", V, " bytes (the limit is ", L, " bytes, or the end of RAM)"};
    case Fault::no_bundle: return {"start_info lists no modules: no bundle to boot from"};
    case Fault::bundle_invalid: return {"bundle (start_info module 0 at ", A, ", ", S, " bytes): ", Cause};
    case Fault::blob_duplicate:
        return {"bundle module ", I, ": a second blob named '", Obj, "' (the first is module ", Vd, ")"};
    case Fault::kernel_missing: return {"bundle has no valid blob named 'kernel' (", Vd, " modules)"};
    case Fault::elf_invalid: return {"kernel ELF: ", Cause};
    case Fault::elf_no_pvh_note: return {"kernel ELF: no XEN_ELFNOTE_PHYS32_ENTRY note (type 18): not a PVH kernel"};
    case Fault::elf_entry_outside: return {"kernel ELF: PVH entry ", V, " lies in no PT_LOAD segment"};
    case Fault::no_room_for_bundle:
        return {"bundle [",
                A,
                ", ",
                E,
                ") overlaps kernel segment ",
                I,
                " and no free RAM range of ",
                S,
                " bytes is left to move it to"};
    case Fault::handoff_full: return {"the hand-off area of ", L, " bytes cannot hold ", Obj, " (needs ", V, " bytes)"};
    case Fault::handoff_above_1g:
        return {"the hand-off area [", A, ", ", E,
                ") does not end below 1 GiB (Linux reads start_info through its early identity map)"};
    case Fault::memmap_full: return {"the memory map handed on would need more than ", L, " entries"};
    }
    return {"unknown fault"};
}

} // namespace

void render(Console& con, const core::Error& e) {
    core::TextSink sink = con.text_sink();
    core::write_module_fault(sink, e);
}

void render(Console& con, const LoaderError& e) {
    core::TextSink sink = con.text_sink();
    const core::Subject s{.offset = e.addr,
                          .value = e.value,
                          .limit = e.limit,
                          .size = e.size,
                          .index = e.index,
                          .what = e.object,
                          .other = e.other,
                          .cause = &e.cause};
    core::write_words(sink, words(e.fault), s);
    // A file that is no ELF is most often a compressed bzImage: say what to do about it.
    if (e.fault == Fault::elf_invalid && e.cause.is(core::ElfFault::no_magic))
        con.str("; a bzImage must be unpacked by `domfw build`");
}

} // namespace domfw::loader
