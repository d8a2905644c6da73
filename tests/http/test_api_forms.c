/*
 * The five forms (五表) and the score report as files, over the real API:
 * GET /campaigns/{id}/forms/{n}?format=json|csv|xlsx and GET /campaigns/{id}/scores?format=.
 *
 * A small district is driven through the stages at set clock times (the server restarted
 * with WUBIAO_NOW), then every form is read back in the three formats and compared cell by
 * cell with rows worked out here from what was created (the records as the API answers
 * them, plus the literal values sent). Each cell is brought to one canonical text: a date
 * and time "YYYY-MM-DD HH:MM" in +08:00, a date "YYYY-MM-DD", an integer "%lld", a
 * percentage "%.1f%%", a number "%.2f", an empty cell "".
 *
 * The story (times +08:00):
 *   T0 Mon 2026-03-02 09:00
 *     o1 point 1a -> dept 1, conduct, npc_deputy, forum, received 02-25 10:15, 张三,
 *        content with a comma, double quotes and a newline                     -> P1
 *     o2 point 1a -> dept 1, efficiency, public, questionnaire, 03-01 16:40, 李四 -> P1
 *     o3 station 1 -> dept 3, conduct, retired_cadre, interview, 03-02 08:00    -> P3
 *     o4 point 2a -> dept 2, efficiency, enterprise, hotline, 02-27 09:05, 王五  -> P2
 *     o5 point 2a -> street, conduct, party_delegate, form, 03-02 08:30, 赵六    -> P4
 *     o6 point 2a -> dept 2, conduct, other, forum, 03-02 08:45; rejected by station 2
 *     o7 the public online -> dept 1, efficiency, T0, 孙七                     -> P5
 *     o8 point 1a -> dept 1, conduct, cppcc_member, hotline, 03-02 08:50; stays received
 *     P1 (station 1; important, category 服务态度) dispatched by the office to dept 1,
 *        due 03-20, flagged; P2 (station 2, urgent) to dept 2, due 03-04;
 *     P3 (office, target dept 3) dispatched by station 1 to dept 1, due 03-13, and
 *        returned by dept 1; P4 (station 2, street) stays open
 *   T1 Thu 2026-03-05 10:30: P1 acknowledged and answered (on time); P2 acknowledged;
 *     P5 summarized (station 1) and dispatched to dept 1, due 03-09
 *   T2 Tue 2026-03-10 14:20: P2 answered (late), progress 30% (overdue now);
 *     P1 progress 60%, then done (on time), verified, rated satisfied x2 + 1 public,
 *     basically, unsatisfied, unaware -> 4/5 = 80.0%, (300+75+55)/5 = 86.00, closed;
 *     P5 acknowledged, answered (late), extended to 03-20, done (on time by then),
 *     verified, rated unsatisfied x2, satisfied -> 1/3 = 33.3%, (100+55+55)/3 = 70.00,
 *     需重办; its form 3 still says the answer was late
 */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct fixture F;

#define T0       "2026-03-02T09:00:00+08:00"
#define T1       "2026-03-05T10:30:00+08:00"
#define T2       "2026-03-10T14:20:00+08:00"
#define TODAY    "2026-03-10"
#define CAMPAIGN "2026年作风建设"

/* The tricky content: an ASCII comma, double quotes and a newline. */
static const char C1[] = "窗口人员态度生硬,说\"下周再来\"\n第二次去仍未办理";
static const char C1_CSV[] = "\"窗口人员态度生硬,说\"\"下周再来\"\"\n第二次去仍未办理\"";

enum { NOP = 8, NPR = 5 };
static json_int_t op[NOP], pr[NPR];
static char *receipt[NOP];
static int ratings[NPR][4]; /* satisfied, basic, unsatisfied, unaware */
static int reports[NPR];
/* The deadline in force when each problem was answered and declared done. */
static const char *answered_due[NPR], *rectified_due[NPR];

static const char *const names[] = {"张三", "李四", "王五", "赵六", "孙七"};
static const char *const phones[] = {"13800000001", "13800000002", "010-12345678", "13800000005",
				     "13800000007"};

/* ---- label tables, as the printed forms write them ---- */

struct label {
	const char *name, *label;
};

static const struct label L_DIM[] = {{"conduct", "行风"}, {"efficiency", "效能"}, {0}};
static const struct label L_SRC[] = {{"public", "群众"},
				     {"party_delegate", "党代表"},
				     {"npc_deputy", "人大代表"},
				     {"cppcc_member", "政协委员"},
				     {"democratic_party", "民主党派"},
				     {"retired_cadre", "老干部"},
				     {"enterprise", "企业代表"},
				     {"supervisor", "行风监督员"},
				     {"other", "其他"},
				     {0}};
static const struct label L_CH[] = {{"forum", "座谈会"},
				    {"interview", "个别访谈"},
				    {"questionnaire", "问卷"},
				    {"form", "征求意见表"},
				    {"online", "网上"},
				    {"hotline", "热线"},
				    {0}};
static const struct label L_OS[] = {
	{"received", "已收到"}, {"merged", "已汇总"}, {"rejected", "不予受理"}, {0}};
static const struct label L_PS[] = {{"open", "待转办"},         {"dispatched", "已转办"},
				    {"acknowledged", "已签收"}, {"answered", "已反馈"},
				    {"rectifying", "整改中"},   {"rectified", "已整改"},
				    {"verified", "已验收"},     {"closed", "已销号"},
				    {"returned", "已退回"},     {0}};
static const struct label L_SEV[] = {
	{"normal", "一般"}, {"important", "重要"}, {"urgent", "紧急"}, {0}};

static const char *label(const struct label *t, const char *name)
{
	for (; name && t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t->label;
	fail_msg("no label for %s", name ? name : "(null)");
	return "";
}

/* ---- the forms' columns ---- */

struct col {
	const char *label;
	char kind; /* T text, I integer, P percentage, N number */
};

static const struct col F1[] = {
	{"编号", 'I'},     {"收集时间", 'T'},     {"收集单位", 'T'},     {"被评议单位", 'T'},
	{"评议类别", 'T'}, {"意见来源", 'T'},     {"征求方式", 'T'},     {"意见内容", 'T'},
	{"处理状态", 'T'}, {"汇总问题编号", 'I'}, {"不予受理理由", 'T'}, {"意见提供人", 'T'},
	{"联系电话", 'T'},
};
static const struct col F2[] = {
	{"问题编号", 'I'}, {"问题标题", 'T'}, {"问题概述", 'T'}, {"被评议单位", 'T'},
	{"评议类别", 'T'}, {"问题类别", 'T'}, {"紧急程度", 'T'}, {"意见条数", 'I'},
	{"汇总时间", 'T'}, {"当前环节", 'T'}, {"挂牌", 'T'},
};
static const struct col F3[] = {
	{"问题编号", 'I'},     {"问题标题", 'T'}, {"责任单位", 'T'}, {"转办时间", 'T'},
	{"签收时限", 'T'},     {"签收时间", 'T'}, {"办理时限", 'T'}, {"反馈时间", 'T'},
	{"是否按时反馈", 'T'}, {"答复意见", 'T'}, {"整改计划", 'T'}, {"当前环节", 'T'},
};
static const struct col F4[] = {
	{"问题编号", 'I'}, {"问题标题", 'T'},     {"责任单位", 'T'},     {"整改措施", 'T'},
	{"完成进度", 'P'}, {"佐证材料", 'T'},     {"进展报告次数", 'I'}, {"办理时限", 'T'},
	{"完成时间", 'T'}, {"是否按期完成", 'T'}, {"是否逾期", 'T'},     {"当前环节", 'T'},
};
static const struct col F5[] = {
	{"问题编号", 'I'},   {"问题标题", 'T'}, {"责任单位", 'T'},   {"验收时间", 'T'},
	{"满意", 'I'},       {"基本满意", 'I'}, {"不满意", 'I'},     {"不了解", 'I'},
	{"有效评价数", 'I'}, {"满意率", 'P'},   {"满意度得分", 'N'}, {"评定结论", 'T'},
	{"当前环节", 'T'},   {"销号时间", 'T'},
};
static const struct col SC[] = {
	{"排名", 'I'},       {"名次范围", 'T'},     {"单位", 'T'},         {"有效样本数", 'I'},
	{"综合得分", 'N'},   {"得分区间下限", 'N'}, {"得分区间上限", 'N'}, {"等次", 'T'},
	{"并列", 'T'},       {"数据不足", 'T'},     {"测评得分", 'N'},     {"工作得分", 'N'},
	{"满意度得分", 'N'}, {"满意率", 'P'},       {"按时反馈率", 'P'},   {"整改完成率", 'P'},
	{"按时整改率", 'P'}, {"按时签收率", 'P'},   {"退回率", 'P'},       {"重办率", 'P'},
	{"按时录入率", 'P'}, {"按时汇总率", 'P'},   {"按时转办率", 'P'},   {"按时验收率", 'P'},
	{"转办退回率", 'P'}, {"意见数", 'I'},       {"问题数", 'I'},       {"汇总率", 'P'},
	{"逾期数", 'I'},
};
#define NC(a) ((int)(sizeof(a) / sizeof *(a)))

static const struct col *const FORM_COLS[6] = {NULL, F1, F2, F3, F4, F5};
static const int FORM_NCOLS[6] = {0, NC(F1), NC(F2), NC(F3), NC(F4), NC(F5)};
static const char *const FORM_NAMES[6] = {NULL,         "征求意见表", "意见汇总表",
					  "意见反馈表", "整改情况表", "整改效果表"};

/* ---- downloads: binary-safe, with the headers that matter ---- */

struct dl {
	long status;
	char *body;
	size_t len;
	char *ctype, *disp;
};

static size_t dl_write(char *p, size_t size, size_t n, void *arg)
{
	struct dl *d = arg;
	char *nb = realloc(d->body, d->len + size * n + 1);
	if (nb == NULL)
		abort();
	d->body = nb;
	memcpy(d->body + d->len, p, size * n);
	d->len += size * n;
	d->body[d->len] = '\0';
	return size * n;
}

static char *header_value(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);
	if (len <= n || strncasecmp(line, name, n) != 0 || line[n] != ':')
		return NULL;
	const char *v = line + n + 1, *e = line + len;
	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' '))
		e--;
	return strndup(v, (size_t)(e - v));
}

static size_t dl_header(char *p, size_t size, size_t n, void *arg)
{
	struct dl *d = arg;
	char *v;
	if ((v = header_value(p, size * n, "Content-Type")) != NULL) {
		free(d->ctype);
		d->ctype = v;
	} else if ((v = header_value(p, size * n, "Content-Disposition")) != NULL) {
		free(d->disp);
		d->disp = v;
	}
	return size * n;
}

static void dl_free(struct dl *d)
{
	free(d->body);
	free(d->ctype);
	free(d->disp);
	memset(d, 0, sizeof *d);
}

