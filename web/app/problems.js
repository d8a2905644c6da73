// Problems (form 2) and their stages: the list with filters, and one
// problem's page with the actions the signed-in role may take in its state.

import {
	h,
	clear,
	field,
	select,
	optionsOf,
	formData,
	fmtTime,
	add,
	scrollBox,
	labelCells,
} from './dom.js';
import { get, all, post, qs, downloadUrl, ApiError, message } from './api.js';
import { zh } from './messages.js';
import {
	app,
	role,
	may,
	today,
	unitName,
	responsibleUnits,
	flash,
	onSubmit,
	showError,
} from './ui.js';
import {
	statusBadge,
	countdown,
	flagMark,
	pagedTable,
	section,
	dl,
	stageStep,
	foldedFilters,
} from './components.js';
import { L, label } from './labels.js';
import { go, focusHeading } from './router.js';

function problemRow(p) {
	return h(
		'tr',
		{ class: p.overdue ? 'overdue' : null },
		h('td', {}, String(p.id)),
		h('td', {}, h('a', { href: `#/problems/${p.id}` }, p.title), ' ', flagMark(p)),
		h('td', {}, unitName(p.unit_id || p.target_unit_id)),
		h('td', {}, label('dimension', p.dimension)),
		h('td', { class: 'num' }, String(p.opinion_count)),
		h(
			'td',
			{},
			statusBadge(p),
			p.extension && p.extension.pending
				? h('span', { class: 'badge warn' }, '延期待批')
				: null,
		),
		h(
			'td',
			{},
			countdown(p),
			p.reminded
				? h('span', { class: 'badge warn', title: '已发催办' }, '已催办')
				: null,
			p.escalated
				? h('span', { class: 'badge bad', title: '已升级督办' }, '已督办')
				: null,
		),
	);
}

const HEAD = ['编号', '问题', '责任单位', '类别', '意见数', '环节', '期限'];

export function problemTable(items, name = '问题列表') {
	const table = h(
		'table',
		{ class: 'cards' },
		h(
			'thead',
			{},
			h(
				'tr',
				{},
				HEAD.map((t) => h('th', { scope: 'col' }, t)),
			),
		),
		h('tbody', {}, items.map(problemRow)),
	);
	return h('div', scrollBox(name), labelCells(table));
}

export async function problemListPage(main, _m, query) {
	const filters = {};
	for (const k of [
		'status',
		'target_unit_id',
		'unit_id',
		'dimension',
		'severity',
		'overdue',
		'flagged',
		'campaign_id',
		'extension_pending',
		'due_soon',
		'awaiting_evaluation',
		'sort',
	])
		if (query.get(k)) filters[k] = query.get(k);
	const title = role() === 'unit' ? '待办问题' : role() === 'point' ? '办理进度' : '问题台账';
	const form = h(
		'form',
		{ class: 'filters', role: 'search', 'aria-label': '筛选问题' },
		field(
			'环节',
			select(
				'status',
				[
					...optionsOf(L.problemStatus, '全部'),
					// a set of states, as a home page tile links it
					...(filters.status && filters.status.includes(',')
						? [
								[
									filters.status,
									filters.status
										.split(',')
										.map((x) =>
											label(
												'problemStatus',
												x,
											),
										)
										.join('、'),
								],
							]
						: []),
				],
				filters.status,
			),
		),
		role() !== 'unit'
			? field(
					'被评议单位',
					select(
						'target_unit_id',
						[
							['', '全部'],
							...responsibleUnits().map((u) => [
								u.id,
								u.name,
							]),
						],
						filters.target_unit_id,
					),
				)
			: null,
		field(
			'类别',
			select('dimension', optionsOf(L.dimension, '全部'), filters.dimension),
		),
		field(
			'紧急程度',
			select('severity', optionsOf(L.severity, '全部'), filters.severity),
		),
		field(
			'逾期',
			select(
				'overdue',
				[
					['', '全部'],
					['true', '仅逾期'],
					['false', '未逾期'],
				],
				filters.overdue,
			),
		),
		field(
			'挂牌',
			select(
				'flagged',
				[
					['', '全部'],
					['true', '仅挂牌'],
					['false', '未挂牌'],
				],
				filters.flagged,
			),
		),
		field(
			'临近期限',
			select(
				'due_soon',
				[
					['', '全部'],
					['true', '3个工作日内到期'],
				],
				filters.due_soon,
			),
		),
		role() === 'unit'
			? null
			: field(
					'效果评定',
					select(
						'awaiting_evaluation',
						[
							['', '全部'],
							['true', '验收后尚无有效评价'],
						],
						filters.awaiting_evaluation,
					),
				),
		role() === 'point'
			? null
			: field(
					'延期申请',
					select(
						'extension_pending',
						[
							['', '全部'],
							['true', '待审批'],
							['false', '无待审批'],
						],
						filters.extension_pending,
					),
				),
		field(
			'排序',
			select(
				'sort',
				[
					['', '最新在前'],
					['due_on', '期限最早在前（逾期最久的在最前）'],
				],
				filters.sort,
			),
		),
		h('button', { type: 'submit' }, '筛选'),
	);
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		go('#/problems' + qs(formData(form)));
	});
	const t = pagedTable('/problems', filters, HEAD, problemRow, '没有符合条件的问题', title);
	add(main, h('h1', {}, title), foldedFilters(form), t.el);
}

