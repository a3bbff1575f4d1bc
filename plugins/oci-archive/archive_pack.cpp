#include "archive_pack.hpp"

#include <ferry/file_io/archive_error.hpp>
#include <ferry/file_io/staging.hpp>

#include <ferry/file_io/temp_file.hpp>
#include <ferry/file_io/file_reader.hpp>

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <memory>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace ferry::plugins::oci_archive {

namespace fs = std::filesystem;

namespace {

constexpr size_t buffer_size = 1024 * 1024;

// libarchive calls back into C++ through this; exceptions must not cross it.
struct Sink {
  file_io::TempFile* file;
  std::string error;
};

la_ssize_t write_cb(archive* a, void* client, const void* buf, size_t n) {
  auto* sink = static_cast<Sink*>(client);
  try {
    sink->file->write(buf, n);
    return static_cast<la_ssize_t>(n);
  } catch (const std::exception& e) {
    sink->error = e.what();
    archive_set_error(a, EIO, "%s", e.what());
    return -1;
  }
}

struct Packer {
  archive* a;
  const fs::path& target;
  const sdk::Context& ctx;
  Sink& sink;

  [[noreturn]] void fail(const std::string& what) const {
    std::string why = sink.error.empty() ? file_io::archive_error(a) : sink.error;
    throw sdk::Error(FERRY_E_IO, "writing " + target.string() + " failed (" + what + "): " + why);
  }

  std::unique_ptr<archive_entry, void (*)(archive_entry*)> entry(const std::string& name,
                                                                 const struct stat& st) const {
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> e(archive_entry_new(), archive_entry_free);
    archive_entry_set_pathname(e.get(), name.c_str());
    archive_entry_set_mtime(e.get(), st.st_mtim.tv_sec, 0);
    archive_entry_set_uid(e.get(), 0);
    archive_entry_set_gid(e.get(), 0);
    return e;
  }

  void add_dir(const std::string& name, const fs::path& path) const {
    struct stat st {};
    ::stat(path.c_str(), &st);
    auto e = entry(name, st);
    archive_entry_set_filetype(e.get(), AE_IFDIR);
    archive_entry_set_perm(e.get(), 0755);
    if (archive_write_header(a, e.get()) != ARCHIVE_OK) fail(name);
  }

  void add_file(const std::string& name, const fs::path& path) const {
    file_io::FileReader in(path, name);
    struct stat st {};
    ::stat(path.c_str(), &st);
    auto e = entry(name, st);
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), in.size());
    if (archive_write_header(a, e.get()) != ARCHIVE_OK) fail(name);
    auto buf = std::make_unique<char[]>(buffer_size);
    int64_t left = in.size();
    while (left > 0) {
      if (ctx.cancelled())
        throw sdk::Error(FERRY_E_CANCELLED, "writing " + target.string() + " was cancelled");
      size_t n = in.read(buf.get(), buffer_size);
      if (n == 0) throw sdk::Error(FERRY_E_IO, path.string() + " shrank while it was archived");
      if (archive_write_data(a, buf.get(), n) < 0) fail(name);
      left -= static_cast<int64_t>(n);
    }
  }
};

std::vector<fs::path> sorted_entries(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().front() != '.') out.push_back(e.path());  // no temporary files
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

void pack_layout(const fs::path& layout, const fs::path& target, const sdk::Context& ctx) {
  fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  file_io::remove_stale_staging(dir, "." + target.filename().string() + ".tmp-");
  file_io::TempFile tmp(dir, "." + target.filename().string() + ".tmp-");
  Sink sink{&tmp, {}};
  std::unique_ptr<archive, int (*)(archive*)> a(archive_write_new(), archive_write_free);
  archive_write_set_format_pax_restricted(a.get());  // plain ustar unless a name needs more
  Packer p{a.get(), target, ctx, sink};
  if (archive_write_open(a.get(), &sink, nullptr, write_cb, nullptr) != ARCHIVE_OK) p.fail("open");

  p.add_file("oci-layout", layout / "oci-layout");
  p.add_file("index.json", layout / "index.json");
  p.add_dir("blobs/", layout / "blobs");
  for (const auto& algo : sorted_entries(layout / "blobs")) {
    std::string prefix = "blobs/" + algo.filename().string() + "/";
    p.add_dir(prefix, algo);
    for (const auto& blob : sorted_entries(algo)) p.add_file(prefix + blob.filename().string(), blob);
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK) p.fail("close");
  tmp.publish(target);
}

}  // namespace ferry::plugins::oci_archive
