// domfw-loader.elf's C++ entry: console up, run the library, then do what it says.
#include <cstdint>

#include "loader/lib/loader.hpp"
#include "loader/x86/entry.hpp"
#include "loader/x86/io.hpp"
#include "loader/x86/serial.hpp"

// The linker script's symbols (loader.ld.in): where the image starts and ends.
extern "C" std::uint8_t domfw_image_start[], domfw_image_end[];

namespace {

// In .bss: the loader's working state.
domfw::loader::LoaderState g_state;
// The merged SMBIOS table, the new ACPI tables (each reserved in the map handed on, the used
// part), then the hand-off area (guest_layout.hpp): in this order at the very end of the image
// (loader.ld.in), where `domfw plan` predicts them from the image's end.
struct Areas {
    alignas(4096) std::uint8_t smbios[domfw::loader::kSmbiosAreaSize];
    alignas(4096) std::uint8_t acpi[domfw::loader::kAcpiAreaSize];
    alignas(4096) std::uint8_t handoff[domfw::loader::kHandoffSize];
};
static_assert(sizeof(Areas) ==
              domfw::loader::kSmbiosAreaSize + domfw::loader::kAcpiAreaSize + domfw::loader::kHandoffSize);
__attribute__((section(".domfw.areas"))) Areas g_areas;
std::uint8_t (&g_handoff)[domfw::loader::kHandoffSize] = g_areas.handoff;
std::uint8_t (&g_smbios)[domfw::loader::kSmbiosAreaSize] = g_areas.smbios;
std::uint8_t (&g_acpi)[domfw::loader::kAcpiAreaSize] = g_areas.acpi;

// PCI configuration mechanism #1: the address to 0xCF8, the data at 0xCFC + the byte's lane.
std::uint32_t pci_read32(void*, std::uint32_t address) {
    domfw::loader::x86::outl(0xCF8, address & ~3U);
    return domfw::loader::x86::inl(0xCFC);
}
std::uint8_t pci_read8(void*, std::uint32_t address) {
    domfw::loader::x86::outl(0xCF8, address & ~3U);
    return domfw::loader::x86::inb(static_cast<std::uint16_t>(0xCFC + (address & 3U)));
}
void pci_write8(void*, std::uint32_t address, std::uint8_t value) {
    domfw::loader::x86::outl(0xCF8, address & ~3U);
    domfw::loader::x86::outb(static_cast<std::uint16_t>(0xCFC + (address & 3U)), value);
}

[[noreturn]] void halt() {
    for (;;)
        asm volatile("cli; hlt");
}

} // namespace

extern "C" [[noreturn]] void pvh_main(std::uint32_t start_info) {
    using namespace domfw::loader;
    x86::serial_init();
    Console con(x86::console_put, nullptr);
    const auto image_start = reinterpret_cast<std::uintptr_t>(domfw_image_start);
    const auto image_end = reinterpret_cast<std::uintptr_t>(domfw_image_end);
    // Paging is off: physical address P is pointer P, for all of the 32-bit space.
    const LoaderEnv env{.mem = PhysMemory(0, 0xFFFFFFFFU),
                        .image = Region{image_start, image_end - image_start},
                        .handoff = Region{reinterpret_cast<std::uintptr_t>(g_handoff), sizeof g_handoff},
                        .bundle_floor = kBundleMoveFloor,
                        .smbios_area = Region{reinterpret_cast<std::uintptr_t>(g_smbios), sizeof g_smbios},
                        .pci = PciConfig{nullptr, pci_read32, pci_read8, pci_write8},
                        .acpi_area = Region{reinterpret_cast<std::uintptr_t>(g_acpi), sizeof g_acpi}};
    con.line().str("domfw-loader.elf at [").hex(image_start).str(", ").hex(image_end).str(")").end();
    const Outcome out = run_loader(env, start_info, g_state, con);
    switch (out.next) {
    case Next::start_kernel:
        enter_kernel(static_cast<std::uint32_t>(out.entry), static_cast<std::uint32_t>(out.start_info));
    case Next::exit_success: x86::debug_exit(kExitSuccess); break;
    case Next::exit_failure: x86::debug_exit(kExitFailure); break;
    case Next::halt: break;
    }
    con.line().str("halted").end();
    halt();
}
