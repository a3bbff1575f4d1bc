// index.json: read and checked, written compactly and atomically, and guarded
// by a lock so two writers to one layout do not lose each other's entries.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>

namespace ferry::oci_layout {

// Keys keep their order, so entries we did not touch are written back as they were.
using Json = nlohmann::ordered_json;

// The parsed index, or nullopt when the file does not exist. Throws
// FERRY_E_INVALID_ARGUMENT naming the file when it is not an OCI index.
std::optional<Json> read_index(const std::filesystem::path& file);

// An empty index as the containers tools write it.
Json empty_index();

// Compact JSON, replaced atomically.
void write_index(const std::filesystem::path& file, const Json& index);

// An exclusive flock on the layout directory for a read-modify-write of index.json.
class LayoutLock {
 public:
  explicit LayoutLock(const std::filesystem::path& root);
  ~LayoutLock();
  LayoutLock(const LayoutLock&) = delete;
  LayoutLock& operator=(const LayoutLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace ferry::oci_layout
