// Parsing JSON that came from outside. `document` names it in errors, as a
// person would: "index.json in /srv/layout", "the token reply from quay.io".
// Every error is a json_input::Error of one line; nlohmann's exception texts
// never escape.
//
// Depth is counted while parsing (nlohmann's parser itself is iterative), so a
// document that is accepted is at most limits.max_depth deep and any later
// recursion over it (copy, dump(), comparison) is bounded too; destruction is
// iterative in nlohmann::json.
#pragma once

#include "ferry/json_input/error.hpp"
#include "ferry/json_input/limits.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::json_input {

// What a key that appears twice in one object does. nlohmann keeps the last
// one without a word; a document whose meaning a repeated key could hide
// (policy.json, as containers/image reads it) asks for `refuse`.
enum class DuplicateKeys { keep_last, refuse };

// Thrown for DuplicateKeys::refuse: `<document> has the key "x" twice`. The
// key is kept so that a caller can word the error its own way.
class DuplicateKey : public Error {
 public:
  DuplicateKey(const std::string& document, std::string key);
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

// Json is nlohmann::json (object members sorted, as Go writes maps) or
// nlohmann::ordered_json (members kept in document order).
template <class Json = nlohmann::json>
Json parse(std::string_view text, const Limits& limits, const std::string& document,
           DuplicateKeys duplicates = DuplicateKeys::keep_last);

// The file parsed as it is read, so a big index.json is never held twice;
// nullopt when it does not exist. Other failures to read it are FERRY_E_IO.
template <class Json = nlohmann::json>
std::optional<Json> parse_file(const std::filesystem::path& file, const Limits& limits,
                               const std::string& document,
                               DuplicateKeys duplicates = DuplicateKeys::keep_last);

extern template nlohmann::json parse(std::string_view, const Limits&, const std::string&, DuplicateKeys);
extern template nlohmann::ordered_json parse(std::string_view, const Limits&, const std::string&,
                                             DuplicateKeys);
extern template std::optional<nlohmann::json> parse_file(const std::filesystem::path&, const Limits&,
                                                         const std::string&, DuplicateKeys);
extern template std::optional<nlohmann::ordered_json> parse_file(const std::filesystem::path&, const Limits&,
                                                                 const std::string&, DuplicateKeys);

}  // namespace ferry::json_input
