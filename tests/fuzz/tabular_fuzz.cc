// libFuzzer target: a spreadsheet a user uploads, CSV or XLSX, through ReadTable. Must never crash,
// leak, hang or grow without bound; errors are the expected answer. A table that is read must keep
// the shape table.h promises, and all its text and every message must be valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tabular/table.h"
#include "tabular/table_builder.h"

namespace {

void CheckUtf8(std::string_view text) {
  if (baton::tabular::FindInvalidUtf8(text) != std::string_view::npos) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // Smaller than the defaults so that the limits themselves are reached and checked.
  baton::TableLimits limits;
  limits.max_bytes = 1 << 20;
  limits.max_rows = 10'000;
  limits.max_columns = 64;
  limits.max_cell = 1'000;
  auto table = baton::ReadTable(bytes, limits);
  if (!table.ok()) {
    if (table.status().code() != baton::Code::kInvalid) __builtin_trap();
    CheckUtf8(table.status().message());
    return 0;
  }
  if (table->header.empty() || table->header.size() > limits.max_columns ||
      table->rows.size() != table->lines.size() || table->rows.size() > limits.max_rows) {
    __builtin_trap();
  }
  for (const auto& cell : table->header) CheckUtf8(cell);
  for (const auto& row : table->rows) {
    if (row.size() != table->header.size()) __builtin_trap();
    for (const auto& cell : row) {
      CheckUtf8(cell);
      if (cell.size() > 4 * limits.max_cell) __builtin_trap();
    }
  }
  return 0;
}
