#include "enums.h"

#include <string.h>

/* Two parallel arrays per enumeration keep the tables readable as data. */
static const char *const role_names[] = {"admin", "station", "point", "unit", "leader", "stats"};
static const char *const role_labels[] = {"纠风办",   "监测站", "监测点",
					  "责任单位", "区领导", "统计局"};
static const char *const kind_names[] = {"office", "station", "point", "department", "street"};
static const char *const kind_labels[] = {"区纠风办", "监测站", "监测点", "部门", "街镇"};
static const char *const dim_names[] = {"conduct", "efficiency"};
static const char *const dim_labels[] = {"行风", "效能"};
static const char *const src_names[] = {"public",       "party_delegate",   "npc_deputy",
					"cppcc_member", "democratic_party", "retired_cadre",
					"enterprise",   "supervisor",       "other"};
static const char *const src_labels[] = {"群众",   "党代表",   "人大代表",   "政协委员", "民主党派",
					 "老干部", "企业代表", "行风监督员", "其他"};
static const char *const ch_names[] = {"forum", "interview", "questionnaire",
				       "form",  "online",    "hotline"};
static const char *const ch_labels[] = {"座谈会", "个别访谈", "问卷", "征求意见表", "网上", "热线"};
static const char *const os_names[] = {"received", "merged", "rejected"};
static const char *const os_labels[] = {"已收到", "已汇总", "不予受理"};
static const char *const ps_names[] = {"open",     "dispatched", "acknowledged",
				       "answered", "rectifying", "rectified",
				       "verified", "closed",     "returned"};
static const char *const ps_labels[] = {"待转办", "已转办", "已签收", "已反馈", "整改中",
					"已整改", "已验收", "已销号", "已退回"};
static const char *const sev_names[] = {"normal", "important", "urgent"};
static const char *const sev_labels[] = {"一般", "重要", "紧急"};
static const char *const rating_names[] = {"satisfied", "basically_satisfied", "unsatisfied",
					   "unaware"};
static const char *const rating_labels[] = {"满意", "基本满意", "不满意", "不了解"};
static const char *const phase_names[] = {"survey", "rectify", "evaluate"};
static const char *const phase_labels[] = {"作风现状普查", "集中整改", "效果终端测评"};
static const char *const act_names[] = {
	"dispatch",           "acknowledge", "return",   "feedback", "progress", "extension",
	"extension_decision", "verify",      "evaluate", "close",    "reopen",   "flag"};
static const char *const act_labels[] = {"转办",     "签收",     "退回",     "反馈",
					 "整改进展", "申请延期", "延期审批", "验收",
					 "效果评定", "销号",     "重办",     "挂牌"};
static const char *const rule_names[] = {"ratio", "inverse", "deduct", "workstyle"};
static const char *const rule_labels[] = {"按完成比例", "越低越好", "扣分", "作风评议"};
static const char *const adj_names[] = {"add", "subtract", "veto"};
static const char *const adj_labels[] = {"加分", "减分", "一票否决"};
static const char *const level_names[] = {"national", "province", "city", "district", "street"};
static const char *const level_labels[] = {"国家级", "省级", "市级", "区级", "街道级"};
static const char *const tc_names[] = {"function", "common", "efficiency", "excellence"};
static const char *const tc_labels[] = {"职能", "共性", "效能建设", "争先创优"};
static const char *const ls_names[] = {"draft", "issued", "signed", "in_force"};
static const char *const ls_labels[] = {"草拟", "已下达", "已签订", "已生效"};
static const char *const ap_names[] = {"open", "upheld", "rejected"};
static const char *const ap_labels[] = {"待复核", "复核改分", "维持原结果"};
static const char *const pr_names[] = {"confirmed", "declined"};
static const char *const pr_labels[] = {"已确认", "不予扣分"};
static const char *const sk_names[] = {"reward", "penalty"};
static const char *const sk_labels[] = {"奖励", "惩处"};

static const char *const fsrc_names[] = {"overdue", "opinion", "inspection", "first_contact"};
static const char *const fsrc_labels[] = {"挂牌逾期", "群众意见", "监督检查", "首问违规"};
static const char *const ft_names[] = {"refuse",    "shirk",     "delay",
				       "overreach", "procedure", "other"};
static const char *const ft_labels[] = {"拒绝", "推诿", "拖延", "越权", "程序违法", "其他"};
static const char *const fst_names[] = {"proposed", "open",     "dismissed",
					"decided",  "appealed", "revoked"};
static const char *const fst_labels[] = {"待确认", "调查中", "不予认定",
					 "已处理", "申诉中", "已撤销"};
static const char *const frole_names[] = {"handler", "reviewer", "approver"};
static const char *const frole_labels[] = {"承办人", "审核人", "批准人"};
static const char *const fresp_names[] = {"direct", "leadership"};
static const char *const fresp_labels[] = {"直接责任", "领导责任"};
static const char *const sn_names[] = {"rectify",  "written_review",   "admonition",
				       "warning",  "public_criticism", "no_awards",
				       "transfer", "dismissal"};
