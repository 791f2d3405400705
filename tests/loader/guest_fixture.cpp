#include "guest_fixture.hpp"

#include <memory>
#include <stdexcept>

#include "loader/lib/loader.hpp"

namespace domfw::loader::test {
namespace {

void put_le(ByteVector& v, std::size_t at, std::uint64_t x, unsigned n) {
    if (v.size() < at + n) v.resize(at + n);
    for (unsigned i = 0; i < n; ++i)
        v[at + i] = static_cast<std::uint8_t>(x >> (8 * i));
}

template <class T> T must(Expected<T> e) {
    if (!e) throw std::runtime_error(e.error().message);
    return std::move(*e);
}

void console_to_string(void* ctx, char c) { static_cast<std::string*>(ctx)->push_back(c); }

} // namespace

ByteVector patterned(std::size_t n, std::uint8_t seed) {
    ByteVector v(n);
    std::uint32_t x = seed * 2654435761U + 1;
    for (auto& b : v) {
        x = x * 1103515245U + 12345U;
        b = static_cast<std::uint8_t>(x >> 16);
    }
    return v;
}

ByteVector make_kernel_elf(const KernelSpec& spec) {
    const std::size_t eh = spec.is64 ? 64 : 52, ph = spec.is64 ? 56 : 32;
    const std::size_t phnum = spec.segments.size() + 1;
    const std::size_t note_at = eh + phnum * ph;
    const std::size_t note_len = 12 + 4 + spec.note_size;
    ByteVector f(note_at + note_len, 0);
    f[0] = 0x7F, f[1] = 'E', f[2] = 'L', f[3] = 'F', f[4] = spec.is64 ? 2 : 1, f[5] = 1, f[6] = 1;
    put_le(f, 16, 2, 2);                  // ET_EXEC
    put_le(f, 18, spec.is64 ? 62 : 3, 2); // EM_X86_64 / EM_386
    put_le(f, 20, 1, 4);                  // EV_CURRENT
    put_le(f, 24, spec.entry, spec.is64 ? 8 : 4);
    put_le(f, spec.is64 ? 32 : 28, eh, spec.is64 ? 8 : 4); // e_phoff
    put_le(f, spec.is64 ? 52 : 40, eh, 2);                 // e_ehsize
    put_le(f, spec.is64 ? 54 : 42, ph, 2);
    put_le(f, spec.is64 ? 56 : 44, phnum, 2);
    // The note: "Xen", type 18, the entry in 4 or 8 bytes.
    put_le(f, note_at, 4, 4);
    put_le(f, note_at + 4, spec.note_size, 4);
    put_le(f, note_at + 8, 18, 4);
    f[note_at + 12] = 'X', f[note_at + 13] = 'e', f[note_at + 14] = 'n', f[note_at + 15] = 0;
    put_le(f, note_at + 16, spec.entry, spec.note_size);
    std::vector<std::uint64_t> offsets;
    for (const Segment& s : spec.segments) {
        while (f.size() % 16 != 0)
            f.push_back(0);
        offsets.push_back(f.size());
        f.insert(f.end(), s.bytes.begin(), s.bytes.end());
    }
    auto phdr = [&](std::size_t i, std::uint32_t type, std::uint64_t off, std::uint64_t paddr, std::uint64_t filesz,
                    std::uint64_t memsz) {
        const std::size_t at = eh + i * ph;
        put_le(f, at, type, 4);
        if (spec.is64) {
            put_le(f, at + 8, off, 8);
            put_le(f, at + 16, paddr | 0xFFFFFFFF80000000ULL, 8); // vaddr: as vmlinux, not the paddr
            put_le(f, at + 24, paddr, 8);
            put_le(f, at + 32, filesz, 8);
            put_le(f, at + 40, memsz, 8);
        } else {
            put_le(f, at + 4, off, 4);
            put_le(f, at + 8, paddr, 4);
            put_le(f, at + 12, paddr, 4);
            put_le(f, at + 16, filesz, 4);
            put_le(f, at + 20, memsz, 4);
        }
    };
    phdr(0, 4, note_at, 0, note_len, note_len);
    for (std::size_t i = 0; i < spec.segments.size(); ++i) {
        const Segment& s = spec.segments[i];
        phdr(i + 1, 1, offsets[i], s.paddr, s.bytes.size(), s.memsz);
    }
    return f;
}

KernelSpec small_kernel(bool is64, std::uint32_t note_size) {
    KernelSpec k;
    k.is64 = is64;
    k.note_size = note_size;
    k.entry = 0x1000010;
    k.segments.push_back({0x1000000, patterned(0x3000, 1), 0x5000});
    return k;
}

ByteVector blob(const std::string& name, const ByteVector& bytes) {
    return must(module::write_blob_module({name, core::Bytes(bytes)}));
}

ByteVector smbios_module() {
    ByteVector s{1, 4, 0x00, 0x01, 'A', 'c', 'm', 'e', 0, 0};
    return must(module::write_smbios_module({3, 0, 0, {s}}));
}

ByteVector bundle_of(const std::vector<ByteVector>& modules) { return must(module::write_bundle(modules)); }

Guest::Guest(std::uint64_t ram_size) : ram(ram_size, 0xAA) {}

LoaderEnv Guest::env() const {
    auto* self = const_cast<Guest*>(this);
    return {PhysMemory::over(self->ram), Region{kImage, kImageSize}, Region{kHandoff, kHandoffSize}, kBundleMoveFloor};
}

void Guest::write(std::uint64_t paddr, const ByteVector& bytes) {
    if (paddr + bytes.size() > ram.size()) throw std::out_of_range("write past simulated RAM");
    std::copy(bytes.begin(), bytes.end(), ram.begin() + static_cast<std::ptrdiff_t>(paddr));
}

ByteVector Guest::read(std::uint64_t paddr, std::uint64_t size) const {
    if (paddr + size > ram.size()) throw std::out_of_range("read past simulated RAM");
    return {ram.begin() + static_cast<std::ptrdiff_t>(paddr), ram.begin() + static_cast<std::ptrdiff_t>(paddr + size)};
}

void Guest::poke(std::uint64_t paddr, std::uint64_t value, unsigned size) {
    ByteVector b;
    put_le(b, 0, value, size);
    write(paddr, b);
}

std::uint64_t Guest::peek(std::uint64_t paddr, unsigned size) const {
    std::uint64_t v = 0;
    for (unsigned i = 0; i < size; ++i)
        v |= std::uint64_t{ram.at(paddr + i)} << (8 * i);
    return v;
}

void Guest::boot(const ByteVector& bundle, const std::string& cmdline) {
    const std::uint64_t top = ram.size();
    // QEMU: (below_4g_ram - 0x28000 - 1 - size) & ~0xFFF.
    bundle_paddr = (top - 0x28000 - 1 - bundle.size()) & ~std::uint64_t{0xFFF};
    write(bundle_paddr, bundle);
    memmap = {{0, 0x9FC00, 1, 0},
              {0x9FC00, 0x400, 2, 0},
              {0xF0000, 0x10000, 2, 0},
              {0x100000, top - 0x100000, 1, 0},
              {0xFEFFC000, 0x4000, 2, 0}};
    ByteVector mm;
    for (const auto& e : memmap) {
        const std::size_t at = mm.size();
        put_le(mm, at, e.addr, 8);
        put_le(mm, at + 8, e.size, 8);
        put_le(mm, at + 16, e.type, 4);
        put_le(mm, at + 20, 0, 4);
    }
    write(kMemmap, mm);
    ByteVector ml;
    put_le(ml, 0, bundle_paddr, 8);
    put_le(ml, 8, bundle.size(), 8);
    put_le(ml, 16, 0, 8);
    put_le(ml, 24, 0, 8);
    write(kModlist, ml);
    ByteVector cl(cmdline.begin(), cmdline.end());
    cl.push_back(0);
    write(kCmdline, cl);
    ByteVector si;
    put_le(si, 0, DOMFW_HVM_START_MAGIC_VALUE, 4);
    put_le(si, 4, 1, 4);
    put_le(si, 8, 0, 4);
    put_le(si, 12, 1, 4);
    put_le(si, 16, kModlist, 8);
    put_le(si, 24, kCmdline, 8);
    put_le(si, 32, 0xF59D0, 8);
    put_le(si, 40, kMemmap, 8);
    put_le(si, 48, memmap.size(), 4);
    put_le(si, 52, 0, 4);
    write(kStartInfo, si);
}

LoaderRun run(const LoaderEnv& env) {
    LoaderRun r;
    Console con(console_to_string, &r.report);
    auto state = std::make_unique<LoaderState>();
    r.outcome = run_loader(env, kStartInfo, *state, con);
    return r;
}

LoaderRun run(Guest& g) { return run(g.env()); }

} // namespace domfw::loader::test
