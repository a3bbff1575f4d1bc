#include "archive_extract.hpp"

#include <ferry/file_io/archive_error.hpp>

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace ferry::plugins::oci_archive {

namespace fs = std::filesystem;

namespace {

constexpr size_t buffer_size = 1024 * 1024;

using Components = std::vector<std::string>;

struct Extractor {
  const fs::path& archive_path;
  const fs::path& root;
  const sdk::Context& ctx;
  std::vector<fs::path> links;  // checked again once everything is in place

  [[noreturn]] void refuse(std::string_view entry, const std::string& why) const {
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "refusing to extract \"" + std::string(entry) + "\" from " +
                                                   archive_path.string() + ": " + why);
  }

  // "a/./b/" -> {a, b}; absolute names and ".." are refused.
  Components components(std::string_view entry, std::string_view name) const {
    if (!name.empty() && name.front() == '/') refuse(entry, "the path is absolute");
    Components out;
    size_t start = 0;
    while (start <= name.size()) {
      size_t slash = name.find('/', start);
      if (slash == std::string_view::npos) slash = name.size();
      std::string_view part = name.substr(start, slash - start);
      if (part == "..") refuse(entry, "the path has a \"..\" component");
      if (!part.empty() && part != ".") out.emplace_back(part);
      start = slash + 1;
    }
    return out;
  }

  fs::path join(const Components& c, size_t n) const {
    fs::path p = root;
    for (size_t i = 0; i < n; ++i) p /= c[i];
    return p;
  }

  // The directories above the entry: created when missing, never symlinks.
  void make_parents(std::string_view entry, const Components& c, size_t n) const {
    fs::path p = root;
    for (size_t i = 0; i < n; ++i) {
      p /= c[i];
      struct stat st {};
      if (::lstat(p.c_str(), &st) != 0) {
        if (::mkdir(p.c_str(), 0755) != 0)
          refuse(entry, "cannot create " + p.string() + ": " + std::strerror(errno));
        continue;
      }
      if (S_ISLNK(st.st_mode)) refuse(entry, "it would be written through a symbolic link");
      if (!S_ISDIR(st.st_mode)) refuse(entry, "a parent of it is not a directory");
    }
  }

  // The link target, resolved against the link's directory, stays inside.
  void check_link_target(std::string_view entry, const Components& c, std::string_view target) const {
    if (target.empty()) refuse(entry, "the symbolic link is empty");
    if (target.front() == '/') refuse(entry, "the symbolic link points to an absolute path");
    size_t depth = c.size() - 1;
    size_t start = 0;
    while (start <= target.size()) {
      size_t slash = target.find('/', start);
      if (slash == std::string_view::npos) slash = target.size();
      std::string_view part = target.substr(start, slash - start);
      if (part == "..") {
        if (depth == 0) refuse(entry, "the symbolic link points outside the archive");
        --depth;
      } else if (!part.empty() && part != ".") {
        ++depth;
      }
      start = slash + 1;
    }
  }

  void write_file(archive* a, std::string_view entry, const fs::path& path) const {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0 && errno == ELOOP) refuse(entry, "it would overwrite a symbolic link");
    if (fd < 0) refuse(entry, "cannot create " + path.string() + ": " + std::strerror(errno));
    std::unique_ptr<int, void (*)(int*)> guard(&fd, [](int* f) { ::close(*f); });
    auto buf = std::make_unique<char[]>(buffer_size);
    for (;;) {
      if (ctx.cancelled())
        throw sdk::Error(FERRY_E_CANCELLED, "unpacking " + archive_path.string() + " was cancelled");
      la_ssize_t n = archive_read_data(a, buf.get(), buffer_size);
      if (n < 0)
        throw sdk::Error(FERRY_E_IO, "reading \"" + std::string(entry) + "\" from " + archive_path.string() +
                                         " failed: " + file_io::archive_error(a));
      if (n == 0) break;
      for (la_ssize_t off = 0; off < n;) {
        ssize_t w = ::write(fd, buf.get() + off, static_cast<size_t>(n - off));
        if (w < 0 && errno == EINTR) continue;
        if (w < 0)
          throw sdk::Error(FERRY_E_IO, "writing " + path.string() + " failed: " + std::strerror(errno));
        off += w;
      }
    }
  }

  void hard_link(std::string_view entry, const Components& c, const char* target) const {
    Components t = components(entry, target);  // the same rules as entry names
    if (t.empty()) refuse(entry, "the hard link has no target");
    make_parents(entry, t, t.size() - 1);  // refuses targets reached through a symlink
    fs::path from = join(t, t.size());
    struct stat st {};
    if (::lstat(from.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
      refuse(entry, "the hard link target \"" + std::string(target) + "\" is not a file extracted before it");
    fs::path to = join(c, c.size());
    ::unlink(to.c_str());
    if (::link(from.c_str(), to.c_str()) != 0)
      refuse(entry, "cannot create the hard link: " + std::string(std::strerror(errno)));
  }

  void extract_entry(archive* a, archive_entry* e) {
    const char* raw = archive_entry_pathname(e);
    if (!raw)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, archive_path.string() + " has an entry without a name");
    std::string_view entry = raw;
    Components c = components(entry, entry);
    if (c.empty()) return;  // "./" itself
    make_parents(entry, c, c.size() - 1);
    fs::path path = join(c, c.size());
    if (const char* target = archive_entry_hardlink(e)) return hard_link(entry, c, target);
    switch (archive_entry_filetype(e)) {
      case AE_IFDIR: {
        struct stat st {};
        if (::lstat(path.c_str(), &st) == 0 && !S_ISDIR(st.st_mode))
          refuse(entry, "it exists and is not a directory");
        if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST)
          refuse(entry, "cannot create " + path.string() + ": " + std::strerror(errno));
        return;
      }
      case AE_IFREG:
        return write_file(a, entry, path);
      case AE_IFLNK: {
        const char* target = archive_entry_symlink(e);
        check_link_target(entry, c, target ? target : "");
        if (::symlink(target, path.c_str()) != 0)
          refuse(entry, "cannot create the symbolic link: " + std::string(std::strerror(errno)));
        links.push_back(path);
        return;
      }
      default:
        refuse(entry, "only files, directories and links belong in an OCI archive");
    }
  }

  // Lexical checks cannot see links through links; the resolved paths can.
  void check_links() const {
    std::string prefix = root.string() + "/";
    for (const auto& l : links) {
      char resolved[PATH_MAX];
      if (!::realpath(l.c_str(), resolved)) continue;  // dangling: it reads nothing
      std::string r = resolved;
      if (r != root.string() && r.compare(0, prefix.size(), prefix) != 0)
        refuse(l.lexically_relative(root).string(), "the symbolic link resolves outside the archive");
    }
  }
};

}  // namespace

