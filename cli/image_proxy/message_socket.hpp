// The proxy's control channel: one SOCK_SEQPACKET socket, one JSON request or
// reply per packet, file descriptors of replies passed alongside with
// SCM_RIGHTS.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::cli::image_proxy {

// skopeo reads requests into a 32 KiB buffer; payloads travel over pipes.
inline constexpr size_t max_message_size = 32 * 1024;

class MessageSocket {
 public:
  explicit MessageSocket(int fd) : fd_(fd) {}

  enum class Received { message, too_long, closed };
  // The next packet into `out`. A packet longer than max_message_size is
  // consumed and reported as too_long (its length in `out_size`). A zero-length
  // packet cannot be told from the peer's close: both are `closed`.
  Received receive(std::string& out, size_t& out_size);

  // One packet, with `fds` attached. Throws ferry::Error on failure.
  void send(std::string_view message, const std::vector<int>& fds);

 private:
  int fd_;
};

}  // namespace ferry::cli::image_proxy
