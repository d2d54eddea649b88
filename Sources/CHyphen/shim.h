// libhyphen (Debian's libhyphen-dev, no pkg-config file): the hyphenation pattern engine,
// imported into Swift as the module CHyphen. Only Sources/Fiche uses it.
#ifndef CHYPHEN_SHIM_H
#define CHYPHEN_SHIM_H
#include <hyphen.h>
#endif
