// Annual target management (目标管理): the year's scheme and responsibility letters, one
// unit's letter (目标责任书) with the steps the server offers (its `actions`), the item
// editor, the letter printed on A4, and the year-end assessment sheet.

import { h, add, clear, field, select, fmtTime, scrollBox, labelCells } from './dom.js';
import { api, get, post, all, message, downloadUrl, ApiError } from './api.js';
import { app, role, may, today, unitName, flash, clearFlash, showError, onSubmit } from './ui.js';
import { label, L } from './labels.js';
import { section, dl, stageStep } from './components.js';
import { go } from './router.js';
import { zhField } from './messages.js';
import { letterSections, letterData, yearSections, ownUnit } from './yearend.js';

const CARD_NO = { 1: '第一卡', 2: '第二卡' };

// A number of points or a target as the server gave it: at most three decimals, no
// trailing zeros; '—' for none.
export function num(v) {
	if (v === null || v === undefined || v === '') return '—';
	return String(Number(Number(v).toFixed(3)));
}

export const two = (v) => (v === null || v === undefined ? '—' : Number(v).toFixed(2));

// Thousandths, so that sums of points like 12.5 and 0.375 come out exact.
export const milli = (v) => Math.round(Number(v) * 1000);

// A year from the query, else the district's year today (the server's clock).
export function yearOf(query) {
	const y = Number(query && query.get('year'));
	if (Number.isInteger(y) && y >= 2000 && y <= 2100) return y;
	return Number((app.today || today()).slice(0, 4));
}

// A date as a printed official document writes it: 2026年3月1日.
function zhDate(s) {
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s || '');
	return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : '';
}

export function officeName() {
	const o = [...app.units.values()].find((u) => u.kind === 'office');
	return o ? o.name : label('kind', 'office');
}

// The name of a letter's card in the year's scheme.
export function cardName(scheme, kind, card) {
	return kind === 'street' ? scheme.street_cards[card - 1] : scheme.department_card;
}

function cardsOf(kind) {
	return kind === 'street' ? [1, 2] : [1];
}

// The year to show: a choice of years around this one, moving to @p hashOf(year).
export function yearPicker(year, hashOf) {
	const now = Number((app.today || today()).slice(0, 4));
	const years = [];
	for (let y = now + 1; y >= now - 4; y--) years.push(y);
	if (!years.includes(year)) years.push(year);
	years.sort((a, b) => b - a);
	const form = h(
		'form',
		{ class: 'filters year-pick', 'aria-label': '选择年度' },
		field(
			'年度',
			select(
				'year',
				years.map((y) => [y, `${y}年`]),
				year,
			),
		),
		h('button', { type: 'submit', class: 'secondary' }, '查看'),
	);
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		go(hashOf(form.year.value));
	});
	return form;
}

// Show a failed request on @p form: each field error under the control locate(field)
// gives (its slot is the control's, or the one its data-err names), and the whole on top
// with each field called what nameOf(field) says.
export function formError(err, form, locate, nameOf) {
	const fields =
		err instanceof ApiError && Array.isArray(err.body.errors) ? err.body.errors : [];
	if (!fields.length) {
		showError(err, form);
		return;
	}
	for (const el of form.querySelectorAll('.field-error')) clear(el);
	for (const el of form.querySelectorAll('[aria-invalid]'))
		el.removeAttribute('aria-invalid');
	const names = {};
	for (const fe of fields) {
		const n = nameOf(fe.field);
		if (n) names[fe.field] = n;
		const ctl = locate(fe.field);
		if (!ctl) continue;
		const slot = document.getElementById(ctl.dataset.err || ctl.id + '-err');
		if (slot)
			slot.textContent =
				(slot.textContent ? slot.textContent + '；' : '') + zhField(fe);
		ctl.setAttribute('aria-invalid', 'true');
	}
	flash(message(err, names), 'error');
	const bad = form.querySelector('[aria-invalid=true]');
	if (bad) bad.focus();
}

// ---- the year ----

export async function targetsPage(main, m, query) {
	const year = m && m[0] ? Number(m[0]) : yearOf(query);
	const y = await get(`/targets/${year}`);
	const unit = role() === 'unit';
	const yearEnd = await yearSections(y);
	const count = {};
	for (const l of y.letters) count[l.status] = (count[l.status] || 0) + 1;
	add(
		main,
		h('h1', {}, unit ? `${year}年度目标责任书` : `${year}年度目标管理`),
		yearPicker(year, (v) => `#/targets?year=${v}`),
		unit
			? null
			: h(
					'p',
					{ class: 'year-summary' },
					`共 ${y.letters.length} 个责任单位：` +
						Object.keys(L.letterStatus)
							.map(
								(s) =>
									`${label('letterStatus', s)} ${count[s] || 0}`,
							)
							.join('，') +
						'。',
					h(
						'a',
						{ href: `#/targets/${year}/assessment` },
						`${year}年度考核结果`,
					),
				),
		unit
			? h(
					'p',
					{ class: 'year-summary' },
					h('a', { href: `#/targets/mine?year=${year}` }, '我的目标'),
					h(
						'a',
						{ href: `#/units/${app.user.unit_id}/people` },
						'本单位人员名册',
					),
				)
			: null,
		yearEnd.before,
		lettersSection(y),
		yearEnd.after,
		schemeSection(y),
	);
}

