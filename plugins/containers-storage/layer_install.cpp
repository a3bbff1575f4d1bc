#include "layer_install.hpp"

#include <ferry/file_io/directory.hpp>
#include <ferry/file_io/file_reader.hpp>
#include <ferry/file_io/temp_file.hpp>
#include <ferry/plugin.hpp>

#include <sys/random.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ferry::plugins::cstore {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void io_failure(const std::string& what, const fs::path& p) {
  throw sdk::Error(FERRY_E_IO, "cannot " + what + " " + p.string() + ": " + std::strerror(errno));
}

// overlay's short layer names: 26 characters of base32, as containers/storage makes them.
std::string short_name() {
  static constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  unsigned char random[26];
  if (getrandom(random, sizeof random, 0) != static_cast<ssize_t>(sizeof random))
    throw sdk::Error(FERRY_E_IO, "cannot read random bytes for a layer's short name");
  std::string s;
  for (unsigned char b : random) s += kBase32[b & 31];
  return s;
}

// What a link file may hold: a short name, never a path.
bool is_short_name(const std::string& s) {
  return s.size() == 26 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7');
         });
}

void install_overlay(const Store& store, const std::string& id, const std::string& parent,
                     const fs::path& staged_diff) {
  const fs::path overlay = store.settings().graph_root / "overlay";
  const fs::path home = store.layer_home(id);
  file_io::make_directory(home, 0700);
  if (::rename(staged_diff.c_str(), (home / "diff").c_str()) != 0) io_failure("move a layer into", home);
  const std::string link = short_name();
  file_io::write_file_atomically(home / "link", link, 0644);
  std::error_code ec;
  fs::remove(overlay / "l" / link, ec);
  if (::symlink(("../" + id + "/diff").c_str(), (overlay / "l" / link).c_str()) != 0)
    io_failure("link", overlay / "l" / link);
  if (parent.empty()) {
    file_io::make_directory(home / "empty", 0700);
  } else {
    const fs::path parent_home = store.layer_home(parent);
    auto parent_link = file_io::read_small_file(parent_home / "link", 4096);
    if (!parent_link || !is_short_name(*parent_link))
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                       "layer " + parent + " has no valid link file; the store is damaged");
    std::string lower = "l/" + *parent_link;
    if (auto parent_lower = file_io::read_small_file(parent_home / "lower", 1 << 20))
      lower += ":" + *parent_lower;
    file_io::write_file_atomically(home / "lower", lower, 0644);
  }
  file_io::make_directory(home / "work", 0700);
  file_io::make_directory(home / "merged", 0700);
}

}  // namespace

void install_layer(const Store& store, const std::string& id, const std::string& parent,
                   const fs::path& staged) {
  const fs::path home = store.layer_home(id);
  std::error_code ec;
  if (fs::exists(fs::symlink_status(home, ec))) remove_layer_home(store, id);
  if (store.settings().driver == Driver::overlay) {
    install_overlay(store, id, parent, staged);
  } else if (::rename(staged.c_str(), home.c_str()) != 0) {
    io_failure("move a layer into", home);
  }
}

void remove_layer_files(const Store& store, const std::string& id) {
  remove_layer_home(store, id);
  std::error_code ec;
  fs::remove(store.tar_split(id), ec);
}

void remove_layer_home(const Store& store, const std::string& id) {
  const fs::path home = store.layer_home(id);
  std::error_code ec;
  if (store.settings().driver == Driver::overlay) {
    if (auto link = file_io::read_small_file(home / "link", 4096); link && is_short_name(*link))
      fs::remove(store.settings().graph_root / "overlay" / "l" / *link, ec);
  }
  fs::remove_all(home, ec);
  if (ec) throw sdk::Error(FERRY_E_IO, "cannot remove layer files " + home.string() + ": " + ec.message());
}

bool is_incomplete(const Record& layer) {
  auto flags = layer.find("flags");
  if (flags == layer.end() || !flags->is_object()) return false;
  auto incomplete = flags->find("incomplete");
  return incomplete != flags->end() && incomplete->is_boolean() && incomplete->get<bool>();
}

void remove_incomplete_layers(const Store& store, Store::Session& session) {
  std::vector<std::string> gone;
  for (const Record& l : session.layers.all())
    if (is_incomplete(l)) gone.push_back(text_of(l, "id"));
  if (gone.empty()) return;
  for (const std::string& id : gone) session.layers.erase(id);
  session.save_layers();
  for (const std::string& id : gone) remove_layer_files(store, id);
}

}  // namespace ferry::plugins::cstore
