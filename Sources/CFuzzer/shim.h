#include <stddef.h>
#include <stdint.h>
// libFuzzer's driver (compiler-rt), for a binary whose main is its own: quiddler-fuzz is a
// SwiftPM executable, whose entry point SwiftPM names, so it hands over to libFuzzer from there.
// Only referenced in the -D FUZZING build, which links libFuzzer (-sanitize=fuzzer).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
