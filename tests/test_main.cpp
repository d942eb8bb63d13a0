// The doctest main. Every test program keeps community keys in a key directory
// of its own (YISHI_KEY_DIR, inherited by the `yishi` processes tests start), so
// tests never write into the user's ~/.config.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

int main(int argc, char** argv) {
  std::string dir = (std::filesystem::temp_directory_path() / "yishi-keys-XXXXXX").string();
  const bool made = ::mkdtemp(dir.data()) != nullptr;
  if (made) ::setenv("YISHI_KEY_DIR", dir.c_str(), 1);
  doctest::Context context(argc, argv);
  const int result = context.run();
  if (made) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  return result;
}