// The points of each card of a letter; a card that does not come to 100 marked, in words.
function cardSums(l) {
	if (!l.item_count) return h('span', { class: 'muted' }, '尚未起草');
	return l.cards.map((c) => {
		const gap = 100000 - milli(c.points);
		return h(
			'span',
			{ class: 'card-sum' + (gap ? ' off' : '') },
			`${c.name} ${num(c.points)} 分`,
			gap
				? h(
						'span',
						{ class: 'badge warn' },
						`${gap > 0 ? '差' : '超出'} ${num(Math.abs(gap) / 1000)} 分`,
					)
				: null,
		);
	});
}

function statusBadge(l) {
	return h(
		'span',
		{ class: 'badge ls-' + l.status },
		l.status_label || label('letterStatus', l.status),
	);
}

function lettersSection(y) {
	const rows = y.letters.map((l) =>
		h(
			'tr',
			{},
			h(
				'th',
				{ scope: 'row' },
				h('a', { href: `#/targets/${y.year}/${l.unit_id}` }, l.unit_name),
			),
			h('td', {}, label('kind', l.unit_kind)),
			h('td', {}, statusBadge(l)),
			h('td', {}, cardSums(l)),
			h('td', { class: 'num' }, l.item_count),
			h('td', { class: 'num' }, l.amendments),
			h('td', {}, l.signed_by || '—'),
		),
	);
	const table = h(
		'table',
		{ class: 'cards letters' },
		h(
			'thead',
			{},
			h(
				'tr',
				{},
				[
					'责任单位',
					'类型',
					'状态',
					'各卡分值',
					'项目数',
					'修订次数',
					'签订人',
				].map((t) => h('th', { scope: 'col' }, t)),
			),
		),
		h('tbody', {}, rows),
	);
	labelCells(table);
	return section(
		'目标责任书',
		rows.length
			? h('div', scrollBox('目标责任书'), table)
			: h('p', { class: 'muted' }, '没有可查看的责任书。'),
	);
}

function schemeSection(y) {
	const s = y.scheme;
	const g = s.grades;
	const lv = s.level_points;
	const box = section(
		'考核方案',
		h(
			'p',
			{ class: 'muted' },
			y.scheme_set
				? '本年度考核方案已设定。'
				: '本年度尚未设定考核方案，按默认方案。',
		),
		dl([
			['街镇（双百分）', `${s.street_cards[0]}、${s.street_cards[1]}，各 100 分`],
			['部门', `${s.department_card}，100 分`],
			['“定”的内容', s.ding.join('、')],
			[
				'等次分数线',
				`优秀 ≥ ${num(g.excellent)}，良好 ≥ ${num(g.good)}，合格 ≥ ${num(g.pass)}，其余为不合格`,
			],
			[
				'表彰加分 / 批评减分',
				Object.keys(L.level)
					.map((k) => `${label('level', k)} ${num(lv[k])}`)
					.join('，'),
			],
		]),
	);
	if (y.actions.includes('set_scheme')) {
		const form = schemeForm(y);
		form.hidden = true;
		const open = h(
			'button',
			{
				type: 'button',
				class: 'secondary',
				'aria-expanded': 'false',
				'aria-controls': form.id,
			},
			'修改考核方案',
		);
		open.addEventListener('click', () => {
			form.hidden = !form.hidden;
			open.setAttribute('aria-expanded', String(!form.hidden));
			if (!form.hidden) form.querySelector('input').focus();
		});
		add(box, h('p', {}, open), form);
	} else if (role() === 'admin') {
		add(box, h('p', { class: 'hint' }, '本年度已有责任书签订，考核方案不能再修改。'));
	}
	return box;
}

function schemeForm(y) {
	const s = y.scheme;
	const text = (name, value) =>
		h('input', { name, value, maxlength: 20, autocomplete: 'off' });
	const number = (name, value) =>
		h('input', {
			name,
			value: num(value),
			type: 'number',
			step: 'any',
			min: 0,
			max: 100,
		});
	const levels = Object.keys(L.level).map((k) =>
		field(label('level', k), number('level_points.' + k, s.level_points[k])),
	);
	const grades = ['excellent', 'good', 'pass'].map((k) =>
		field(label('grade', k) + ' 最低分', number('grades.' + k, s.grades[k])),
	);
	const levelSlot = h('div', {
		class: 'field-error',
		id: 'scheme-levels-err',
		role: 'alert',
	});
	const gradeSlot = h('div', {
		class: 'field-error',
		id: 'scheme-grades-err',
		role: 'alert',
	});
	const form = h(
		'form',
		{
			class: 'step scheme-form',
			id: 'scheme-form',
			novalidate: true,
			'aria-label': '修改考核方案',
		},
		h('h3', {}, '修改考核方案'),
		h(
			'div',
			{ class: 'grid' },
			field('街镇第一卡名称', text('street_cards.0', s.street_cards[0])),
			field('街镇第二卡名称', text('street_cards.1', s.street_cards[1])),
			field('部门考核卡名称', text('department_card', s.department_card)),
		),
		field(
			'“定”的内容',
			h('textarea', { name: 'ding', rows: 6 }, s.ding.join('\n')),
			'每行一项，1 到 12 项',
		),
		h(
			'fieldset',
			{},
			h('legend', {}, '表彰加分 / 批评减分（分）'),
			h('div', { class: 'grid' }, levels),
			levelSlot,
		),
		h(
			'fieldset',
			{},
			h('legend', {}, '等次分数线（分）'),
			h('div', { class: 'grid' }, grades),
			gradeSlot,
		),
		h(
			'div',
			{ class: 'form-buttons' },
			h('button', { type: 'submit' }, '保存考核方案'),
		),
	);
	for (const el of form.querySelectorAll('[name^="level_points."]'))
		el.dataset.err = levelSlot.id;
	for (const el of form.querySelectorAll('[name^="grades."]')) el.dataset.err = gradeSlot.id;
	const ctl = (n) => form.querySelector(`[name="${n}"]`);
	const locate = (f) =>
		({
			street_cards: ctl('street_cards.0'),
			cards: ctl('street_cards.0'),
			department_card: ctl('department_card'),
			ding: ctl('ding'),
			level_points: ctl('level_points.national'),
			grades: ctl('grades.excellent'),
		})[f] || null;
	const names = {
		street_cards: '“街镇考核卡名称”',
		cards: '“考核卡名称”',
		department_card: '“部门考核卡名称”',
		ding: '“定”的内容',
		level_points: '“表彰加分 / 批评减分”',
		grades: '“等次分数线”',
	};
	onSubmit(form, async () => {
		const v = (n) => ctl(n).value.trim();
		const numOrNull = (n) => (v(n) === '' ? null : Number(v(n)));
		const body = {
			street_cards: [v('street_cards.0'), v('street_cards.1')],
			department_card: v('department_card'),
			ding: ctl('ding')
				.value.split('\n')
				.map((t) => t.trim())
				.filter(Boolean),
			level_points: Object.fromEntries(
				Object.keys(L.level).map((k) => [
					k,
					numOrNull('level_points.' + k),
				]),
			),
			grades: Object.fromEntries(
				['excellent', 'good', 'pass'].map((k) => [
					k,
					numOrNull('grades.' + k),
				]),
			),
		};
		try {
			await api('PUT', `/targets/${y.year}/scheme`, body);
		} catch (e) {
			formError(e, form, locate, (f) => names[f]);
			return;
		}
		go(`#/targets?year=${y.year}&t=${Date.now()}`, '考核方案已保存');
	});
	return form;
}

