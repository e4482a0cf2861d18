// Internal: streaming XML for the parts of a workbook. Elements and attributes are seen by their
// local names (namespace prefixes differ between producers). A document type declaration — the
// only place entities can be defined — is refused, and nesting is bounded. The only file here that
// includes expat.h.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace baton::tabular {

// The attributes of one start tag.
class XmlAttributes {
 public:
  explicit XmlAttributes(const char** raw) : raw_(raw) {}
  // The value of the first attribute with this local name, or "" when there is none.
  std::string_view Get(std::string_view local_name) const;
  bool Has(std::string_view local_name) const;

 private:
  const char** raw_;
};

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual Status Start(std::string_view name, const XmlAttributes& attributes) = 0;
  virtual Status End(std::string_view name) = 0;
  // Character data, possibly split over several calls.
  virtual Status Text(std::string_view text) = 0;
};

class XmlParser {
 public:
  // part names the document in messages, e.g. "xl/workbook.xml".
  XmlParser(XmlHandler& handler, std::string part);
  ~XmlParser();
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;

  Status Feed(std::string_view chunk);
  // Ends the document; an error when it is incomplete.
  Status Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace baton::tabular
