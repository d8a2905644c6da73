#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "xalloc.h"

char buf_empty[1];

void buf_init(struct buf *b, size_t max)
{
	b->ptr = buf_empty;
	b->len = b->cap = 0;
	b->max = max;
}

static int grow(struct buf *b, size_t extra)
{
	if (b->max && (extra > b->max || b->len > b->max - extra))
		return WB_ERR_TOO_LARGE;
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	char *p = b->cap ? b->ptr : NULL;
	p = xreallocarray(p, cap, 1);
	if (b->cap == 0)
		p[0] = '\0';
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int buf_add(struct buf *b, const void *p, size_t n)
{
	int rc = grow(b, n);
	if (rc < 0)
		return rc;
	if (n)
		memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

int buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return WB_ERR_INTERNAL;
	int rc = grow(b, (size_t)n);
	if (rc < 0)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap)
		b->ptr[0] = '\0';
}

void buf_release(struct buf *b)
{
	if (b->cap)
		free(b->ptr);
	b->ptr = buf_empty;
	b->len = b->cap = 0;
}

int buf_attach(struct buf *b, char *s, size_t len)
{
	buf_release(b);
	if (b->max && len > b->max) {
		free(s);
		return WB_ERR_TOO_LARGE;
	}
	b->ptr = s;
	b->len = len;
	b->cap = len + 1;
	return 0;
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p = b->cap ? b->ptr : xstrdup("");
	if (len)
		*len = b->len;
	b->ptr = buf_empty;
	b->len = b->cap = 0;
	return p;
}
