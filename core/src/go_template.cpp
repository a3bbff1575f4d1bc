// Executing a parsed Go template over JSON data, printing values the way Go's
// fmt does for the interface{} values encoding/json would have produced.
#include <ferry/core/error.hpp>
#include <ferry/core/go_template.hpp>

#include "go_template_ast.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace ferry {
namespace {

using nlohmann::ordered_json;
using namespace gotmpl;

std::string go_type_name(const ordered_json& v) {
  switch (v.type()) {
    case ordered_json::value_t::string: return "string";
    case ordered_json::value_t::boolean: return "bool";
    case ordered_json::value_t::number_integer: return "int";
    case ordered_json::value_t::number_unsigned: return "uint";
    case ordered_json::value_t::number_float: return "float64";
    case ordered_json::value_t::array: return "[]interface {}";
    case ordered_json::value_t::object: return "map[string]interface {}";
    default: return "<nil>";
  }
}

// Go's %v for a float64: shortest digits, exponent form when the exponent is
// below -4 or at least 6 ("1e+06", "0.0001", "123.5").
std::string go_float(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto sci_end = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific).ptr;
  const std::string sci(buf, sci_end);  // "1.5e+06"
  const auto e = sci.find('e');
  const int exponent = std::stoi(sci.substr(e + 1));
  if (exponent < -4 || exponent >= 6) {
    const std::string digits = sci.substr(e + 2);
    return sci.substr(0, e + 2) + (digits.size() < 2 ? "0" : "") + digits;
  }
  auto fixed_end = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed).ptr;
  return std::string(buf, fixed_end);
}

// fmt's %v; `nested` is true inside a collection, where Go writes nil as <nil>.
std::string go_print(const ordered_json& v, bool nested) {
  switch (v.type()) {
    case ordered_json::value_t::string: return v.get<std::string>();
    case ordered_json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case ordered_json::value_t::number_integer: return std::to_string(v.get<int64_t>());
    case ordered_json::value_t::number_unsigned: return std::to_string(v.get<uint64_t>());
    case ordered_json::value_t::number_float: return go_float(v.get<double>());
    case ordered_json::value_t::array: {
      std::string out = "[";
      for (size_t i = 0; i < v.size(); ++i) out += (i ? " " : "") + go_print(v[i], true);
      return out + "]";
    }
    case ordered_json::value_t::object: {
      std::vector<std::string> keys;
      for (const auto& item : v.items()) keys.push_back(item.key());
      std::sort(keys.begin(), keys.end());  // fmt prints maps in key order
      std::string out = "map[";
      for (size_t i = 0; i < keys.size(); ++i) {
        out += (i ? " " : "") + keys[i] + ":" + go_print(v[keys[i]], true);
      }
      return out + "]";
    }
    default: return nested ? "<nil>" : "<no value>";
  }
}

// Go's notion of an empty value, for {{if}}.
bool is_true(const ordered_json& v) {
  switch (v.type()) {
    case ordered_json::value_t::boolean: return v.get<bool>();
    case ordered_json::value_t::string:
    case ordered_json::value_t::array:
    case ordered_json::value_t::object: return !v.empty();
    case ordered_json::value_t::number_integer:
    case ordered_json::value_t::number_unsigned:
    case ordered_json::value_t::number_float: return v != 0;
    default: return false;
  }
}

class Evaluator {
 public:
  explicit Evaluator(std::string_view source) : src_(source) {}

  void run(const NodeList& nodes, const ordered_json& dot, std::string& out) {
    for (const Node& node : nodes) {
      if (const auto* text = std::get_if<TextNode>(&node.value)) {
        out += text->text;
      } else if (const auto* action = std::get_if<ActionNode>(&node.value)) {
        out += go_print(pipeline(action->pipe, dot), false);
      } else if (const auto* cond = std::get_if<IfNode>(&node.value)) {
        run(is_true(pipeline(cond->condition, dot)) ? cond->then_nodes : cond->else_nodes, dot,
            out);
      } else if (const auto* range = std::get_if<RangeNode>(&node.value)) {
        run_range(*range, dot, out);
      }
    }
  }

 private:
  [[noreturn]] void error(size_t pos, const std::string& at, const std::string& message) const {
    fail(FERRY_E_INVALID_ARGUMENT,
         error_prefix(src_, pos) + "executing at <" + at + ">: " + message);
  }

  void run_range(const RangeNode& range, const ordered_json& dot, std::string& out) {
    const ordered_json over = pipeline(range.over, dot);
    if (over.is_array() && !over.empty()) {
      for (const auto& element : over) run(range.body, element, out);
    } else if (over.is_object() && !over.empty()) {
      std::vector<std::string> keys;
      for (const auto& item : over.items()) keys.push_back(item.key());
      std::sort(keys.begin(), keys.end());  // Go ranges over maps in key order
      for (const auto& key : keys) run(range.body, over[key], out);
    } else if (over.is_null() || over.is_array() || over.is_object()) {
      run(range.else_nodes, dot, out);
    } else {
      error(range.over.pos, "range", "range can't iterate over " + go_print(over, false));
    }
  }

  ordered_json pipeline(const Pipeline& p, const ordered_json& dot) {
    ordered_json value;
    bool have_value = false;
    for (const Command& c : p.commands) {
      value = command(c, dot, have_value ? &value : nullptr);
      have_value = true;
    }
    return value;
  }

