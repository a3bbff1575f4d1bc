#include "completion/completion_scripts.hpp"

namespace ferry::cli {
namespace {

// The reference syntax: what the description's last parentheses hold.
std::string syntax_of(const std::string& description) {
  const size_t open = description.rfind('(');
  return open == std::string::npos ? "" : description.substr(open + 1);
}

}  // namespace

std::string transport_prefix(const CompletionTransport& transport) {
  return transport.name + (syntax_of(transport.description).rfind("//", 0) == 0 ? "://" : ":");
}

bool reference_is_path(const CompletionTransport& transport) {
  const std::string syntax = syntax_of(transport.description);
  return syntax.rfind("path", 0) == 0 || syntax.rfind("file", 0) == 0;
}

bool takes_image_names(const CatalogCommand& command) {
  return command.doc.usage.find("IMAGE") != std::string::npos;
}

}  // namespace ferry::cli
