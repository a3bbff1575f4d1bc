// Parsing the supported subset of Go's text/template into a tree.
#include <ferry/core/error.hpp>

#include "go_template_ast.hpp"
#include "go_template_lex.hpp"

#include <algorithm>
#include <array>

namespace ferry::gotmpl {
namespace {

constexpr std::array kFunctions = {"index", "json", "join", "len", "upper", "lower"};
constexpr std::array kKeywords = {"if",     "else",  "end",      "range", "with",
                                  "define", "block", "template", "break", "continue"};

bool is_keyword(const Token& t) {
  return t.kind == Tok::ident &&
         std::find(kKeywords.begin(), kKeywords.end(), t.text) != kKeywords.end();
}

class Parser {
 public:
  Parser(std::string_view src, std::vector<Item> items) : src_(src), items_(std::move(items)) {}

  NodeList parse_all() {
    auto [nodes, stop] = parse_list();
    if (stop) error(stop->pos, "unexpected {{" + stop->tokens[0].text + "}}");
    return nodes;
  }

 private:
  [[noreturn]] void error(size_t at, const std::string& message) const {
    fail(FERRY_E_INVALID_ARGUMENT, error_prefix(src_, at) + message);
  }

  // Nodes up to an {{end}} or {{else}}, which is returned (nullptr at the end).
  std::pair<NodeList, const Item*> parse_list() {
    NodeList nodes;
    while (next_ < items_.size()) {
      const Item& item = items_[next_++];
      if (!item.is_action) {
        nodes.push_back(Node{TextNode{item.text}});
        continue;
      }
      const Token& first = item.tokens[0];
      if (first.kind == Tok::ident && (first.text == "end" || first.text == "else")) {
        return {std::move(nodes), &item};
      }
      if (first.kind == Tok::ident && first.text == "if") {
        nodes.push_back(Node{parse_if(item, 1)});
      } else if (first.kind == Tok::ident && first.text == "range") {
        nodes.push_back(Node{parse_range(item)});
      } else if (is_keyword(first)) {
        error(first.pos, "{{" + first.text + "}} is not supported");
      } else {
        nodes.push_back(Node{ActionNode{pipeline(item.tokens, 0, item.tokens.size())}});
      }
    }
    return {std::move(nodes), nullptr};
  }

  // The body of an {{if}}; `from` indexes the condition in item's tokens
  // (2 for "else if").
  IfNode parse_if(const Item& item, size_t from) {
    IfNode node;
    node.condition = pipeline(item.tokens, from, item.tokens.size());
    auto [then_nodes, stop] = parse_list();
    node.then_nodes = std::move(then_nodes);
    if (!stop) error(item.pos, "unexpected EOF: {{if}} has no {{end}}");
    expect_bare_end_or_else(*stop);
    if (stop->tokens[0].text == "else") {
      if (stop->tokens.size() > 1) {  // {{else if ...}} shares the outer {{end}}
        node.else_nodes.push_back(Node{parse_if(*stop, 2)});
        return node;
      }
      auto [else_nodes, end] = parse_list();
      node.else_nodes = std::move(else_nodes);
      expect_end(end, item);
    }
    return node;
  }

  RangeNode parse_range(const Item& item) {
    RangeNode node;
    node.over = pipeline(item.tokens, 1, item.tokens.size());
    auto [body, stop] = parse_list();
    node.body = std::move(body);
    if (!stop) error(item.pos, "unexpected EOF: {{range}} has no {{end}}");
    if (stop->tokens[0].text == "else") {
      if (stop->tokens.size() > 1) error(stop->pos, "{{else}} of a {{range}} takes no arguments");
      auto [else_nodes, end] = parse_list();
      node.else_nodes = std::move(else_nodes);
      expect_end(end, item);
    } else {
      expect_bare_end_or_else(*stop);
    }
    return node;
  }

  void expect_bare_end_or_else(const Item& stop) const {
    const bool else_if = stop.tokens[0].text == "else" && stop.tokens.size() > 1 &&
                         stop.tokens[1].kind == Tok::ident && stop.tokens[1].text == "if";
    if (stop.tokens.size() > 1 && !else_if) {
      error(stop.tokens[1].pos,
            "unexpected \"" + stop.tokens[1].text + "\" in {{" + stop.tokens[0].text + "}}");
    }
  }

  void expect_end(const Item* stop, const Item& opener) const {
    if (!stop)
      error(opener.pos, "unexpected EOF: {{" + opener.tokens[0].text + "}} has no {{end}}");
    if (stop->tokens[0].text != "end" || stop->tokens.size() > 1) {
      error(stop->pos, "expected {{end}}");
    }
  }

  Pipeline pipeline(const std::vector<Token>& toks, size_t begin, size_t end) const {
    Pipeline p;
    p.pos = begin < toks.size() ? toks[begin].pos : (toks.empty() ? 0 : toks.back().pos);
    if (begin >= end) error(p.pos, "missing value for command");
    Command command{{}, toks[begin].pos};
    for (size_t i = begin; i < end;) {
      if (toks[i].kind == Tok::pipe) {
        if (command.operands.empty()) error(toks[i].pos, "missing command before \"|\"");
        p.commands.push_back(std::move(command));
        command = Command{{}, i + 1 < end ? toks[i + 1].pos : toks[i].pos};
        ++i;
        continue;
      }
      command.operands.push_back(operand(toks, i, end));
    }
    if (command.operands.empty()) error(toks[end - 1].pos, "missing command after \"|\"");
    p.commands.push_back(std::move(command));
    return p;
  }

  Operand operand(const std::vector<Token>& toks, size_t& i, size_t end) const {
    const Token& t = toks[i];
    Operand op;
    op.pos = t.pos;
    op.text = t.text;
    switch (t.kind) {
      case Tok::field:
        op.kind = Operand::Kind::field;
        op.fields = t.fields;
        ++i;
        return op;
      case Tok::literal:
        op.kind = Operand::Kind::literal;
        op.literal = t.value;
        ++i;
        return op;
      case Tok::ident:
        if (is_keyword(t)) error(t.pos, "unexpected \"" + t.text + "\" in command");
        if (std::find(kFunctions.begin(), kFunctions.end(), t.text) == kFunctions.end()) {
          error(t.pos, "function \"" + t.text + "\" not defined");
        }
        op.kind = Operand::Kind::function;
        op.name = t.text;
        ++i;
        return op;
      case Tok::lparen: {
        size_t depth = 0, close = i;
        for (; close < end; ++close) {
          if (toks[close].kind == Tok::lparen) ++depth;
          if (toks[close].kind == Tok::rparen && --depth == 0) break;
        }
        if (close >= end) error(t.pos, "unclosed left paren");
        op.kind = Operand::Kind::pipeline;
        op.sub = std::make_shared<Pipeline>(pipeline(toks, i + 1, close));
        op.text = "(...)";
        i = close + 1;
        return op;
      }
      case Tok::rparen: error(t.pos, "unexpected right paren");
      case Tok::pipe: break;
    }
    error(t.pos, "unexpected \"" + t.text + "\" in command");
  }

  std::string_view src_;
  std::vector<Item> items_;
  size_t next_ = 0;
};

}  // namespace

NodeList parse_template(std::string_view source) {
  Parser parser(source, lex_template(source));
  return parser.parse_all();
}

}  // namespace ferry::gotmpl
