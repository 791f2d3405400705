# The warning wall (STYLE.md, after NOVA): every domfw target gets it, warnings are errors.
add_library(domfw_warnings INTERFACE)
target_compile_options(domfw_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Werror
  -Wconversion -Wold-style-cast -Wshadow -Wcast-align -Wcast-qual
  -Wsuggest-override -Wnon-virtual-dtor -Wformat=2
  -Wimplicit-fallthrough -Wmissing-declarations -Wundef)
# -Wnull-dereference: GCC 12 only checks it in optimised builds, where it reports false positives
# inside libstdc++ (vector<string>::insert at -O3); clang checks it in every build, correctly.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  target_compile_options(domfw_warnings INTERFACE -Wnull-dereference)
endif()