static struct dl fetch(const char *tok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static struct dl fetch(const char *tok, const char *fmt, ...)
{
	char path[512], url[700], auth[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	snprintf(url, sizeof url, "%s%s", h_srv.base, path);
	struct dl d = {0};
	CURL *c = curl_easy_init();
	assert_non_null(c);
	struct curl_slist *h = NULL;
	if (tok) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", tok);
		h = curl_slist_append(h, auth);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, dl_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &d);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, dl_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &d);
	CURLcode rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &d.status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	if (d.body == NULL)
		dl_write("", 1, 0, &d);
	if (rc != CURLE_OK || d.status >= 500)
		fail_msg("GET %s: curl %d, status %ld: %.500s", path, (int)rc, d.status, d.body);
	return d;
}

static void want_status(const struct dl *d, long status, const char *what)
{
	if (d->status != status)
		fail_msg("%s: want %ld, got %ld: %.600s", what, status, d->status, d->body);
}

/* ---- small helpers ---- */

static char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (p == NULL)
		abort();
	return p;
}

static void relogin_at(const char *now)
{
	assert_int_equal(h_restart(now), 0);
	h_fixture_relogin(&F);
}

static const char *unit_name(json_int_t id)
{
	if (id == F.dept[0])
		return "区住建局";
	if (id == F.dept[1])
		return "区市场监管局";
	if (id == F.dept[2])
		return "区人社局";
	if (id == F.street)
		return "城关街道";
	if (id == F.station[0])
		return "第一监测站";
	if (id == F.station[1])
		return "第二监测站";
	if (id == F.point[0][0])
		return "第一监测站监测点1";
	if (id == F.point[0][1])
		return "第一监测站监测点2";
	if (id == F.point[1][0])
		return "第二监测站监测点1";
	if (id == F.point[1][1])
		return "第二监测站监测点2";
	fail_msg("unknown unit %lld", (long long)id);
	return "";
}

/* "2026-03-02T09:00:00+08:00" -> "2026-03-02 09:00"; null -> "" (the district is +08:00). */
static void when(const json_t *v, char out[32])
{
	const char *s = json_string_value(v);
	out[0] = '\0';
	if (s == NULL)
		return;
	if (strlen(s) < 25 || strcmp(s + 19, "+08:00") != 0)
		fail_msg("a time not in +08:00: %s", s);
	memcpy(out, s, 10);
	out[10] = ' ';
	memcpy(out + 11, s + 11, 5);
	out[16] = '\0';
}

static const char *str_or(const json_t *o, const char *key)
{
	const char *s = jstr(o, key);
	return s ? s : "";
}

static void addf(json_t *row, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void addf(json_t *row, const char *fmt, ...)
{
	char *s;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	json_array_append_new(row, json_string(s));
	free(s);
}

static void adds(json_t *row, const char *s)
{
	json_array_append_new(row, json_string(s ? s : ""));
}

static json_t *get_json(const char *tok, const char *fmt, json_int_t id)
{
	struct resp r = h_get(tok, fmt, (long long)id);
	assert_status(r, 200);
	json_t *j = json_incref(r.json);
	resp_free(&r);
	return j;
}

/* ---- the scenario through the API ---- */

static json_int_t mk_opinion(enum h_user who, json_int_t point, json_int_t target, const char *dim,
			     const char *source, const char *channel, const char *content,
			     const char *name, const char *phone, const char *received, char **rcpt)
{
	json_t *b = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "campaign_id",
			      (json_int_t)F.campaign, "target_unit_id", (json_int_t)target,
			      "dimension", dim, "source", source, "channel", channel, "content",
			      content, "received_at", received);
	if (point)
		json_object_set_new(b, "point_id", json_integer(point));
	if (name)
		json_object_set_new(b, "submitter_name", json_string(name));
	if (phone)
		json_object_set_new(b, "submitter_phone", json_string(phone));
	struct resp r = h_post(F.tok[who], b, API "/opinions");
	assert_status(r, 201);
	json_int_t id = jint(r.json, "id");
	assert_true(id > 0);
	*rcpt = xstrdup(jstr(r.json, "receipt"));
	resp_free(&r);
	return id;
}

static json_int_t mk_problem(enum h_user who, json_int_t target, const char *dim, const char *title,
			     const char *summary, const char *category, const char *severity,
			     const json_int_t *ids, int n)
{
	json_t *oids = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(oids, json_integer(ids[i]));
	json_t *b =
		json_pack("{s:I, s:I, s:s, s:s, s:s, s:o}", "campaign_id", (json_int_t)F.campaign,
			  "target_unit_id", (json_int_t)target, "dimension", dim, "title", title,
			  "summary", summary, "opinion_ids", oids);
	if (category)
		json_object_set_new(b, "category", json_string(category));
	if (severity)
		json_object_set_new(b, "severity", json_string(severity));
	struct resp r = h_post(F.tok[who], b, API "/problems");
	assert_status(r, 201);
	json_int_t id = jint(r.json, "id");
	assert_true(id > 0);
	resp_free(&r);
	return id;
}

static void stage(enum h_user who, json_int_t id, const char *st, json_t *body, long want)
{
	struct resp r = h_stage(F.tok[who], id, st, body);
	assert_status(r, want);
	resp_free(&r);
}

/* A rating of problem @p p by @p who: their own, or with @p giver that opinion's giver's form. */
static void rate_giver(enum h_user who, int p, const char *rating, json_int_t giver)
{
	static const char *const rs[4] = {"satisfied", "basically_satisfied", "unsatisfied",
					  "unaware"};
	json_t *b = json_pack("{s:s, s:s}", "rating", rating, "note", "监督员");
	if (giver)
		json_object_set_new(b, "opinion_id", json_integer(giver));
	stage(who, pr[p], "evaluations", b, 201);
	for (int i = 0; i < 4; i++)
		if (strcmp(rs[i], rating) == 0)
			ratings[p][i]++;
}

static void rate(enum h_user who, int p, const char *rating)
{
	rate_giver(who, p, rating, 0);
}

static void progress(enum h_user who, int p, const char *measures, int percent,
		     const char *evidence, int done)
{
	json_t *b = json_pack("{s:s, s:i, s:b}", "measures", measures, "percent", percent, "done",
			      done);
	if (evidence)
		json_object_set_new(b, "evidence", json_string(evidence));
	stage(who, pr[p], "progress", b, 200);
	reports[p]++;
}

static void scenario(void)
{
	json_int_t p1a = F.point[0][0], p2a = F.point[1][0];
	/* T0 */
	op[0] = mk_opinion(U_POINT1A, p1a, F.dept[0], "conduct", "npc_deputy", "forum", C1,
			   names[0], phones[0], "2026-02-25T10:15:00+08:00", &receipt[0]);
	op[1] = mk_opinion(U_POINT1A, p1a, F.dept[0], "efficiency", "public", "questionnaire",
			   "审批材料要求重复提交", names[1], phones[1], "2026-03-01T16:40:00+08:00",
			   &receipt[1]);
	op[2] = mk_opinion(U_STATION1, F.station[0], F.dept[2], "conduct", "retired_cadre",
			   "interview", "办事指南更新不及时", NULL, NULL,
			   "2026-03-02T08:00:00+08:00", &receipt[2]);
	op[3] = mk_opinion(U_POINT2A, p2a, F.dept[1], "efficiency", "enterprise", "hotline",
			   "许可证办理超时", names[2], phones[2], "2026-02-27T09:05:00+08:00",
			   &receipt[3]);
	op[4] = mk_opinion(U_POINT2A, p2a, F.street, "conduct", "party_delegate", "form",
			   "社区服务中心午休无人值守", names[3], phones[3],
			   "2026-03-02T08:30:00+08:00", &receipt[4]);
	op[5] = mk_opinion(U_POINT2A, p2a, F.dept[1], "conduct", "other", "forum", "重复收费", NULL,
			   NULL, "2026-03-02T08:45:00+08:00", &receipt[5]);
	struct resp r = h_post(NULL,
			       json_pack("{s:I, s:s, s:s, s:s, s:s}", "target_unit_id",
					 (json_int_t)F.dept[0], "dimension", "efficiency",
					 "content", "网上预约经常约满", "submitter_name", names[4],
					 "submitter_phone", phones[4]),
			       API "/public/opinions");
	assert_status_in(r, 200, 201);
	receipt[6] = xstrdup(jstr(r.json, "receipt"));
	resp_free(&r);
	op[7] = mk_opinion(U_POINT1A, p1a, F.dept[0], "conduct", "cppcc_member", "hotline",
			   "热线电话无人接听", NULL, NULL, "2026-03-02T08:50:00+08:00",
			   &receipt[7]);
	/* The public opinion's id: staff never see its receipt; its giver's name. */
	json_t *all = h_list_all(F.tok[U_ADMIN], API "/opinions", 100);
	size_t i;
	json_t *o;
	json_array_foreach(all, i, o)
	{
		if (jstr(o, "submitter_name") && strcmp(jstr(o, "submitter_name"), names[4]) == 0)
			op[6] = jint(o, "id");
	}
	json_decref(all);
	assert_true(op[6] > op[5] && op[6] < op[7]);

	r = h_post(F.tok[U_STATION2], json_pack("{s:s}", "reason", "与本次评议无关"),
		   API "/opinions/%lld/reject", (long long)op[5]);
	assert_status(r, 200);
	resp_free(&r);

	pr[0] = mk_problem(U_STATION1, F.dept[0], "efficiency", "窗口服务态度与审批效率",
			   "群众反映窗口态度生硬、材料重复提交", "服务态度", "important", op, 2);
	pr[1] = mk_problem(U_STATION2, F.dept[1], "efficiency", "许可证办理超时",
			   "企业反映办理超时", NULL, "urgent", &op[3], 1);
	pr[2] = mk_problem(U_ADMIN, F.dept[2], "conduct", "办事指南更新不及时",
			   "老干部反映指南陈旧", NULL, NULL, &op[2], 1);
	pr[3] = mk_problem(U_STATION2, F.street, "conduct", "午休无人值守", "社区服务中心午休无人",
			   NULL, NULL, &op[4], 1);
	stage(U_ADMIN, pr[0], "dispatch",
	      json_pack("{s:I, s:s, s:b}", "unit_id", (json_int_t)F.dept[0], "due_on", "2026-03-20",
			"flagged", 1),
	      200);
	stage(U_STATION2, pr[1], "dispatch",
	      json_pack("{s:I, s:s}", "unit_id", (json_int_t)F.dept[1], "due_on", "2026-03-04"),
	      200);
	stage(U_STATION1, pr[2], "dispatch",
	      json_pack("{s:I, s:s}", "unit_id", (json_int_t)F.dept[0], "due_on", "2026-03-13"),
	      200);
	stage(U_UNIT1, pr[2], "return", json_pack("{s:s}", "reason", "不属于本单位职责"), 200);

	/* T1 */
	relogin_at(T1);
	stage(U_UNIT1, pr[0], "acknowledge", json_object(), 200);
	stage(U_UNIT1, pr[0], "feedback",
	      json_pack("{s:s, s:s}", "reply", "情况属实,已约谈窗口负责人", "plan",
			"一、公开承诺；二、每周抽查"),
	      200);
	answered_due[0] = "2026-03-20";
	stage(U_UNIT2, pr[1], "acknowledge", json_object(), 200);
	pr[4] = mk_problem(U_STATION1, F.dept[0], "efficiency", "网上预约号源不足", "群众网上反映",
			   NULL, NULL, &op[6], 1);
	stage(U_ADMIN, pr[4], "dispatch",
	      json_pack("{s:I, s:s}", "unit_id", (json_int_t)F.dept[0], "due_on", "2026-03-09"),
	      200);

	/* T2 */
	relogin_at(T2);
	stage(U_UNIT2, pr[1], "feedback",
	      json_pack("{s:s, s:s}", "reply", "已调查", "plan", "增加窗口"), 200);
	answered_due[1] = "2026-03-04";
	progress(U_UNIT2, 1, "增设两个窗口", 30, "排班表", 0);
	progress(U_UNIT1, 0, "开展作风整顿", 60, "会议纪要", 0);
	progress(U_UNIT1, 0, "服务规范上墙,每周通报", 100, "照片", 1);
	rectified_due[0] = "2026-03-20";
	stage(U_STATION1, pr[0], "verify", json_pack("{s:b, s:s}", "passed", 1, "note", "现场核查"),
	      200);
	/* One rating per source: the office, station 1, point 1a, the giver of op[0] through
	 * the paper form point 1a enters, and the giver of op[1] through the receipt. */
	rate(U_ADMIN, 0, "unaware");
	rate(U_STATION1, 0, "satisfied");
	rate(U_POINT1A, 0, "basically_satisfied");
	rate_giver(U_POINT1A, 0, "unsatisfied", op[0]);
	r = h_post(NULL, json_pack("{s:s, s:s}", "rating", "satisfied", "note", ""),
		   API "/public/track/%s/evaluation", receipt[1]);
	assert_status_in(r, 200, 201);
	resp_free(&r);
	ratings[0][0]++;
	stage(U_ADMIN, pr[0], "close", json_object(), 200);

	stage(U_UNIT1, pr[4], "acknowledge", json_object(), 200);
	stage(U_UNIT1, pr[4], "feedback", json_pack("{s:s}", "reply", "已扩容"), 200);
	answered_due[4] = "2026-03-09";
	/* An extension after the late answer: the answer stays late, the rectification is on time.
	 */
	stage(U_UNIT1, pr[4], "extension",
	      json_pack("{s:s, s:s}", "due_on", "2026-03-20", "reason", "需要采购设备"), 200);
	stage(U_ADMIN, pr[4], "extension/decision",
	      json_pack("{s:b, s:s}", "approved", 1, "note", ""), 200);
	progress(U_UNIT1, 4, "扩容预约号源", 100, NULL, 1);
	rectified_due[4] = "2026-03-20";
	stage(U_ADMIN, pr[4], "verify", json_pack("{s:b, s:s}", "passed", 1, "note", ""), 200);
	rate(U_ADMIN, 4, "unsatisfied");
	rate(U_STATION1, 4, "unsatisfied");
	rate_giver(U_ADMIN, 4, "satisfied", op[6]);
}