// ---- a letter ----

export async function letterPage(main, m) {
	const year = Number(m[0]);
	const unitId = Number(m[1]);
	let y, l;
	try {
		[y, l] = await Promise.all([
			get(`/targets/${year}`),
			get(`/targets/${year}/letters/${unitId}`),
		]);
	} catch (e) {
		if (!(e instanceof ApiError) || e.status !== 404) throw e;
		add(
			main,
			h('p', {}, h('a', { href: `#/targets?year=${year}` }, '← 目标管理')),
			h('h1', {}, '找不到这份责任书'),
			h('p', {}, '记录不存在，或不在您的查看范围内。'),
		);
		return;
	}
	const [, ctx] = await Promise.all([amenders(l), letterData(l)]);
	ctx.users = users;
	main.classList.add('letter-view');
	drawLetter(main, y.scheme, l, null, ctx);
}

// The names of the users who amended letters or scored their items, for a role that may
// read them.
const users = new Map();

async function amenders(l) {
	const ids = [
		...(l.amendment_list || []).map((a) => a.by_user_id),
		...l.items.map((it) => it.result && it.result.by_user_id).filter(Boolean),
	].filter((id) => id !== app.user.id && !users.has(id));
	if (!ids.length || !may('user_read')) return;
	try {
		for (const u of await all('/users')) users.set(u.id, u);
	} catch (e) {
		if (!(e instanceof ApiError) || e.status === 401) throw e; // else by role
	}
}

function amender(id) {
	if (app.user && id === app.user.id) return app.user.display_name;
	const u = users.get(id);
	return u ? u.display_name : label('role', 'admin');
}

// Draw (again) the letter's page in @p view: after a step the server's answer replaces it.
function drawLetter(view, scheme, l, text, ctx) {
	const redraw = (next, said) => drawLetter(view, scheme, next, said, ctx);
	clear(
		view,
		h(
			'p',
			{ class: 'no-print' },
			h(
				'a',
				{ href: `#/targets?year=${l.year}` },
				role() === 'unit' ? '← 目标责任书' : '← 目标管理',
			),
		),
		h('h1', {}, `${l.year}年度${l.unit_name}目标管理责任书`),
		h(
			'div',
			{ class: 'status-line no-print' },
			statusBadge(l),
			h(
				'button',
				{
					type: 'button',
					class: 'secondary',
					onclick: () => window.print(),
				},
				'打印',
			),
		),
		overview(l),
		actionsSection(l, scheme, view, redraw),
		h('div', { id: 'letter-editor', class: 'no-print' }),
		preamble(l),
		itemsSection(l, scheme),
		signatures(l),
		letterSections(l, ctx, redraw),
		amendmentsSection(l, scheme),
	);
	if (text) flash(text);
}

function overview(l) {
	const order = Object.keys(L.letterStatus);
	const at = order.indexOf(l.status);
	return noPrint(
		section(
			'概况',
			h(
				'ol',
				{ class: 'stages', 'aria-label': '责任书的环节' },
				order.map((s, i) =>
					stageStep(
						label('letterStatus', s),
						i < at ? 'done' : i === at ? 'now' : '',
					),
				),
			),
			dl([
				['责任单位', `${l.unit_name}（${label('kind', l.unit_kind)}）`],
				['年度', `${l.year}年`],
				['状态', l.status_label || label('letterStatus', l.status)],
				['下达时间', fmtTime(l.issued_at)],
				['签订时间', fmtTime(l.signed_at)],
				['签订人', l.signed_by],
				['生效时间', fmtTime(l.in_force_at)],
				['修订次数', l.amendments ? `${l.amendments} 次` : null],
				[
					'退回理由',
					l.returned_reason
						? `${l.returned_reason}（${fmtTime(l.returned_at)} 退回）`
						: null,
				],
			]),
			role() === 'admin' || role() === 'leader' || ownUnit(l.unit_id)
				? h(
						'p',
						{},
						h(
							'a',
							{ href: `#/units/${l.unit_id}/people` },
							`${l.unit_name}人员名册`,
						),
					)
				: null,
		),
	);
}

