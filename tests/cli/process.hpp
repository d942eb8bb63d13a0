// Running the real `yishi` binary from tests.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace yishi::test {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `args` (args[0] is the program) with `input` on stdin; waits for it.
ProcessResult run(const std::vector<std::string>& args, const std::string& input = "");

// A child whose stdout the test reads line by line while it runs.
class Child {
 public:
  explicit Child(const std::vector<std::string>& args);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  enum class Read { line, timeout, end };
  // The next complete line, waiting at most `timeout_ms` for it.
  Read read_line(std::string& line, int timeout_ms);
  void kill_hard();  // SIGKILL, then reap
  int wait();        // exit status

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string buffer_;
  bool reaped_ = false;
};

std::vector<std::string> lines_of(const std::string& text);

}  // namespace yishi::test
