#include "image_proxy/message_socket.hpp"

#include <ferry/core/error.hpp>

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace ferry::cli::image_proxy {

MessageSocket::Received MessageSocket::receive(std::string& out, size_t& out_size) {
  out.resize(max_message_size);
  for (;;) {
    iovec iov{};
    iov.iov_base = out.data();
    iov.iov_len = out.size();
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    // MSG_TRUNC: the packet's real length, so an over-long one is noticed.
    ssize_t n = recvmsg(fd_, &msg, MSG_TRUNC | MSG_CMSG_CLOEXEC);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      if (errno == ECONNRESET) return Received::closed;
      fail(FERRY_E_IO, "reading socket: " + go_errno_text(errno));
    }
    if (n == 0) return Received::closed;
    out_size = static_cast<size_t>(n);
    if (out_size > max_message_size || (msg.msg_flags & MSG_TRUNC)) return Received::too_long;
    out.resize(out_size);
    return Received::message;
  }
}

void MessageSocket::send(std::string_view message, const std::vector<int>& fds) {
  iovec iov{};
  iov.iov_base = const_cast<char*>(message.data());
  iov.iov_len = message.size();
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  std::vector<char> control;
  if (!fds.empty()) {
    control.assign(CMSG_SPACE(sizeof(int) * fds.size()), 0);
    msg.msg_control = control.data();
    msg.msg_controllen = control.size();
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
    std::memcpy(CMSG_DATA(c), fds.data(), sizeof(int) * fds.size());
  }
  for (;;) {
    ssize_t n = sendmsg(fd_, &msg, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(FERRY_E_IO, "writing to socket: " + go_errno_text(errno));
    if (static_cast<size_t>(n) != message.size()) fail(FERRY_E_IO, "writing to socket: short write");
    return;
  }
}

}  // namespace ferry::cli::image_proxy
