// core reaching up into cfg, two layers above it.
#include <cstdint>

#include "domfw/abi/module.h"
#include "cfg/document.hpp"
#include "core/result.hpp"