/* ---- one problem ---- */

// The problem's way through its states, as the server lists them.
function stageBar(p) {
	const at = app.problemPath.indexOf(p.status);
	return h(
		'ol',
		{ class: 'stages', 'aria-label': '办理环节' },
		app.problemPath.map((s, i) =>
			stageStep(
				label('problemStatus', s),
				i < at ? 'done' : i === at ? 'now' : null,
			),
		),
		p.status === 'returned' ? stageStep('已退回', 'now', true) : null,
	);
}

// What the signed-in user may do on this problem now: the server's "actions".
function can(action, p) {
	return Array.isArray(p.actions) && p.actions.includes(action);
}

// One action's form: its title names it, its fields keep their labels and error slots;
// where it is shown (the next-step card or a dialog) adds its buttons. A general error is
// also written inside the form, for a dialog hides the message area behind it.
export function actionForm(title, body, submitText, run, opts = {}) {
	const submit = h('button', { type: 'submit' }, submitText);
	const problem = h('p', { class: 'form-error', role: 'alert' });
	const buttons = h('div', { class: 'form-buttons' }, submit);
	const form = h(
		'form',
		{ class: 'action', novalidate: true, 'aria-label': title },
		h('h3', {}, title),
		body,
		problem,
		buttons,
	);
	onSubmit(form, async () => {
		problem.textContent = '';
		const inDialog = !!form.closest('dialog');
		// a dialog is itself the confirmation
		if (opts.confirm && !inDialog && !window.confirm(opts.confirm)) return;
		try {
			await run(formData(form), form);
		} catch (e) {
			if (inDialog && form.isConnected)
				problem.textContent = message(e, fieldNames(form, e));
			throw e;
		}
	});
	return { title, form, submit, buttons, danger: !!opts.danger };
}

// The labels of the fields a refusal names, as the message names them.
function fieldNames(form, err) {
	const names = {};
	const fields =
		err instanceof ApiError && Array.isArray(err.body.errors) ? err.body.errors : [];
	for (const fe of fields) {
		const ctl = form.querySelector(`[name="${CSS.escape(fe.field)}"]`);
		const lab =
			ctl && ctl.id && form.querySelector(`label[for="${CSS.escape(ctl.id)}"]`);
		if (lab) names[fe.field] = `“${lab.textContent.trim()}”`;
	}
	return names;
}

export function textarea(name, rows = 3, extra = {}) {
	return h('textarea', Object.assign({ name, rows }, extra));
}

// The dispatch form shows the date a number of working days comes to, as
// the server's calendar computes it.
function dispatchForm(p, done) {
	const units = responsibleUnits();
	const days = h('input', {
		name: 'due_workdays',
		type: 'number',
		min: 1,
		inputmode: 'numeric',
	});
	const date = h('input', { name: 'due_on', type: 'date', min: today(), disabled: true });
	const computed = h('output', { class: 'computed', 'aria-live': 'polite' });
	const mode = (v) =>
		h(
			'label',
			{ class: 'inline' },
			h('input', {
				type: 'radio',
				name: 'due_mode',
				value: v,
				checked: v === 'workdays',
			}),
			v === 'workdays' ? '按工作日' : '指定日期',
		);
	let timer = null;
	async function show() {
		const n = days.value.trim();
		const q = n ? { workdays: n } : { severity: p.severity || 'normal' };
		try {
			const r = await get('/calendar/due' + qs(q));
			computed.classList.remove('bad');
			computed.textContent = `${n ? '' : `按“${label('severity', p.severity || 'normal')}”默认 ${r.workdays} 个工作日，`}到期日：${r.due_on}`;
			if (!n) days.placeholder = String(r.workdays);
		} catch (e) {
			const fe =
				e instanceof ApiError && Array.isArray(e.body.errors)
					? e.body.errors[0]
					: null;
			computed.classList.add('bad');
			computed.textContent = n ? (fe ? zh(fe.message) : message(e)) : '';
		}
	}
	days.addEventListener('input', () => {
		clearTimeout(timer);
		timer = setTimeout(show, 150);
	});
	const body = h(
		'div',
		{},
		field(
			'承办单位',
			select(
				'unit_id',
				units.map((u) => [u.id, u.name]),
				p.unit_id || p.target_unit_id,
			),
		),
		h(
			'fieldset',
			{},
			h('legend', {}, '办理期限'),
			mode('workdays'),
			mode('date'),
			field('工作日数', days, '留空则按紧急程度的默认期限'),
			computed,
			field('到期日', date),
		),
		h(
			'label',
			{ class: 'inline' },
			h('input', { type: 'checkbox', name: 'flagged' }),
			'同时挂牌限时整改',
		),
	);
	body.addEventListener('change', (ev) => {
		if (ev.target.name !== 'due_mode') return;
		const byDays = ev.target.value === 'workdays';
		days.disabled = !byDays;
		date.disabled = byDays;
		computed.hidden = !byDays;
	});
	show();
	return actionForm('转办', body, '转办', async (d) => {
		const b = { unit_id: Number(d.unit_id), flagged: !!d.flagged };
		if (d.due_workdays) b.due_workdays = Number(d.due_workdays);
		if (d.due_on) b.due_on = d.due_on;
		await done(`/problems/${p.id}/dispatch`, b, '已转办');
	});
}

