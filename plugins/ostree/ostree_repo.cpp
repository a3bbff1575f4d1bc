#include "ostree_repo.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace ferry::plugins::ostree {

void throw_gerror(GError* error, ferry_status code, const std::string& what) {
  std::string message = what + ": " + (error && error->message ? error->message : "unknown error");
  if (error) g_error_free(error);
  throw sdk::Error(code, message);
}

Repo::Repo(const std::string& path) : path_(path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw sdk::Error(FERRY_E_IO, "ostree repository " + path + ": " + std::strerror(errno));
  if (!S_ISDIR(st.st_mode)) throw sdk::Error(FERRY_E_IO, "ostree repository " + path + " is not a directory");
  GPtr<GFile> file(g_file_new_for_path(path.c_str()));
  repo_.reset(ostree_repo_new(file.get()));
  GError* error = nullptr;
  if (!ostree_repo_open(repo_.get(), nullptr, &error))
    throw_gerror(error, FERRY_E_IO, path + " is not an ostree repository (create one with ostree init)");
}

Repo::~Repo() { abort_transaction(); }

OstreeRepoMode Repo::mode() const { return ostree_repo_get_mode(repo_.get()); }

std::optional<std::string> Repo::resolve(const std::string& ref) const {
  char* rev = nullptr;
  GError* error = nullptr;
  if (!ostree_repo_resolve_rev(repo_.get(), ref.c_str(), TRUE, &rev, &error))
    throw_gerror(error, FERRY_E_IO, "resolving " + ref + " in " + path_);
  if (!rev) return std::nullopt;
  std::string out(rev);
  g_free(rev);
  return out;
}

Repo::Metadata Repo::metadata(const std::string& commit) const {
  GVariant* raw = nullptr;
  GError* error = nullptr;
  if (!ostree_repo_load_variant(repo_.get(), OSTREE_OBJECT_TYPE_COMMIT, commit.c_str(), &raw, &error))
    throw_gerror(error, FERRY_E_IO, "reading commit " + commit + " in " + path_);
  VariantPtr variant(raw);
  return Metadata(VariantPtr(g_variant_get_child_value(variant.get(), 0)),
                  "commit " + commit + " in " + path_);
}

std::optional<std::string> Repo::Metadata::string(const char* key) const {
  VariantPtr value(g_variant_lookup_value(dict_.get(), key, G_VARIANT_TYPE_STRING));
  if (!value) return std::nullopt;
  gsize n = 0;
  const char* s = g_variant_get_string(value.get(), &n);
  return std::string(s, n);
}

int64_t Repo::Metadata::number(const char* key) const {
  auto s = string(key);
  int64_t v = -1;
  if (!s || s->empty() || std::from_chars(s->data(), s->data() + s->size(), v).ec != std::errc() || v < 0)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     std::string("the ") + key + " of " + what_ + " is missing or not a number");
  return v;
}

GPtr<GInputStream> Repo::read_file(const std::string& commit, const std::string& path) const {
  GPtr<GFile> file(g_file_resolve_relative_path(commit_root(commit).get(), path.c_str()));
  GError* error = nullptr;
  GFileInputStream* in = g_file_read(file.get(), nullptr, &error);
  if (!in) throw_gerror(error, FERRY_E_IO, "reading " + path + " of commit " + commit + " in " + path_);
  return GPtr<GInputStream>(G_INPUT_STREAM(in));
}

GPtr<GFile> Repo::commit_root(const std::string& commit) const {
  GFile* root = nullptr;
  GError* error = nullptr;
  if (!ostree_repo_read_commit(repo_.get(), commit.c_str(), &root, nullptr, nullptr, &error))
    throw_gerror(error, FERRY_E_IO, "reading commit " + commit + " in " + path_);
  return GPtr<GFile>(root);
}

void Repo::begin_transaction() {
  if (in_transaction_) return;
  GError* error = nullptr;
  if (!ostree_repo_prepare_transaction(repo_.get(), nullptr, nullptr, &error))
    throw_gerror(error, FERRY_E_IO, "starting a transaction in " + path_);
  in_transaction_ = true;
}

void Repo::require_transaction() const {
  if (!in_transaction_) throw sdk::Error(FERRY_E_INTERNAL, "writing to " + path_ + " outside a transaction");
}

