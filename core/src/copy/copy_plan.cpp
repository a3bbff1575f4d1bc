#include "copy/copy_plan.hpp"

#include <ferry/core/error.hpp>
#include <ferry/media_types.hpp>

#include <algorithm>

namespace ferry {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Manifest types to offer, in order: the forced one, else the source's own
// type when the destination takes it, then what the destination prefers.
std::vector<std::string> candidate_types(const std::string& mime, bool list, const DestinationTraits& dest,
                                         const CopyOptions& o) {
  if (o.manifest_type) {
    if (!list) return {*o.manifest_type};
    return {std::string(*o.manifest_type == media::docker_v2s2 ? media::docker_list : media::oci_index)};
  }
  std::vector<std::string> out;
  if (dest.manifest_types.empty() || contains(dest.manifest_types, mime)) out.push_back(mime);
  auto family =
      list ? std::vector<std::string>{std::string(media::oci_index), std::string(media::docker_list)}
           : std::vector<std::string>{std::string(media::oci_manifest), std::string(media::docker_v2s2)};
  for (const auto& t : dest.manifest_types.empty() ? family : dest.manifest_types)
    if (contains(family, t) && !contains(out, t)) out.push_back(t);
  return out;
}

// What a layer should become at the destination, or nullopt to keep it:
// what the destination wants (its options already folded into its flags),
// then what the user asked for.
std::optional<Compression> layer_target(const Descriptor& layer, uint32_t flags, const CopyOptions& o) {
  Compression c = layer_compression(layer.media_type);
  if (c == Compression::unknown) return std::nullopt;
  Compression want = c;
  if (flags & FERRY_DEST_WANTS_UNCOMPRESSED)
    want = Compression::none;
  else if (o.compress_format)
    want = *o.compress_format;
  else if ((flags & FERRY_DEST_PREFERS_COMPRESSED) && c == Compression::none)
    want = Compression::gzip;
  if (want == c) return std::nullopt;
  return want;
}

}  // namespace

ImagePlan plan_image(const std::string& mime, const std::vector<Descriptor>& layers,
                     SignatureCounts signatures, const DestinationTraits& dest,
                     const CopyOptions& requested) {
  if (signatures.copied + signatures.made > 0 && !dest.signatures)
    fail(FERRY_E_NOT_SUPPORTED, "Can not copy signatures to " + dest.name +
                                    ": the destination does not support signatures; use --remove-signatures");
  // Signatures bind the manifest's bytes: what the user asked to change is
  // left as it is, and only what the destination needs is considered.
  CopyOptions o = requested;
  DestinationTraits d = dest;
  if (signatures.copied > 0) {
    o.manifest_type.reset();
    o.compress_format.reset();
    // Nor what the destination would only prefer (skopeo keeps the bytes for
    // --dest-compress and --dest-decompress too).
    d.flags &= ~(FERRY_DEST_PREFERS_COMPRESSED | FERRY_DEST_WANTS_UNCOMPRESSED);
  }
  ImagePlan plan;
  plan.manifest_types = candidate_types(mime, false, d, o);
  if (plan.manifest_types.empty())
    fail(FERRY_E_MANIFEST_REJECTED,
         "the destination accepts none of the manifest types this image can be written as");
  // Layers are converted in the family of the first type offered.
  const std::string& target = plan.manifest_types.front();
  // Schema 1 has no config: converting it builds one, which needs every
  // layer's uncompressed digest, learned while the layers stream.
  plan.from_schema1 = is_schema1_type(mime) && target != mime;
  if (plan.from_schema1 && is_schema1_type(target))
    fail(FERRY_E_NOT_SUPPORTED, "converting between Docker schema 1 variants is not supported");
  for (const Descriptor& l : layers) {
    LayerPlan lp;
    lp.recompress = layer_target(l, d.flags, o);
    if (lp.recompress) {
      lp.media_type = layer_media_type_for(target, *lp.recompress);
      plan.layers_change = true;
    }
    plan.layers.push_back(std::move(lp));
  }
  const bool converted = plan.layers_change || target != mime;
  if (o.preserve_digests && converted)
    fail(FERRY_E_INVALID_ARGUMENT,
         "Instructed to preserve digests, but the destination needs the image converted (" + mime + " -> " +
             target + ")");
  // Found out before any blob moves, not after the manifest was rewritten.
  if (signatures.copied > 0 && converted)
    fail(FERRY_E_NOT_SUPPORTED,
         "Copying this image would require changing layer representation or manifest type (" + mime + " -> " +
             target + "), which we cannot do: \"Would invalidate signatures\"; use --remove-signatures");
  return plan;
}

ListPlan plan_list(const std::string& mime, size_t signatures, const DestinationTraits& dest,
                   const CopyOptions& requested) {
  // As for an image: a signed list is kept as it is.
  CopyOptions o = requested;
  if (signatures > 0) o.manifest_type.reset();
  if (!(dest.flags & FERRY_DEST_KEEPS_LISTS))
    fail(FERRY_E_NOT_SUPPORTED,
         "the destination " + dest.name + " cannot store a manifest list; use --multi-arch system");
  ListPlan plan;
  plan.manifest_types = candidate_types(mime, true, dest, o);
  if (o.preserve_digests && (plan.manifest_types.empty() || plan.manifest_types.front() != mime))
    fail(FERRY_E_INVALID_ARGUMENT,
         "Instructed to preserve digests, but the destination needs the manifest list "
         "converted (" +
             mime + " -> " +
             (plan.manifest_types.empty() ? std::string("none") : plan.manifest_types.front()) + ")");
  if (signatures > 0 && (plan.manifest_types.empty() || plan.manifest_types.front() != mime))
    fail(FERRY_E_NOT_SUPPORTED,
         "Copying this manifest list would require changing its type, which we cannot do: \"Would invalidate "
         "signatures\"; use --remove-signatures");
  return plan;
}

}  // namespace ferry