// What the signed-in user may do on this problem now, each action's form by the action's
// name (the server's "actions", and the accountability record the role may make).
function actions(p, done, ops) {
	const out = [];
	const put = (key, entry) => out.push(Object.assign(entry, { key }));
	const act = (path, body, msg) => done(`/problems/${p.id}/${path}`, body, msg);
	if (can('dispatch', p)) put('dispatch', dispatchForm(p, done));
	if (can('acknowledge', p))
		put(
			'acknowledge',
			actionForm(
				'签收',
				h('p', { class: 'muted' }, '签收后请在期限内填报意见反馈表。'),
				'签收',
				() => act('acknowledge', {}, '已签收'),
			),
		);
	if (can('feedback', p))
		put(
			'feedback',
			actionForm(
				'意见反馈表（表3）',
				h(
					'div',
					{},
					field('反馈情况', textarea('reply', 4, { required: true })),
					field(
						'整改措施与计划',
						textarea('plan', 4, { required: true }),
					),
				),
				'提交反馈',
				(d) =>
					act(
						'feedback',
						{ reply: d.reply || '', plan: d.plan || '' },
						'已提交反馈',
					),
			),
		);
	if (can('progress', p)) {
		const pc = h('input', {
			name: 'percent',
			type: 'number',
			min: 0,
			max: 100,
			value: p.percent || 0,
			inputmode: 'numeric',
		});
		put(
			'progress',
			actionForm(
				'整改情况表（表4）',
				h(
					'div',
					{},
					field(
						'整改措施',
						textarea('measures', 4, { required: true }),
					),
					field('完成进度（%）', pc),
					field(
						'佐证材料',
						textarea('evidence', 2),
						'文件名、照片编号或说明',
					),
					h(
						'label',
						{ class: 'inline' },
						h('input', { type: 'checkbox', name: 'done' }),
						'整改已完成，提请验收',
					),
				),
				'提交整改情况',
				(d) =>
					act(
						'progress',
						{
							measures: d.measures || '',
							percent: Number(d.percent || 0),
							evidence: d.evidence || '',
							done: !!d.done,
						},
						d.done
							? '已报整改完成，等待验收'
							: '已提交整改进展',
					),
			),
		);
	}
	if (can('extension', p))
		put(
			'extension',
			actionForm(
				'申请延期',
				h(
					'div',
					{},
					field(
						'延至',
						h('input', {
							name: 'due_on',
							type: 'date',
							min: today(),
							required: true,
						}),
					),
					field('理由', textarea('reason', 2, { required: true })),
				),
				'提交申请',
				(d) =>
					act(
						'extension',
						Object.assign(
							{ reason: d.reason || '' },
							d.due_on ? { due_on: d.due_on } : {},
						),
						'已提交延期申请',
					),
			),
		);
	if (can('return', p))
		put(
			'return',
			actionForm(
				'退回',
				field(
					'退回理由（不属于本单位职责的说明）',
					textarea('reason', 2, { required: true }),
				),
				'退回',
				(d) => act('return', { reason: d.reason || '' }, '已退回'),
				{ danger: true, confirm: '确定退回此问题吗？' },
			),
		);
	if (can('extension_decision', p))
		put(
			'extension_decision',
			actionForm(
				'延期审批',
				h(
					'div',
					{},
					h(
						'p',
						{},
						`申请延至 ${p.extension.due_on}：${p.extension.reason}`,
					),
					h(
						'fieldset',
						{},
						h('legend', {}, '审批结果'),
						h(
							'label',
							{ class: 'inline' },
							h('input', {
								type: 'radio',
								name: 'approved',
								value: 'true',
								checked: true,
							}),
							'同意',
						),
						h(
							'label',
							{ class: 'inline' },
							h('input', {
								type: 'radio',
								name: 'approved',
								value: 'false',
							}),
							'不同意',
						),
					),
					field('意见', textarea('note', 2)),
				),
				'提交审批',
				(d) =>
					act(
						'extension/decision',
						{
							approved: d.approved === 'true',
							note: d.note || '',
						},
						'已审批',
					),
			),
		);
	if (can('verify', p))
		put(
			'verify',
			actionForm(
				'验收',
				h(
					'div',
					{},
					h(
						'fieldset',
						{},
						h('legend', {}, '验收结论'),
						h(
							'label',
							{ class: 'inline' },
							h('input', {
								type: 'radio',
								name: 'passed',
								value: 'true',
								checked: true,
							}),
							'通过',
						),
						h(
							'label',
							{ class: 'inline' },
							h('input', {
								type: 'radio',
								name: 'passed',
								value: 'false',
							}),
							'不通过，继续整改',
						),
					),
					field('验收意见', textarea('note', 2)),
				),
				'提交验收',
				(d) =>
					act(
						'verify',
						{ passed: d.passed === 'true', note: d.note || '' },
						d.passed === 'true'
							? '验收通过'
							: '验收未通过，已退回整改',
					),
			),
		);
	if (can('evaluate', p))
		put(
			'evaluate',
			actionForm(
				'整改效果表（表5）',
				h(
					'div',
					{},
					field(
						'评价',
						select(
							'rating',
							[['', '请选择'], ...optionsOf(L.rating)],
							'',
							{ required: true },
						),
					),
					// One rating per source and round: one's own, or a giver's paper form.
					field(
						'评价人',
						select(
							'opinion_id',
							[
								['', '本人评价'],
								...((ops && ops.items) || []).map(
									(o) => [
										o.id,
										`代录意见提供人 ${o.submitter_name || '（匿名）'}（意见 #${o.id}）`,
									],
								),
							],
							'',
						),
					),
					field('说明', textarea('note', 2)),
				),
				'录入评价',
				(d) =>
					act(
						'evaluations',
						{
							rating: d.rating,
							note: d.note || '',
							...(d.opinion_id
								? {
										opinion_id: Number(
											d.opinion_id,
										),
									}
								: {}),
						},
						'已录入评价',
					),
			),
		);
	if (can('close', p))
		put(
			'close',
			actionForm(
				'销号',
				h('p', { class: 'muted' }, '有效评价中不满意未过半时方可销号。'),
				'销号',
				() => act('close', {}, '已销号'),
				{ confirm: '确定销号吗？' },
			),
		);
	if (can('reopen', p))
		put(
			'reopen',
			actionForm(
				'重办',
				field('重办理由', textarea('reason', 2, { required: true })),
				'重办',
				(d) => act('reopen', { reason: d.reason || '' }, '已重办'),
				{ danger: true },
			),
		);
	if (can('flag', p))
		put(
			'flag',
			actionForm(
				'挂牌与通报',
				h(
					'div',
					{},
					h(
						'label',
						{ class: 'inline' },
						// as the problem is: ticked only when it is flagged
						h('input', {
							type: 'checkbox',
							name: 'flagged',
							checked: !!p.flagged,
						}),
						p.flagged
							? '挂牌限时整改（取消勾选即摘牌）'
							: '挂牌限时整改',
					),
					field(
						'挂牌整改期限',
						h('input', {
							name: 'due_on',
							type: 'date',
							value: p.flag_due_on || '',
						}),
					),
					field(
						'通报内容（填写后公开发布）',
						textarea('bulletin', 4),
					),
				),
				'保存',
				(d) => {
					const b = { flagged: !!d.flagged };
					if (d.due_on) b.due_on = d.due_on;
					if (d.bulletin) b.bulletin = d.bulletin;
					return act(
						'flag',
						b,
						d.flagged
							? p.flagged
								? '已更新挂牌'
								: '已挂牌'
							: p.flagged
								? '已摘牌'
								: d.bulletin
									? '已发布通报'
									: '已保存',
					);
				},
			),
		);
	if (may('accountability_create')) {
		const unit = select(
			'unit_id',
			responsibleUnits().map((u) => [u.id, u.name]),
			p.unit_id || p.target_unit_id,
		);
		put(
			'accountability',
			actionForm(
				'问责记录',
				h(
					'div',
					{},
					field('问责方式', select('kind', optionsOf(L.measure))),
					field('责任单位', unit),
					field(
						'责任人（可选）',
						registerSelect(unit),
						'从责任单位的人员名册中选择；不选则记在单位',
					),
					field(
						'决定日期',
						h('input', {
							name: 'decided_on',
							type: 'date',
							max: today(),
							value: today(),
						}),
					),
					field('说明', textarea('note', 2)),
				),
				'记录问责',
				(d) => {
					const b = { kind: d.kind, unit_id: Number(d.unit_id) };
					if (d.person_id) b.person_id = Number(d.person_id);
					for (const k of ['decided_on', 'note'])
						if (d[k]) b[k] = d[k];
					return done(
						`/problems/${p.id}/accountability`,
						b,
						'已记录问责',
					);
				},
			),
		);
	}
	return out;
}

