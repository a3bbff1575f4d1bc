// A blob streamed from the registry. When the connection drops or stalls,
// reading resumes where it stopped with `Range: bytes=N-` instead of starting
// over, a bounded number of times.
#pragma once

#include "registry_client.hpp"

#include <ferry/plugin.hpp>

#include <memory>
#include <string>

namespace ferry::plugins::docker {

class BlobReader : public sdk::Reader {
 public:
  // Sends the GET; throws (404 -> FERRY_E_NOT_FOUND, ...) when the registry
  // does not serve the blob.
  BlobReader(std::shared_ptr<RegistryClient> client, std::string digest);
  int64_t size() const { return size_; }
  size_t read(void* buf, size_t cap) override;

 private:
  void open(int64_t offset);

  std::shared_ptr<RegistryClient> client_;
  std::string digest_;
  std::string what_;
  std::unique_ptr<HttpResponse> resp_;
  int64_t offset_ = 0;
  int64_t size_ = -1;
  int failures_ = 0;  // in a row, without progress in between
  int resumes_ = 0;
};

}  // namespace ferry::plugins::docker
