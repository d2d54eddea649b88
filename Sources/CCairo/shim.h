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

#endif
