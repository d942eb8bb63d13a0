// decide() for notices, residents' reports and referral replies (private to decide.cpp).
#pragma once

#include "engine/core/decide.hpp"

namespace yishi::engine {

Decision decide_two_way(const State& s, const TwoWayCommand& command, const Context& ctx);

}  // namespace yishi::engine
