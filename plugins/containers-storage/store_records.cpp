#include "store_records.hpp"

#include <ferry/file_io/temp_file.hpp>
#include <ferry/json_input/parse.hpp>
#include <ferry/plugin.hpp>

namespace ferry::plugins::cstore {

Records Records::load(const std::filesystem::path& file) {
  Records r;
  r.file_ = file;
  auto doc = json_input::parse_file<Record>(file, json_input::limits::store_records, file.string());
  if (!doc || doc->is_null()) return r;
  if (!doc->is_array())
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, file.string() + " is not a JSON array; the store is damaged");
  r.list_.reserve(doc->size());
  for (size_t i = 0; i < doc->size(); ++i) {
    Record& item = (*doc)[i];
    if (!item.is_object() || !item.contains("id") || !item["id"].is_string() ||
        item["id"].get_ref<const std::string&>().empty())
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, file.string() + ": record " + std::to_string(i) +
                                                     " has no string \"id\"; the store is damaged");
    // IDs name directories and files of the store: one path component, never "." or "..".
    const auto& id = item["id"].get_ref<const std::string&>();
    if (id == "." || id == ".." || id.find('/') != std::string::npos || id.find('\0') != std::string::npos ||
        id.size() > 255)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                       file.string() + ": record " + std::to_string(i) +
                           " has an \"id\" that is not a plain name; the store is damaged");
    r.list_.push_back(std::move(item));
  }
  return r;
}

Record* Records::find(std::string_view id) {
  for (Record& r : list_)
    if (r["id"].get_ref<const std::string&>() == id) return &r;
  return nullptr;
}

const Record* Records::find(std::string_view id) const {
  for (const Record& r : list_)
    if (r["id"].get_ref<const std::string&>() == id) return &r;
  return nullptr;
}

void Records::erase(std::string_view id) {
  std::erase_if(list_, [&](const Record& r) { return r["id"].get_ref<const std::string&>() == id; });
}

void Records::save() const {
  Record doc = Record::array();
  for (const Record& r : list_) doc.push_back(r);
  file_io::write_file_atomically(file_, doc.dump(), 0600);
}

std::string text_of(const Record& r, const char* key) {
  auto it = r.find(key);
  return it != r.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> strings_of(const Record& r, const char* key) {
  std::vector<std::string> out;
  auto it = r.find(key);
  if (it == r.end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::string big_data_file_name(std::string_view key) {
  bool plain = !key.empty();
  for (char c : key) plain = plain && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '.');
  if (plain) return std::string(key);
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out = "=";
  size_t i = 0;
  for (; i + 2 < key.size(); i += 3) {
    const unsigned v =
        (unsigned char)key[i] << 16 | (unsigned char)key[i + 1] << 8 | (unsigned char)key[i + 2];
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], kAlphabet[v & 63]};
  }
  if (size_t rest = key.size() - i; rest > 0) {
    unsigned v = (unsigned char)key[i] << 16;
    if (rest == 2) v |= (unsigned char)key[i + 1] << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace ferry::plugins::cstore
