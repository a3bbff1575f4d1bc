// Parsing Go's text/template into a tree, with Go's parse-time checks:
// undefined functions and variables, {{break}} outside {{range}}, missing {{end}}.
#include <ferry/core/error.hpp>

#include "go_template_ast.hpp"
#include "go_template_funcs.hpp"
#include "go_template_lex.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace ferry::gotmpl {
namespace {

constexpr std::array kKeywords = {"if",     "else",  "end",      "range", "with",
                                  "define", "block", "template", "break", "continue"};

bool is_keyword(const Token& t) {
  return t.kind == Tok::ident && std::find(kKeywords.begin(), kKeywords.end(), t.text) != kKeywords.end();
}

bool is_word(const Token& t, std::string_view word) { return t.kind == Tok::ident && t.text == word; }

// How deep a template may nest: each {{if}}, {{with}}, {{range}}, {{else if}}
// and parenthesized pipeline is a level. Parsing, running and freeing the tree
// recurse once a level, so a template nested 100 000 deep would exhaust the
// stack; no template a person writes comes near this. Go refuses parentheses
// past 10000 levels with the same words; its stacks grow, ours do not.
constexpr size_t kMaxDepth = 200;

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

  // One level of nesting for as long as it lives; refused past kMaxDepth.
  class Level {
   public:
    Level(Parser& parser, size_t at) : parser_(parser) {
      if (parser_.depth_ == kMaxDepth) parser_.error(at, "max expression depth exceeded");
      ++parser_.depth_;
    }
    ~Level() { --parser_.depth_; }
    Level(const Level&) = delete;
    Level& operator=(const Level&) = delete;