// A person of a unit's register, named as the lists show it.
export function personText(p) {
	return `${p.name}${p.post ? '（' + p.post + '）' : ''}${p.active ? '' : '（已离任）'}`;
}

// A unit's register, its people at work first: GET /units/{id}/people.
export async function register(unitId) {
	const items = (await get(`/units/${unitId}/people`)).items;
	return [...items.filter((x) => x.active), ...items.filter((x) => !x.active)];
}

// The people of the register of the unit chosen in @p unit, none (the unit itself) first;
// read again when another unit is chosen.
function registerSelect(unit) {
	const none = () => h('option', { value: '' }, '（不具体到人，记在单位）');
	const sel = h('select', { name: 'person_id' }, none());
	const load = async () => {
		const id = unit.value;
		let people = [];
		if (id)
			try {
				people = await register(id);
			} catch (e) {
				showError(e); // the unit alone may still be named
			}
		if (unit.value !== id) return; // another unit was chosen meanwhile
		clear(
			sel,
			none(),
			people.map((x) => h('option', { value: x.id }, personText(x))),
		);
	};
	unit.addEventListener('change', load);
	load();
	return sel;
}

// The stage actions by importance: the first the server offers is the next step, shown
// alone with its form; the others, and the rare ones, wait under 更多操作.
const NEXT = [
	'dispatch',
	'acknowledge',
	'feedback',
	'progress',
	'verify',
	'close',
	'evaluate',
	'extension_decision',
];

