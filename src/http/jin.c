/* Reading requests: JSON bodies member by member, and query-string parameters. */
#include "http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/enums.h"
#include "../core/text.h"
#include "../util/err.h"

static int field_err(struct req *r, const char *key, const char *msg)
{
	return svc_field(&r->svc, key, msg);
}

json_t *jin_object(struct req *r, const char *const *allowed)
{
	json_error_t err;
	if (r->body.len == 0) {
		reply_problem(r, 400, "a JSON object is required as the request body");
		return NULL;
	}
	json_t *j = json_loadb(r->body.ptr, r->body.len, JSON_REJECT_DUPLICATES, &err);
	if (j == NULL) {
		reply_problem(r, 400,
			      arena_printf(&r->a, "the body is not valid JSON: %s at line %d",
					   err.text, err.line));
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		reply_problem(r, 400, "the body must be a JSON object");
		return NULL;
	}
	const char *key;
	json_t *v;
	json_object_foreach(j, key, v)
	{
		int ok = 0;
		for (const char *const *a = allowed; a && *a; a++)
			if (strcmp(*a, key) == 0)
				ok = 1;
		if (!ok)
			field_err(r, arena_strdup(&r->a, key), "is not a field of this request");
	}
	if (reply_if_invalid(r)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static json_t *member(json_t *o, const char *key, int *has)
{
	json_t *v = json_object_get(o, key);
	*has = v != NULL && !json_is_null(v);
	return *has ? v : NULL;
}

int jin_str(struct req *r, json_t *o, const char *key, const char **out, int *has)
{
	int h;
	json_t *v = member(o, key, &h);
	if (has)
		*has = h;
	*out = NULL;
	if (!h)
		return 0;
	if (!json_is_string(v))
		return field_err(r, key, "must be a string");
	if (strlen(json_string_value(v)) != json_string_length(v))
		return field_err(r, key, "must not contain NUL characters");
	*out = arena_strdup(&r->a, json_string_value(v));
	return 0;
}

int jin_int(struct req *r, json_t *o, const char *key, int64_t min, int64_t max, int64_t *out,
	    int *has)
{
	int h;
	json_t *v = member(o, key, &h);
	if (has)
		*has = h;
	if (!h)
		return 0;
	if (!json_is_integer(v))
		return field_err(r, key, "must be an integer");
	json_int_t x = json_integer_value(v);
	if (x < min || x > max)
		return field_err(r, key,
				 arena_printf(&r->a, "must be from %lld to %lld", (long long)min,
					      (long long)max));
	*out = x;
	return 0;
}

int jin_bool(struct req *r, json_t *o, const char *key, int *out, int *has)
{
	int h;
	json_t *v = member(o, key, &h);
	if (has)
		*has = h;
	if (!h)
		return 0;
	if (!json_is_boolean(v))
		return field_err(r, key, "must be true or false");
	*out = json_is_true(v);
	return 0;
}

int jin_enum(struct req *r, json_t *o, const char *key, const struct wb_enum *e, int *out, int *has)
{
	const char *s;
	int h;
	if (jin_str(r, o, key, &s, &h) < 0)
		return WB_ERR_INVALID;
	if (has)
		*has = h;
	if (!h)
		return 0;
	int v = wb_enum_parse(e, s);
	if (v < 0) {
		struct buf b = BUF_INIT;
		buf_adds(&b, "must be one of:");
		for (int i = 0; i < e->n; i++)
			buf_addf(&b, " %s", e->names[i]);
		const char *msg = arena_strdup(&r->a, b.ptr);
		buf_release(&b);
		return field_err(r, key, msg);
	}
	*out = v;
	return 0;
}

int jin_date(struct req *r, json_t *o, const char *key, wb_date *out, int *has)
{
	const char *s;
	int h;
	if (jin_str(r, o, key, &s, &h) < 0)
		return WB_ERR_INVALID;
	if (has)
		*has = h;
	if (!h)
		return 0;
	if (wb_date_parse(s, out) < 0)
		return field_err(r, key, "must be a date YYYY-MM-DD");
	return 0;
}

int jin_time(struct req *r, json_t *o, const char *key, int64_t *out, int *has)
{
	const char *s;
	int h;
	if (jin_str(r, o, key, &s, &h) < 0)
		return WB_ERR_INVALID;
	if (has)
		*has = h;
	if (!h)
		return 0;
	if (wb_time_parse(s, out) < 0)
		return field_err(r, key, "must be an RFC 3339 date-time with an offset");
	return 0;
}

int jin_ids(struct req *r, json_t *o, const char *key, int max, int64_t **out, int *n, int *has)
{
	int h;
	json_t *v = member(o, key, &h);
	if (has)
		*has = h;
	*n = 0;
	*out = NULL;
	if (!h)
		return 0;
	if (!json_is_array(v))
		return field_err(r, key, "must be an array of ids");
	size_t len = json_array_size(v);
	if (len < 1 || len > (size_t)max)
		return field_err(r, key, arena_printf(&r->a, "must list 1 to %d ids", max));
	int64_t *ids = arena_alloc(&r->a, len * sizeof *ids);
	for (size_t i = 0; i < len; i++) {
		json_t *x = json_array_get(v, i);
		if (!json_is_integer(x) || json_integer_value(x) <= 0)
			return field_err(r, key, "ids are positive integers");
		ids[i] = json_integer_value(x);
	}
	*out = ids;
	*n = (int)len;
	return 0;
}

int jin_required(struct req *r, const char *key, int has)
{
	if (has)
		return 0;
	/* A field already reported (wrong type) is not reported twice. */
	for (int i = 0; i < r->svc.errs.n; i++)
		if (strcmp(r->svc.errs.v[i].field, key) == 0)
			return WB_ERR_INVALID;
	return field_err(r, key, "is required");
}

/* ?key= as given, or NULL when absent. */
const char *qs_str(struct req *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

int qs_id(struct req *r, const char *key, int64_t *out)
{
	const char *s = qs_str(r, key);
	*out = 0;
	if (s == NULL)
		return 0;
	long long v;
	if (wb_parse_int(s, strlen(s), 1, 999999999999999LL, &v) < 0)
		return field_err(r, key, "must be a positive integer");
	*out = v;
	return 0;
}

int qs_enum(struct req *r, const char *key, const struct wb_enum *e, int *out)
{
	const char *s = qs_str(r, key);
	*out = -1;
	if (s == NULL)
		return 0;
	int v = wb_enum_parse(e, s);
	if (v < 0)
		return field_err(r, key, "is not one of the allowed values");
	*out = v;
	return 0;
}

int qs_enum_set(struct req *r, const char *key, const struct wb_enum *e, unsigned *out)
{
	const char *s = qs_str(r, key);
	*out = 0;
	if (s == NULL)
		return 0;
	/* names separated by commas, e.g. answered,rectifying */
	for (const char *p = s;;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char name[32];
		int v = -1;
		if (n > 0 && n < sizeof name) {
			memcpy(name, p, n);
			name[n] = '\0';
			v = wb_enum_parse(e, name);
		}
		if (v < 0 || v >= 32) {
			*out = 0;
			return field_err(r, key, "is not one of the allowed values (a list: a,b)");
		}
		*out |= 1u << v;
		if (end == NULL)
			return 0;
		p = end + 1;
	}
}

int qs_bool(struct req *r, const char *key, int *out)
{
	const char *s = qs_str(r, key);
	*out = -1;
	if (s == NULL)
		return 0;
	if (strcmp(s, "true") == 0)
		*out = 1;
	else if (strcmp(s, "false") == 0)
		*out = 0;
	else
		return field_err(r, key, "must be true or false");
	return 0;
}

int qs_date(struct req *r, const char *key, wb_date *out, int *has)
{
	const char *s = qs_str(r, key);
	*has = s != NULL;
	if (s == NULL)
		return 0;
	if (wb_date_parse(s, out) < 0)
		return field_err(r, key, "must be a date YYYY-MM-DD");
	return 0;
}

int qs_year(struct req *r, int *out)
{
	const char *s = qs_str(r, "year");
	long long y = 0;
	*out = 0;
	if (s && wb_parse_int(s, strlen(s), 2000, 2100, &y) < 0)
		return field_err(r, "year", "must be from 2000 to 2100");
	*out = (int)y;
	return 0;
}

int qs_page(struct req *r, int *limit, int64_t *cursor)
{
	const char *l = qs_str(r, "limit");
	*limit = 50;
	if (l) {
		long long v;
		if (wb_parse_int(l, strlen(l), 1, 500, &v) < 0)
			field_err(r, "limit", "must be from 1 to 500");
		else
			*limit = (int)v;
	}
	qs_id(r, "cursor", cursor);
	return reply_if_invalid(r) ? WB_ERR_INVALID : 0;
}
