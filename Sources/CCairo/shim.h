// C headers of cairo (with its PDF surface), pango, pangocairo and fontconfig,
// imported into Swift as the module CCairo. Only Sources/Canvas uses this module.
#ifndef CCAIRO_SHIM_H
#define CCAIRO_SHIM_H

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>

/* A growing memory buffer that cairo's PDF surface writes into (cairo_write_func_t).
 * Written in C because cairo calls it for every few bytes it prints (one call per
 * operator when streams are left uncompressed): tens of thousands of calls a fiche,
 * where a Swift closure appending to an array cost several milliseconds. */
typedef struct {
    unsigned char *data;
    size_t length;
    size_t capacity;
} ccairo_memory_buffer;

static inline cairo_status_t ccairo_memory_buffer_write(void *closure, const unsigned char *data, unsigned int length) {
    ccairo_memory_buffer *buffer = (ccairo_memory_buffer *)closure;
    if (length > buffer->capacity - buffer->length) {
        size_t capacity = buffer->capacity ? buffer->capacity : 256 * 1024;
        while (length > capacity - buffer->length) {
            if (capacity > ((size_t)-1) / 2) return CAIRO_STATUS_NO_MEMORY;
            capacity *= 2;
        }
        unsigned char *grown = (unsigned char *)realloc(buffer->data, capacity);
        if (!grown) return CAIRO_STATUS_NO_MEMORY;
        buffer->data = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->length, data, length);
    buffer->length += length;
    return CAIRO_STATUS_SUCCESS;
}

#endif
