// ferry experimental-image-proxy (hidden, as in skopeo): serves image
// manifests, configs and blobs to a parent process over a SOCK_SEQPACKET
// socket; see docs/image-proxy.md.
#include "../command_line.hpp"
#include "../image_flags.hpp"
#include "image_proxy/go_json.hpp"
#include "image_proxy/message_socket.hpp"
#include "image_proxy/proxy_handler.hpp"

#include <ferry/go_json/go_json.hpp>
#include <ferry/core/error.hpp>

#include <signal.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace ferry::cli {
namespace {

using namespace image_proxy;

std::string reply_text(const Reply& r) {
  nlohmann::ordered_json j;
  j["success"] = !r.error.has_value();
  j["value"] = r.value;
  j["pipeid"] = r.pipe_id;
  j["error"] = r.error.value_or("");
  return go_json::marshal(j);
}

void serve(MessageSocket& socket, ProxyHandler& handler) {
  std::string packet;
  for (;;) {
    size_t size = 0;
    MessageSocket::Received got = socket.receive(packet, size);
    if (got == MessageSocket::Received::closed) return;
    Reply reply;
    if (got == MessageSocket::Received::too_long) {
      reply.error = "invalid request: a request of " + std::to_string(size) + " bytes is larger than " +
                    std::to_string(max_message_size) + " bytes";
    } else {
      try {
        if (!handler.handle(parse_request(packet), reply)) return;  // Shutdown
      } catch (const InvalidRequest& e) {
        reply.error = e.what();
      } catch (const std::exception& e) {
        reply.error = std::string("invalid request: ") + e.what();
      }
    }
    std::string text = reply_text(reply);
    try {
      socket.send(text, reply.fds);
    } catch (...) {
      for (int fd : reply.fds) close(fd);
      throw;
    }
    // The client has its copies now.
    for (int fd : reply.fds) close(fd);
  }
}

int run_image_proxy(App& app, const std::string& command, std::vector<std::string> args) {
  cxxopts::Options o("ferry experimental-image-proxy",
                     "Interactive proxy for fetching container images (EXPERIMENTAL)");
  const DeclaredOptions declared = app.plugins().declared_options();
  add_transport_flags(o, declared, "", FERRY_OPTION_IMAGE);
  o.add_options()("sockfd", "Serve on opened socket pair (default 0/stdin)", cxxopts::value<int>(), "int");
  auto parsed =
      parse_command(app, command, o, args, 0, "accepts 0 arg(s), received " + std::to_string(args.size()));
  if (!parsed) return 0;
  const auto& flags = parsed->flags;
  const int sockfd = flags.count("sockfd") ? flags["sockfd"].as<int>() : 0;
  int type = 0;
  socklen_t len = sizeof type;
  if (getsockopt(sockfd, SOL_SOCKET, SO_TYPE, &type, &len) != 0)
    fail(FERRY_E_INVALID_ARGUMENT,
         "file descriptor " + std::to_string(sockfd) +
             (errno == ENOTSOCK ? " is not a socket" : ": " + go_errno_text(errno)));
  // Messages are whole datagrams: a stream socket would split and merge them.
  if (type != SOCK_SEQPACKET)
    fail(FERRY_E_INVALID_ARGUMENT,
         "file descriptor " + std::to_string(sockfd) + " is not a SOCK_SEQPACKET socket");
  // Tools the plugins start must not hold the client's socket open.
  fcntl(sockfd, F_SETFD, FD_CLOEXEC);
  // A client that closes a pipe early must not kill the proxy.
  signal(SIGPIPE, SIG_IGN);

  ImageOpener opener = [&](const std::string& name) {
    auto image = std::make_shared<OpenedImage>(app.parse_image_name(name));
    app.prepare_context(image->ctx);
    apply_transport_flags(flags, declared, "", FERRY_OPTION_IMAGE, image->ref.transport(), image->ctx);
    image->source = std::make_unique<ImageSource>(image->ref, image->ctx);
    image->concurrent = image->source->concurrent_blobs();
    // skopeo's sources look the image up when opened: a missing one fails here.
    image->top = image->source->manifest();
    return image;
  };
  MessageSocket socket(sockfd);
  ProxyHandler handler(opener, app.platform());
  serve(socket, handler);
  return 0;
}

}  // namespace

CommandFn experimental_image_proxy_command() { return &run_image_proxy; }

}  // namespace ferry::cli