/* ---- expected rows, from the records as the API answers them ---- */

static json_t *opinions_sorted(void)
{
	json_t *a = json_array();
	for (int k = 0; k < NOP; k++)
		json_array_append_new(a, get_json(F.tok[U_ADMIN], API "/opinions/%lld", op[k]));
	return a;
}

static json_t *problems_sorted(void)
{
	json_t *a = json_array();
	for (int k = 0; k < NPR; k++)
		json_array_append_new(a, get_json(F.tok[U_ADMIN], API "/problems/%lld", pr[k]));
	return a;
}

static json_t *g_ops, *g_probs; /* the admin's view of what was created */

/* Form 1's row of opinion @p o; @p private adds the giver's name and phone. */
static json_t *row1(const json_t *o, int private_cols)
{
	json_t *row = json_array();
	char t[32];
	addf(row, "%lld", (long long)jint(o, "id"));
	when(json_object_get(o, "received_at"), t);
	adds(row, t);
	json_int_t point = jint(o, "point_id");
	adds(row, point > 0 ? unit_name(point) : "网上（群众）");
	adds(row, unit_name(jint(o, "target_unit_id")));
	adds(row, label(L_DIM, jstr(o, "dimension")));
	adds(row, label(L_SRC, jstr(o, "source")));
	adds(row, label(L_CH, jstr(o, "channel")));
	adds(row, jstr(o, "content"));
	adds(row, label(L_OS, jstr(o, "status")));
	if (jint(o, "problem_id") > 0)
		addf(row, "%lld", (long long)jint(o, "problem_id"));
	else
		adds(row, "");
	adds(row, str_or(o, "reject_reason"));
	if (private_cols) {
		adds(row, str_or(o, "submitter_name"));
		adds(row, str_or(o, "submitter_phone"));
	}
	return row;
}

static int index_of(json_int_t id)
{
	for (int k = 0; k < NPR; k++)
		if (pr[k] == id)
			return k;
	fail_msg("unknown problem %lld", (long long)id);
	return 0;
}

static int in_form(int form, const json_t *p)
{
	switch (form) {
	case 3:
		return !json_is_null(json_object_get(p, "dispatched_at"));
	case 4:
		return !json_is_null(json_object_get(p, "answered_at")) ||
		       jstr(p, "measures") != NULL;
	case 5:
		return jint(p, "round") > 0;
	default:
		return 1;
	}
}

static const char *unit_of(const json_t *p)
{
	json_int_t u = jint(p, "unit_id");
	return unit_name(u > 0 ? u : jint(p, "target_unit_id"));
}

/* Whether the date of time @p key is on or before @p due, the deadline then in force. */
static const char *on_time(const json_t *p, const char *key, const char *due)
{
	const char *t = jstr(p, key);
	if (t == NULL)
		return "";
	assert_non_null(due);
	return strncmp(t, due, 10) <= 0 ? "是" : "否";
}

static json_t *row_problem(int form, const json_t *p)
{
	json_t *row = json_array();
	char t[32];
	const char *status = jstr(p, "status");
	addf(row, "%lld", (long long)jint(p, "id"));
	adds(row, jstr(p, "title"));
	if (form == 2) {
		adds(row, jstr(p, "summary"));
		adds(row, unit_name(jint(p, "target_unit_id")));
		adds(row, label(L_DIM, jstr(p, "dimension")));
		adds(row, str_or(p, "category"));
		adds(row, label(L_SEV, jstr(p, "severity")));
		addf(row, "%lld", (long long)jint(p, "opinion_count"));
		when(json_object_get(p, "created_at"), t);
		adds(row, t);
		adds(row, label(L_PS, status));
		adds(row, jtrue(p, "flagged") ? "是" : "否");
		return row;
	}
	adds(row, unit_of(p));
	if (form == 3) {
		when(json_object_get(p, "dispatched_at"), t);
		adds(row, t);
		adds(row, str_or(p, "ack_due_on"));
		when(json_object_get(p, "acknowledged_at"), t);
		adds(row, t);
		adds(row, str_or(p, "due_on"));
		when(json_object_get(p, "answered_at"), t);
		adds(row, t);
		adds(row, on_time(p, "answered_at", answered_due[index_of(jint(p, "id"))]));
		adds(row, str_or(p, "reply"));
		adds(row, str_or(p, "plan"));
		adds(row, label(L_PS, status));
		return row;
	}
	int k = index_of(jint(p, "id"));
	if (form == 4) {
		adds(row, str_or(p, "measures"));
		addf(row, "%.1f%%", (double)jint(p, "percent"));
		adds(row, str_or(p, "evidence"));
		addf(row, "%d", reports[k]);
		adds(row, str_or(p, "due_on"));
		when(json_object_get(p, "rectified_at"), t);
		adds(row, t);
		adds(row, on_time(p, "rectified_at", rectified_due[k]));
		int open = strcmp(status, "dispatched") == 0 ||
			   strcmp(status, "acknowledged") == 0 || strcmp(status, "answered") == 0 ||
			   strcmp(status, "rectifying") == 0;
		int overdue = open && jstr(p, "due_on") && strcmp(TODAY, jstr(p, "due_on")) > 0;
		assert_int_equal(overdue, jtrue(p, "overdue"));
		adds(row, overdue ? "是" : "否");
		adds(row, label(L_PS, status));
		return row;
	}
	const int *n = ratings[k];
	int valid = n[0] + n[1] + n[2];
	when(json_object_get(p, "verified_at"), t);
	adds(row, t);
	for (int i = 0; i < 4; i++)
		addf(row, "%d", n[i]);
	addf(row, "%d", valid);
	if (valid) {
		addf(row, "%.1f%%", 100.0 * (n[0] + n[1]) / valid);
		addf(row, "%.2f", (100.0 * n[0] + 75.0 * n[1] + 55.0 * n[2]) / valid);
	} else {
		adds(row, "");
		adds(row, "");
	}
	adds(row, valid == 0 ? "待评价" : 2 * n[2] > valid ? "需重办" : "可销号");
	adds(row, label(L_PS, status));
	when(json_object_get(p, "closed_at"), t);
	adds(row, t);
	return row;
}

/* The expected rows of @p form for the problems (or opinions) whose index bit is in @p mask. */
static json_t *expect(int form, unsigned mask, int private_cols)
{
	json_t *rows = json_array();
	if (form == 1) {
		for (int k = 0; k < NOP; k++)
			if (mask & (1u << k))
				json_array_append_new(
					rows, row1(json_array_get(g_ops, (size_t)k), private_cols));
		return rows;
	}
	for (int k = 0; k < NPR; k++) {
		const json_t *p = json_array_get(g_probs, (size_t)k);
		if ((mask & (1u << k)) && in_form(form, p))
			json_array_append_new(rows, row_problem(form, p));
	}
	return rows;
}

/* ---- canonical cell text and comparisons ---- */

static char *cell_text(const json_t *v, char kind)
{
	char buf[64];
	if (v == NULL || json_is_null(v))
		return xstrdup("");
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	double d = json_number_value(v);
	if (kind == 'I' && json_is_integer(v))
		snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
	else if (kind == 'I')
		snprintf(buf, sizeof buf, "%.0f", d);
	else if (kind == 'P')
		snprintf(buf, sizeof buf, "%.1f%%", d * 100);
	else
		snprintf(buf, sizeof buf, "%.2f", d);
	return xstrdup(buf);
}

static int type_ok(const json_t *v, char kind, int json_ints)
{
	if (v == NULL || json_is_null(v))
		return 1;
	if (kind == 'T')
		return json_is_string(v);
	if (kind == 'I' && json_ints)
		return json_is_integer(v);
	return json_is_number(v);
}

/*
 * Compare @p got (an array of rows, each an array of cells: strings, numbers or null) with
 * @p want (rows of canonical texts). @p strict checks the JSON types (0 for CSV).
 */
