/*
 * The register of people: /units/{id}/people, /people/{id}, and an account's person
 * (/users/{id}/person). The rules are in src/svc/svc_people.c; this file translates.
 */
#include "http.h"

#include <stdint.h>

#include "../svc/svc_people.h"
#include "../util/err.h"

json_t *render_person(const struct wb_person *p)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:b, s:b}", "id", (json_int_t)p->id, "unit_id",
			 (json_int_t)p->unit_id, "name", p->name, "post", p->post, "rank", p->rank,
			 "party_member", p->party_member, "active", p->active);
}

void h_people_list(struct req *r)
{
	struct wb_person *v;
	size_t n;
	int rc = svc_people(&r->svc, r->ids[0], &v, &n);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, render_person(&v[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void h_people_create(struct req *r)
{
	static const char *const fields[] = {"name", "post", "rank", "party_member", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	struct wb_person in = {.unit_id = r->ids[0]};
	jin_str(r, o, "name", &in.name, NULL);
	jin_str(r, o, "post", &in.post, NULL);
	jin_str(r, o, "rank", &in.rank, NULL);
	jin_bool(r, o, "party_member", &in.party_member, NULL);
	int64_t id;
	int rc = reply_if_invalid(r) ? 1 : svc_person_create(&r->svc, &in, &id);
	json_decref(o);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	if (rc > 0)
		return;
	struct wb_person p;
	if ((rc = svc_person_get(&r->svc, id, &p)) < 0) {
		reply_err(r, rc);
		return;
	}
	r->location = arena_printf(&r->a, "/api/v1/people/%lld", (long long)id);
	reply_json(r, 201, render_person(&p));
}

void h_people_patch(struct req *r)
{
	static const char *const fields[] = {"name",         "post",   "rank",
					     "party_member", "active", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	struct svc_person_in in = {.id = r->ids[0]};
	jin_str(r, o, "name", &in.name, NULL);
	jin_str(r, o, "post", &in.post, NULL);
	jin_str(r, o, "rank", &in.rank, NULL);
	jin_bool(r, o, "party_member", &in.party_member, &in.has_party_member);
	jin_bool(r, o, "active", &in.active, &in.has_active);
	struct wb_person p;
	int rc = reply_if_invalid(r) ? 1 : svc_person_update(&r->svc, &in, &p);
	json_decref(o);
	if (rc < 0)
		reply_err(r, rc);
	else if (rc == 0)
		reply_json(r, 200, render_person(&p));
}

void h_users_person(struct req *r)
{
	static const char *const fields[] = {"person_id", NULL};
	json_t *o = jin_object(r, fields);
	if (o == NULL)
		return;
	int64_t person = 0;
	jin_int(r, o, "person_id", 1, INT64_MAX, &person, NULL);
	json_decref(o);
	if (reply_if_invalid(r))
		return;
	int rc = svc_user_set_person(&r->svc, r->ids[0], person);
	if (rc < 0) {
		reply_err(r, rc);
		return;
	}
	struct wb_user u;
	if ((rc = store_user_get(r->svc.st, r->ids[0], &r->a, &u)) <= 0)
		reply_err(r, rc < 0 ? rc : WB_ERR_INTERNAL);
	else
		reply_json(r, 200, render_user(&u));
}
