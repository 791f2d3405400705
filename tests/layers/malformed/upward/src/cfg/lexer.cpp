// cfg on support: allowed.
#include "support/diagnostic.hpp"
#include "core/checked.hpp"
