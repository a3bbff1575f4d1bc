// The host's side of the opaque objects the ABI names: errors, sinks and
// operation contexts. Plugins only ever hold pointers to them.
#pragma once

#include <ferry/plugin.h>

#include <atomic>
#include <map>
#include <string>

struct ferry_error {
  ferry_status code = FERRY_OK;
  std::string message;
};

struct ferry_sink {
  std::string data;
};

// Options are strings keyed as documented in docs/plugin-abi.md; the CLI fills
// them from --src-*/--dest-* flags.
struct ferry_context {
  std::map<std::string, std::string> options;
  std::string tmpdir = "/var/tmp";
  std::atomic<bool> cancelled{false};
  // Credentials given on the command line ("user:password"); empty when none.
  std::string creds;
};

namespace ferry {

// The function table handed to every plugin.
const ferry_host& host_table();

}  // namespace ferry
