// The entry object of core-freestanding: it calls every reader of src/core on bytes the compiler
// cannot see (a volatile pointer), so the templates in the headers are instantiated and every
// function is linked. The link runs with -nostdlib: a call into libc, libstdc++ or a sanitizer
// runtime that creeps into core is an undefined reference, and the build fails. Never run.
#include <cstddef>
#include <cstdint>

#include "core/acpi_table.hpp"
#include "core/byte_reader.hpp"
#include "core/byte_writer.hpp"
#include "core/checksum.hpp"
#include "core/elf_image.hpp"
#include "core/fault_text.hpp"
#include "core/module_reader.hpp"
#include "core/sha256.hpp"
#include "core/smbios_walk.hpp"

// What a loader would hand it: a pointer, a length and an address it only knows at run time.
extern "C" {
const std::uint8_t* volatile domfw_core_probe_data = nullptr;
volatile std::size_t domfw_core_probe_size = 0;
volatile std::uint64_t domfw_core_probe_base = 0;
volatile std::uint32_t domfw_core_probe_result = 0;
}

namespace {

using domfw::core::Bytes;

std::uint32_t probe_module(Bytes b) {
    using namespace domfw::core;
    std::uint32_t seen = looks_like_module(b) ? 1u : 0u;
    if (looks_like_bundle(b)) ++seen;
    if (auto m = read_module(b)) seen += m->total_length;
    if (auto bundle = read_bundle(b)) {
        if (auto e = bundle_entry(*bundle, 0)) seen += e->length;
        if (auto m = bundle_module(*bundle, 0)) seen += m->crc32c;
    }
    return seen;
}

std::uint32_t probe_smbios(Bytes b) {
    using namespace domfw::core::smbios;
    std::uint32_t seen = 0;
    EntryKind kind{};
    if (has_anchor(b, kind)) ++seen;
    if (auto ep = parse_entry_point(b); ep.ok) seen += ep.entry.table_length;
    StructureWalk walk(b);
    for (Structure s{}; walk.next(s);)
        seen += static_cast<std::uint32_t>(string_count(s) + string_at(s, 1).size());
    return seen;
}

std::uint32_t probe_acpi(Bytes b) {
    using namespace domfw::core::acpi;
    std::uint32_t seen = 0;
    if (auto t = checked_table(b)) {
        seen += expected_checksum(*t);
        if (auto root = RootTable::from(*t))
            if (auto e = root->entry(0)) seen += static_cast<std::uint32_t>(*e);
        if (auto f = fadt_pointers(*t)) seen += static_cast<std::uint32_t>(f->dsdt);
    }
    if (auto r = check_rsdp(b)) seen += static_cast<std::uint32_t>(r->root_address());
    if (auto f = check_facs(b)) seen += f->version;
    if (auto at = find_rsdp(PhysicalImage{domfw_core_probe_base, b})) seen += static_cast<std::uint32_t>(*at);
    return seen;
}

std::uint32_t probe_bytes(Bytes b, std::span<std::uint8_t> scratch) {
    using namespace domfw::core;
    std::uint32_t seen = crc32c(b) + sum8(b);
    ByteReader r(b);
    if (auto v = r.u64_at(0)) seen += static_cast<std::uint32_t>(*v);
    ByteWriter w(scratch);
    w.u32le(seen);
    w.bytes(b.first(b.size() < 8 ? b.size() : 8));
    if (w.ok()) seen += sum8_fix(w.written());
    const Sha256Digest digest = sha256(b);
    return seen + digest[0];
}

// Faults in words, as the loader prints them: counted, not kept.
std::uint32_t probe_fault_text(Bytes b) {
    using namespace domfw::core;
    std::size_t n = 0;
    TextSink sink([](void* counter, const char*, std::size_t size) { *static_cast<std::size_t*>(counter) += size; },
                  &n);
    if (auto m = read_module(b); !m) write_module_fault(sink, m.error());
    if (auto e = read_elf_image(b); !e) write_fault(sink, e.error());
    if (auto ep = smbios::parse_entry_point(b); !ep.ok) write_fault(sink, smbios::to_error(ep.error));
    return static_cast<std::uint32_t>(n);
}

} // namespace

extern "C" {
[[noreturn]] void _start();
[[noreturn]] void _start() {
    const Bytes b(domfw_core_probe_data, domfw_core_probe_size);
    std::uint8_t scratch[64] = {};
    domfw_core_probe_result =
        probe_module(b) + probe_smbios(b) + probe_acpi(b) + probe_bytes(b, scratch) + probe_fault_text(b);
    for (;;) {
    }
}
}
