#include "tabular/zip_archive.h"

#include <zip.h>

#include <array>
#include <utility>

#include "tabular/table_builder.h"

namespace baton::tabular {
namespace {

Status Damaged(std::string_view what) {
  return Status::Invalid("the file is not a valid XLSX workbook: " + std::string(what));
}

struct ZipFileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

}  // namespace

struct ZipArchive::Handle {
  zip_t* zip = nullptr;
  ~Handle() {
    if (zip != nullptr) zip_discard(zip);
  }
};

Result<std::unique_ptr<ZipArchive>> ZipArchive::Open(std::string_view bytes, size_t budget) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return Damaged("it could not be opened");
  }
  auto handle = std::make_unique<Handle>();
  handle->zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (handle->zip == nullptr) {
    zip_source_free(source);
    zip_error_fini(&error);
    return Damaged("it is damaged or incomplete");
  }
  zip_error_fini(&error);
  return std::unique_ptr<ZipArchive>(new ZipArchive(std::move(handle), budget));
}

ZipArchive::ZipArchive(std::unique_ptr<Handle> handle, size_t budget)
    : handle_(std::move(handle)), budget_left_(budget), budget_(budget) {}

ZipArchive::~ZipArchive() = default;

bool ZipArchive::Has(std::string_view name) const {
  return zip_name_locate(handle_->zip, std::string(name).c_str(), ZIP_FL_NOCASE) >= 0;
}

Status ZipArchive::Read(std::string_view name, const Sink& sink) {
  zip_int64_t index = zip_name_locate(handle_->zip, std::string(name).c_str(), ZIP_FL_NOCASE);
  if (index < 0) return Damaged(Excerpt(name, 200) + " is missing");
  std::unique_ptr<zip_file_t, ZipFileCloser> file(
      zip_fopen_index(handle_->zip, static_cast<zip_uint64_t>(index), 0));
  if (file == nullptr) {
    zip_error_t* error = zip_get_error(handle_->zip);
    if (zip_error_code_zip(error) == ZIP_ER_NOPASSWD ||
        zip_error_code_zip(error) == ZIP_ER_WRONGPASSWD) {
      return Status::Invalid(
          "the workbook is protected with a password; remove the password and "
          "choose it again");
    }
    return Damaged(Excerpt(name, 200) + " cannot be read");
  }
  std::array<char, 64 * 1024> buffer;
  for (;;) {
    zip_int64_t got = zip_fread(file.get(), buffer.data(), buffer.size());
    if (got < 0) return Damaged(Excerpt(name, 200) + " is damaged");
    if (got == 0) return Status::Ok();
    auto size = static_cast<size_t>(got);
    if (size > budget_left_) {
      return Status::Invalid("the workbook is too large once uncompressed (more than " +
                             SizeText(budget_) + ")");
    }
    budget_left_ -= size;
    BATON_RETURN_IF_ERROR(sink(std::string_view(buffer.data(), size)));
  }
}

}  // namespace baton::tabular
