#include "image_proxy/pipe_table.hpp"

#include <ferry/core/error.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>

namespace ferry::cli::image_proxy {

void make_pipe(int fds[2]) {
  if (pipe2(fds, O_CLOEXEC) != 0) fail(FERRY_E_IO, "pipe: " + go_errno_text(errno));
}

void PipeWriter::write(const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = ::write(fd_, p, n);
    if (w > 0) {
      p += w;
      n -= static_cast<size_t>(w);
      continue;
    }
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && errno != EAGAIN) fail(FERRY_E_IO, "write |1: " + go_errno_text(errno));
    pollfd fds[2] = {{fd_, POLLOUT, 0}, {stop_fd_, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0 && errno != EINTR) fail(FERRY_E_IO, "poll: " + go_errno_text(errno));
    if (fds[1].revents & POLLIN) fail(FERRY_E_CANCELLED, "the proxy is shutting down");
  }
}

PipeTable::PipeTable() {
  stop_fd_ = eventfd(0, EFD_CLOEXEC);
  if (stop_fd_ < 0) fail(FERRY_E_IO, "eventfd: " + go_errno_text(errno));
}

StartedPipe PipeTable::start(PipeWorker worker) {
  int fds[2];
  make_pipe(fds);
  fcntl(fds[1], F_SETFL, O_NONBLOCK);  // PipeWriter waits in poll, so it can be stopped
  auto active = std::make_unique<Active>();
  active->write_fd = fds[1];
  Active* a = active.get();
  try {
    a->worker = std::thread([a, stop = stop_fd_, work = std::move(worker)] {
      try {
        PipeWriter out(a->write_fd, stop);
        a->error = work(out);
      } catch (const std::exception& e) {
        a->error = e.what();
      }
    });
  } catch (...) {
    close(fds[0]);
    close(fds[1]);
    throw;
  }
  uint32_t id = static_cast<uint32_t>(fds[1]);
  active_[id] = std::move(active);
  return {fds[0], id};
}

void PipeTable::start_detached(int write_fd, std::function<void(PipeWriter& out)> worker) {
  reap_detached();
  fcntl(write_fd, F_SETFL, O_NONBLOCK);
  auto done = std::make_shared<std::atomic<bool>>(false);
  try {
    detached_.push_back({std::thread([write_fd, done, stop = stop_fd_, work = std::move(worker)] {
                           PipeWriter out(write_fd, stop);
                           try {
                             work(out);
                           } catch (const std::exception&) {
                             // the worker reports its own errors; nothing is left to tell
                           }
                           close(write_fd);
                           *done = true;
                         }),
                         done});
  } catch (...) {
    close(write_fd);
    throw;
  }
}

void PipeTable::reap_detached() {
  std::erase_if(detached_, [](Detached& d) {
    if (!*d.done) return false;
    d.worker.join();
    return true;
  });
}

bool PipeTable::finish(uint32_t id, std::optional<std::string>& error) {
  auto it = active_.find(id);
  if (it == active_.end()) return false;
  Active& a = *it->second;
  a.worker.join();
  // Closed only now, so the client sees the end of the data only after it
  // asked for the outcome.
  close(a.write_fd);
  error = a.error;
  active_.erase(it);
  return true;
}

PipeTable::~PipeTable() {
  uint64_t one = 1;
  if (::write(stop_fd_, &one, sizeof one) < 0) {
    // cannot happen for an eventfd below its maximum
  }
  for (auto& [id, a] : active_) {
    a->worker.join();
    close(a->write_fd);
  }
  for (auto& d : detached_) d.worker.join();
  close(stop_fd_);
}

}  // namespace ferry::cli::image_proxy
