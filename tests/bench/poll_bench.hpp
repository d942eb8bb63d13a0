#pragma once
// Prints figures for a community-wide secret poll in the engine: casts through
// decide + evolve, and the close (tally over the sealed box).
void bench_poll();
