// layers.json and images.json: arrays of records that containers/storage owns.
// Records are kept as the JSON they were read as, in member order, so a field
// ferry does not know (flags, uidmap, a newer version's additions) is written
// back untouched.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::plugins::cstore {

using Record = nlohmann::ordered_json;

class Records {
 public:
  // A missing file is an empty list. A file that is not an array of objects
  // with string "id"s is refused, naming the file: never rewritten.
  static Records load(const std::filesystem::path& file);

  const std::filesystem::path& file() const { return file_; }
  std::vector<Record>& all() { return list_; }
  const std::vector<Record>& all() const { return list_; }
  Record* find(std::string_view id);
  const Record* find(std::string_view id) const;
  void erase(std::string_view id);
  // Replaces the file whole (temporary name, fsync, rename), mode 0600.
  void save() const;

 private:
  std::filesystem::path file_;
  std::vector<Record> list_;
};

// A string member, or "" when absent or not a string.
std::string text_of(const Record& r, const char* key);
// A string-array member; absent -> empty.
std::vector<std::string> strings_of(const Record& r, const char* key);

// The file a big-data item of an image is stored in: the key itself when it
// is made of [0-9a-z.] only, else "=" + base64(key), as containers/storage names them.
std::string big_data_file_name(std::string_view key);

}  // namespace ferry::plugins::cstore
