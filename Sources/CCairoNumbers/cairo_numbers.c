// cairo's numbers written without glibc's printf.
//
// cairo 1.16 writes every number of a PDF content stream (about 24 000 a fiche: coordinates,
// colours, text matrices, glyph codes, object numbers) through snprintf: "%f" for a number of
// 0.1 or more, "%.18f" then "%.*f" below (so each 0 of a matrix), "%d" or "%0*x" for integers.
// glibc's printf goes through its generic machinery and multi-precision arithmetic for each,
// about a tenth of a fiche's rendering time. cairo offers no hook for it.
//
// So this file defines `__snprintf_chk`, the fortified snprintf Debian's cairo calls: the
// executable's definition comes first in the dynamic linker's search, so cairo's calls arrive
// here. A call from any other code than cairo's, or with any other format, goes to glibc's
// `__vsnprintf_chk` unchanged; cairo's formats are written here exactly as glibc writes them
// (correctly rounded, ties to even; a locale whose point is not "." is left to glibc; a test
// compares both on 700 000 values), with integer arithmetic only.
#define _GNU_SOURCE
#include "cairo_numbers.h"

#include <dlfcn.h>
#include <link.h>
#include <stdlib.h>
#include <langinfo.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

extern int __vsnprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, va_list ap);

static const uint64_t powers_of_ten[19] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
    1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
    1000000000000000000ULL,
};

/// Writes the decimal digits of `n` at `out`, returns how many.
static int write_unsigned(char *out, uint64_t n) {
    char digits[20];
    int count = 0;
    do {
        digits[count++] = (char)('0' + n % 10);
        n /= 10;
    } while (n != 0);
    for (int k = 0; k < count; k++) out[k] = digits[count - 1 - k];
    return count;
}

/// `value` × 10^precision rounded to the nearest integer, ties to even, computed exactly:
/// value = mantissa × 2^exponent, and mantissa × 10^precision < 2^113 fits in 128 bits.
/// Returns 0 (false) for |value| ≥ 2^63, left to glibc.
static int scaled_and_rounded(double value, int precision, unsigned __int128 *result) {
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    int biased = (int)((bits >> 52) & 0x7FF);
    uint64_t mantissa = bits & ((1ULL << 52) - 1);
    int exponent;
    if (biased == 0) {
        exponent = -1074;
    } else {
        mantissa |= 1ULL << 52;
        exponent = biased - 1075;
    }
    if (exponent > 10) return 0;
    unsigned __int128 numerator = (unsigned __int128)mantissa * powers_of_ten[precision];
    if (exponent >= 0) {
        *result = numerator << exponent;
        return 1;
    }
    int shift = -exponent;
    // numerator < 2^113: past that shift it is below half a unit and rounds to 0.
    if (shift > 114) {
        *result = 0;
        return 1;
    }
    unsigned __int128 quotient = numerator >> shift;
    unsigned __int128 remainder = numerator - (quotient << shift);
    unsigned __int128 half = (unsigned __int128)1 << (shift - 1);
    if (remainder > half || (remainder == half && (quotient & 1))) quotient += 1;
    *result = quotient;
    return 1;
}

/// Whether the current locale writes the decimal point as ".", as the fast path does.
static int locale_point_is_dot(void) {
    const char *point = nl_langinfo(RADIXCHAR);
    return point[0] == '.' && point[1] == 0;
}

int cairo_numbers_fixed(char *out, double value, int precision) {
    if (precision < 0 || precision > 18 || !isfinite(value) || !locale_point_is_dot()) return -1;
    unsigned __int128 scaled;
    if (!scaled_and_rounded(value, precision, &scaled)) return -1;
    uint64_t unit = powers_of_ten[precision];
    uint64_t whole, fraction;
    if ((scaled >> 64) == 0) {
        whole = (uint64_t)scaled / unit;
        fraction = (uint64_t)scaled - whole * unit;
    } else {
        unsigned __int128 w = scaled / unit;
        whole = (uint64_t)w;
        fraction = (uint64_t)(scaled - w * unit);
    }
    int length = 0;
    // glibc keeps the sign of a negative number that rounds to zero, and of -0.
    if (signbit(value)) out[length++] = '-';
    length += write_unsigned(out + length, whole);
    if (precision > 0) {
        out[length++] = '.';
        for (int k = precision - 1; k >= 0; k--) {
            out[length + k] = (char)('0' + fraction % 10);
            fraction /= 10;
        }
        length += precision;
    }
    out[length] = 0;
    return length;
}

