#include "tabular/xml_reader.h"

#include <expat.h>

#include <climits>
#include <cstring>
#include <utility>

#include "tabular/table_builder.h"

namespace baton::tabular {
namespace {

// Workbook parts nest about eight deep; anything far deeper is hostile.
constexpr int kMaxDepth = 64;
constexpr char kNamespaceSeparator = '\x01';

std::string_view LocalName(const char* name) {
  std::string_view full(name);
  size_t cut = full.rfind(kNamespaceSeparator);
  return cut == std::string_view::npos ? full : full.substr(cut + 1);
}

}  // namespace

std::string_view XmlAttributes::Get(std::string_view local_name) const {
  for (const char** a = raw_; a[0] != nullptr; a += 2) {
    if (LocalName(a[0]) == local_name) return a[1];
  }
  return {};
}

bool XmlAttributes::Has(std::string_view local_name) const {
  for (const char** a = raw_; a[0] != nullptr; a += 2) {
    if (LocalName(a[0]) == local_name) return true;
  }
  return false;
}

struct XmlParser::State {
  XML_Parser parser = nullptr;
  XmlHandler* handler = nullptr;
  std::string part;
  int depth = 0;
  Status failure;  // set by a callback that stopped the parser

  void Fail(Status status) {
    if (failure.ok()) failure = std::move(status);
    XML_StopParser(parser, XML_FALSE);
  }
  Status Invalid(const std::string& what) const {
    return Status::Invalid("the file is not a valid XLSX workbook: " + part + " " + what);
  }

  static void OnStart(void* data, const XML_Char* name, const XML_Char** attributes) {
    auto* self = static_cast<State*>(data);
    if (!self->failure.ok()) return;
    if (++self->depth > kMaxDepth) {
      self->Fail(self->Invalid("nests elements too deeply"));
      return;
    }
    Status status = self->handler->Start(LocalName(name), XmlAttributes(attributes));
    if (!status.ok()) self->Fail(std::move(status));
  }
  static void OnEnd(void* data, const XML_Char* name) {
    auto* self = static_cast<State*>(data);
    if (!self->failure.ok()) return;
    --self->depth;
    Status status = self->handler->End(LocalName(name));
    if (!status.ok()) self->Fail(std::move(status));
  }
  static void OnText(void* data, const XML_Char* text, int length) {
    auto* self = static_cast<State*>(data);
    if (!self->failure.ok()) return;
    Status status = self->handler->Text(std::string_view(text, static_cast<size_t>(length)));
    if (!status.ok()) self->Fail(std::move(status));
  }
  static void OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto* self = static_cast<State*>(data);
    self->Fail(self->Invalid("declares a document type, which workbooks never do"));
  }
  static void OnEntity(void* data, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                       const XML_Char*, const XML_Char*, const XML_Char*) {
    auto* self = static_cast<State*>(data);
    self->Fail(self->Invalid("defines an entity, which workbooks never do"));
  }

  Status Parse(const char* data, size_t size, bool final) {
    if (!failure.ok()) return failure;
    // Chunks come from a fixed-size buffer; this never splits one.
    if (size > static_cast<size_t>(INT_MAX)) return Invalid("is too large");
    XML_Status result =
        XML_Parse(parser, data, static_cast<int>(size), final ? XML_TRUE : XML_FALSE);
    if (!failure.ok()) return failure;
    if (result != XML_STATUS_OK) {
      return Invalid("is not well-formed XML (" +
                     std::string(XML_ErrorString(XML_GetErrorCode(parser))) + " at line " +
                     std::to_string(XML_GetCurrentLineNumber(parser)) + ")");
    }
    return Status::Ok();
  }
};

XmlParser::XmlParser(XmlHandler& handler, std::string part) : state_(std::make_unique<State>()) {
  state_->handler = &handler;
  state_->part = Excerpt(part, 200);
  state_->parser = XML_ParserCreateNS(nullptr, kNamespaceSeparator);
  if (state_->parser == nullptr) {
    state_->failure = Status::Internal("out of memory creating an XML parser");
    return;
  }
  XML_SetUserData(state_->parser, state_.get());
  XML_SetElementHandler(state_->parser, &State::OnStart, &State::OnEnd);
  XML_SetCharacterDataHandler(state_->parser, &State::OnText);
  XML_SetStartDoctypeDeclHandler(state_->parser, &State::OnDoctype);
  XML_SetEntityDeclHandler(state_->parser, &State::OnEntity);
  XML_SetParamEntityParsing(state_->parser, XML_PARAM_ENTITY_PARSING_NEVER);
}

XmlParser::~XmlParser() {
  if (state_->parser != nullptr) XML_ParserFree(state_->parser);
}

Status XmlParser::Feed(std::string_view chunk) {
  return state_->Parse(chunk.data(), chunk.size(), false);
}

Status XmlParser::Finish() { return state_->Parse(nullptr, 0, true); }

}  // namespace baton::tabular
