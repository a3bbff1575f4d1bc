// Process-wide requests to stop: a signal (SIGINT, SIGTERM, SIGHUP) or the
// command timeout. Plugins see them through ferry_host.is_cancelled, so work
// stops at its next read or write and the destination is aborted, never
// committed: what a failed copy leaves is what an interrupted one leaves.
#pragma once

namespace ferry {

enum class StopReason { none, interrupted, terminated, timed_out };

// Async-signal-safe: a signal handler may call it. The first reason stays.
void request_stop(StopReason reason) noexcept;
StopReason stop_requested() noexcept;

}  // namespace ferry
