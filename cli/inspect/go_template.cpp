// Executing a parsed Go template over a GoValue, following Go's
// text/template exec.go: field chains, method calls, function calls with
// piped arguments, variables and their scopes, if/with/range.
#include <ferry/core/error.hpp>
#include "inspect/go_template.hpp"

#include "go_template_ast.hpp"
#include "go_template_fmt.hpp"
#include "go_template_funcs.hpp"

namespace ferry {
namespace {

using namespace gotmpl;
using Kind = GoValue::Kind;

// How a list of nodes ended: normally, or at {{break}} / {{continue}}.
enum class Flow { normal, break_loop, continue_loop };

class Executor {
 public:
  Executor(std::string_view source, const GoValue& data) : src_(source) { vars_.emplace_back("$", data); }

  Flow run(const NodeList& nodes, const GoValue& dot, std::string& out) {
    for (const Node& node : nodes) {
      Flow flow = Flow::normal;
      if (const auto* text = std::get_if<TextNode>(&node.value)) {
        out += text->text;
      } else if (const auto* action = std::get_if<ActionNode>(&node.value)) {
        const GoValue v = pipeline(action->pipe, dot);
        if (action->pipe.decl.empty()) out += action_text(v);  // declarations print nothing
      } else if (const auto* cond = std::get_if<IfNode>(&node.value)) {
        flow = run_if(*cond, dot, out);
      } else if (const auto* range = std::get_if<RangeNode>(&node.value)) {
        flow = run_range(*range, dot, out);
      } else if (const auto* control = std::get_if<LoopControlNode>(&node.value)) {
        flow = control->is_break ? Flow::break_loop : Flow::continue_loop;
      }
      if (flow != Flow::normal) return flow;
    }
    return Flow::normal;
  }

 private:
  // Go's shape as skopeo prints it: "template: skopeo inspect:1:14: executing
  // \"skopeo inspect\" at <.Nope>: ...", the node's text cut at 20 characters.
  [[noreturn]] void error(size_t pos, std::string context, const std::string& message) const {
    if (context.size() > 20) context = context.substr(0, 20) + "...";
    fail(FERRY_E_INVALID_ARGUMENT, "template: " + exec_location(src_, pos) + ": executing \"" +
                                       std::string(kTemplateName) + "\" at <" + context + ">: " + message);
  }

  Flow run_if(const IfNode& node, const GoValue& dot, std::string& out) {
    const size_t scope = vars_.size();
    const GoValue v = pipeline(node.condition, dot);
    // {{with}} moves dot to its value.
    const Flow flow =
        is_true(v) ? run(node.then_nodes, node.is_with ? v : dot, out) : run(node.else_nodes, dot, out);
    vars_.resize(scope);
    return flow;
  }

  Flow run_range(const RangeNode& node, const GoValue& dot, std::string& out) {
    const size_t scope = vars_.size();
    const Pipeline& p = node.over;
    const GoValue over = pipeline(p, dot, /*declare=*/false);
    // Binds "$v :=" to the element, "$k, $v :=" to the key/index and element.
    auto iteration = [&](const GoValue& key, const GoValue& element) {
      const size_t iteration_scope = vars_.size();
      for (size_t i = 0; i < p.decl.size(); ++i) {
        const GoValue& value = p.decl.size() == 2 && i == 0 ? key : element;
        if (p.is_assign)
          variable(p.decl[i]) = value;
        else
          vars_.emplace_back(p.decl[i], value);
      }
      const Flow flow = run(node.body, element, out);
      vars_.resize(iteration_scope);
      return flow;
    };
    bool ran = false;
    auto loop = [&](size_t n, auto key_of, auto element_of) {
      ran = n > 0;
      for (size_t i = 0; i < n; ++i) {
        if (iteration(key_of(i), element_of(i)) == Flow::break_loop) break;
      }
    };
    auto as_int = [](size_t i) { return GoValue::of_int(static_cast<int64_t>(i)); };
    if (over.kind == Kind::slice) {
      loop(over.items.size(), as_int, [&](size_t i) { return over.items[i]; });
    } else if (over.kind == Kind::map) {  // keys are sorted, as Go ranges over maps
      loop(
          over.items.size(), [&](size_t i) { return GoValue::of_string(over.keys[i]); },
          [&](size_t i) { return over.items[i]; });
    } else if (over.kind == Kind::integer) {  // Go 1.22: {{range 3}} is 0, 1, 2
      if (p.decl.size() > 1)
        error(p.pos, p.text, "can't use " + action_text(over) + " to iterate over more than one variable");
      loop(over.integer > 0 ? static_cast<size_t>(over.integer) : 0, as_int, as_int);
    } else if (over.kind != Kind::invalid && over.kind != Kind::nil) {
      error(p.pos, p.text, "range can't iterate over " + sprint({over}));
    }
    const Flow flow = ran ? Flow::normal : run(node.else_nodes, dot, out);
    vars_.resize(scope);
    return flow;
  }

