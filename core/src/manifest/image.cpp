#include "copy/digesting_reader.hpp"
#include <ferry/core/error.hpp>
#include <ferry/core/image.hpp>

namespace ferry {

ResolvedImage resolve_image(ImageSource& src, const Platform& platform) {
  return resolve_image(src, platform, src.manifest());
}

ResolvedImage resolve_image(ImageSource& src, const Platform& platform, RawManifest top) {
  ResolvedImage r;
  r.top = std::move(top);
  r.top_mime = effective_manifest_type(r.top.bytes, r.top.mime);
  r.manifest = r.top.bytes;
  r.mime = r.top_mime;
  if (is_list_type(r.top_mime)) {
    ManifestList list = parse_manifest_list(r.top.bytes, r.top_mime);
    const Descriptor& d = list.manifests.at([&] {
      try {
        return choose_instance(list, platform);
      } catch (const Error& e) {
        throw Error(e.code(), std::string("choosing image instance: ") + e.what());
      }
    }());
    RawManifest inst = src.manifest(d.digest.str());
    if (!(manifest_digest(inst.bytes, d.digest.algorithm()) == d.digest))
      fail(FERRY_E_DIGEST_MISMATCH, "manifest " + d.digest.str() + " of " + src.reference().full_name() +
                                        " does not match its digest");
    r.instance = d.digest.str();
    r.manifest = std::move(inst.bytes);
    r.mime = effective_manifest_type(r.manifest, inst.mime.empty() ? d.media_type : inst.mime);
  }
  if (!is_image_manifest_type(r.mime))
    fail(FERRY_E_INVALID_ARGUMENT,
         "unsupported manifest type \"" + r.mime + "\" in " + src.reference().full_name());
  r.parsed = parse_image_manifest(r.manifest, r.mime);
  return r;
}

std::string read_small_blob(ImageSource& src, const Descriptor& d, size_t limit) {
  if (d.size > static_cast<int64_t>(limit))
    fail(FERRY_E_INVALID_ARGUMENT, "blob " + d.digest.str() + " is too large to read into memory");
  auto raw = src.blob(d.digest.str(), d.size, d.media_type);
  DigestingReader verified(*raw, d.digest, d.size, "blob " + d.digest.str());
  std::string out;
  char buf[65536];
  for (size_t n; (n = verified.read(buf, sizeof buf)) > 0;) {
    out.append(buf, n);
    if (out.size() > limit)
      fail(FERRY_E_INVALID_ARGUMENT, "blob " + d.digest.str() + " is too large to read into memory");
  }
  return out;
}

}  // namespace ferry
