#include "ferry/signature/gpg.hpp"

#include <ferry/plugin.hpp>

#include <gpgme.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <fcntl.h>
#include <spawn.h>
#include <string.h>  // explicit_bzero
#include <sys/wait.h>
#include <unistd.h>

namespace ferry::signature {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void fail(ferry_status code, const std::string& message) { throw sdk::Error(code, message); }

void initialise_gpgme() {
  static std::once_flag once;
  static bool have_gpg = false;
  std::call_once(once, [] {
    gpgme_check_version(nullptr);
    have_gpg = gpgme_engine_check_version(GPGME_PROTOCOL_OpenPGP) == 0;
  });
  if (!have_gpg)
    fail(FERRY_E_NOT_SUPPORTED, "signing with GPG needs gpg (2.2 or later), which is not installed");
}

// gpgme data objects, released on every path.
struct Data {
  gpgme_data_t d = nullptr;
  Data() {
    if (gpgme_data_new(&d)) fail(FERRY_E_INTERNAL, "out of memory");
  }
  explicit Data(std::string_view bytes) {
    if (gpgme_data_new_from_mem(&d, bytes.data(), bytes.size(), 1)) fail(FERRY_E_INTERNAL, "out of memory");
  }
  ~Data() { gpgme_data_release(d); }
  Data(const Data&) = delete;
  Data& operator=(const Data&) = delete;
  std::string take() {
    size_t n = 0;
    char* mem = gpgme_data_release_and_get_mem(d, &n);
    d = nullptr;
    std::string out(mem ? mem : "", n);
    gpgme_free(mem);
    return out;
  }
};

// Where gpgme writes what a signed message holds: bounded, since a small
// crafted message can decompress to gigabytes before any key is looked at.
class CappedOutput {
 public:
  CappedOutput() {
    if (gpgme_data_new_from_cbs(&d, &callbacks_, this)) fail(FERRY_E_INTERNAL, "out of memory");
  }
  ~CappedOutput() { gpgme_data_release(d); }
  CappedOutput(const CappedOutput&) = delete;
  CappedOutput& operator=(const CappedOutput&) = delete;

  // What was written; throws when the content outgrew the bound.
  std::string take() {
    if (over_) fail(FERRY_E_UNAUTHORIZED, "the signed content is larger than 4 MiB");
    return std::move(bytes_);
  }

  gpgme_data_t d = nullptr;

 private:
  static constexpr size_t cap = 4 * 1024 * 1024;  // containers/image's bound on a signature
  static ssize_t write(void* handle, const void* buf, size_t size) {
    auto* self = static_cast<CappedOutput*>(handle);
    if (size > cap - self->bytes_.size()) {
      self->over_ = true;
      errno = EFBIG;
      return -1;
    }
    self->bytes_.append(static_cast<const char*>(buf), size);
    return static_cast<ssize_t>(size);
  }
  static inline gpgme_data_cbs callbacks_{nullptr, &CappedOutput::write, nullptr, nullptr};
  std::string bytes_;
  bool over_ = false;
};

std::string error_text(gpgme_error_t e) { return gpgme_strerror(e); }

// Removes a temporary GNUPGHOME, stopping an agent gpg may have started there.
void remove_home(const fs::path& home) {
  std::error_code ec;
  {  // gpg may have put the agent's socket under /run/user/<uid>/gnupg rather than here
    const std::string dir = home.string();
    char* argv[] = {const_cast<char*>("gpgconf"),   const_cast<char*>("--homedir"),
                    const_cast<char*>(dir.c_str()), const_cast<char*>("--kill"),
                    const_cast<char*>("gpg-agent"), nullptr};
    posix_spawn_file_actions_t quiet;
    posix_spawn_file_actions_init(&quiet);
    posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    if (posix_spawnp(&pid, "gpgconf", &quiet, nullptr, argv, environ) == 0) waitpid(pid, nullptr, 0);
    posix_spawn_file_actions_destroy(&quiet);
  }
  fs::remove_all(home, ec);
}

fs::path make_temp_home() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/ferry-gpg-XXXXXX";
  if (!mkdtemp(pattern.data()))
    fail(FERRY_E_IO, "cannot create a temporary GPG home in " + fs::path(pattern).parent_path().string() +
                         ": " + std::strerror(errno));
  return pattern;
}

}  // namespace