function noPrint(el) {
	el.classList.add('no-print');
	return el;
}

// What a caller with no step to take is told, by the letter's status.
const WAITING = {
	draft: '责任书草拟中。',
	issued: '责任书已下达，待责任单位签订。',
	signed: '责任书已签订，待确认生效。',
	in_force: '责任书已生效。',
};

const STEPS = ['edit', 'issue', 'return', 'sign', 'enact', 'amend'];

// The steps the server says the caller may take now (the letter's `actions`).
function actionsSection(l, scheme, view, redraw) {
	const acts = new Set(l.actions);
	const base = `/targets/${l.year}/letters/${l.unit_id}`;
	const box = h(
		'section',
		{
			class: 'card next-step no-print',
			id: 'letter-actions',
			'aria-labelledby': 'letter-actions-title',
		},
		h('h2', { id: 'letter-actions-title' }, '下一步'),
	);
	// the steps of this page (the server may offer others, taken on pages of their own)
	if (!STEPS.some((a) => acts.has(a))) {
		add(
			box,
			h(
				'p',
				{ class: 'muted' },
				role() === 'leader' ? '领导账号为只读。' : WAITING[l.status] || '',
			),
		);
		return box;
	}
	const editorBox = () => view.querySelector('#letter-editor');
	const openEditor = (mode, opener) => {
		const ed = itemEditor(
			l,
			scheme,
			mode,
			(next, said) => redraw(next, said),
			() => {
				clear(editorBox());
				if (opener.isConnected) opener.focus();
			},
		);
		clear(editorBox(), ed);
		const title = ed.querySelector('h2');
		title.setAttribute('tabindex', '-1');
		title.focus();
		title.scrollIntoView({ block: 'start' });
	};
	const step = (text, cls, fn) => {
		const b = h(
			'button',
			{ type: 'button', class: cls, dataset: { step: text } },
			text,
		);
		b.addEventListener('click', async () => {
			clearFlash();
			b.disabled = true;
			try {
				await fn(b);
			} catch (e) {
				showError(e);
			} finally {
				b.disabled = false;
			}
		});
		return b;
	};
	const buttons = h('div', { class: 'form-buttons' });
	if (acts.has('edit'))
		add(
			buttons,
			step('编辑考核项目', 'secondary', (b) => openEditor('edit', b)),
		);
	if (acts.has('issue'))
		add(
			buttons,
			step('下达', 'primary', async () =>
				redraw(await post(`${base}/issue`), '责任书已下达，待责任单位签订'),
			),
		);
	if (acts.has('enact'))
		add(
			buttons,
			step('生效', 'primary', async () =>
				redraw(await post(`${base}/enact`), '责任书已生效'),
			),
		);
	if (acts.has('amend'))
		add(
			buttons,
			step('修订', 'secondary', (b) => openEditor('amend', b)),
		);
	if (acts.has('edit') && l.status === 'draft' && l.returned_reason)
		add(
			box,
			h(
				'p',
				{ class: 'returned' },
				h('span', { class: 'badge warn' }, '已退回'),
				` 责任单位退回修改的理由：${l.returned_reason}`,
			),
		);
	if (acts.has('sign')) add(box, signForm(base, redraw));
	if (acts.has('return')) add(buttons, returnDialog(base, redraw));
	if (buttons.childNodes.length) add(box, buttons);
	return box;
}

function signForm(base, redraw) {
	const form = h(
		'form',
		{ class: 'step sign-form', novalidate: true, 'aria-labelledby': 'sign-title' },
		h('h3', { id: 'sign-title' }, '签订责任书'),
		h('p', { class: 'hint' }, '由本单位主要负责人签订；签订后考核项目只能经修订变更。'),
		field(
			'签订人（主要负责人姓名）',
			h('input', {
				name: 'signed_by',
				maxlength: 50,
				autocomplete: 'name',
				required: true,
			}),
		),
		h(
			'div',
			{ class: 'form-buttons' },
			h('button', { type: 'submit', class: 'primary' }, '签订'),
		),
	);
	onSubmit(form, async () => {
		const l = await post(`${base}/sign`, { signed_by: form.signed_by.value.trim() });
		redraw(l, '责任书已签订');
	});
	return form;
}

// The unit sends an issued letter back, with its reason, in a dialog.
function returnDialog(base, redraw) {
	const dialog = h('dialog', { class: 'action-dialog', 'aria-labelledby': 'return-title' });
	const problem = h('div', { class: 'form-error', role: 'alert' });
	const form = h(
		'form',
		{ class: 'action', novalidate: true },
		h('h3', { id: 'return-title' }, '退回修改'),
		field(
			'退回理由',
			h('textarea', { name: 'reason', rows: 4, maxlength: 500, required: true }),
			'说明需要修改的内容，5 到 500 个字',
		),
		problem,
		h(
			'div',
			{ class: 'form-buttons' },
			h(
				'button',
				{
					type: 'button',
					class: 'secondary',
					onclick: () => dialog.close(),
				},
				'取消',
			),
			h('button', { type: 'submit', class: 'danger' }, '退回'),
		),
	);
	add(dialog, form);
	onSubmit(form, async () => {
		clear(problem);
		try {
			const l = await post(`${base}/return`, {
				reason: form.reason.value.trim(),
			});
			dialog.close();
			redraw(l, '责任书已退回修改');
		} catch (e) {
			// the message area is behind the dialog: the message inside it too
			problem.textContent = message(e);
			throw e;
		}
	});
	const open = h(
		'button',
		{ type: 'button', class: 'secondary', 'aria-haspopup': 'dialog' },
		'退回修改',
	);
	open.addEventListener('click', () => {
		dialog.showModal();
		form.reason.focus();
	});
	dialog.addEventListener('close', () => {
		if (open.isConnected) open.focus();
	});
	return h('span', {}, open, dialog);
}

