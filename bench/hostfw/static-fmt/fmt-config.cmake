# fmt as a header-only library, for the fully static benchmark build (Debian ships no libfmt.a).
# The whole build gets -DFMT_HEADER_ONLY through CMAKE_CXX_FLAGS (smbios_vs_dmidecode.sh).
if(NOT TARGET fmt::fmt)
  add_library(fmt::fmt INTERFACE IMPORTED)
  set_target_properties(fmt::fmt PROPERTIES INTERFACE_COMPILE_DEFINITIONS FMT_SHARED)
endif()
set(fmt_FOUND TRUE)
