// manifest.json of a docker archive (libs/docker-save tar_manifest): the
// input is that file, inside a tar that also holds a config and a layer, and
// images are selected from it as references to the archive select them.
#include "fuzz_input.hpp"
#include "memory_file.hpp"

#include <ferry/docker_save/archive_file.hpp>
#include <ferry/docker_save/archive_source.hpp>
#include <ferry/docker_save/tar_format.hpp>
#include <ferry/docker_save/tar_manifest.hpp>

#include <unistd.h>

namespace {

using namespace ferry::docker_save;

void add_file(std::string& tar, std::string_view name, std::string_view bytes, char type = '0',
              std::string_view link = {}) {
  const TarBlock header = encode_tar_header(name, type, bytes.size(), link);
  tar.append(header.data(), header.size());
  tar.append(bytes);
  tar.append(tar_padded(bytes.size()) - bytes.size(), '\0');
}

// The tar around the input: a config whose one diff_id is the layer's digest.
std::string archive_with(std::string_view manifest) {
  std::string tar;
  add_file(tar, "manifest.json", manifest);
  add_file(
      tar, "c.json",
      R"({"rootfs":{"type":"layers","diff_ids":["sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"]}})");
  add_file(tar, "l/layer.tar", "");
  add_file(tar, "layer.tar", "", '2', "l/layer.tar");
  return tar;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static ferry::fuzz::MemoryFile file;
  file.replace(archive_with(ferry::fuzz::as_text(data, size)));
  const ferry::sdk::Context ctx(nullptr);
  ArchiveFile archive(file.path(), "the archive", ctx);
  const TarIndex index(archive.fd(), archive.size(), "the archive");
  std::vector<TarManifestItem> items;
  if (!ferry::fuzz::accepted([&] { items = read_tar_manifest(index); })) return 0;
  (void)archive_tags(items);
  std::optional<ferry::DockerReference> name;
  ferry::fuzz::accepted([&] { name = ferry::DockerReference::parse("busybox:latest"); });
  const std::pair<std::optional<ferry::DockerReference>, std::optional<size_t>> selections[] = {
      {name, std::nullopt}, {std::nullopt, 0}, {std::nullopt, std::nullopt}};
  for (const auto& selection : selections) {
    ferry::fuzz::accepted(
        [&] { (void)select_item(items, selection.first, selection.second, "the archive"); });
    ferry::fuzz::accepted([&] {
      ArchiveSource source(std::make_unique<ArchiveFile>(file.path(), "the archive", ctx), selection.first,
                           selection.second);
      (void)source.get_manifest(std::nullopt);
    });
  }
  return 0;
}
