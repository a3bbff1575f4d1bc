#include <ferry/core/usable_cores.hpp>

#include <gtest/gtest.h>

#include <sched.h>

#include <cstdlib>
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

// In a child process of its own, since the count is kept for the process's
// life: pinned to one CPU, ferry sees one core, whatever the machine has.
TEST(UsableCoresDeathTest, CountsOnlyTheCpusTheAffinityMaskAllows) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        cpu_set_t allowed;
        CPU_ZERO(&allowed);
        if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) std::_Exit(2);
        int first = 0;
        while (!CPU_ISSET(first, &allowed)) ++first;
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(first, &one);
        if (sched_setaffinity(0, sizeof one, &one) != 0) std::_Exit(3);
        std::_Exit(ferry::usable_cores() == 1 ? 0 : 1);
      },
      testing::ExitedWithCode(0), "");
}

}  // namespace
