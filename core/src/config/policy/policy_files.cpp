#include "config/policy/policy_files.hpp"

#include <ferry/core/error.hpp>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace ferry::policy {

std::string read_whole_file(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(FERRY_E_IO, "open " + path + ": " + go_errno_text(errno));
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    fail(FERRY_E_IO, "read " + path + ": " + go_errno_text(EISDIR));
  std::string data;
  char buffer[65536];
  while (data.size() <= max_bytes && in.read(buffer, sizeof buffer).gcount() > 0)
    data.append(buffer, static_cast<size_t>(in.gcount()));
  if (in.bad()) fail(FERRY_E_IO, "read " + path + ": " + go_errno_text(errno));
  if (data.size() > max_bytes + 1) data.resize(max_bytes + 1);
  return data;
}

}  // namespace ferry::policy
