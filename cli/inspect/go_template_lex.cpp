// Splitting a Go template into text and action tokens.
#include <ferry/core/error.hpp>

#include "go_template_ast.hpp"
#include "go_template_lex.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

namespace ferry::gotmpl {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) {}

  std::vector<Item> run() {
    std::vector<Item> items;
    bool trim_next_text = false;
    while (pos_ < src_.size()) {
      const size_t open = src_.find("{{", pos_);
      std::string text(src_.substr(pos_, open == src_.npos ? src_.npos : open - pos_));
      if (trim_next_text) text.erase(0, text.find_first_not_of(" \t\r\n"));
      if (open == src_.npos) {
        if (!text.empty()) items.push_back(Item{false, std::move(text), {}, pos_});
        break;
      }
      pos_ = open + 2;
      // "{{- " trims the white space before the action.
      if (pos_ + 1 < src_.size() && src_[pos_] == '-' && is_space(src_[pos_ + 1])) {
        text.erase(text.find_last_not_of(" \t\r\n") + 1);
        ++pos_;
      }
      if (!text.empty()) items.push_back(Item{false, std::move(text), {}, open});
      Item action{true, {}, {}, open};
      saw_comment_ = false;
      trim_next_text = lex_action(action);
      if (!action.tokens.empty()) {
        items.push_back(std::move(action));
      } else if (!saw_comment_) {
        error(open, "missing value for command");
      }
    }
    return items;
  }

 private:
  [[noreturn]] void error(size_t at, const std::string& message) {
    fail(FERRY_E_INVALID_ARGUMENT, error_prefix(src_, at) + message);
  }

  bool rest_starts_with(std::string_view s) const { return src_.substr(pos_).starts_with(s); }

  // Reads tokens up to the closing "}}"; true when it was " -}}".
  bool lex_action(Item& item) {
    while (true) {
      while (pos_ < src_.size() && is_space(src_[pos_])) ++pos_;
      if (pos_ >= src_.size()) error(item.pos, "unclosed action");
      if (rest_starts_with("-}}") && is_space(src_[pos_ - 1])) {
        pos_ += 3;
        return true;
      }
      if (rest_starts_with("}}")) {
        pos_ += 2;
        return false;
      }
      if (rest_starts_with("/*")) {  // a comment is the whole action
        const size_t end = src_.find("*/", pos_ + 2);
        if (end == src_.npos || !item.tokens.empty()) error(pos_, "unclosed or misplaced comment");
        pos_ = end + 2;
        saw_comment_ = true;
        continue;
      }
      item.tokens.push_back(next_token());
    }
  }

  Token next_token() {
    const size_t start = pos_;
    const char c = src_[pos_];
    const char next = pos_ + 1 < src_.size() ? src_[pos_ + 1] : '\0';
    if (c == '"') return quoted_string();
    if (c == '`') return raw_string();
    if (c == '.' && is_ident_start(next)) return field_chain();
    if (c == '.' && !std::isdigit(static_cast<unsigned char>(next))) {
      ++pos_;
      return Token{Tok::field, ".", {}, {}, start};
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.' ||
        ((c == '-' || c == '+') && (std::isdigit(static_cast<unsigned char>(next)) || next == '.'))) {
      return number();
    }
    if (is_ident_start(c)) {
      while (pos_ < src_.size() && is_ident_char(src_[pos_])) ++pos_;
      std::string word(src_.substr(start, pos_ - start));
      if (word == "true" || word == "false") {
        return Token{Tok::literal, word, {}, nlohmann::ordered_json(word == "true"), start};
      }
      if (word == "nil") return Token{Tok::literal, word, {}, nullptr, start};
      return Token{Tok::ident, std::move(word), {}, {}, start};
    }
    if (c == '$') return variable();
    if (c == '\'') return char_constant();
    ++pos_;
    if (c == '|') return Token{Tok::pipe, "|", {}, {}, start};
    if (c == '(') return Token{Tok::lparen, "(", {}, {}, start};
    if (c == ')') return Token{Tok::rparen, ")", {}, {}, start};
    if (c == ',') return Token{Tok::comma, ",", {}, {}, start};
    if (c == '=') return Token{Tok::assign, "=", {}, {}, start};
    if (c == ':' && pos_ < src_.size() && src_[pos_] == '=') {
      ++pos_;
      return Token{Tok::declare, ":=", {}, {}, start};
    }
    error(start, "unexpected \"" + std::string(1, c) + "\" in command");
  }

  // "$", "$name", and either followed directly by fields: "$x.A.B".
  Token variable() {
    const size_t start = pos_++;
    while (pos_ < src_.size() && is_ident_char(src_[pos_])) ++pos_;
    std::string name(src_.substr(start, pos_ - start));
    Token t{Tok::variable, name, {}, name, start};
    if (pos_ + 1 < src_.size() && src_[pos_] == '.' && is_ident_start(src_[pos_ + 1])) {
      Token chain = field_chain();
      t.fields = std::move(chain.fields);
      t.text += chain.text;
    }
    return t;
  }

  // 'a', '\n', '\u00e9': a rune constant, which Go treats as an int.
  Token char_constant() {
    const size_t start = pos_;
    const size_t end = src_.find('\'', pos_ + 1 + (pos_ + 1 < src_.size() && src_[pos_ + 1] == '\\'));
    if (end == src_.npos) error(start, "unterminated character constant");
    const std::string body(src_.substr(start + 1, end - start - 1));
    std::string value;
    if (!body.empty() && body[0] == '\\') {
      Lexer inner("\"" + body + "\"");
      value = inner.quoted_string().value.get<std::string>();
    } else {
      value = body;
    }
    uint32_t cp = 0;
    const auto* u = reinterpret_cast<const unsigned char*>(value.data());
    const size_t n = value.empty() ? 0 : u[0] < 0x80 ? 1 : u[0] < 0xe0 ? 2 : u[0] < 0xf0 ? 3 : 4;
    if (n == 0 || n != value.size())
      error(start, "malformed character constant: " + std::string(src_.substr(start, end + 1 - start)));
    cp = n == 1 ? u[0] : u[0] & (0x7f >> n);
    for (size_t i = 1; i < n; ++i) cp = (cp << 6) | (u[i] & 0x3f);
    pos_ = end + 1;
    return Token{Tok::literal, std::string(src_.substr(start, pos_ - start)), {}, int64_t{cp}, start};
  }

  Token field_chain() {
    const size_t start = pos_;
    Token t{Tok::field, {}, {}, {}, start};
    while (pos_ < src_.size() && src_[pos_] == '.') {
      const size_t name_start = ++pos_;
      if (pos_ >= src_.size() || !is_ident_start(src_[pos_])) error(pos_, "bad field name");
      while (pos_ < src_.size() && is_ident_char(src_[pos_])) ++pos_;
      t.fields.emplace_back(src_.substr(name_start, pos_ - name_start));
    }
    t.text = src_.substr(start, pos_ - start);
    return t;
  }

  Token number() {
    const size_t start = pos_;
    if (src_[pos_] == '-' || src_[pos_] == '+') ++pos_;
    bool is_float = false;
    while (pos_ < src_.size() &&
           (std::isalnum(static_cast<unsigned char>(src_[pos_])) || src_[pos_] == '.' || src_[pos_] == '_' ||
            ((src_[pos_] == '-' || src_[pos_] == '+') && (src_[pos_ - 1] == 'e' || src_[pos_ - 1] == 'E')))) {
      is_float = is_float || src_[pos_] == '.' || src_[pos_] == 'e' || src_[pos_] == 'E';
      ++pos_;
    }
    const std::string text(src_.substr(start, pos_ - start));
    std::string digits = text[0] == '+' ? text.substr(1) : text;
    std::erase(digits, '_');  // Go allows 1_000
    Token t{Tok::literal, text, {}, {}, start};
    const bool negative = digits.starts_with('-');
    if (negative) digits.erase(0, 1);
    int base = 10;
    if (digits.size() > 2 && digits[0] == '0') {
      const char p = static_cast<char>(std::tolower(static_cast<unsigned char>(digits[1])));
      base = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 10;
      if (base != 10) digits.erase(0, 2), is_float = false;
    }
    if (!is_float) {
      int64_t v = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
      if (ec == std::errc() && end == digits.data() + digits.size()) {
        t.value = negative ? -v : v;
        return t;
      }
    } else {
      if (negative) digits.insert(0, 1, '-');
      char* end = nullptr;
      const double v = std::strtod(digits.c_str(), &end);
      if (end == digits.c_str() + digits.size()) {
        t.value = v;
        return t;
      }
    }
    error(start, "bad number syntax: \"" + text + "\"");
  }

  Token raw_string() {
    const size_t start = pos_;
    const size_t end = src_.find('`', pos_ + 1);
    if (end == src_.npos) error(start, "unterminated raw quoted string");
    pos_ = end + 1;
    std::string value(src_.substr(start + 1, end - start - 1));
    return Token{Tok::literal, std::string(src_.substr(start, pos_ - start)), {}, value, start};
  }

  Token quoted_string() {
    const size_t start = pos_++;
    std::string value;
    while (true) {
      if (pos_ >= src_.size()) error(start, "unterminated quoted string");
      const char c = src_[pos_++];
      if (c == '"') break;
      if (c != '\\') {
        value.push_back(c);
        continue;
      }
      if (pos_ >= src_.size()) error(start, "unterminated quoted string");
      const char e = src_[pos_++];
      switch (e) {
        case 'a':
          value.push_back('\a');
          break;
        case 'b':
          value.push_back('\b');
          break;
        case 'f':
          value.push_back('\f');
          break;
        case 'n':
          value.push_back('\n');
          break;
        case 'r':
          value.push_back('\r');
          break;
        case 't':
          value.push_back('\t');
          break;
        case 'v':
          value.push_back('\v');
          break;
        case '\\':
          value.push_back('\\');
          break;
        case '"':
          value.push_back('"');
          break;
        case 'x':
          value.push_back(static_cast<char>(hex_escape(2, start)));
          break;
        case 'u':
          append_utf8(value, hex_escape(4, start));
          break;
        case 'U':
          append_utf8(value, hex_escape(8, start));
          break;
        default:
          error(pos_ - 2, "unknown escape sequence \"\\" + std::string(1, e) + "\"");
      }
    }
    return Token{Tok::literal, std::string(src_.substr(start, pos_ - start)), {}, value, start};
  }

  uint32_t hex_escape(size_t n, size_t string_start) {
    uint32_t v = 0;
    const auto hex = src_.substr(pos_, n);
    const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), v, 16);
    if (hex.size() != n || ec != std::errc() || end != hex.data() + n || v > 0x10ffff) {
      error(string_start, "invalid escape in quoted string");
    }
    pos_ += n;
    return v;
  }

  std::string_view src_;
  size_t pos_ = 0;
  bool saw_comment_ = false;
};

}  // namespace

size_t line_of(std::string_view source, size_t offset) {
  const auto before = source.substr(0, std::min(offset, source.size()));
  return 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
}

std::string error_prefix(std::string_view source, size_t offset) {
  return "template: " + std::string(kTemplateName) + ":" + std::to_string(line_of(source, offset)) + ": ";
}

std::string exec_location(std::string_view source, size_t offset) {
  offset = std::min(offset, source.size());
  // Go counts the column in bytes from 0 after the line's newline.
  const size_t newline = source.substr(0, offset).rfind('\n');
  const size_t column =
      newline == std::string_view::npos ? offset + kFirstLineColumnShift : offset - newline - 1;
  return std::string(kTemplateName) + ":" + std::to_string(line_of(source, offset)) + ":" +
         std::to_string(column);
}

std::vector<Item> lex_template(std::string_view source) { return Lexer(source).run(); }

}  // namespace ferry::gotmpl
