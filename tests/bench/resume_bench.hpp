#pragma once
#include <cstddef>
#include <string>
// Prints how long a live client's resume of one meeting's stream takes when it
// is older than the in-memory tail, so that it is read from the store: a log of
// `events` events of which a few hundred are the meeting's.
void bench_resume(const std::string& dir, std::size_t events);
