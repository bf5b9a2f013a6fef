// Open Matrix (OMX 0.2) files through the HDF5 C library: root attributes OMX_VERSION ("0.2")
// and SHAPE (int32[2]); /data/<table> as chunked, zlib-compressed float64 matrices; /lookup
// with zone numbers, ids and names (DIM 0/1 when rows and columns differ).
#include <hdf5.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "gis_gdal.hpp"
#include "gis_writers.hpp"
#include "reachplan/core/error.hpp"
#include "reachplan/output/gis_outputs.hpp"

namespace reachplan::output {

namespace {

// Owns one HDF5 handle and closes it with the matching function.
class Handle {
 public:
  using Close = herr_t (*)(hid_t);
  Handle(hid_t id, Close close, const std::string& what) : id_(id), close_(close) {
    if (id_ < 0) throw core::OutputError("HDF5: cannot " + what);
  }
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t get() const { return id_; }
  // Closes now and reports failure (a file's data reaches the disk at close).
  void close(const std::string& what) {
    const herr_t r = close_(id_);
    id_ = -1;
    if (r < 0) throw core::OutputError("HDF5: cannot " + what);
  }

 private:
  hid_t id_;
  Close close_;
};

void ok(herr_t r, const std::string& what) {
  if (r < 0) throw core::OutputError("HDF5: cannot " + what);
}

// HDF5 prints its error stack by default; our exception carries the message instead.
class QuietHdf5 {
 public:
  QuietHdf5() {
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietHdf5() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

void string_attribute(hid_t where, const char* name, const std::string& value) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy a string type");
  ok(H5Tset_size(type.get(), std::max<std::size_t>(1, value.size())), "size a string type");
  ok(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), "pad a string type");
  const bool ascii = std::all_of(value.begin(), value.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 128; });
  ok(H5Tset_cset(type.get(), ascii ? H5T_CSET_ASCII : H5T_CSET_UTF8), "set the character set");
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar dataspace");
  Handle attr(H5Acreate2(where, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
              std::string("create attribute ") + name);
  std::string padded = value.empty() ? std::string(1, '\0') : value;
  ok(H5Awrite(attr.get(), type.get(), padded.data()), std::string("write attribute ") + name);
}

void int_attribute(hid_t where, const char* name, const std::vector<std::int32_t>& values) {
  const hsize_t n = values.size();
  Handle space(values.size() == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, nullptr),
               H5Sclose, "create a dataspace");
  Handle attr(H5Acreate2(where, name, H5T_STD_I32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
              H5Aclose, std::string("create attribute ") + name);
  ok(H5Awrite(attr.get(), H5T_NATIVE_INT32, values.data()), std::string("write attribute ") + name);
}

void int_lookup(hid_t group, const std::string& name, std::size_t n, int dim) {
  std::vector<std::int32_t> zones(n);
  for (std::size_t i = 0; i < n; ++i) zones[i] = static_cast<std::int32_t>(i + 1);
  const hsize_t len = n;
  Handle space(H5Screate_simple(1, &len, nullptr), H5Sclose, "create a dataspace");
  Handle ds(H5Dcreate2(group, name.c_str(), H5T_STD_I32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                       H5P_DEFAULT),
            H5Dclose, "create lookup " + name);
  ok(H5Dwrite(ds.get(), H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, zones.data()),
     "write lookup " + name);
  if (dim >= 0) int_attribute(ds.get(), "DIM", {dim});
}

// Fixed-length UTF-8 strings, as h5py and pytables read them.
void string_lookup(hid_t group, const std::string& name, const std::vector<std::string>& values,
                   int dim) {
  std::size_t width = 1;
  for (const auto& v : values) width = std::max(width, v.size());
  std::vector<char> buffer(values.size() * width, '\0');
  for (std::size_t i = 0; i < values.size(); ++i)
    std::memcpy(buffer.data() + i * width, values[i].data(), values[i].size());
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy a string type");
  ok(H5Tset_size(type.get(), width), "size a string type");
  ok(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), "pad a string type");
  ok(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set UTF-8");
  const hsize_t len = values.size();
  Handle space(H5Screate_simple(1, &len, nullptr), H5Sclose, "create a dataspace");
  Handle ds(H5Dcreate2(group, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT,
                       H5P_DEFAULT),
            H5Dclose, "create lookup " + name);
  ok(H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()),
     "write lookup " + name);
  if (dim >= 0) int_attribute(ds.get(), "DIM", {dim});
}

void table(hid_t group, const std::string& name, const Eigen::MatrixXd& m) {
  const hsize_t dims[2] = {static_cast<hsize_t>(m.rows()), static_cast<hsize_t>(m.cols())};
  Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose, "create a dataspace");
  Handle props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
  // Chunks of whole rows (at most 256 x 256) and zlib, as the OMX validator recommends.
  const hsize_t chunk[2] = {std::max<hsize_t>(1, std::min<hsize_t>(dims[0], 256)),
                            std::max<hsize_t>(1, std::min<hsize_t>(dims[1], 256))};
  if (dims[0] > 0 && dims[1] > 0) {
    ok(H5Pset_chunk(props.get(), 2, chunk), "chunk a matrix");
    ok(H5Pset_deflate(props.get(), 4), "compress a matrix");
  }
  Handle ds(H5Dcreate2(group, name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, props.get(),
                       H5P_DEFAULT),
            H5Dclose, "create matrix " + name);
  // Eigen is column-major; OMX rows are origins, stored row-major.
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows = m;
  ok(H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()),
     "write matrix " + name);
  const char* unit = name == "time_min" ? "minutes" : name == "distance_km" ? "km" : "count";
  string_attribute(ds.get(), "units", unit);
  string_attribute(ds.get(), "missing", "NaN = unreachable");
}

}  // namespace

