#include "tarball_reference.hpp"

#include "tarball_files.hpp"

#include <ferry/image_from_files/go_os_error.hpp>
#include "tarball_source.hpp"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace ferry::plugins::tarball {

using image_from_files::go_os_error;

std::unique_ptr<sdk::Reference> parse_reference(std::string_view text) {
  std::vector<std::string> files = split_file_list(text);
  for (const auto& file : files) {
    if (file == "-") continue;  // standard input, read when the source opens
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                       "error opening \"" + file + "\": " + go_os_error("open", file, errno));
    ::close(fd);
  }
  return std::make_unique<TarballReference>(std::move(files));
}

std::string TarballReference::to_string() const {
  std::string out;
  for (size_t i = 0; i < files_.size(); ++i) out += (i ? ":" : "") + files_[i];
  return out;
}

std::unique_ptr<sdk::Source> TarballReference::open_source(const sdk::Context& ctx) const {
  return std::make_unique<TarballSource>(files_, ctx);
}

std::unique_ptr<sdk::Destination> TarballReference::open_destination(const sdk::Context& ctx) const {
  (void)ctx;
  throw sdk::Error(FERRY_E_NOT_SUPPORTED, "\"tarball:\" locations can only be read from, not written to");
}

void TarballReference::delete_image(const sdk::Context& ctx) const {
  (void)ctx;
  for (const auto& file : files_) {
    if (::unlink(file.c_str()) != 0 && errno != ENOENT)
      throw sdk::Error(FERRY_E_IO, "error removing \"" + file + "\": " + go_os_error("remove", file, errno));
  }
}

}  // namespace ferry::plugins::tarball
