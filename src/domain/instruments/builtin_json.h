// The built-in instrument definitions as compiled into the binary: the text of
// src/domain/instruments/builtin.json, unchanged (see builtin_json.cc.in).
#pragma once

#include <string_view>

namespace baton {

std::string_view BuiltinInstrumentsJson();

}  // namespace baton
