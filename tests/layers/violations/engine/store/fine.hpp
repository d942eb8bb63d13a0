// Allowed: the store includes the layers below it.
#pragma once
#include "engine/audit/hash.hpp"
#include "engine/codec/event_codec.hpp"
#include "engine/core/types.hpp"