static void compare_rows(const char *what, const struct col *cols, int ncols, const json_t *want,
			 const json_t *got, int strict)
{
	if (json_array_size(got) != json_array_size(want)) {
		char *g = json_dumps(got, JSON_COMPACT), *w = json_dumps(want, JSON_COMPACT);
		fail_msg("%s: %zu rows, want %zu\n got:  %.3000s\n want: %.3000s", what,
			 json_array_size(got), json_array_size(want), g, w);
	}
	for (size_t i = 0; i < json_array_size(want); i++) {
		const json_t *w = json_array_get(want, i), *g = json_array_get(got, i);
		if ((int)json_array_size(g) != ncols) {
			char *s = json_dumps(g, JSON_COMPACT);
			fail_msg("%s: row %zu has %zu cells, want %d: %.1000s", what, i,
				 json_array_size(g), ncols, s);
		}
		for (int c = 0; c < ncols; c++) {
			const json_t *cell = json_array_get(g, (size_t)c);
			if (strict && !type_ok(cell, cols[c].kind, strict == 1)) {
				char *s = json_dumps(cell, JSON_ENCODE_ANY);
				fail_msg("%s: row %zu column %s: wrong type %s", what, i,
					 cols[c].label, s);
			}
			char *text = cell_text(cell, cols[c].kind);
			const char *exp = json_string_value(json_array_get(w, (size_t)c));
			if (strcmp(text, exp) != 0)
				fail_msg("%s: row %zu column %s: got \"%s\", want \"%s\"", what, i,
					 cols[c].label, text, exp);
			free(text);
		}
	}
}

/* ---- JSON ---- */

/* Check the JSON export of @p path: its title, and the sheets named @p sheet_names holding @p want.
 */
static void check_json(const char *tok, const char *path, const char *title, const struct col *cols,
		       int ncols, const char *const *sheet_names, const json_t *const *want,
		       int nsheets)
{
	struct dl d = fetch(tok, "%s", path);
	want_status(&d, 200, path);
	assert_non_null(d.ctype);
	assert_true(strncmp(d.ctype, "application/json", 16) == 0);
	assert_null(d.disp); /* an API answer, not a download */
	json_error_t err;
	json_t *j = json_loadb(d.body, d.len, 0, &err);
	if (j == NULL)
		fail_msg("%s: not JSON (%s): %.500s", path, err.text, d.body);
	assert_string_equal(jstr(j, "title"), title);
	json_t *sheets = json_object_get(j, "sheets");
	assert_true(json_is_array(sheets));
	assert_int_equal(json_array_size(sheets), nsheets);
	for (int s = 0; s < nsheets; s++) {
		json_t *sh = json_array_get(sheets, (size_t)s);
		assert_string_equal(jstr(sh, "name"), sheet_names[s]);
		json_t *hc = json_object_get(sh, "columns");
		assert_int_equal(json_array_size(hc), ncols);
		for (int c = 0; c < ncols; c++)
			assert_string_equal(json_string_value(json_array_get(hc, (size_t)c)),
					    cols[c].label);
		compare_rows(path, cols, ncols, want[s], json_object_get(sh, "rows"), 1);
	}
	json_decref(j);
	dl_free(&d);
}

/* ---- CSV ---- */

/*
 * Parse RFC 4180 text (after the BOM): records end in CRLF; a field is quoted when it holds
 * a comma, a quote or a line break, and a quote inside is doubled. Fails on a bare LF or CR
 * outside quotes, or a missing final CRLF. @return an array of records (arrays of strings)
 */
static json_t *csv_parse(const char *what, const char *s, size_t len)
{
	json_t *recs = json_array(), *rec = json_array();
	char *field = malloc(len + 1);
	if (field == NULL)
		abort();
	size_t i = 0, n = 0;
	int quoted = 0, was_quoted = 0;
	while (i < len) {
		char ch = s[i];
		if (quoted) {
			if (ch == '"' && i + 1 < len && s[i + 1] == '"') {
				field[n++] = '"';
				i += 2;
			} else if (ch == '"') {
				quoted = 0;
				i++;
				if (i < len && s[i] != ',' && s[i] != '\r')
					fail_msg("%s: text after a closing quote at byte %zu", what,
						 i);
			} else {
				field[n++] = ch;
				i++;
			}
			continue;
		}
		if (ch == '"' && n == 0 && !was_quoted) {
			quoted = was_quoted = 1;
			i++;
		} else if (ch == ',') {
			field[n] = '\0';
			json_array_append_new(rec, json_string(field));
			n = 0;
			was_quoted = 0;
			i++;
		} else if (ch == '\r' && i + 1 < len && s[i + 1] == '\n') {
			field[n] = '\0';
			json_array_append_new(rec, json_string(field));
			json_array_append_new(recs, rec);
			rec = json_array();
			n = 0;
			was_quoted = 0;
			i += 2;
		} else if (ch == '\r' || ch == '\n' || ch == '"') {
			fail_msg("%s: a bare %s outside quotes at byte %zu", what,
				 ch == '"'    ? "quote"
				 : ch == '\r' ? "CR"
					      : "LF",
				 i);
		} else {
			field[n++] = ch;
			i++;
		}
	}
	if (quoted || n || json_array_size(rec))
		fail_msg("%s: the last record does not end in CRLF", what);
	json_decref(rec);
	free(field);
	return recs;
}

/* The header line as the CSV must write it, with the sheet column first when @p sheet_col. */
static char *csv_header(const struct col *cols, int ncols, int sheet_col)
{
	size_t cap = 64;
	for (int c = 0; c < ncols; c++)
		cap += strlen(cols[c].label) + 1;
	char *s = malloc(cap);
	if (s == NULL)
		abort();
	strcpy(s, sheet_col ? "工作表," : "");
	for (int c = 0; c < ncols; c++) {
		strcat(s, cols[c].label);
		strcat(s, c + 1 < ncols ? "," : "\r\n");
	}
	return s;
}

/*
 * Check the CSV export of @p path: BOM, CRLF, the header exactly, then the rows of @p want
 * (several sheets one after the other, each row led by its sheet's name when @p sheet_col).
 * @return the body, for further checks (the caller frees)
 */
static char *check_csv(const char *tok, const char *path, const char *filename,
		       const struct col *cols, int ncols, const char *const *sheet_names,
		       const json_t *const *want, int nsheets, int sheet_col)
{
	struct dl d = fetch(tok, "%s", path);
	want_status(&d, 200, path);
	assert_non_null(d.ctype);
	assert_string_equal(d.ctype, "text/csv; charset=utf-8");
	if (filename) {
		assert_non_null(d.disp);
		char *enc = curl_easy_escape(NULL, filename, 0);
		char wantd[600];
		snprintf(wantd, sizeof wantd,
			 "attachment; filename=\"export.csv\"; filename*=UTF-8''%s", enc);
		curl_free(enc);
		assert_string_equal(d.disp, wantd);
	}
	if (d.len < 3 || memcmp(d.body, "\xEF\xBB\xBF", 3) != 0)
		fail_msg("%s: no UTF-8 byte-order mark", path);
	char *head = csv_header(cols, ncols, sheet_col);
	if (strncmp(d.body + 3, head, strlen(head)) != 0)
		fail_msg("%s: the header is not\n%s\ngot\n%.400s", path, head, d.body + 3);
	free(head);
	json_t *recs = csv_parse(path, d.body + 3, d.len - 3);
	int shift = sheet_col ? 1 : 0;
	size_t r = 1; /* after the header */
	for (int s = 0; s < nsheets; s++) {
		json_t *g = json_array();
		for (size_t i = 0; i < json_array_size(want[s]) && r < json_array_size(recs);
		     i++, r++) {
			json_t *rec = json_array_get(recs, r);
			if (sheet_col)
				assert_string_equal(json_string_value(json_array_get(rec, 0)),
						    sheet_names[s]);
			json_t *cells = json_array();
			for (size_t c = (size_t)shift; c < json_array_size(rec); c++)
				json_array_append(cells, json_array_get(rec, c));
			json_array_append_new(g, cells);
		}
		compare_rows(path, cols, ncols, want[s], g, 0);
		json_decref(g);
	}
	if (r != json_array_size(recs))
		fail_msg("%s: %zu records, want %zu", path, json_array_size(recs), r);
	json_decref(recs);
	char *body = d.body;
	d.body = NULL;
	dl_free(&d);
	return body;
}

/* ---- XLSX ---- */

static int tmp_seq;

/* Save @p d's body to a new file in the test directory. @return its path (the caller frees) */
static char *save(const struct dl *d, const char *ext)
{
	char *path;
	if (asprintf(&path, "%s/export-%d.%s", h_srv.dir, ++tmp_seq, ext) < 0)
		abort();
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(d->body, 1, d->len, fp), d->len);
	assert_int_equal(fclose(fp), 0);
	return path;
}

/* The output of a shell command (the caller frees); fails unless it exits 0. */
static char *run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t len = 0, cap = 4096;
	char *out = malloc(cap);
	if (out == NULL)
		abort();
	size_t n;
	while ((n = fread(out + len, 1, cap - len - 1, p)) > 0) {
		len += n;
		if (cap - len < 2048) {
			cap *= 2;
			out = realloc(out, cap);
			if (out == NULL)
				abort();
		}
	}
	out[len] = '\0';
	int st = pclose(p);
	if (st != 0)
		fail_msg("%s exited with %d: %.300s", cmd, st, out);
	return out;
}

static char *unzip_member(const char *file, const char *member)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", file, member);
	return run(cmd);
}

static char *xml_text(const char *s, const char *e)
{
	char *out = malloc((size_t)(e - s) + 1), *o = out;
	if (out == NULL)
		abort();
	while (s < e) {
		static const struct {
			const char *ent;
			char ch;
		} ents[] = {{"&amp;", '&'},
			    {"&lt;", '<'},
			    {"&gt;", '>'},
			    {"&quot;", '"'},
			    {"&apos;", '\''}};
		int done = 0;
		for (size_t k = 0; k < sizeof ents / sizeof *ents && *s == '&'; k++) {
			size_t n = strlen(ents[k].ent);
			if (strncmp(s, ents[k].ent, n) == 0) {
				*o++ = ents[k].ch;
				s += n;
				done = 1;
				break;
			}
		}
		if (!done && strncmp(s, "&#", 2) == 0) {
			long cp = s[2] == 'x' ? strtol(s + 3, NULL, 16) : strtol(s + 2, NULL, 10);
			assert_true(cp > 0 && cp < 128);
			*o++ = (char)cp;
			s = strchr(s, ';') + 1;
			done = 1;
		}
		if (!done)
			*o++ = *s++;
	}
	*o = '\0';
	return out;
}

/*
 * The cells of a worksheet's XML: an array with one entry per row from row 1, each an
 * array of @p ncols cells: a string (inline string), a real (number) or null (no value).
 */
