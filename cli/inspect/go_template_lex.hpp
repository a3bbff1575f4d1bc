// Private to the core: the tokens of a Go template, grouped into runs of
// text and actions.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ferry::gotmpl {

enum class Tok { field, variable, literal, ident, pipe, lparen, rparen, declare, assign, comma };

struct Token {
  Tok kind;
  std::string text;                 // as written
  std::vector<std::string> fields;  // field: ".A.B" -> {"A", "B"}; "." -> {}; "$x.A" -> {"A"}
  nlohmann::ordered_json value;     // literal (null for nil); variable: its name, "$x" or "$"
  size_t pos;                       // offset in the template
};

// A run of text, or the tokens between one "{{" and its "}}" (never empty;
// comments produce no item). Trim markers are already applied to the text.
struct Item {
  bool is_action = false;
  std::string text;
  std::vector<Token> tokens;
  size_t pos = 0;
};

// Throws ferry::Error(FERRY_E_INVALID_ARGUMENT, "template: format:LINE: ...").
std::vector<Item> lex_template(std::string_view source);

}  // namespace ferry::gotmpl
