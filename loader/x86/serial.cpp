#include "loader/x86/serial.hpp"

#include <cstdint>

#include "loader/x86/io.hpp"

namespace domfw::loader::x86 {
namespace {

constexpr std::uint16_t kDebugcon = 0xE9;
constexpr std::uint16_t kCom1 = 0x3F8;
constexpr std::uint16_t kDebugExit = 0xF4;
// 16550 registers (offsets from the base) and bits, as in the National PC16550D datasheet.
constexpr std::uint16_t kThr = 0, kIer = 1, kFcr = 2, kLcr = 3, kMcr = 4, kLsr = 5;
constexpr std::uint8_t kLcrDlab = 0x80, kLcr8N1 = 0x03, kLsrThre = 0x20;

void com1_put(char c) {
    // Bounded: with no UART the port reads 0xFF (THRE set); a stuck one must not hang the boot.
    for (int i = 0; i < 100000 && (inb(kCom1 + kLsr) & kLsrThre) == 0; ++i) {
    }
    outb(kCom1 + kThr, static_cast<std::uint8_t>(c));
}

} // namespace

void serial_init() {
    outb(kCom1 + kIer, 0x00);     // no interrupts
    outb(kCom1 + kLcr, kLcrDlab); // divisor latch: 115200 / 1
    outb(kCom1 + 0, 0x01);
    outb(kCom1 + 1, 0x00);
    outb(kCom1 + kLcr, kLcr8N1);
    outb(kCom1 + kFcr, 0xC7); // FIFOs on, cleared, 14-byte threshold
    outb(kCom1 + kMcr, 0x03); // DTR, RTS
}

void console_put(void* /*context*/, char c) {
    outb(kDebugcon, static_cast<std::uint8_t>(c));
    if (c == '\n') com1_put('\r');
    com1_put(c);
}

void debug_exit(unsigned code) { outl(kDebugExit, code); }

} // namespace domfw::loader::x86
