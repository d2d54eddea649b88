// Brotli's encoder (Debian's libbrotli-dev): one-call compression of the web page's text
// answers for browsers that accept `br` (a fifth smaller than gzip on the département pages).
#include <brotli/encode.h>
