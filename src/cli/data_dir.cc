#include "cli/data_dir.h"

#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace baton {
namespace fs = std::filesystem;
namespace {

constexpr const char* kConfigName = "config.json";

Status CheckStoreUrl(const std::string& url) {
  if (url.starts_with("sqlite:") || url.starts_with("postgres:")) return Status::Ok();
  return Status::Invalid("--store must be sqlite:PATH or postgres:CONNINFO, not '" + url + "'");
}

std::string Resolve(const fs::path& dir, const std::string& url) {
  if (!url.starts_with("sqlite:")) return url;
  fs::path file = url.substr(7);
  if (file.is_relative()) file = dir / file;
  return "sqlite:" + file.string();
}

}  // namespace

Result<DataDir> CreateDataDir(const fs::path& path, const std::string& store_url) {
  std::string url = store_url.empty() ? "sqlite:baton.db" : store_url;
  BATON_RETURN_IF_ERROR(CheckStoreUrl(url));
  std::error_code ec;
  if (fs::exists(path / kConfigName, ec)) {
    return Status::Conflict(path.string() + " already holds a Baton data directory");
  }
  fs::create_directories(path, ec);
  if (ec) return Status::Unavailable("cannot create " + path.string() + ": " + ec.message());
  ::chmod(path.c_str(), 0700);  // counselling data lives here: owner only
  nlohmann::json config = {{"format", kDataDirFormatVersion}, {"store", url}};
  fs::path tmp = path / (std::string(kConfigName) + ".tmp");
  {
    std::ofstream out(tmp);
    out << config.dump(2) << "\n";
    if (!out.good()) return Status::Unavailable("cannot write " + tmp.string());
  }
  ::chmod(tmp.c_str(), 0600);
  fs::rename(tmp, path / kConfigName, ec);
  if (ec) return Status::Unavailable("cannot write " + (path / kConfigName).string() + ": " + ec.message());
  return DataDir{fs::absolute(path), Resolve(fs::absolute(path), url)};
}

Result<DataDir> OpenDataDir(const fs::path& path, const std::string& store_override) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    return Status::NotFound("no data directory at " + path.string() + " (create one with 'baton init' or 'baton demo')");
  }
  std::ifstream in(path / kConfigName);
  if (!in) {
    return Status::NotFound(path.string() + " is not a Baton data directory (no " + kConfigName + ")");
  }
  std::stringstream text;
  text << in.rdbuf();
  auto config = nlohmann::json::parse(text.str(), nullptr, false);
  if (!config.is_object() || !config.contains("store") || !config["store"].is_string()) {
    return Status::Invalid((path / kConfigName).string() + " is not a valid Baton config");
  }
  if (config.value("format", 0) > kDataDirFormatVersion) {
    return Status::Invalid(path.string() + " was made by a newer Baton (format " +
                           std::to_string(config.value("format", 0)) + ")");
  }
  std::string url = store_override.empty() ? config["store"].get<std::string>() : store_override;
  BATON_RETURN_IF_ERROR(CheckStoreUrl(url));
  return DataDir{fs::absolute(path), Resolve(fs::absolute(path), url)};
}

Result<std::unique_ptr<Store>> OpenDataDirStore(const DataDir& dir) {
  return OpenStore(StoreOptions{.url = dir.store_url});
}

}  // namespace baton
