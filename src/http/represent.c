/*
 * A read's representation (RFC 9110 §8.8, §13): an entity tag from the body's BLAKE2b hash,
 * a 304 when the client already holds it (If-None-Match), and gzip when the client asks
 * for it (Accept-Encoding) on text: JSON and CSV. A body in a buffer is compressed at once;
 * an export in a file is compressed as it is sent, a chunk at a time.
 *
 * The gzip representation is another representation: its tag is the identity's with
 * "-gz" added. If-None-Match compares weakly (§13.1.2), so either tag of the same content
 * matches either representation.
 */
#include "represent.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include "../util/xalloc.h"

enum { HASH = 16, CHUNK = 64 * 1024 };

static void tag_of(const unsigned char h[HASH], int gz, char out[REP_ETAG_MAX])
{
	char hex[2 * HASH + 1];
	sodium_bin2hex(hex, sizeof hex, h, HASH);
	snprintf(out, REP_ETAG_MAX, "\"%s%s\"", hex, gz ? "-gz" : "");
}

void rep_etag_buf(const void *body, size_t len, int gz, char out[REP_ETAG_MAX])
{
	unsigned char h[HASH];
	crypto_generichash(h, sizeof h, body, len, NULL, 0);
	tag_of(h, gz, out);
}

int rep_etag_fd(int fd, int gz, char out[REP_ETAG_MAX])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, HASH);
	static __thread unsigned char buf[CHUNK];
	off_t at = 0;
	for (;;) {
		ssize_t n = pread(fd, buf, sizeof buf, at);
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		crypto_generichash_update(&st, buf, (unsigned long long)n);
		at += n;
	}
	unsigned char h[HASH];
	crypto_generichash_final(&st, h, sizeof h);
	tag_of(h, gz, out);
	return 0;
}

/* @return the length of @p tag's opaque part, without W/, quotes and "-gz" */
static size_t opaque(const char **tag, size_t n)
{
	const char *t = *tag;
	if (n >= 2 && t[0] == 'W' && t[1] == '/')
		t += 2, n -= 2;
	if (n >= 2 && t[0] == '"' && t[n - 1] == '"')
		t++, n -= 2;
	if (n >= 3 && memcmp(t + n - 3, "-gz", 3) == 0)
		n -= 3;
	*tag = t;
	return n;
}

int rep_none_match(const char *header, const char *etag)
{
	if (header == NULL)
		return 0;
	const char *want = etag;
	size_t wn = opaque(&want, strlen(etag));
	for (const char *p = header; *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		const char *end = p;
		while (*end && *end != ',')
			end++;
		const char *q = end;
		while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
			q--;
		if (q - p == 1 && *p == '*')
			return 1;
		const char *t = p;
		size_t tn = opaque(&t, (size_t)(q - p));
		if (tn == wn && memcmp(t, want, wn) == 0)
			return 1;
		p = end;
	}
	return 0;
}

int rep_accepts_gzip(const char *header)
{
	if (header == NULL)
		return 0;
	for (const char *p = header; *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		const char *end = p;
		while (*end && *end != ',')
			end++;
		size_t n = strcspn(p, ";, \t");
		if ((n == 4 && strncasecmp(p, "gzip", 4) == 0) || (n == 1 && *p == '*')) {
			/* "gzip;q=0" refuses it */
			const char *q = memchr(p, ';', (size_t)(end - p));
			if (q == NULL)
				return 1;
			const char *v = strstr(q, "q=");
			if (v == NULL || v >= end || strtod(v + 2, NULL) > 0)
				return 1;
			if (n == 4)
				return 0;
		}
		p = end;
	}
	return 0;
}

int rep_compressible(const char *content_type)
{
	if (content_type == NULL)
		return 0;
	return strncmp(content_type, "application/json", 16) == 0 ||
	       strncmp(content_type, "application/problem+json", 24) == 0 ||
	       strncmp(content_type, "text/", 5) == 0;
}

static int deflate_init(z_stream *z)
{
	memset(z, 0, sizeof *z);
	/* 15 + 16: a gzip wrapper; level 6, zlib's default */
	return deflateInit2(z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK ? 0 : -1;
}

int rep_gzip_buf(const void *in, size_t len, void **out, size_t *out_len)
{
	z_stream z;
	if (deflate_init(&z) < 0)
		return -1;
	size_t cap = deflateBound(&z, (uLong)len);
	unsigned char *o = xmalloc(cap);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = o;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(o);
		return -1;
	}
	*out = o;
	*out_len = z.total_out;
	return 0;
}

/* A file compressed as libmicrohttpd asks for the next bytes. */
struct gz_file {
	z_stream z;
	int fd;
	int done;
	unsigned char in[CHUNK];
};

static ssize_t gz_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	struct gz_file *g = cls;
	if (g->done)
		return MHD_CONTENT_READER_END_OF_STREAM;
	g->z.next_out = (Bytef *)buf;
	g->z.avail_out = (uInt)max;
	while (g->z.avail_out == max) {
		int flush = Z_NO_FLUSH;
		if (g->z.avail_in == 0) {
			ssize_t n = read(g->fd, g->in, sizeof g->in);
			if (n < 0)
				return MHD_CONTENT_READER_END_WITH_ERROR;
			g->z.next_in = g->in;
			g->z.avail_in = (uInt)n;
			if (n == 0)
				flush = Z_FINISH;
		}
		int rc = deflate(&g->z, flush);
		if (rc == Z_STREAM_END) {
			g->done = 1;
			break;
		}
		if (rc != Z_OK && rc != Z_BUF_ERROR)
			return MHD_CONTENT_READER_END_WITH_ERROR;
	}
	size_t n = max - g->z.avail_out;
	if (n == 0 && g->done)
		return MHD_CONTENT_READER_END_OF_STREAM;
	return (ssize_t)n;
}

static void gz_free(void *cls)
{
	struct gz_file *g = cls;
	deflateEnd(&g->z);
	close(g->fd);
	free(g);
}

struct MHD_Response *rep_gzip_fd(int fd)
{
	struct gz_file *g = xcalloc(1, sizeof *g);
	if (deflate_init(&g->z) < 0 || lseek(fd, 0, SEEK_SET) != 0) {
		free(g);
		return NULL;
	}
	g->fd = fd;
	struct MHD_Response *resp =
		MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, CHUNK, gz_read, g, gz_free);
	if (resp == NULL) {
		deflateEnd(&g->z);
		free(g);
	}
	return resp;
}
