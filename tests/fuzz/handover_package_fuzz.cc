// libFuzzer target: handover packages (docs/formats/handover.md), which anyone holding the
// receiver's public key can make. The first byte chooses what the rest is:
//   even: a whole package file, opened with the receiver's keys;
//   odd:  the content of a package, one line each, its first character naming the part
//         ('c' change set, 'r' snapshot record, 's' stand-in, 'k' record key), written into a real
//         package, signed and sealed, then opened and its history folded against its snapshot.
// Must never crash, leak or hang; what a package holds is refused with a message, or read.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/crypto.h"
#include "changes/handover_package.h"

namespace {

using namespace baton;

void Read(std::string_view bytes, const OrgSecretKeys& receiver) {
  (void)ReadPackageHeader(bytes);
  auto opened = OpenPackage(bytes, receiver);
  if (!opened.ok()) {
    (void)opened.status().ToString();
    return;
  }
  auto history = FoldPackageHistory(opened->content, {"person", "consent"});
  if (!history.ok()) (void)history.status().ToString();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static bool init = (crypto::Init(), true);
  (void)init;
  static const OrgSecretKeys sender = KeysFromSeed(std::string(32, 's'));
  static const OrgSecretKeys receiver = KeysFromSeed(std::string(32, 'r'));
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    Read(rest, receiver);
    return 0;
  }
  PackageContent content;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (line.size() < 2) continue;
    std::string body(line.substr(1));
    switch (line[0]) {
      case 'c': content.changes.push_back(std::move(body)); break;
      case 'r': content.records.push_back(std::move(body)); break;
      case 's': content.stubs.push_back(std::move(body)); break;
      case 'k': content.keys.push_back(std::move(body)); break;
      default: break;
    }
  }
  PackageHeader header{.package_id = "01900000-0000-7000-8000-000000000001",
                       .handover_id = "01900000-0000-7000-8000-000000000002",
                       .created_at = "2017-08-15T09:00:00.000Z",
                       .sender_organization_id = "01900000-0000-7000-8000-000000000003",
                       .sender_name = "IOM",
                       .sender_public_key = sender.public_key.text,
                       .recipient_organization_id = "01900000-0000-7000-8000-000000000004",
                       .recipient_name = "ALARM",
                       .recipient_public_key = receiver.public_key.text};
  SeededRandom random(1);
  Read(WritePackage(header, content, Json::object(), sender, receiver.public_key, random), receiver);
  return 0;
}
