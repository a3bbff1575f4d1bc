#include "archive_destination.hpp"

#include <ferry/docker_save/tar_file_sink.hpp>
#include <ferry/file_io/staging.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace ferry::plugins::docker_archive {

namespace fs = std::filesystem;

namespace {

// Fails at open, before any blob is copied, when the target cannot be written.
bool check_target(const fs::path& target) {
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode))
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                       "cannot write a docker archive at " + target.string() + ": it is a directory");
    if (!S_ISREG(st.st_mode)) return false;  // a pipe or a device: written through at commit
    // Replacing the file would drop the images it holds; an empty file is a
    // place prepared for us, as for skopeo.
    if (st.st_size != 0)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                       "cannot write a docker archive at " + target.string() +
                           ": docker-archive doesn't support modifying existing images (the file "
                           "exists and is not empty; remove it or choose another path)");
  }
  fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::error_code ec;
  if (!fs::is_directory(parent, ec))
    throw sdk::Error(FERRY_E_IO, "cannot write a docker archive at " + target.string() + ": " +
                                     parent.string() + " is not an existing directory");
  return true;
}

// Where the archive is built: beside a regular target (renamed over it at
// commit), else in --tmpdir; after removing what dead writers left there.
fs::path build_dir(const fs::path& target, bool regular, const sdk::Context& ctx) {
  const std::string prefix = "." + target.filename().string() + ".tmp-";
  if (!regular) return file_io::tidied_scratch_dir(ctx.temp_dir(), prefix);
  return file_io::tidied_scratch_dir(target.parent_path().empty() ? fs::path(".") : target.parent_path(),
                                     prefix);
}

// Copies the finished archive into a pipe or device.
void write_through(const fs::path& from, const fs::path& to) {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  int out = ::open(to.c_str(), O_WRONLY | O_CLOEXEC);
  std::unique_ptr<int, void (*)(int*)> close_in(&in, [](int* f) {
    if (*f >= 0) ::close(*f);
  });
  std::unique_ptr<int, void (*)(int*)> close_out(&out, [](int* f) {
    if (*f >= 0) ::close(*f);
  });
  if (in < 0 || out < 0)
    throw sdk::Error(FERRY_E_IO, "cannot open " + to.string() + ": " + std::strerror(errno));
  auto buf = std::make_unique<char[]>(1024 * 1024);
  for (;;) {
    ssize_t n = ::read(in, buf.get(), 1024 * 1024);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw sdk::Error(FERRY_E_IO, "reading " + from.string() + " failed: " + std::strerror(errno));
    if (n == 0) return;
    for (ssize_t off = 0; off < n;) {
      ssize_t w = ::write(out, buf.get() + off, static_cast<size_t>(n - off));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) throw sdk::Error(FERRY_E_IO, "writing " + to.string() + " failed: " + std::strerror(errno));
      off += w;
    }
  }
}

// The archive as it is built: renamed over a regular target at commit, or
// copied into a pipe or device.
class ArchiveFile : public docker_save::TarFileSink {
 public:
  ArchiveFile(const fs::path& target, bool regular, const sdk::Context& ctx)
      : TarFileSink(build_dir(target, regular, ctx), "." + target.filename().string() + ".tmp-"),
        target_(target),
        regular_(regular) {}

  void complete() override {
    if (regular_) return file().publish(target_);
    write_through(file().path(), target_);
  }

 private:
  fs::path target_;
  bool regular_;
};

}  // namespace

std::vector<DockerReference> additional_tags(const sdk::Context& ctx) {
  std::vector<DockerReference> out;
  std::string list = ctx.option("additional-tag").value_or("");
  size_t start = 0;
  while (start < list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    std::string t = list.substr(start, comma - start);
    start = comma + 1;
    if (t.empty()) continue;
    auto name = DockerReference::parse(t, {.allow_tag_and_digest = true, .what = "additional-tag"});
    if (!name.tag || name.digest)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "additional-tag '" + t + "' must be a tagged reference");
    out.push_back(std::move(name));
  }
  return out;
}

ArchiveDestination::ArchiveDestination(const fs::path& target, std::vector<DockerReference> tags,
                                       sdk::Context ctx)
    // A file takes every layer as it comes: nothing is ever spooled.
    : ArchiveWriter(std::make_unique<ArchiveFile>(target, check_target(target), ctx), ctx.temp_dir(),
                    "docker-archive-", "docker-archive " + target.string(), std::move(tags), ctx) {}

}  // namespace ferry::plugins::docker_archive