void detail::omx_to(const std::string& temp, const std::string& path, const analysis::OmxSet& set) {
  for (const auto& [name, m] : set.tables)
    if (static_cast<std::size_t>(m.rows()) != set.row_ids.size() ||
        static_cast<std::size_t>(m.cols()) != set.col_ids.size())
      throw core::OutputError("OMX table '" + name + "' does not match its zones");
  QuietHdf5 quiet;
  Handle file(H5Fcreate(temp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
              "create '" + path + "'");
  string_attribute(file.get(), "OMX_VERSION", "0.2");
  int_attribute(file.get(), "SHAPE",
                {static_cast<std::int32_t>(set.row_ids.size()),
                 static_cast<std::int32_t>(set.col_ids.size())});
  string_attribute(file.get(), "profile", set.profile);
  {
    Handle data(H5Gcreate2(file.get(), "data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                "create /data");
    for (const auto& [name, m] : set.tables) table(data.get(), name, m);
    Handle lookup(H5Gcreate2(file.get(), "lookup", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                  "create /lookup");
    if (set.row_ids == set.col_ids) {
      int_lookup(lookup.get(), "zone", set.row_ids.size(), -1);
      string_lookup(lookup.get(), "id", set.row_ids, -1);
      string_lookup(lookup.get(), "name", set.row_names, -1);
    } else {
      int_lookup(lookup.get(), "origin_zone", set.row_ids.size(), 0);
      string_lookup(lookup.get(), "origin_id", set.row_ids, 0);
      string_lookup(lookup.get(), "origin_name", set.row_names, 0);
      int_lookup(lookup.get(), "destination_zone", set.col_ids.size(), 1);
      string_lookup(lookup.get(), "destination_id", set.col_ids, 1);
      string_lookup(lookup.get(), "destination_name", set.col_names, 1);
    }
  }
  file.close("finish writing '" + path + "'");
}

void write_omx(const std::string& path, const analysis::OmxSet& set) {
  detail::write_atomically_with(path,
                                [&](const std::string& file) { detail::omx_to(file, path, set); });
}

}  // namespace reachplan::output
