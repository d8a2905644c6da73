// The API's error texts (problem details and field errors, in English, as the
// API contract gives them) in Chinese for the pages. What is not listed here
// is shown as the server wrote it, so no message is ever lost.
import { label } from './labels.js';

const ACTIONS = {
	dispatch: '转办',
	acknowledge: '签收',
	return: '退回',
	feedback: '反馈',
	progress: '报送整改进展',
	extension: '申请延期',
	extension_decision: '审批延期',
	verify: '验收',
	evaluate: '评定效果',
	close: '销号',
	reopen: '重办',
	flag: '挂牌',
};

// Exact texts.
const EXACT = {
	'is required': '必填',
	'must not be null': '必填',
	'must not be empty': '不能为空',
	'must be a string': '须为文字',
	'must be an integer': '须为整数',
	'must be a positive integer': '须为正整数',
	'must be an object': '格式不正确',
	'must be true or false': '须为“是”或“否”',
	'must be a date YYYY-MM-DD': '须为日期（年-月-日）',
	'must not be in the past': '不能早于今天',
	'must not be in the future': '不能晚于今天',
	'must be a date after today': '须晚于今天',
	'must be later than the current deadline': '须晚于现行期限',
	'must be 0 to 100': '须为 0 到 100',
	'must be 100 when done': '整改完成时进度须为 100%',
	'must be UTF-8 text without control characters': '含有不能识别的字符',
	'must not contain NUL characters': '含有不能识别的字符',
	"must be 3 to 20 digits, spaces, '-' or a leading '+'":
		'须为 3 到 20 位数字（可含空格、“-”或开头的“+”）',
	'must be a department or a street/town': '须为部门或街镇',
	'must be a unit id': '请选择单位',
	'no such unit': '单位不存在',
	'no such campaign': '活动不存在',
	'is not one of the allowed values': '不是可选的值',
	'is not a field of this request': '不是此操作的字段',
	'is not a known source': '意见来源不正确',
	'is not a known channel': '收集方式不正确',
	'must be satisfied, basically_satisfied, unsatisfied or unaware':
		'请选择满意、基本满意、不满意或不了解',
	'must be normal, important or urgent': '须为一般、重要或紧急',
	'must be conduct or efficiency': '须为行风或效能',
	'give due_on or due_workdays, not both': '工作日数与到期日只能填一项',
	'give workdays or severity': '请输入工作日数',
	'must be from 1 to 500': '须为 1 到 500',
	'must list 1 to 500 opinions': '请选择 1 到 500 条意见',
	'an opinion is listed twice': '同一条意见选了两次',
	'must have 10 to 200 characters': '须为 10 到 200 个字',
	'a new deadline is only set when the verification fails': '仅在验收不通过时设定新的期限',
	'point staff record opinions of their own point': '监测点只能录入本点的意见',
	'is not followed by your station': '不是本站联系的单位',
	'wrong username or password': '用户名或密码不正确',
	'not logged in': '请先登录',
	'the login has expired or was ended': '登录已过期，请重新登录',
	'the problem is closed': '问题已销号',
	'no such problem': '问题不存在',
	'no such opinion': '意见不存在',
	'no opinion has this receipt': '没有这个回执编号的意见',
	'the opinion has not been taken up in a problem yet': '意见尚未汇总为问题，暂不能评价',
	'this receipt has already rated this rectification': '此回执已评价过本轮整改',
	'an extension request is already waiting for a decision': '已有一项延期申请等待审批',
	'there is no extension request to decide': '没有待审批的延期申请',
	'no valid rating yet: record an evaluation other than unaware first':
		'尚无有效评价：请先录入“不了解”以外的评价',
	'more than half of the valid ratings are unsatisfied: reopen it':
		'有效评价中不满意过半，应重办',
	'only a received opinion can be rejected': '只有未汇总的意见可以不予受理',
	'this role may not do that': '您的角色不能进行此操作',
	'no such record, or not yours to see': '',
	'the database is busy; try again': '数据库繁忙，请重试',
	'the server failed; it is logged': '',
	// the survey
	'only the statistics bureau runs a survey': '满意度测评由统计局组织实施',
	'a published survey cannot be changed': '已公布的测评不能修改',
	'another interviewer is calling this person': '另一位访问员正在拨打此人',
	'close the frame before the draw': '请先封存抽样框再抽样',
	"commit the seed's hash before the frame is closed": '请先承诺随机种子，再封存抽样框',
	'does not match the committed hash': '与承诺的哈希不符',
	'fieldwork has ended': '调查已结束',
	'finish fieldwork before publishing': '请先结束调查，再公布结果',
	"is required: the bureau keeps this survey's seed": '必填：本次测评的种子由统计局保管',
	'must be a per cent from 0 to 100': '须为 0 到 100 的百分数',
	'must be baseline or endpoint': '须为普查或终端测评',
	'must be completed, refused, unreachable or ineligible':
		'须为完成、拒访、无法接通或不符合条件',
	'must be the 10 characters printed on the letter': '须为调查信函上的 10 位代码',
	'must be the SHA-256 of the seed: 64 lowercase hex digits':
		'须为种子的 SHA-256：64 位小写十六进制数',
	'must list 2 to 40 items': '问卷须有 2 到 40 项',
	'must not be given: the server keeps this seed': '不必填写：种子由系统保管',
	'no questionnaire has this code': '没有这个代码的问卷',
	'only a completed interview has answers': '只有完成的访问才录入回答',
	'only a survey in fieldwork can be finished': '只有调查中的测评可以结束',
	'the campaign already has a survey of this round': '本活动已有这一轮测评',
	'the design is fixed once the frame is closed': '抽样框封存后不能修改抽样设计',
	'the frame has errors: nothing was imported': '抽样框有误，未导入',
	'the frame is already closed': '抽样框已封存',
	'the frame is closed': '抽样框已封存',
	'the frame is empty: import it first': '抽样框为空，请先导入',
	'the questionnaire is fixed once fieldwork has begun': '调查开始后不能修改问卷',
	'the results are already published': '结果已公布',
	'the sample is already drawn': '已经抽样',
	'the sample is not drawn yet': '尚未抽样',
	'the seed cannot be unsealed with this key': '无法用当前密钥解开种子',
	'the seed is committed once, in a draft': '种子只能在草稿阶段承诺一次',
	'this code has been used': '此代码已使用过',
	'this person was not drawn for re-contact': '此人未被抽中复核',
	'this person was not drawn': '此人未被抽中',
	"this person's outcome is already recorded": '此人的访问结果已记录',
	'this survey is not taking answers': '此测评当前不接受作答',
	'nothing to estimate before the draw': '抽样前没有测评结果',
	'malformed CSV (a quote is never closed)': 'CSV 格式错误（引号未闭合）',
	'malformed CSV (a quote out of place)': 'CSV 格式错误（引号位置不对）',
	'not UTF-8 text, or a control character': '不是 UTF-8 文本，或含控制字符',
	'the frame holds nobody': '抽样框中没有人',
	'the file is empty: a header row is needed': '文件为空：需要表头行',
	'no key to seal names and phones is configured (serve --key-file)':
		'未配置加密姓名和电话的密钥（serve --key-file）',
	// target management
	'must be a year from 2000 to 2100': '须为 2000 到 2100 年',
	'must be a number': '须为数字',
	'must be one line, without tabs': '须为一行，不含制表符',
	'must list the 2 card names': '须填写两张考核卡的名称',
	'must list 1 to 12 dimensions': '须有 1 到 12 项',
	'every card needs a name': '每张考核卡都须有名称',
	"a street's two cards need different names": '街镇的两张考核卡名称不能相同',
	'a dimension needs a name': '每项“定”都须有名称',
	'a dimension is listed twice': '有重复的项',
	'a lower level may not be worth more than a higher one': '较低级别的分值不能高于较高级别',
	'must fall from 优秀 to 合格': '须从优秀、良好到合格依次降低',
	'a letter of the year is signed: its scheme is fixed':
		'本年度已有责任书签订，考核方案不能再修改',
	'only the district office sets the scheme': '考核方案由纠风办设定',
	'only the district office drafts, issues and amends letters':
		'责任书由纠风办起草、下达和修订',
	'only the unit itself signs or returns its letter': '责任书由责任单位本身签订或退回',
	'must list 0 to 200 items': '最多 200 项',
	'is given twice': '与其他项目重复',
	'must be 1 or 2': '须为第一卡或第二卡',
	'must be 1: a department has one card': '部门只有一张考核卡，须为第一卡',
	'must be function, common, efficiency or excellence': '须为职能、共性、效能建设或争先创优',
	'must be above 0 and at most 100, with at most 3 decimals':
		'须大于 0、不超过 100，最多三位小数',
	'must be ratio, inverse, deduct or workstyle': '须为按完成比例、越低越好、扣分或作风评议',
	'must be above 0, with at most 3 decimals': '须大于 0，最多三位小数',
	'must be 0 or more, with at most 3 decimals': '须不小于 0，最多三位小数',
	'is only given for a ratio or inverse item': '只有按完成比例、越低越好的项目填写目标值',
	"must be a day of the letter's year": '须为责任书年度内的日期',
	'must be a department': '须为部门',
	'a unit does not assess its own items': '不能由本单位考核自己的项目',
	"must be an object of texts keyed by the scheme's dimensions": '须按考核方案的“定”逐项填写',
	'the letter has no items': '责任书还没有考核项目',
	'the amendment changes nothing': '修订后的考核项目与修订前相同，没有改动',
	// through the year and the year-end
	'the letter is not signed yet': '责任书尚未签订',
	'the letter has no such item': '责任书中没有这个考核项目',
	"the year's assessment is final": '本年度考核结果已定稿，不能再变更',
	"the sheet is published: a result changes only by an appeal's decision":
		'考核结果已公布：此后只能经复核决定变更',
	"only the item's assessing department or the office scores it":
		'此项目由其考核部门或纠风办评分',
	"is scored from the year's work-style figures": '按本年度作风评议结果计分，无需评分',
	'only the unit itself reports on its letter': '进展由责任单位本身报送',
	'has not begun yet': '该季度尚未开始',
	'only the unit itself writes its self-check': '自查报告由责任单位本身撰写',
	'only the system sends reminders': '提醒由系统发送',
	'the sheet is published': '考核结果已公布',
	'publish the sheet before making it final': '请先公布考核结果，再定稿',
	'the appeal window is still open': '复核申请期尚未结束',
	'an appeal waits for a decision': '还有复核申请等待决定',
	'only the district office publishes the sheet': '考核结果由纠风办公布',
	'the sheet is not published yet': '考核结果尚未公布',
	'the appeal window has closed': '复核申请期已结束',
	'an appeal on this already waits': '对此已有一项复核申请等待决定',
	'only the unit itself appeals its assessment': '复核由责任单位本身申请',
	'the appeal is decided': '此复核申请已作出决定',
	'is only given on an appeal about an item': '只有针对考核项目的复核才填写',
	'is only given when the appeal is upheld': '只有复核改分时才填写',
	'only the district office decides appeals': '复核由纠风办决定',
	'the proposal is decided': '此项拟扣分已处理',
	'only the district office decides proposals': '拟扣分由纠风办确认',
	'must be national, province, city, district or street':
		'须为国家级、省级、市级、区级或街道级',
	'rewards and penalties follow the published sheet': '奖惩须在考核结果公布后记录',
	'must be a person of the unit': '须为该单位人员名册中的人员',
	'only the district office records rewards and penalties': '奖惩由纠风办记录',
	'must be a number with at most 3 decimals': '须为数字，最多三位小数',
	'scores are for the office, leaders and stations': '得分只供纠风办、区领导和监测站查看',
	'no such appeal': '',
	'no such proposal': '',
	// people
	'only the office or the unit itself keeps its register': '人员名册由纠风办或本单位维护',
	"must be a person of the user's unit": '须为该账号所在单位的人员',
	'only the office links accounts to people': '账号关联人员由纠风办设定',
	'is not an item of the letter': '不是责任书中的考核项目',
	'must be an active person of the unit': '须为本单位在职人员',
	'is given this item twice': '同一人员重复分解此项目',
	'only the office or the unit itself splits its items': '目标由纠风办或本单位分解',
	'must list 0 to 2000 shares': '最多 2000 条',
	// efficiency faults (行政效能过错) and accountability
	'only the district office records fault cases': '效能过错由区纠风办登记',
	'only the district office decides fault cases': '效能过错由区纠风办认定和处理',
	"only the case's unit or the office appeals": '申诉由被处理单位或区纠风办提出',
	'fault cases are read by the office, leaders, stations and the units concerned':
		'效能过错只供纠风办、区领导、监测站和所涉单位查看',
	'the appeal window is closed': '申诉期已过，或已申诉过',
	"must be a person of the case's unit": '须为本案所涉单位人员名册中的人员',
	'must name a person, or give the unit a sanction':
		'请至少列出一名责任人员，或对单位作出处理',
	'is named twice': '同一人员列了两次',
	'must be handler, reviewer or approver': '须为承办人、审核人或批准人',
	'must be direct or leadership': '须为直接责任或领导责任',
	'must be opinion, inspection or first_contact': '须为群众意见、监督检查或首问违规',
	'is required for a case from an opinion': '来源为群众意见时必填',
	'is required for a case from a first contact': '来源为首问违规时必填',
	'is not a known problem': '问题不存在',
	'is not a known opinion': '意见不存在',
	'is not a known first contact': '首问登记不存在',
	'must be an entry of the same unit': '须为同一单位的首问登记',
	'must list 0 to 20': '最多 20 人',
	'must be an array': '格式不正确',
	"must be a person of the unit's register": '须为该单位人员名册中的人员',
	"is not a field: name the person by person_id from the unit's register":
		'请从单位人员名册中选择人员',
	// first contact (首接首问)
	"a unit records its own first contacts, the office any unit's":
		'首问登记由本单位或区纠风办登记',
	'first contacts are read by the office, leaders, stations and the units concerned':
		'首问登记只供纠风办、区领导、监测站和所涉单位查看',
	'is required: this account is linked to no person':
		'必填：此账号未关联人员名册中的人员，请选择首问人',
	"must be an active person of the unit's register": '须为本单位人员名册中的在职人员',
	'must be in_person, phone, letter or web': '须为来访、来电、来信或网上',
	'is too far in the past': '时间过早，已超出可补录的期限',
	'must be from the day received to a year ahead': '须在接待当日到一年之内',
	'the office or a station links opinions to first contacts':
		'意见由纠风办或监测站关联到首问登记',
	"must be an opinion about the entry's unit": '须为反映该登记所在单位的意见',
	'the unit or the office hands over or completes its first contacts':
		'首问登记由本单位或区纠风办移交和办结',
	'must be another active person of the unit': '须为本单位的其他在职人员',
	'must be another department or street/town': '须为其他部门或街镇',
	'name a colleague or another unit, one of them': '请选择本单位同事或其他单位，只选一项',
	'no such first contact': '',
	// the ledger of accountability and efficiency faults
	'the ledger is read by the office, leaders, stations and the units concerned':
		'问责台账只供纠风办、区领导、监测站和所涉单位查看',
	'must be json, csv or xlsx': '须为 json、csv 或 xlsx',
	// bulletins as documents (通报)
	'the district office drafts notices': '通报由区纠风办起草',
	'a leader signs notices off': '通报由区领导签发',
	'the district office drafts and corrects notices': '通报由区纠风办起草和更正',
	'is required to sign a notice off': '签发时必填',
	'is not a known one': '不存在，或不在您的查看范围内',
	'is not a field': '不是可填写的项',
	'must list 0 to 50': '最多 50 项',
	'no such notice': '',
	'must be an RFC 3339 date-time with an offset': '须为日期和时间',
	// leaders' pledges (十项承诺)
	"the office or the unit itself drafts a unit's pledges": '承诺由区纠风办或本单位起草',
	'the office or the unit itself keeps its pledges': '承诺由区纠风办或本单位修改和登记践诺',
	'the district office publishes pledges': '承诺由区纠风办公开',
	'the pledges are published': '承诺已公开，不能再修改',
	'the pledges are not published yet': '承诺尚未公开',
	"must be within the pledges' period": '须在承诺期限之内',
	'nobody rates their own pledges': '不能评价本人的承诺',
	'this account has rated these pledges': '本账号已评价过这份承诺，每个账号只能评价一次',
	'must list 1 to 20': '须有 1 到 20 项',
	"must be from the period's start to five years after": '须不早于开始日期，承诺期限最长五年',
	'must be satisfied, basically or unsatisfied': '请选择满意、基本满意或不满意',
	'no such pledge set': '',
	'no such fault case': '',
	'no such person': '',
	'no such user': '',
	'no such letter': '',
	'no such year': '',
	'no such scheme': '',
	'no such assessment': '',
};