// ---- the item editor ----

const ITEM_FIELDS = {
	code: '编号',
	name: '考核内容',
	card: '考核卡',
	category: '类别',
	points: '分值',
	rule: '计分规则',
	target: '目标值',
	indicator: '考核指标',
	measure: '工作措施',
	deadline: '完成时限',
	assessor_id: '考核部门',
	owner: '责任人',
	ding: '“定”的内容',
};

let rowSeq = 0;

// The items of a letter as a form: a block per item with all its fields and the text of
// each "定" dimension of the scheme, the sum of each card as it is typed; @p mode 'edit'
// (the draft's items) or 'amend' (with a reason). done(letter, text) after it is saved.
function itemEditor(l, scheme, mode, done, cancel) {
	const street = l.unit_kind === 'street';
	const base = `/targets/${l.year}/letters/${l.unit_id}`;
	const rows = h('div', { class: 'item-rows' });
	const sums = h('div', { class: 'card-sums', role: 'status' });
	const addButton = h('button', { type: 'button', class: 'secondary' }, '添加一项');
	const reason =
		mode === 'amend'
			? h('textarea', { name: 'reason', rows: 3, maxlength: 500, required: true })
			: null;
	const form = h(
		'form',
		{
			class: 'card item-editor',
			novalidate: true,
			'aria-labelledby': 'item-editor-title',
		},
		h(
			'h2',
			{ id: 'item-editor-title' },
			mode === 'amend' ? '修订责任书' : '编辑考核项目',
		),
		h(
			'p',
			{ class: 'hint' },
			mode === 'amend'
				? '修订须说明理由；修订前后的考核项目一并留存，并记入审计日志。'
				: '保存后仍可修改，下达前请核对各卡合计分值。',
		),
		sums,
		rows,
		h('p', {}, addButton),
		reason ? field('修订理由', reason, '5 到 500 个字') : null,
		h(
			'div',
			{ class: 'form-buttons' },
			h(
				'button',
				{ type: 'button', class: 'secondary', onclick: cancel },
				'取消',
			),
			h(
				'button',
				{ type: 'submit', class: 'primary' },
				mode === 'amend' ? '提交修订' : '保存',
			),
		),
	);

	const renumber = () => {
		[...rows.children].forEach((r, i) => {
			r.querySelector('legend').textContent = `第 ${i + 1} 项`;
			r.querySelector('.remove-item').textContent = `删除第 ${i + 1} 项`;
		});
	};
	const updateSums = () => {
		const t = { 1: 0, 2: 0 };
		for (const r of rows.children) {
			const p = r.querySelector('[data-key=points]').value.trim();
			const c = street ? Number(r.querySelector('[data-key=card]').value) : 1;
			if (p !== '' && Number.isFinite(Number(p))) t[c] += milli(p);
		}
		clear(
			sums,
			h('strong', {}, '各卡合计：'),
			cardsOf(l.unit_kind).map((c) => {
				const off = t[c] !== 100000;
				const gap = Math.abs(100000 - t[c]) / 1000;
				return h(
					'span',
					{ class: 'card-sum' + (off ? ' off' : '') },
					`${cardName(scheme, l.unit_kind, c)} ${num(t[c] / 1000)} 分`,
					off
						? `（${t[c] < 100000 ? '差' : '超出'} ${num(gap)} 分）`
						: '（100 分）',
				);
			}),
		);
	};
	const addRow = (it) => {
		const row = itemRow(it, l, scheme, () => {
			const at = [...rows.children].indexOf(row);
			row.remove();
			renumber();
			updateSums();
			const next = rows.children[at] || rows.children[at - 1];
			(next ? next.querySelector('input') : addButton).focus();
		});
		add(rows, row);
		return row;
	};
	for (const it of l.items) addRow(it);
	if (!l.items.length) addRow({});
	renumber();
	updateSums();
	addButton.addEventListener('click', () => {
		const row = addRow({});
		renumber();
		updateSums();
		row.querySelector('input').focus();
	});
	form.addEventListener('input', updateSums);
	form.addEventListener('change', updateSums);

	const locate = (f) => {
		if (f === 'reason') return reason;
		const m = /^items\[(\d+)\]\.(\w+)$/.exec(f);
		const row = m && rows.children[Number(m[1])];
		if (!row) return null;
		if (m[2] === 'ding') return row.querySelector('[data-ding]');
		return row.querySelector(`[data-key="${m[2]}"]`);
	};
	const nameOf = (f) => {
		if (f === 'reason') return '“修订理由”';
		if (f === 'items') return '考核项目';
		const m = /^items\[(\d+)\]\.(\w+)$/.exec(f);
		return m ? `第 ${Number(m[1]) + 1} 项的“${ITEM_FIELDS[m[2]] || m[2]}”` : null;
	};
	onSubmit(form, async () => {
		const items = [...rows.children].map((r) => readRow(r, street));
		let next;
		try {
			next =
				mode === 'amend'
					? await post(`${base}/amend`, {
							reason: reason.value.trim(),
							items,
						})
					: await api('PUT', `${base}/items`, { items });
		} catch (e) {
			formError(e, form, locate, nameOf);
			return;
		}
		done(
			next,
			mode === 'amend' ? '责任书已修订，修订前后的项目已留存' : '考核项目已保存',
		);
	});
	return form;
}

