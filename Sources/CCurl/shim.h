// Swift cannot call the variadic curl_easy_setopt / curl_easy_getinfo: these small typed
// wrappers give it one entry point per argument type, and name the options Mailing uses.
#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H

#include <curl/curl.h>

/// A read (upload) or write callback: fread-like.
typedef size_t (*ccurl_io_callback)(char *buffer, size_t size, size_t count, void *userdata);
/// A debug callback: receives the protocol transcript when CURLOPT_VERBOSE is on.
typedef int (*ccurl_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size, void *userdata);

static inline CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_read_function(CURL *handle, ccurl_io_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

static inline CURLcode ccurl_setopt_write_function(CURL *handle, ccurl_io_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

static inline CURLcode ccurl_setopt_debug_function(CURL *handle, ccurl_debug_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, callback);
}

/// Lets an SMTP transfer go on when some (not all) recipients are refused.
/// curl 7.69–8.1 spells the option CURLOPT_MAIL_RCPT_ALLLOWFAILS (three Ls), later ones
/// CURLOPT_MAIL_RCPT_ALLOWFAILS; both are option number 290.
static inline CURLcode ccurl_setopt_mail_rcpt_allowfails(CURL *handle, long value) {
    return curl_easy_setopt(handle, (CURLoption)(CURLOPTTYPE_LONG + 290), value);
}

/// curl_global_init with the default flags (the macro does not reach Swift).
static inline CURLcode ccurl_global_init(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

static inline CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
