// libcurl, loaded when first needed. `fiche` sends mail in one command of many: linking
// libcurl would load it, and the 25 libraries it pulls in (TLS, Kerberos, LDAP, SSH…), in
// every process, which costs each start about 6 ms (`fiche inspect` is a 0.07 s command).
// So the library is opened with dlopen by the first transport made, and its functions are
// called through the table `ccurl_load` returns, which every wrapper below takes first; a
// machine without libcurl says so when mail is sent.
//
// Swift cannot call the variadic curl_easy_setopt either: the small typed
// wrappers give it one entry point per argument type, and name the options Mailing uses.
#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

/// The libcurl functions Mailing calls.
struct ccurl_functions {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_perform)(CURL *handle);
    void (*easy_cleanup)(CURL *handle);
    const char *(*easy_strerror)(CURLcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *text);
    void (*slist_free_all)(struct curl_slist *list);
};

/// What loading libcurl gave: its functions, or why it failed.
struct ccurl_library {
    struct ccurl_functions api;
    /// 1 once loaded and initialised, -1 when that failed (`failure` says why).
    int state;
    char failure[512];
    pthread_once_t once;
};

/// The record of the compiled file that includes this header (a static in a header's function:
/// Swift emits a header's functions, not its global variables). Each file calling `ccurl_load`
/// has its own record, filled once: keep those calls in one file (`CurlSMTPTransport.swift`),
/// so that libcurl's `curl_global_init` runs once per process.
static inline struct ccurl_library *ccurl_library(void) {
    static struct ccurl_library library = {.once = PTHREAD_ONCE_INIT};
    return &library;
}

static void ccurl_load_once(void) {
    struct ccurl_library *lib = ccurl_library();
    // Debian's libcurl4 (the runtime of libcurl4-openssl-dev, which the build uses).
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(lib->failure, sizeof lib->failure, "%s", dlerror());
        lib->state = -1;
        return;
    }
    struct { void **field; const char *name; } symbols[] = {
        {(void **)&lib->api.global_init, "curl_global_init"}, {(void **)&lib->api.easy_init, "curl_easy_init"},
        {(void **)&lib->api.easy_setopt, "curl_easy_setopt"},
        {(void **)&lib->api.easy_perform, "curl_easy_perform"}, {(void **)&lib->api.easy_cleanup, "curl_easy_cleanup"},
        {(void **)&lib->api.easy_strerror, "curl_easy_strerror"}, {(void **)&lib->api.slist_append, "curl_slist_append"},
        {(void **)&lib->api.slist_free_all, "curl_slist_free_all"},
    };
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
        *symbols[i].field = dlsym(library, symbols[i].name);
        if (!*symbols[i].field) {
            snprintf(lib->failure, sizeof lib->failure, "libcurl.so.4 has no %s", symbols[i].name);
            lib->state = -1;
            return;
        }
    }
    CURLcode code = lib->api.global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) {
        snprintf(lib->failure, sizeof lib->failure, "curl_global_init failed: %s", lib->api.easy_strerror(code));
        lib->state = -1;
        return;
    }
    lib->state = 1;
}

/// Loads and initialises libcurl (once) and returns its functions, which every wrapper below
/// takes first; NULL when it cannot be used (`ccurl_load_failure` says why).
static inline const struct ccurl_functions *ccurl_load(void) {
    struct ccurl_library *lib = ccurl_library();
    pthread_once(&lib->once, ccurl_load_once);
    return lib->state == 1 ? &lib->api : NULL;
}

/// Why libcurl could not be loaded.
static inline const char *ccurl_load_failure(void) { return ccurl_library()->failure; }

/// A read (upload) or write callback: fread-like.
typedef size_t (*ccurl_io_callback)(char *buffer, size_t size, size_t count, void *userdata);
/// A debug callback: receives the protocol transcript when CURLOPT_VERBOSE is on.
typedef int (*ccurl_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size, void *userdata);

static inline CURL *ccurl_easy_init(const struct ccurl_functions *curl) { return curl->easy_init(); }
static inline CURLcode ccurl_easy_perform(const struct ccurl_functions *curl, CURL *handle) { return curl->easy_perform(handle); }
static inline void ccurl_easy_cleanup(const struct ccurl_functions *curl, CURL *handle) { curl->easy_cleanup(handle); }
static inline const char *ccurl_easy_strerror(const struct ccurl_functions *curl, CURLcode code) { return curl->easy_strerror(code); }
static inline struct curl_slist *ccurl_slist_append(const struct ccurl_functions *curl, struct curl_slist *list,
                                                     const char *text) {
    return curl->slist_append(list, text);
}
static inline void ccurl_slist_free_all(const struct ccurl_functions *curl, struct curl_slist *list) { curl->slist_free_all(list); }

static inline CURLcode ccurl_setopt_long(const struct ccurl_functions *curl, CURL *handle, CURLoption option, long value) {
    return curl->easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_string(const struct ccurl_functions *curl, CURL *handle, CURLoption option, const char *value) {
    return curl->easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_pointer(const struct ccurl_functions *curl, CURL *handle, CURLoption option, void *value) {
    return curl->easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_slist(const struct ccurl_functions *curl, CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl->easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_read_function(const struct ccurl_functions *curl, CURL *handle, ccurl_io_callback callback) {
    return curl->easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

static inline CURLcode ccurl_setopt_debug_function(const struct ccurl_functions *curl, CURL *handle, ccurl_debug_callback callback) {
    return curl->easy_setopt(handle, CURLOPT_DEBUGFUNCTION, callback);
}

/// Lets an SMTP transfer go on when some (not all) recipients are refused.
/// curl 7.69–8.1 spells the option CURLOPT_MAIL_RCPT_ALLLOWFAILS (three Ls), later ones
/// CURLOPT_MAIL_RCPT_ALLOWFAILS; both are option number 290.
static inline CURLcode ccurl_setopt_mail_rcpt_allowfails(const struct ccurl_functions *curl, CURL *handle, long value) {
    return curl->easy_setopt(handle, (CURLoption)(CURLOPTTYPE_LONG + 290), value);
}

#endif