  GoValue& variable(const std::string& name) {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
      if (it->first == name) return it->second;
    }
    fail(FERRY_E_INVALID_ARGUMENT, "template: undefined variable: " + name);  // the parser checks
  }

  GoValue pipeline(const Pipeline& p, const GoValue& dot, bool declare = true) {
    GoValue value;
    bool piped = false;
    for (const Command& c : p.commands) {
      value = command(c, dot, piped ? &value : nullptr);
      piped = true;
    }
    for (const auto& name : declare ? p.decl : std::vector<std::string>{}) {
      if (p.is_assign)
        variable(name) = value;
      else
        vars_.emplace_back(name, value);
    }
    return value;
  }

  // `final` is the previous command's result, passed as the last argument.
  GoValue command(const Command& c, const GoValue& dot, const GoValue* final) {
    const Operand& head = c.operands.front();
    auto not_a_function = [&] {
      if (c.operands.size() > 1 || final) {
        error(head.pos, head.text, "can't give argument to non-function " + head.text);
      }
    };
    switch (head.kind) {
      case Operand::Kind::function:
        return call(&c, head, dot, final);
      case Operand::Kind::nil:
        error(head.pos, head.text, "nil is not a command");
      case Operand::Kind::literal:
        not_a_function();
        return head.literal;
      case Operand::Kind::field:
        if (head.fields.empty()) return not_a_function(), dot;
        return field_chain(dot, dot, head, &c, final);
      case Operand::Kind::variable:
      case Operand::Kind::pipeline: {
        const GoValue base =
            head.kind == Operand::Kind::variable ? variable(head.name) : pipeline(*head.sub, dot, false);
        if (head.fields.empty()) return not_a_function(), base;
        return field_chain(dot, base, head, &c, final);
      }
    }
    return {};
  }

  // An operand as a function's or method's argument.
  GoValue argument(const Operand& op, const GoValue& dot) {
    switch (op.kind) {
      case Operand::Kind::literal:
        return op.literal;
      case Operand::Kind::nil:
        return GoValue::nil();
      case Operand::Kind::function:
        return call(nullptr, op, dot, nullptr);
      case Operand::Kind::field:
        return op.fields.empty() ? dot : field_chain(dot, dot, op, nullptr, nullptr);
      case Operand::Kind::variable:
      case Operand::Kind::pipeline: {
        const GoValue base =
            op.kind == Operand::Kind::variable ? variable(op.name) : pipeline(*op.sub, dot, false);
        return op.fields.empty() ? base : field_chain(dot, base, op, nullptr, nullptr);
      }
    }
    return {};
  }

  std::vector<GoValue> arguments(const Command* c, const GoValue& dot, const GoValue* final) {
    std::vector<GoValue> args;
    for (size_t i = 1; c && i < c->operands.size(); ++i) args.push_back(argument(c->operands[i], dot));
    if (final) args.push_back(*final);
    return args;
  }

