// A transport that only names images, for policy tests: its references carry
// the text, docker reference and policy identity a real plugin would report.
#pragma once

#include <ferry/core/host_objects.hpp>
#include <ferry/core/transport.hpp>

#include <memory>
#include <optional>
#include <string>

namespace ferry::test {

class FakeTransport {
 public:
  FakeTransport(std::string name, uint32_t flags);
  FakeTransport(const FakeTransport&) = delete;
  FakeTransport& operator=(const FakeTransport&) = delete;

  // "name:text"; `docker` and `identity` as the plugin's docker_reference and
  // policy_scope would give them (nullopt: it has none).
  ImageReference reference(const std::string& text, std::optional<std::string> docker,
                           std::optional<std::string> identity) const;

 private:
  std::string name_;
  ferry_reference_methods methods_{};
  ferry_transport table_{};
  std::unique_ptr<Transport> transport_;
};

}  // namespace ferry::test
