// Writing tables as CSV for spreadsheet programs (RFC 4180):
// - UTF-8 with a byte order mark, so that Excel reads Arabic and other non-Latin text rightly;
// - records end with CRLF; every row is written with exactly the cells it has;
// - a cell is quoted when it holds a comma, a quote, a line break or leading or trailing spaces,
//   quotes inside doubled;
// - a cell that a spreadsheet would run as a formula (it starts with '=', '+', '-', '@', a tab or a
//   carriage return and is not a number) gets a leading apostrophe, so that an answer typed in the
//   field cannot run on an analyst's machine (OWASP "CSV injection"). ReadCsv reads the rest back
//   unchanged.
#pragma once

#include <string>
#include <vector>

namespace baton {

std::string WriteCsv(const std::vector<std::vector<std::string>>& rows);

}  // namespace baton
