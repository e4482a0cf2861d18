// Internal: read-only access to the parts of a ZIP container held in memory, with a budget on the
// bytes it will ever inflate. The only file here that includes zip.h.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace baton::tabular {

class ZipArchive {
 public:
  // bytes must outlive the archive. budget bounds the uncompressed bytes of all Read calls
  // together, whatever the entries claim their sizes to be.
  static Result<std::unique_ptr<ZipArchive>> Open(std::string_view bytes, size_t budget);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  // Whether an entry has this name; part names are compared ignoring case.
  bool Has(std::string_view name) const;

  // Streams the entry's uncompressed bytes to sink in chunks; stops at the first sink error.
  using Sink = std::function<Status(std::string_view chunk)>;
  Status Read(std::string_view name, const Sink& sink);

 private:
  struct Handle;
  explicit ZipArchive(std::unique_ptr<Handle> handle, size_t budget);
  std::unique_ptr<Handle> handle_;
  size_t budget_left_;
  size_t budget_;
};

}  // namespace baton::tabular
