#include "fake_transport.hpp"

struct ferry_reference {
  std::string text;
  std::optional<std::string> docker;
  std::optional<std::string> identity;
};

namespace ferry::test {
namespace {

ferry_status put(const std::optional<std::string>& value, ferry_sink* out) {
  if (!value) return FERRY_E_NOT_FOUND;
  out->data = *value;
  return FERRY_OK;
}

}  // namespace

FakeTransport::FakeTransport(std::string name, uint32_t flags) : name_(std::move(name)) {
  methods_.struct_size = sizeof methods_;
  methods_.parse = [](const char*, ferry_reference**, ferry_error*) { return FERRY_E_NOT_SUPPORTED; };
  methods_.close = [](ferry_reference* r) { delete r; };
  methods_.to_string = [](const ferry_reference* r, ferry_sink* out, ferry_error*) {
    return put(r->text, out);
  };
  methods_.docker_reference = [](const ferry_reference* r, ferry_sink* out, ferry_error*) {
    return put(r->docker, out);
  };
  methods_.policy_scope = [](const ferry_reference* r, ferry_sink* out, ferry_error*) {
    return put(r->identity, out);
  };
  table_.struct_size = sizeof table_;
  table_.name = name_.c_str();
  table_.description = "policy test transport";
  table_.reference = &methods_;
  table_.flags = flags;
  transport_ = std::make_unique<Transport>(&table_, "fake", "test", FERRY_ABI_MINOR);
}

ImageReference FakeTransport::reference(const std::string& text, std::optional<std::string> docker,
                                        std::optional<std::string> identity) const {
  return ImageReference(transport_.get(), new ferry_reference{text, std::move(docker), std::move(identity)});
}

}  // namespace ferry::test
