// The OCI view of image configs (skopeo inspect --config).
#include <ferry/core/error.hpp>
#include "inspect/image_config.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ferry {
namespace {

// The "labels" fixture's config: unsorted labels, ports and volumes.
const std::string kRichConfig =
    R"({"created":"2023-11-14T22:13:20Z","architecture":"amd64","os":"linux","author":"Lab Fixtures <lab@example.invalid>","config":{"User":"1000:1000","ExposedPorts":{"8080/tcp":{},"9090/udp":{}},"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8","APP_MODE=test"],"Entrypoint":["/usr/bin/hello"],"Cmd":["--greeting","hi there"],"Volumes":{"/data":{}},"WorkingDir":"/srv","Labels":{"org.opencontainers.image.title":"lab-labels","org.opencontainers.image.version":"1.2.3","org.opencontainers.image.source":"https://example.invalid/lab","maintainer":"lab","com.example.empty":"","com.example.unicode":"grüße ✓"},"StopSignal":"SIGTERM"},"rootfs":{"type":"layers","diff_ids":["sha256:928ef3c465d78433c3f06a01376d24625dbaa73fdb166785ec1c4e2deac99f93"]},"history":[{"created":"2023-11-14T22:13:20Z","created_by":"/bin/sh -c #(nop) ADD rootfs.tar /","comment":"base"},{"created":"2023-11-14T22:13:20Z","created_by":"/bin/sh -c #(nop) LABEL org.opencontainers.image.title=lab-labels","empty_layer":true},{"created":"2023-11-14T22:13:20Z","created_by":"/bin/sh -c #(nop) ENTRYPOINT [\"/usr/bin/hello\"]","empty_layer":true}]})";

// Members in image-spec order, map keys sorted, like Go's encoding.
const std::string kRichView =
    R"({"created":"2023-11-14T22:13:20Z","author":"Lab Fixtures <lab@example.invalid>","architecture":"amd64","os":"linux","config":{"User":"1000:1000","ExposedPorts":{"8080/tcp":{},"9090/udp":{}},"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8","APP_MODE=test"],"Entrypoint":["/usr/bin/hello"],"Cmd":["--greeting","hi there"],"Volumes":{"/data":{}},"WorkingDir":"/srv","Labels":{"com.example.empty":"","com.example.unicode":"grüße ✓","maintainer":"lab","org.opencontainers.image.source":"https://example.invalid/lab","org.opencontainers.image.title":"lab-labels","org.opencontainers.image.version":"1.2.3"},"StopSignal":"SIGTERM"},"rootfs":{"type":"layers","diff_ids":["sha256:928ef3c465d78433c3f06a01376d24625dbaa73fdb166785ec1c4e2deac99f93"]},"history":[{"created":"2023-11-14T22:13:20Z","created_by":"/bin/sh -c #(nop) ADD rootfs.tar /","comment":"base"},{"created":"2023-11-14T22:13:20Z","created_by":"/bin/sh -c #(nop) LABEL org.opencontainers.image.title=lab-labels","empty_layer":true},{"created":"2023-11-14T22:13:20Z","created_by":"/bin/sh -c #(nop) ENTRYPOINT [\"/usr/bin/hello\"]","empty_layer":true}]})";

TEST(ImageConfig, RichOciConfigInSpecOrder) { EXPECT_EQ(oci_config_view(kRichConfig).dump(), kRichView); }

TEST(ImageConfig, DockerConfigKeepsOnlyOciMembers) {
  const std::string docker =
      R"({"architecture":"arm64","variant":"v8","os":"linux",)"
      R"("config":{"Hostname":"abc","Env":["A=1"],"Cmd":null,"Entrypoint":null,"Labels":null,)"
      R"("ArgsEscaped":true,"OnBuild":null},"container_config":{"Cmd":["x"]},)"
      R"("docker_version":"20.10.7","created":"2023-01-02T03:04:05.120000000+00:00",)"
      R"("rootfs":{"type":"layers","diff_ids":[]},)"
      R"("history":[{"created":"2023-01-02T03:04:05.000000000Z","created_by":"x","empty_layer":false}]})";
  EXPECT_EQ(oci_config_view(docker).dump(),
            R"({"created":"2023-01-02T03:04:05.12Z","architecture":"arm64","os":"linux",)"
            R"("variant":"v8","config":{"Env":["A=1"],"ArgsEscaped":true},)"
            R"("rootfs":{"type":"layers","diff_ids":[]},)"
            R"("history":[{"created":"2023-01-02T03:04:05Z","created_by":"x"}]})");
}

TEST(ImageConfig, MissingOrEmptyRuntimeConfigPrintsAsEmptyObject) {
  EXPECT_EQ(oci_config_view(R"({"architecture":"amd64","os":"linux"})").dump(),
            R"({"architecture":"amd64","os":"linux","config":{}})");
  EXPECT_EQ(oci_config_view(R"({"os":"linux","config":{"Env":[],"User":""}})").dump(),
            R"({"os":"linux","config":{}})");
}

TEST(ImageConfig, RejectsNonObjects) {
  for (const char* bad : {"", "[]", "{", "null"}) {
    try {
      oci_config_view(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), FERRY_E_INVALID_ARGUMENT);
      EXPECT_NE(std::string(e.what()).find("image config"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace ferry
