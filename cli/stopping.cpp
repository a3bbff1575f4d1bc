#include "stopping.hpp"

#include <ferry/core/stop.hpp>

#include <atomic>
#include <csignal>
#include <cstring>
#include <ctime>
#include <sys/time.h>
#include <unistd.h>

namespace ferry::cli {
namespace {

// Time for work to notice a stop and unwind before the process is ended.
constexpr unsigned grace_seconds = 5;

std::atomic<int> stop_signal{0};
std::string timeout_text;  // written before the timer is armed, read after

// Written with write(2) only: these run inside signal handlers.
void say(const char* text) {
  ssize_t ignored = ::write(STDERR_FILENO, text, std::strlen(text));
  (void)ignored;
}

// A fatal line in the CLI's format, from a signal handler: the time from
// time(2) and integer arithmetic (gmtime and strftime are not signal-safe).
void say_fatal(const char* message) {
  std::time_t now = std::time(nullptr);
  long long days = now / 86400, secs = now % 86400;
  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
  long long z = days + 719468, era = z / 146097, doe = z - era * 146097;
  long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  long long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  long long y = yoe + era * 400 + (m <= 2);
  char ts[32];
  const long long parts[] = {y, m, d, secs / 3600, secs / 60 % 60, secs % 60};
  const char seps[] = {'-', '-', 'T', ':', ':', 'Z'};
  char* p = ts;
  for (int i = 0; i < 6; ++i) {
    long long v = parts[i];
    int width = i == 0 ? 4 : 2;
    for (int k = width - 1; k >= 0; --k, v /= 10) p[k] = static_cast<char>('0' + v % 10);
    p += width;
    *p++ = seps[i];
  }
  *p = '\0';
  say("time=\"");
  say(ts);
  say("\" level=fatal msg=\"");
  say(message);
  say("\"\n");
}

// A stop was requested and work did not finish unwinding in time.
void on_grace_over() {
  int sig = stop_signal.load();
  if (sig != 0) {
    say_fatal("stopped by a signal; work did not stop within 5s and was cut off");
    ::_exit(128 + sig);
  }
  say_fatal(
      "context deadline exceeded: the command ran past --command-timeout and did not "
      "stop within 5s");
  ::_exit(1);
}

extern "C" void on_stop_signal(int sig) {
  if (stop_signal.exchange(sig) != 0) {
    // A second signal: the user insists.
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  request_stop(sig == SIGINT ? StopReason::interrupted : StopReason::terminated);
  ::alarm(grace_seconds);
}

extern "C" void on_alarm(int) {
  if (stop_requested() == StopReason::none) {
    request_stop(StopReason::timed_out);
    ::alarm(grace_seconds);
    return;
  }
  on_grace_over();
}

void handle(int sig, void (*fn)(int)) {
  struct sigaction sa {};
  sa.sa_handler = fn;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  ::sigaction(sig, &sa, nullptr);
}

}  // namespace

void install_stop_signals() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    // A signal ignored at start (a background job's SIGINT, nohup's SIGHUP)
    // stays ignored, as the shell meant.
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    handle(sig, &on_stop_signal);
  }
  handle(SIGALRM, &on_alarm);
}

void arm_command_timeout(std::chrono::nanoseconds timeout, const std::string& as_given) {
  timeout_text = as_given;
  if (timeout.count() <= 0) return;  // Go's context: a zero timeout means none here
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(timeout).count();
  if (us == 0) us = 1;
  itimerval t{};
  t.it_value.tv_sec = static_cast<time_t>(us / 1000000);
  t.it_value.tv_usec = static_cast<suseconds_t>(us % 1000000);
  ::setitimer(ITIMER_REAL, &t, nullptr);
}

std::string explain_stop(const std::string& message) {
  switch (stop_requested()) {
    case StopReason::timed_out:
      return "context deadline exceeded: the command ran past --command-timeout " + timeout_text + " (" +
             message + ")";
    case StopReason::interrupted:
      return "interrupted (" + message + ")";
    case StopReason::terminated:
      return "terminated (" + message + ")";
    case StopReason::none:
      break;
  }
  return message;
}

int exit_status_after(int status) {
  int sig = stop_signal.load();
  if (sig == 0) return status;
  ::alarm(0);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
  return 128 + sig;  // not reached unless the signal is blocked
}

}  // namespace ferry::cli
