#include "config/credential_helper.hpp"
#include <ferry/core/error.hpp>

#include <ferry/json_input/fields.hpp>
#include <nlohmann/json.hpp>

#include <ferry/json_input/fields.hpp>
#include <ferry/json_input/parse.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace ferry {
namespace {

struct HelperResult {
  int status;
  std::string out;
};

// Runs docker-credential-<helper> <verb>, feeding `input` on stdin.
HelperResult run_helper(const std::string& helper, const std::string& verb, const std::string& input) {
  std::string program = "docker-credential-" + helper;
  int in[2], out[2];
  if (pipe(in) != 0) fail(FERRY_E_IO, "cannot create pipes for " + program);
  if (pipe(out) != 0) {
    close(in[0]);
    close(in[1]);
    fail(FERRY_E_IO, "cannot create pipes for " + program);
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addclose(&fa, in[1]);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  char* argv[] = {program.data(), const_cast<char*>(verb.c_str()), nullptr};
  pid_t pid;
  int rc = posix_spawnp(&pid, program.c_str(), &fa, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(in[0]);
  close(out[1]);
  if (rc != 0) {
    close(in[1]);
    close(out[0]);
    // Not "no credentials": a configured helper that is missing is an error.
    fail(FERRY_E_IO, "credential helper " + program + " cannot be run: " + std::strerror(rc));
  }
  // A helper that exits early must not kill us with SIGPIPE.
  struct sigaction ignore {
  }, old{};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &old);
  ssize_t ignored = write(in[1], input.data(), input.size());
  (void)ignored;
  close(in[1]);
  sigaction(SIGPIPE, &old, nullptr);
  HelperResult r{0, {}};
  char buf[4096];
  for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;) r.out.append(buf, static_cast<size_t>(n));
  close(out[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
  return r;
}

}  // namespace

std::optional<Credentials> credential_helper_get(const std::string& helper, const std::string& server) {
  HelperResult r = run_helper(helper, "get", server);
  if (r.status != 0) {
    // The protocol's way of saying "nothing stored"; anything else is an error.
    if (r.out.find("credentials not found") != std::string::npos) return std::nullopt;
    fail(FERRY_E_UNAUTHORIZED, "credential helper docker-credential-" + helper + " failed for " + server +
                                   ": " + r.out.substr(0, r.out.find('\n')));
  }
  const std::string document =
      "the answer of credential helper docker-credential-" + helper + " for " + server;
  const auto j = json_input::parse(r.out, json_input::limits::credential_helper_reply, document);
  json_input::Fields<nlohmann::json> answer(j, document);
  Credentials c{answer.string("Username").value_or(""), answer.string("Secret").value_or("")};
  if (c.user.empty() && c.secret.empty()) return std::nullopt;
  return c;
}

void credential_helper_store(const std::string& helper, const std::string& server, const Credentials& c) {
  nlohmann::json j = {{"ServerURL", server}, {"Username", c.user}, {"Secret", c.secret}};
  HelperResult r = run_helper(helper, "store", j.dump());
  if (r.status != 0)
    fail(FERRY_E_IO,
         "credential helper docker-credential-" + helper + " could not store credentials for " + server);
}

void credential_helper_erase(const std::string& helper, const std::string& server) {
  HelperResult r = run_helper(helper, "erase", server);
  if (r.status != 0)
    fail(FERRY_E_IO,
         "credential helper docker-credential-" + helper + " could not erase credentials for " + server);
}

}  // namespace ferry
