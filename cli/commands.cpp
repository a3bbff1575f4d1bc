// The table of commands, in the order `ferry --help` lists them.
#include "app.hpp"

namespace ferry::cli {

CommandFn completion_command();
CommandFn copy_command();
CommandFn delete_command();
CommandFn experimental_image_proxy_command();
CommandFn generate_man_pages_command();
CommandFn generate_sigstore_key_command();
CommandFn inspect_command();
CommandFn list_tags_command();
CommandFn login_command();
CommandFn logout_command();
CommandFn manifest_digest_command();
CommandFn standalone_sign_command();
CommandFn standalone_verify_command();
CommandFn sync_command();
CommandFn untrusted_signature_dump_command();

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      // Hidden as skopeo's is.
      {"completion", "Generate the autocompletion script for the specified shell", completion_command(),
       true},
      {"copy", "Copy an IMAGE-NAME from one location to another", copy_command()},
      {"delete", "Delete image IMAGE-NAME", delete_command()},
      {"experimental-image-proxy", "Interactive proxy for fetching container images (EXPERIMENTAL)",
       experimental_image_proxy_command(), true},
      // Run by the build to write the man pages.
      {"generate-man-pages", "Write ferry(1) and a page for each command into a directory",
       generate_man_pages_command(), true},
      {"generate-sigstore-key", "Generate a sigstore public/private key pair",
       generate_sigstore_key_command()},
      {"inspect", "Inspect image IMAGE-NAME", inspect_command()},
      {"list-tags", "List tags in the transport/repository specified by the SOURCE-IMAGE",
       list_tags_command()},
      {"login", "Login to a container registry", login_command()},
      {"logout", "Logout of a container registry", logout_command()},
      {"manifest-digest", "Compute a manifest digest of a file", manifest_digest_command()},
      {"standalone-sign", "Create a signature using local files", standalone_sign_command()},
      {"standalone-verify", "Verify a signature using local files", standalone_verify_command()},
      {"sync", "Synchronize one or more images from one location to another", sync_command()},
      {"untrusted-signature-dump-without-verification", "Dump contents of a signature WITHOUT VERIFYING IT",
       untrusted_signature_dump_command(), true},
  };
  return table;
}

}  // namespace ferry::cli
