// Go's text/template as `inspect --format` runs it. Expected outputs follow Go's
// text/template and fmt documentation (and exec_test.go's cases).
#include <ferry/core/error.hpp>
#include "inspect/go_template.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ferry {
namespace {

// Generic JSON data: objects are map[string]interface {}.
const nlohmann::ordered_json kData = nlohmann::ordered_json::parse(R"({
  "Name": "docker.io/library/busybox",
  "RepoTags": ["latest", "1.36"],
  "Labels": {"org.example.title": "busy", "maintainer": "lab", "a": "x y"},
  "Architecture": "amd64",
  "Os": "Linux",
  "Layers": ["sha256:aaa", "sha256:bbb"],
  "LayersData": [{"MIMEType": "application/vnd.oci.image.layer.v1.tar+gzip", "Size": 402},
                 {"MIMEType": "application/vnd.oci.image.layer.v1.tar+zstd", "Size": 3858228}],
  "Env": [],
  "NoLabels": null,
  "Config": {"User": "1000", "Flag": true, "Ratio": 0.5, "Big": 1000000.0, "Count": 3},
  "Mixed": [1, null, "a", {"k": "v"}]
})");

GoValue strings(const std::vector<std::string>& v, bool nil = false) {
  std::vector<GoValue> items;
  for (const auto& s : v) items.push_back(GoValue::of_string(s));
  return GoValue::of_slice(std::move(items), "[]string", nil);
}

GoValue layer(const std::string& mime, const std::string& digest, int64_t size) {
  GoValue l = GoValue::of_struct("types.ImageInspectLayer");
  l.add_field("MIMEType", GoValue::of_string(mime))
      .add_field("Digest", GoValue::of_string(digest, "digest.Digest"))
      .add_field("Size", GoValue::of_int(size, "int64"))
      .add_field("Annotations", GoValue::of_map({}, "map[string]string", "string", true));
  return l;
}

// Shaped like skopeo's *main.inspectOutput, as cli::inspect_template_view makes it.
GoValue view(const std::string& created = "2023-11-14T22:13:20Z") {
  GoValue v = GoValue::of_struct("*main.inspectOutput");
  v.add_field("Name", GoValue::of_string("docker.io/library/busybox"), true)
      .add_field("Tag", GoValue::of_string(""), true)
      .add_field("Digest", GoValue::of_string("sha256:9de7f2", "digest.Digest"))
      .add_field("RepoTags", strings({"latest", "1.36"}))
      .add_field("Created", GoValue::of_time(GoTime::parse_rfc3339(created), true))
      .add_field("DockerVersion", GoValue::of_string(""))
      .add_field("Labels", GoValue::of_map(
                               {{"maintainer", GoValue::of_string("lab")}, {"a", GoValue::of_string("x y")}},
                               "map[string]string", "string"))
      .add_field("Architecture", GoValue::of_string("amd64"))
      .add_field("Os", GoValue::of_string("linux"))
      .add_field("Layers", strings({"sha256:aaa", "sha256:bbb"}))
      .add_field(
          "LayersData",
          GoValue::of_slice({layer("application/vnd.oci.image.layer.v1.tar+gzip", "sha256:aaa", 402),
                             layer("application/vnd.oci.image.layer.v1.tar+zstd", "sha256:bbb", 3858228)},
                            "[]types.ImageInspectLayer"))
      .add_field("Env", strings({}, true));
  return v;
}

std::string render(const std::string& tmpl) { return render_go_template(tmpl, kData); }

// The message of the INVALID_ARGUMENT error rendering `tmpl` over `data` throws.
template <typename Data>
std::string error_of(const std::string& tmpl, const Data& data) {
  try {
    render_go_template(tmpl, data);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), FERRY_E_INVALID_ARGUMENT) << tmpl;
    return e.what();
  }
  ADD_FAILURE() << "rendering " << tmpl << " did not fail";
  return {};
}
std::string render_error(const std::string& tmpl) { return error_of(tmpl, kData); }

struct Case {
  const char* tmpl;
  const char* want;  // output without the trailing newline, or a part of the error
};

