// How a command stops early. SIGINT, SIGTERM and SIGHUP, and the end of
// --command-timeout, request a stop (ferry/core/stop.hpp): running work sees it
// at its next read or write and unwinds, so a destination is aborted and its
// staging removed. A second signal, or a process still running a few seconds
// after the request (a read blocked on a silent peer), ends at once: the next
// writer to that destination removes what it left (file_io/staging.hpp).
#pragma once

#include <chrono>
#include <string>

namespace ferry::cli {

// Installs the signal handlers; call first thing in main.
void install_stop_signals();

// Requests a stop `timeout` from now; `as_given` is the flag's text, for messages.
void arm_command_timeout(std::chrono::nanoseconds timeout, const std::string& as_given);

// The message for a command that failed with `message`, saying why it stopped.
std::string explain_stop(const std::string& message);

// After the command: a process stopped by a signal ends by that signal (the
// shell sees 130 for SIGINT, 143 for SIGTERM); otherwise returns `status`.
int exit_status_after(int status);

}  // namespace ferry::cli
