// OpenSSL 3's libcrypto (Debian's libssl-dev): only the message digests are used.
#include <openssl/evp.h>
