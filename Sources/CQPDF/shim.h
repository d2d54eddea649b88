// qpdf's C API (Debian's libqpdf-dev): reading, editing and writing PDF objects;
// zlib (zlib1g-dev) to compress the streams the finishing step writes.
#include <qpdf/qpdf-c.h>
#include <zlib.h>
