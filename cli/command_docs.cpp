#include "command_docs.hpp"

#include "program_name.hpp"

namespace ferry::cli {
namespace {

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::vector<std::string> listing_tags(PluginHost& plugins) {
  std::vector<std::string> out;
  for (const auto& t : plugins.installed_transports())
    if (plugins.transport(t).can_list_tags()) out.push_back(t);
  return out;
}

// skopeo's examples, word for word after the program name. They name a transport only as
// text for the reader: each line says "not a transport" for cli_names_no_transport.sh.
const char* const copy_example =
    " copy docker://quay.io/skopeo/stable:latest docker://registry.example.com/skopeo:latest";  // not a transport
const char* const delete_example =
    " delete docker://registry.example.com/example/pause:latest";                           // not a transport
const char* const inspect_example = " inspect docker://registry.fedoraproject.org/fedora";  // not a transport
const char* const inspect_config_example = " inspect --config docker://docker.io/alpine";   // not a transport
const char* const inspect_format_example =
    " inspect  --format \"Name: {{.Name}} Digest: {{.Digest}}\" docker://registry.access.redhat.com/ubi8";  // not a transport
const char* const list_tags_example = " list-tags docker://docker.io/fedora";  // not a transport

}  // namespace

CommandDoc command_doc(const std::string& command, PluginHost& plugins) {
  const std::string& self = program_name();
  // skopeo(1) documents the image names both tools take.
  const std::string transports = joined(plugins.installed_transports(), ", ");
  if (command == "copy")
    return {"Container \"IMAGE-NAME\" uses a \"transport\":\"details\" format.\n\nSupported transports:\n" +
                transports + "\n\nSee skopeo(1) section \"IMAGE NAMES\" for the expected format",
            "[command options] SOURCE-IMAGE DESTINATION-IMAGE", self + copy_example};
  if (command == "delete")
    return {"Delete an \"IMAGE_NAME\" from a transport\nSupported transports:\n" + transports +
                "\nSee skopeo(1) section \"IMAGE NAMES\" for the expected format",
            "[command options] IMAGE-NAME", self + delete_example};
  if (command == "inspect")
    return {
        "Return low-level information about \"IMAGE-NAME\" in a registry/transport\nSupported transports:\n" +
            transports + "\n\nSee skopeo(1) section \"IMAGE NAMES\" for the expected format",
        "[command options] IMAGE-NAME",
        self + inspect_example + "\n  " + self + inspect_config_example + "\n  " + self +
            inspect_format_example};
  if (command == "list-tags")
    return {
        "Return the list of tags from the transport/repository \"SOURCE-IMAGE\"\n\nSupported transports:\n" +
            joined(listing_tags(plugins), " ") +
            "\n\nSee skopeo-list-tags(1) section \"REPOSITORY NAMES\" for the expected format",
        "[command options] SOURCE-IMAGE", self + list_tags_example};
  if (command == "login")
    return {"Login to a container registry on a specified server.", "[command options] REGISTRY",
            self + " login quay.io"};
  if (command == "logout")
    return {"Logout of a container registry on a specified server.", "[command options] REGISTRY",
            self + " logout quay.io"};
  if (command == "manifest-digest")
    return {"Compute a manifest digest of a file", "MANIFEST-FILE", self + " manifest-digest manifest.json"};
  if (command == "standalone-sign")
    return {"Create a signature using local files",
            "[command options] MANIFEST DOCKER-REFERENCE KEY-FINGERPRINT --output|-o SIGNATURE", ""};
  if (command == "standalone-verify")
    return {"Verify a signature using local files", "MANIFEST DOCKER-REFERENCE KEY-FINGERPRINT SIGNATURE",
            ""};
  if (command == "sync")
    return {
        "Copy all the images from a SOURCE to a DESTINATION.\n\nAllowed SOURCE transports (specified with "
        "--src): docker, dir, yaml.\nAllowed DESTINATION transports (specified with --dest): docker, "
        "dir.\n\nSee skopeo-sync(1) for details.",
        "[command options] --src TRANSPORT --dest TRANSPORT SOURCE DESTINATION",
        self + " sync --src docker --dest dir --scoped registry.example.com/busybox /media/usb"};
  if (command == "experimental-image-proxy")
    return {"Run " + self + " as a proxy, supporting HTTP requests to fetch manifests and blobs.",
            "[command options] IMAGE", self + " experimental-image-proxy --sockfd 3"};
  if (command == "untrusted-signature-dump-without-verification")
    return {"Dump contents of a signature WITHOUT VERIFYING IT", "SIGNATURE", ""};
  if (command == "completion")
    return {"Generate the autocompletion script for " + self + " for the specified shell: bash, zsh or fish.",
            "SHELL", self + " completion bash > /etc/bash_completion.d/" + self};
  if (command == "generate-man-pages")
    return {"Write " + self + "(1) and a " + self + "-COMMAND(1) page for each command into DIRECTORY/man1.",
            "DIRECTORY", ""};
  if (command == "generate-sigstore-key")  // skopeo 1.9.3 has no such command: skopeo 1.10's words
    return {"Generate a sigstore public/private key pair", "[command options] --output-prefix PREFIX",
            self + " generate-sigstore-key --output-prefix my-key"};
  return {"", "[command options]", ""};
}

}  // namespace ferry::cli