static const char *const sn_labels[] = {"限期整改", "书面检查",         "诫勉谈话", "行政告诫",
					"通报批评", "取消当年评优评先", "调离岗位", "辞退或免职"};

static const char *const cc_names[] = {"in_person", "phone", "letter", "web"};
static const char *const cc_labels[] = {"来访", "来电", "来信", "网上"};
static const char *const cst_names[] = {"open", "handed_over", "done"};
static const char *const cst_labels[] = {"办理中", "已移交", "已完成"};

static const char *const nk_names[] = {"criticism", "praise"};
static const char *const nk_labels[] = {"批评", "表扬"};
static const char *const nsc_names[] = {"internal", "public"};
static const char *const nsc_labels[] = {"内部", "公开"};
static const char *const nst_names[] = {"draft", "issued", "withdrawn"};
static const char *const nst_labels[] = {"草拟", "已签发", "已撤回"};
static const char *const nsu_names[] = {"problem", "unit", "person"};
static const char *const nsu_labels[] = {"问题", "单位", "人员"};

static const char *const pls_names[] = {"draft", "published"};
static const char *const pls_labels[] = {"草拟", "已公开"};
static const char *const plr_names[] = {"public", "colleague"};
static const char *const plr_labels[] = {"群众", "同事"};
static const char *const prt_names[] = {"satisfied", "basically", "unsatisfied"};
static const char *const prt_labels[] = {"满意", "基本满意", "不满意"};

static const char *const duty_names[] = {"entry", "merge", "dispatch", "ack", "feedback", "verify"};
static const char *const duty_labels[] = {"录入", "汇总", "转办", "签收", "反馈", "验收"};
static const char *const measure_names[] = {"written_review", "criticism", "admonition",
					    "public_criticism", "organizational"};
static const char *const measure_labels[] = {"书面检查", "批评教育", "诫勉谈话", "通报批评",
					     "组织处理"};

static const char *const round_names[] = {"baseline", "endpoint"};
static const char *const round_labels[] = {"普查", "终端测评"};
static const char *const sv_names[] = {"draft",     "committed", "closed",
				       "fieldwork", "finished",  "published"};
static const char *const sv_labels[] = {"草稿",   "种子已承诺", "名单已封存",
					"调查中", "调查结束",   "已公布"};
static const char *const out_names[] = {"completed", "refused", "unreachable", "ineligible"};
static const char *const out_labels[] = {"完成", "拒访", "无法接通", "不符合条件"};
static const char *const mode_names[] = {"cati", "self"};
static const char *const mode_labels[] = {"电话访问", "自填"};

#define TABLE(names, labels, count)                                                                \
	{                                                                                          \
		names, labels, count                                                               \
	}
