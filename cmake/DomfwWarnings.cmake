# The warning wall (STYLE.md, after NOVA): every domfw target gets it, warnings are errors.
add_library(domfw_warnings INTERFACE)
target_compile_options(domfw_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Werror
  -Wconversion -Wold-style-cast -Wshadow -Wcast-align -Wcast-qual
  -Wsuggest-override -Wnon-virtual-dtor -Wnull-dereference -Wformat=2
  -Wimplicit-fallthrough -Wmissing-declarations -Wundef)
