// The platform ferry runs on, and picking the matching instance of a list.
#include <ferry/core/error.hpp>
#include <ferry/core/manifest.hpp>
#include <ferry/media_types.hpp>

#include <sys/utsname.h>

#include <algorithm>
#include <cctype>

namespace ferry {
namespace {

struct GoArch {
  std::string architecture;
  std::string variant;
};

// uname's machine names to Go's GOARCH (and the ARM variant it implies).
GoArch go_arch_of_machine(std::string_view machine) {
  if (machine == "x86_64" || machine == "amd64") return {"amd64", ""};
  if (machine == "i386" || machine == "i486" || machine == "i586" || machine == "i686") {
    return {"386", ""};
  }
  if (machine == "aarch64" || machine == "arm64" || machine.starts_with("armv8")) {
    return {"arm64", "v8"};
  }
  if (machine.starts_with("armv7")) return {"arm", "v7"};
  if (machine.starts_with("armv6")) return {"arm", "v6"};
  if (machine.starts_with("armv5")) return {"arm", "v5"};
  if (machine == "loongarch64") return {"loong64", ""};
  // ppc64le, ppc64, s390x, riscv64, mips64 are spelled the same in Go.
  return {std::string(machine), ""};
}

// Aliases a list may use for the same architecture.
std::string normalized_arch(std::string_view arch) {
  if (arch == "x86_64" || arch == "x86-64") return "amd64";
  if (arch == "aarch64") return "arm64";
  return std::string(arch);
}

// arm64 without a variant means v8, arm without one means v7; "8" means "v8".
std::string normalized_variant(std::string_view arch, std::string_view variant) {
  std::string v(variant);
  if (!v.empty() && std::isdigit(static_cast<unsigned char>(v.front()))) v = "v" + v;
  if (v.empty() && arch == "arm64") return "v8";
  if (v.empty() && arch == "arm") return "v7";
  return v;
}

}  // namespace

Platform host_platform(const std::string& os_override, const std::string& arch_override,
                       const std::string& variant_override) {
  Platform p;
  struct utsname uts {};
  if (uname(&uts) == 0) {
    const GoArch arch = go_arch_of_machine(uts.machine);
    p.architecture = arch.architecture;
    p.variant = arch.variant;
    p.os = uts.sysname;
    std::transform(p.os.begin(), p.os.end(), p.os.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  } else {
    p.os = "linux";
  }
  // An overridden architecture makes the detected variant meaningless.
  if (!arch_override.empty()) {
    p.architecture = arch_override;
    p.variant.clear();
  }
  if (!variant_override.empty()) p.variant = variant_override;
  if (!os_override.empty()) p.os = os_override;
  return p;
}

size_t choose_instance(const ManifestList& l, const Platform& want) {
  const std::string want_arch = normalized_arch(want.architecture);
  const std::string want_variant = normalized_variant(want_arch, want.variant);

  std::vector<size_t> candidates;
  for (size_t i = 0; i < l.manifests.size(); ++i) {
    const auto& platform = l.manifests[i].platform;
    if (platform && platform->os == want.os && normalized_arch(platform->architecture) == want_arch) {
      candidates.push_back(i);
    }
  }
  auto first_where = [&](auto predicate) -> std::optional<size_t> {
    for (size_t i : candidates) {
      if (predicate(*l.manifests[i].platform)) return i;
    }
    return std::nullopt;
  };

  // Best first: the very variant asked for, then an equivalent spelling, then
  // an instance that does not name a variant at all.
  if (auto i = first_where([&](const Platform& p) { return p.variant == want.variant; })) {
    return *i;
  }
  if (auto i = first_where(
          [&](const Platform& p) { return normalized_variant(want_arch, p.variant) == want_variant; })) {
    return *i;
  }
  if (auto i = first_where([](const Platform& p) { return p.variant.empty(); })) return *i;

  // The list exists; the platform asked for is the problem (exit 1, as skopeo).
  const char* kind = l.media_type == media::docker_list ? "manifest list" : "image index";
  fail(FERRY_E_INVALID_ARGUMENT, std::string("no image found in ") + kind + " for architecture \"" +
                                     want.architecture + "\", variant \"" + want.variant + "\", OS \"" +
                                     want.os + "\"");
}

}  // namespace ferry