static json_t *xlsx_grid(const char *xml, int ncols)
{
	json_t *rows = json_array();
	const char *p = xml;
	while ((p = strstr(p, "<c r=\"")) != NULL) {
		p += 6;
		int col = 0;
		while (*p >= 'A' && *p <= 'Z')
			col = col * 26 + (*p++ - 'A' + 1);
		int row = atoi(p);
		const char *tag_end = strchr(p, '>');
		assert_non_null(tag_end);
		assert_true(row >= 1 && col >= 1);
		while ((int)json_array_size(rows) < row) {
			json_t *r = json_array();
			for (int c = 0; c < ncols; c++)
				json_array_append_new(r, json_null());
			json_array_append_new(rows, r);
		}
		if (tag_end[-1] == '/') { /* no value: a formatted blank */
			p = tag_end;
			continue;
		}
		const char *cend = strstr(tag_end, "</c>");
		assert_non_null(cend);
		json_t *v;
		const char *vs = strstr(tag_end, "<v>"), *ts = strstr(tag_end, "<t");
		if (vs && vs < cend) {
			v = json_real(strtod(vs + 3, NULL));
		} else if (ts && ts < cend) {
			ts = strchr(ts, '>') + 1;
			const char *te = strstr(ts, "</t>");
			assert_true(te && te < cend);
			char *txt = xml_text(ts, te);
			v = json_string(txt);
			free(txt);
		} else {
			fail_msg("a cell with neither <v> nor <t>: %.200s", p);
			return rows;
		}
		json_t *r = json_array_get(rows, (size_t)row - 1);
		if (col > ncols)
			fail_msg("a cell beyond the last column (%d > %d) in row %d", col, ncols,
				 row);
		json_array_set_new(r, (size_t)col - 1, v);
		p = cend;
	}
	return rows;
}

static void col_ref(int ncols, char out[8])
{
	/* At most 26 + 26*26 columns here. */
	if (ncols <= 26)
		snprintf(out, 8, "%c", 'A' + ncols - 1);
	else
		snprintf(out, 8, "%c%c", 'A' + (ncols - 1) / 26 - 1, 'A' + (ncols - 1) % 26);
}

static int count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* The sheet names of xl/workbook.xml, in order, as a JSON array. */
static json_t *xlsx_sheet_names(const char *file)
{
	char *wb = unzip_member(file, "xl/workbook.xml");
	json_t *names_ = json_array();
	for (const char *p = wb; (p = strstr(p, "<sheet name=\"")) != NULL;) {
		p += 13;
		const char *e = strchr(p, '"');
		char *t = xml_text(p, e);
		json_array_append_new(names_, json_string(t));
		free(t);
		p = e;
	}
	free(wb);
	return names_;
}

/*
 * Check one worksheet @p member of @p file: the title merged over row 1, the header in
 * row 2 (frozen), a width per column, then the rows of @p want.
 * @return the sheet's XML (the caller frees)
 */
static char *check_sheet(const char *file, const char *member, const char *title,
			 const struct col *cols, int ncols, const json_t *want)
{
	char *xml = unzip_member(file, member);
	char what[300];
	snprintf(what, sizeof what, "%s:%s", file, member);
	/* The header is frozen under the title: a pane split after row 2. */
	const char *pane = strstr(xml, "<pane ");
	if (pane == NULL || strstr(pane, "ySplit=\"2\"") == NULL ||
	    strstr(pane, "ySplit=\"2\"") > strchr(pane, '>') ||
	    strstr(pane, "state=\"frozen\"") == NULL)
		fail_msg("%s: no frozen pane under row 2: %.800s", what, xml);
	/* A width for each column. */
	const char *cs = strstr(xml, "<cols>"), *ce = strstr(xml, "</cols>");
	if (cs == NULL || ce == NULL)
		fail_msg("%s: no <cols>", what);
	int ncol_el = 0;
	for (const char *p = cs; (p = strstr(p, "<col ")) != NULL && p < ce; p++)
		ncol_el++;
	assert_int_equal(ncol_el, ncols);
	char *sub = strndup(cs, (size_t)(ce - cs));
	assert_int_equal(count(sub, "customWidth=\"1\""), ncols);
	free(sub);
	/* The title merged across every column. */
	char last[8], merge[64];
	col_ref(ncols, last);
	snprintf(merge, sizeof merge, "<mergeCell ref=\"A1:%s1\"/>", last);
	if (ncols > 1 && strstr(xml, merge) == NULL)
		fail_msg("%s: no %s", what, merge);
	/* Strings inline (constant memory), never the shared string table. */
	assert_null(strstr(xml, "t=\"s\""));
	/* Printed on A4 landscape, every column on the paper's width, signed at the foot. */
	if (!strstr(xml, "<pageSetUpPr fitToPage=\"1\"/>") ||
	    !strstr(xml,
		    "<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\"/>") ||
	    !strstr(xml, "填表人：") || !strstr(xml, "单位（盖章）：") || !strstr(xml, "&amp;P"))
		fail_msg("%s: not set up to print on A4 landscape at the paper's width", what);

	json_t *grid = xlsx_grid(xml, ncols);
	assert_true(json_array_size(grid) >= 2);
	json_t *r1 = json_array_get(grid, 0);
	assert_string_equal(json_string_value(json_array_get(r1, 0)), title);
	for (int c = 1; c < ncols; c++)
		assert_true(json_is_null(json_array_get(r1, (size_t)c)));
	json_t *r2 = json_array_get(grid, 1);
	for (int c = 0; c < ncols; c++) {
		const char *h = json_string_value(json_array_get(r2, (size_t)c));
		if (h == NULL || strcmp(h, cols[c].label) != 0)
			fail_msg("%s: header cell %d is %s, want %s", what, c + 1, h ? h : "(none)",
				 cols[c].label);
	}
	json_t *data = json_array();
	for (size_t i = 2; i < json_array_size(grid); i++)
		json_array_append(data, json_array_get(grid, i));
	compare_rows(what, cols, ncols, want, data, 2);
	json_decref(data);
	json_decref(grid);
	return xml;
}

