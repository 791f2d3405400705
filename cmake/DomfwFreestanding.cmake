# Code that runs inside the guest (src/core, loader/) is built 32-bit and freestanding: no libc,
# no libstdc++ runtime, no exceptions or RTTI. One flag list for every such target: the
# core-freestanding check and the guest ELFs (domfw-loader.elf, the PVH test kernel) compile alike.
# No SSE: nothing enables it before a PVH entry (no float is used; -mno-80387 would break clang on
# libstdc++ headers that declare long double functions). -O2 -g whatever the build type, so the
# check builds what the guest runs.
set(DOMFW_FREESTANDING_COMPILE_OPTIONS
    -m32 -march=i686 -ffreestanding -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-pic -fno-pie
    -fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-omit-frame-pointer
    -mno-mmx -mno-sse -mno-sse2 -O2 -g)
set(DOMFW_FREESTANDING_LINK_OPTIONS -m32 -nostdlib -static)
# A guest ELF's own image: no build-id note to place, a non-executable stack, and one RWX load
# segment by design (the linker script keeps it small), which binutils would warn about.
set(DOMFW_GUEST_ELF_LINK_OPTIONS -Wl,--build-id=none -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments)

# domfw_freestanding(TARGET [LINKER_SCRIPT script]): give TARGET the freestanding flags and nothing
# else; with a linker script, TARGET is a guest ELF laid out by it. The dev and fuzz presets add
# -fsanitize=... / -fsanitize=fuzzer-no-link with add_compile_options(), which every target
# inherits as its initial COMPILE_OPTIONS; the sanitizer runtimes are hosted libraries that a
# -nostdlib link cannot resolve, so the inherited lists are replaced here, not appended to.
function(domfw_freestanding target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "LINKER_SCRIPT" "")
  set(link ${DOMFW_FREESTANDING_LINK_OPTIONS})
  if(arg_LINKER_SCRIPT)
    list(APPEND link ${DOMFW_GUEST_ELF_LINK_OPTIONS} -T ${arg_LINKER_SCRIPT})
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${arg_LINKER_SCRIPT})
  endif()
  set_property(TARGET ${target} PROPERTY COMPILE_OPTIONS ${DOMFW_FREESTANDING_COMPILE_OPTIONS})
  set_property(TARGET ${target} PROPERTY LINK_OPTIONS ${link})
  set_property(TARGET ${target} PROPERTY POSITION_INDEPENDENT_CODE OFF)
  # libgcc: 64-bit division (decimal output) is a library call on i386.
  target_link_libraries(${target} PRIVATE domfw_warnings gcc)
endfunction()
