#ifndef IXP_CZLIB_SHIM_H
#define IXP_CZLIB_SHIM_H

#include <zlib.h>

/// deflateInit2 is a macro Swift cannot call: a deflate stream that writes a gzip member
/// (window bits 15 + 16) at `level`.
static inline int czlib_deflate_init_gzip(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

/// A deflate stream that writes a zlib stream (RFC 1950: window bits 15, Adler-32 trailer) at
/// `level` with `strategy` (Z_DEFAULT_STRATEGY, Z_FIXED, ...).
static inline int czlib_deflate_init_zlib(z_stream *stream, int level, int strategy) {
    return deflateInit2(stream, level, Z_DEFLATED, 15, 8, strategy);
}

#endif
