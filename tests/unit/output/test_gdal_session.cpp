// The GDAL helpers io shares with output: error text for our messages, and dataset ownership.
#include <cpl_error.h>
#include <gdal_priv.h>

#include <catch2/catch.hpp>

#include "reachplan/io/gdal_session.hpp"

using namespace reachplan;

TEST_CASE("gdal_reason quotes GDAL's last error, or nothing", "[output][gdal]") {
  io::QuietGdal quiet;  // records instead of printing
  CHECK(io::gdal_reason().empty());
  CPLError(CE_Failure, CPLE_AppDefined, "no such band");
  CHECK(io::gdal_reason() == ": no such band");
  CPLErrorReset();
  CHECK(io::gdal_reason().empty());
}

TEST_CASE("a dataset is closed by its owner, and close_dataset reports a clean close",
          "[output][gdal]") {
  io::ensure_gdal();
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  REQUIRE(mem);
  io::GdalDataset ds(mem->Create("", 4, 3, 1, GDT_Byte, nullptr));
  REQUIRE(ds);
  CHECK(ds->GetRasterXSize() == 4);
  CHECK(io::close_dataset(std::move(ds)));
  CHECK_FALSE(ds);
  // Dropped without a check (an error path): closed by the deleter, no leak under ASan.
  io::GdalDataset dropped(mem->Create("", 2, 2, 1, GDT_Byte, nullptr));
  REQUIRE(dropped);
}