// Outputs over view(); each template's output gains the usual final newline.
const Case kOutputs[] = {
    // Fields, maps and methods.
    {"{{.Name}}", "docker.io/library/busybox"},
    {"{{.Labels.maintainer}}", "lab"},
    {"{{.Labels.nope}}", "<no value>"},
    {"{{.Labels.nope.deeper}}", "<no value>"},
    {R"({{index .Labels "nope"}})", ""},
    {"{{.Labels}}", "map[a:x y maintainer:lab]"},
    {"{{.Env}}|{{.Tag}}|{{len .Env}}", "[]||0"},
    {"{{index .LayersData 0}}", "{application/vnd.oci.image.layer.v1.tar+gzip sha256:aaa 402 map[]}"},
    {"{{printf \"%+v\" (index .LayersData 1).Size}}", "3858228"},
    {"{{printf \"%+v\" (index .LayersData 0)}}",
     "{MIMEType:application/vnd.oci.image.layer.v1.tar+gzip Digest:sha256:aaa Size:402 "
     "Annotations:map[]}"},
    {"{{.Digest.Algorithm}} {{.Digest.Encoded}}", "sha256 9de7f2"},
    // Created is a *time.Time.
    {"{{.Created}}", "2023-11-14 22:13:20 +0000 UTC"},
    {"{{.Created.Year}} {{.Created.Month}} {{.Created.Day}}", "2023 November 14"},
    {"{{.Created.Hour}}:{{.Created.Minute}}:{{.Created.Second}}", "22:13:20"},
    {"{{.Created.Unix}} {{.Created.Weekday}} {{.Created.YearDay}}", "1700000000 Tuesday 318"},
    {"{{.Created.UTC}}", "2023-11-14 22:13:20 +0000 UTC"},
    {"{{.Created.UTC.Year}}", "2023"},
    {R"({{.Created.Format "2006-01-02"}})", "2023-11-14"},
    {R"({{.Created.Format "Mon Jan _2 15:04:05 MST 2006"}})", "Tue Nov 14 22:13:20 UTC 2023"},
    {R"({{.Created.Format "Monday, 02-Jan-06 3:04PM"}})", "Tuesday, 14-Nov-23 10:13PM"},
    {R"({{.Created.Format "2006-01-02T15:04:05.000Z07:00"}})", "2023-11-14T22:13:20.000Z"},
    {R"({{.Created.Format "15:04:05.999 -07:00"}})", "22:13:20 +00:00"},
    {R"({{"2006" | .Created.Format}})", "2023"},
    {"{{printf \"%d %v\" .Created.Month .Created.Month}}", "11 November"},
    {"{{eq .Created.Month 11}}", "true"},
    {"{{printf \"%T\" .Created}}", "*time.Time"},
    {"{{json .Created}}", "\"2023-11-14T22:13:20Z\""},
    {"{{if .Created}}set{{end}}", "set"},
    // printf, print, println.
    {R"({{printf "%s-%d" .Os 5}})", "linux-5"},
    {R"({{printf "%v %s" .RepoTags .RepoTags}})", "[latest 1.36] [latest 1.36]"},
    {R"({{printf "%q" .Os}})", "\"linux\""},
    {R"({{printf "%x %X %o %b" 255 255 8 5}})", "ff FF 10 101"},
    {R"({{printf "%x" "hi"}})", "6869"},
    {R"({{printf "%t %v" true false}})", "true false"},
    {R"({{printf "%.2f|%6.2f|%e|%g" 3.14159 3.14159 1000000.0 0.5}})", "3.14|  3.14|1.000000e+06|0.5"},
    {R"({{printf "%-5s|%5s|%05d|%+d|%3c" "ab" "ab" 42 7 'x'}})", "ab   |   ab|00042|+7|  x"},
    {R"({{printf "%.3s" "abcdef"}})", "abc"},
    {R"({{printf "100%%"}})", "100%"},
    {R"({{printf "%d" "x"}})", "%!d(string=x)"},
    {R"({{printf "%s"}})", "%!s(MISSING)"},
    {R"({{printf "%s" "a" 1}})", "a%!(EXTRA int=1)"},
    {R"({{printf "%v" nil}})", "<nil>"},
    {R"({{printf "%*d" 4 7}})", "   7"},
    // Widths and precisions past Go's million: no overflow, Go's words.
    {R"({{printf "%99999999999d" 7}})", "%!(NOVERB)%!(EXTRA int=7)"},
    {R"({{printf "%.99999999999f" 1.5}})", "%!(NOVERB)%!(EXTRA float64=1.5)"},
    {R"({{printf "%*d" 99999999 7}})", "%!(BADWIDTH)7"},
    {R"({{printf "%3.*d" -99999999999 7}})", "%!(BADPREC)  7"},
    {R"({{printf "%.*d|%.*s" -1 7 "x" "abc"}})", "%!(BADPREC)7|%!(BADPREC)abc"},
    {R"({{print 1 2 "a" "b" 3}})", "1 2ab3"},
    {R"({{print .Labels.nope}})", "<nil>"},
    {R"({{println "a" 1}})", "a 1\n"},
    // Comparisons and logic.
    {R"({{eq .Os "linux"}} {{eq .Os "x" "y" "linux"}} {{ne .Os "linux"}})", "true true false"},
    {"{{lt 1 2}} {{le 2 2}} {{gt 1 2}} {{ge 2.5 1.5}}", "true true false true"},
    {R"({{lt "a" "b"}} {{eq .Digest "sha256:9de7f2"}})", "true true"},
    {"{{eq .Labels.nope .Labels.nope}}", "true"},
    {R"({{and 1 0 "x"}}|{{and 1 "x"}}|{{or 0 "" "y"}}|{{or 0 ""}})", "0|x|y|"},
    {"{{or 1 .Nope}} {{and 0 .Nope}}", "1 0"},  // short-circuit: .Nope is never evaluated
    {"{{not .Env}} {{not 1}} {{not .LayersData}}", "true false false"},
    {R"({{if and .Labels (eq .Os "linux")}}yes{{end}})", "yes"},
    {"{{if 0}}a{{else if 0.0}}b{{else if \"\"}}c{{else if index .LayersData 0}}d{{end}}", "d"},
    // index, slice, len.
    {"{{index .RepoTags 1}} {{index .Layers 0}}", "1.36 sha256:aaa"},
    {R"({{index "abc" 1}})", "98"},
    {"{{slice .Os 1 3}} {{slice .RepoTags 1}} {{slice .Os}}", "in [1.36] linux"},
    {"{{len .Labels}} {{.Labels | len}} {{len .Os}} {{len .LayersData}}", "2 2 5 2"},
    // with, range, variables, break and continue.
    {"{{with .Labels.maintainer}}{{.}}{{end}}", "lab"},
    {"{{with .Env}}x{{else}}none{{end}}", "none"},
    {"{{with .Tag}}tag{{else with .Os}}{{.}}{{end}}", "linux"},
    {"{{with $x := .Os}}{{$x}}{{.}}{{end}}", "linuxlinux"},
    {"{{$x := .Os}}{{$x}} {{$x = 2}}{{$x}}", "linux 2"},
    {"{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", "2"},
    {"{{range $i, $t := .RepoTags}}{{$i}}:{{$t}} {{end}}", "0:latest 1:1.36 "},
    {"{{range $t := .RepoTags}}{{$t}},{{end}}", "latest,1.36,"},
    {"{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}", "a=x y;maintainer=lab;"},
    {"{{range .RepoTags}}{{$.Os}} {{end}}", "linux linux "},
    {"{{range .LayersData}}{{.Size}} {{end}}", "402 3858228 "},
    {"{{range .Env}}x{{else}}empty{{end}}", "empty"},
    {"{{range 3}}{{.}}{{end}}", "012"},
    {R"({{range .RepoTags}}{{if eq . "1.36"}}{{break}}{{end}}{{.}}{{end}})", "latest"},
    {R"({{range .RepoTags}}{{if eq . "latest"}}{{continue}}{{end}}{{.}}{{end}})", "1.36"},
    // Pipelines, parentheses, comments, trim markers.
    {R"({{.Os | printf "%s!"}})", "linux!"},
    {R"({{"x" | printf "%s-%s" "a"}})", "a-x"},
    {R"({{.Os | upper | printf "%q"}})", "\"LINUX\""},
    {"{{(index .LayersData 0).Size}} {{len (slice .RepoTags 1)}}", "402 1"},
    {"a {{- /* a comment */ -}} b", "ab"},
    {"{{json .Env}} {{json .Labels}}", "null {\"a\":\"x y\",\"maintainer\":\"lab\"}"},
};

