// Refused: the core includes the store, a layer above it.
#pragma once
#include "engine/core/types.hpp"
#include "engine/store/event_store.hpp"
