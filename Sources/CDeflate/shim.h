// libdeflate (Debian's libdeflate-dev): whole-buffer zlib compression and decompression,
// two to four times faster than zlib for the streams the PDF finishing step reads and writes.
#include <libdeflate.h>
