#ifndef C_ARGUS_CRC32C_H
#define C_ARGUS_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has a CRC-32C instruction that
/// `c_argus_crc32c_update` can use (SSE 4.2 on x86-64).
int c_argus_crc32c_hardware_available(void);

/// Advances a CRC-32C register (already inverted, as the caller keeps it)
/// over `count` bytes with the CPU's CRC-32C instruction. Call only when
/// `c_argus_crc32c_hardware_available` returned non-zero.
uint32_t c_argus_crc32c_update(uint32_t crc, const uint8_t *bytes, size_t count);

#endif