// A unit's own stages, which the office may record for it.
const UNIT_OWN = ['acknowledge', 'feedback', 'progress', 'extension', 'return'];

let dialogSeq = 0;

// The next step: one card, its form and one primary button.
function nextStep(step, rest) {
	const title = h('h2', { id: 'next-step-title' }, '下一步');
	const box = h(
		'section',
		{ class: 'card next-step', 'aria-labelledby': 'next-step-title' },
		title,
	);
	if (!step) {
		add(
			box,
			h(
				'p',
				{ class: 'muted' },
				role() === 'leader'
					? '领导账号为只读。'
					: rest.length
						? '当前环节没有需要您办理的主要事项；其他操作见“更多操作”。'
						: '当前环节没有需要您办理的事项。',
			),
		);
		return box;
	}
	step.submit.className = step.danger ? 'danger' : 'primary';
	if (role() !== 'unit' && UNIT_OWN.includes(step.key))
		step.form.insertBefore(
			h('p', { class: 'hint' }, '由纠风办代承办单位录入。'),
			step.form.querySelector('h3').nextSibling,
		);
	add(box, step.form);
	if (rest.some((a) => a.key === 'extension_decision'))
		add(box, h('p', { class: 'hint' }, '另有延期申请待审批，见“更多操作”。'));
	return box;
}

// The other actions: a button that shows their list; each opens its form in a dialog,
// with 取消 beside the submit; the focus goes into the dialog and, once it is closed, back
// to the button that opened it.
export function moreActions(rest) {
	if (!rest.length) return null;
	const list = h('ul', { class: 'more-list', id: 'more-actions-list', hidden: true });
	const toggle = h(
		'button',
		{
			type: 'button',
			class: 'secondary more-toggle',
			'aria-expanded': 'false',
			'aria-controls': list.id,
		},
		'更多操作',
		h('span', { class: 'caret', 'aria-hidden': 'true' }),
	);
	const dialogs = h('div', {});
	const box = h('div', { class: 'more-actions' }, toggle, list, dialogs);
	const show = (open) => {
		list.hidden = !open;
		toggle.setAttribute('aria-expanded', String(open));
	};
	toggle.addEventListener('click', () => show(list.hidden));
	list.addEventListener('keydown', (ev) => {
		if (ev.key !== 'Escape') return;
		show(false);
		toggle.focus();
	});
	// the list folds when the focus leaves it (a dialog opened from it is inside it)
	box.addEventListener('focusout', (ev) => {
		if (ev.relatedTarget && !box.contains(ev.relatedTarget)) show(false);
	});
	for (const a of rest) {
		const id = 'action-dialog-' + ++dialogSeq;
		const heading = a.form.querySelector('h3');
		heading.id = id + '-title';
		a.submit.className = a.danger ? 'danger' : 'primary';
		const dialog = h('dialog', {
			class: 'action-dialog',
			id,
			'aria-labelledby': heading.id,
		});
		const cancel = h(
			'button',
			{ type: 'button', class: 'secondary', onclick: () => dialog.close() },
			'取消',
		);
		a.buttons.insertBefore(cancel, a.submit);
		add(dialog, a.form);
		const open = h(
			'button',
			{
				type: 'button',
				class: 'more-item',
				'aria-haspopup': 'dialog',
				'aria-controls': id,
				dataset: { action: a.key },
			},
			a.title,
			a.key === 'extension_decision'
				? h('span', { class: 'badge warn' }, '待审批')
				: null,
		);
		open.addEventListener('click', () => {
			dialog.showModal();
			const first = a.form.querySelector(
				'input:not([disabled]), select, textarea, button:not([disabled])',
			);
			if (first) first.focus();
		});
		dialog.addEventListener('close', () => {
			if (open.isConnected) open.focus();
		});
		add(list, h('li', {}, open));
		add(dialogs, dialog);
	}
	return box;
}