function itemRow(it, l, scheme, onRemove) {
	const id = 'item' + ++rowSeq;
	const input = (key, attrs) =>
		h(
			'input',
			Object.assign({ name: key, dataset: { key }, autocomplete: 'off' }, attrs),
		);
	const area = (key, value) =>
		h('textarea', { name: key, dataset: { key }, rows: 2 }, value || '');
	const choose = (key, options, value) => select(key, options, value, { dataset: { key } });
	const departments = [...app.units.values()].filter(
		(u) => u.kind === 'department' && u.id !== l.unit_id,
	);
	const dingSlot = h('div', { class: 'field-error', id: id + '-ding-err', role: 'alert' });
	const ding = h(
		'fieldset',
		{ class: 'ding' },
		h('legend', {}, '“定”的内容'),
		h(
			'div',
			{ class: 'grid' },
			scheme.ding.map((d) =>
				field(
					d,
					h('input', {
						name: 'ding',
						dataset: { ding: d, err: dingSlot.id },
						value: (it.ding && it.ding[d]) || '',
						maxlength: 500,
						autocomplete: 'off',
					}),
				),
			),
		),
		dingSlot,
	);
	const remove = h(
		'button',
		{ type: 'button', class: 'secondary small remove-item' },
		'删除',
	);
	remove.addEventListener('click', onRemove);
	return h(
		'fieldset',
		{ class: 'item-row', id },
		h('legend', {}, '第 1 项'),
		h(
			'div',
			{ class: 'grid' },
			field('编号', input('code', { value: it.code || '', maxlength: 32 })),
			field('考核内容', input('name', { value: it.name || '', maxlength: 200 })),
			l.unit_kind === 'street'
				? field(
						'考核卡',
						choose(
							'card',
							[1, 2].map((c) => [
								c,
								`${CARD_NO[c]}（${scheme.street_cards[c - 1]}）`,
							]),
							it.card || 1,
						),
					)
				: null,
			field(
				'类别',
				choose(
					'category',
					Object.entries(L.targetCategory),
					it.category || 'function',
				),
			),
			field(
				'分值',
				input('points', {
					type: 'number',
					step: 'any',
					min: 0,
					max: 100,
					value: it.points === undefined ? '' : num(it.points),
				}),
			),
			field(
				'计分规则',
				choose('rule', Object.entries(L.targetRule), it.rule || 'ratio'),
			),
			field(
				'目标值',
				input('target', {
					type: 'number',
					step: 'any',
					min: 0,
					value:
						it.target === null || it.target === undefined
							? ''
							: num(it.target),
				}),
				'按完成比例、越低越好的项目填写',
			),
			field(
				'完成时限',
				input('deadline', {
					type: 'date',
					value: it.deadline || '',
					min: `${l.year}-01-01`,
					max: `${l.year}-12-31`,
				}),
			),
			field(
				'考核部门',
				choose(
					'assessor_id',
					[
						['', officeName()],
						...departments.map((u) => [u.id, u.name]),
					],
					it.assessor_id ?? '',
				),
			),
			field('责任人', input('owner', { value: it.owner || '', maxlength: 50 })),
		),
		h(
			'div',
			{ class: 'grid wide' },
			field('考核指标', area('indicator', it.indicator)),
			field('工作措施', area('measure', it.measure)),
		),
		ding,
		h('p', { class: 'row-buttons' }, remove),
	);
}

// An item as the API takes it, from its block of the editor.
function readRow(row, street) {
	const v = (k) => row.querySelector(`[data-key="${k}"]`).value;
	const it = {
		code: v('code').trim(),
		name: v('name').trim(),
		card: street ? Number(v('card')) : 1,
		category: v('category'),
		rule: v('rule'),
		indicator: v('indicator'),
		measure: v('measure'),
		owner: v('owner').trim(),
		deadline: v('deadline') || null,
		assessor_id: v('assessor_id') ? Number(v('assessor_id')) : null,
		ding: {},
	};
	const points = v('points').trim();
	if (points !== '') it.points = Number(points);
	const target = v('target').trim();
	it.target = target === '' ? null : Number(target);
	for (const d of row.querySelectorAll('[data-ding]'))
		if (d.value.trim()) it.ding[d.dataset.ding] = d.value;
	return it;
}

// ---- the letter's items, and what it says on paper ----

export function assessorName(id) {
	return id ? unitName(id) : officeName();
}

function dingCell(it, scheme) {
	const texts = scheme.ding.filter((d) => it.ding && it.ding[d]);
	if (!texts.length) return '—';
	return h(
		'ul',
		{ class: 'ding-list' },
		texts.map((d) =>
			h('li', {}, h('span', { class: 'ding-name' }, d + '：'), it.ding[d]),
		),
	);
}

