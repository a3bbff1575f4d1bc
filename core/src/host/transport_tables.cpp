#include "host/transport_tables.hpp"

#include <ferry/core/error.hpp>
#include <ferry/core/transport.hpp>

#include <set>

namespace ferry {
namespace {

constexpr uint32_t kKnownScopes = FERRY_OPTION_SOURCE | FERRY_OPTION_DESTINATION | FERRY_OPTION_IMAGE |
                                  FERRY_OPTION_LOGIN | FERRY_OPTION_SHARED;

// Flag names: what follows "--src-" on a command line, so lower case, digits
// and inner hyphens only.
bool is_flag_name(std::string_view s) {
  if (s.empty() || s.size() > 64 || s.front() == '-' || s.back() == '-') return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

std::string check_options(const ferry_transport& t) {
  if (t.option_count > 0 && !t.options) return "declares options but no option table";
  if (t.option_count > 256) return "declares " + std::to_string(t.option_count) + " options (at most 256)";
  std::set<std::string_view> seen;
  for (uint32_t i = 0; i < t.option_count; ++i) {
    const ferry_option& o = t.options[i];
    std::string which = "option " + std::to_string(i + 1);
    if (o.struct_size < offsetof(ferry_option, help) + sizeof(o.help))
      return which + " has a short struct_size";
    if (!o.name || !is_flag_name(o.name)) return which + " has no valid name (lower case, digits and '-')";
    which += " (\"" + std::string(o.name) + "\")";
    if (o.type > FERRY_OPTION_STRING_LIST) return which + " has unknown type " + std::to_string(o.type);
    if (o.scope == 0 || (o.scope & ~kKnownScopes) != 0)
      return which + " has unknown scope " + std::to_string(o.scope);
    if (!seen.insert(o.name).second) return which + " is declared twice";
  }
  return "";
}

std::string check_methods(const ferry_transport& t) {
  const ferry_reference_methods* r = t.reference;
  if (!FERRY_TABLE_HAS(r, ferry_reference_methods, parse) ||
      !FERRY_TABLE_HAS(r, ferry_reference_methods, close) ||
      !FERRY_TABLE_HAS(r, ferry_reference_methods, to_string))
    return "its reference table lacks parse, close or to_string";
  if (const ferry_source_methods* s = t.source) {
    if (!FERRY_TABLE_HAS(s, ferry_source_methods, open) || !FERRY_TABLE_HAS(s, ferry_source_methods, close) ||
        !FERRY_TABLE_HAS(s, ferry_source_methods, get_manifest) ||
        !FERRY_TABLE_HAS(s, ferry_source_methods, get_blob))
      return "its source table lacks open, close, get_manifest or get_blob";
  }
  if (const ferry_destination_methods* d = t.destination) {
    if (!FERRY_TABLE_HAS(d, ferry_destination_methods, open) ||
        !FERRY_TABLE_HAS(d, ferry_destination_methods, close) ||
        !FERRY_TABLE_HAS(d, ferry_destination_methods, put_blob) ||
        !FERRY_TABLE_HAS(d, ferry_destination_methods, put_manifest) ||
        !FERRY_TABLE_HAS(d, ferry_destination_methods, commit))
      return "its destination table lacks open, close, put_blob, put_manifest or commit";
  }
  return "";
}

}  // namespace

void check_transport_tables(const ferry_transport& t, uint32_t abi_minor, const std::string& origin) {
  std::string fault = check_methods(t);
  if (fault.empty() && abi_minor >= 1 &&
      t.struct_size >= offsetof(ferry_transport, options) + sizeof(t.options))
    fault = check_options(t);
  if (!fault.empty())
    fail(FERRY_E_ABI, "plugin " + origin + " is refused: transport \"" + std::string(t.name) + "\" " + fault);
}

}  // namespace ferry
