#include <ferry/file_io/directory.hpp>
#include <ferry/plugin.hpp>

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace ferry::file_io {

void make_directory(const std::filesystem::path& path, unsigned mode) {
  if (::mkdir(path.c_str(), static_cast<mode_t>(mode)) == 0) {
    ::chmod(path.c_str(), static_cast<mode_t>(mode));  // whatever the umask took away
    return;
  }
  if (errno == EEXIST && std::filesystem::is_directory(path)) return;
  throw sdk::Error(FERRY_E_IO, "cannot create directory " + path.string() + ": " + std::strerror(errno));
}

}  // namespace ferry::file_io
