// Building GoValues, and converting them from and to JSON.
#include "inspect/go_template.hpp"

#include "go_template_time.hpp"

#include <algorithm>

namespace ferry {

using nlohmann::ordered_json;

GoValue GoValue::nil() {
  GoValue v;
  v.kind = Kind::nil;
  v.type = "interface {}";
  return v;
}

GoValue GoValue::of_bool(bool b) {
  GoValue v;
  v.kind = Kind::boolean;
  v.type = "bool";
  v.boolean = b;
  return v;
}

GoValue GoValue::of_int(int64_t i, std::string type) {
  GoValue v;
  v.kind = Kind::integer;
  v.type = std::move(type);
  v.integer = i;
  return v;
}

GoValue GoValue::of_float(double d) {
  GoValue v;
  v.kind = Kind::floating;
  v.type = "float64";
  v.floating = d;
  return v;
}

GoValue GoValue::of_string(std::string s, std::string type) {
  GoValue v;
  v.kind = Kind::string;
  v.type = std::move(type);
  v.text = std::move(s);
  return v;
}

GoValue GoValue::of_time(std::optional<GoTime> t, bool pointer) {
  GoValue v;
  v.kind = Kind::time;
  v.type = pointer ? "*time.Time" : "time.Time";
  v.is_nil = pointer && !t;
  if (t) v.time = *t;
  return v;
}

GoValue GoValue::of_slice(std::vector<GoValue> items, std::string type, bool is_nil) {
  GoValue v;
  v.kind = Kind::slice;
  v.type = std::move(type);
  v.items = std::move(items);
  v.is_nil = is_nil && v.items.empty();
  return v;
}

GoValue GoValue::of_map(std::vector<std::pair<std::string, GoValue>> entries, std::string type,
                        std::string elem_type, bool is_nil) {
  // Go prints and ranges over maps in key order; keeping them sorted does both.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  GoValue v;
  v.kind = Kind::map;
  v.type = std::move(type);
  v.elem_type = std::move(elem_type);
  v.is_nil = is_nil && entries.empty();
  for (auto& [key, value] : entries) {
    v.keys.push_back(std::move(key));
    v.items.push_back(std::move(value));
  }
  return v;
}

GoValue GoValue::of_struct(std::string type) {
  GoValue v;
  v.kind = Kind::structure;
  v.type = std::move(type);
  return v;
}

GoValue& GoValue::add_field(std::string name, GoValue value, bool omit) {
  keys.push_back(std::move(name));
  items.push_back(std::move(value));
  omit_empty.push_back(omit);
  return *this;
}

const GoValue* GoValue::find(std::string_view name) const {
  if (kind != Kind::map && kind != Kind::structure) return nullptr;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == name) return &items[i];
  }
  return nullptr;
}

GoValue GoValue::from_json(const ordered_json& j) {
  switch (j.type()) {
    case ordered_json::value_t::boolean:
      return of_bool(j.get<bool>());
    case ordered_json::value_t::number_integer:
      return of_int(j.get<int64_t>());
    case ordered_json::value_t::number_unsigned:
      return of_int(static_cast<int64_t>(j.get<uint64_t>()));
    case ordered_json::value_t::number_float:
      return of_float(j.get<double>());
    case ordered_json::value_t::string:
      return of_string(j.get<std::string>());
    case ordered_json::value_t::array: {
      std::vector<GoValue> items;
      for (const auto& e : j) items.push_back(from_json(e));
      return of_slice(std::move(items), "[]interface {}");
    }
    case ordered_json::value_t::object: {
      std::vector<std::pair<std::string, GoValue>> entries;
      for (const auto& [k, e] : j.items()) entries.emplace_back(k, from_json(e));
      return of_map(std::move(entries), "map[string]interface {}", "interface {}");
    }
    default:
      return nil();
  }
}

namespace {

// encoding/json's omitempty: false, 0, "", and empty or nil collections.
bool is_empty_for_json(const GoValue& v) {
  switch (v.kind) {
    case GoValue::Kind::boolean:
      return !v.boolean;
    case GoValue::Kind::integer:
      return v.integer == 0;
    case GoValue::Kind::floating:
      return v.floating == 0;
    case GoValue::Kind::string:
      return v.text.empty();
    case GoValue::Kind::slice:
    case GoValue::Kind::map:
      return v.items.empty();
    case GoValue::Kind::time:
      return v.is_nil;
    case GoValue::Kind::structure:
      return false;
    default:
      return true;
  }
}

}  // namespace

ordered_json GoValue::to_json() const {
  switch (kind) {
    case Kind::boolean:
      return boolean;
    case Kind::integer:
      return integer;
    case Kind::floating:
      return floating;
    case Kind::string:
      return text;
    case Kind::time:
      return is_nil ? ordered_json(nullptr) : ordered_json(gotmpl::time_rfc3339(time));
    case Kind::slice: {
      if (is_nil) return nullptr;
      ordered_json out = ordered_json::array();
      for (const auto& e : items) out.push_back(e.to_json());
      return out;
    }
    case Kind::map:
    case Kind::structure: {
      if (is_nil) return nullptr;
      ordered_json out = ordered_json::object();
      for (size_t i = 0; i < keys.size(); ++i) {
        const bool omit = kind == Kind::structure && omit_empty[i];
        if (!omit || !is_empty_for_json(items[i])) out[keys[i]] = items[i].to_json();
      }
      return out;
    }
    default:
      return nullptr;
  }
}

}  // namespace ferry
