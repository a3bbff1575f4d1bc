#include "ferry/docker_save/tar_index.hpp"

#include "ferry/docker_save/tar_format.hpp"

#include <ferry/plugin.hpp>

#include <cerrno>
#include <cstring>
#include <optional>
#include <unistd.h>
#include <vector>

namespace ferry::docker_save {

namespace {

// pax and GNU long-name records are read into memory; real ones are tiny.
constexpr uint64_t max_meta_record = 1024 * 1024;
constexpr int max_link_hops = 32;
constexpr uint64_t no_size = ~uint64_t{0};  // no pax size record seen

[[noreturn]] void refuse(std::string_view archive, std::string_view entry, const std::string& why) {
  throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                   "refusing to read \"" + std::string(entry) + "\" in " + std::string(archive) + ": " + why);
}

std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(start, slash - start);
    if (!part.empty() && part != ".") out.emplace_back(part);
    start = slash + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, size_t from = 0) {
  std::string s;
  for (size_t i = from; i < parts.size(); ++i) s += (s.empty() ? "" : "/") + parts[i];
  return s;
}

void read_at(int fd, void* buf, size_t n, uint64_t off, std::string_view archive) {
  char* p = static_cast<char*>(buf);
  while (n > 0) {
    ssize_t r = ::pread(fd, p, n, static_cast<off_t>(off));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0)
      throw sdk::Error(FERRY_E_IO, "reading " + std::string(archive) + " failed: " + std::strerror(errno));
    if (r == 0)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                       std::string(archive) + " is truncated: it ends inside a tar header");
    p += r;
    n -= static_cast<size_t>(r);
    off += static_cast<uint64_t>(r);
  }
}

// "key=value" records of a pax header ("%d %s=%s\n").
void apply_pax(std::string_view rec, std::optional<std::string>& path, std::optional<std::string>& link,
               uint64_t& size, std::string_view archive) {
  while (!rec.empty()) {
    size_t sp = rec.find(' ');
    uint64_t len = 0;
    if (sp == std::string_view::npos || sp == 0) refuse(archive, "pax header", "a record has no length");
    for (char c : rec.substr(0, sp)) {
      if (c < '0' || c > '9' || len > rec.size())
        refuse(archive, "pax header", "a record length is malformed");
      len = len * 10 + static_cast<uint64_t>(c - '0');
    }
    if (len <= sp + 1 || len > rec.size() || rec[len - 1] != '\n')
      refuse(archive, "pax header", "a record is malformed");
    std::string_view kv = rec.substr(sp + 1, len - sp - 2);
    size_t eq = kv.find('=');
    if (eq != std::string_view::npos) {
      std::string_view k = kv.substr(0, eq), v = kv.substr(eq + 1);
      if (k == "path")
        path = std::string(v);
      else if (k == "linkpath")
        link = std::string(v);
      else if (k == "size") {
        uint64_t n = 0;
        for (char c : v) {
          if (c < '0' || c > '9' || n > (uint64_t{1} << 58))
            refuse(archive, "pax header", "the size is malformed");
          n = n * 10 + static_cast<uint64_t>(c - '0');
        }
        size = n;
      }
    }
    rec.remove_prefix(len);
  }
}

}  // namespace

std::string clean_entry_name(std::string_view name, std::string_view archive) {
  if (!name.empty() && name.front() == '/') refuse(archive, name, "the path is absolute");
  auto parts = split(name);
  for (const auto& p : parts)
    if (p == "..") refuse(archive, name, "the path has a \"..\" component");
  return join(parts);
}

