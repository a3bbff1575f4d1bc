/* kill_at_call.c — an LD_PRELOAD shim for the fault suite: it counts the
 * process's rename and fsync calls (rename, renameat, renameat2, fsync,
 * fdatasync) and kills the process with SIGKILL at call number
 * FERRY_KILL_AT, before the call (FERRY_KILL_WHEN=before, the default) or
 * just after it returned (after). A copy killed so stops exactly where a
 * crash or `kill -9` between two durable steps would stop it.
 *
 * FERRY_KILL_LOG names a file that gets one line per counted call ("N fsync"
 * or "N rename FROM -> TO"), so a failing case says where it was killed. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static atomic_long calls;

static long kill_at(void) {
  const char* v = getenv("FERRY_KILL_AT");
  return v ? atol(v) : 0;
}

static int kill_after(void) {
  const char* v = getenv("FERRY_KILL_WHEN");
  return v && strcmp(v, "after") == 0;
}

static void note(long n, const char* what, const char* from, const char* to) {
  const char* path = getenv("FERRY_KILL_LOG");
  if (!path) return;
  char line[8192];
  int len = snprintf(line, sizeof line, "%ld %s%s%s%s%s\n", n, what, from ? " " : "", from ? from : "",
                     to ? " -> " : "", to ? to : "");
  if (len < 0) return;
  if ((size_t)len >= sizeof line) len = sizeof line - 1;
  int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  ssize_t ignored = write(fd, line, (size_t)len);
  (void)ignored;
  close(fd);
}

/* Counts one call; dies here when it is the chosen one and the kill comes first. */
static long before(const char* what, const char* from, const char* to) {
  long n = atomic_fetch_add(&calls, 1) + 1;
  note(n, what, from, to);
  if (n == kill_at() && !kill_after()) raise(SIGKILL);
  return n;
}

static void after(long n) {
  if (n == kill_at() && kill_after()) raise(SIGKILL);
}

/* The libc function this one stands in front of. */
#define REAL(name)                      \
  static __typeof__(&name) real_##name; \
  if (!real_##name) real_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

int rename(const char* from, const char* to) {
  REAL(rename);
  long n = before("rename", from, to);
  int rc = real_rename(from, to);
  after(n);
  return rc;
}

int renameat(int fromfd, const char* from, int tofd, const char* to) {
  REAL(renameat);
  long n = before("renameat", from, to);
  int rc = real_renameat(fromfd, from, tofd, to);
  after(n);
  return rc;
}

int renameat2(int fromfd, const char* from, int tofd, const char* to, unsigned int flags) {
  REAL(renameat2);
  long n = before("renameat2", from, to);
  int rc = real_renameat2(fromfd, from, tofd, to, flags);
  after(n);
  return rc;
}

/* The path an open descriptor names, for the log. */
static const char* fd_path(int fd, char* buf, size_t cap) {
  char link[64];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t len = readlink(link, buf, cap - 1);
  buf[len > 0 ? len : 0] = '\0';
  return buf;
}

int fsync(int fd) {
  REAL(fsync);
  char path[4096];
  long n = before("fsync", getenv("FERRY_KILL_LOG") ? fd_path(fd, path, sizeof path) : NULL, NULL);
  int rc = real_fsync(fd);
  after(n);
  return rc;
}

int fdatasync(int fd) {
  REAL(fdatasync);
  char path[4096];
  long n = before("fdatasync", getenv("FERRY_KILL_LOG") ? fd_path(fd, path, sizeof path) : NULL, NULL);
  int rc = real_fdatasync(fd);
  after(n);
  return rc;
}
