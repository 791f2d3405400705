// The loader's console hardware: QEMU's and Bochs' debug port 0xE9 (`-debugcon`) and the first
// 16550 UART (COM1, 0x3F8) at 115200 8N1, what `-nographic` and `-serial` show.
#pragma once

namespace domfw::loader::x86 {

void serial_init();
// A Console sink (context unused): the character to 0xE9 and COM1, "\n" as "\r\n" on COM1.
void console_put(void* context, char c);
// isa-debug-exit at 0xF4: QEMU exits with (code << 1) | 1. Returns only without the device.
void debug_exit(unsigned code);

} // namespace domfw::loader::x86
