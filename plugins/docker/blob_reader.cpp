#include "blob_reader.hpp"

#include "retry_policy.hpp"

namespace ferry::plugins::docker {

namespace {
constexpr int max_resumes = 20;  // in all, for one blob
}

BlobReader::BlobReader(std::shared_ptr<RegistryClient> client, std::string digest)
    : client_(std::move(client)),
      digest_(std::move(digest)),
      what_("reading blob " + digest_ + " from " + client_->display_name()) {
  open(0);
  size_ = resp_->content_length();
}

void BlobReader::open(int64_t offset) {
  Headers h;
  if (offset > 0) h.emplace_back("Range", "bytes=" + std::to_string(offset) + "-");
  RequestOptions o;
  o.follow_redirects = true;
  resp_ = client_->request("GET", client_->repo_target() + "/blobs/" + digest_, what_, h, nullptr, o);
  int st = resp_->status();
  if (offset > 0 && st == 206) return;
  if (offset > 0 && st == 416)  // the first answer's Content-Length promised more than the blob holds
    throw sdk::Error(FERRY_E_IO, what_ + ": the registry announced " + std::to_string(size_) +
                                     " bytes, sent " + std::to_string(offset) +
                                     " and has nothing after them (HTTP 416)");
  if (st != 200) {
    auto resp = std::move(resp_);
    client_->fail(*resp, what_);
  }
  // A server that ignores Range sends everything again: skip what we have.
  char buf[65536];
  for (int64_t skip = offset; skip > 0;) {
    size_t n = resp_->read(buf, static_cast<size_t>(std::min<int64_t>(skip, sizeof buf)));
    if (n == 0) throw NetworkError("the blob ended before the resume offset");
    skip -= static_cast<int64_t>(n);
  }
}

size_t BlobReader::read(void* buf, size_t cap) {
  for (;;) {
    if (client_->context().cancelled()) throw sdk::Error(FERRY_E_CANCELLED, what_ + ": cancelled");
    try {
      if (!resp_) open(offset_);
      size_t n = resp_->read(static_cast<char*>(buf), cap);
      if (n == 0 && size_ >= 0 && offset_ < size_)
        throw NetworkError("the connection closed after " + std::to_string(offset_) + " of " +
                           std::to_string(size_) + " bytes");
      if (n > 0) failures_ = 0;
      offset_ += static_cast<int64_t>(n);
      return n;
    } catch (const NetworkError& e) {
      resp_.reset();
      if (++failures_ >= max_attempts || ++resumes_ > max_resumes)
        throw sdk::Error(FERRY_E_RETRYABLE, what_ + ": " + e.what() + " (gave up after " +
                                                std::to_string(resumes_) + " attempts to resume)");
      sdk::log(FERRY_LOG_INFO, what_ + ": " + e.what() + "; resuming at byte " + std::to_string(offset_));
      pause(retry_delay(failures_ - 1, ""), client_->context());
    }
  }
}

}  // namespace ferry::plugins::docker
