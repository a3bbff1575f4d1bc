// Pipes that carry a reply's payload to the client. A worker thread writes
// into the pipe; the client reads it to the end and then calls FinishPipe,
// which waits for the worker, closes the write end and reports the worker's
// error (a digest mismatch, a failed read). The pipe id is the write end's
// file descriptor number, as in skopeo.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace ferry::cli::image_proxy {

// The write end as a worker sees it: write() blocks until the client has
// read enough, and gives up (throwing ferry::Error) when the client closed its
// end or the proxy is shutting down.
class PipeWriter {
 public:
  PipeWriter(int fd, int stop_fd) : fd_(fd), stop_fd_(stop_fd) {}
  void write(const void* data, size_t n);

 private:
  int fd_, stop_fd_;
};

// Writes a payload; returns the error text for FinishPipe, or nullopt on
// success.
using PipeWorker = std::function<std::optional<std::string>(PipeWriter& out)>;

struct StartedPipe {
  int read_fd;  // for the reply; the caller closes it once sent
  uint32_t id;
};

class PipeTable {
 public:
  PipeTable();
  // Stops the workers still running and waits for them.
  ~PipeTable();
  PipeTable(const PipeTable&) = delete;
  PipeTable& operator=(const PipeTable&) = delete;
  // Starts a worker on a pipe that no FinishPipe waits for (GetRawBlob); it
  // owns its write end and closes it when done, even when it cannot start.
  void start_detached(int write_fd, std::function<void(PipeWriter& out)> worker);
  StartedPipe start(PipeWorker worker);
  // False when no pipe has this id. Otherwise waits for its worker, closes it,
  // and sets `error` to the worker's error (or nullopt).
  bool finish(uint32_t id, std::optional<std::string>& error);

 private:
  struct Active {
    int write_fd = -1;
    std::thread worker;
    std::optional<std::string> error;
  };
  // A worker nobody waits for; joined once done, when the next one starts, so
  // that finished threads do not pile up (each holds its stack until joined).
  struct Detached {
    std::thread worker;
    std::shared_ptr<std::atomic<bool>> done;
  };
  void reap_detached();
  std::map<uint32_t, std::unique_ptr<Active>> active_;
  std::vector<Detached> detached_;
  int stop_fd_ = -1;  // an eventfd, readable once the table is being torn down
};

// A pipe(2) pair with close-on-exec set; throws ferry::Error.
void make_pipe(int fds[2]);

}  // namespace ferry::cli::image_proxy
