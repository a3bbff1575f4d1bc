#include "copy/copy_plan.hpp"

#include "copy/blob_copier.hpp"
#include <ferry/core/copy_image.hpp>
#include <ferry/core/error.hpp>
#include "copy/digesting_reader.hpp"
#include <ferry/media_types.hpp>
#include <ferry/core/schema1_config.hpp>

#include <algorithm>

namespace ferry {
namespace {

struct Written {
  std::string bytes;
  std::string mime;
  bool skipped = false;
};

class Copier {
 public:
  Copier(ImageSource& src, ImageDestination& dst, const CopyOptions& o)
      : src_(src),
        dst_(dst),
        o_(o),
        dest_{dst.supported_manifest_types(), dst.flags(), dst.supports_signatures(),
              dst.reference().full_name()} {}

  CopyResult run() {
    if (!o_.signers.empty()) identity_ = signing_identity();
    RawManifest top = src_.manifest();
    std::string mime = effective_manifest_type(top.bytes, top.mime);
    Written w;
    if (is_list_type(mime) && o_.multi_arch != MultiArch::system) {
      w = copy_list(top, mime);
    } else if (is_list_type(mime)) {
      ManifestList list = parse_manifest_list(top.bytes, mime);
      const Descriptor& d =
          list.manifests.at(in_context("choosing an image from manifest list " + src_.reference().full_name(),
                                       [&] { return choose_instance(list, o_.platform); }));
      RawManifest inst = fetch_instance(d);
      w = in_context("copying system image from manifest list",
                     [&] { return copy_single(inst, d.digest.str(), false); });
    } else {
      w = copy_single(top, std::nullopt, false);
    }
    if (!w.skipped) dst_.commit();
    return CopyResult{w.bytes, w.mime, manifest_digest(w.bytes), w.skipped, bytes_};
  }

 private:
  // Known before anything is read, unlike skopeo, which finds out after
  // writing the image.
  std::string signing_identity() const {
    if (o_.sign_identity) return *o_.sign_identity;
    if (auto name = dst_.reference().docker_reference()) return *name;
    fail(FERRY_E_INVALID_ARGUMENT,
         "Cannot determine canonical Docker reference for destination " + dst_.reference().full_name());
  }

  // The source's signatures of one image: those to copy, and all of them for
  // the policy to judge.
  std::vector<std::string> read_signatures(const std::optional<std::string>& instance,
                                           const std::string& manifest) {
    std::vector<std::string> sigs;
    if (!o_.remove_signatures || o_.admit) sigs = src_.signatures(instance);
    if (o_.admit) o_.admit(manifest, sigs);
    if (o_.remove_signatures) sigs.clear();
    return sigs;
  }

  // Appends the signatures made of what was written.
  void sign(const std::string& written, std::vector<std::string>& sigs) {
    for (const auto& signer : o_.signers) {
      say("Signing manifest using " + signer->kind());
      sigs.push_back(signer->sign(written, identity_));
    }
  }

  // Errors of one image of a list say which, in skopeo's words.
  template <class F>
  auto in_context(const std::string& context, F&& copy) -> decltype(copy()) {
    try {
      return copy();
    } catch (const Error& e) {
      if (e.code() == FERRY_E_CANCELLED) throw;
      throw Error(e.code(), context + ": " + e.what());
    }
  }

  void say(const std::string& line) {
    if (o_.progress) o_.progress->step(line);
  }

  // sync's shortcut: the destination already holds exactly the bytes this
  // copy would write. Only for a copy that converts nothing.
  // Says so when it is; `admit_first` runs before, so that a skipped image is
  // still judged by the policy as a copied one would be.
  bool already_present(const std::string& bytes, const std::string& mime,
                       const std::function<void()>& admit_first = {}) {
    if (!o_.destination_manifest || !o_.signers.empty() || o_.compress_format ||
        (o_.manifest_type && *o_.manifest_type != mime))
      return false;
    const auto& accepted = dest_.manifest_types;
    if (!accepted.empty() && std::find(accepted.begin(), accepted.end(), mime) == accepted.end())
      return false;
    const std::optional<std::string> existing = o_.destination_manifest();
    if (!existing || *existing != bytes) return false;
    if (admit_first) admit_first();
    say("Skipping: image already present at destination");
    return true;
  }

