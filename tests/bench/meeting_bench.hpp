#pragma once
// Prints figures for a simulated meeting: queue and floor throughput through
// decide+evolve, and the cost of a quorum re-check as the log grows.
void bench_meeting();