  // .A.B.C: every field but the last gets no arguments.
  GoValue field_chain(const GoValue& dot, GoValue receiver, const Operand& op, const Command* c,
                      const GoValue* final) {
    for (size_t i = 0; i + 1 < op.fields.size(); ++i) {
      receiver = field(dot, receiver, op.fields[i], op, nullptr, nullptr);
    }
    return field(dot, receiver, op.fields.back(), op, c, final);
  }

  GoValue field(const GoValue& dot, const GoValue& receiver, const std::string& name, const Operand& op,
                const Command* c, const GoValue* final) {
    if (receiver.kind == Kind::invalid) return {};  // past a missing map key: still no value
    if (receiver.kind == Kind::nil) error(op.pos, op.text, "nil pointer evaluating interface {}." + name);
    if (has_method(receiver, name)) {
      const std::vector<GoValue> args = arguments(c, dot, final);
      try {
        return call_method(receiver, name, args);
      } catch (const CallError& e) {
        error(op.pos, op.text, "error calling " + name + ": " + e.what());
      } catch (const ArgError& e) {
        error(op.pos, op.text, e.what());
      }
    }
    const bool has_args = (c && c->operands.size() > 1) || final;
    if (receiver.kind == Kind::structure) {
      if (const GoValue* v = receiver.find(name)) {
        if (has_args) error(op.pos, op.text, name + " has arguments but cannot be invoked as function");
        return *v;
      }
    } else if (receiver.kind == Kind::map) {
      if (has_args) error(op.pos, op.text, name + " is not a method but has arguments");
      const GoValue* v = receiver.find(name);
      return v ? *v : GoValue{};  // a missing key is no value, printed <no value>
    }
    error(op.pos, op.text, "can't evaluate field " + name + " in type " + receiver.type);
  }

  // A function named by `fn`, with the rest of command `c` (if any) and the
  // piped value as arguments.
  GoValue call(const Command* c, const Operand& fn, const GoValue& dot, const GoValue* final) {
    const size_t pos = c ? c->pos : fn.pos;
    const std::string context = c ? c->text : fn.text;
    if (fn.name == "and" || fn.name == "or") {
      // Short-circuits: the first argument that decides, else the last.
      const size_t n = (c ? c->operands.size() - 1 : 0) + (final ? 1 : 0);
      if (n == 0) error(fn.pos, fn.text, "wrong number of args for " + fn.name + ": want at least 1 got 0");
      GoValue v;
      for (size_t i = 1; c && i < c->operands.size(); ++i) {
        v = argument(c->operands[i], dot);
        if (is_true(v) == (fn.name == "or")) return v;
      }
      return final ? *final : v;
    }
    const std::vector<GoValue> args = arguments(c, dot, final);
    try {
      return call_function(fn.name, args);
    } catch (const CallError& e) {
      error(pos, context, "error calling " + fn.name + ": " + e.what());
    } catch (const ArgError& e) {
      error(fn.pos, fn.text, e.what());
    }
  }

  std::string_view src_;
  std::vector<std::pair<std::string, GoValue>> vars_;  // innermost last
};

// containers/common's NormalizeFormat, which skopeo applies to --format:
// literal \t and \n become tab and newline, and the output ends in a newline.
std::string normalize_format(std::string_view tmpl) {
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '\\' && i + 1 < tmpl.size() && (tmpl[i + 1] == 't' || tmpl[i + 1] == 'n')) {
      out.push_back(tmpl[++i] == 't' ? '\t' : '\n');
    } else {
      out.push_back(tmpl[i]);
    }
  }
  if (!out.ends_with('\n')) out.push_back('\n');
  return out;
}

}  // namespace

std::string render_go_template(std::string_view tmpl, const GoValue& data) {
  const std::string source = normalize_format(tmpl);
  const NodeList nodes = parse_template(source);
  std::string out;
  Executor(source, data).run(nodes, data, out);
  return out;
}

std::string render_go_template(std::string_view tmpl, const nlohmann::ordered_json& data) {
  return render_go_template(tmpl, GoValue::from_json(data));
}

}  // namespace ferry
