/* abi is C with no dependencies: it may not reach into core. */
#include "domfw/abi/abi.h"
#include "core/result.hpp"
