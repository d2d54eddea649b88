// cairo's numbers written without glibc's printf: see cairo_numbers.c.
#ifndef CAIRO_NUMBERS_H
#define CAIRO_NUMBERS_H

#include <stdarg.h>
#include <stddef.h>

/// Writes `value` as printf's "%.<precision>f" would in the C locale, NUL-terminated, into
/// `out` (at least 64 bytes), and returns its length; or returns -1, writing nothing, for what
/// the fast path leaves to glibc (not finite, 2^63 or more, a precision outside 0…18).
int cairo_numbers_fixed(char *out, double value, int precision);

/// Writes into `out` (`size` bytes) what `snprintf(out, size, format, …)` writes for the formats
/// cairo 1.16's output stream uses ("%f", "%.18f", "%.*f", "%d", "%u", "%x", "%02x", "%0*x",
/// with l or ll), and returns the same length; -2 when the format is another, or the value one
/// the fast path leaves to glibc (the arguments are then left unread).
int cairo_numbers_vformat(char *out, size_t size, const char *format, va_list arguments);

/// How many of cairo's snprintf calls took the fast path since the process started.
long cairo_numbers_fast_calls(void);

/// How many zlib streams cairo opened at level 0 (stored, compressed by the finishing step)
/// since the process started: its font programs and images, while CAIRO_DEBUG_PDF is set.
long cairo_numbers_stored_streams(void);

#endif
