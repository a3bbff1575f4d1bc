#include "www_authenticate.hpp"

#include <cctype>

namespace ferry::plugins::docker {

namespace {

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~/").find(c) != std::string_view::npos;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class Scanner {
 public:
  explicit Scanner(const std::string& s) : s_(s) {}
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }
  bool at_end() { return skip_space(), i_ >= s_.size(); }
  bool eat(char c) {
    skip_space();
    if (i_ < s_.size() && s_[i_] == c) return ++i_, true;
    return false;
  }
  std::string token() {
    skip_space();
    size_t start = i_;
    while (i_ < s_.size() && is_token_char(s_[i_])) ++i_;
    return s_.substr(start, i_ - start);
  }
  std::string value() {  // token or quoted-string
    skip_space();
    if (i_ >= s_.size() || s_[i_] != '"') return token();
    std::string out;
    for (++i_; i_ < s_.size() && s_[i_] != '"'; ++i_) {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) ++i_;
      out += s_[i_];
    }
    if (i_ < s_.size()) ++i_;
    return out;
  }
  size_t pos() const { return i_; }
  void seek(size_t p) { i_ = p; }

 private:
  const std::string& s_;
  size_t i_ = 0;
};

}  // namespace

std::vector<Challenge> parse_challenges(const std::vector<std::string>& header_values) {
  std::vector<Challenge> out;
  for (const auto& h : header_values) {
    Scanner sc(h);
    while (!sc.at_end()) {
      std::string scheme = sc.token();
      if (scheme.empty()) break;
      Challenge c;
      c.scheme = lower(scheme);
      // auth-params until the next "scheme" that is not followed by '='.
      for (;;) {
        size_t mark = sc.pos();
        std::string key = sc.token();
        if (key.empty() || !sc.eat('=')) {
          sc.seek(mark);
          break;
        }
        c.params[lower(key)] = sc.value();
        if (!sc.eat(',')) break;
      }
      out.push_back(std::move(c));
      sc.eat(',');
    }
  }
  return out;
}

}  // namespace ferry::plugins::docker
