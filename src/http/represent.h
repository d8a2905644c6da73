/* Entity tags, conditional reads and gzip for the server's replies. */
#ifndef WB_REPRESENT_H
#define WB_REPRESENT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <microhttpd.h>

enum { REP_ETAG_MAX = 48 };

/** The strong entity tag of @p body (@p gz: of its gzip representation). */
void rep_etag_buf(const void *body, size_t len, int gz, char out[REP_ETAG_MAX]);
/** The same for the whole file @p fd (read with pread). @return 0 or -1 */
int rep_etag_fd(int fd, int gz, char out[REP_ETAG_MAX]);
/** @return whether If-None-Match @p header names @p etag (weak comparison) or is "*" */
int rep_none_match(const char *header, const char *etag);
/** @return whether Accept-Encoding @p header takes gzip */
int rep_accepts_gzip(const char *header);
/** @return whether a body of @p content_type is worth compressing (JSON, text) */
int rep_compressible(const char *content_type);
/** Compress @p len bytes of @p in into a new buffer @p out. @return 0 or -1 */
int rep_gzip_buf(const void *in, size_t len, void **out, size_t *out_len);
/** A response sending file @p fd compressed as it goes; owns @p fd once it returns one. */
struct MHD_Response *rep_gzip_fd(int fd);

#endif