   private:
    Parser& parser_;
  };

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
      if (is_word(first, "end") || is_word(first, "else")) return {std::move(nodes), &item};
      if (is_word(first, "if") || is_word(first, "with")) {
        nodes.push_back(Node{parse_if_or_with(item, 1, first.text == "with")});
      } else if (is_word(first, "range")) {
        nodes.push_back(Node{parse_range(item)});
      } else if (is_word(first, "break") || is_word(first, "continue")) {
        if (range_depth_ == 0) error(first.pos, "{{" + first.text + "}} outside {{range}}");
        if (item.tokens.size() > 1) unexpected(item.tokens[1], first.text);
        nodes.push_back(Node{LoopControlNode{first.text == "break"}});
      } else if (is_keyword(first)) {
        error(first.pos, "{{" + first.text + "}} is not supported");
      } else {
        nodes.push_back(Node{ActionNode{pipeline(item.tokens, 0, item.tokens.size(), "command")}});
      }
    }
    return {std::move(nodes), nullptr};
  }

  [[noreturn]] void unexpected(const Token& t, const std::string& context) const {
    error(t.pos, "unexpected \"" + t.text + "\" in " + context);
  }

  // `from` indexes the pipeline in item's tokens (2 for "else if").
  IfNode parse_if_or_with(const Item& item, size_t from, bool is_with) {
    const Level level(*this, item.tokens[from - 1].pos);
    const size_t scope = vars_.size();  // variables declared here end with the {{end}}
    const std::string keyword = is_with ? "with" : "if";
    IfNode node;
    node.is_with = is_with;
    node.condition = pipeline(item.tokens, from, item.tokens.size(), keyword);
    auto [then_nodes, stop] = parse_list();
    node.then_nodes = std::move(then_nodes);
    if (!stop) error(item.pos, "unexpected EOF");
    if (is_word(stop->tokens[0], "else")) {
      if (stop->tokens.size() > 1) {
        // {{else if}} / {{else with}} is an {{else}}{{if}} sharing the {{end}}.
        if (!is_word(stop->tokens[1], keyword)) unexpected(stop->tokens[1], "else");
        node.else_nodes.push_back(Node{parse_if_or_with(*stop, 2, is_with)});
        vars_.resize(scope);
        return node;
      }
      auto [else_nodes, end] = parse_list();
      node.else_nodes = std::move(else_nodes);
      expect_end(end);
    } else if (stop->tokens.size() > 1) {
      unexpected(stop->tokens[1], "end");
    }
    vars_.resize(scope);
    return node;
  }

  RangeNode parse_range(const Item& item) {
    const Level level(*this, item.tokens[0].pos);
    const size_t scope = vars_.size();
    RangeNode node;
    node.over = pipeline(item.tokens, 1, item.tokens.size(), "range");
    ++range_depth_;
    auto [body, stop] = parse_list();
    --range_depth_;
    node.body = std::move(body);
    if (!stop) error(item.pos, "unexpected EOF");
    if (stop->tokens.size() > 1) unexpected(stop->tokens[1], stop->tokens[0].text);
    if (is_word(stop->tokens[0], "else")) {
      auto [else_nodes, end] = parse_list();
      node.else_nodes = std::move(else_nodes);
      expect_end(end);
    }
    vars_.resize(scope);
    return node;
  }

  void expect_end(const Item* stop) const {
    if (!stop) error(src_.size(), "unexpected EOF");
    if (!is_word(stop->tokens[0], "end") || stop->tokens.size() > 1) {
      error(stop->pos, "expected end; found {{" + stop->tokens[0].text + "}}");
    }
  }

  bool defined(const std::string& name) const {
    return std::find(vars_.begin(), vars_.end(), name) != vars_.end();
  }

  // "$x :=", "$x =", or (range) "$k, $v :=" at toks[begin]; returns where the
  // commands start.
  size_t declarations(Pipeline& p, const std::vector<Token>& toks, size_t begin, size_t end,
                      const std::string& context) const {
    auto bare_variable = [&](size_t i) {
      return i < end && toks[i].kind == Tok::variable && toks[i].fields.empty();
    };
    if (!bare_variable(begin)) return begin;
    size_t i = begin + 1;
    std::vector<std::string> names{toks[begin].text};
    if (i < end && toks[i].kind == Tok::comma) {
      if (context != "range") unexpected(toks[i], context);
      if (!bare_variable(i + 1)) error(toks[i].pos, "missing variable after \",\" in range");
      names.push_back(toks[i + 1].text);
      i += 2;
    }
    if (i >= end || (toks[i].kind != Tok::declare && toks[i].kind != Tok::assign)) {
      if (names.size() > 1) error(toks[begin].pos, "range can only initialize variables");
      return begin;
    }
    p.is_assign = toks[i].kind == Tok::assign;
    for (const auto& name : names) {
      if (p.is_assign && !defined(name)) error(toks[begin].pos, "undefined variable \"" + name + "\"");
    }
    p.decl = names;
    return i + 1;
  }

  Pipeline pipeline(const std::vector<Token>& toks, size_t begin, size_t end, const std::string& context) {
    Pipeline p;
    p.pos = begin < toks.size() ? toks[begin].pos : (toks.empty() ? 0 : toks.back().pos);
    if (context != "parenthesized pipeline") {
      match_parens(toks);
      begin = declarations(p, toks, begin, end, context);
    }
    if (begin >= end) error(p.pos, "missing value for " + context);
    Command command{{}, toks[begin].pos, {}};
    auto finish = [&](size_t at) {
      if (command.operands.empty()) error(at, "missing value for command");
      // Only the first command may be a bare value; later ones get an argument.
      const Operand& head = command.operands[0];
      const bool value = head.kind == Operand::Kind::literal || head.kind == Operand::Kind::nil ||
                         (head.kind == Operand::Kind::field && head.fields.empty());
      if (!p.commands.empty() && value) {
        error(at, "non executable command in pipeline stage " + std::to_string(p.commands.size() + 1));
      }
      for (const auto& op : command.operands) command.text += (command.text.empty() ? "" : " ") + op.text;
      p.commands.push_back(std::move(command));
    };
    for (size_t i = begin; i < end;) {
      if (toks[i].kind == Tok::pipe) {
        finish(toks[i].pos);
        command = Command{{}, i + 1 < end ? toks[i + 1].pos : toks[i].pos, {}};
        ++i;
        continue;
      }
      command.operands.push_back(operand(toks, i, end));
    }
    finish(toks[end - 1].pos);
    if (!p.is_assign) vars_.insert(vars_.end(), p.decl.begin(), p.decl.end());
    for (const auto& name : p.decl) p.text += name + (&name == &p.decl.back() ? "" : ", ");
    if (!p.decl.empty()) p.text += p.is_assign ? " = " : " := ";
    for (size_t c = 0; c < p.commands.size(); ++c) p.text += (c ? " | " : "") + p.commands[c].text;
    return p;
  }

  // close_[i]: where the parenthesis opened at toks[i] closes (npos when it
  // does not), found in one pass over an action's tokens.
  void match_parens(const std::vector<Token>& toks) {
    close_.assign(toks.size(), std::string::npos);
    std::vector<size_t> open;
    for (size_t i = 0; i < toks.size(); ++i) {
      if (toks[i].kind == Tok::lparen) {
        open.push_back(i);
      } else if (toks[i].kind == Tok::rparen && !open.empty()) {
        close_[open.back()] = i;
        open.pop_back();
      }
    }
  }

  Operand operand(const std::vector<Token>& toks, size_t& i, size_t end) {
    const Token& t = toks[i++];
    Operand op;
    op.pos = t.pos;
    op.text = t.text;
    switch (t.kind) {
      case Tok::field:
        op.kind = Operand::Kind::field;
        op.fields = t.fields;
        return op;
      case Tok::variable:
        op.kind = Operand::Kind::variable;
        op.name = t.value.get<std::string>();
        op.fields = t.fields;
        if (!defined(op.name)) error(t.pos, "undefined variable \"" + op.name + "\"");
        return op;
      case Tok::literal:
        op.kind = t.value.is_null() ? Operand::Kind::nil : Operand::Kind::literal;
        op.literal = GoValue::from_json(t.value);
        return op;
      case Tok::ident:
        if (is_keyword(t)) unexpected(t, "command");
        if (!is_function(t.text)) error(t.pos, "function \"" + t.text + "\" not defined");
        op.kind = Operand::Kind::function;
        op.name = t.text;
        return op;
      case Tok::lparen: {
        const Level level(*this, t.pos);
        const size_t close = close_[i - 1];
        if (close >= end) error(t.pos, "unclosed left paren");
        op.kind = Operand::Kind::pipeline;
        op.sub = std::make_shared<Pipeline>(pipeline(toks, i, close, "parenthesized pipeline"));
        op.text = "(" + op.sub->text + ")";
        i = close + 1;
        // "(pipeline).Field" with no space between: a chain of fields.
        if (i < end && toks[i].kind == Tok::field && !toks[i].fields.empty() &&
            toks[i].pos == toks[close].pos + 1) {
          op.fields = toks[i].fields;
          op.text += toks[i++].text;
        }
        return op;
      }
      case Tok::rparen:
        error(t.pos, "unexpected right paren");
      default:
        unexpected(t, "operand");
    }
  }

  std::string_view src_;
  std::vector<Item> items_;
  size_t next_ = 0;
  size_t range_depth_ = 0;
  size_t depth_ = 0;                    // levels of nesting open (Level)
  std::vector<size_t> close_;           // match_parens() of the action being parsed
  std::vector<std::string> vars_{"$"};  // declared variables in scope
};

}  // namespace

NodeList parse_template(std::string_view source) {
  Parser parser(source, lex_template(source));
  return parser.parse_all();
}

}  // namespace ferry::gotmpl