struct GpgKeyring::State {
  gpgme_ctx_t ctx = nullptr;
  fs::path temp_home;  // empty: the user's keyring
  std::vector<std::string> fingerprints;
  std::string passphrase;
  std::mutex lock;  // a gpgme context serves one operation at a time

  ~State() {
    if (ctx) gpgme_release(ctx);
    if (!temp_home.empty()) remove_home(temp_home);
    explicit_bzero(passphrase.data(), passphrase.size());
  }

  static gpgme_error_t give_passphrase(void* hook, const char*, const char*, int prev_was_bad, int fd) {
    auto* self = static_cast<State*>(hook);
    if (prev_was_bad) return gpg_error(GPG_ERR_BAD_PASSPHRASE);
    std::string line = self->passphrase + "\n";
    const auto written = gpgme_io_writen(fd, line.data(), line.size());
    explicit_bzero(line.data(), line.size());
    return written == 0 ? 0 : gpg_error(GPG_ERR_CANCELED);
  }
};

GpgKeyring::GpgKeyring(std::unique_ptr<State> state) : s_(std::move(state)) {}
GpgKeyring::GpgKeyring(GpgKeyring&&) noexcept = default;
GpgKeyring& GpgKeyring::operator=(GpgKeyring&&) noexcept = default;
GpgKeyring::~GpgKeyring() = default;

GpgKeyring GpgKeyring::user() {
  initialise_gpgme();
  auto s = std::make_unique<State>();
  if (auto e = gpgme_new(&s->ctx)) fail(FERRY_E_INTERNAL, "initializing GPG: " + error_text(e));
  gpgme_set_protocol(s->ctx, GPGME_PROTOCOL_OpenPGP);
  return GpgKeyring(std::move(s));
}

GpgKeyring GpgKeyring::with_keys(const std::vector<std::string>& keys) {
  initialise_gpgme();
  auto s = std::make_unique<State>();
  s->temp_home = make_temp_home();
  if (auto e = gpgme_new(&s->ctx)) fail(FERRY_E_INTERNAL, "initializing GPG: " + error_text(e));
  gpgme_set_protocol(s->ctx, GPGME_PROTOCOL_OpenPGP);
  if (auto e = gpgme_ctx_set_engine_info(s->ctx, GPGME_PROTOCOL_OpenPGP, nullptr, s->temp_home.c_str()))
    fail(FERRY_E_INTERNAL, "initializing GPG: " + error_text(e));
  for (const auto& key : keys) {
    Data in(key);
    if (auto e = gpgme_op_import(s->ctx, in.d))
      fail(FERRY_E_INVALID_ARGUMENT, "importing keys: " + error_text(e));
    const gpgme_import_result_t r = gpgme_op_import_result(s->ctx);
    for (auto i = r ? r->imports : nullptr; i; i = i->next)
      if (i->result == 0 && i->fpr) s->fingerprints.emplace_back(i->fpr);
  }
  if (s->fingerprints.empty()) fail(FERRY_E_INVALID_ARGUMENT, "No public keys imported");
  return GpgKeyring(std::move(s));
}

const std::vector<std::string>& GpgKeyring::imported_fingerprints() const { return s_->fingerprints; }

bool GpgKeyring::has_secret_key(const std::string& key) const {
  std::lock_guard guard(s_->lock);
  gpgme_key_t k = nullptr;
  const bool found = gpgme_get_key(s_->ctx, key.c_str(), &k, 1) == 0 && k;
  if (k) gpgme_key_unref(k);
  return found;
}

