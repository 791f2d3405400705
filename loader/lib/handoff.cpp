#include "loader/lib/handoff.hpp"

#include "core/byte_writer.hpp"
#include "core/checked.hpp"
#include "domfw/abi/start_info.h"

namespace domfw::loader {
namespace {

constexpr std::uint64_t kPage = 0x1000;

constexpr const char* kSegmentNames[core::kMaxElfLoadSegments] = {
    "kernel segment 0",  "kernel segment 1",  "kernel segment 2",  "kernel segment 3",
    "kernel segment 4",  "kernel segment 5",  "kernel segment 6",  "kernel segment 7",
    "kernel segment 8",  "kernel segment 9",  "kernel segment 10", "kernel segment 11",
    "kernel segment 12", "kernel segment 13", "kernel segment 14", "kernel segment 15"};

Region segment_region(const core::ElfSegment& s) { return {s.paddr, s.memsz}; }

std::uint64_t align_down(std::uint64_t v, std::uint64_t a) { return v & ~(a - 1); }

// The highest page-aligned range of `size` bytes in RAM, at or above env.bundle_floor, below
// 4 GiB and inside the window, that meets neither the loader nor any kernel segment. The
// bundle's own current place does not block: the move is a memmove.
bool find_bundle_room(const LoaderEnv& env, const BootInfo& boot, const core::ElfImage& kernel, std::uint64_t size,
                      std::uint64_t* out) {
    std::uint64_t best = 0;
    bool found = false;
    for (std::uint32_t i = 0; i < boot.memmap.count; ++i) {
        const MemmapEntry& e = boot.memmap.entries[i];
        if (e.type != DOMFW_HVM_MEMMAP_TYPE_RAM) continue;
        const std::uint64_t lo = e.addr > env.bundle_floor ? e.addr : env.bundle_floor;
        std::uint64_t top = e.addr + e.size; // read_boot_info proved it does not wrap
        if (top > k4GiB) top = k4GiB;
        if (top > env.mem.size()) top = env.mem.size();
        top = align_down(top, kPage);
        // Each blocker met lowers `top` below it; there are at most 17 of them, so this ends.
        for (std::uint32_t guard = 0; guard <= core::kMaxElfLoadSegments + 1 && top >= size && top - size >= lo;
             ++guard) {
            const std::uint64_t start = align_down(top - size, kPage);
            if (start < lo) break;
            const Region cand{start, size};
            std::uint64_t lowest_blocker = ~std::uint64_t{0};
            if (cand.overlaps(env.image)) lowest_blocker = env.image.addr;
            for (const core::ElfSegment& seg : kernel.loaded()) {
                const Region s = segment_region(seg);
                if (cand.overlaps(s) && s.addr < lowest_blocker) lowest_blocker = s.addr;
            }
            if (lowest_blocker == ~std::uint64_t{0}) {
                if (boot.memmap.is_ram(cand) && (!found || start > best)) {
                    best = start;
                    found = true;
                }
                break;
            }
            top = align_down(lowest_blocker, kPage);
        }
    }
    *out = best;
    return found;
}

} // namespace

LoaderError place_kernel(const LoaderEnv& env, const BootInfo& boot, BundleContents& bundle,
                         const core::ElfImage& kernel, Console& con) {
    const Region bundle_region{bundle.paddr, bundle.total_length};
    std::int32_t clash = -1;
    for (std::uint32_t i = 0; i < kernel.segment_count; ++i) {
        const core::ElfSegment& s = kernel.segments[i];
        const Region r = segment_region(s);
        con.line().str(kSegmentNames[i]).str(": [").hex(r.addr).str(", ").hex(r.addr + r.size).str("), ");
        con.hex(s.filesz).str(" bytes from the file").end();
        DOMFW_LOADER_TRY(check_ram(kSegmentNames[i], r, boot.memmap, env.mem));
        DOMFW_LOADER_TRY(check_disjoint(kSegmentNames[i], r, "the loader image", env.image));
        if (clash < 0 && r.overlaps(bundle_region)) clash = static_cast<std::int32_t>(i);
    }
    if (clash >= 0) {
        std::uint64_t to = 0;
        if (!find_bundle_room(env, boot, kernel, bundle.total_length, &to))
            return {.fault = Fault::no_room_for_bundle,
                    .index = static_cast<std::uint32_t>(clash),
                    .addr = bundle.paddr,
                    .size = bundle.total_length};
        const auto dst = env.mem.view(to, bundle.total_length);
        const auto src = env.mem.view(bundle.paddr, bundle.total_length);
        __builtin_memmove(dst.data(), src.data(), src.size());
        con.line().str("bundle moved from ").hex(bundle.paddr).str(" to ").hex(to).str(": it overlapped ");
        con.str(kSegmentNames[clash]).end();
        bundle.paddr = to;
    }
    const auto file = env.mem.view(bundle.paddr + bundle.kernel.payload_offset, bundle.kernel.payload_size);
    for (const core::ElfSegment& s : kernel.loaded()) {
        const auto dst = env.mem.view(s.paddr, s.memsz);
        // core::read_elf_image proved offset + filesz inside the file and filesz <= memsz.
        __builtin_memcpy(dst.data(), file.data() + s.offset, static_cast<std::size_t>(s.filesz));
        __builtin_memset(dst.data() + s.filesz, 0, static_cast<std::size_t>(s.memsz - s.filesz));
    }
    return {};
}

LoaderError write_start_info(const LoaderEnv& env, const BootInfo& boot, const BundleContents& bundle,
                             const FirmwareTables& firmware, std::uint64_t* paddr, Console& con) {
    const std::uint32_t nr_modules = (bundle.has_ramdisk ? 1U : 0U) + bundle.extra_count;
    // Layout of the area: [start_info, padded to 64][memory map][module list][names][command line].
    const std::uint64_t memmap_cap = std::uint64_t{kMaxMemmapEntries} * sizeof(domfw_hvm_memmap_table_entry);
    const std::uint64_t memmap_at = 64;
    const std::uint64_t modlist_at = memmap_at + memmap_cap;
    const std::uint64_t names_at = modlist_at + std::uint64_t{nr_modules} * sizeof(domfw_hvm_modlist_entry);
    const std::uint64_t cmdline_at = names_at + std::uint64_t{nr_modules} * DOMFW_BLOB_NAME_LENGTH;
    const std::uint64_t used = cmdline_at + boot.cmdline_length + 1;
    if (used > env.handoff.size)
        return {.fault = Fault::handoff_full, .object = "the new start_info", .value = used, .limit = env.handoff.size};
    if (env.handoff.addr + used > kHandoffCeiling)
        return {.fault = Fault::handoff_above_1g, .addr = env.handoff.addr, .size = used};

    MemoryMap map = boot.memmap;
    // The area itself is reserved, so a kernel that reads its modules late finds them intact.
    DOMFW_LOADER_TRY(
        map.reserve(Region{env.handoff.addr, core::align_up(used, kPage).value()}, DOMFW_HVM_MEMMAP_TYPE_RESERVED));
    for (std::uint32_t i = 0; i < firmware.reserved_count; ++i)
        DOMFW_LOADER_TRY(map.reserve(firmware.reserved[i], DOMFW_HVM_MEMMAP_TYPE_RESERVED));

    const std::uint64_t base = env.handoff.addr;
    const auto area = env.mem.view(base, used);
    const auto bundle_bytes = env.mem.view(bundle.paddr, bundle.total_length);
    core::ByteWriter w(area);
    // Bounded above by `used`, which fits the area: none of these writes can fail.
    w.u32le(DOMFW_HVM_START_MAGIC_VALUE);
    w.u32le(1);
    w.u32le(boot.flags);
    w.u32le(nr_modules);
    w.u64le(nr_modules != 0 ? base + modlist_at : 0);
    w.u64le(boot.has_cmdline ? base + cmdline_at : 0);
    w.u64le(firmware.rsdp_paddr);
    w.u64le(base + memmap_at);
    w.u32le(map.count);
    w.u32le(0);
    w.zeros(memmap_at - w.offset());
    for (std::uint32_t i = 0; i < map.count; ++i) {
        w.u64le(map.entries[i].addr);
        w.u64le(map.entries[i].size);
        w.u32le(map.entries[i].type);
        w.u32le(0);
    }
    w.zeros(modlist_at - w.offset());
    std::uint32_t slot = 0;
    const auto module_entry = [&](const BundleBlob& blob, bool named) {
        w.u64le(bundle.paddr + blob.payload_offset);
        w.u64le(blob.payload_size);
        w.u64le(named ? base + names_at + std::uint64_t{slot} * DOMFW_BLOB_NAME_LENGTH : 0);
        w.u64le(0);
        ++slot;
    };
    // Linux takes module 0 as its initrd; Xen gives a PVH ramdisk no command line.
    if (bundle.has_ramdisk) module_entry(bundle.ramdisk, false);
    for (std::uint32_t i = 0; i < bundle.extra_count; ++i)
        module_entry(bundle.extras[i], true);
    slot = 0;
    const auto name_field = [&](const BundleBlob& blob, bool named) {
        // The name field is NUL-padded to 32 bytes and the name at most 31: a C string as is.
        if (named)
            w.bytes(core::Bytes(bundle_bytes.data() + blob.name_offset, DOMFW_BLOB_NAME_LENGTH));
        else
            w.zeros(DOMFW_BLOB_NAME_LENGTH);
    };
    if (bundle.has_ramdisk) name_field(bundle.ramdisk, false);
    for (std::uint32_t i = 0; i < bundle.extra_count; ++i)
        name_field(bundle.extras[i], true);
    w.bytes(core::Bytes(reinterpret_cast<const std::uint8_t*>(boot.cmdline), boot.cmdline_length));
    w.u8(0);

    con.line().str("start_info for the kernel at ").hex(base).str(": ").dec(nr_modules);
    con.str(nr_modules == 1 ? " module, " : " modules, ").dec(map.count).str(" memory map entries, rsdp ");
    con.hex(firmware.rsdp_paddr).end();
    slot = 0;
    const auto report = [&](const BundleBlob& blob) {
        const std::uint64_t at = bundle.paddr + blob.payload_offset;
        con.line().str("hands on module ").dec(slot++).str(" '");
        con.text(core::Bytes(bundle_bytes.data() + blob.name_offset, blob.name_length));
        con.str("' [").hex(at).str(", ").hex(at + blob.payload_size).str(")").end();
    };
    if (bundle.has_ramdisk) report(bundle.ramdisk);
    for (std::uint32_t i = 0; i < bundle.extra_count; ++i)
        report(bundle.extras[i]);
    if (!bundle.has_ramdisk && bundle.extra_count != 0)
        con.line().str("note: no blob 'ramdisk': Linux will take module 0 as its initrd").end();
    *paddr = base;
    return {};
}

} // namespace domfw::loader
