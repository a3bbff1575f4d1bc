#include <ferry/core/usable_cores.hpp>

#include <gtest/gtest.h>

#include <thread>

namespace {

TEST(UsableCores, CpuMaxQuotaRoundsUp) {
  EXPECT_EQ(ferry::cores_from_cpu_max("200000 100000\n"), 2u);
  EXPECT_EQ(ferry::cores_from_cpu_max("150000 100000"), 2u);
  EXPECT_EQ(ferry::cores_from_cpu_max("50000 100000"), 1u);
}

TEST(UsableCores, CpuMaxWithoutLimitOrUnreadableGivesNothing) {
  EXPECT_EQ(ferry::cores_from_cpu_max("max 100000\n"), std::nullopt);
  EXPECT_EQ(ferry::cores_from_cpu_max(""), std::nullopt);
  EXPECT_EQ(ferry::cores_from_cpu_max("200000"), std::nullopt);
  EXPECT_EQ(ferry::cores_from_cpu_max("200000 0"), std::nullopt);
  EXPECT_EQ(ferry::cores_from_cpu_max("-1 100000"), std::nullopt);
  EXPECT_EQ(ferry::cores_from_cpu_max("2e5 100000"), std::nullopt);
}

TEST(UsableCores, AtLeastOneAndNoMoreThanOnline) {
  const unsigned n = ferry::usable_cores();
  EXPECT_GE(n, 1u);
  if (std::thread::hardware_concurrency() > 0) {
    EXPECT_LE(n, std::thread::hardware_concurrency());
  }
}

}  // namespace
