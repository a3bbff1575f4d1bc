#include "sync/dir_destination.hpp"

#include <ferry/core/error.hpp>

#include <filesystem>

namespace fs = std::filesystem;

namespace ferry::cli::sync {

void refuse_existing(const std::string& path) {
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec)))
    fail(FERRY_E_INVALID_ARGUMENT, "Refusing to overwrite destination directory \"" + path + "\"");
}

DirDestination::DirDestination(std::string path) : path_(std::move(path)) {
  refuse_existing(path_);
  std::error_code ec;
  const fs::path parent = fs::path(path_).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  // create_directory says whether it made the directory: one of two images
  // racing for the same name gets the refusal.
  if (!ec && !fs::create_directory(path_, ec) && !ec) refuse_existing(path_);
  if (ec) fail(FERRY_E_IO, "Error creating directory for image " + path_ + ": " + ec.message());
}

DirDestination::~DirDestination() {
  std::error_code ec;
  if (!kept_) fs::remove(path_, ec);  // fails, as wanted, when anything is inside
}

}  // namespace ferry::cli::sync
