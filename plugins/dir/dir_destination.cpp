#include "dir_destination.hpp"

#include "dir_names.hpp"

#include <ferry/file_io/temp_file.hpp>

#include <memory>
#include <system_error>

namespace ferry::plugins::dir {

namespace fs = std::filesystem;

namespace {
// Small pieces copy as fast as 1 MiB ones here, and parallel layers hold less.
constexpr size_t buffer_size = 64 * 1024;
}  // namespace

DirDestination::DirDestination(const fs::path& target, sdk::Context ctx) : staging_(target), ctx_(ctx) {}

bool DirDestination::has_blob(const sdk::BlobInfo& info) {
  // Only what this copy already wrote: the old content is about to be replaced.
  if (info.digest.empty()) return false;
  std::error_code ec;
  fs::path p = staging_.path() / blob_file(info.digest, "the blob asked about");
  if (!fs::is_regular_file(p, ec)) return false;
  return info.size < 0 || fs::file_size(p, ec) == static_cast<uintmax_t>(info.size);
}

void DirDestination::put_blob(const sdk::BlobInfo& info, sdk::BlobStream& data) {
  std::string name;
  if (!info.digest.empty()) name = blob_file(info.digest, "the blob to store");
  std::string what = info.digest.empty() ? "a blob of unknown digest" : "blob " + info.digest;

  file_io::TempFile tmp(staging_.path(), ".tmp-");
  auto buf = std::make_unique<char[]>(buffer_size);
  int64_t total = 0;
  for (;;) {
    if (ctx_.cancelled()) throw sdk::Error(FERRY_E_CANCELLED, "writing " + what + " was cancelled");
    size_t n = 0;
    try {
      n = data.read(buf.get(), buffer_size);
    } catch (const sdk::Error& e) {
      std::string why = e.code() == FERRY_E_DIGEST_MISMATCH ? "its bytes do not match the digest" : e.what();
      throw sdk::Error(e.code(),
                       "storing " + what + " for " + staging_.target().string() + " failed: " + why);
    }
    if (n == 0) break;
    tmp.write(buf.get(), n);
    total += static_cast<int64_t>(n);
  }
  if (!info.digest.empty() && info.size >= 0 && total != info.size)
    throw sdk::Error(FERRY_E_DIGEST_MISMATCH, "storing " + what + " failed: expected " +
                                                  std::to_string(info.size) + " bytes, got " +
                                                  std::to_string(total));
  if (name.empty()) name = blob_file(data.digest(), "the digest the host reported");
  tmp.publish(staging_.path() / name);
}

void DirDestination::put_manifest(const std::optional<std::string>& instance, std::string_view bytes,
                                  const std::string& mime) {
  (void)mime;  // dir: keeps the bytes only
  file_io::write_file_atomically(staging_.path() / manifest_file(instance), bytes);
}

void DirDestination::put_signature(const std::optional<std::string>& instance, uint32_t index,
                                   std::string_view bytes) {
  file_io::write_file_atomically(staging_.path() / signature_file(instance, index), bytes);
}

void DirDestination::commit() {
  std::error_code ec;
  if (!fs::exists(staging_.path() / "manifest.json", ec))
    throw sdk::Error(FERRY_E_INTERNAL,
                     "commit of dir:" + staging_.target().string() + " before its manifest was written");
  file_io::write_file_atomically(staging_.path() / version_file, version_content);
  staging_.publish();
}

uint32_t DirDestination::flags(uint32_t declared) {
  if (ctx_.flag("decompress")) declared |= FERRY_DEST_WANTS_UNCOMPRESSED;
  if (ctx_.flag("compress")) declared |= FERRY_DEST_PREFERS_COMPRESSED;
  return declared;
}

}  // namespace ferry::plugins::dir