// The steps of a responsibility letter.
const LETTER_ACTIONS = {
	edit: '编辑',
	issue: '下达',
	return: '退回',
	sign: '签订',
	enact: '生效',
	amend: '修订',
};

// Texts with parts that vary.
const PATTERNS = [
	[
		/^cannot (\w+) a problem that is (\w+)$/,
		(m) =>
			`问题处于“${label('problemStatus', m[2])}”环节，不能${ACTIONS[m[1]] || m[1]}`,
	],
	[/^must list (\d+) to (\d+) ids$/, (m) => `须选择 ${m[1]} 到 ${m[2]} 项`],
	[/^must be (\d+) to (\d+) working days$/, (m) => `须为 ${m[1]} 到 ${m[2]} 个工作日`],
	[/^must be from (\d+) to (\d+)$/, (m) => `须为 ${m[1]} 到 ${m[2]}`],
	[/^must have at least (\d+) characters$/, (m) => `至少 ${m[1]} 个字`],
	[/^must have at most (\d+) characters$/, (m) => `不能超过 ${m[1]} 个字`],
	[/^must have (\d+) to (\d+) characters$/, (m) => `须为 ${m[1]} 到 ${m[2]} 个字`],
	[
		/^respondent_id (.+) appears twice \(also on line (\d+)\)$/,
		(m) => `受访者编号 ${m[1]} 重复（另见第 ${m[2]} 行）`,
	],
	[
		/^unit_code (.+) is not the code of a department or a street$/,
		(m) => `单位代码 ${m[1]} 不是部门或街镇的代码`,
	],
	[/^the header has no column (\w+)$/, (m) => `表头缺少 ${m[1]} 列`],
	[/^the column (\w+) appears twice in the header$/, (m) => `表头中 ${m[1]} 列重复`],
	[/^(\w+) is empty$/, (m) => `${m[1]} 为空`],
	[/^(\w+) is longer than (\d+) bytes$/, (m) => `${m[1]} 超过 ${m[2]} 字节`],
	[/^must hold one answer for each of the (\d+) items$/, (m) => `须回答全部 ${m[1]} 项`],
	[/^must have exactly one overall item of (.+)$/, (m) => `${m[1]}须有且只有一项总体评价`],
	[
		/^the points of card (\d) \((.+)\) sum to (\d+)\.(\d{3}), not 100$/,
		(m) =>
			`${m[1] === '2' ? '第二卡' : '第一卡'}（${m[2]}）分值合计 ${Number(
				m[3] + '.' + m[4],
			)} 分，不是 100 分`,
	],
	[
		/^the shares of item (.+) add up to (\d+\.\d{3}), not its (\d+\.\d{3}) points$/,
		(m) =>
			`${m[1]} 项分解到人的分值合计 ${Number(m[2])} 分，不是该项的 ${Number(m[3])} 分`,
	],
	[
		/^must be (\w+) or heavier: (.+) was given (\w+) within a year$/,
		(m) =>
			`须为“${label('sanction', m[1])}”或更重的处理：${m[2]} 一年内已受过“${label('sanction', m[3])}”处理`,
	],
	[
		/^the case is (\w+)$/,
		(m) => `案件处于“${label('faultStatus', m[1])}”状态，不能进行此操作`,
	],
	[
		/^the entry is (\w+)$/,
		(m) => `首问登记处于“${label('contactStatus', m[1])}”状态，不能进行此操作`,
	],
	[
		/^the notice is (\w+)$/,
		(m) => `通报处于“${label('noticeStatus', m[1])}”状态，不能进行此操作`,
	],
	[/^the number (.+) is another notice's$/, (m) => `已被另一份通报使用（${m[1]}）`],
	[
		/^cannot (\w+) a letter that is (\w+)$/,
		(m) =>
			`责任书处于“${label('letterStatus', m[2])}”状态，不能${LETTER_ACTIONS[m[1]] || m[1]}`,
	],
];

// Chinese for one server text; the text itself when it is not known.
export function zh(text) {
	if (!text) return '';
	if (Object.prototype.hasOwnProperty.call(EXACT, text)) return EXACT[text];
	for (const [re, f] of PATTERNS) {
		const m = re.exec(text);
		if (m) return f(m);
	}
	return text;
}

// Whether a text is still the server's English (no Chinese in it).
const english = (t) => /[A-Za-z]{2}/.test(t) && !/[\u3400-\u9fff]/.test(t);

// A field error's code (the server's stable classification) in Chinese, with its
// bounds: what a field error says when its message is not known here.
const FIELD_CODES = {
	required: () => '必填',
	too_short: (e) => (e.min !== undefined ? `至少 ${e.min} 个字` : '太短'),
	too_long: (e) => (e.max !== undefined ? `不能超过 ${e.max} 个字` : '太长'),
	length: (e) => `须为 ${e.min} 到 ${e.max} 个字`,
	out_of_range: (e) =>
		e.min !== undefined && e.max !== undefined
			? `须为 ${e.min} 到 ${e.max}`
			: '超出允许的范围',
	bad_format: () => '格式不正确',
	not_allowed: () => '不是可选的值',
	unknown_field: () => '不是此操作的字段',
	invalid: () => '填写有误',
};

// Chinese for a field error {field, code, message, min, max}: its message when known,
// else its code; never the server's English.
export function zhField(fe) {
	const t = zh(fe && fe.message);
	if (t && !english(t)) return t;
	const f = FIELD_CODES[fe && fe.code] || FIELD_CODES.invalid;
	return f(fe || {});
}

// Chinese for a problem's detail; '' when the text is not known (the status's own
// title then stands alone).
export function zhDetail(text) {
	const t = zh(text);
	return t && !english(t) ? t : '';
}

// The API's request members as a user knows them, for field errors the page has no
// control for.
const FIELDS = {
	answers: '回答',
	approved: '是否同意',
	bulletin: '通报内容',
	campaign_id: '活动',
	category: '类别',
	channel: '收集方式',
	code: '代码',
	content: '意见内容',
	decided_on: '决定日期',
	design: '抽样设计',
	dimension: '类别（行风或效能）',
	display_name: '姓名',
	done: '是否完成',
	due_on: '整改期限',
	due_workdays: '工作日数',
	evidence: '佐证材料',
	flagged: '挂牌限时整改',
	grades: '等次',
	items: '问卷题目',
	kind: '类型',
	measures: '整改措施',
	min_count: '最少人数',
	name: '名称',
	note: '说明',
	notice: '通报',
	opinion_id: '意见',
	opinion_ids: '意见',
	outcome: '访问结果',
	parent_id: '上级单位',
	passed: '是否通过',
	password: '密码',
	percent: '进度',
	person: '责任人',
	phases: '阶段',
	plan: '整改计划',
	point_id: '监测点',
	rating: '评价',
	reason: '理由',
	received_at: '收集时间',
	recheck_share: '复核比例',
	reply: '答复',
	role: '角色',
	round: '轮次',
	scale: '规模',
	seed: '随机种子',
	seed_hash: '种子哈希',
	signed_by: '签订人',
	street_cards: '街镇考核卡名称',
	department_card: '部门考核卡名称',
	ding: '“定”的内容',
	level_points: '表彰加分和批评减分',
	cards: '考核卡名称',
	severity: '紧急程度',
	source: '意见来源',
	station_id: '监测站',
	submitter_name: '意见提供人姓名',
	submitter_phone: '联系电话',
	summary: '摘要',
	survey_share: '测评权重',
	target_unit_id: '被评议单位',
	title: '标题',
	unit_id: '单位',
	username: '用户名',
	valid_from: '生效日期',
	weights: '权重',
	year: '年度',
	quarter: '季度',
	text: '内容',
	actual: '实际值',
	deduction: '扣分',
	appeal_days: '复核申请期',
	decision: '复核决定',
	upheld: '复核结论',
	source: '拟扣分',
	confirm: '是否确认',
	level: '级别',
	measure: '奖惩措施',
	person_id: '人员',
	post: '职务',
	rank: '职级',
	party_member: '中共党员',
	active: '在职',
	people: '责任人员',
	authority: '处理机关',
	unit_sanction: '单位处理',
	facts: '过错事实',
	type: '过错类型',
	problem_id: '问题编号',
	contact_id: '首问登记编号',
	need: '群众诉求',
	told: '一次性告知内容',
	limit_on: '办理时限',
	visitor: '来访人',
	visitor_phone: '联系电话',
	to_person_id: '移交给的同事',
	to_unit_id: '移交给的单位',
	number: '文号',
	body: '正文',
	scope: '发布范围',
	signer: '签发人',
	subjects: '通报对象',
	format: '文件格式',
	item_no: '承诺事项',
	day: '践诺日期',
	period_from: '承诺期限的开始日期',
	period_to: '承诺期限的结束日期',
};

// The members of one person of a fault case's decision (people[0].sanction).
const PERSON_FIELDS = {
	person_id: '人员',
	role: '角色',
	resp: '责任类型',
	sanction: '处理',
};

// The subjects of a notice (subjects.problems[0]).
const SUBJECTS = { problems: '问题', units: '单位', people: '人员' };

// The name of a request member for a user: its Chinese name, else 此项.
export function fieldName(field) {
	const item = /^items\[(\d+)\]$/.exec(field || '');
	if (item) return `第 ${Number(item[1]) + 1} 项`;
	const s = /^subjects\.(problems|units|people)(?:\[(\d+)\])?$/.exec(field || '');
	if (s)
		return s[2] === undefined
			? `通报对象中的${SUBJECTS[s[1]]}`
			: `通报对象中的第 ${Number(s[2]) + 1} 个${SUBJECTS[s[1]]}`;
	const m = /^people\[(\d+)\](?:\.(\w+))?$/.exec(field || '');
	if (m) return `第 ${Number(m[1]) + 1} 名责任人员的${PERSON_FIELDS[m[2]] || '信息'}`;
	return Object.prototype.hasOwnProperty.call(FIELDS, field) ? FIELDS[field] : '此项';
}