/* Download an XLSX export; check its type and file name. @return the saved file's path */
static char *get_xlsx(const char *tok, const char *path, const char *filename)
{
	struct dl d = fetch(tok, "%s", path);
	want_status(&d, 200, path);
	assert_non_null(d.ctype);
	assert_string_equal(d.ctype,
			    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_true(d.len > 4 && memcmp(d.body, "PK\x03\x04", 4) == 0);
	if (filename) {
		assert_non_null(d.disp);
		char *enc = curl_easy_escape(NULL, filename, 0);
		char wantd[600];
		snprintf(wantd, sizeof wantd,
			 "attachment; filename=\"export.xlsx\"; filename*=UTF-8''%s", enc);
		curl_free(enc);
		assert_string_equal(d.disp, wantd);
	}
	char *file = save(&d, "xlsx");
	dl_free(&d);
	return file;
}

/* ---- group setup ---- */

static int group_setup(void **state)
{
	if (h_group_setup(state) != 0)
		return -1;
	scenario();
	g_ops = opinions_sorted();
	g_probs = problems_sorted();
	return 0;
}

static int group_teardown(void **state)
{
	json_decref(g_ops);
	json_decref(g_probs);
	for (int k = 0; k < NOP; k++)
		free(receipt[k]);
	return h_group_teardown(state);
}

static char *form_path(int form, const char *query)
{
	char *p;
	if (asprintf(&p, API "/campaigns/%lld/forms/%d%s%s", (long long)F.campaign, form,
		     query && *query ? "?" : "", query ? query : "") < 0)
		abort();
	return p;
}

static char *form_title(int form)
{
	char *t;
	if (asprintf(&t, "%s %s", CAMPAIGN, FORM_NAMES[form]) < 0)
		abort();
	return t;
}

static char *form_file(int form, const char *ext)
{
	char *t;
	if (asprintf(&t, "%s-%s.%s", CAMPAIGN, FORM_NAMES[form], ext) < 0)
		abort();
	return t;
}

/* Check form @p form for @p tok with @p query in all three formats against @p want (one sheet). */
static void check_form(const char *tok, int form, const char *query, int ncols, json_t *want)
{
	const struct col *cols = FORM_COLS[form];
	char *title = form_title(form);
	const char *sheet = FORM_NAMES[form];
	char q[300];
	const json_t *w[1] = {want};

	snprintf(q, sizeof q, "%s%sformat=json", query ? query : "", query && *query ? "&" : "");
	char *path = form_path(form, q);
	check_json(tok, path, title, cols, ncols, &sheet, w, 1);
	free(path);
	if (query == NULL || !*query) { /* no format: JSON as well */
		path = form_path(form, NULL);
		check_json(tok, path, title, cols, ncols, &sheet, w, 1);
		free(path);
	}

	snprintf(q, sizeof q, "%s%sformat=csv", query ? query : "", query && *query ? "&" : "");
	path = form_path(form, q);
	char *fname = form_file(form, "csv");
	free(check_csv(tok, path, fname, cols, ncols, &sheet, w, 1, 0));
	free(fname);
	free(path);

	snprintf(q, sizeof q, "%s%sformat=xlsx", query ? query : "", query && *query ? "&" : "");
	path = form_path(form, q);
	fname = form_file(form, "xlsx");
	char *file = get_xlsx(tok, path, fname);
	json_t *sn = xlsx_sheet_names(file);
	assert_int_equal(json_array_size(sn), 1);
	assert_string_equal(json_string_value(json_array_get(sn, 0)), sheet);
	json_decref(sn);
	free(check_sheet(file, "xl/worksheets/sheet1.xml", title, cols, ncols, want));
	free(file);
	free(fname);
	free(path);
	free(title);
}

#define ALL_OPS   ((1u << NOP) - 1)
#define ALL_PROBS ((1u << NPR) - 1)
#define B(k)      (1u << (k))

/* ---- the tests ---- */

/* What the scenario should have made, in the literal values sent (not only as read back). */
static void test_scenario_literals(void **state)
{
	(void)state;
	json_t *rows = expect(1, ALL_OPS, 1);
	json_t *r0 = json_array_get(rows, 0);
	assert_string_equal(json_string_value(json_array_get(r0, 1)), "2026-02-25 10:15");
	assert_string_equal(json_string_value(json_array_get(r0, 2)), "第一监测站监测点1");
	assert_string_equal(json_string_value(json_array_get(r0, 7)), C1);
	assert_string_equal(json_string_value(json_array_get(r0, 11)), names[0]);
	json_t *r6 = json_array_get(rows, 6);
	assert_string_equal(json_string_value(json_array_get(r6, 2)), "网上（群众）");
	assert_string_equal(json_string_value(json_array_get(r6, 1)), "2026-03-02 09:00");
	assert_string_equal(json_string_value(json_array_get(json_array_get(rows, 5), 10)),
			    "与本次评议无关");
	json_decref(rows);

	rows = expect(3, ALL_PROBS, 0);
	assert_int_equal(json_array_size(rows), 4); /* P4 never dispatched */
	static const char *const p1[] = {NULL,
					 "窗口服务态度与审批效率",
					 "区住建局",
					 "2026-03-02 09:00",
					 "2026-03-03",
					 "2026-03-05 10:30",
					 "2026-03-20",
					 "2026-03-05 10:30",
					 "是",
					 "情况属实,已约谈窗口负责人",
					 "一、公开承诺；二、每周抽查",
					 "已销号"};
	for (int c = 1; c < NC(F3); c++)
		assert_string_equal(json_string_value(json_array_get(json_array_get(rows, 0), c)),
				    p1[c]);
	json_t *p2 = json_array_get(rows, 1);
	assert_string_equal(json_string_value(json_array_get(p2, 6)), "2026-03-04");
	assert_string_equal(json_string_value(json_array_get(p2, 7)), "2026-03-10 14:20");
	assert_string_equal(json_string_value(json_array_get(p2, 8)), "否");
	json_t *p3 = json_array_get(rows, 2);
	assert_string_equal(json_string_value(json_array_get(p3, 2)), "区住建局"); /* not dept 3 */
	assert_string_equal(json_string_value(json_array_get(p3, 11)), "已退回");
	/* P5: answered late (03-10 > 03-09); the extension to 03-20 came after the answer. */
	json_t *p5 = json_array_get(rows, 3);
	assert_string_equal(json_string_value(json_array_get(p5, 6)), "2026-03-20");
	assert_string_equal(json_string_value(json_array_get(p5, 8)), "否");
	json_decref(rows);

	rows = expect(4, ALL_PROBS, 0);
	assert_int_equal(json_array_size(rows), 3); /* P1, P2, P5 */
	assert_string_equal(json_string_value(json_array_get(json_array_get(rows, 0), 9)), "是");
	assert_string_equal(json_string_value(json_array_get(json_array_get(rows, 1), 10)), "是");
	assert_string_equal(json_string_value(json_array_get(json_array_get(rows, 2), 9)), "是");
	json_decref(rows);

	rows = expect(5, ALL_PROBS, 0);
	assert_int_equal(json_array_size(rows), 2);
	/* P1: 满意 station 1 and the public (op[1]'s receipt), 基本满意 point 1a, 不满意
	 * op[0]'s giver on paper, 不了解 the office: 3 of 4 valid satisfied, (2·100 + 75 +
	 * 55) / 4 = 82.50 */
	static const char *const r5a[] = {"2",     "1",     "1",      "1",     "4",
					  "75.0%", "82.50", "可销号", "已销号"};
	static const char *const r5b[] = {"1",     "0",     "2",      "0",     "3",
					  "33.3%", "70.00", "需重办", "已验收"};
	for (int c = 0; c < 9; c++) {
		assert_string_equal(
			json_string_value(json_array_get(json_array_get(rows, 0), 4 + c)), r5a[c]);
		assert_string_equal(
			json_string_value(json_array_get(json_array_get(rows, 1), 4 + c)), r5b[c]);
	}
	json_decref(rows);
}

static void test_form1_admin(void **state)
{
	(void)state;
	json_t *want = expect(1, ALL_OPS, 1);
	check_form(F.tok[U_ADMIN], 1, NULL, NC(F1), want);
	json_decref(want);

	/* The tricky content, quoted as RFC 4180 says, and the giver's data present. */
	char *path = form_path(1, "format=csv");
	struct dl d = fetch(F.tok[U_ADMIN], "%s", path);
	if (strstr(d.body, C1_CSV) == NULL)
		fail_msg("the CSV lacks the quoted field %s", C1_CSV);
	for (int k = 0; k < 5; k++) {
		assert_non_null(strstr(d.body, names[k]));
		assert_non_null(strstr(d.body, phones[k]));
	}
	/* the receipts are the givers': not even the office's form shows them */
	for (int k = 0; k < NOP; k++)
		if (receipt[k])
			assert_null(strstr(d.body, receipt[k]));
	dl_free(&d);
	free(path);
}

static void test_forms_2_to_5_admin(void **state)
{
	(void)state;
	for (int form = 2; form <= 5; form++) {
		json_t *want = expect(form, ALL_PROBS, 0);
		check_form(F.tok[U_ADMIN], form, NULL, FORM_NCOLS[form], want);
		json_decref(want);
	}
}

static void test_split_unit(void **state)
{
	(void)state;
	/* Form 1: one sheet per target unit, in unit order. */
	static const char *const u1[] = {"区住建局", "区市场监管局", "区人社局", "城关街道"};
	const unsigned m1[] = {B(0) | B(1) | B(6) | B(7), B(3) | B(5), B(2), B(4)};
	json_t *w1[4];
	for (int s = 0; s < 4; s++)
		w1[s] = expect(1, m1[s], 1);
	char *title = form_title(1);
	char *path = form_path(1, "split=unit");
	check_json(F.tok[U_ADMIN], path, title, F1, NC(F1), u1, (const json_t *const *)w1, 4);
	free(path);
	path = form_path(1, "split=unit&format=csv");
	free(check_csv(F.tok[U_ADMIN], path, NULL, F1, NC(F1), u1, (const json_t *const *)w1, 4,
		       1));
	free(path);
	path = form_path(1, "split=unit&format=xlsx");
	char *file = get_xlsx(F.tok[U_ADMIN], path, NULL);
	json_t *sn = xlsx_sheet_names(file);
	assert_int_equal(json_array_size(sn), 4);
	for (int s = 0; s < 4; s++) {
		assert_string_equal(json_string_value(json_array_get(sn, (size_t)s)), u1[s]);
		char member[64];
		snprintf(member, sizeof member, "xl/worksheets/sheet%d.xml", s + 1);
		free(check_sheet(file, member, title, F1, NC(F1), w1[s]));
		json_decref(w1[s]);
	}
	json_decref(sn);
	free(file);
	free(path);
	free(title);
	/* split=none is the default; anything else is refused. */
	path = form_path(1, "split=none&format=csv");
	json_t *all = expect(1, ALL_OPS, 1);
	const json_t *wa[1] = {all};
	const char *sheet1 = FORM_NAMES[1];
	free(check_csv(F.tok[U_ADMIN], path, NULL, F1, NC(F1), &sheet1, wa, 1, 0));
	json_decref(all);
	free(path);

	/* Form 3: by the unit dispatched to, so P3 (about dept 3) is on dept 1's sheet. */
	static const char *const u3[] = {"区住建局", "区市场监管局"};
	json_t *w3[2] = {expect(3, B(0) | B(2) | B(4), 0), expect(3, B(1), 0)};
	title = form_title(3);
	path = form_path(3, "split=unit");
	check_json(F.tok[U_ADMIN], path, title, F3, NC(F3), u3, (const json_t *const *)w3, 2);
	free(path);
	path = form_path(3, "format=csv&split=unit");
	free(check_csv(F.tok[U_ADMIN], path, NULL, F3, NC(F3), u3, (const json_t *const *)w3, 2,
		       1));
	free(path);
	path = form_path(3, "format=xlsx&split=unit");
	file = get_xlsx(F.tok[U_ADMIN], path, NULL);
	sn = xlsx_sheet_names(file);
	assert_int_equal(json_array_size(sn), 2);
	for (int s = 0; s < 2; s++) {
		assert_string_equal(json_string_value(json_array_get(sn, (size_t)s)), u3[s]);
		char member[64];
		snprintf(member, sizeof member, "xl/worksheets/sheet%d.xml", s + 1);
		free(check_sheet(file, member, title, F3, NC(F3), w3[s]));
		json_decref(w3[s]);
	}
	json_decref(sn);
	free(file);
	free(path);
	free(title);

	/* Form 2 split: P4 (open) on the street's sheet, under its target. */
	static const char *const u2[] = {"区住建局", "区市场监管局", "城关街道"};
	json_t *w2[3] = {expect(2, B(0) | B(2) | B(4), 0), expect(2, B(1), 0), expect(2, B(3), 0)};
	title = form_title(2);
	path = form_path(2, "split=unit");
	check_json(F.tok[U_ADMIN], path, title, F2, NC(F2), u2, (const json_t *const *)w2, 3);
	for (int s = 0; s < 3; s++)
		json_decref(w2[s]);
	free(path);
	free(title);
}

/* One JSON check of @p form with @p query against the rows of @p mask. */
static void filtered(const char *tok, int form, const char *query, unsigned mask, int private_cols)
{
	char q[300];
	snprintf(q, sizeof q, "%s%sformat=json", query, *query ? "&" : "");
	char *path = form_path(form, q);
	char *title = form_title(form);
	json_t *want = expect(form, mask, private_cols);
	const json_t *w[1] = {want};
	const char *sheet = FORM_NAMES[form];
	int ncols = form == 1 && !private_cols ? NC(F1) - 2 : FORM_NCOLS[form];
	check_json(tok, path, title, FORM_COLS[form], ncols, &sheet, w, 1);
	json_decref(want);
	free(title);
	free(path);
}

static void test_filters(void **state)
{
	(void)state;
	const char *a = F.tok[U_ADMIN];
	char q[200];
	/* unit_id: the target or the unit dispatched to. */
	snprintf(q, sizeof q, "unit_id=%lld", (long long)F.dept[0]);
	filtered(a, 2, q, B(0) | B(2) | B(4), 0);
	filtered(a, 3, q, B(0) | B(2) | B(4), 0);
	filtered(a, 1, q, B(0) | B(1) | B(6) | B(7), 1);
	snprintf(q, sizeof q, "unit_id=%lld", (long long)F.dept[2]);
	filtered(a, 2, q, B(2), 0);
	snprintf(q, sizeof q, "unit_id=%lld&format=csv", (long long)F.dept[1]);
	char *path = form_path(4, q);
	json_t *want = expect(4, B(1), 0);
	const json_t *w[1] = {want};
	const char *sheet = FORM_NAMES[4];
	free(check_csv(a, path, NULL, F4, NC(F4), &sheet, w, 1, 0));
	json_decref(want);
	free(path);
	snprintf(q, sizeof q, "unit_id=%lld&format=xlsx", (long long)F.dept[1]);
	path = form_path(4, q);
	char *file = get_xlsx(a, path, NULL);
	want = expect(4, B(1), 0);
	char *title = form_title(4);
	free(check_sheet(file, "xl/worksheets/sheet1.xml", title, F4, NC(F4), want));
	free(title);
	json_decref(want);
	free(file);
	free(path);

	/* status: an opinion status on form 1, a problem status on the others. */
	filtered(a, 1, "status=rejected", B(5), 1);
	filtered(a, 1, "status=received", B(7), 1);
	filtered(a, 2, "status=open", B(3), 0);
	filtered(a, 3, "status=returned", B(2), 0);
	filtered(a, 5, "status=verified", B(4), 0);
	filtered(a, 4, "status=closed", B(0), 0);

	/* from/to: received (form 1), summarized (forms 2-5), days in +08:00, both inclusive. */
	filtered(a, 1, "from=2026-03-01&to=2026-03-01", B(1), 1);
	filtered(a, 1, "to=2026-02-28", B(0) | B(3), 1);
	filtered(a, 1, "from=2026-03-02", B(2) | B(4) | B(5) | B(6) | B(7), 1);
	filtered(a, 2, "from=2026-03-05", B(4), 0);
	filtered(a, 2, "to=2026-03-04", B(0) | B(1) | B(2) | B(3), 0);
	filtered(a, 3, "from=2026-03-02&to=2026-03-02", B(0) | B(1) | B(2), 0);
	filtered(a, 2, "from=2026-03-06", 0, 0); /* empty: the header only */

	/* station_id and point_id. */
	snprintf(q, sizeof q, "station_id=%lld", (long long)F.station[1]);
	filtered(a, 2, q, B(1) | B(3), 0);
	filtered(a, 1, q, B(3) | B(4) | B(5), 1);
	snprintf(q, sizeof q, "station_id=%lld", (long long)F.station[0]);
	filtered(a, 1, q, B(0) | B(1) | B(2) | B(6) | B(7), 1);
	snprintf(q, sizeof q, "point_id=%lld", (long long)F.point[0][0]);
	filtered(a, 2, q, B(0), 0);
	filtered(a, 1, q, B(0) | B(1) | B(7), 1);
	/* Filters together. */
	snprintf(q, sizeof q, "unit_id=%lld&status=closed&from=2026-03-02", (long long)F.dept[0]);
	filtered(a, 5, q, B(0), 0);

	/* An empty export still has its header, in every format. */
	path = form_path(3, "status=open&format=csv");
	want = json_array();
	w[0] = want;
	sheet = FORM_NAMES[3];
	free(check_csv(a, path, NULL, F3, NC(F3), &sheet, w, 1, 0));
	free(path);
	path = form_path(3, "status=open&format=xlsx");
	file = get_xlsx(a, path, NULL);
	title = form_title(3);
	free(check_sheet(file, "xl/worksheets/sheet1.xml", title, F3, NC(F3), want));
	free(title);
	free(file);
	free(path);
	json_decref(want);
}

static void test_bad_requests(void **state)
{
	(void)state;
	const char *a = F.tok[U_ADMIN];
	static const char *const bad[] = {
		"format=bogus",
		"format=XLSX",
		"split=station",
		"unit_id=abc",
		"unit_id=0",
		"station_id=-1",
		"point_id=x",
		"status=bogus",
		"from=2026-13-01",
		"to=yesterday",
		"from=2026-03-05&to=2026-03-04",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct resp r =
			h_get(a, API "/campaigns/%lld/forms/2?%s", (long long)F.campaign, bad[i]);
		assert_problem(r, 400);
		resp_free(&r);
	}
	/* A problem status is not an opinion status, and the other way round. */
	struct resp r = h_get(a, API "/campaigns/%lld/forms/1?status=open", (long long)F.campaign);
	assert_problem(r, 400);
	resp_free(&r);
	r = h_get(a, API "/campaigns/%lld/forms/2?status=merged", (long long)F.campaign);
	assert_problem(r, 400);
	resp_free(&r);
	/* The format is named in the error. */
	r = h_get(a, API "/campaigns/%lld/forms/3?format=bogus", (long long)F.campaign);
	assert_problem(r, 400);
	assert_true(h_json_has_string(r.json, "format"));
	resp_free(&r);
	/* Forms 1 to 5 only; campaigns that exist. */
	static const char *const nf[] = {"6", "0", "99"};
	for (size_t i = 0; i < 3; i++) {
		r = h_get(a, API "/campaigns/%lld/forms/%s?format=csv", (long long)F.campaign,
			  nf[i]);
		assert_status(r, 404);
		resp_free(&r);
	}
	r = h_get(a, API "/campaigns/999/forms/1");
	assert_status(r, 404);
	resp_free(&r);
	r = h_get(NULL, API "/campaigns/%lld/forms/2?format=csv", (long long)F.campaign);
	assert_status(r, 401);
	resp_free(&r);
}

static void test_unit_role(void **state)
{
	(void)state;
	const char *u1 = F.tok[U_UNIT1], *u2 = F.tok[U_UNIT2];
	/* Form 1 holds opinions, which a unit never reads: absent, in every format. */
	static const char *const fmts[] = {"", "?format=json", "?format=csv", "?format=xlsx"};
	for (int i = 0; i < 4; i++) {
		struct resp r =
			h_get(u1, API "/campaigns/%lld/forms/1%s", (long long)F.campaign, fmts[i]);
		assert_problem(r, 404);
		resp_free(&r);
	}
	/* Its forms 2 to 5 list only the problems now dispatched to it: not P3, returned. */
	json_t *want = expect(3, B(0) | B(4), 0);
	check_form(u1, 3, NULL, NC(F3), want);
	json_decref(want);
	for (int form = 2; form <= 5; form++) {
		filtered(u1, form, "", B(0) | B(4), 0);
		filtered(u2, form, "", B(1), 0);
	}
	/* A filter cannot widen the scope. */
	char q[64];
	snprintf(q, sizeof q, "unit_id=%lld", (long long)F.dept[1]);
	filtered(u1, 3, q, 0, 0);
	/* The CSV of form 3: P1 and P5 only, no other unit's names. */
	char *path = form_path(3, "format=csv");
	struct dl d = fetch(u1, "%s", path);
	want_status(&d, 200, path);
	assert_null(strstr(d.body, "区市场监管局"));
	assert_null(strstr(d.body, "办事指南更新不及时"));
	dl_free(&d);
	free(path);
	/* Scores are not for units. */
	struct resp r = h_get(u1, API "/campaigns/%lld/scores?format=csv", (long long)F.campaign);
	assert_problem(r, 403);
	resp_free(&r);
}

static void test_other_roles(void **state)
{
	(void)state;
	/* A station: the problems of the units it follows; its opinions with the giver's data. */
	const char *q = "";
	filtered(F.tok[U_STATION2], 2, q, B(1) | B(3), 0);
	filtered(F.tok[U_STATION2], 1, q, B(3) | B(4) | B(5), 1);
	filtered(F.tok[U_STATION1], 3, q, B(0) | B(2) | B(4), 0);
	/* A point: its own opinions, and the problems they went into. */
	filtered(F.tok[U_POINT1A], 1, q, B(0) | B(1) | B(7), 1);
	filtered(F.tok[U_POINT1A], 2, q, B(0), 0);
	filtered(F.tok[U_POINT2A], 4, q, B(1), 0);
}

static void test_leader(void **state)
{
	(void)state;
	const char *l = F.tok[U_LEADER];
	const int n = NC(F1) - 2;
	json_t *want = expect(1, ALL_OPS, 0);
	check_form(l, 1, NULL, n, want);
	json_decref(want);
	/* The giver's name, phone and receipt appear nowhere in any of the three files. */
	static const char *const fmts[] = {"json", "csv", "xlsx"};
	for (int f = 0; f < 3; f++) {
		char q[64];
		snprintf(q, sizeof q, "format=%s", fmts[f]);
		char *path = form_path(1, q);
		struct dl d = fetch(l, "%s", path);
		want_status(&d, 200, path);
		char *text;
		if (f == 2) {
			char *file = save(&d, "xlsx");
			text = unzip_member(file, "xl/worksheets/sheet1.xml");
			free(file);
		} else {
			text = xstrdup(d.body);
		}
		assert_null(strstr(text, "意见提供人"));
		assert_null(strstr(text, "联系电话"));
		assert_null(strstr(text, "回执号"));
		for (int k = 0; k < 5; k++) {
			if (strstr(text, names[k]) || strstr(text, phones[k]))
				fail_msg("%s: the leader's form 1 shows %s / %s", path, names[k],
					 phones[k]);
		}
		for (int k = 0; k < NOP; k++)
			if (strstr(text, receipt[k]))
				fail_msg("%s: the leader's form 1 shows receipt %s", path,
					 receipt[k]);
		free(text);
		dl_free(&d);
		free(path);
	}
	/* The other forms as the office sees them. */
	for (int form = 2; form <= 5; form++)
		filtered(l, form, "", ALL_PROBS, 0);
}

/* The score report: one section (CSV) or sheet (XLSX) per ranking group. */
static void test_scores(void **state)
{
	(void)state;
	const char *a = F.tok[U_ADMIN];
	struct resp js = h_get(a, API "/campaigns/%lld/scores?level=unit", (long long)F.campaign);
	assert_status(js, 200);
	json_t *items = json_object_get(js.json, "items");
	assert_true(json_array_size(items) >= 2);
	static const struct label L_GROUP[] = {{"department", "部门"},
					       {"street", "街镇"},
					       {"station", "监测站"},
					       {"point", "监测点"},
					       {0}};
	/* The groups in order, as sheet names. */
	json_t *groups = json_array();
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		const char *g = label(L_GROUP, jstr(it, "group"));
		size_t n = json_array_size(groups);
		if (n == 0 || strcmp(json_string_value(json_array_get(groups, n - 1)), g) != 0)
			json_array_append_new(groups, json_string(g));
	}
	assert_int_equal(json_array_size(groups), 2); /* departments and the street */

	struct dl d =
		fetch(a, API "/campaigns/%lld/scores?level=unit&format=csv", (long long)F.campaign);
	want_status(&d, 200, "scores csv");
	assert_string_equal(d.ctype, "text/csv; charset=utf-8");
	char *enc = curl_easy_escape(NULL, CAMPAIGN "-量化评分-unit.csv", 0);
	char wantd[400];
	snprintf(wantd, sizeof wantd, "attachment; filename=\"export.csv\"; filename*=UTF-8''%s",
		 enc);
	curl_free(enc);
	assert_string_equal(d.disp, wantd);
	assert_true(d.len > 3 && memcmp(d.body, "\xEF\xBB\xBF", 3) == 0);
	char *head = csv_header(SC, NC(SC), 1);
	assert_true(strncmp(d.body + 3, head, strlen(head)) == 0);
	free(head);
	json_t *recs = csv_parse("scores csv", d.body + 3, d.len - 3);
	assert_int_equal(json_array_size(recs), json_array_size(items) + 1);
	json_array_foreach(items, i, it)
	{
		json_t *rec = json_array_get(recs, i + 1);
		assert_int_equal(json_array_size(rec), NC(SC) + 1);
#define CELL(c) json_string_value(json_array_get(rec, (c) + 1))
		assert_string_equal(json_string_value(json_array_get(rec, 0)),
				    label(L_GROUP, jstr(it, "group")));
		char buf[64];
		json_t *rank = json_object_get(it, "rank");
		if (json_is_integer(rank))
			snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(rank));
		else
			buf[0] = '\0';
		assert_string_equal(CELL(0), buf);
		if (json_is_integer(rank)) {
			json_int_t lo = jint(it, "rank_low"), hi = jint(it, "rank_high");
			if (lo == hi)
				snprintf(buf, sizeof buf, "%lld", (long long)lo);
			else
				snprintf(buf, sizeof buf, "%lld–%lld", (long long)lo,
					 (long long)hi);
		}
		assert_string_equal(CELL(1), buf);
		assert_string_equal(CELL(2), jstr(it, "name"));
		snprintf(buf, sizeof buf, "%lld", (long long)jint(it, "evaluations"));
		assert_string_equal(CELL(3), buf);
		json_t *comp = json_object_get(it, "composite");
		if (json_is_number(comp))
			assert_true(fabs(strtod(CELL(4), NULL) - json_number_value(comp)) < 0.006);
		else
			assert_string_equal(CELL(4), "");
		json_t *sr = json_object_get(json_object_get(it, "satisfaction_rate"), "value");
		if (json_is_number(sr)) {
			const char *s = CELL(13);
			assert_true(strlen(s) > 1 && s[strlen(s) - 1] == '%');
			assert_true(fabs(strtod(s, NULL) - 100 * json_number_value(sr)) < 0.06);
		} else {
			assert_string_equal(CELL(13), "");
		}
		/* no survey published here: 测评得分 empty, 工作得分 the composite */
		assert_string_equal(CELL(10), "");
		json_t *work = json_object_get(it, "work_composite");
		if (json_is_number(work))
			assert_true(fabs(strtod(CELL(11), NULL) - json_number_value(work)) < 0.006);
		else
			assert_string_equal(CELL(11), "");
		assert_string_equal(CELL(8), jtrue(it, "tie") ? "是" : "否");
		assert_string_equal(CELL(9), jtrue(it, "insufficient_data") ? "是" : "否");
		json_t *counts = json_object_get(it, "counts");
		snprintf(buf, sizeof buf, "%lld", (long long)jint(counts, "opinions"));
		assert_string_equal(CELL(25), buf);
		snprintf(buf, sizeof buf, "%lld", (long long)jint(counts, "problems"));
		assert_string_equal(CELL(26), buf);
		snprintf(buf, sizeof buf, "%lld", (long long)jint(it, "overdue"));
		assert_string_equal(CELL(28), buf);
#undef CELL
	}
	json_decref(recs);
	dl_free(&d);

	/* XLSX: a sheet per group, each with the title, the frozen header and its rows. */
	char *path;
	if (asprintf(&path, API "/campaigns/%lld/scores?level=unit&format=xlsx",
		     (long long)F.campaign) < 0)
		abort();
	char *file = get_xlsx(a, path, CAMPAIGN "-量化评分-unit.xlsx");
	json_t *sn = xlsx_sheet_names(file);
	assert_true(json_equal(sn, groups));
	char cmd[400];
	snprintf(cmd, sizeof cmd, "unzip -Z1 '%s'", file);
	char *list = run(cmd);
	assert_int_equal(count(list, "xl/worksheets/sheet"), (int)json_array_size(groups));
	free(list);
	size_t row = 0;
	for (size_t s = 0; s < json_array_size(groups); s++) {
		char member[64];
		snprintf(member, sizeof member, "xl/worksheets/sheet%zu.xml", s + 1);
		char *xml = unzip_member(file, member);
		json_t *grid = xlsx_grid(xml, NC(SC));
		assert_string_equal(json_string_value(json_array_get(json_array_get(grid, 0), 0)),
				    CAMPAIGN " 量化评分表");
		for (int c = 0; c < NC(SC); c++)
			assert_string_equal(json_string_value(json_array_get(
						    json_array_get(grid, 1), (size_t)c)),
					    SC[c].label);
		assert_non_null(strstr(xml, "ySplit=\"2\""));
		for (size_t k = 2; k < json_array_size(grid); k++, row++) {
			json_t *item = json_array_get(items, row);
			assert_string_equal(
				json_string_value(json_array_get(json_array_get(grid, k), 2)),
				jstr(item, "name"));
			assert_string_equal(label(L_GROUP, jstr(item, "group")),
					    json_string_value(json_array_get(groups, s)));
		}
		json_decref(grid);
		free(xml);
	}
	assert_int_equal(row, json_array_size(items));
	json_decref(sn);
	free(file);
	free(path);
	json_decref(groups);
	resp_free(&js);

	/* Station level: a single group. */
	d = fetch(a, API "/campaigns/%lld/scores?level=station&format=csv", (long long)F.campaign);
	want_status(&d, 200, "station scores csv");
	recs = csv_parse("station scores", d.body + 3, d.len - 3);
	assert_int_equal(json_array_size(recs), 3); /* header + two stations */
	for (size_t k = 1; k < 3; k++)
		assert_string_equal(json_string_value(json_array_get(json_array_get(recs, k), 0)),
				    "监测站");
	json_decref(recs);
	dl_free(&d);

	struct resp r = h_get(a, API "/campaigns/%lld/scores?format=bogus", (long long)F.campaign);
	assert_problem(r, 400);
	resp_free(&r);
	/* A leader may download it. */
	d = fetch(F.tok[U_LEADER], API "/campaigns/%lld/scores?format=xlsx", (long long)F.campaign);
	want_status(&d, 200, "leader scores xlsx");
	dl_free(&d);
}