TEST(GoTemplate, TableOverInspectView) {
  const GoValue v = view();
  for (const Case& c : kOutputs) {
    try {
      EXPECT_EQ(render_go_template(c.tmpl, v), std::string(c.want) + "\n") << c.tmpl;
    } catch (const Error& e) {
      ADD_FAILURE() << c.tmpl << ": " << e.what();
    }
  }
}

// Execution and parse errors over view(): each message contains `want`.
const Case kErrors[] = {
    // Named and placed as skopeo 1.9.3 reports them: its "{{range . }}" wrapper
    // shifts first-line columns by 12.
    {"{{.Nope}}",
     "template: skopeo inspect:1:14: executing \"skopeo inspect\" at <.Nope>: can't evaluate "
     "field Nope in type *main.inspectOutput"},
    {"a\nbc {{.Nope}}", "template: skopeo inspect:2:5: executing \"skopeo inspect\" at <.Nope>"},
    {"{{range .LayersData}}{{.Nope}}{{end}}",
     "at <.Nope>: can't evaluate field Nope in type types.ImageInspectLayer"},
    {"{{.Created.Nope}}", "can't evaluate field Nope in type *time.Time"},
    {"{{.Os.Nope}}", "can't evaluate field Nope in type string"},
    {"{{.Name \"x\"}}", "Name has arguments but cannot be invoked as function"},
    {"{{\"x\" 1}}", "can't give argument to non-function \"x\""},
    {"{{.Created.Year 1}}", "wrong number of args for Year: want 0 got 1"},
    {"{{.Created.Format}}", "wrong number of args for Format: want 1 got 0"},
    {"{{eq .Os 1}}", "at <eq .Os 1>: error calling eq: incompatible types for comparison: string and int"},
    {"{{eq .Os 1 2 3 4 5 6 7 8}}", "at <eq .Os 1 2 3 4 5 6 7...>: error calling eq"},
    {"{{lt true false}}", "error calling lt: invalid type for comparison"},
    {"{{lt .RepoTags 1}}", "error calling lt: invalid type for comparison"},
    {"{{eq .Os}}", "error calling eq: missing argument for comparison"},
    {"{{index .RepoTags 5}}", "error calling index: index out of range: 5"},
    {"{{index .Os \"k\"}}", "error calling index: cannot index slice/array with type string"},
    {"{{index 1 0}}", "can't index item of type int"},
    {"{{slice .Os 3 1}}", "error calling slice: invalid slice index: 3 > 1"},
    {"{{slice .Os 1 9}}", "error calling slice: index out of range: 9"},
    {"{{len .Labels.nope}}", "error calling len:"},
    {"{{len 3}}", "error calling len: len of type int"},
    {"{{upper .RepoTags}}", "wrong type for value; expected string; got []string"},
    {"{{upper}}", "wrong number of args for upper: want 1 got 0"},
    {"{{range .Os}}{{end}}", "range can't iterate over linux"},
    {"{{nil}}", "nil is not a command"},
    {"{{and}}", "wrong number of args for and: want at least 1 got 0"},
    // Parse errors name the line, as Go's do.
    {"{{.Name", "template: skopeo inspect:1: unclosed action"},
    {"ab {{nope .Name}}", "template: skopeo inspect:1: function \"nope\" not defined"},
    {"{{if .Name}}x", "template: skopeo inspect:1: unexpected EOF"},
    {"x\n{{end}}", "template: skopeo inspect:2: unexpected {{end}}"},
    {"{{}}", "template: skopeo inspect:1: missing value for command"},
    {"{{$x}}", "undefined variable \"$x\""},
    {"{{if true}}{{$y := 1}}{{end}}{{$y}}", "undefined variable \"$y\""},
    {"{{$z = 1}}", "undefined variable \"$z\""},
    {"{{break}}", "{{break}} outside {{range}}"},
    {"{{range .Env}}{{else}}{{continue}}{{end}}", "{{continue}} outside {{range}}"},
    {"{{template \"x\"}}", "{{template}} is not supported"},
    {"{{.Os | \"x\"}}", "non executable command in pipeline stage 2"},
    {R"({{"open}})", "unterminated quoted string"},
};