void extract_archive(const fs::path& archive_path, const fs::path& into, const sdk::Context& ctx) {
  std::error_code ec;
  if (!fs::exists(archive_path, ec))
    throw sdk::Error(FERRY_E_IO, "no OCI archive at " + archive_path.string() + ": the file does not exist");
  if (fs::is_directory(archive_path, ec))
    throw sdk::Error(FERRY_E_IO, archive_path.string() +
                                     " is a directory, not an OCI archive (use oci: for a layout directory)");

  std::unique_ptr<archive, int (*)(archive*)> a(archive_read_new(), archive_read_free);
  archive_read_support_format_tar(a.get());
  archive_read_support_filter_all(a.get());  // a compressed tar is fine too
  if (archive_read_open_filename(a.get(), archive_path.c_str(), buffer_size) != ARCHIVE_OK)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, archive_path.string() + " is not a tar archive (" +
                                                   file_io::archive_error(a.get()) + ")");

  Extractor x{archive_path, into, ctx, {}};
  for (;;) {
    archive_entry* e = nullptr;
    int r = archive_read_next_header(a.get(), &e);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, archive_path.string() + " is not a readable tar archive: " +
                                                     file_io::archive_error(a.get()));
    x.extract_entry(a.get(), e);
  }
  x.check_links();
}

}  // namespace ferry::plugins::oci_archive
