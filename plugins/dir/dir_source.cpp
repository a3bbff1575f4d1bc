#include "dir_source.hpp"

#include "dir_names.hpp"

#include <ferry/file_io/file_reader.hpp>

#include <system_error>

namespace ferry::plugins::dir {

namespace fs = std::filesystem;

DirSource::DirSource(fs::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  if (!fs::exists(dir_, ec))
    throw sdk::Error(FERRY_E_IO, "no image directory at " + dir_.string() + ": it does not exist");
  if (!fs::is_directory(dir_, ec))
    throw sdk::Error(FERRY_E_IO, "no image directory at " + dir_.string() + ": it is not a directory");
  if (!fs::exists(dir_ / "manifest.json", ec))
    throw sdk::Error(FERRY_E_IO, "no image directory at " + dir_.string() + ": " +
                                     (dir_ / "manifest.json").string() + " does not exist");
}

sdk::Manifest DirSource::get_manifest(const std::optional<std::string>& instance) {
  fs::path path = dir_ / manifest_file(instance);
  auto bytes = file_io::read_small_file(path);
  if (!bytes)
    throw sdk::Error(FERRY_E_NOT_FOUND,
                     (instance ? "the manifest of instance " + *instance : "the manifest") +
                         " is missing: " + path.string() + " does not exist");
  return {std::move(*bytes), ""};
}

std::unique_ptr<sdk::Reader> DirSource::get_blob(const sdk::BlobInfo& info, int64_t& size) {
  if (info.digest.empty())
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "a blob of a dir: image can only be read by digest");
  auto reader = std::make_unique<file_io::FileReader>(dir_ / blob_file(info.digest, "the requested blob"),
                                                      "blob " + info.digest);
  size = reader->size();
  return reader;
}

std::optional<std::string> DirSource::get_signature(const std::optional<std::string>& instance,
                                                    uint32_t index) {
  return file_io::read_small_file(dir_ / signature_file(instance, index));
}

}  // namespace ferry::plugins::dir