// A button that opens @p entry (an actionForm) in a dialog, with 取消 beside its submit;
// the focus goes into the dialog and, once it is closed, back to the button.
export function dialogButton(text, entry) {
	const id = 'entry-dialog-' + ++dialogSeq;
	const heading = entry.form.querySelector('h3');
	heading.id = id + '-title';
	entry.submit.className = 'primary';
	const dialog = h('dialog', { class: 'action-dialog', id, 'aria-labelledby': heading.id });
	entry.buttons.insertBefore(
		h(
			'button',
			{ type: 'button', class: 'secondary', onclick: () => dialog.close() },
			'取消',
		),
		entry.submit,
	);
	add(dialog, entry.form);
	const open = h(
		'button',
		{
			type: 'button',
			class: 'primary',
			'aria-haspopup': 'dialog',
			'aria-controls': id,
		},
		text,
	);
	open.addEventListener('click', () => {
		dialog.showModal();
		entry.form.querySelector('input, select, textarea')?.focus();
	});
	dialog.addEventListener('close', () => {
		if (open.isConnected) open.focus();
	});
	return h('p', { class: 'new-entry' }, open, dialog);
}

// On a phone the actions come below a long page: a button kept at the bottom of the
// screen (app.css) takes the user to the next step's form, else to 更多操作.
export function jumpToActions() {
	return h(
		'button',
		{
			type: 'button',
			class: 'jump-actions primary',
			onclick: () => {
				const form = document.querySelector(
					'#actions .next-step form.action',
				);
				const to = form || document.querySelector('#actions .more-toggle');
				if (!to) return;
				to.scrollIntoView({ block: 'start' });
				const first = form
					? form.querySelector('input, select, textarea, button')
					: to;
				(first || form).focus({ preventScroll: true });
			},
		},
		'去办理',
	);
}

/**
 * The actions of a record's page (a fault case, an entry, a pledge set): the first of the
 * @p offered steps in @p order as the one next step, the others under 更多操作. Options:
 * @p idle, the text when none is next (the usual one by default); @p hint(step), a line
 * said above the next step's form; @p draw(step), elements drawn instead of the form (a
 * long form opened in its dialog: then there is nothing to jump to).
 */
export function stepArea(offered, order, { idle, hint, draw } = {}) {
	const first = order.map((k) => offered.find((a) => a.key === k)).find(Boolean) || null;
	const rest = offered.filter((a) => a !== first);
	const box = h(
		'section',
		{ class: 'card next-step', 'aria-labelledby': 'next-step-title' },
		h('h2', { id: 'next-step-title' }, '下一步'),
	);
	const drawn = first && draw ? draw(first) : null;
	if (!first) {
		const text = rest.length
			? '当前没有需要您办理的主要事项；其他操作见“更多操作”。'
			: idle || '当前没有需要您办理的事项。';
		add(box, h('p', { class: 'muted' }, text));
	} else if (drawn) {
		add(box, ...drawn);
	} else {
		first.submit.className = first.danger ? 'danger' : 'primary';
		const line = hint ? hint(first) : null;
		if (line)
			first.form.insertBefore(
				h('p', { class: 'hint' }, line),
				first.form.querySelector('h3').nextSibling,
			);
		add(box, first.form);
	}
	return h(
		'aside',
		{ class: 'actions', id: 'actions', 'aria-label': '办理操作' },
		offered.length && !drawn ? jumpToActions() : null,
		box,
		moreActions(rest),
	);
}

// The action area: the next step, 更多操作, the download of the problem's form 2.
function actionArea(p, done, ops) {
	const offered = actions(p, done, ops);
	const first = NEXT.map((k) => offered.find((a) => a.key === k)).find(Boolean) || null;
	const rest = offered.filter((a) => a !== first);
	return h(
		'aside',
		{ class: 'actions', id: 'actions', 'aria-label': '办理操作' },
		offered.length ? jumpToActions() : null,
		nextStep(first, rest),
		moreActions(rest),
		h(
			'p',
			{},
			h(
				'a',
				{
					href: downloadUrl(`/campaigns/${p.campaign_id}/forms/2`, {
						format: 'xlsx',
						unit_id: p.target_unit_id,
					}),
				},
				'下载本单位意见汇总表（XLSX）',
			),
		),
	);
}

