#include "entry.hpp"

#include <ferry/base64.hpp>

#include <ferry/json_input/error.hpp>
#include <ferry/json_input/fields.hpp>
#include <ferry/json_input/parse.hpp>

#include <vector>

namespace ferry::tar_split {
namespace {

// A JSON string as Go's encoder escapes it (HTML-safe, U+2028 and U+2029 too).
void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      default:
        break;
    }
    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xA8) {
      out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

}  // namespace

bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n;
    uint32_t cp, min;
    if ((c & 0xE0) == 0xC0)
      n = 1, cp = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0)
      n = 2, cp = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0)
      n = 3, cp = c & 0x07, min = 0x10000;
    else
      return false;
    if (i + n >= s.size()) return false;
    for (size_t k = 1; k <= n; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = cp << 6 | (d & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

std::string clean_path(std::string_view path) {
  if (path.empty()) return ".";
  bool rooted = path[0] == '/';
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view part = path.substr(i, j - i);
    i = j + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..")
        parts.pop_back();
      else if (!rooted)
        parts.push_back(part);
      continue;
    }
    parts.push_back(part);
  }
  std::string out = rooted ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k) out += '/';
    out += parts[k];
  }
  return out.empty() ? "." : out;
}

std::string encode_entry(const Entry& e) {
  std::string out = "{\"type\":";
  out += std::to_string(static_cast<int>(e.type));
  if (!e.name.empty()) {
    if (valid_utf8(e.name)) {
      out += ",\"name\":";
      append_json_string(out, e.name);
    } else {
      out += ",\"name_raw\":\"" + base64::encode(e.name) + '"';
    }
  }
  if (e.size) out += ",\"size\":" + std::to_string(e.size);
  out += ",\"payload\":";
  out += e.payload ? '"' + base64::encode(*e.payload) + '"' : "null";
  out += ",\"position\":" + std::to_string(e.position) + "}\n";
  return out;
}

Entry decode_entry(std::string_view line, const std::string& document, size_t max_bytes) {
  // An entry is flat: an object of numbers and strings.
  const json_input::Limits limits{"tar-split entries", max_bytes, 4};
  auto json = json_input::parse(line, limits, document);
  json_input::Fields<nlohmann::json> f(json, document);
  Entry e;
  auto type = f.integer("type");
  if (!type || (*type != 1 && *type != 2))
    throw json_input::Error(document + ": \"type\" is neither 1 (file) nor 2 (segment)");
  e.type = static_cast<EntryType>(*type);
  auto raw = f.string("name_raw");
  if (raw && !raw->empty()) {
    auto bytes = base64::decode(*raw);
    if (!bytes) throw json_input::Error(document + ": \"name_raw\" is not base64");
    e.name = std::move(*bytes);
  } else if (auto name = f.string("name")) {
    e.name = std::move(*name);
  }
  e.size = f.integer("size").value_or(0);
  if (e.size < 0) throw json_input::Error(document + ": \"size\" is negative");
  if (auto payload = f.string("payload")) {
    auto bytes = base64::decode(*payload);
    if (!bytes) throw json_input::Error(document + ": \"payload\" is not base64");
    e.payload = std::move(*bytes);
  }
  auto position = f.integer("position").value_or(0);
  if (position < 0) throw json_input::Error(document + ": \"position\" is negative");
  e.position = static_cast<uint64_t>(position);
  return e;
}

}  // namespace ferry::tar_split
