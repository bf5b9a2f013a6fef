#include "reachplan/output/matrix_shards.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "reachplan/core/error.hpp"
#include "reachplan/core/hash.hpp"
#include "reachplan/core/version.hpp"
#include "reachplan/io/input_file.hpp"
#include "reachplan/output/atomic_file.hpp"
#include "reachplan/output/point_matrix.hpp"
#include "table_format.hpp"

namespace reachplan::output {

namespace {

using nlohmann::json;

// What a manifest says it is, so that any other JSON file named shard.json is refused.
constexpr const char* manifest_format = "reachplan matrix shard";
constexpr int manifest_version = 1;
// The names inside a part folder.
constexpr const char* part_matrix_name = "matrix.csv";
constexpr const char* part_points_name = "points.csv";
// A manifest lists a few files; a larger one is not ours.
constexpr std::uint64_t max_manifest_bytes = 1 << 20;
// A part's CSV is read whole, as the unsharded matrix is written whole; this only keeps a
// file that is not a part from taking every byte of memory.
constexpr std::uint64_t max_part_bytes = 1ull << 40;

struct PartFile {
  std::string name;
  std::optional<double> percentile;
  std::string sha256;
};

// One part folder's manifest, as read back.
struct Part {
  std::string folder;
  std::string job;
  std::size_t shard = 0, shards = 0, first = 0, last = 0, origins = 0, destinations = 0;
  std::vector<PartFile> files;
  PartFile points;
};

std::string in_folder(const std::string& folder, const std::string& name) {
  return (std::filesystem::path(folder) / name).string();
}

json file_json(const PartFile& f) {
  json j{{"name", f.name}, {"sha256", f.sha256}};
  if (f.percentile) j["percentile"] = *f.percentile;
  return j;
}

// --- reading a manifest back ------------------------------------------------------------------

[[noreturn]] void bad_part(const Part& p, const std::string& why) {
  throw core::InputError(
      "'" + in_folder(p.folder, shard_manifest) +
      "' is not a matrix part written by `reachplan matrix --shard k/n`: " + why);
}

const json& typed_member(const Part& p, const json& j, const char* key, json::value_t type) {
  const auto it = j.find(key);
  if (it == j.end()) bad_part(p, std::string("it has no '") + key + "'");
  const bool ok = type == json::value_t::number_unsigned ? it->is_number_unsigned()
                  : type == json::value_t::number_float  ? it->is_number()
                                                         : it->type() == type;
  if (!ok) bad_part(p, std::string("'") + key + "' is " + it->dump() + ", of the wrong type");
  return *it;
}

std::size_t unsigned_member(const Part& p, const json& j, const char* key) {
  return typed_member(p, j, key, json::value_t::number_unsigned).get<std::size_t>();
}

std::string string_member(const Part& p, const json& j, const char* key) {
  return typed_member(p, j, key, json::value_t::string).get<std::string>();
}

PartFile part_file(const Part& p, const json& j) {
  if (!j.is_object()) bad_part(p, "a file entry is " + j.dump() + ", not an object");
  PartFile f{string_member(p, j, "name"), std::nullopt, string_member(p, j, "sha256")};
  // The name is joined to the folder: it must stay inside it.
  if (f.name.empty() || f.name.find('/') != std::string::npos || f.name[0] == '.')
    bad_part(p, "the file name '" + f.name + "' is not a plain name");
  if (j.contains("percentile"))
    f.percentile = typed_member(p, j, "percentile", json::value_t::number_float).get<double>();
  return f;
}

Part read_part(const std::string& folder) {
  Part p;
  p.folder = folder;
  struct stat st {};
  if (::stat(folder.c_str(), &st) != 0)
    throw core::InputError("cannot read the part folder '" + folder + "': " + std::strerror(errno));
  if (!S_ISDIR(st.st_mode))
    throw core::InputError("'" + folder +
                           "' is not a folder: give the folders `reachplan matrix --shard k/n -o "
                           "FOLDER` wrote");
  const std::string text =
      io::read_input_text(in_folder(folder, shard_manifest), max_manifest_bytes,
                          [](const std::string& why) -> void { throw core::InputError(why); });
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) bad_part(p, "it is not a JSON object");
  if (string_member(p, j, "format") != manifest_format)
    bad_part(p, "its format is not the shard's");
  if (unsigned_member(p, j, "format_version") != static_cast<std::size_t>(manifest_version))
    bad_part(p, "it is format version " + j["format_version"].dump() + "; this program reads " +
                    std::to_string(manifest_version));
  p.job = string_member(p, j, "job");
  p.shard = unsigned_member(p, j, "shard");
  p.shards = unsigned_member(p, j, "shards");
  const json& rows = typed_member(p, j, "origin_rows", json::value_t::object);
  p.first = unsigned_member(p, rows, "first");
  const std::size_t count = unsigned_member(p, rows, "count");
  p.origins = unsigned_member(p, j, "origins");
  p.destinations = unsigned_member(p, j, "destinations");
  p.last = count <= p.origins && p.first <= p.origins - count ? p.first + count : p.origins + 1;
  if (p.shard < 1 || p.shard > p.shards || p.last > p.origins)
    bad_part(p, "shard " + std::to_string(p.shard) + "/" + std::to_string(p.shards) + " of rows " +
                    std::to_string(p.first) + " to " + std::to_string(p.last) + " of " +
                    std::to_string(p.origins) + " does not add up");
  for (const json& f : typed_member(p, j, "files", json::value_t::array))
    p.files.push_back(part_file(p, f));
  if (p.files.empty()) bad_part(p, "it lists no matrix file");
  p.points = part_file(p, typed_member(p, j, "points", json::value_t::object));
  return p;
}

// --- checking the parts are one whole job -----------------------------------------------------

std::string shard_name(const Part& p) {
  return "shard " + std::to_string(p.shard) + "/" + std::to_string(p.shards);
}

// The parts in shard order, each shard once, all of one job, their rows tiling the matrix.
std::vector<Part> whole_job(std::vector<Part> parts) {
  const Part& one = parts.front();
  for (const Part& p : parts)
    if (p.job != one.job || p.shards != one.shards)
      throw core::InputError("'" + p.folder + "' (" + shard_name(p) + ") and '" + one.folder +
                             "' (" + shard_name(one) +
                             ") are parts of different matrix jobs (other inputs, settings, "
                             "shard count or program version): merge the parts of one job");
  std::sort(parts.begin(), parts.end(),
            [](const Part& a, const Part& b) { return a.shard < b.shard; });
  for (std::size_t i = 1; i < parts.size(); ++i)
    if (parts[i].shard == parts[i - 1].shard)
      throw core::InputError(shard_name(parts[i]) + " is given twice: '" + parts[i - 1].folder +
                             "' and '" + parts[i].folder + "'");
  if (parts.size() != one.shards) {
    std::string missing;
    std::size_t next = 0;
    for (std::size_t k = 1; k <= one.shards; ++k) {
      if (next < parts.size() && parts[next].shard == k) {
        ++next;
        continue;
      }
      missing += (missing.empty() ? "" : ", ") + std::to_string(k);
      if (missing.size() > 60) {
        missing += ", ...";
        break;
      }
    }
    throw core::InputError("the job has " + std::to_string(one.shards) + " shards and " +
                           std::to_string(parts.size()) + " are given; missing: " + missing);
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const Part& p = parts[i];
    const std::size_t expected_first = i == 0 ? 0 : parts[i - 1].last;
    bool same_files = p.files.size() == one.files.size();
    for (std::size_t f = 0; same_files && f < p.files.size(); ++f)
      same_files =
          p.files[f].name == one.files[f].name && p.files[f].percentile == one.files[f].percentile;
    if (p.first != expected_first || (i + 1 == parts.size() && p.last != p.origins) ||
        p.origins != one.origins || p.destinations != one.destinations || !same_files ||
        p.points.sha256 != one.points.sha256)
      bad_part(p, "it does not fit the other parts of its job");
  }
  return parts;
}

// A part's file, read whole and checked against the hash its manifest recorded.
std::string part_text(const Part& p, const PartFile& f) {
  const std::string path = in_folder(p.folder, f.name);
  std::string text = io::read_input_text(
      path, max_part_bytes, [](const std::string& why) -> void { throw core::InputError(why); });
  if (core::sha256_string(text) != f.sha256)
    throw core::InputError("'" + path + "' has changed since " + shard_name(p) +
                           " was written (its hash is not the one in " + shard_manifest +
                           "): compute that shard again");
  return text;
}

// The matrix file `index` of every part, joined: the first part's header and every part's rows.
std::string joined_file(const std::vector<Part>& parts, std::size_t index) {
  std::string whole, header;
  for (const Part& p : parts) {
    const PartFile& f = p.files[index];
    std::string text = part_text(p, f);
    const std::size_t eol = text.find('\n');
    if (eol == std::string::npos) bad_part(p, "'" + f.name + "' has no header line");
    if (&p == &parts.front()) {
      header = text.substr(0, eol + 1);
      whole = std::move(text);
      continue;
    }
    if (text.compare(0, eol + 1, header) != 0)
      throw core::InputError("'" + in_folder(p.folder, f.name) + "' has another header than '" +
                             in_folder(parts.front().folder, f.name) + "'");
    whole.append(text, eol + 1, std::string::npos);
  }
  return whole;
}

}  // namespace

