#include "audit.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../util/err.h"

const char wb_audit_genesis[65] =
	"0000000000000000000000000000000000000000000000000000000000000000";

/* Each field is fed as "<length>:<bytes>," so no two events share a canonical form. */
static void feed(crypto_generichash_state *st, const char *s, int present)
{
	char head[32];
	size_t n = present && s ? strlen(s) : 0;
	int k = present && s ? snprintf(head, sizeof head, "%zu:", n)
			     : snprintf(head, sizeof head, "-:");
	crypto_generichash_update(st, (const unsigned char *)head, (size_t)k);
	if (n)
		crypto_generichash_update(st, (const unsigned char *)s, n);
	crypto_generichash_update(st, (const unsigned char *)",", 1);
}

static void feed_int(crypto_generichash_state *st, int64_t v)
{
	char num[24];
	snprintf(num, sizeof num, "%" PRId64, v);
	feed(st, num, 1);
}

static int compute(const struct wb_event *ev, char out[65])
{
	crypto_generichash_state st;
	unsigned char h[32];
	if (crypto_generichash_init(&st, NULL, 0, sizeof h) != 0)
		return WB_ERR_INTERNAL;
	feed(&st, "wubiao-event-v1", 1);
	feed(&st, ev->prev_hash, 1);
	feed_int(&st, ev->id);
	feed_int(&st, ev->at);
	feed_int(&st, ev->actor_user_id);
	feed_int(&st, ev->actor_unit_id);
	feed(&st, ev->kind, 1);
	feed(&st, ev->subject_type, 1);
	feed_int(&st, ev->subject_id);
	feed(&st, ev->from_status, ev->from_status != NULL);
	feed(&st, ev->to_status, ev->to_status != NULL);
	feed(&st, ev->data, ev->data != NULL);
	if (crypto_generichash_final(&st, h, sizeof h) != 0)
		return WB_ERR_INTERNAL;
	sodium_bin2hex(out, 65, h, sizeof h);
	return 0;
}

int wb_audit_seal(struct wb_event *ev)
{
	return compute(ev, ev->hash);
}

int wb_audit_check(const struct wb_event *ev)
{
	char h[65];
	if (compute(ev, h) != 0)
		return 0;
	return sodium_memcmp(h, ev->hash, 64) == 0;
}
