// qpdf's C API (Debian's libqpdf-dev): reading, editing and writing PDF objects.
#include <qpdf/qpdf-c.h>
