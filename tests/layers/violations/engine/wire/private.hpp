// Refused: the meeting decider's header is private to engine/core/decide_meeting*.
#pragma once
#include "engine/core/meeting_decider.hpp"
