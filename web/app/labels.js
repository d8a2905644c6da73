// Chinese labels for the API's enumerations, in the order the forms print them.
export const L = {
	role: { admin: '纠风办', station: '监测站', point: '监测点', unit: '责任单位', leader: '区领导' },
	kind: { office: '区纠风办', station: '监测站', point: '监测点', department: '部门', street: '街镇' },
	dimension: { conduct: '行风', efficiency: '效能' },
	source: {
		public: '群众', party_delegate: '党代表', npc_deputy: '人大代表', cppcc_member: '政协委员',
		democratic_party: '民主党派', retired_cadre: '老干部', enterprise: '企业代表',
		supervisor: '行风监督员', other: '其他',
	},
	channel: { forum: '座谈会', interview: '个别访谈', questionnaire: '问卷', form: '征求意见表', online: '网上', hotline: '热线' },
	opinionStatus: { received: '已收到', merged: '已汇总', rejected: '不予受理' },
	problemStatus: {
		open: '待转办', dispatched: '已转办', acknowledged: '已签收', answered: '已反馈',
		rectifying: '整改中', rectified: '已整改', verified: '已验收', closed: '已销号', returned: '已退回',
	},
	severity: { normal: '一般', important: '重要', urgent: '紧急' },
	rating: { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意', unaware: '不了解' },
	phase: { survey: '作风现状普查', rectify: '集中整改', evaluate: '效果终端测评' },
	measure: { written_review: '书面检查', criticism: '批评教育', admonition: '诫勉谈话', public_criticism: '通报批评', organizational: '组织处理' },
	grade: { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' },
	event: {
		'problem.create': '汇总立项', 'problem.merge': '追加意见', 'problem.dispatch': '转办',
		'problem.acknowledge': '签收', 'problem.return': '退回', 'problem.feedback': '反馈',
		'problem.progress': '整改进展', 'problem.extension': '申请延期',
		'problem.extension_decision': '延期审批', 'problem.verify': '验收',
		'problem.evaluate': '效果评定', 'problem.close': '销号', 'problem.reopen': '重办',
		'problem.flag': '挂牌', 'problem.remind': '催办', 'problem.escalate': '督办升级',
		'problem.accountability': '问责',
	},
	form: { 1: '征求意见表', 2: '意见汇总表', 3: '意见反馈表', 4: '整改情况表', 5: '整改效果表' },
};

export function label(group, key) {
	if (key === null || key === undefined || key === '')
		return '';
	const g = L[group];
	return (g && g[key]) || String(key);
}
