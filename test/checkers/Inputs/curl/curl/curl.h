// Mock of the parts of libcurl (curl/curl.h) the tests use.
#ifndef MOCK_CURL_CURL_H
#define MOCK_CURL_CURL_H

extern "C" {
typedef void CURL;
typedef int CURLcode;
CURL *curl_easy_init(void);
CURLcode curl_easy_perform(CURL *curl);
void curl_easy_cleanup(CURL *curl);
}

#endif