void Repo::commit_transaction() {
  GError* error = nullptr;
  if (!ostree_repo_commit_transaction(repo_.get(), nullptr, nullptr, &error)) {
    abort_transaction();
    throw_gerror(error, FERRY_E_IO, "committing the transaction in " + path_);
  }
  in_transaction_ = false;
}

void Repo::abort_transaction() noexcept {
  if (!in_transaction_) return;
  in_transaction_ = false;
  GError* error = nullptr;
  if (!ostree_repo_abort_transaction(repo_.get(), nullptr, &error)) {
    sdk::log(1, std::string("aborting the transaction in ") + path_ + ": " + error->message);
    g_error_free(error);
  }
}

std::string Repo::commit_directory(const std::string& dir, const MetadataEntries& metadata,
                                   const std::string& ref) {
  require_transaction();
  GError* error = nullptr;
  GPtr<OstreeMutableTree> mtree(ostree_mutable_tree_new());
  GPtr<GFile> source(g_file_new_for_path(dir.c_str()));
  if (!ostree_repo_write_directory_to_mtree(repo_.get(), source.get(), mtree.get(), nullptr, nullptr, &error))
    throw_gerror(error, FERRY_E_IO, "writing the tree of " + ref + " to " + path_);
  return write_commit(mtree.get(), metadata, ref);
}

std::string Repo::commit_tree(OstreeMutableTree* mtree, const MetadataEntries& metadata,
                              const std::string& ref) {
  require_transaction();
  GPtr<GFileInfo> info(g_file_info_new());
  g_file_info_set_attribute_uint32(info.get(), "standard::type", G_FILE_TYPE_DIRECTORY);
  g_file_info_set_attribute_uint32(info.get(), "unix::uid", 0);
  g_file_info_set_attribute_uint32(info.get(), "unix::gid", 0);
  g_file_info_set_attribute_uint32(info.get(), "unix::mode", 040755);
  VariantPtr dirmeta(g_variant_ref_sink(ostree_create_directory_metadata(info.get(), nullptr)));
  guchar* csum = nullptr;
  GError* error = nullptr;
  if (!ostree_repo_write_metadata(repo_.get(), OSTREE_OBJECT_TYPE_DIR_META, nullptr, dirmeta.get(), &csum,
                                  nullptr, &error))
    throw_gerror(error, FERRY_E_IO, "writing the root directory of " + ref + " to " + path_);
  char hex[OSTREE_SHA256_STRING_LEN + 1];
  ostree_checksum_inplace_from_bytes(csum, hex);
  g_free(csum);
  ostree_mutable_tree_set_metadata_checksum(mtree, hex);
  return write_commit(mtree, metadata, ref);
}

std::string Repo::write_commit(OstreeMutableTree* mtree, const MetadataEntries& metadata,
                               const std::string& ref) {
  GError* error = nullptr;
  GFile* root_raw = nullptr;
  if (!ostree_repo_write_mtree(repo_.get(), mtree, &root_raw, nullptr, &error))
    throw_gerror(error, FERRY_E_IO, "writing the tree of " + ref + " to " + path_);
  GPtr<GFile> root(root_raw);

  GVariantBuilder builder;
  g_variant_builder_init(&builder, G_VARIANT_TYPE("a{sv}"));
  for (const auto& [key, value] : metadata) {
    if (!g_utf8_validate(value.data(), static_cast<gssize>(value.size()), nullptr))
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "the " + key + " of " + ref + " is not UTF-8 text");
    g_variant_builder_add(&builder, "{sv}", key.c_str(), g_variant_new_string(value.c_str()));
  }
  VariantPtr dict(g_variant_ref_sink(g_variant_builder_end(&builder)));
  char* checksum = nullptr;
  if (!ostree_repo_write_commit_with_time(
          repo_.get(), kNoParent, nullptr, nullptr, dict.get(), OSTREE_REPO_FILE(root.get()),
          static_cast<guint64>(std::time(nullptr)), &checksum, nullptr, &error))
    throw_gerror(error, FERRY_E_IO, "writing the commit of " + ref + " to " + path_);
  std::string out(checksum);
  g_free(checksum);
  ostree_repo_transaction_set_ref(repo_.get(), nullptr, ref.c_str(), out.c_str());
  return out;
}

std::string encode_ref(const std::string& image) {
  std::string out;
  for (unsigned char c : image) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "_%02X", c);
      out += buf;
    }
  }
  return out;
}

}  // namespace ferry::plugins::ostree