std::vector<std::string> write_matrix_shard(const analysis::PointMatrix& m,
                                            const std::string& folder, bool long_form) {
  if (m.shards == 0) throw std::logic_error("write_matrix_shard: the matrix is not a shard");
  AtomicFileSet set;
  json files = json::array();
  for (MatrixFile& f : point_matrix_files(m, in_folder(folder, part_matrix_name), long_form)) {
    const PartFile entry{std::filesystem::path(f.path).filename().string(), f.percentile,
                         core::sha256_string(f.csv)};
    files.push_back(file_json(entry));
    detail::add_csv(set, f.path, f.csv);
  }
  const std::string points = matched_points_csv(m);
  detail::add_csv(set, in_folder(folder, part_points_name), points);
  const json manifest{
      {"format", manifest_format},
      {"format_version", manifest_version},
      {"program_version", core::version},
      {"job", m.job_key},
      {"shard", m.shard},
      {"shards", m.shards},
      {"origin_rows", {{"first", m.rows.first}, {"count", m.row_count()}}},
      {"origins", m.origins.rows.size()},
      {"destinations", m.destinations.rows.size()},
      {"files", files},
      {"points", file_json({part_points_name, std::nullopt, core::sha256_string(points)})}};
  set.add(in_folder(folder, shard_manifest), manifest.dump(2) + "\n");
  return set.commit();
}

MergedMatrix merge_matrix_shards(const std::vector<std::string>& folders, const std::string& path,
                                 const std::string& points_path) {
  if (folders.empty()) throw core::UsageError("merge: give the part folders to join");
  std::vector<Part> read;
  for (const std::string& f : folders) read.push_back(read_part(f));
  const std::vector<Part> parts = whole_job(std::move(read));

  AtomicFileSet set;
  for (std::size_t i = 0; i < parts.front().files.size(); ++i) {
    const auto& percentile = parts.front().files[i].percentile;
    // Wide transit matrices have one file per percentile, named as the unsharded run names
    // them beside `path`.
    detail::add_csv(set, percentile ? percentile_path(path, *percentile) : path,
                    joined_file(parts, i));
  }
  if (!points_path.empty())
    detail::add_csv(set, points_path, part_text(parts.front(), parts.front().points));
  MergedMatrix merged;
  merged.parts = parts.size();
  merged.origins = parts.front().origins;
  merged.destinations = parts.front().destinations;
  merged.written = set.commit();
  return merged;
}

}  // namespace reachplan::output
