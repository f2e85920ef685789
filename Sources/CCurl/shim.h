// libcurl (Debian: libcurl4-openssl-dev), for ClickHouse's HTTP interface. Only
// Sources/ClickstreamIngest/Database/ClickHouseConnection.swift uses this module.
// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call, so each
// argument type gets a small typed wrapper here.
#include <curl/curl.h>

typedef size_t (*clickstream_curl_write)(char *data, size_t size, size_t count, void *context);

static inline CURLcode clickstream_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode clickstream_curl_set_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode clickstream_curl_set_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode clickstream_curl_set_write(CURL *handle, clickstream_curl_write callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

static inline CURLcode clickstream_curl_set_body(CURL *handle, const char *data, long length) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, length);
    return code != CURLE_OK ? code : curl_easy_setopt(handle, CURLOPT_POSTFIELDS, data);
}

static inline long clickstream_curl_status(CURL *handle) {
    long status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    return status;
}