function itemsSection(l, scheme) {
	if (!l.items.length)
		return section('考核项目', h('p', { class: 'muted' }, '尚未起草考核项目。'));
	const withDing =
		l.unit_kind === 'department' ||
		l.items.some((it) => it.ding && Object.values(it.ding).some(Boolean));
	const head = [
		'编号',
		'考核内容',
		'类别',
		'考核指标',
		'目标值',
		'工作措施',
		'分值',
		'计分规则',
		'完成时限',
		'考核部门',
		'责任人',
		withDing ? '“定”的内容' : null,
	].filter(Boolean);
	const box = h(
		'section',
		{ class: 'card letter-items' },
		h('h2', { class: 'no-print' }, '考核项目'),
	);
	for (const c of cardsOf(l.unit_kind)) {
		const items = l.items.filter((it) => it.card === c);
		const name = cardName(scheme, l.unit_kind, c);
		const sum = items.reduce((s, it) => s + milli(it.points), 0) / 1000;
		const title =
			(l.unit_kind === 'street' ? `${CARD_NO[c]}　${name}` : name) +
			`（合计 ${num(sum)} 分）`;
		const table = h(
			'table',
			{ class: 'letter-table' },
			h(
				'thead',
				{},
				h(
					'tr',
					{},
					head.map((t) => h('th', { scope: 'col' }, t)),
				),
			),
			h(
				'tbody',
				{},
				items.map((it) =>
					h(
						'tr',
						{},
						h('td', { class: 'code' }, it.code),
						h('td', {}, it.name),
						h('td', {}, label('targetCategory', it.category)),
						h('td', { class: 'text' }, it.indicator || '—'),
						h('td', { class: 'num' }, num(it.target)),
						h('td', { class: 'text' }, it.measure || '—'),
						h('td', { class: 'num' }, num(it.points)),
						h('td', {}, label('targetRule', it.rule)),
						h('td', { class: 'date' }, it.deadline || '—'),
						h('td', {}, assessorName(it.assessor_id)),
						h('td', {}, it.owner || '—'),
						withDing
							? h(
									'td',
									{ class: 'text' },
									dingCell(it, scheme),
								)
							: null,
					),
				),
			),
		);
		labelCells(table);
		add(
			box,
			h('h3', { class: 'card-title' }, title),
			items.length
				? h('div', scrollBox(title), table)
				: h('p', { class: 'muted' }, '本卡尚无考核项目。'),
		);
	}
	return box;
}

// The opening of the printed letter: who signs it with whom, for what.
function preamble(l) {
	return h(
		'div',
		{ class: 'print-only letter-text' },
		h(
			'p',
			{},
			`为全面完成${l.year}年度目标任务，区目标管理考核领导小组与${l.unit_name}签订本责任书。` +
				`${l.unit_name}对下列目标任务负责，年终由区目标管理考核领导小组组织考核。`,
		),
	);
}

// The end of the printed letter: its copies, and the two parties' seals, signatures and dates.
function signatures(l) {
	const party = (who) =>
		h(
			'div',
			{ class: 'party' },
			h('p', { class: 'who' }, who),
			h('p', {}, '主要负责人签字：', h('span', { class: 'line' })),
			h('p', {}, '日期：　　　　年　　月　　日'),
		);
	return h(
		'div',
		{ class: 'print-only letter-end' },
		h(
			'div',
			{ class: 'letter-text' },
			h(
				'p',
				{},
				'本责任书一式两份，区目标管理考核领导小组和责任单位各执一份。' +
					(l.amendments
						? `本责任书经 ${l.amendments} 次修订，以上为修订后的内容。`
						: ''),
			),
		),
		h(
			'div',
			{ class: 'letter-sign' },
			party('区目标管理考核领导小组（盖章）'),
			party(`责任单位（盖章）：${l.unit_name}`),
		),
		l.signed_at
			? h(
					'p',
					{ class: 'sign-note' },
					`（本责任书已于${zhDate(l.signed_at)}由${l.signed_by}签订` +
						(l.in_force_at
							? `，${zhDate(l.in_force_at)}生效`
							: '') +
						'。）',
				)
			: null,
	);
}

// ---- amendments ----

const DIFF_FIELDS = [
	'name',
	'card',
	'category',
	'points',
	'rule',
	'target',
	'indicator',
	'measure',
	'deadline',
	'assessor_id',
	'owner',
];

function shown(it, f) {
	switch (f) {
		case 'card':
			return it.card_name || CARD_NO[it.card];
		case 'category':
			return label('targetCategory', it.category);
		case 'rule':
			return label('targetRule', it.rule);
		case 'points':
		case 'target':
			return num(it[f]);
		case 'assessor_id':
			return assessorName(it.assessor_id);
		default:
			return it[f] || '—';
	}
}

const same = (a, b) => String(a ?? '') === String(b ?? '');

// What an amendment changed, item by item (by code): added, removed, fields changed.
function changes(before, after) {
	const was = new Map(before.map((it) => [it.code, it]));
	const now = new Map(after.map((it) => [it.code, it]));
	const out = [];
	for (const [code, it] of now)
		if (!was.has(code))
			out.push(
				h(
					'li',
					{},
					h('span', { class: 'badge ok' }, '新增'),
					` ${code} ${it.name}（${num(it.points)} 分）`,
				),
			);
	for (const [code, it] of was)
		if (!now.has(code))
			out.push(
				h(
					'li',
					{},
					h('span', { class: 'badge bad' }, '删除'),
					` ${code} ${it.name}（${num(it.points)} 分）`,
				),
			);
	for (const [code, it] of now) {
		const old = was.get(code);
		if (!old) continue;
		const diffs = DIFF_FIELDS.filter((f) => !same(old[f], it[f])).map(
			(f) => `${ITEM_FIELDS[f]}：${shown(old, f)} → ${shown(it, f)}`,
		);
		const keys = new Set([
			...Object.keys(old.ding || {}),
			...Object.keys(it.ding || {}),
		]);
		for (const k of keys) {
			const a = (old.ding || {})[k] || '';
			const b = (it.ding || {})[k] || '';
			if (a !== b) diffs.push(`${k}：${a || '—'} → ${b || '—'}`);
		}
		if (diffs.length)
			out.push(
				h(
					'li',
					{},
					h('span', { class: 'badge warn' }, '修改'),
					` ${code} ${it.name}：${diffs.join('；')}`,
				),
			);
	}
	return h('ul', { class: 'changes' }, out.length ? out : h('li', {}, '无变化'));
}

