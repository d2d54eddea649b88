// SQLite 3 (Debian's libsqlite3-dev), for the send journal of `fiche mail`.
#include <sqlite3.h>
