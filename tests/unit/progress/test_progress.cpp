// The progress displays: units, one bar row, and what each display writes for
// a copy's events.
#include "progress/bar_row.hpp"
#include "progress/bar_view.hpp"
#include "progress/byte_units.hpp"
#include "progress/json_view.hpp"
#include "progress/line_view.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <thread>

namespace ferry::cli {
namespace {

using namespace std::chrono_literals;

Descriptor blob(char fill, int64_t size) {
  Descriptor d;
  d.digest = Digest(DigestAlgorithm::sha256, std::string(64, fill));
  d.size = size;
  d.media_type = "application/vnd.oci.image.layer.v1.tar+gzip";
  return d;
}

TEST(ByteUnits, BinaryUnitsWithOneDecimalAsSkopeosBars) {
  EXPECT_EQ(byte_size(0), "0.0b");
  EXPECT_EQ(byte_size(392), "392.0b");
  EXPECT_EQ(byte_size(560 * 1024), "560.0KiB");
  EXPECT_EQ(byte_size(9646899), "9.2MiB");
  EXPECT_EQ(byte_size(3ull << 30), "3.0GiB");
  EXPECT_EQ(byte_rate(2.5 * 1024 * 1024), "2.5MiB/s");
}

TEST(ByteUnits, TimeLeftAsGoPrintsWholeSeconds) {
  EXPECT_EQ(seconds_left(0s), "0s");
  EXPECT_EQ(seconds_left(65s), "1m5s");
  EXPECT_EQ(seconds_left(3601s), "1h0m1s");
  EXPECT_EQ(seconds_left(-3s), "0s");
}

TEST(BarRow, LabelsAreShortDigestsAsSkopeoPrintsThem) {
  EXPECT_EQ(bar_label(blob('a', 1), false), "Copying blob aaaaaaaaaaaa");
  EXPECT_EQ(bar_label(blob('b', 1), true), "Copying config bbbbbbbbbb");
}

TEST(BarRow, InProgressShowsBarCountsRateAndTimeLeft) {
  BarRow row{
      .label = "Copying blob aaaaaaaaaaaa", .total = 4 << 20, .read = 1 << 20, .end = {}, .seconds = 1};
  const std::string line = render_bar_row(row, 120);
  EXPECT_EQ(line.rfind("Copying blob aaaaaaaaaaaa [", 0), 0u) << line;
  EXPECT_NE(line.find("=>"), std::string::npos) << line;
  EXPECT_NE(line.find("] 1.0MiB / 4.0MiB 1.0MiB/s ETA 3s"), std::string::npos) << line;
  // Where the bar takes what is left of a narrower line, the figures still end it whole.
  for (size_t columns : {80u, 90u, 100u}) {
    const std::string narrow = render_bar_row(row, columns);
    EXPECT_EQ(narrow.substr(narrow.size() - 6), "ETA 3s") << columns << ": " << narrow;
    EXPECT_NE(narrow.find('['), std::string::npos) << columns << ": " << narrow;
  }
}

TEST(BarRow, EndsInSkopeosWords) {
  BarRow row{.label = "Copying blob aaaaaaaaaaaa", .total = 10, .read = 10, .end = {}, .seconds = 1};
  row.end = CopyProgress::BlobEnd::copied;
  EXPECT_EQ(render_bar_row(row, 80), "Copying blob aaaaaaaaaaaa done");
  row.end = CopyProgress::BlobEnd::skipped;
  EXPECT_EQ(render_bar_row(row, 80), "Copying blob aaaaaaaaaaaa skipped: already exists");
}

TEST(BarRow, NeverWiderThanTheTerminalAndNoBarWithoutATotal) {
  BarRow row{
      .label = "Copying blob aaaaaaaaaaaa", .total = 1 << 30, .read = 1 << 20, .end = {}, .seconds = 2};
  for (size_t columns : {10u, 40u, 60u, 80u, 200u}) EXPECT_LT(render_bar_row(row, columns).size(), columns);
  EXPECT_EQ(render_bar_row(row, 50).find('['), std::string::npos) << "no room for a bar at 50 columns";
  row.total = -1;
  EXPECT_EQ(render_bar_row(row, 200), "Copying blob aaaaaaaaaaaa 1.0MiB 512.0KiB/s");
}

TEST(BarView, RedrawsItsRowsInPlaceAndLeavesTheLastFrame) {
  std::ostringstream out;
  {
    auto view = make_bar_view(out, -1);  // not a terminal: 80 columns
    view->step("Getting image source signatures");
    view->blob_started(1, blob('a', 100), false);
    view->blob_started(2, blob('b', 100), false);
    view->blob_read(1, 100);
    view->blob_finished(1, CopyProgress::BlobEnd::copied);
    view->blob_finished(2, CopyProgress::BlobEnd::skipped);
    view->step("Writing manifest to image destination");
  }
  const std::string s = out.str();
  EXPECT_EQ(s.rfind("Getting image source signatures\nCopying blob aaaaaaaaaaaa", 0), 0u) << s;
  // The second row's start moves up over the first row's line.
  EXPECT_NE(s.find("\x1b[1A\x1b[JCopying blob aaaaaaaaaaaa"), std::string::npos) << s;
  const std::string last_frame =
      "\x1b[2A\x1b[JCopying blob aaaaaaaaaaaa done\nCopying blob bbbbbbbbbbbb skipped: already exists\n";
  EXPECT_NE(s.find(last_frame + "Writing manifest to image destination\n"), std::string::npos) << s;
}

TEST(LineView, SkopeosLinesThenOneLineForABlobThatTakesLong) {
  std::ostringstream out;
  {
    auto view = make_line_view(out, 50ms);
    view->step("Getting image source signatures");
    view->blob_started(1, blob('a', 2048), false);
    view->blob_read(1, 1024);
    std::this_thread::sleep_for(300ms);
    view->blob_finished(1, CopyProgress::BlobEnd::copied);
    view->step("Writing manifest to image destination");
  }
  const std::string s = out.str();
  const std::string digest = "sha256:" + std::string(64, 'a');
  EXPECT_EQ(s.rfind("Getting image source signatures\nCopying blob " + digest + "\n", 0), 0u) << s;
  EXPECT_NE(s.find("Copying blob " + digest + ": 1.0KiB / 2.0KiB ("), std::string::npos) << s;
  EXPECT_NE(s.find("\nWriting manifest to image destination\n"), std::string::npos) << s;
}

TEST(JsonView, OneEventPerLineForEachBlobAndTheImage) {
  std::ostringstream out;
  {
    auto view = make_json_view(out, 1h);
    view->blob_started(1, blob('a', 10), false);
    view->blob_read(1, 10);
    view->blob_finished(1, CopyProgress::BlobEnd::copied);
    view->blob_started(2, blob('b', 5), true);
    view->blob_finished(2, CopyProgress::BlobEnd::skipped);
    view->step("Writing manifest to image destination");
    CopyResult r;
    r.mime = "application/vnd.oci.image.manifest.v1+json";
    r.bytes = 10;
    view->image_done(r);
    view->failed("bad \xff bytes");
  }
  std::istringstream lines(out.str());
  std::vector<nlohmann::json> events;
  for (std::string line; std::getline(lines, line);) events.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(events.size(), 7u) << out.str();
  EXPECT_EQ(events[0]["event"], "blob-started");
  EXPECT_EQ(events[0]["kind"], "layer");
  EXPECT_EQ(events[0]["size"], 10);
  EXPECT_EQ(events[1]["event"], "blob-done");
  EXPECT_EQ(events[1]["bytes"], 10);
  EXPECT_EQ(events[2]["kind"], "config");
  EXPECT_EQ(events[3]["event"], "blob-skipped");
  EXPECT_EQ(events[3]["digest"], "sha256:" + std::string(64, 'b'));
  EXPECT_EQ(events[4]["message"], "Writing manifest to image destination");
  EXPECT_EQ(events[5]["event"], "image-done");
  EXPECT_EQ(events[5]["bytes"], 10);
  EXPECT_EQ(events[6]["event"], "error");
  EXPECT_EQ(events[6]["message"], "bad \xef\xbf\xbd bytes");
}

}  // namespace
}  // namespace ferry::cli
