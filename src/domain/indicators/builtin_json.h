// The built-in indicator definitions as compiled into the binary: the text of
// src/domain/indicators/builtin.json, unchanged (see builtin_json.cc.in).
#pragma once

#include <string_view>

namespace baton {

std::string_view BuiltinIndicatorsJson();

}  // namespace baton
