#include "ferry/json_input/parse.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <system_error>
#include <vector>

namespace ferry::json_input {
namespace {

// nlohmann's DOM builder behind a depth count: the parse stops at the first
// container that would go past the limit, before anything deeper is built.
// With DuplicateKeys::refuse it also stops at the first key an object
// already has (the DOM would silently keep only one of them).
template <class Json>
class DepthLimitedBuilder {
 public:
  using number_integer_t = typename Json::number_integer_t;
  using number_unsigned_t = typename Json::number_unsigned_t;
  using number_float_t = typename Json::number_float_t;
  using string_t = typename Json::string_t;
  using binary_t = typename Json::binary_t;

  DepthLimitedBuilder(Json& result, size_t max_depth, DuplicateKeys duplicates)
      : dom_(result, /*allow_exceptions=*/false),
        max_depth_(max_depth),
        refuse_duplicates_(duplicates == DuplicateKeys::refuse) {}

  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(number_float_t v, const string_t& s) { return dom_.number_float(v, s); }
  bool string(string_t& v) { return dom_.string(v); }
  bool binary(binary_t& v) { return dom_.binary(v); }
  bool key(string_t& v) {
    if (refuse_duplicates_ && !keys_.back().insert(v).second) {
      duplicate_ = v;
      return false;
    }
    return dom_.key(v);
  }
  bool start_object(std::size_t n) {
    if (refuse_duplicates_) keys_.emplace_back();
    return enter() && dom_.start_object(n);
  }
  bool start_array(std::size_t n) { return enter() && dom_.start_array(n); }
  bool end_object() {
    --depth_;
    if (refuse_duplicates_) keys_.pop_back();
    return dom_.end_object();
  }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }

  template <class Exception>
  bool parse_error(std::size_t, const std::string&, const Exception& ex) {
    syntax_error_ = readable(ex.what());
    return false;
  }

  bool too_deep() const { return too_deep_; }
  const std::optional<std::string>& duplicate() const { return duplicate_; }
  const std::string& syntax_error() const { return syntax_error_; }

 private:
  bool enter() {
    if (++depth_ <= max_depth_) return true;
    too_deep_ = true;
    return false;
  }

  // "[json.exception.parse_error.101] parse error at line 1, column 9: syntax
  // error while parsing value - invalid literal; last read: '…'" becomes
  // "syntax error while parsing value - invalid literal (line 1, column 9)":
  // no library tag, and none of the document's own bytes.
  static std::string readable(std::string what) {
    std::string where;
    if (auto at = what.find(" at line "); at != std::string::npos) {
      auto colon = what.find(": ", at);
      if (colon != std::string::npos) {
        where = what.substr(at + 4, colon - at - 4);
        what.erase(0, colon + 2);
      }
    } else if (auto tag = what.find("] "); tag != std::string::npos) {
      what.erase(0, tag + 2);
    }
    if (auto lr = what.find("; last read: '"); lr != std::string::npos) {
      auto end = what.find("'; expected", lr + 14);
      what.erase(lr, end == std::string::npos ? std::string::npos : end + 1 - lr);
    }
    for (char& c : what)
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
    return where.empty() ? what : what + " (" + where + ")";
  }

  nlohmann::detail::json_sax_dom_parser<Json> dom_;
  size_t max_depth_;
  size_t depth_ = 0;
  bool too_deep_ = false;
  bool refuse_duplicates_;
  std::vector<std::set<std::string>> keys_;  // of each open object, when refusing duplicates
  std::optional<std::string> duplicate_;
  std::string syntax_error_;
};

template <class Json, class Input>
Json parse_input(Input&& input, const Limits& limits, const std::string& document, DuplicateKeys duplicates) {
  Json result;
  DepthLimitedBuilder<Json> builder(result, limits.max_depth, duplicates);
  if (Json::sax_parse(std::forward<Input>(input), &builder)) return result;
  if (builder.duplicate()) throw DuplicateKey(document, *builder.duplicate());
  if (builder.too_deep())
    throw Error(document + " is nested more than " + std::to_string(limits.max_depth) +
                " levels deep, the limit for " + limits.purpose);
  throw Error(document + " is not valid JSON: " + builder.syntax_error());
}

}  // namespace

DuplicateKey::DuplicateKey(const std::string& document, std::string key)
    : Error(document + " has the key \"" + key + "\" twice"), key_(std::move(key)) {}

template <class Json>
Json parse(std::string_view text, const Limits& limits, const std::string& document,
           DuplicateKeys duplicates) {
  if (text.size() > limits.max_bytes) throw too_large(document, limits);
  return parse_input<Json>(text, limits, document, duplicates);
}

template <class Json>
std::optional<Json> parse_file(const std::filesystem::path& file, const Limits& limits,
                               const std::string& document, DuplicateKeys duplicates) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec == std::errc::no_such_file_or_directory) return std::nullopt;
  if (ec) throw sdk::Error(FERRY_E_IO, "cannot read " + file.string() + ": " + ec.message());
  if (size > limits.max_bytes) throw too_large(document, limits);

  std::vector<char> buffer(1 << 20);  // a big buffer: the parser reads one byte at a time
  std::ifstream in;
  in.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  in.open(file, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return std::nullopt;
    throw sdk::Error(FERRY_E_IO, "cannot open " + file.string() + ": " + std::strerror(errno));
  }
  Json result = parse_input<Json>(in, limits, document, duplicates);
  if (in.bad()) throw sdk::Error(FERRY_E_IO, "reading " + file.string() + " failed");
  return result;
}

template nlohmann::json parse(std::string_view, const Limits&, const std::string&, DuplicateKeys);
template nlohmann::ordered_json parse(std::string_view, const Limits&, const std::string&, DuplicateKeys);
template std::optional<nlohmann::json> parse_file(const std::filesystem::path&, const Limits&,
                                                  const std::string&, DuplicateKeys);
template std::optional<nlohmann::ordered_json> parse_file(const std::filesystem::path&, const Limits&,
                                                          const std::string&, DuplicateKeys);

}  // namespace ferry::json_input