  void count(const std::vector<BlobJob>& jobs) {
    for (const auto& j : jobs) bytes_ += j.bytes_read;
  }

  RawManifest fetch_instance(const Descriptor& d) {
    RawManifest inst = src_.manifest(d.digest.str());
    if (!(manifest_digest(inst.bytes, d.digest.algorithm()) == d.digest))
      fail(FERRY_E_DIGEST_MISMATCH, "manifest " + d.digest.str() + " of " + src_.reference().full_name() +
                                        " does not match its digest");
    if (inst.mime.empty()) inst.mime = d.media_type;
    return inst;
  }

  // src_instance: the digest of this image in the source's list, if any.
  // as_instance: write it as an instance of a list rather than the top level.
  // list_signatures: the signatures of the list this image is copied as part
  // of, which bind its bytes too.
  Written copy_single(const RawManifest& raw, const std::optional<std::string>& src_instance,
                      bool as_instance, size_t list_signatures = 0) {
    std::string mime = effective_manifest_type(raw.bytes, raw.mime);
    if (!is_image_manifest_type(mime))
      fail(FERRY_E_INVALID_ARGUMENT,
           "unsupported manifest type \"" + mime + "\" in " + src_.reference().full_name());
    ImageManifest m = parse_image_manifest(raw.bytes, mime);
    // An instance keeps the digest algorithm its list names it by.
    const DigestAlgorithm algo =
        src_instance ? Digest::parse(*src_instance).algorithm() : DigestAlgorithm::sha256;
    if (!o_.remove_signatures) say("Getting image source signatures");
    // Schema 1 repeats blobs (the empty throwaway layer); copy each once.
    std::vector<size_t> layer_of_job;
    std::vector<std::string> sigs = read_signatures(src_instance, raw.bytes);
    if (!as_instance && sigs.empty() && already_present(raw.bytes, mime)) return {raw.bytes, mime, true};
    if (!sigs.empty() || !o_.signers.empty()) say("Checking if image destination supports signatures");
    const bool served_otherwise = take_served_layers(m, src_instance);
    if (served_otherwise && !sigs.empty())
      fail(FERRY_E_NOT_SUPPORTED,
           "Copying this image would require changing layer representation, which we cannot do: \"Would "
           "invalidate signatures\" (" +
               src_.reference().full_name() + " keeps its layers unpacked); use --remove-signatures");
    const ImagePlan plan = plan_image(
        mime, m.layers, {.copied = sigs.size() + list_signatures, .made = o_.signers.size()}, dest_, o_);
    const bool from_schema1 = plan.from_schema1;
    const bool layers_changed = plan.layers_change || served_otherwise;

    std::vector<BlobJob> layers;
    for (size_t i = 0; i < m.layers.size(); ++i) {
      const Descriptor& l = m.layers[i];
      const bool empty = i < m.empty_layers.size() && m.empty_layers[i];
      if (from_schema1 && empty) continue;  // a converted image has no throwaway layers
      bool seen = false;
      for (size_t j : layer_of_job) seen = seen || m.layers[j].digest == l.digest;
      if (seen && !from_schema1) continue;
      layer_of_job.push_back(i);
      BlobJob job;
      job.source = l;
      job.recompress = plan.layers[i].recompress;
      job.target_media_type = plan.layers[i].media_type;
      job.level = o_.compress_level;
      job.want_diff_id = from_schema1;
      job.wait_for_others = o_.wait_for_shared_blobs;
      layers.push_back(std::move(job));
    }
    copy_blobs(src_, dst_, layers, o_.parallel, o_.progress);
    count(layers);
    for (size_t k = 0; k < layers.size(); ++k)
      for (size_t i = 0; i < m.layers.size(); ++i)
        if (i == layer_of_job[k] || (!from_schema1 && m.layers[i].digest == layers[k].source.digest))
          m.layers[i] = layers[k].result;
    if (from_schema1) {
      std::vector<Descriptor> kept;
      for (size_t k = 0; k < layers.size(); ++k) kept.push_back(m.layers[layer_of_job[k]]);
      m.layers = std::move(kept);
      m.empty_layers.clear();
      m.config = put_schema1_config(raw.bytes, layers);
    } else if (m.config.size >= 0) {
      std::vector<BlobJob> config(1);
      config[0].source = m.config;
      config[0].is_config = true;
      config[0].wait_for_others = o_.wait_for_shared_blobs;
      copy_blobs(src_, dst_, config, 1, o_.progress);
      count(config);
    }

    say("Writing manifest to image destination");
    Written w = put_manifest(
        plan.manifest_types,
        [&](const std::string& type) {
          if (is_schema1_type(type) && type != mime)
            fail(FERRY_E_MANIFEST_REJECTED, "ferry does not write Docker schema 1 manifests");
          return type == mime && !layers_changed ? raw.bytes : serialize_image_manifest(m, type);
        },
        as_instance, algo);
    std::optional<std::string> dst_instance;
    if (as_instance) dst_instance = manifest_digest(w.bytes, algo).str();
    if ((!sigs.empty() || list_signatures > 0) && w.bytes != raw.bytes)
      fail(FERRY_E_NOT_SUPPORTED,
           "Cannot copy signatures: the image had to be converted, which "
           "would invalidate them; use --remove-signatures");
    sign(w.bytes, sigs);
    say("Storing signatures");
    for (uint32_t i = 0; i < sigs.size(); ++i) dst_.put_signature(dst_instance, i, sigs[i]);
    return w;
  }

