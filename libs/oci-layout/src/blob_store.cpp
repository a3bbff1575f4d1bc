#include "ferry/oci_layout/blob_store.hpp"

#include <ferry/file_io/temp_file.hpp>

#include <filesystem>
#include <memory>
#include <system_error>

namespace ferry::oci_layout {

namespace fs = std::filesystem;

namespace {

// As fast as 1 MiB pieces for pulls, with 4-5 MiB less memory over parallel layers.
constexpr size_t buffer_size = 256 * 1024;

void ensure_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw sdk::Error(FERRY_E_IO, "cannot create " + dir.string() + ": " + ec.message());
}

}  // namespace

bool BlobStore::has(const Digest& d, int64_t size) const {
  std::error_code ec;
  auto path = layout_.blob_path(d);
  if (!fs::is_regular_file(path, ec)) return false;
  if (size < 0) return true;
  auto actual = fs::file_size(path, ec);
  return !ec && actual == static_cast<uintmax_t>(size);
}

Digest BlobStore::put(sdk::BlobStream& data, const sdk::BlobInfo& info, const sdk::Context& ctx) {
  std::optional<Digest> known;
  if (!info.digest.empty()) known = Digest::parse(info.digest, "the blob handed to the layout");
  // An unknown digest is almost always sha256; the file moves if it is not.
  fs::path dir = layout_.blob_dir(known ? std::string(known->algorithm_name()) : "sha256");
  ensure_dir(dir);
  std::string what = known ? "blob " + known->str() : "a blob of unknown digest";

  file_io::TempFile tmp(dir, ".tmp-");
  auto buf = std::make_unique<char[]>(buffer_size);
  int64_t total = 0;
  for (;;) {
    if (ctx.cancelled()) throw sdk::Error(FERRY_E_CANCELLED, "writing " + what + " was cancelled");
    size_t n = 0;
    try {
      n = data.read(buf.get(), buffer_size);
    } catch (const sdk::Error& e) {
      // The temporary file goes with `tmp`; nothing appears under the digest.
      std::string why = e.code() == FERRY_E_DIGEST_MISMATCH ? "its bytes do not match the digest" : e.what();
      throw sdk::Error(e.code(), "storing " + what + " in " + dir.string() + " failed: " + why);
    }
    if (n == 0) break;
    tmp.write(buf.get(), n);
    total += static_cast<int64_t>(n);
  }
  if (known && info.size >= 0 && total != info.size)
    throw sdk::Error(FERRY_E_DIGEST_MISMATCH, "storing " + what + " failed: expected " +
                                                  std::to_string(info.size) + " bytes, got " +
                                                  std::to_string(total));
  Digest d = known ? *known : Digest::parse(data.digest(), "the digest the host reported");
  if (!known) ensure_dir(layout_.blob_dir(std::string(d.algorithm_name())));
  tmp.publish(layout_.blob_path(d));
  return d;
}

void BlobStore::put_bytes(const Digest& d, std::string_view bytes) {
  Digest actual = Digest::of(bytes, d.algorithm());
  if (actual != d)
    throw sdk::Error(FERRY_E_DIGEST_MISMATCH, "manifest bytes do not match their digest " + d.str() +
                                                  " (they hash to " + actual.str() + ")");
  fs::path dir = layout_.blob_dir(std::string(d.algorithm_name()));
  ensure_dir(dir);
  file_io::TempFile tmp(dir, ".tmp-");
  tmp.write(bytes.data(), bytes.size());
  tmp.publish(layout_.blob_path(d));
}

}  // namespace ferry::oci_layout
