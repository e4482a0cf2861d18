// Internal: spreadsheet dates — which number formats show dates or times, and serial numbers to
// ISO 8601 text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace baton::tabular {

enum class DateKind { kNone, kDate, kDateTime, kTime };

// What a number format shows. code is the format's text when the workbook defines one for id
// (custom formats, or built-in ids redefined); empty for built-in ids, which are judged by id.
DateKind ClassifyNumberFormat(int id, std::string_view code);

// "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" or "HH:MM:SS" for a serial number, or nullopt when the serial
// is not a date Excel can show (before 1900-01-01 / 1904-01-01, after 9999-12-31, or not finite).
// In the 1900 system serial 60 is Excel's fictitious 1900-02-29, shown as such.
std::optional<std::string> SerialToText(double serial, DateKind kind, bool date1904);

}  // namespace baton::tabular