std::string GpgKeyring::sign(std::string_view payload, const std::string& key,
                             const std::optional<std::string>& passphrase) {
  std::lock_guard guard(s_->lock);
  gpgme_key_t k = nullptr;
  if (gpgme_get_key(s_->ctx, key.c_str(), &k, 1) || !k)
    fail(FERRY_E_INVALID_ARGUMENT, "key \"" + key + "\" not found");
  struct KeyRef {
    gpgme_key_t k;
    ~KeyRef() { gpgme_key_unref(k); }
  } held{k};
  gpgme_signers_clear(s_->ctx);
  if (auto e = gpgme_signers_add(s_->ctx, k)) fail(FERRY_E_INVALID_ARGUMENT, error_text(e));
  gpgme_set_armor(s_->ctx, 0);
  gpgme_set_textmode(s_->ctx, 0);
  if (passphrase) {
    s_->passphrase = *passphrase;
    gpgme_set_passphrase_cb(s_->ctx, &State::give_passphrase, s_.get());
    gpgme_set_pinentry_mode(s_->ctx, GPGME_PINENTRY_MODE_LOOPBACK);
  }
  Data in(payload), out;
  const auto e = gpgme_op_sign(s_->ctx, in.d, out.d, GPGME_SIG_MODE_NORMAL);
  explicit_bzero(s_->passphrase.data(), s_->passphrase.size());
  s_->passphrase.clear();
  if (e) fail(FERRY_E_UNAUTHORIZED, error_text(e));
  return out.take();
}

GpgVerified GpgKeyring::verify(std::string_view signature) const {
  std::lock_guard guard(s_->lock);
  Data sig(signature);
  CappedOutput plain;
  if (auto e = gpgme_op_verify(s_->ctx, sig.d, nullptr, plain.d)) {
    plain.take();  // throws when the bound is what stopped it
    fail(FERRY_E_UNAUTHORIZED, error_text(e));
  }
  const gpgme_verify_result_t r = gpgme_op_verify_result(s_->ctx);
  size_t count = 0;
  for (auto g = r ? r->signatures : nullptr; g; g = g->next) ++count;
  if (count != 1) fail(FERRY_E_UNAUTHORIZED, "Unexpected GPG signature count " + std::to_string(count));
  const gpgme_signature_t g = r->signatures;
  const std::string fpr = g->fpr ? g->fpr : "";
  // Valid except for key trust, which the caller decides by fingerprint.
  if (g->status != 0 || g->validity == GPGME_VALIDITY_NEVER || g->validity_reason != 0 ||
      g->wrong_key_usage) {
    const gpgme_error_t why = g->status ? g->status : g->validity_reason;
    fail(FERRY_E_UNAUTHORIZED,
         "Invalid GPG signature: " + (why ? error_text(why) : std::string("key not valid")) + " (signed by " +
             (fpr.empty() ? std::string("an unknown key") : fpr) + ")");
  }
  return {.fingerprint = fpr, .payload = plain.take()};
}

GpgUntrusted GpgKeyring::read_untrusted(std::string_view signature) const {
  std::lock_guard guard(s_->lock);
  Data sig(signature);
  CappedOutput plain;
  if (auto e = gpgme_op_verify(s_->ctx, sig.d, nullptr, plain.d)) {
    plain.take();
    fail(FERRY_E_INVALID_ARGUMENT, error_text(e));
  }
  const gpgme_verify_result_t r = gpgme_op_verify_result(s_->ctx);
  if (!r || !r->signatures) fail(FERRY_E_INVALID_ARGUMENT, "not a signed message");
  const gpgme_signature_t g = r->signatures;
  return {.payload = plain.take(), .key = g->fpr ? g->fpr : "", .verified = g->status == 0 && !g->next};
}

}  // namespace ferry::signature
