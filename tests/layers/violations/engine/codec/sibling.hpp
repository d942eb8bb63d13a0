// Refused: codec and audit are siblings (the same rank).
#pragma once
#include "engine/audit/merkle.hpp"
