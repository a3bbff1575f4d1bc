#include "signing/local_file.hpp"

#include <ferry/core/error.hpp>
#include <ferry/file_io/file_reader.hpp>

namespace ferry::cli {

std::string read_local_file(const std::string& path, const std::string& what) {
  std::optional<std::string> bytes;
  try {
    bytes = file_io::read_small_file(path);
  } catch (const Error& e) {
    throw Error(e.code(), what + ": " + e.what());
  }
  if (!bytes) fail(FERRY_E_IO, what + ": open " + path + ": no such file or directory");
  return *bytes;
}

}  // namespace ferry::cli