/// What a conversion asks for, read from the format before any argument is.
struct conversion {
    char kind;          // 'f', 'd', 'u', 'x', 'X'
    int zero_padded;
    int width;          // -1: from the arguments ('*'); 0: none
    int precision;      // -1: from the arguments ('*'); 'f' only
    int long_count;     // 0, 1 (l) or 2 (ll)
};

/// Reads a format of the one conversion cairo writes; 0 (false) for any other format.
static int read_conversion(const char *f, struct conversion *c) {
    memset(c, 0, sizeof *c);
    if (*f++ != '%') return 0;
    if (*f == '0') { c->zero_padded = 1; f++; }
    if (*f == '*') { c->width = -1; f++; }
    else while (*f >= '0' && *f <= '9') { c->width = c->width * 10 + (*f++ - '0'); if (c->width > 40) return 0; }
    if (*f == '.') {
        f++;
        if (*f == '*') { c->precision = -1; f++; }
        else {
            if (!(*f >= '0' && *f <= '9')) return 0;
            while (*f >= '0' && *f <= '9') { c->precision = c->precision * 10 + (*f++ - '0'); if (c->precision > 18) return 0; }
        }
        if (*f != 'f') return 0;
    } else {
        c->precision = 6;
    }
    while (*f == 'l' && c->long_count < 2) { c->long_count++; f++; }
    c->kind = *f++;
    if (*f != 0) return 0;
    switch (c->kind) {
    case 'f': return c->long_count == 0 && c->width == 0 && !c->zero_padded;
    case 'd': case 'u': case 'x': case 'X': return 1;
    default: return 0;
    }
}

/// Writes an integer conversion into `out` (at least 64 bytes); -1 when left to glibc.
static int format_integer(char *out, const struct conversion *c, int width, int negative, uint64_t magnitude) {
    if (width < 0 || width > 40) return -1;
    char digits[24];
    int count = 0;
    if (c->kind == 'x' || c->kind == 'X') {
        const char *hex = c->kind == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
        do { digits[count++] = hex[magnitude & 15]; magnitude >>= 4; } while (magnitude != 0);
    } else {
        do { digits[count++] = (char)('0' + magnitude % 10); magnitude /= 10; } while (magnitude != 0);
    }
    int length = 0;
    int body = count + negative;
    if (!c->zero_padded) while (length < width - body) out[length++] = ' ';
    if (negative) out[length++] = '-';
    if (c->zero_padded) for (int k = body; k < width; k++) out[length++] = '0';
    for (int k = count - 1; k >= 0; k--) out[length++] = digits[k];
    out[length] = 0;
    return length;
}

/// Reads the arguments of conversion `c` and writes it into `out` (64 bytes); -1 when left to glibc.
static int format_conversion(char *out, const struct conversion *c, va_list arguments) {
    int width = c->width == -1 ? va_arg(arguments, int) : c->width;
    if (c->kind == 'f') {
        int precision = c->precision == -1 ? va_arg(arguments, int) : c->precision;
        return cairo_numbers_fixed(out, va_arg(arguments, double), precision);
    }
    int negative = 0;
    uint64_t magnitude;
    if (c->kind == 'd') {
        long long v = c->long_count == 2 ? va_arg(arguments, long long)
                    : c->long_count == 1 ? va_arg(arguments, long) : va_arg(arguments, int);
        negative = v < 0;
        magnitude = negative ? 0 - (uint64_t)v : (uint64_t)v;
    } else {
        magnitude = c->long_count == 2 ? va_arg(arguments, unsigned long long)
                  : c->long_count == 1 ? va_arg(arguments, unsigned long) : va_arg(arguments, unsigned int);
    }
    return format_integer(out, c, width, negative, magnitude);
}

int cairo_numbers_vformat(char *out, size_t size, const char *format, va_list arguments) {
    struct conversion c;
    if (!read_conversion(format, &c)) return -2;
    char text[64];
    va_list copy;
    va_copy(copy, arguments);
    int length = format_conversion(text, &c, copy);
    va_end(copy);
    if (length < 0) return -2;
    if (size > 0) {
        size_t kept = (size_t)length < size ? (size_t)length : size - 1;
        memcpy(out, text, kept);
        out[kept] = 0;
    }
    return length;
}