TarIndex::TarIndex(int fd, uint64_t file_size, std::string label) : fd_(fd), label_(std::move(label)) {
  uint64_t off = 0;
  std::optional<std::string> long_name, long_link;
  uint64_t pax_size = no_size;
  while (off + tar_block <= file_size) {
    TarBlock b;
    read_at(fd_, b.data(), b.size(), off, label_);
    if (is_zero_block(b)) return;  // the end-of-archive marker
    auto h = decode_tar_header(b);
    if (!h)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, label_ + " is not a valid tar archive: the header at byte " +
                                                     std::to_string(off) + " is corrupt");
    uint64_t size =
        h->type == 'x' || h->type == 'L' || h->type == 'K' || pax_size == no_size ? h->size : pax_size;
    uint64_t data = off + tar_block;
    if (size > file_size || data + size > file_size)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, label_ + " is truncated: the data of \"" + h->name +
                                                     "\" goes past the end of the file");
    off = data + tar_padded(size);
    if (h->type == 'x' || h->type == 'L' || h->type == 'K' || h->type == 'g') {
      if (size > max_meta_record) refuse(label_, h->name, "its metadata record is too large");
      if (h->type == 'g') continue;  // global pax defaults: nothing we use
      std::string rec(size, '\0');
      read_at(fd_, rec.data(), rec.size(), data, label_);
      if (h->type == 'x')
        apply_pax(rec, long_name, long_link, pax_size, label_);
      else
        (h->type == 'L' ? long_name : long_link) = std::string(rec.c_str());
      continue;
    }
    std::string name = long_name.value_or(h->name);
    std::string link = long_link.value_or(h->linkname);
    long_name.reset();
    long_link.reset();
    pax_size = no_size;
    add(std::move(name), link, h->type, data, size);
  }
  if (off != file_size || long_name || long_link || pax_size != no_size)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, label_ + " is truncated: it ends inside a tar header");
}

void TarIndex::add(std::string raw, const std::string& linkname, char type, uint64_t offset, uint64_t size) {
  std::string name = clean_entry_name(raw, label_);
  if (name.empty()) return;  // "./" itself
  TarEntry e;
  e.offset = offset;
  e.size = size;
  switch (type) {
    case '0':
    case '7':
      e.type = '0';
      break;
    case '5':
      e.type = '5';
      e.size = 0;
      break;
    case '1': {
      // A hard link shares the data of an earlier file entry.
      auto it = entries_.find(clean_entry_name(linkname, label_));
      if (it == entries_.end() || it->second.type != '0')
        refuse(label_, raw,
               "the hard link target \"" + linkname + "\" is not a file before it in the archive");
      e = it->second;
      break;
    }
    case '2': {
      if (linkname.empty()) refuse(label_, raw, "the symbolic link is empty");
      if (linkname.front() == '/') refuse(label_, raw, "the symbolic link points to an absolute path");
      // Resolved lexically from the link's directory, it must stay inside.
      auto dir = split(name);
      dir.pop_back();
      for (const auto& p : split(linkname)) {
        if (p != "..")
          dir.push_back(p);
        else if (dir.empty())
          refuse(label_, raw, "the symbolic link points outside the archive");
        else
          dir.pop_back();
      }
      e.type = '2';
      e.size = 0;
      e.link = linkname;
      break;
    }
    default:
      refuse(label_, raw,
             std::string("entries of tar type '") + type + "' do not belong in an image archive");
  }
  entries_[name] = std::move(e);
}

const TarEntry* TarIndex::find(std::string_view path) const {
  return resolve(clean_entry_name(path, label_), 0);
}

const TarEntry* TarIndex::resolve(const std::string& path, int hops) const {
  auto parts = split(path);
  std::vector<std::string> cur;
  for (size_t i = 0; i < parts.size(); ++i) {
    cur.push_back(parts[i]);
    auto it = entries_.find(join(cur));
    if (it == entries_.end()) {
      if (i + 1 < parts.size()) continue;  // a directory without its own entry
      return nullptr;
    }
    if (it->second.type != '2') continue;
    if (hops >= max_link_hops) refuse(label_, path, "too many levels of symbolic links");
    cur.pop_back();
    for (const auto& p : split(it->second.link)) {
      if (p != "..")
        cur.push_back(p);
      else if (!cur.empty())
        cur.pop_back();
    }
    std::string next = join(cur);
    std::string rest = join(parts, i + 1);
    if (!rest.empty()) next += (next.empty() ? "" : "/") + rest;
    return resolve(next, hops + 1);
  }
  auto it = entries_.find(join(cur));
  return it != entries_.end() && it->second.type == '0' ? &it->second : nullptr;
}

}  // namespace ferry::docker_save