  // `piped` is the previous command's result, passed as the final argument.
  ordered_json command(const Command& c, const ordered_json& dot, const ordered_json* piped) {
    const Operand& head = c.operands.front();
    if (head.kind != Operand::Kind::function) {
      if (c.operands.size() > 1 || piped) {
        error(head.pos, head.text, "can't give argument to non-function " + head.text);
      }
      return operand(head, dot);
    }
    std::vector<ordered_json> args;
    for (size_t i = 1; i < c.operands.size(); ++i) args.push_back(operand(c.operands[i], dot));
    if (piped) args.push_back(*piped);
    return call(head, args);
  }

  ordered_json operand(const Operand& op, const ordered_json& dot) {
    switch (op.kind) {
      case Operand::Kind::literal: return op.literal;
      case Operand::Kind::pipeline: return pipeline(*op.sub, dot);
      case Operand::Kind::function: return call(op, {});
      case Operand::Kind::field: break;
    }
    const ordered_json* current = &dot;
    static const ordered_json kMissing;
    for (const auto& name : op.fields) {
      if (current->is_null()) return nullptr;  // a missing map key: "<no value>"
      if (!current->is_object()) {
        error(op.pos, op.text,
              "can't evaluate field " + name + " in type " + go_type_name(*current));
      }
      const auto it = current->find(name);
      current = it == current->end() ? &kMissing : &*it;
    }
    return *current;
  }

  ordered_json call(const Operand& fn, const std::vector<ordered_json>& args) {
    auto want_args = [&](size_t n) {
      if (args.size() != n) {
        error(fn.pos, fn.name,
              "wrong number of args for " + fn.name + ": want " + std::to_string(n) + " got " +
                  std::to_string(args.size()));
      }
    };
    auto want_string = [&](const ordered_json& v) -> std::string {
      if (!v.is_string()) {
        error(fn.pos, fn.name, "wrong type for value; expected string; got " + go_type_name(v));
      }
      return v.get<std::string>();
    };
    if (fn.name == "index") {
      if (args.empty()) error(fn.pos, fn.name, "wrong number of args for index: want at least 1");
      ordered_json item = args[0];
      for (size_t i = 1; i < args.size(); ++i) item = index(fn, item, args[i]);
      return item;
    }
    if (fn.name == "len") {
      want_args(1);
      const ordered_json& v = args[0];
      if (v.is_string()) return static_cast<int64_t>(v.get<std::string>().size());
      if (v.is_array() || v.is_object()) return static_cast<int64_t>(v.size());
      if (v.is_null()) return int64_t{0};
      error(fn.pos, fn.name, "len of type " + go_type_name(v));
    }
    if (fn.name == "json") {
      want_args(1);
      return args[0].dump(-1, ' ', false, ordered_json::error_handler_t::replace);
    }
    if (fn.name == "join") {
      want_args(2);
      const std::string separator = want_string(args[1]);
      if (!args[0].is_array() && !args[0].is_null()) {
        error(fn.pos, fn.name,
              "wrong type for value; expected []string; got " + go_type_name(args[0]));
      }
      std::string out;
      for (size_t i = 0; args[0].is_array() && i < args[0].size(); ++i) {
        out += (i ? separator : "") + go_print(args[0][i], true);
      }
      return out;
    }
    want_args(1);
    std::string s = want_string(args[0]);
    const bool upper = fn.name == "upper";
    std::transform(s.begin(), s.end(), s.begin(), [upper](unsigned char c) {
      return static_cast<char>(upper ? std::toupper(c) : std::tolower(c));
    });
    return s;
  }

  ordered_json index(const Operand& fn, const ordered_json& item, const ordered_json& key) {
    if (item.is_object() || (item.is_null() && key.is_string())) {
      if (!key.is_string()) {
        error(fn.pos, fn.name, "value has type " + go_type_name(key) + "; should be string");
      }
      if (item.is_object()) {
        if (const auto it = item.find(key.get<std::string>()); it != item.end()) return *it;
      }
      // Go's index yields the map's zero value. The maps people index are
      // string maps (Labels, even when null), whose zero value prints as "".
      const bool string_map =
          item.is_null() ||
          std::all_of(item.begin(), item.end(), [](const auto& v) { return v.is_string(); });
      return string_map ? ordered_json("") : ordered_json();
    }
    if (item.is_array() || item.is_null()) {
      if (!key.is_number_integer()) {
        error(fn.pos, fn.name, "cannot index slice/array with type " + go_type_name(key));
      }
      const auto i = key.get<int64_t>();
      if (i < 0 || static_cast<size_t>(i) >= item.size()) {
        error(fn.pos, fn.name, "error calling index: index out of range: " + std::to_string(i));
      }
      return item[static_cast<size_t>(i)];
    }
    error(fn.pos, fn.name, "can't index item of type " + go_type_name(item));
  }

  std::string_view src_;
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

std::string render_go_template(std::string_view tmpl, const nlohmann::ordered_json& data) {
  const std::string source = normalize_format(tmpl);
  const NodeList nodes = parse_template(source);
  std::string out;
  Evaluator(source).run(nodes, data, out);
  return out;
}

}  // namespace ferry
