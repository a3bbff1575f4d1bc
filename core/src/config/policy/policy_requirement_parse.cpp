#include "config/policy/policy_requirement_parse.hpp"

#include "config/policy/policy_identity.hpp"

#include <ferry/docker_reference/docker_reference.hpp>

namespace ferry::policy {
namespace {

const char* const requirement_type = "prTypeIdentifier";
const char* const match_type = "prmTypeIdentifier";

bool valid_key_type(const std::string& t) {
  return t == "GPGKeys" || t == "signedByGPGKeys" || t == "X509Certificates" || t == "signedByX509CAs";
}

// Go's %q for the strings the messages quote.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// docker/reference's error for what DockerReference refused (its reasons are
// the same, worded differently).
std::string go_reference_error(const std::string& text, const std::string& why) {
  auto says = [&](const char* s) { return why.find(s) != std::string::npos; };
  if (says("64-byte hexadecimal"))
    return "invalid repository name (" + text + "), cannot specify 64-byte hexadecimal strings";
  if (says("must be lowercase")) return "invalid reference format: repository name must be lowercase";
  if (says("more than 255 characters")) return "repository name must not be more than 255 characters";
  return "invalid reference format";
}

std::optional<DockerReference> parse_reference(const std::string& text, const char* field) {
  try {
    return DockerReference::parse(text, {.allow_tag_and_digest = true, .what = "reference"});
  } catch (const std::exception& e) {
    throw FormatError(std::string("Invalid format of ") + field + " " + text + ": " +
                      go_reference_error(text, e.what()));
  }
}

// insecureAcceptAnything, reject: {"type": …} and nothing else.
PolicyRequirement parse_bare(const Json& value, const std::string& type) {
  PolicyRequirement r;
  exact_members(value, {"type"}, [&](const std::string&, const Json& v) {
    r.type = string_value(v, "signature.prTypeIdentifier");
  });
  if (r.type != type) throw FormatError("Unexpected policy requirement type \"" + r.type + "\"");
  return r;
}

PolicyRequirement parse_signed_by(const Json& value) {
  PolicyRequirement r;
  bool got_key_path = false, got_key_paths = false, got_key_data = false;
  const Json* identity = nullptr;
  members(value, [&](const std::string& key, const Json& v) {
    if (key == "type") {
      r.type = string_value(v, "signature.prTypeIdentifier");
    } else if (key == "keyType") {
      r.key_type = string_value(v);
      if (!valid_key_type(r.key_type)) throw FormatError("Unrecognized keyType value \"" + r.key_type + "\"");
    } else if (key == "keyPath") {
      got_key_path = true;
      r.key_path = string_value(v);
    } else if (key == "keyPaths") {
      got_key_paths = true;
      r.key_paths = strings_value(v);
    } else if (key == "keyData") {
      got_key_data = true;
      r.key_data = bytes_value(v);
    } else if (key == "signedIdentity") {
      identity = &v;
    } else {
      return false;
    }
    return true;
  });
  if (r.type != "signedBy") throw FormatError("Unexpected policy requirement type \"" + r.type + "\"");
  if (identity) r.signed_identity = parse_signed_identity(*identity);
  const int given = got_key_path + got_key_paths + got_key_data;
  if (given == 0)
    throw FormatError("Exactly one of keyPath, keyPaths and keyData must be specified, none of them present");
  if (given > 1)
    throw FormatError(
        "Exactly one of keyPath, keyPaths and keyData must be specified, more than one present");
  if (!valid_key_type(r.key_type)) throw FormatError("invalid keyType \"" + r.key_type + "\"");
  // Present but empty or null does not count as a source.
  if (r.key_path && r.key_path->empty()) r.key_path.reset();
  if (!r.key_path && !r.key_paths && !r.key_data)
    throw FormatError("exactly one of keyPath, keyPaths and keyData must be specified");
  return r;
}

PolicyRequirement parse_sigstore_signed(const Json& value) {
  PolicyRequirement r;
  bool got_key_path = false, got_key_data = false;
  const Json* identity = nullptr;
  members(value, [&](const std::string& key, const Json& v) {
    if (key == "type") {
      r.type = string_value(v, "signature.prTypeIdentifier");
    } else if (key == "keyPath") {
      got_key_path = true;
      r.key_path = string_value(v);
    } else if (key == "keyData") {
      got_key_data = true;
      r.key_data = bytes_value(v);
    } else if (key == "signedIdentity") {
      identity = &v;
    } else {
      return false;
    }
    return true;
  });
  if (r.type != "sigstoreSigned") throw FormatError("Unexpected policy requirement type \"" + r.type + "\"");
  if (identity) r.signed_identity = parse_signed_identity(*identity);
  if (got_key_path && got_key_data) throw FormatError("keyPath and keyData cannot be used simultaneously");
  if (!got_key_path && !got_key_data)
    throw FormatError("At least one of keyPath and keyData must be specified");
  // keyData null leaves no key at all: containers/image then reads keyPath "".
  if (!r.key_data && !r.key_path) r.key_path = "";
  return r;
}

PolicyRequirement parse_signed_base_layer(const Json& value) {
  PolicyRequirement r;
  const Json* identity = nullptr;
  exact_members(value, {"type", "baseLayerIdentity"}, [&](const std::string& key, const Json& v) {
    if (key == "type")
      r.type = string_value(v, "signature.prTypeIdentifier");
    else
      identity = &v;
  });
  if (r.type != "signedBaseLayer") throw FormatError("Unexpected policy requirement type \"" + r.type + "\"");
  r.signed_identity = parse_signed_identity(*identity);
  return r;
}

}  // namespace

PolicyRequirement parse_requirement(const Json& value) {
  const std::string type = lenient_type(value, "prCommon", requirement_type);
  if (type == "insecureAcceptAnything" || type == "reject") return parse_bare(value, type);
  if (type == "signedBy") return parse_signed_by(value);
  if (type == "sigstoreSigned") return parse_sigstore_signed(value);
  if (type == "signedBaseLayer") return parse_signed_base_layer(value);
  throw FormatError("Unknown policy requirement type \"" + type + "\"");
}

SignedIdentity parse_signed_identity(const Json& value) {
  SignedIdentity id;
  id.type = lenient_type(value, "prmCommon", match_type);
  const std::string type = id.type;
  auto read_type = [&](const Json& v) {
    if (string_value(v, "signature.prmTypeIdentifier") != type)
      throw FormatError("Unexpected policy requirement type \"" + string_value(v) + "\"");
  };
  if (type == "matchExact" || type == "matchRepoDigestOrExact" || type == "matchRepository") {
    exact_members(value, {"type"}, [&](const std::string&, const Json& v) { read_type(v); });
  } else if (type == "exactReference") {
    exact_members(value, {"type", "dockerReference"}, [&](const std::string& key, const Json& v) {
      if (key == "type")
        read_type(v);
      else
        id.docker_reference = string_value(v);
    });
    auto ref = parse_reference(id.docker_reference, "dockerReference");
    if (!ref->tag && !ref->digest)
      throw FormatError("dockerReference " + id.docker_reference + " contains neither a tag nor digest");
  } else if (type == "exactRepository") {
    exact_members(value, {"type", "dockerRepository"}, [&](const std::string& key, const Json& v) {
      if (key == "type")
        read_type(v);
      else
        id.docker_repository = string_value(v);
    });
    parse_reference(id.docker_repository, "dockerRepository");
  } else if (type == "remapIdentity") {
    exact_members(value, {"type", "prefix", "signedPrefix"}, [&](const std::string& key, const Json& v) {
      if (key == "type")
        read_type(v);
      else if (key == "prefix")
        id.prefix = string_value(v);
      else
        id.signed_prefix = string_value(v);
    });
    for (const auto* p : {&id.prefix, &id.signed_prefix})
      if (!valid_remap_prefix(*p)) throw FormatError("prefix " + quoted(*p) + " is not valid");
  } else {
    throw FormatError("Unknown policy reference match type \"" + type + "\"");
  }
  return id;
}

}  // namespace ferry::policy