/* wubiao export forms writes the same file as the API gives the office. */
static void test_cli_export(void **state)
{
	(void)state;
	char camp[32];
	snprintf(camp, sizeof camp, "%lld", (long long)F.campaign);
	setenv("WUBIAO_NOW", T2, 1);
	for (int form = 1; form <= 5; form++) {
		char fs[16], out[300], *log = NULL;
		snprintf(fs, sizeof fs, "%d", form);
		snprintf(out, sizeof out, "%s/cli-form%d.csv", h_srv.dir, form);
		int rc = h_cli(NULL, &log, "export", "forms", "--db", h_srv.db, "--campaign", camp,
			       "--form", fs, "--format", "csv", "--out", out, NULL);
		if (rc != 0)
			fail_msg("wubiao export forms --form %d exited %d: %s", form, rc, log);
		free(log);
		char *path = form_path(form, "format=csv");
		struct dl d = fetch(F.tok[U_ADMIN], "%s", path);
		FILE *fp = fopen(out, "rb");
		assert_non_null(fp);
		char *buf = malloc(d.len + 2);
		size_t n = fread(buf, 1, d.len + 1, fp);
		fclose(fp);
		if (n != d.len || memcmp(buf, d.body, n) != 0)
			fail_msg("form %d: the CLI's CSV (%zu bytes) differs from the API's (%zu)",
				 form, n, d.len);
		free(buf);
		dl_free(&d);
		free(path);
	}
	/* With filters and split, as XLSX. */
	char out[300], unit[32], *log = NULL;
	snprintf(out, sizeof out, "%s/cli-form3.xlsx", h_srv.dir);
	snprintf(unit, sizeof unit, "%lld", (long long)F.dept[0]);
	int rc = h_cli(NULL, &log, "export", "forms", "--db", h_srv.db, "--campaign", camp,
		       "--form", "3", "--unit", unit, "--split", "unit", "--out", out, NULL);
	if (rc != 0)
		fail_msg("wubiao export forms (xlsx) exited %d: %s", rc, log);
	assert_non_null(strstr(log, "wrote 3 rows"));
	free(log);
	json_t *sn = xlsx_sheet_names(out);
	assert_int_equal(json_array_size(sn), 1);
	assert_string_equal(json_string_value(json_array_get(sn, 0)), "区住建局");
	json_decref(sn);
	json_t *want = expect(3, B(0) | B(2) | B(4), 0);
	char *title = form_title(3);
	free(check_sheet(out, "xl/worksheets/sheet1.xml", title, F3, NC(F3), want));
	free(title);
	json_decref(want);
	/* The score report. */
	snprintf(out, sizeof out, "%s/cli-scores.csv", h_srv.dir);
	rc = h_cli(NULL, &log, "export", "scores", "--db", h_srv.db, "--campaign", camp, "--format",
		   "csv", "--out", out, NULL);
	if (rc != 0)
		fail_msg("wubiao export scores exited %d: %s", rc, log);
	free(log);
	/* Bad options. */
	rc = h_cli(NULL, &log, "export", "forms", "--db", h_srv.db, "--campaign", camp, "--form",
		   "6", "--out", out, NULL);
	assert_int_not_equal(rc, 0);
	free(log);
	rc = h_cli(NULL, &log, "export", "forms", "--db", h_srv.db, "--campaign", camp, "--form",
		   "2", "--format", "pdf", "--out", out, NULL);
	assert_int_not_equal(rc, 0);
	free(log);
	unsetenv("WUBIAO_NOW");
}

