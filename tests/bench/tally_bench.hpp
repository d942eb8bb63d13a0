#pragma once
// Prints figures for the tallies: Schulze and IRV on a million ranked ballots,
// exact MES + Add1 on Wieliczka (if the data file is given).
#include <string>
void bench_tally(const std::string& wieliczka_file);
