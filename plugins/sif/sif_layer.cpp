#include "sif_layer.hpp"

#include "sif_deffile.hpp"
#include "sif_work_dir.hpp"

#include <ferry/digest/digest.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

extern char** environ;

namespace ferry::plugins::sif {

namespace fs = std::filesystem;

namespace {

// What the containers tools run, with the paths as arguments instead of
// pasted into the text, so that no path is read as shell syntax.
constexpr const char* conversion_script =
    "unsquashfs -d \"$1\" -f \"$2\" && tar --acls --xattrs -C \"$1\" -cpf \"$3\" ./";

[[noreturn]] void fail(const std::string& what) {
  throw sdk::Error(FERRY_E_IO, "converting rootfs from SquashFS to Tarball: " + what);
}

void check_cancel(const sdk::Context& ctx) {
  if (ctx.cancelled()) throw sdk::Error(FERRY_E_CANCELLED, "context canceled");
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

void write_all(int fd, const char* data, size_t n, const fs::path& path) {
  while (n > 0) {
    ssize_t w = ::write(fd, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) fail("writing " + path.string() + ": " + std::strerror(errno));
    data += w;
    n -= static_cast<size_t>(w);
  }
}

void copy_partition(int sif_fd, const SifDescriptor& rootfs, const fs::path& out, const sdk::Context& ctx) {
  Fd file;
  file.fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (file.fd < 0) fail("creating " + out.string() + ": " + std::strerror(errno));
  std::vector<char> buf(1 << 20);
  int64_t done = 0;
  while (done < rootfs.size) {
    check_cancel(ctx);
    size_t want =
        static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(buf.size()), rootfs.size - done));
    ssize_t n = ::pread(sif_fd, buf.data(), want, rootfs.offset + done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("reading the squashfs partition: " + std::string(std::strerror(errno)));
    if (n == 0) fail("reading the squashfs partition: the file ended early (it changed while read)");
    write_all(file.fd, buf.data(), static_cast<size_t>(n), out);
    done += n;
  }
}

void write_injected_script(const fs::path& root, const std::string& script) {
  fs::path target = root / injected_script_path;
  for (const fs::path& dir : {root, target.parent_path()}) {
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
      fail("creating " + dir.string() + ": " + std::strerror(errno));
  }
  Fd file;
  file.fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
  if (file.fd < 0) fail("writing /" + std::string(injected_script_path) + " to " + target.string());
  write_all(file.fd, script.data(), script.size(), target);
}

// The last few KiB of the tools' output, for the error message.
std::string output_tail(const fs::path& path) {
  Fd file;
  file.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (file.fd < 0) return {};
  struct stat st {};
  ::fstat(file.fd, &st);
  constexpr off_t keep = 2048;
  off_t from = st.st_size > keep ? st.st_size - keep : 0;
  std::string text(static_cast<size_t>(st.st_size - from), '\0');
  ssize_t n = ::pread(file.fd, text.data(), text.size(), from);
  text.resize(n > 0 ? static_cast<size_t>(n) : 0);
  for (char& c : text)
    if (c == '\n' || c == '\r' || static_cast<unsigned char>(c) < 0x20) c = ' ';
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// Stops the tools' process group: SIGINT first, which fakeroot traps to end its
// faked daemon (that one runs in a session of its own, out of the group's
// reach); SIGKILL for whatever is left after two seconds.
void stop_group(pid_t leader) {
  ::kill(-leader, SIGINT);
  int status = 0;
  for (int i = 0; i < 100; ++i) {
    if (::waitpid(leader, &status, WNOHANG) == leader) {
      ::kill(-leader, SIGKILL);  // a tool that outlived its shell
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(-leader, SIGKILL);
  ::waitpid(leader, &status, 0);
}

// Runs fakeroot in a process group of its own, so that a stop ends all of it.
void run_conversion(const fs::path& root, const fs::path& squashfs, const fs::path& tar,
                    const fs::path& output, const sdk::Context& ctx) {
  std::string root_s = root.string(), squashfs_s = squashfs.string(), tar_s = tar.string();
  const char* argv[] = {"fakeroot", "--",           "/bin/sh",          "-c",          conversion_script,
                        "sh",       root_s.c_str(), squashfs_s.c_str(), tar_s.c_str(), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // The tools start with default signal handling and nothing blocked, whatever
  // ferry inherited (a background job ignores SIGINT): fakeroot must be able to
  // hear the SIGINT that makes it stop its faked daemon.
  sigset_t defaults, none;
  sigemptyset(&defaults);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT}) sigaddset(&defaults, sig);
  sigemptyset(&none);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setsigmask(&attributes, &none);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, "fakeroot", &actions, &attributes, const_cast<char* const*>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0)
    fail(rc == ENOENT ? "fakeroot is not installed (no \"fakeroot\" in $PATH); it is needed, with unsquashfs "
                        "(squashfs-tools) and GNU tar, to read a SIF image"
                      : "starting fakeroot: " + std::string(std::strerror(rc)));

  int status = 0;
  for (;;) {
    pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) fail("waiting for fakeroot: " + std::string(std::strerror(errno)));
    if (ctx.cancelled()) {
      stop_group(pid);
      throw sdk::Error(FERRY_E_CANCELLED, "context canceled");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  std::string how = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                      : "signal " + std::to_string(WTERMSIG(status));
  fail("converting image: unsquashfs or tar failed (" + how + "), output: " + output_tail(output));
}

std::pair<std::string, int64_t> hash_file(const fs::path& path, const sdk::Context& ctx) {
  Fd file;
  file.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (file.fd < 0) fail("opening " + path.string() + ": " + std::strerror(errno));
  Hasher hasher;
  std::vector<char> buf(1 << 20);
  int64_t size = 0;
  for (;;) {
    check_cancel(ctx);
    ssize_t n = ::read(file.fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("reading " + path.string() + ": " + std::strerror(errno));
    if (n == 0) break;
    hasher.update(buf.data(), static_cast<size_t>(n));
    size += n;
  }
  return {hasher.finish().str(), size};
}

}  // namespace

SifLayer make_sif_layer(int sif_fd, const SifDescriptor& rootfs, const std::optional<std::string>& script,
                        const fs::path& work, const sdk::Context& ctx) {
  const fs::path squashfs = work / "rootfs.squashfs";
  const fs::path root = work / "rootfs";
  const fs::path tar = work / "rootfs.tar";
  const fs::path output = work / "output";
  copy_partition(sif_fd, rootfs, squashfs, ctx);
  if (script) write_injected_script(root, *script);
  run_conversion(root, squashfs, tar, output, ctx);
  // Only the tar is needed from here on.
  remove_tree(root);
  ::unlink(squashfs.c_str());
  ::unlink(output.c_str());
  auto [digest, size] = hash_file(tar, ctx);
  return SifLayer{.tar = tar, .digest = digest, .size = size};
}

}  // namespace ferry::plugins::sif
