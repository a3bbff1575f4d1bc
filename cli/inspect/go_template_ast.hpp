// Private to the core: the parsed form of a Go text/template.
#pragma once

#include "inspect/go_template.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ferry::gotmpl {

// The name messages give the template, as skopeo 1.9.3 names it.
constexpr std::string_view kTemplateName = "skopeo inspect";
// skopeo runs the user's template inside "{{range . }}...{{end}}", so columns
// on the first line are this much further right in its messages.
constexpr size_t kFirstLineColumnShift = 12;

struct Pipeline;

// One word of a command.
struct Operand {
  enum class Kind { field, variable, literal, nil, function, pipeline };
  Kind kind = Kind::literal;
  // field: ".A.B" -> {"A", "B"}, "." -> {}; variable "$x.A" and pipeline
  // "(...).A": the fields after the variable or the parenthesis.
  std::vector<std::string> fields;
  std::string name;               // function, or variable ("$x", "$")
  GoValue literal;                // literal: string, number, bool
  std::shared_ptr<Pipeline> sub;  // pipeline: "( ... )"
  size_t pos = 0;                 // offset in the template, for messages
  std::string text;               // as Go prints the node, for messages
};

// A function call or a single value: `index .Labels "k"`, `.Name`.
struct Command {
  std::vector<Operand> operands;
  size_t pos = 0;
  std::string text;
};

// Commands joined by "|"; each result is the last argument of the next. May
// declare ("$x :=") or assign ("$x =") variables; range may name two.
struct Pipeline {
  std::vector<Command> commands;
  std::vector<std::string> decl;
  bool is_assign = false;
  size_t pos = 0;
  std::string text;
};

struct Node;
using NodeList = std::vector<Node>;

struct TextNode {
  std::string text;
};
struct ActionNode {
  Pipeline pipe;
};
// {{if}} and {{with}}; "else if" / "else with" nest in else_nodes.
struct IfNode {
  bool is_with = false;
  Pipeline condition;
  NodeList then_nodes;
  NodeList else_nodes;
};
struct RangeNode {
  Pipeline over;
  NodeList body;
  NodeList else_nodes;
};
struct LoopControlNode {
  bool is_break = true;  // else {{continue}}
};

struct Node {
  std::variant<TextNode, ActionNode, IfNode, RangeNode, LoopControlNode> value;
};

// Parses a template whose "\t"/"\n" escapes are already applied. Throws
// ferry::Error(FERRY_E_INVALID_ARGUMENT, "template: format:LINE: ...").
NodeList parse_template(std::string_view source);

// "template: format:LINE: ", Go's prefix of parse errors.
std::string error_prefix(std::string_view source, size_t offset);

// "format:LINE:COL" (COL counted from 0, as Go), for execution errors.
std::string exec_location(std::string_view source, size_t offset);

}  // namespace ferry::gotmpl