TEST(GoTemplate, ErrorTableOverInspectView) {
  const GoValue v = view();
  for (const Case& c : kErrors) {
    const std::string message = error_of(c.tmpl, v);
    EXPECT_NE(message.find(c.want), std::string::npos) << c.tmpl << " gave: " << message;
  }
}

TEST(GoTemplate, NilAndZonedCreated) {
  const GoValue nil_created = view("not a time");
  EXPECT_EQ(render_go_template("{{.Created}}", nil_created), "<nil>\n");
  EXPECT_EQ(render_go_template("{{if .Created}}y{{else}}n{{end}}", nil_created), "n\n");
  EXPECT_EQ(render_go_template("{{json .Created}}", nil_created), "null\n");
  EXPECT_NE(error_of("{{.Created.Year}}", nil_created)
                .find("at <.Created.Year>: error calling Year: runtime error: invalid memory "
                      "address or nil pointer dereference"),
            std::string::npos);

  const GoValue zoned = view("2023-11-14T23:13:20.5+01:00");
  EXPECT_EQ(render_go_template("{{.Created}}", zoned), "2023-11-14 23:13:20.5 +0100 +0100\n");
  EXPECT_EQ(render_go_template("{{.Created.UTC}}", zoned), "2023-11-14 22:13:20.5 +0000 UTC\n");
  EXPECT_EQ(render_go_template("{{.Created.Hour}} {{.Created.UTC.Hour}}", zoned), "23 22\n");
  EXPECT_EQ(render_go_template(R"({{.Created.Format "Z07:00 -0700 .000"}})", zoned), "+01:00 +0100 .500\n");
  EXPECT_EQ(render_go_template("{{json .Created}}", zoned), "\"2023-11-14T23:13:20.5+01:00\"\n");
  // Before the epoch, and a leap day.
  EXPECT_EQ(render_go_template("{{.Created}} {{.Created.Weekday}} {{.Created.YearDay}}",
                               view("1960-02-29T01:02:03Z")),
            "1960-02-29 01:02:03 +0000 UTC Monday 60\n");
}