  // A store that keeps layers unpacked serves other blobs than the manifest
  // names (uncompressed rebuilds): copy those, and write an edited manifest.
  bool take_served_layers(ImageManifest& m, const std::optional<std::string>& instance) {
    auto served = src_.layers_for_copy(instance);
    if (!served) return false;
    if (served->size() != m.layers.size())
      fail(FERRY_E_INTERNAL, src_.reference().full_name() + " serves " + std::to_string(served->size()) +
                                 " layers for a manifest of " + std::to_string(m.layers.size()));
    bool changed = false;
    for (size_t i = 0; i < served->size(); ++i) {
      Descriptor& l = m.layers[i];
      const LayerForCopy& s = (*served)[i];
      const Digest digest = Digest::parse(s.digest, "a layer digest from " + src_.reference().full_name());
      if (digest == l.digest && s.size == l.size && s.media_type == l.media_type) continue;
      l.digest = digest;
      l.size = s.size;
      l.media_type = s.media_type;
      l.urls.clear();
      changed = true;
    }
    if (changed && o_.preserve_digests)
      fail(FERRY_E_INVALID_ARGUMENT,
           "Instructed to preserve digests, but " + src_.reference().full_name() +
               " keeps its layers unpacked and cannot give back the original blobs");
    return changed;
  }

  // Builds and stores the config a schema 1 image lacks.
  Descriptor put_schema1_config(const std::string& manifest, const std::vector<BlobJob>& layers) {
    std::vector<Digest> diff_ids;
    for (const auto& l : layers) diff_ids.push_back(*l.diff_id);
    std::string config = schema1_to_config(manifest, diff_ids);
    Descriptor d;
    d.media_type = std::string(media::docker_config);
    d.digest = Digest::of(config);
    d.size = static_cast<int64_t>(config.size());
    const uint64_t id = next_blob_id();
    if (o_.progress) o_.progress->blob_started(id, d, true);
    StringReader bytes(config);
    DigestingReader verified(bytes, d.digest, d.size, "the converted config");
    dst_.put_blob(d.digest.str(), d.size, d.media_type, true, verified);
    bytes_ += verified.bytes();
    if (o_.progress) {
      o_.progress->blob_read(id, verified.bytes());
      o_.progress->blob_finished(id, CopyProgress::BlobEnd::copied);
    }
    return d;
  }