#define CHECK(names, labels, count)                                                                \
	_Static_assert(sizeof names / sizeof *names == count, #names);                             \
	_Static_assert(sizeof labels / sizeof *labels == count, #labels)

CHECK(role_names, role_labels, ROLE__N);
CHECK(kind_names, kind_labels, UK__N);
CHECK(dim_names, dim_labels, DIM__N);
CHECK(src_names, src_labels, SRC__N);
CHECK(ch_names, ch_labels, CH__N);
CHECK(os_names, os_labels, OS__N);
CHECK(ps_names, ps_labels, PS__N);
CHECK(sev_names, sev_labels, SEV__N);
CHECK(rating_names, rating_labels, RATING__N);
CHECK(phase_names, phase_labels, PHASE__N);
CHECK(act_names, act_labels, ACT__N);
CHECK(measure_names, measure_labels, MEASURE__N);
CHECK(duty_names, duty_labels, DUTY__N);
CHECK(round_names, round_labels, ROUND__N);
CHECK(sv_names, sv_labels, SV__N);
CHECK(out_names, out_labels, OUT__N);
CHECK(mode_names, mode_labels, MODE__N);
CHECK(tc_names, tc_labels, TC__N);
CHECK(ls_names, ls_labels, LS__N);
CHECK(ap_names, ap_labels, AP__N);
CHECK(pr_names, pr_labels, PR__N);
CHECK(sk_names, sk_labels, SK__N);
CHECK(fsrc_names, fsrc_labels, FSRC__N);
CHECK(ft_names, ft_labels, FT__N);
CHECK(fst_names, fst_labels, FST__N);
CHECK(frole_names, frole_labels, FROLE__N);
CHECK(fresp_names, fresp_labels, FRESP__N);
CHECK(sn_names, sn_labels, SN__N);
CHECK(cc_names, cc_labels, CC__N);
CHECK(cst_names, cst_labels, CST__N);
CHECK(nk_names, nk_labels, NK__N);
CHECK(nsc_names, nsc_labels, NSC__N);
CHECK(nst_names, nst_labels, NST__N);
CHECK(nsu_names, nsu_labels, NSU__N);
CHECK(pls_names, pls_labels, PLS__N);
CHECK(plr_names, plr_labels, PLR__N);
CHECK(prt_names, prt_labels, PRT__N);

const struct wb_enum wb_roles = TABLE(role_names, role_labels, ROLE__N);
const struct wb_enum wb_unit_kinds = TABLE(kind_names, kind_labels, UK__N);
const struct wb_enum wb_dimensions = TABLE(dim_names, dim_labels, DIM__N);
const struct wb_enum wb_sources = TABLE(src_names, src_labels, SRC__N);
const struct wb_enum wb_channels = TABLE(ch_names, ch_labels, CH__N);
const struct wb_enum wb_opinion_statuses = TABLE(os_names, os_labels, OS__N);
const struct wb_enum wb_pstatuses = TABLE(ps_names, ps_labels, PS__N);
const struct wb_enum wb_severities = TABLE(sev_names, sev_labels, SEV__N);
const struct wb_enum wb_ratings = TABLE(rating_names, rating_labels, RATING__N);
const struct wb_enum wb_phase_kinds = TABLE(phase_names, phase_labels, PHASE__N);
const struct wb_enum wb_actions = TABLE(act_names, act_labels, ACT__N);
const struct wb_enum wb_measures = TABLE(measure_names, measure_labels, MEASURE__N);
const struct wb_enum wb_duty_kinds = TABLE(duty_names, duty_labels, DUTY__N);
const struct wb_enum wb_survey_rounds = TABLE(round_names, round_labels, ROUND__N);
const struct wb_enum wb_target_rules = TABLE(rule_names, rule_labels, TR__N);
const struct wb_enum wb_adjust_kinds = TABLE(adj_names, adj_labels, ADJ__N);
const struct wb_enum wb_levels = TABLE(level_names, level_labels, LV__N);
const struct wb_enum wb_target_categories = TABLE(tc_names, tc_labels, TC__N);
const struct wb_enum wb_letter_statuses = TABLE(ls_names, ls_labels, LS__N);
const struct wb_enum wb_appeal_statuses = TABLE(ap_names, ap_labels, AP__N);
const struct wb_enum wb_proposal_statuses = TABLE(pr_names, pr_labels, PR__N);
const struct wb_enum wb_sanction_kinds = TABLE(sk_names, sk_labels, SK__N);
const struct wb_enum wb_fault_sources = TABLE(fsrc_names, fsrc_labels, FSRC__N);
const struct wb_enum wb_fault_types = TABLE(ft_names, ft_labels, FT__N);
const struct wb_enum wb_fault_statuses = TABLE(fst_names, fst_labels, FST__N);
const struct wb_enum wb_fault_roles = TABLE(frole_names, frole_labels, FROLE__N);
const struct wb_enum wb_fault_resps = TABLE(fresp_names, fresp_labels, FRESP__N);
const struct wb_enum wb_sanctions = TABLE(sn_names, sn_labels, SN__N);
const struct wb_enum wb_contact_channels = TABLE(cc_names, cc_labels, CC__N);
const struct wb_enum wb_contact_statuses = TABLE(cst_names, cst_labels, CST__N);
const struct wb_enum wb_notice_kinds = TABLE(nk_names, nk_labels, NK__N);
const struct wb_enum wb_notice_scopes = TABLE(nsc_names, nsc_labels, NSC__N);
const struct wb_enum wb_notice_statuses = TABLE(nst_names, nst_labels, NST__N);
const struct wb_enum wb_notice_subjects = TABLE(nsu_names, nsu_labels, NSU__N);
const struct wb_enum wb_pledge_statuses = TABLE(pls_names, pls_labels, PLS__N);
const struct wb_enum wb_pledge_raters = TABLE(plr_names, plr_labels, PLR__N);
const struct wb_enum wb_pledge_ratings = TABLE(prt_names, prt_labels, PRT__N);
const struct wb_enum wb_survey_states = TABLE(sv_names, sv_labels, SV__N);
const struct wb_enum wb_call_outcomes = TABLE(out_names, out_labels, OUT__N);
const struct wb_enum wb_survey_modes = TABLE(mode_names, mode_labels, MODE__N);

const char *wb_enum_name(const struct wb_enum *e, int v)
{
	return v >= 0 && v < e->n ? e->names[v] : "";
}

const char *wb_enum_label(const struct wb_enum *e, int v)
{
	return v >= 0 && v < e->n ? e->labels[v] : "";
}

int wb_enum_parse(const struct wb_enum *e, const char *s)
{
	if (s == NULL)
		return -1;
	for (int i = 0; i < e->n; i++)
		if (strcmp(e->names[i], s) == 0)
			return i;
	return -1;
}

int wb_unit_kind_is_responsible(enum wb_unit_kind k)
{
	return k == UK_DEPARTMENT || k == UK_STREET;
}
