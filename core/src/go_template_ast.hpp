// Private to the core: the parsed form of a Go text/template, as far as
// render_go_template supports it.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ferry::gotmpl {

struct Pipeline;

// One argument of a command.
struct Operand {
  enum class Kind { field, literal, function, pipeline };
  Kind kind = Kind::literal;
  std::vector<std::string> fields;  // field: ".A.B" -> {"A", "B"}; "." -> {}
  nlohmann::ordered_json literal;   // literal: string, number, bool, null
  std::string name;                 // function
  std::shared_ptr<Pipeline> sub;    // pipeline: "( ... )"
  size_t pos = 0;                   // offset in the template, for messages
  std::string text;                 // as written, for messages
};

// A function call or a single value: `index .Labels "k"`, `.Name`.
struct Command {
  std::vector<Operand> operands;
  size_t pos = 0;
};

// Commands joined by "|"; each result is the last argument of the next.
struct Pipeline {
  std::vector<Command> commands;
  size_t pos = 0;
};

struct Node;
using NodeList = std::vector<Node>;

struct TextNode {
  std::string text;
};
struct ActionNode {
  Pipeline pipe;
};
struct IfNode {
  Pipeline condition;
  NodeList then_nodes;
  NodeList else_nodes;
};
struct RangeNode {
  Pipeline over;
  NodeList body;
  NodeList else_nodes;
};

struct Node {
  std::variant<TextNode, ActionNode, IfNode, RangeNode> value;
};

// Parses a template whose "\t"/"\n" escapes are already applied. Throws
// ferry::Error(FERRY_E_INVALID_ARGUMENT, "template: LINE:COL: ...").
NodeList parse_template(std::string_view source);

// "template: LINE:COL: " for an offset into `source`.
std::string error_prefix(std::string_view source, size_t offset);

}  // namespace ferry::gotmpl
