#include "cli/data_dir.h"

#include <sys/stat.h>

#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/clock.h"
#include "base/crypto.h"
#include "domain/dates.h"

namespace baton {
namespace fs = std::filesystem;
namespace {

constexpr const char* kConfigName = "config.json";
constexpr const char* kKeyFileName = "data.key";

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

Status WritePrivate(const fs::path& file, const std::string& text) {
  fs::path tmp = file;
  tmp += ".tmp";
  {
    std::ofstream out(tmp);
    out << text;
    if (!out.good()) return Status::Unavailable("cannot write " + tmp.string());
  }
  ::chmod(tmp.c_str(), 0600);
  std::error_code ec;
  fs::rename(tmp, file, ec);
  if (ec) return Status::Unavailable("cannot write " + file.string() + ": " + ec.message());
  return Status::Ok();
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  SystemRandom::Instance().Fill({reinterpret_cast<uint8_t*>(out.data()), out.size()});
  return out;
}

std::string B64(const std::string& raw) {
  return crypto::Base64Url({reinterpret_cast<const uint8_t*>(raw.data()), raw.size()});
}

// Makes the key file (never overwriting one) and returns the config's "data_key" entry.
Result<nlohmann::json> NewKeyFile(const fs::path& dir, std::string& key) {
  const fs::path file = dir / kKeyFileName;
  std::error_code ec;
  if (fs::exists(file, ec)) return Status::Conflict(file.string() + " already exists; it is not replaced");
  key = RandomBytes(crypto::kKeyBytes);
  BATON_RETURN_IF_ERROR(WritePrivate(file, B64(key) + "\n"));
  return nlohmann::json{{"source", "file"}, {"file", kKeyFileName}};
}

Result<std::string> ReadKeyFile(const fs::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    return Status::NotFound("the data key " + file.string() +
                            " is missing: without it no person's data can be read (restore it from the backup "
                            "kept with this data directory)");
  }
  if ((st.st_mode & 077) != 0) {
    return Status::Invalid(file.string() + " must be readable by its owner only (chmod 600 " + file.string() + ")");
  }
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  auto key = crypto::FromBase64Url(line);
  if (!key.ok() || key->size() != crypto::kKeyBytes) return Status::Invalid(file.string() + " is not a Baton data key");
  return *key;
}

Result<std::string> KeyFromConfig(const fs::path& dir, const nlohmann::json& entry, const std::string& passphrase) {
  const std::string source = entry.value("source", "");
  if (source == "file") return ReadKeyFile(dir / entry.value("file", kKeyFileName));
  if (source == "passphrase") {
    if (passphrase.empty()) {
      return Status::Invalid("the data key of " + dir.string() + " comes from a passphrase: give it with --passphrase-file FILE");
    }
    auto salt = crypto::FromBase64Url(entry.value("salt", ""));
    if (!salt.ok()) return Status::Invalid((dir / kConfigName).string() + " has a malformed key salt");
    return crypto::KeyFromPassphrase(passphrase, *salt);
  }
  return Status::Invalid((dir / kConfigName).string() + " names an unknown data key source '" + source + "'");
}

}  // namespace

Result<std::string> ReadPassphraseFile(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) return Status::NotFound("cannot read the passphrase file " + file.string());
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.size() < 12) return Status::Invalid("the passphrase in " + file.string() + " must be at least 12 characters");
  return line;
}

namespace {

// This machine's offset from UTC now (its time zone, daylight saving included).
int LocalUtcOffsetMinutes() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  if (::localtime_r(&now, &local) == nullptr) return 0;
  return static_cast<int>(local.tm_gmtoff / 60);
}

Result<int> UtcOffsetOf(const std::string& text, const std::string& where) {
  auto minutes = ParseUtcOffset(text);
  if (!minutes) return Status::Invalid(where + ": utc_offset \"" + text + "\" is not an offset such as +02:00");
  return *minutes;
}

}  // namespace

Result<DataDir> CreateDataDir(const fs::path& path, const std::string& store_url, const std::string& passphrase,
                              const std::string& utc_offset) {
  std::string url = store_url.empty() ? "sqlite:baton.db" : store_url;
  BATON_RETURN_IF_ERROR(CheckStoreUrl(url));
  int offset = LocalUtcOffsetMinutes();
  if (!utc_offset.empty()) {
    BATON_ASSIGN_OR_RETURN(offset, UtcOffsetOf(utc_offset, "--utc-offset"));
  }
  std::error_code ec;
  if (fs::exists(path / kConfigName, ec)) {
    return Status::Conflict(path.string() + " already holds a Baton data directory");
  }
  fs::create_directories(path, ec);
  if (ec) return Status::Unavailable("cannot create " + path.string() + ": " + ec.message());
  ::chmod(path.c_str(), 0700);  // counselling data lives here: owner only
  nlohmann::json config = {{"format", kDataDirFormatVersion}, {"store", url}, {"utc_offset", FormatUtcOffset(offset)}};
  std::string key;
  if (!passphrase.empty()) {
    config["data_key"] = {{"source", "passphrase"}, {"salt", B64(RandomBytes(16))}};
    BATON_ASSIGN_OR_RETURN(key, KeyFromConfig(path, config["data_key"], passphrase));
  } else {
    BATON_ASSIGN_OR_RETURN(config["data_key"], NewKeyFile(path, key));
  }
  BATON_RETURN_IF_ERROR(WritePrivate(path / kConfigName, config.dump(2) + "\n"));
  return DataDir{fs::absolute(path), Resolve(fs::absolute(path), url), std::move(key), offset};
}

Result<DataDir> OpenDataDir(const fs::path& path, const std::string& store_override, const std::string& passphrase) {
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
  int offset = 0;  // directories made before the setting existed kept dates in UTC
  if (config.contains("utc_offset")) {
    if (!config["utc_offset"].is_string()) {
      return Status::Invalid((path / kConfigName).string() + ": utc_offset must be a string such as \"+02:00\"");
    }
    BATON_ASSIGN_OR_RETURN(offset, UtcOffsetOf(config["utc_offset"].get<std::string>(), (path / kConfigName).string()));
  }
  std::string key;
  if (!config.contains("data_key") || !config["data_key"].is_object()) {
    BATON_ASSIGN_OR_RETURN(config["data_key"], NewKeyFile(path, key));
    BATON_RETURN_IF_ERROR(WritePrivate(path / kConfigName, config.dump(2) + "\n"));
  } else {
    BATON_ASSIGN_OR_RETURN(key, KeyFromConfig(path, config["data_key"], passphrase));
  }
  return DataDir{fs::absolute(path), Resolve(fs::absolute(path), url), std::move(key), offset};
}

Result<std::unique_ptr<Store>> OpenDataDirStore(const DataDir& dir, bool bulk_load) {
  return OpenStore(StoreOptions{.url = dir.store_url, .bulk_load = bulk_load});
}

}  // namespace baton
