// Go's text/template, as `skopeo inspect --format` runs it: actions, pipelines,
// variables, if/with/range (with else, else if, else with, break, continue),
// comments and trim markers, the builtin functions (and or not eq ne lt le gt
// ge len index slice print printf println) plus skopeo's extras (json join
// upper lower), and the methods of the Go types skopeo's output holds
// (time.Time, time.Month, time.Weekday, digest.Digest).
//
// Templates run over a GoValue: a small model of the Go values reflection
// would see. What matters for template semantics is the kind:
//  - structure: a Go struct. A missing field is an execution error ("can't
//    evaluate field X in type T"), as are arguments given to a field.
//  - map: a map[string]T. A missing key yields no value, printed <no value>
//    (Go's default missingkey option); `index` yields the element type's zero
//    value instead ("" when elem_type is "string").
//  - nil: a nil interface{} (JSON null); invalid: the "no value" of a missing
//    map key. Both print <no value> from an action and <nil> through fmt.
//  - time: a time.Time, or a *time.Time (type "*time.Time") that may be nil.
// `type` is the Go type name used in messages and for method lookup, e.g.
// "*main.inspectOutput", "map[string]string", "digest.Digest", "time.Month".
// GoValue::from_json models JSON as encoding/json decodes it into interface{}:
// objects are map[string]interface {}, arrays []interface {}, except that
// integers stay ints rather than becoming float64.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry {

// An instant with the zone it was written in, like Go's time.Time.
struct GoTime {
  int64_t seconds = 0;  // since 1970-01-01T00:00:00Z
  int32_t nanos = 0;
  int32_t offset = 0;  // seconds east of UTC
  std::string zone;    // "UTC", or "" for a fixed offset from RFC 3339 text

  // RFC 3339 text as encoding/json reads a time.Time; nullopt when malformed.
  static std::optional<GoTime> parse_rfc3339(std::string_view text);
};

struct GoValue {
  enum class Kind { invalid, nil, boolean, integer, floating, string, time, slice, map, structure };

  Kind kind = Kind::invalid;
  std::string type;               // Go's type name, for messages and methods
  bool is_nil = false;            // a nil slice, map or *time.Time
  bool boolean = false;           // boolean
  int64_t integer = 0;            // integer
  double floating = 0;            // floating
  std::string text;               // string
  GoTime time;                    // time, unless is_nil
  std::vector<GoValue> items;     // slice elements, map values, struct fields
  std::vector<std::string> keys;  // map keys (sorted, as Go prints and ranges) or field names
  std::vector<bool> omit_empty;   // structure: the field's json tag says omitempty
  std::string elem_type;          // map: the element type, for `index` on a missing key

  static GoValue nil();
  static GoValue of_bool(bool b);
  static GoValue of_int(int64_t v, std::string type = "int");
  static GoValue of_float(double v);
  static GoValue of_string(std::string s, std::string type = "string");
  // A time.Time, or with pointer a *time.Time (nil when `t` is nullopt).
  static GoValue of_time(std::optional<GoTime> t, bool pointer);
  static GoValue of_slice(std::vector<GoValue> items, std::string type, bool is_nil = false);
  static GoValue of_map(std::vector<std::pair<std::string, GoValue>> entries, std::string type,
                        std::string elem_type, bool is_nil = false);
  static GoValue of_struct(std::string type);
  // Appends a field to a structure; returns *this for chaining.
  GoValue& add_field(std::string name, GoValue value, bool omit_empty = false);

  static GoValue from_json(const nlohmann::ordered_json& j);
  // encoding/json's form: structs by field (honouring omitempty), times as
  // RFC 3339, nil slices/maps/pointers as null.
  nlohmann::ordered_json to_json() const;

  // The struct field or map entry `name`; nullptr when absent.
  const GoValue* find(std::string_view name) const;
};

// Renders `tmpl` over `data` after containers/common's NormalizeFormat (literal
// \t and \n become tab and newline; the output ends in a newline). Parse and
// execution errors throw ferry::Error(FERRY_E_INVALID_ARGUMENT) worded like
// Go's as skopeo 1.9.3 prints them: "template: skopeo inspect:1: ..." and
// "template: skopeo inspect:1:14: executing \"skopeo inspect\" at <.Nope>: ...".
std::string render_go_template(std::string_view tmpl, const GoValue& data);
std::string render_go_template(std::string_view tmpl, const nlohmann::ordered_json& data);

}  // namespace ferry
