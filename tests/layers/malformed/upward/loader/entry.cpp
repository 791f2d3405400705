// The loader runs abi + core only.
#include "core/byte_reader.hpp"
#include "support/files.hpp"
