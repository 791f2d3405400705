// A folder the table does not list.
#include "core/result.hpp"