function amendmentsSection(l) {
	const list = l.amendment_list || [];
	if (!list.length) return null;
	return noPrint(
		section(
			'修订记录',
			h(
				'ol',
				{ class: 'amendments' },
				list.map((a, i) =>
					h(
						'li',
						{},
						h(
							'p',
							{},
							h('strong', {}, `第 ${i + 1} 次修订`),
							'　',
							h(
								'time',
								{ datetime: a.at },
								fmtTime(a.at),
							),
							'　修订人：',
							amender(a.by_user_id),
						),
						h('p', {}, '修订理由：', a.reason),
						changes(a.before, a.after),
					),
				),
			),
		),
	);
}

// ---- the assessment ----

export async function assessmentPage(main, m) {
	const year = Number(m[0]);
	const a = await get(`/targets/${year}/assessment`);
	const s = a.scheme;
	const g = s.grades;
	const depts = a.items.filter((it) => it.kind === 'department');
	const streets = a.items.filter((it) => it.kind === 'street');
	add(
		main,
		h('p', {}, h('a', { href: `#/targets?year=${year}` }, '← 目标管理')),
		h('h1', {}, `${year}年度目标管理考核结果`),
		yearPicker(year, (v) => `#/targets/${v}/assessment`),
		h(
			'p',
			{ class: 'downloads' },
			h(
				'a',
				{
					class: 'button secondary',
					href: downloadUrl(`/targets/${year}/assessment`, {
						format: 'xlsx',
					}),
					download: '',
				},
				'下载考核结果（Excel）',
			),
			' ',
			h(
				'a',
				{
					class: 'button secondary',
					href: downloadUrl(`/targets/${year}/assessment`, {
						format: 'csv',
					}),
					download: '',
				},
				'下载考核结果（CSV）',
			),
			' ',
			h(
				'a',
				{
					class: 'button secondary',
					href: downloadUrl(`/targets/${year}/letters`, {
						format: 'xlsx',
					}),
					download: '',
				},
				'导出目标责任书（Excel）',
			),
		),
		h(
			'p',
			{ class: 'muted' },
			`等次：优秀 ≥ ${num(g.excellent)} 分，良好 ≥ ${num(g.good)} 分，合格 ≥ ${num(g.pass)} 分，其余为不合格；一票否决的单位为不合格，排在同类单位之后。`,
		),
	);
	if (!a.items.length) {
		add(
			main,
			section(
				'考核结果',
				h('p', { class: 'muted' }, '本年度尚无单位有考核项目。'),
			),
		);
		return;
	}
	add(
		main,
		gradeTiles(a.items),
		depts.length
			? assessTable(year, '部门', depts, [s.department_card], (it) => [it.card1])
			: null,
		streets.length
			? assessTable(
					year,
					'街镇',
					streets,
					[s.street_cards[0], s.street_cards[1]],
					(it) => [it.card1, it.card2],
				)
			: null,
	);
}

// How many units of each kind have each grade: what a leader reads first.
function gradeTiles(items) {
	return h(
		'div',
		{ class: 'tiles grade-tiles', role: 'group', 'aria-label': '各等次单位数' },
		Object.keys(L.grade).map((k) => {
			const n = items.filter((it) => it.grade === k).length;
			return h(
				'div',
				{ class: `tile grade-tile grade-${k}` + (n ? '' : ' zero') },
				h('span', { class: 'count' }, String(n)),
				h('span', { class: 'what' }, `${label('grade', k)}（个单位）`),
			);
		}),
		h(
			'div',
			{ class: 'tile' + (items.some((it) => it.vetoed) ? ' bad' : ' zero') },
			h(
				'span',
				{ class: 'count' },
				String(items.filter((it) => it.vetoed).length),
			),
			h('span', { class: 'what' }, '一票否决（个单位）'),
		),
	);
}

function assessTable(year, kind, items, cards, cardValues) {
	const head = ['名次', '单位', '总分', '等次', ...cards, '基础分', '加分', '减分'];
	const table = h(
		'table',
		{ class: 'cards assessment' },
		h(
			'thead',
			{},
			h(
				'tr',
				{},
				head.map((t) => h('th', { scope: 'col' }, t)),
			),
		),
		h(
			'tbody',
			{},
			items.map((it) =>
				h(
					'tr',
					{ class: it.vetoed ? 'vetoed' : null },
					h('td', { class: 'num rank' }, it.rank),
					h(
						'th',
						{ scope: 'row' },
						h(
							'a',
							{ href: `#/targets/${year}/${it.unit_id}` },
							it.unit_name,
						),
					),
					h('td', { class: 'num total' }, two(it.total)),
					h(
						'td',
						{},
						h(
							'span',
							{ class: 'badge grade-' + it.grade },
							it.grade_label || label('grade', it.grade),
						),
						it.vetoed
							? h(
									'span',
									{ class: 'badge bad veto' },
									'一票否决',
								)
							: null,
					),
					cardValues(it).map((v) =>
						h('td', { class: 'num' }, two(v)),
					),
					h('td', { class: 'num' }, two(it.base)),
					h(
						'td',
						{ class: 'num' },
						it.adds ? '+' + two(it.adds) : two(it.adds),
					),
					h(
						'td',
						{ class: 'num' },
						it.subtracts
							? '−' + two(it.subtracts)
							: two(it.subtracts),
					),
				),
			),
		),
	);
	labelCells(table);
	return section(
		`${kind}（${items.length} 个）`,
		h('div', scrollBox(`${kind}考核结果`), table),
		cards.length > 1
			? h(
					'p',
					{ class: 'hint' },
					`基础分为${cards[0]}、${cards[1]}两卡的平均分。`,
				)
			: null,
	);
}
