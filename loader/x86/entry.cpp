// The ELF note that makes domfw-loader.elf a PVH kernel, and the entry stub. In a .cpp file as
// top-level asm so the build needs no assembler language; the test kernel links this too.
#include "loader/x86/entry.hpp"

// XEN_ELFNOTE_PHYS32_ENTRY (public/elfnote.h, type 18): name "Xen", a descriptor with the 32-bit
// physical entry: 4 bytes here, 8 (as in Linux's vmlinux) with DOMFW_PVH_NOTE_8, which the test
// kernel uses so the loader's 8-byte path runs in QEMU. Xen and QEMU find it through PT_NOTE.
#ifdef DOMFW_PVH_NOTE_8
#define DOMFW_PVH_NOTE_DESC ".long 8\n.long 18\n.asciz \"Xen\"\n.balign 4\n.long _start\n.long 0\n"
#else
#define DOMFW_PVH_NOTE_DESC ".long 4\n.long 18\n.asciz \"Xen\"\n.balign 4\n.long _start\n"
#endif
asm(".pushsection .note.Xen, \"a\", @note\n.balign 4\n.long 4\n" DOMFW_PVH_NOTE_DESC ".balign 4\n.popsection\n");

asm(R"(
    .pushsection .text.entry, "ax", @progbits
    .code32
    .globl _start
    .type _start, @function
_start:
    cli
    cld
    /* .bss (which holds the stack) is not in the file: clear it; EBX survives rep stosb. */
    movl $domfw_bss_start, %edi
    movl $domfw_bss_end, %ecx
    subl %edi, %ecx
    xorl %eax, %eax
    rep stosb
    movl $domfw_stack_top, %esp
    xorl %ebp, %ebp
    pushl %ebx
    call pvh_main
1:  cli
    hlt
    jmp 1b

    .globl enter_kernel
    .type enter_kernel, @function
enter_kernel:
    movl 4(%esp), %eax
    movl 8(%esp), %ebx
    xorl %ecx, %ecx
    xorl %edx, %edx
    xorl %esi, %esi
    xorl %edi, %edi
    xorl %ebp, %ebp
    cli
    cld
    jmp *%eax
    .popsection
)");
