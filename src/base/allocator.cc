// The memory allocator of Baton's programs (`baton`, the benchmarks; not the libraries, not the
// sanitizer builds, which bring their own): mimalloc from Debian, linked in place of glibc's malloc
// for the whole process, asked for large (2 MiB) pages.
//
// Why: on the 2-core virtual machines Baton is measured on, the kernel hands out fresh memory at
// about 3.7 s per GiB in 4 KiB pages (0.5–2.3 s in 2 MiB pages, 0.05 s to touch it again), and
// glibc's malloc gives freed memory back and asks for it again. A handover of 100,000 people builds
// and frees several GiB of JSON values: with mimalloc and large pages it took 79 s end to end
// instead of 94 s (docs/PERFORMANCE.md, Handover).
#include <mimalloc.h>

namespace {

// Runs with the program's static initialisers, before main and after mimalloc's own start: the
// segments it takes from the kernel from here on are large pages where the kernel can give them.
[[maybe_unused]] const bool kLargePages = [] {
  mi_option_enable(mi_option_large_os_pages);
  return true;
}();

}  // namespace