/*
 * A large-ish export, last (it adds opinions the other tests do not expect): opinions
 * through the API, then form 1 as CSV and XLSX, every row present and in order. Under
 * ASan a POST costs about ten times as much, so fewer there to stay within the time budget.
 */
#if defined(__SANITIZE_ADDRESS__)
enum { LARGE = 500 };
#else
enum { LARGE = 2000 };
#endif

static void test_large_export(void **state)
{
	(void)state;
	json_t *b = json_pack(
		"{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "campaign_id", (json_int_t)F.campaign,
		"point_id", (json_int_t)F.point[1][1], "target_unit_id", (json_int_t)F.dept[2],
		"dimension", "efficiency", "source", "public", "channel", "questionnaire",
		"content", "排队时间长,\"叫号\"混乱", "received_at", "2026-03-03T08:00:00+08:00");
	char *body = json_dumps(b, JSON_COMPACT);
	json_decref(b);
	json_int_t first = 0, last = 0;
	for (int i = 0; i < LARGE; i++) {
		struct resp r = h_req("POST", F.tok[U_ADMIN], body, API "/opinions");
		assert_status(r, 201);
		last = jint(r.json, "id");
		if (i == 0)
			first = last;
		resp_free(&r);
	}
	free(body);
	assert_int_equal(last - first + 1, LARGE);
	char q[128];
	snprintf(q, sizeof q, "point_id=%lld&format=csv", (long long)F.point[1][1]);
	char *path = form_path(1, q);
	struct dl d = fetch(F.tok[U_ADMIN], "%s", path);
	want_status(&d, 200, path);
	json_t *recs = csv_parse(path, d.body + 3, d.len - 3);
	assert_int_equal(json_array_size(recs), LARGE + 1);
	for (size_t i = 1; i <= LARGE; i++) {
		json_t *rec = json_array_get(recs, i);
		assert_int_equal(json_array_size(rec), NC(F1));
		assert_int_equal(strtoll(json_string_value(json_array_get(rec, 0)), NULL, 10),
				 first + (json_int_t)i - 1);
		assert_string_equal(json_string_value(json_array_get(rec, 7)),
				    "排队时间长,\"叫号\"混乱");
	}
	json_decref(recs);
	dl_free(&d);
	free(path);

	snprintf(q, sizeof q, "point_id=%lld&format=xlsx", (long long)F.point[1][1]);
	path = form_path(1, q);
	char *file = get_xlsx(F.tok[U_ADMIN], path, NULL);
	char *xml = unzip_member(file, "xl/worksheets/sheet1.xml");
	assert_int_equal(count(xml, "<row "), LARGE + 2);
	json_t *grid = xlsx_grid(xml, NC(F1));
	assert_int_equal(json_array_size(grid), LARGE + 2);
	for (size_t i = 2; i < LARGE + 2; i++) {
		json_t *row = json_array_get(grid, i);
		assert_true(json_number_value(json_array_get(row, 0)) ==
			    (double)(first + (json_int_t)i - 2));
		assert_string_equal(json_string_value(json_array_get(row, 3)), "区人社局");
	}
	json_decref(grid);
	free(xml);
	free(file);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scenario_literals),
		cmocka_unit_test(test_form1_admin),
		cmocka_unit_test(test_forms_2_to_5_admin),
		cmocka_unit_test(test_split_unit),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_bad_requests),
		cmocka_unit_test(test_unit_role),
		cmocka_unit_test(test_other_roles),
		cmocka_unit_test(test_leader),
		cmocka_unit_test(test_scores),
		cmocka_unit_test(test_cli_export),
		cmocka_unit_test(test_large_export),
	};
	h_suite(&F, T0);
	return cmocka_run_group_tests_name("api_forms", tests, group_setup, group_teardown);
}
