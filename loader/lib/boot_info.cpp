#include "loader/lib/boot_info.hpp"

#include "core/byte_reader.hpp"

namespace domfw::loader {
namespace {

constexpr std::uint64_t kStartInfoSize = sizeof(domfw_hvm_start_info);
constexpr std::size_t kMemmapEntrySize = sizeof(domfw_hvm_memmap_table_entry);
constexpr std::size_t kModlistEntrySize = sizeof(domfw_hvm_modlist_entry);

core::ByteReader reader(const PhysMemory& mem, const Region& r) { return core::ByteReader(mem.view(r.addr, r.size)); }

// Little-endian fields of a range already proven to be inside the window.
std::uint32_t u32(const core::ByteReader& r, std::size_t off) { return r.u32_at(off).value(); }
std::uint64_t u64(const core::ByteReader& r, std::size_t off) { return r.u64_at(off).value(); }

// The objects start_info points to, named for messages; checked pairwise for overlap.
struct Named {
    const char* name;
    Region region;
};

} // namespace

LoaderError read_boot_info(const PhysMemory& mem, std::uint64_t paddr, const Region& loader_image, BootInfo& out) {
    out = BootInfo{};
    out.start_info_paddr = paddr;
    // 1. The fixed header must be readable before the memory map can say where RAM is.
    const Region si{paddr, kStartInfoSize};
    if (paddr == 0 || !mem.holds(paddr, kStartInfoSize) || si.end() > k4GiB)
        return {.fault = Fault::start_info_unmapped, .addr = paddr, .limit = mem.size()};
    const core::ByteReader h = reader(mem, si);
    const std::uint32_t magic = u32(h, 0);
    if (magic != DOMFW_HVM_START_MAGIC_VALUE)
        return {.fault = Fault::start_info_magic, .addr = paddr, .value = magic, .limit = DOMFW_HVM_START_MAGIC_VALUE};
    out.version = u32(h, 4);
    // Version 0 has no memory map, and a kernel handed version 0 may die silently (LOADER-FACTS.md).
    if (out.version < 1) return {.fault = Fault::start_info_version, .addr = paddr, .value = out.version, .limit = 1};
    out.flags = u32(h, 8);
    const std::uint32_t nr_modules = u32(h, 12);
    const std::uint64_t modlist = u64(h, 16);
    const std::uint64_t cmdline = u64(h, 24);
    out.rsdp_paddr = u64(h, 32);
    const std::uint64_t memmap = u64(h, 40);
    const std::uint32_t memmap_entries = u32(h, 48);
    if (memmap == 0 || memmap_entries == 0)
        return {.fault = Fault::memmap_absent, .addr = paddr, .value = memmap, .limit = memmap_entries};
    if (memmap_entries > kMaxMemmapEntries)
        return {.fault = Fault::memmap_too_many, .addr = paddr, .value = memmap_entries, .limit = kMaxMemmapEntries};
    if (nr_modules > kMaxBootModules)
        return {.fault = Fault::too_many_modules, .addr = paddr, .value = nr_modules, .limit = kMaxBootModules};

    // 2. The memory map: its own range is checked against the window first, against RAM after.
    const Region mm{memmap, std::uint64_t{memmap_entries} * kMemmapEntrySize};
    DOMFW_LOADER_TRY(check_range("memory map", mm));
    if (!mem.holds(mm.addr, mm.size))
        return {.fault = Fault::range_unmapped,
                .object = "memory map",
                .addr = mm.addr,
                .size = mm.size,
                .limit = mem.size()};
    const core::ByteReader m = reader(mem, mm);
    for (std::uint32_t i = 0; i < memmap_entries; ++i) {
        MemmapEntry& e = out.memmap.entries[i];
        e.addr = u64(m, i * kMemmapEntrySize);
        e.size = u64(m, i * kMemmapEntrySize + 8);
        e.type = u32(m, i * kMemmapEntrySize + 16);
        std::uint64_t end = 0;
        if (__builtin_add_overflow(e.addr, e.size, &end))
            return {.fault = Fault::memmap_entry_wraps, .index = i, .addr = e.addr, .size = e.size};
    }
    out.memmap.count = memmap_entries;

    // 3. Every table and module: inside RAM and the window, away from the loader and each other.
    Named objects[3 + 1 + kMaxBootModules];
    std::uint32_t n = 0;
    objects[n++] = {"start_info", si};
    objects[n++] = {"memory map", mm};
    if (nr_modules != 0) objects[n++] = {"module list", Region{modlist, std::uint64_t{nr_modules} * kModlistEntrySize}};
    for (std::uint32_t i = 0; i < n; ++i)
        DOMFW_LOADER_TRY(check_ram(objects[i].name, objects[i].region, out.memmap, mem));
    if (nr_modules != 0) {
        const core::ByteReader ml = reader(mem, objects[2].region);
        for (std::uint32_t i = 0; i < nr_modules; ++i) {
            BootModule& bm = out.modules[i];
            bm.paddr = u64(ml, i * kModlistEntrySize);
            bm.size = u64(ml, i * kModlistEntrySize + 8);
            // Module command lines are not used: the bundle names its own contents.
            static constexpr const char* kNames[kMaxBootModules] = {
                "start_info module 0",  "start_info module 1",  "start_info module 2",  "start_info module 3",
                "start_info module 4",  "start_info module 5",  "start_info module 6",  "start_info module 7",
                "start_info module 8",  "start_info module 9",  "start_info module 10", "start_info module 11",
                "start_info module 12", "start_info module 13", "start_info module 14", "start_info module 15"};
            const Region r{bm.paddr, bm.size};
            DOMFW_LOADER_TRY(check_ram(kNames[i], r, out.memmap, mem));
            objects[n++] = {kNames[i], r};
        }
        out.module_count = nr_modules;
    }
    if (cmdline != 0) {
        // The command line's length is found by its NUL, looked for only inside RAM.
        const Region first{cmdline, 1};
        DOMFW_LOADER_TRY(check_ram("command line", first, out.memmap, mem));
        std::uint32_t len = 0;
        bool terminated = false;
        while (len < kCmdlineMax) {
            const Region byte{cmdline + len, 1};
            if (!out.memmap.is_ram(byte) || !mem.holds(byte.addr, 1) || byte.end() > k4GiB) break;
            const char c = static_cast<char>(mem.view(byte.addr, 1)[0]);
            if (c == '\0') {
                terminated = true;
                break;
            }
            out.cmdline[len++] = c;
        }
        if (!terminated)
            return {.fault = Fault::cmdline_unterminated,
                    .object = "command line",
                    .addr = cmdline,
                    .value = len,
                    .limit = kCmdlineMax};
        out.has_cmdline = true;
        out.cmdline_length = len;
        objects[n++] = {"command line", Region{cmdline, len + std::uint64_t{1}}};
    }
    for (std::uint32_t i = 0; i < n; ++i) {
        DOMFW_LOADER_TRY(check_disjoint(objects[i].name, objects[i].region, "the loader image", loader_image));
        for (std::uint32_t j = 0; j < i; ++j)
            DOMFW_LOADER_TRY(check_disjoint(objects[i].name, objects[i].region, objects[j].name, objects[j].region));
    }
    return {};
}

bool cmdline_has_word(const BootInfo& info, const char* word) {
    std::uint32_t i = 0;
    while (i < info.cmdline_length) {
        while (i < info.cmdline_length && info.cmdline[i] == ' ')
            ++i;
        const std::uint32_t start = i;
        while (i < info.cmdline_length && info.cmdline[i] != ' ')
            ++i;
        std::uint32_t k = 0;
        while (word[k] != '\0' && start + k < i && info.cmdline[start + k] == word[k])
            ++k;
        if (word[k] == '\0' && start + k == i && i > start) return true;
    }
    return false;
}

} // namespace domfw::loader
