/* Allocation that aborts on exhaustion, so callers need no OOM branches. */
#ifndef WB_XALLOC_H
#define WB_XALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/**
 * A bump allocator for memory that lives as long as one request or one command.
 * Everything taken from it is freed at once by arena_release().
 */
struct arena {
	struct arena_block *head;
};
#define ARENA_INIT                                                                                 \
	{                                                                                          \
		NULL                                                                               \
	}

/** @return @p n bytes, aligned for any type, owned by @p a */
void *arena_alloc(struct arena *a, size_t n);
/** @return a copy of @p s (NULL stays NULL) owned by @p a */
char *arena_strdup(struct arena *a, const char *s);
/** @return a NUL-terminated copy of the first @p n bytes of @p s, owned by @p a */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/** @return a formatted string owned by @p a */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Free all blocks; the arena is ARENA_INIT again and can be reused. */
void arena_release(struct arena *a);

#endif
