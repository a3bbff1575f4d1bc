#include "ferry/oci_layout/index_file.hpp"

#include <ferry/file_io/temp_file.hpp>
#include <ferry/file_io/file_reader.hpp>
#include <ferry/json_input/parse.hpp>

#include <ferry/plugin.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace ferry::oci_layout {

std::optional<Json> read_index(const std::filesystem::path& file) {
  // Parsed as it is read: a layout of many images has a big index.json.
  auto parsed = json_input::parse_file<Json>(file, json_input::limits::layout_index, file.string());
  if (!parsed) return std::nullopt;
  Json& index = *parsed;
  auto corrupt = [&](const std::string& why) -> std::optional<Json> {
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, file.string() + " is not a valid OCI index: " + why);
  };
  if (!index.is_object()) return corrupt("it is not a JSON object");
  auto sv = index.find("schemaVersion");
  if (sv == index.end() || !sv->is_number_integer() || *sv != 2)
    return corrupt("\"schemaVersion\" must be 2");
  auto m = index.find("manifests");
  if (m == index.end() || m->is_null()) {
    index["manifests"] = Json::array();  // an empty layout may omit it
  } else if (!m->is_array()) {
    return corrupt("\"manifests\" is not an array");
  }
  for (const auto& d : index["manifests"]) {
    if (!d.is_object() || !d.contains("digest") || !d["digest"].is_string())
      return corrupt("an entry of \"manifests\" has no \"digest\"");
  }
  return parsed;
}

Json empty_index() {
  Json index = Json::object();
  index["schemaVersion"] = 2;
  index["manifests"] = Json::array();
  return index;
}

void write_index(const std::filesystem::path& file, const Json& index) {
  file_io::write_file_atomically(file, index.dump());
}

LayoutLock::LayoutLock(const std::filesystem::path& root) {
  fd_ = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_ < 0)
    throw sdk::Error(FERRY_E_IO,
                     "cannot open the layout directory " + root.string() + ": " + std::strerror(errno));
  while (::flock(fd_, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    int err = errno;
    ::close(fd_);
    throw sdk::Error(FERRY_E_IO, "cannot lock " + root.string() + ": " + std::strerror(err));
  }
}

LayoutLock::~LayoutLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace ferry::oci_layout