async function optional(path) {
	try {
		return (await get(path)).items;
	} catch (e) {
		if (e.status === 403 || e.status === 404) return null;
		throw e;
	}
}

function eventText(ev) {
	const d = ev.data || {};
	const parts = [];
	if (d.unit_id) parts.push('承办：' + unitName(d.unit_id));
	if (d.due_on) parts.push('期限：' + d.due_on);
	if (d.passed !== undefined) parts.push(d.passed ? '验收通过' : '验收不通过');
	if (d.approved !== undefined) parts.push(d.approved ? '同意延期' : '不同意延期');
	if (d.delisted) parts.push('摘牌');
	for (const k of ['reason', 'reply', 'note', 'measures', 'bulletin'])
		if (d[k]) parts.push(d[k]);
	if (d.rating) parts.push('评价：' + label('rating', d.rating));
	if (d.percent !== undefined) parts.push(`进度 ${d.percent}%`);
	return parts.join('；');
}

// Who did each step: the names of the users, for a role that may read them, and of the
// units the session's directory does not hold, asked once.
const known = { users: new Map(), usersOf: null, units: new Map() };

async function actorNames(events) {
	if (may('user_read')) {
		if (known.usersOf !== app.user.id) known.users.clear();
		known.usersOf = app.user.id;
		if (events.some((e) => e.actor_user_id && !known.users.has(e.actor_user_id)))
			try {
				for (const u of await all('/users')) known.users.set(u.id, u);
			} catch (e) {
				if (!(e instanceof ApiError) || e.status === 401) throw e; // else by unit only
			}
	}
	const missing = new Set(
		events
			.map((e) => e.actor_unit_id)
			.filter((u) => u !== null && !app.units.has(u) && !known.units.has(u)),
	);
	await Promise.all(
		[...missing].map(async (u) => {
			try {
				known.units.set(u, await get(`/units/${u}`));
			} catch (e) {
				if (!(e instanceof ApiError) || e.status === 401) throw e; // else by its number
			}
		}),
	);
}

function actorUnit(u) {
	const k = known.units.get(u);
	return k && !app.units.has(u) ? k.name : unitName(u);
}

// The one who did a step: the public giving its rating, the system's reminders, else the
// unit and, when known, the person; an office entry for a unit says so.
function actorText(ev) {
	const d = ev.data || {};
	if (!ev.actor_user_id) return d.by === 'public' ? '意见提供人（凭回执评价）' : '系统';
	const u = known.users.get(ev.actor_user_id);
	const person = u
		? u.display_name
		: app.user && ev.actor_user_id === app.user.id
			? app.user.display_name
			: null;
	if (d.on_behalf_of_unit)
		return `${person ? person + '（' : ''}纠风办代${actorUnit(d.on_behalf_of_unit)}录入${person ? '）' : ''}`;
	return (
		[ev.actor_unit_id !== null ? actorUnit(ev.actor_unit_id) : null, person]
			.filter(Boolean)
			.join(' ') || '—'
	);
}

// 办理记录: each step with its time, who did it and what it recorded.
function history(events) {
	return section(
		'办理记录',
		h(
			'ol',
			{ class: 'timeline history' },
			events.map((ev) =>
				h(
					'li',
					{ dataset: { kind: ev.kind } },
					h('time', { datetime: ev.at }, fmtTime(ev.at)),
					' ',
					h('strong', {}, label('event', ev.kind)),
					ev.to_status && ev.from_status !== ev.to_status
						? ` → ${label('problemStatus', ev.to_status)}`
						: '',
					h('div', { class: 'actor' }, '经办：', actorText(ev)),
					eventText(ev)
						? h('div', { class: 'muted' }, eventText(ev))
						: null,
				),
			),
		),
	);
}

