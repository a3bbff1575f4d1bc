// The template functions: Go's builtins and skopeo's extras (json, join,
// upper, lower). Messages follow Go's text/template funcs.go.
#include "go_template_funcs.hpp"

#include "go_template_fmt.hpp"

#include <algorithm>
#include <array>

namespace ferry::gotmpl {
namespace {

using Kind = GoValue::Kind;

constexpr std::array kFunctions = {"and",     "or",   "not",  "eq",    "ne",    "lt",    "le",
                                   "gt",      "ge",   "len",  "index", "slice", "print", "printf",
                                   "println", "json", "join", "upper", "lower"};

bool no_value(const GoValue& v) { return v.kind == Kind::nil || v.kind == Kind::invalid; }

void want_args(std::string_view name, const std::vector<GoValue>& args, size_t n, bool at_least = false) {
  if (args.size() == n || (at_least && args.size() > n)) return;
  throw ArgError("wrong number of args for " + std::string(name) + ": want " + (at_least ? "at least " : "") +
                 std::to_string(n) + " got " + std::to_string(args.size()));
}

// A plain string argument; named string types (digest.Digest) do not convert
// implicitly in Go either.
const std::string& string_arg(const GoValue& v) {
  if (no_value(v)) throw ArgError("invalid value; expected string");
  if (v.kind != Kind::string || v.type != "string") {
    throw ArgError("wrong type for value; expected string; got " + v.type);
  }
  return v.text;
}

// ---- comparison (eq ne lt le gt ge) ----

enum class Basic { none, boolean, integer, floating, string };

Basic basic_kind(const GoValue& v) {
  switch (v.kind) {
    case Kind::boolean:
      return Basic::boolean;
    case Kind::integer:
      return Basic::integer;
    case Kind::floating:
      return Basic::floating;
    case Kind::string:
      return Basic::string;
    default:
      return Basic::none;
  }
}

bool nil_like(const GoValue& v) { return no_value(v) || v.is_nil; }

[[noreturn]] void incompatible(const GoValue& a, const GoValue& b) {
  throw CallError("incompatible types for comparison: " + a.type + " and " + b.type);
}

bool equal(const GoValue& a, const GoValue& b) {
  const Basic k1 = basic_kind(a), k2 = basic_kind(b);
  if (k1 != k2) {
    if (!no_value(a) && !no_value(b)) incompatible(a, b);
    return false;
  }
  switch (k1) {
    case Basic::boolean:
      return a.boolean == b.boolean;
    case Basic::integer:
      return a.integer == b.integer;
    case Basic::floating:
      return a.floating == b.floating;
    case Basic::string:
      return a.text == b.text;
    case Basic::none:
      break;
  }
  if (a.kind != b.kind && !no_value(a) && !no_value(b)) {
    throw CallError("non-comparable types " + a.type + " and " + b.type);
  }
  if (nil_like(a) || nil_like(b)) return nil_like(a) == nil_like(b);
  if (a.kind == Kind::time) {
    return a.time.seconds == b.time.seconds && a.time.nanos == b.time.nanos &&
           a.time.offset == b.time.offset && a.time.zone == b.time.zone;
  }
  throw CallError("non-comparable type " + a.type);
}

bool less(const GoValue& a, const GoValue& b) {
  const Basic k1 = basic_kind(a), k2 = basic_kind(b);
  if (k1 == Basic::none || k2 == Basic::none) throw CallError("invalid type for comparison");
  if (k1 != k2) incompatible(a, b);
  switch (k1) {
    case Basic::integer:
      return a.integer < b.integer;
    case Basic::floating:
      return a.floating < b.floating;
    case Basic::string:
      return a.text < b.text;
    default:
      throw CallError("invalid type for comparison");
  }
}

GoValue compare(std::string_view name, const std::vector<GoValue>& args) {
  if (name == "eq") {
    want_args(name, args, 1, true);
    if (args.size() == 1) throw CallError("missing argument for comparison");
    return GoValue::of_bool(
        std::any_of(args.begin() + 1, args.end(), [&](const GoValue& b) { return equal(args[0], b); }));
  }
  want_args(name, args, 2);
  const GoValue &a = args[0], &b = args[1];
  if (name == "ne") return GoValue::of_bool(!equal(a, b));
  if (name == "lt") return GoValue::of_bool(less(a, b));
  if (name == "ge") return GoValue::of_bool(!less(a, b));
  const bool le = less(a, b) || equal(a, b);
  return GoValue::of_bool(name == "le" ? le : !le);
}

// ---- index, slice, len ----

// An index into something of length `cap`, checked as Go's indexArg does.
int64_t index_arg(const GoValue& index, size_t cap) {
  if (no_value(index)) throw CallError("cannot index slice/array with nil");
  if (index.kind != Kind::integer) throw CallError("cannot index slice/array with type " + index.type);
  if (index.integer < 0 || static_cast<uint64_t>(index.integer) > cap) {
    throw CallError("index out of range: " + std::to_string(index.integer));
  }
  return index.integer;
}

GoValue zero_value(const std::string& type) {
  if (type == "string") return GoValue::of_string("");
  if (type == "int" || type == "int64") return GoValue::of_int(0, type);
  if (type == "bool") return GoValue::of_bool(false);
  return GoValue::nil();
}

GoValue index(const std::vector<GoValue>& args) {
  want_args("index", args, 1, true);
  GoValue item = args[0];
  if (no_value(item)) throw CallError("index of untyped nil");
  for (size_t i = 1; i < args.size(); ++i) {
    const GoValue& key = args[i];
    if (item.kind == Kind::slice || item.kind == Kind::string) {
      const bool is_string = item.kind == Kind::string;
      const size_t len = is_string ? item.text.size() : item.items.size();
      const auto x = static_cast<size_t>(index_arg(key, len));
      if (x == len)
        throw CallError(std::string("reflect: ") + (is_string ? "string" : "slice") + " index out of range");
      item = is_string ? GoValue::of_int(static_cast<unsigned char>(item.text[x]), "uint8")
                       : GoValue(item.items[x]);
    } else if (item.kind == Kind::map) {
      if (no_value(key)) throw CallError("value is nil; should be of type string");
      if (key.kind != Kind::string) throw CallError("value has type " + key.type + "; should be string");
      const GoValue* found = item.find(key.text);
      item = found ? *found : zero_value(item.elem_type);
    } else {
      throw CallError(item.kind == Kind::time && item.is_nil ? "index of nil pointer"
                                                             : "can't index item of type " + item.type);
    }
  }
  return item;
}

GoValue slice(const std::vector<GoValue>& args) {
  want_args("slice", args, 1, true);
  const GoValue& item = args[0];
  if (no_value(item)) throw CallError("slice of untyped nil");
  if (args.size() > 4) throw CallError("too many slice indexes: " + std::to_string(args.size() - 1));
  if (item.kind == Kind::string && args.size() == 4) throw CallError("cannot 3-index slice a string");
  if (item.kind != Kind::string && item.kind != Kind::slice)
    throw CallError("can't slice item of type " + item.type);
  const size_t len = item.kind == Kind::string ? item.text.size() : item.items.size();
  int64_t idx[3] = {0, static_cast<int64_t>(len), static_cast<int64_t>(len)};
  for (size_t i = 1; i < args.size(); ++i) idx[i - 1] = index_arg(args[i], len);
  auto check_order = [](int64_t lo, int64_t hi) {
    if (lo > hi) throw CallError("invalid slice index: " + std::to_string(lo) + " > " + std::to_string(hi));
  };
  check_order(idx[0], idx[1]);
  if (args.size() == 4) check_order(idx[1], idx[2]);
  GoValue out = item;
  if (item.kind == Kind::string) {
    out.text = item.text.substr(idx[0], idx[1] - idx[0]);
  } else {
    out.items.assign(item.items.begin() + idx[0], item.items.begin() + idx[1]);
    out.is_nil = false;
  }
  return out;
}

GoValue length(const GoValue& v) {
  if (v.kind == Kind::invalid) throw CallError("reflect: call of reflect.Value.Type on zero Value");
  if (v.kind == Kind::nil || (v.kind == Kind::time && v.is_nil)) throw CallError("len of nil pointer");
  if (v.kind == Kind::string) return GoValue::of_int(static_cast<int64_t>(v.text.size()));
  if (v.kind == Kind::slice || v.kind == Kind::map)
    return GoValue::of_int(static_cast<int64_t>(v.items.size()));
  // Go dereferences pointers first: a *time.Time has "len of type time.Time".
  throw CallError("len of type " + (v.type.starts_with('*') ? v.type.substr(1) : v.type));
}

// ---- skopeo's extras ----

GoValue join(const std::vector<GoValue>& args) {
  want_args("join", args, 2);
  const GoValue& list = args[0];
  const std::string& separator = string_arg(args[1]);
  if (no_value(list)) return GoValue::of_string("");
  const bool strings =
      list.kind == Kind::slice && std::all_of(list.items.begin(), list.items.end(),
                                              [](const GoValue& e) { return e.kind == Kind::string; });
  if (!strings) throw ArgError("wrong type for value; expected []string; got " + list.type);
  std::string out;
  for (size_t i = 0; i < list.items.size(); ++i) out += (i ? separator : "") + list.items[i].text;
  return GoValue::of_string(out);
}

// strings.ToUpper / ToLower, for ASCII letters.
GoValue change_case(std::string_view name, const std::vector<GoValue>& args) {
  want_args(name, args, 1);
  std::string s = string_arg(args[0]);
  const bool upper = name == "upper";
  std::transform(s.begin(), s.end(), s.begin(), [upper](unsigned char c) {
    return static_cast<char>(upper ? std::toupper(c) : std::tolower(c));
  });
  return GoValue::of_string(s);
}

}  // namespace

bool is_true(const GoValue& v) {
  switch (v.kind) {
    case Kind::boolean:
      return v.boolean;
    case Kind::integer:
      return v.integer != 0;
    case Kind::floating:
      return v.floating != 0;
    case Kind::string:
      return !v.text.empty();
    case Kind::slice:
    case Kind::map:
      return !v.items.empty();
    case Kind::time:
      return !v.is_nil;
    case Kind::structure:
      return true;  // struct values are always true
    default:
      return false;
  }
}

bool is_function(std::string_view name) {
  return std::find(kFunctions.begin(), kFunctions.end(), name) != kFunctions.end();
}

GoValue call_function(std::string_view name, const std::vector<GoValue>& args) {
  if (name == "eq" || name == "ne" || name == "lt" || name == "le" || name == "gt" || name == "ge") {
    return compare(name, args);
  }
  if (name == "index") return index(args);
  if (name == "slice") return slice(args);
  if (name == "join") return join(args);
  if (name == "upper" || name == "lower") return change_case(name, args);
  if (name == "print") return GoValue::of_string(sprint(args));
  if (name == "println") return GoValue::of_string(sprintln(args));
  if (name == "printf") {
    want_args(name, args, 1, true);
    return GoValue::of_string(sprintf(string_arg(args[0]), {args.begin() + 1, args.end()}));
  }
  want_args(name, args, 1);
  if (name == "not") return GoValue::of_bool(!is_true(args[0]));
  if (name == "len") return length(args[0]);
  if (name == "json") {
    // skopeo's json: encoding/json without HTML escaping, no trailing newline.
    return GoValue::of_string(
        args[0].to_json().dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  }
  throw ArgError("function \"" + std::string(name) + "\" not defined");
}

}  // namespace ferry::gotmpl