TEST(GoTemplate, FieldsAndTrailingNewline) {
  EXPECT_EQ(render("{{.Name}}"), "docker.io/library/busybox\n");
  EXPECT_EQ(render("{{.Name}}\n"), "docker.io/library/busybox\n");
  EXPECT_EQ(render("Name: {{.Name}} Arch: {{.Architecture}}"),
            "Name: docker.io/library/busybox Arch: amd64\n");
  EXPECT_EQ(render("{{.Config.User}}"), "1000\n");
  EXPECT_EQ(render("plain"), "plain\n");
}

TEST(GoTemplate, EscapesFromTheCommandLine) {
  EXPECT_EQ(render(R"({{.Architecture}}\t{{.Os}}\n)"), "amd64\tLinux\n");
  EXPECT_EQ(render(R"(a\nb)"), "a\nb\n");
}

// JSON data is map[string]interface {} all the way down.
TEST(GoTemplate, JsonDataPrintsAsGoMaps) {
  EXPECT_EQ(render("{{.RepoTags}}"), "[latest 1.36]\n");
  EXPECT_EQ(render("{{.Labels}}"), "map[a:x y maintainer:lab org.example.title:busy]\n");
  EXPECT_EQ(render("{{.Env}}"), "[]\n");
  EXPECT_EQ(render("{{.Config.Flag}} {{.Config.Ratio}} {{.Config.Big}} {{.Config.Count}}"),
            "true 0.5 1e+06 3\n");
  EXPECT_EQ(render("{{.Mixed}}"), "[1 <nil> a map[k:v]]\n");
  // Missing keys of a map are no value, not an error.
  EXPECT_EQ(render("{{.Missing}}|{{.NoLabels}}|{{.Missing.Deeper}}"), "<no value>|<no value>|<no value>\n");
  EXPECT_EQ(render(R"({{index .Labels "absent"}})"), "<no value>\n");  // interface{} zero value
  EXPECT_EQ(render(R"({{index .Labels "maintainer"}})"), "lab\n");
  EXPECT_EQ(render("{{range .Labels}}[{{.}}]{{end}}"), "[x y][lab][busy]\n");
  EXPECT_EQ(render("{{range .NoLabels}}x{{else}}none{{end}}"), "none\n");
  EXPECT_EQ(render_go_template("{{.}}", nlohmann::ordered_json("just a string")), "just a string\n");
  EXPECT_EQ(render_go_template("{{.}}", nlohmann::ordered_json{{"b", 2}, {"a", 1}}), "map[a:1 b:2]\n");
  EXPECT_NE(render_error("{{.NoLabels.x}}").find("nil pointer evaluating interface {}.x"), std::string::npos);
  EXPECT_NE(render_error("{{.Name .Os}}").find("Name is not a method but has arguments"), std::string::npos);
}