// cairo's code: the executable segment of the loaded libcairo, looked for until found (libcairo
// is a dependency of the executable, loaded before any code runs; were it opened later, calls
// before that would only take glibc's path).
static uintptr_t cairo_code_start, cairo_code_end;
static int cairo_code_found;

static int find_cairo_code(struct dl_phdr_info *info, size_t size, void *unused) {
    (void)size; (void)unused;
    if (info->dlpi_name == NULL || strstr(info->dlpi_name, "/libcairo.so") == NULL) return 0;
    for (int k = 0; k < info->dlpi_phnum; k++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[k];
        if (segment->p_type == PT_LOAD && (segment->p_flags & PF_X)) {
            uintptr_t start = info->dlpi_addr + segment->p_vaddr;
            __atomic_store_n(&cairo_code_start, start, __ATOMIC_RELAXED);
            __atomic_store_n(&cairo_code_end, start + segment->p_memsz, __ATOMIC_RELAXED);
            return 1;
        }
    }
    return 0;
}

static int is_cairo_code(const void *address) {
    if (!__atomic_load_n(&cairo_code_found, __ATOMIC_ACQUIRE)) {
        // Threads racing here find and store the same range; the flag is set after it.
        if (!dl_iterate_phdr(find_cairo_code, NULL)) return 0;
        __atomic_store_n(&cairo_code_found, 1, __ATOMIC_RELEASE);
    }
    uintptr_t a = (uintptr_t)address;
    return a >= __atomic_load_n(&cairo_code_start, __ATOMIC_RELAXED) && a < __atomic_load_n(&cairo_code_end, __ATOMIC_RELAXED);
}

static long fast_calls;

long cairo_numbers_fast_calls(void) { return __atomic_load_n(&fast_calls, __ATOMIC_RELAXED); }

int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    int length = -2;
    // glibc's own checks (a buffer smaller than it says) stay glibc's.
    if (maxlen <= slen && is_cairo_code(__builtin_return_address(0))) {
        length = cairo_numbers_vformat(s, maxlen, format, arguments);
        if (length >= 0) __atomic_fetch_add(&fast_calls, 1, __ATOMIC_RELAXED);
    }
    if (length < 0) length = __vsnprintf_chk(s, maxlen, flag, slen, format, arguments);
    va_end(arguments);
    return length;
}

// cairo's font programs (and images) left uncompressed.
//
// cairo compresses the font subsets it embeds (and images, soft masks) with zlib at its default
// level even when its CAIRO_DEBUG_PDF switch leaves the page contents uncompressed (see
// PDFDocument). The finishing step decompresses the font programs anyway (to merge a face's two
// subsets) and compresses what it writes with libdeflate: cairo's compression was thrown away,
// about 2.5 % of a bulk run. So, while that switch is set (this process's PDFs are all finished:
// `PDFFinisher.finish` for a fiche, `PDFFinisher.compressStreams` for the chart sheet), a zlib
// stream opened by cairo (cairo-deflate-stream.c, its only zlib user) is opened at level 0: its
// blocks are stored as they are, still a valid /FlateDecode stream, and the finishing step
// compresses every stream it finds stored (`PDFRewriter.compressPlainStreams`). libpng's calls
// (deflateInit2_, from libpng's code) are not concerned. zlib.h is not needed: the prototype is
// zlib's ABI.
typedef int (*deflate_init_function)(void *stream, int level, const char *version, int stream_size);

static long stored_streams;

long cairo_numbers_stored_streams(void) { return __atomic_load_n(&stored_streams, __ATOMIC_RELAXED); }

int deflateInit_(void *stream, int level, const char *version, int stream_size) {
    static deflate_init_function zlib_deflate_init;
    deflate_init_function next = __atomic_load_n(&zlib_deflate_init, __ATOMIC_ACQUIRE);
    if (next == NULL) {
        // Threads racing here find and store the same address.
        next = (deflate_init_function)dlsym(RTLD_NEXT, "deflateInit_");
        if (next == NULL) return -6; // Z_VERSION_ERROR: no zlib loaded, nothing to call.
        __atomic_store_n(&zlib_deflate_init, next, __ATOMIC_RELEASE);
    }
    if (is_cairo_code(__builtin_return_address(0)) && getenv("CAIRO_DEBUG_PDF") != NULL) {
        level = 0;
        __atomic_fetch_add(&stored_streams, 1, __ATOMIC_RELAXED);
    }
    return next(stream, level, version, stream_size);
}
