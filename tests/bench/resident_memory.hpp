// The process's resident memory now, from /proc/self/statm (Linux), in MiB.
#pragma once

#include <unistd.h>

#include <fstream>

inline double resident_mib() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) /
         (1024.0 * 1024.0);
}
