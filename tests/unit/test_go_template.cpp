// The Go text/template subset used by `inspect --format`.
#include <ferry/core/error.hpp>
#include <ferry/core/go_template.hpp>

#include <gtest/gtest.h>

#include <string>

namespace ferry {
namespace {

// Shaped like skopeo's inspect output.
const nlohmann::ordered_json kData = nlohmann::ordered_json::parse(R"({
  "Name": "docker.io/library/busybox",
  "Digest": "sha256:9de7f29e3a350d70150867ce512e24ad45213a1a882bddb1b25769af6a2320f8",
  "RepoTags": ["latest", "1.36"],
  "Created": "2023-11-14T22:13:20Z",
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

std::string render(const std::string& tmpl) { return render_go_template(tmpl, kData); }

// The message of the INVALID_ARGUMENT error rendering `tmpl` throws.
std::string render_error(const std::string& tmpl) {
  try {
    render(tmpl);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), FERRY_E_INVALID_ARGUMENT) << tmpl;
    return e.what();
  }
  ADD_FAILURE() << "rendering " << tmpl << " did not fail";
  return {};
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

TEST(GoTemplate, ValuesPrintAsGoDoes) {
  EXPECT_EQ(render("{{.RepoTags}}"), "[latest 1.36]\n");
  EXPECT_EQ(render("{{.Labels}}"), "map[a:x y maintainer:lab org.example.title:busy]\n");
  EXPECT_EQ(render("{{.Env}}"), "[]\n");
  EXPECT_EQ(render("{{.Config.Flag}} {{.Config.Ratio}} {{.Config.Big}} {{.Config.Count}}"),
            "true 0.5 1e+06 3\n");
  EXPECT_EQ(render("{{.Mixed}}"), "[1 <nil> a map[k:v]]\n");
  EXPECT_EQ(render("{{.Missing}}|{{.NoLabels}}|{{.Missing.Deeper}}"),
            "<no value>|<no value>|<no value>\n");
  EXPECT_EQ(render_go_template("{{.}}", nlohmann::ordered_json("just a string")),
            "just a string\n");
  EXPECT_EQ(render_go_template("{{.}}", nlohmann::ordered_json{{"b", 2}, {"a", 1}}),
            "map[a:1 b:2]\n");
}

TEST(GoTemplate, Index) {
  EXPECT_EQ(render(R"({{index .Labels "maintainer"}})"), "lab\n");
  EXPECT_EQ(render(R"({{index .Labels "org.example.title"}})"), "busy\n");
  // Labels are a map[string]string in skopeo: a missing or nil map gives "".
  EXPECT_EQ(render(R"({{index .Labels "absent"}})"), "\n");
  EXPECT_EQ(render(R"({{index .NoLabels "absent"}})"), "\n");
  EXPECT_EQ(render("{{index .RepoTags 1}}"), "1.36\n");
  EXPECT_NE(render_error("{{index .RepoTags 5}}").find("index out of range: 5"), std::string::npos);
}

TEST(GoTemplate, Range) {
  EXPECT_EQ(render("{{range .Layers}}{{.}},{{end}}"), "sha256:aaa,sha256:bbb,\n");
  EXPECT_EQ(render("{{range .LayersData}}{{.Size}} {{end}}"), "402 3858228 \n");
  EXPECT_EQ(render("{{range .Labels}}[{{.}}]{{end}}"), "[x y][lab][busy]\n");
  EXPECT_EQ(render("{{range .Env}}x{{else}}none{{end}}"), "none\n");
  EXPECT_EQ(render("{{range .NoLabels}}x{{end}}"), "\n");
}

TEST(GoTemplate, IfElse) {
  EXPECT_EQ(render("{{if .Labels}}labelled{{else}}bare{{end}}"), "labelled\n");
  EXPECT_EQ(render("{{if .Env}}env{{else}}no env{{end}}"), "no env\n");
  EXPECT_EQ(render("{{if .Missing}}x{{end}}"), "\n");
  EXPECT_EQ(render("{{if .Env}}a{{else if .Config.Flag}}b{{else}}c{{end}}"), "b\n");
  EXPECT_EQ(render("{{if .Env}}a{{else if .NoLabels}}b{{else}}c{{end}}"), "c\n");
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
}

TEST(GoTemplate, ParseErrorsNamePosition) {
  EXPECT_EQ(render_error("{{.Name"), "template: 1:1: unclosed action");
  EXPECT_EQ(render_error("ab {{nope .Name}}"), "template: 1:6: function \"nope\" not defined");
  EXPECT_NE(render_error("{{if .Name}}x").find("has no {{end}}"), std::string::npos);
  EXPECT_EQ(render_error("x\n{{end}}"), "template: 2:1: unexpected {{end}}");
  EXPECT_EQ(render_error("{{}}"), "template: 1:1: missing value for command");
  EXPECT_EQ(render_error("{{with .X}}{{end}}"), "template: 1:3: {{with}} is not supported");
  EXPECT_NE(render_error("{{$x := 1}}").find("variables"), std::string::npos);
  EXPECT_NE(render_error(R"({{"open}})").find("unterminated quoted string"), std::string::npos);
}

TEST(GoTemplate, ExecutionErrors) {
  EXPECT_EQ(render_error("{{.Name.Foo}}"),
            "template: 1:3: executing at <.Name.Foo>: can't evaluate field Foo in type string");
  EXPECT_NE(render_error("{{upper .RepoTags}}").find("expected string"), std::string::npos);
  EXPECT_NE(render_error("{{upper}}").find("wrong number of args for upper: want 1 got 0"),
            std::string::npos);
  EXPECT_NE(render_error("{{.Name .Os}}").find("can't give argument to non-function"),
            std::string::npos);
  EXPECT_NE(render_error("{{range .Name}}{{end}}").find("range can't iterate over"),
            std::string::npos);
}

}  // namespace
}  // namespace ferry
