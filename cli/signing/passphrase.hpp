// Passphrases for signing keys, read as skopeo reads them: the first line of
// a file, or typed on the terminal with echo off. They never reach any output.
#pragma once

#include <string>

namespace ferry::cli {

// The file's first line without its newline. Errors name the file.
std::string read_passphrase_file(const std::string& path);

// Asks on the terminal for the passphrase of `key_name`; refuses when
// standard input is not a terminal.
std::string prompt_passphrase(const std::string& key_name);

}  // namespace ferry::cli
