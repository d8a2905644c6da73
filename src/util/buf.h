/* A growable byte buffer; ptr is never NULL and always NUL-terminated. */
#ifndef WB_BUF_H
#define WB_BUF_H
#include <stddef.h>

struct buf {
	char *ptr;  /**< the bytes, NUL-terminated */
	size_t len; /**< bytes in use, not counting the NUL */
	size_t cap; /**< bytes allocated; 0 while ptr is the shared empty string */
	size_t max; /**< cap on len; 0 means no cap */
};

extern char buf_empty[];
#define BUF_INIT                                                                                   \
	{                                                                                          \
		buf_empty, 0, 0, 0                                                                 \
	}

/** Initialise @p b with an optional size cap (0: none). */
void buf_init(struct buf *b, size_t max);
/** Append @p n bytes. @return 0, or WB_ERR_TOO_LARGE when past max (nothing appended) */
int buf_add(struct buf *b, const void *p, size_t n);
/** Append a NUL-terminated string. @return as buf_add() */
int buf_adds(struct buf *b, const char *s);
/** Append one byte. @return as buf_add() */
int buf_addc(struct buf *b, char c);
/** Append formatted text. @return as buf_add() */
int buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Empty the buffer, keeping its memory. */
void buf_reset(struct buf *b);
/** Free the memory; the struct is BUF_INIT again (its max is kept). */
void buf_release(struct buf *b);
/**
 * Take over @p s, a NUL-terminated string from malloc() of @p len bytes, as the whole
 * content of @p b (its old bytes are freed): no copy. @return 0, or WB_ERR_TOO_LARGE past
 * max (then @p s is freed and @p b left empty)
 */
int buf_attach(struct buf *b, char *s, size_t len);
/** Hand the bytes to the caller, who free()s them; @p b becomes empty. */
char *buf_detach(struct buf *b, size_t *len);

#endif