TEST(GoTemplate, Functions) {
  EXPECT_EQ(render("{{json .RepoTags}}"), "[\"latest\",\"1.36\"]\n");
  EXPECT_EQ(render("{{json .Name}}"), "\"docker.io/library/busybox\"\n");
  EXPECT_EQ(render("{{json .NoLabels}}"), "null\n");
  EXPECT_EQ(render(R"({{join .RepoTags ", "}})"), "latest, 1.36\n");
  EXPECT_EQ(render(R"({{join .Env ","}})"), "\n");
  EXPECT_EQ(render("{{upper .Architecture}} {{lower .Os}}"), "AMD64 linux\n");
  EXPECT_EQ(render("{{.Os | upper}}"), "LINUX\n");
  EXPECT_EQ(render(R"({{upper (index .Labels "maintainer")}})"), "LAB\n");
  EXPECT_EQ(render(R"({{"tab\there" | upper}})"), "TAB\tHERE\n");
}

TEST(GoTemplate, TrimMarkersAndComments) {
  EXPECT_EQ(render("a  {{- .Architecture -}}  \n b"), "aamd64b\n");
  EXPECT_EQ(render("x{{/* a comment */}}y"), "xy\n");
  EXPECT_EQ(render("x {{- /* trimmed */ -}} y"), "xy\n");
}

// Nested past any stack, each way a template nests: one error, not a crash.
// As deep as a person would ever write still renders.
TEST(GoTemplate, DeepNestingIsRefusedNotACrash) {
  auto repeat = [](const std::string& s, size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += s;
    return out;
  };
  const std::string refused = "template: skopeo inspect:1: max expression depth exceeded";
  for (size_t depth : {201, 100000}) {
    EXPECT_EQ(render_error(repeat("{{if 1}}", depth) + repeat("{{end}}", depth)), refused);
    EXPECT_EQ(render_error(repeat("{{with .Name}}", depth) + repeat("{{end}}", depth)), refused);
    EXPECT_EQ(render_error(repeat("{{range .RepoTags}}", depth) + repeat("{{end}}", depth)), refused);
    EXPECT_EQ(render_error("{{if 0}}" + repeat("{{else if 0}}", depth) + "{{end}}"), refused);
    EXPECT_EQ(render_error("{{" + repeat("(", depth) + "1" + repeat(")", depth) + "}}"), refused);
  }
  EXPECT_EQ(render(repeat("{{if 1}}", 100) + repeat("{{with .}}", 100) + "x" + repeat("{{end}}", 200)),
            "x\n");
  EXPECT_EQ(render("{{" + repeat("(", 200) + "1" + repeat(")", 200) + "}}"), "1\n");
}

}  // namespace
}  // namespace ferry
