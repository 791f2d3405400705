// x86 port I/O for the console and QEMU's isa-debug-exit. Only in domfw-loader.elf.
#pragma once

#include <cstdint>

namespace domfw::loader::x86 {

inline void outb(std::uint16_t port, std::uint8_t v) { asm volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
inline void outl(std::uint16_t port, std::uint32_t v) { asm volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
inline std::uint32_t inl(std::uint16_t port) {
    std::uint32_t v = 0;
    asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
inline std::uint8_t inb(std::uint16_t port) {
    std::uint8_t v = 0;
    asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

} // namespace domfw::loader::x86