export async function problemPage(main, [id]) {
	// The first visit says that it loads; a reload after an action keeps the page shown
	// until the new one is ready.
	const loading = main.firstChild
		? null
		: h('p', { class: 'loading', role: 'status' }, '加载中…');
	add(main, loading);
	main.setAttribute('aria-busy', 'true');
	let p, events, progress, evals, ops, acc;
	try {
		p = await get(`/problems/${id}`);
		[events, progress, evals, ops, acc] = await Promise.all([
			optional(`/problems/${id}/events`),
			optional(`/problems/${id}/progress`),
			optional(`/problems/${id}/evaluations`),
			may('opinion_read') ? optional(`/problems/${id}/opinions`) : null,
			role() === 'unit' ? null : optional(`/problems/${id}/accountability`),
		]);
		if (events) await actorNames(events);
	} finally {
		main.removeAttribute('aria-busy');
		if (loading) loading.remove();
	}
	const done = async (path, body, msg) => {
		let after;
		try {
			after = await post(path, body);
		} catch (e) {
			// Done or changed elsewhere meanwhile: show the problem as it is now.
			if (e instanceof ApiError && e.status === 409) {
				await problemPage(main, [id]);
				focusHeading();
			}
			throw e;
		}
		// A unit that returned the problem no longer sees it: back to its list.
		if (after && after.status === 'returned' && role() === 'unit') {
			go('#/problems', msg);
			return;
		}
		try {
			await problemPage(main, [id]);
		} catch (e) {
			// The step took the problem out of the caller's sight (a unit's 退回): back
			// to the list, with the message.
			if (e instanceof ApiError && e.status === 404) {
				go('#/problems', msg);
				return;
			}
			throw e;
		}
		flash(msg);
		// the control that was used is gone with the old page: the focus goes to its heading
		focusHeading();
	};
	const camp = app.campaigns.find((c) => c.id === p.campaign_id);
	clear(
		main,
		h('p', { class: 'no-print' }, h('a', { href: '#/problems' }, '← 返回列表')),
		h('h1', {}, p.title, ' ', flagMark(p)),
		h('div', { class: 'status-line' }, statusBadge(p), ' ', countdown(p)),
		stageBar(p),
		h(
			'div',
			{ class: 'cols' },
			h(
				'div',
				{},
				section(
					'意见汇总表（表2）',
					dl([
						['编号', String(p.id)],
						['活动', camp ? camp.name : null],
						['被评议单位', unitName(p.target_unit_id)],
						[
							'承办单位',
							p.unit_id ? unitName(p.unit_id) : null,
						],
						['类别', label('dimension', p.dimension)],
						['问题类别', p.category],
						['紧急程度', label('severity', p.severity)],
						['汇总意见数', String(p.opinion_count)],
						['汇总时间', fmtTime(p.created_at)],
						['转办时间', fmtTime(p.dispatched_at)],
						['签收期限', p.ack_due_on],
						['办理期限', p.due_on],
						['退回理由', p.return_reason],
						[
							'延期申请',
							p.extension
								? `延至 ${p.extension.due_on}（${p.extension.pending ? '待审批' : '已处理'}）：${p.extension.reason}`
								: null,
						],
						['挂牌期限', p.flagged ? p.flag_due_on : null],
						[
							'重办次数',
							p.reopen_count
								? String(p.reopen_count)
								: null,
						],
					]),
					h('h3', {}, '问题概述'),
					h('p', { class: 'pre' }, p.summary),
				),
				p.reply || p.plan
					? section(
							'意见反馈表（表3）',
							dl([
								['反馈情况', p.reply],
								['整改措施与计划', p.plan],
								[
									'反馈时间',
									fmtTime(p.answered_at),
								],
							]),
						)
					: null,
				progress && progress.length
					? section(
							'整改情况表（表4）',
							h(
								'p',
								{},
								h('progress', {
									max: 100,
									value: p.percent,
									'aria-label': '整改进度',
								}),
								` ${p.percent}%`,
							),
							h(
								'ol',
								{ class: 'timeline' },
								progress.map((g) =>
									h(
										'li',
										{},
										h(
											'time',
											{},
											fmtTime(
												g.created_at,
											),
										),
										` ${g.percent}%${g.done ? '（完成）' : ''}：`,
										g.measures,
										g.evidence
											? h(
													'div',
													{
														class: 'muted',
													},
													'佐证：' +
														g.evidence,
												)
											: null,
									),
								),
							),
						)
					: null,
				evals && evals.length
					? section(
							'整改效果表（表5）',
							h(
								'ul',
								{},
								evals.map((e) =>
									h(
										'li',
										{},
										h(
											'strong',
											{},
											label(
												'rating',
												e.rating,
											),
										),
										`（${e.by === 'public' ? '意见提供人' : '工作人员'}，第${e.round}轮，${fmtTime(e.created_at)}）`,
										e.note
											? '：' +
													e.note
											: '',
									),
								),
							),
						)
					: null,
				ops && ops.length
					? section(
							`汇总的意见（${ops.length}条）`,
							h(
								'ul',
								{ class: 'opinions' },
								ops.map((o) =>
									h(
										'li',
										{},
										role() === 'unit'
											? null
											: h(
													'a',
													{
														href: `#/opinions/${o.id}`,
													},
													`#${o.id} `,
												),
										h(
											'span',
											{
												class: 'muted',
											},
											`${label('source', o.source)} · ${label('channel', o.channel)} · ${fmtTime(o.received_at)}`,
										),
										h(
											'div',
											{},
											o.content,
										),
									),
								),
							),
						)
					: null,
				acc && acc.length
					? section(
							'问责记录',
							h(
								'ul',
								{},
								acc.map((a) =>
									h(
										'li',
										{},
										`${a.decided_on} ${unitName(a.unit_id)} ${a.person || ''}：${label('measure', a.kind)}${a.note ? '（' + a.note + '）' : ''}`,
									),
								),
							),
						)
					: null,
				events ? history(events) : null,
			),
			actionArea(p, done, ops),
		),
	);
}