  template <class Serialize>
  Written put_manifest(const std::vector<std::string>& types, Serialize serialize, bool as_instance,
                       DigestAlgorithm algo = DigestAlgorithm::sha256) {
    for (const auto& type : types) {
      std::string bytes;
      try {
        bytes = serialize(type);
      } catch (const Error& e) {
        if (e.code() != FERRY_E_MANIFEST_REJECTED || o_.manifest_type) throw;
        continue;  // This type cannot express the image; try the next.
      }
      std::optional<std::string> instance;
      if (as_instance) instance = manifest_digest(bytes, algo).str();
      if (dst_.put_manifest(instance, bytes, type)) return {bytes, type};
    }
    fail(FERRY_E_MANIFEST_REJECTED,
         "the destination " + dst_.reference().full_name() + " rejected every manifest type offered");
  }

  Written copy_list(const RawManifest& top, const std::string& mime) {
    ManifestList list = parse_manifest_list(top.bytes, mime);
    if (!o_.remove_signatures) say("Getting image list signatures");
    // Each image is judged as it is copied; a list copied without its images
    // is judged itself, by its own signatures.
    std::vector<std::string> sigs;
    if (o_.multi_arch == MultiArch::index_only)
      sigs = read_signatures(std::nullopt, top.bytes);
    else if (!o_.remove_signatures)
      sigs = src_.signatures(std::nullopt);
    // Known before any blob moves: whether the list and its signatures can be
    // stored, and as what.
    if ((!sigs.empty() || !o_.signers.empty()) && !dest_.signatures)
      fail(FERRY_E_NOT_SUPPORTED,
           "Can not copy signatures to " + dest_.name +
               ": the destination does not support signatures; use --remove-signatures");
    const ListPlan plan = plan_list(mime, sigs.size(), dest_, o_);
    if (sigs.empty() && already_present(top.bytes, mime, [&] { admit_instances(list); }))
      return {top.bytes, mime, true};
    bool changed = false;
    if (o_.multi_arch == MultiArch::all) {
      size_t n = list.manifests.size();
      say("Copying " + std::to_string(n) + " of " + std::to_string(n) + " images in list");
      for (size_t i = 0; i < n; ++i) {
        Descriptor& d = list.manifests[i];
        say("Copying image " + d.digest.str() + " (" + std::to_string(i + 1) + "/" + std::to_string(n) + ")");
        RawManifest inst = fetch_instance(d);
        Written w = in_context(
            "copying image " + std::to_string(i + 1) + "/" + std::to_string(n) + " from manifest list",
            [&] { return copy_single(inst, d.digest.str(), true, sigs.size()); });
        if (w.bytes != inst.bytes) {
          // The instance was converted: the list must point at the new bytes.
          d.digest = manifest_digest(w.bytes, d.digest.algorithm());
          d.size = static_cast<int64_t>(w.bytes.size());
          d.media_type = w.mime;
          changed = true;
        }
      }
    }
    if (o_.preserve_digests && changed)
      fail(FERRY_E_INVALID_ARGUMENT,
           "Instructed to preserve digests, but the manifest list must be converted");
    if (!sigs.empty() && changed)
      fail(FERRY_E_NOT_SUPPORTED, "Cannot copy list signatures: the list would have to be converted");
    say("Writing manifest list to image destination");
    Written w = put_manifest(
        plan.manifest_types,
        [&](const std::string& type) {
          return type == mime && !changed ? top.bytes : serialize_manifest_list(list, type);
        },
        false);
    if (!sigs.empty() && w.bytes != top.bytes)
      fail(FERRY_E_NOT_SUPPORTED, "Cannot copy list signatures: the list had to be converted");
    sign(w.bytes, sigs);
    say("Storing list signatures");
    for (uint32_t i = 0; i < sigs.size(); ++i) dst_.put_signature(std::nullopt, i, sigs[i]);
    return w;
  }

  // The policy's judgement of each image a list copy would write.
  void admit_instances(const ManifestList& list) {
    if (!o_.admit || o_.multi_arch != MultiArch::all) return;
    for (const Descriptor& d : list.manifests) read_signatures(d.digest.str(), fetch_instance(d).bytes);
  }

  ImageSource& src_;
  ImageDestination& dst_;
  const CopyOptions& o_;
  const DestinationTraits dest_;
  std::string identity_;  // what signatures made here name
  uint64_t bytes_ = 0;
};

}  // namespace

CopyResult copy_image(ImageSource& src, ImageDestination& dst, const CopyOptions& options) {
  return Copier(src, dst, options).run();
}

}  // namespace ferry
