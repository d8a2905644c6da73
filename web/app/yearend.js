// Target management through the year and at its end: on a letter's page each item's
// progress reports and result with their forms, the unit's self-check and the items split
// down to people; on the year's page the publication of the sheet, the items at risk, the
// proposed subtracts, the appeals and the rewards and penalties; a person's own items
// (我的目标).
//
// The server gives no list of actions here: a control is offered to the role the API
// allows, and what the server refuses is shown in its words, in Chinese.

import { h, add, clear, field, select, fmtTime, scrollBox, labelCells } from './dom.js';
import { api, get, post, message, ApiError } from './api.js';
import { app, role, today, unitName, flash, onSubmit } from './ui.js';
import { label } from './labels.js';
import { section, dl } from './components.js';
import { go } from './router.js';
import {
	num,
	two,
	milli,
	yearOf,
	yearPicker,
	formError,
	assessorName,
	cardName,
} from './targets.js';

// The signed-in user is a user of the unit @p id.
export const ownUnit = (id) => role() === 'unit' && app.user.unit_id === id;

// A promise's value or its failure, so that one section failing leaves the others.
const settled = (p) =>
	p.then(
		(v) => ({ v }),
		(e) => ({ e }),
	);

// What a section shows when its request failed (a login that ended goes on to the login
// page).
function failure(e) {
	if (e instanceof ApiError && e.status === 401) throw e;
	return h('p', { class: 'form-error load-error' }, message(e));
}

function table(name, head, rows, cls = 'cards') {
	const t = h(
		'table',
		{ class: cls },
		h(
			'thead',
			{},
			h(
				'tr',
				{},
				head.map((x) => h('th', { scope: 'col' }, x)),
			),
		),
		h('tbody', {}, rows),
	);
	labelCells(t);
	return h('div', scrollBox(name), t);
}

let seq = 0;

// A button that shows or hides @p form just below it (the form starts hidden); returns
// [the button's paragraph, the form]. The form's cancel button hides it again.
function folded(text, form) {
	if (!form.id) form.id = 'fold' + ++seq;
	form.hidden = true;
	const open = h(
		'button',
		{
			type: 'button',
			class: 'secondary',
			'aria-expanded': 'false',
			'aria-controls': form.id,
		},
		text,
	);
	const show = (on) => {
		form.hidden = !on;
		open.setAttribute('aria-expanded', String(on));
		if (on) form.querySelector('input, select, textarea')?.focus();
	};
	open.addEventListener('click', () => show(form.hidden));
	const cancel = form.querySelector('[data-cancel]');
	if (cancel)
		cancel.addEventListener('click', () => {
			show(false);
			open.focus();
		});
	return [h('p', { class: 'fold' }, open), form];
}

function buttons(submit, cls = 'primary', cancel = true) {
	return h(
		'div',
		{ class: 'form-buttons' },
		cancel
			? h(
					'button',
					{
						type: 'button',
						class: 'secondary',
						dataset: { cancel: '1' },
					},
					'取消',
				)
			: null,
		h('button', { type: 'submit', class: cls }, submit),
	);
}

// A button opening a dialog with @p fields and a submit button; submit(form, dialog) makes
// the request. The request's failure is shown inside the dialog too, since the message
// area is behind it.
function dialogButton(text, cls, title, fields, submitText, submitCls, submit) {
	const id = 'dlg' + ++seq;
	const dialog = h('dialog', { class: 'action-dialog', 'aria-labelledby': id + '-title' });
	const problem = h('div', { class: 'form-error', role: 'alert' });
	const form = h(
		'form',
		{ class: 'action', novalidate: true },
		h('h3', { id: id + '-title' }, title),
		fields,
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
			h('button', { type: 'submit', class: submitCls }, submitText),
		),
	);
	add(dialog, form);
	onSubmit(form, async () => {
		clear(problem);
		try {
			await submit(form, dialog);
		} catch (e) {
			problem.textContent = message(e);
			throw e;
		}
	});
	const open = h('button', { type: 'button', class: cls, 'aria-haspopup': 'dialog' }, text);
	open.addEventListener('click', () => {
		clear(problem);
		dialog.showModal();
		form.querySelector('input:not([type=radio]), select, textarea, input')?.focus();
	});
	dialog.addEventListener('close', () => {
		if (open.isConnected) open.focus();
	});
	return h('span', { class: 'dialog-button' }, open, dialog);
}

// A group of two or more radio buttons: [value, text, checked].
function radios(legend, name, options) {
	return h(
		'fieldset',
		{ class: 'radios' },
		h('legend', {}, legend),
		options.map(([v, t, on]) =>
			h(
				'label',
				{ class: 'inline' },
				h('input', { type: 'radio', name, value: v, checked: !!on }),
				t,
			),
		),
	);
}

const numberInput = (name, attrs = {}) =>
	h('input', Object.assign({ name, type: 'number', step: 'any', min: 0 }, attrs));

// The quarter a report is most likely about: the one running today in the letter's year.
function quarterNow(year) {
	const t = app.today || today();
	const y = Number(t.slice(0, 4));
	if (year < y) return 4;
	if (year > y) return 1;
	return Math.floor((Number(t.slice(5, 7)) - 1) / 3) + 1;
}

// The name of a user the page knows (@p users: id → user), else null.
function userName(users, id) {
	if (app.user && id === app.user.id) return app.user.display_name;
	const u = users && users.get(id);
	return u ? u.display_name : null;
}

// ---- the letter's page ----

// The sections of a signed letter's page: progress and results by item, the self-check,
// the items split down to people. @p ctx: {users, persons, people} as letterData loaded
// them; redraw(letter, text) draws the page again with the server's answer.
export function letterSections(l, ctx, redraw) {
	if (!l.signed_at) return [];
	return [
		progressSection(l, ctx, redraw),
		selfcheckSection(l, redraw),
		sharesSection(l, ctx),
	];
}

// What the letter's page needs besides the letter: the shares and the unit's register, for
// the roles that read them (a failure is kept, for its section to show).
export async function letterData(l) {
	const ctx = { persons: null, people: null };
	if (!l.signed_at) return ctx;
	if (role() === 'admin' || role() === 'leader' || ownUnit(l.unit_id)) {
		const [persons, people] = await Promise.all([
			settled(get(`/targets/${l.year}/letters/${l.unit_id}/persons`)),
			settled(get(`/units/${l.unit_id}/people`)),
		]);
		ctx.persons = persons;
		ctx.people = people;
	}
	return ctx;
}

function progressSection(l, ctx, redraw) {
	const box = h(
		'section',
		{
			class: 'card no-print progress',
			id: 'letter-progress',
			'aria-labelledby': 'progress-title',
		},
		h('h2', { id: 'progress-title' }, '执行情况与评分'),
	);
	l.items.forEach((it, i) => add(box, itemProgress(l, it, i, ctx, redraw)));
	if (!l.items.length) add(box, h('p', { class: 'muted' }, '责任书没有考核项目。'));
	return box;
}

function itemProgress(l, it, i, ctx, redraw) {
	const id = `item-progress-${i}`;
	const reports = it.reports || [];
	const latest = reports.length ? reports[reports.length - 1] : null;
	const facts = [
		`${num(it.points)} 分`,
		label('targetRule', it.rule),
		it.target !== null && it.target !== undefined ? `目标值 ${num(it.target)}` : null,
		it.deadline ? `完成时限 ${it.deadline}` : null,
		`考核部门 ${assessorName(it.assessor_id)}`,
	].filter(Boolean);
	const box = h(
		'article',
		{
			class: 'item-progress',
			id,
			'aria-labelledby': id + '-title',
			dataset: { code: it.code },
		},
		h(
			'h3',
			{ id: id + '-title' },
			`${it.code} ${it.name}`,
			latest
				? h(
						'span',
						{
							class:
								'badge ' +
								(latest.percent >= 100
									? 'ok'
									: 'warn'),
						},
						`最新进度 ${latest.percent}%`,
					)
				: null,
		),
		h('p', { class: 'facts' }, facts.join('　')),
		h('h4', {}, '进展报送'),
		reports.length
			? table(
					`${it.code} 的进展报送`,
					['季度', '进度', '完成情况', '佐证材料', '报送时间'],
					reports.map((r) =>
						h(
							'tr',
							{},
							h('td', {}, label('quarter', r.quarter)),
							h('td', { class: 'num' }, `${r.percent}%`),
							h('td', { class: 'text' }, r.text),
							h(
								'td',
								{ class: 'text' },
								r.evidence || '—',
							),
							h('td', { class: 'date' }, fmtTime(r.at)),
						),
					),
					'cards reports',
				)
			: h('p', { class: 'muted' }, '尚未报送进展。'),
		h('h4', {}, '评分'),
		resultOf(it, ctx),
	);
	const base = `/targets/${l.year}/letters/${l.unit_id}`;
	if (ownUnit(l.unit_id)) add(box, folded('报送进展', reportForm(l, it, base, redraw)));
	if (
		it.rule !== 'workstyle' &&
		(role() === 'admin' || (role() === 'unit' && it.assessor_id === app.user.unit_id))
	)
		add(box, folded('评分', resultForm(it, base, redraw)));
	return box;
}

function resultOf(it, ctx) {
	if (it.rule === 'workstyle')
		return h('p', { class: 'muted' }, '按本年度作风评议结果计分，无需评分。');
	const r = it.result;
	if (!r) return h('p', { class: 'muted' }, '尚未评分。');
	const deduct = it.rule === 'deduct';
	return dl([
		[deduct ? '扣分' : '实际值', num(deduct ? r.deduction : r.actual)],
		['说明', r.note],
		['评分人', userName(ctx.users, r.by_user_id)],
		['评分时间', fmtTime(r.at)],
	]);
}

function reportForm(l, it, base, redraw) {
	const reports = it.reports || [];
	const latest = reports.length ? reports[reports.length - 1] : null;
	const form = h(
		'form',
		{
			class: 'step report-form',
			novalidate: true,
			'aria-label': `报送 ${it.code} 的进展`,
		},
		h(
			'div',
			{ class: 'grid' },
			field(
				'季度',
				select(
					'quarter',
					[1, 2, 3, 4].map((q) => [q, label('quarter', q)]),
					quarterNow(l.year),
				),
			),
			field(
				'进度（%）',
				numberInput('percent', {
					step: 1,
					max: 100,
					value: latest ? latest.percent : '',
				}),
				'占年度目标的百分比，0 到 100',
			),
		),
		field(
			'完成情况',
			h('textarea', { name: 'text', rows: 3, maxlength: 2000 }),
			'2 到 2000 个字',
		),
		field(
			'佐证材料',
			h('textarea', { name: 'evidence', rows: 2, maxlength: 2000 }),
			'选填：台账、文件、照片等材料的名称或存放处',
		),
		buttons('报送'),
	);
	onSubmit(form, async () => {
		const body = {
			code: it.code,
			quarter: Number(form.quarter.value),
			text: form.text.value.trim(),
		};
		if (form.percent.value.trim() !== '') body.percent = Number(form.percent.value);
		if (form.evidence.value.trim()) body.evidence = form.evidence.value.trim();
		redraw(await post(`${base}/reports`, body), `${it.code} 的进展已报送`);
	});
	return form;
}

function resultForm(it, base, redraw) {
	const key = it.rule === 'deduct' ? 'deduction' : 'actual';
	const r = it.result;
	const form = h(
		'form',
		{ class: 'step result-form', novalidate: true, 'aria-label': `为 ${it.code} 评分` },
		field(
			key === 'deduction' ? '扣分' : '实际值',
			numberInput(key, { value: r && r[key] !== null ? num(r[key]) : '' }),
			key === 'deduction'
				? `扣减的分数，最多三位小数；本项 ${num(it.points)} 分`
				: `完成的实际数值，最多三位小数；目标值 ${num(it.target)}`,
		),
		field(
			'说明',
			h(
				'textarea',
				{ name: 'note', rows: 2, maxlength: 1000 },
				(r && r.note) || '',
			),
			'选填，最多 1000 个字',
		),
		buttons('保存评分'),
	);
	onSubmit(form, async () => {
		const body = { code: it.code };
		const v = form[key].value.trim();
		if (v !== '') body[key] = Number(v);
		if (form.note.value.trim()) body.note = form.note.value.trim();
		redraw(await post(`${base}/results`, body), `${it.code} 的评分已保存`);
	});
	return form;
}

function selfcheckSection(l, redraw) {
	const box = section(
		'自查报告',
		l.selfcheck
			? [
					h('div', { class: 'pre selfcheck' }, l.selfcheck),
					h(
						'p',
						{ class: 'hint' },
						`提交时间：${fmtTime(l.selfcheck_at)}`,
					),
				]
			: h('p', { class: 'muted' }, '尚未提交自查报告。'),
	);
	box.classList.add('no-print');
	box.id = 'letter-selfcheck';
	if (!ownUnit(l.unit_id)) return box;
	const form = h(
		'form',
		{ class: 'step selfcheck-form', novalidate: true, 'aria-label': '撰写自查报告' },
		field(
			'自查报告',
			h(
				'textarea',
				{ name: 'text', rows: 8, maxlength: 20000 },
				l.selfcheck || '',
			),
			'对照责任书逐项自查，10 到 20000 个字',
		),
		buttons('保存自查报告'),
	);
	onSubmit(form, async () => {
		const next = await api('PUT', `/targets/${l.year}/letters/${l.unit_id}/selfcheck`, {
			text: form.text.value.trim(),
		});
		redraw(next, '自查报告已保存');
	});
	add(box, folded(l.selfcheck ? '修改自查报告' : '撰写自查报告', form));
	return box;
}

// ---- the items split down to people ----

function sharesSection(l, ctx) {
	if (!ctx.persons) return null;
	const box = h('section', {
		class: 'card no-print shares',
		id: 'letter-shares',
		'aria-labelledby': 'shares-title',
	});
	const draw = (lines, text) => {
		clear(
			box,
			h('h2', { id: 'shares-title' }, '目标分解到人'),
			sharesTable(l, lines),
			ctx.people && ctx.people.v
				? h(
						'p',
						{ class: 'hint' },
						'责任人从本单位人员名册中选择：',
						h(
							'a',
							{ href: `#/units/${l.unit_id}/people` },
							'人员名册',
						),
					)
				: null,
		);
		if ((role() === 'admin' || ownUnit(l.unit_id)) && ctx.people) {
			if (ctx.people.e) add(box, failure(ctx.people.e));
			else
				add(
					box,
					folded(
						'编辑分解',
						sharesEditor(
							l,
							lines,
							ctx.people.v.items,
							(next) => {
								ctx.persons = {
									v: { items: next },
								};
								draw(next, '目标分解已保存');
							},
						),
					),
				);
		}
		if (text) flash(text);
	};
	if (ctx.persons.e) {
		add(box, h('h2', { id: 'shares-title' }, '目标分解到人'), failure(ctx.persons.e));
		return box;
	}
	draw(ctx.persons.v.items);
	return box;
}

function sharesTable(l, lines) {
	const rows = [];
	for (const it of l.items) {
		const mine = lines.filter((s) => s.code === it.code);
		const item = `${it.code} ${it.name}（${num(it.points)} 分）`;
		if (!mine.length)
			rows.push(
				h(
					'tr',
					{ class: 'unsplit' },
					h('th', { scope: 'row' }, item),
					h('td', { class: 'muted' }, '未分解'),
					h('td', {}, '—'),
					h('td', { class: 'num' }, '—'),
					h('td', {}, '—'),
					h('td', { class: 'num' }, '—'),
				),
			);
		for (const s of mine)
			rows.push(
				h(
					'tr',
					{},
					h('th', { scope: 'row' }, item),
					h(
						'td',
						{},
						s.person.name,
						s.person.active
							? null
							: h('span', { class: 'badge' }, '已离任'),
					),
					h('td', {}, s.person.post || '—'),
					h('td', { class: 'num' }, num(s.points)),
					h('td', { class: 'text' }, s.task || '—'),
					h('td', { class: 'num' }, two(s.score)),
				),
			);
	}
	return table(
		'目标分解到人',
		['考核项目', '责任人', '职务', '分值', '工作任务', '得分'],
		rows,
		'cards share-table',
	);
}

// The shares as a form: per item its rows (person, points, task), the sum as it is typed
// against the item's points. done(lines) with the server's answer.
function sharesEditor(l, lines, people, done) {
	const form = h('form', {
		class: 'step shares-editor',
		novalidate: true,
		'aria-label': '编辑目标分解',
	});
	const choices = (current) => {
		const list = people.filter((p) => p.active || p.id === current);
		return [
			['', '请选择'],
			...list.map((p) => [
				p.id,
				`${p.name}${p.post ? '（' + p.post + '）' : ''}${p.active ? '' : '（已离任）'}`,
			]),
		];
	};
	const groups = l.items.map((it) => {
		const rows = h('div', { class: 'share-rows' });
		const sum = h('output', { class: 'share-sum' });
		const update = () => {
			let t = 0;
			for (const r of rows.children) {
				const p = r.querySelector('[data-key=points]').value.trim();
				if (p !== '' && Number.isFinite(Number(p))) t += milli(p);
			}
			const target = milli(it.points);
			const off = t !== 0 && t !== target;
			sum.className = 'share-sum' + (off ? ' off' : t ? '' : ' none');
			sum.textContent = t
				? `已分解 ${num(t / 1000)} 分 / 本项 ${num(it.points)} 分` +
					(off
						? `（${t < target ? '差' : '超出'} ${num(Math.abs(target - t) / 1000)} 分）`
						: '')
				: `未分解（本项 ${num(it.points)} 分）`;
		};
		const addRow = (s) => {
			const row = h(
				'div',
				{ class: 'share-row' },
				field(
					'责任人',
					select(
						'person_id',
						choices(s.person_id),
						s.person_id ?? '',
						{
							dataset: { key: 'person_id' },
						},
					),
				),
				field(
					'分值',
					numberInput('points', {
						dataset: { key: 'points' },
						value: s.points === undefined ? '' : num(s.points),
					}),
				),
				field(
					'工作任务',
					h('input', {
						name: 'task',
						dataset: { key: 'task' },
						maxlength: 500,
						autocomplete: 'off',
						value: s.task || '',
					}),
				),
			);
			const remove = h(
				'button',
				{ type: 'button', class: 'secondary small' },
				`删除`,
			);
			remove.setAttribute('aria-label', `删除 ${it.code} 的这一行`);
			remove.addEventListener('click', () => {
				row.remove();
				update();
				more.focus();
			});
			add(row, h('div', { class: 'row-buttons' }, remove));
			add(rows, row);
			update();
			return row;
		};
		const more = h(
			'button',
			{ type: 'button', class: 'secondary small' },
			`为 ${it.code} 添加责任人`,
		);
		more.addEventListener('click', () => addRow({}).querySelector('select').focus());
		for (const s of lines.filter((x) => x.code === it.code))
			addRow({ person_id: s.person.id, points: s.points, task: s.task });
		update();
		form.addEventListener('input', update);
		form.addEventListener('change', update);
		const box = h(
			'fieldset',
			{ class: 'share-item', dataset: { code: it.code } },
			h('legend', {}, `${it.code} ${it.name}（${num(it.points)} 分）`),
			sum,
			rows,
			h('p', {}, more),
		);
		return { it, rows, box };
	});
	add(
		form,
		h(
			'p',
			{ class: 'hint' },
			'每项分解到人的分值之和须等于该项分值；不分解的项目留空。',
		),
		groups.map((g) => g.box),
		buttons('保存分解'),
	);
	let flat = [];
	onSubmit(form, async () => {
		flat = [];
		const items = [];
		for (const g of groups)
			for (const r of g.rows.children) {
				const v = (k) => r.querySelector(`[data-key=${k}]`).value.trim();
				if (!v('person_id') && !v('points') && !v('task')) continue;
				const s = { code: g.it.code };
				if (v('person_id')) s.person_id = Number(v('person_id'));
				if (v('points') !== '') s.points = Number(v('points'));
				if (v('task')) s.task = v('task');
				items.push(s);
				flat.push({ row: r, code: g.it.code });
			}
		let next;
		try {
			next = await api('PUT', `/targets/${l.year}/letters/${l.unit_id}/persons`, {
				items,
			});
		} catch (e) {
			const locate = (f) => {
				const m = /^items\[(\d+)\]\.(\w+)$/.exec(f);
				const at = m && flat[Number(m[1])];
				return at ? at.row.querySelector(`[data-key=${m[2]}]`) : null;
			};
			const nameOf = (f) => {
				const m = /^items\[(\d+)\]\.(\w+)$/.exec(f);
				const at = m && flat[Number(m[1])];
				const what = {
					person_id: '责任人',
					points: '分值',
					task: '工作任务',
					code: '考核项目',
				};
				return at ? `${at.code} 的“${what[m[2]] || m[2]}”` : null;
			};
			formError(e, form, locate, nameOf);
			return;
		}
		done(next.items);
	});
	return form;
}

// ---- the year's page ----

// The sections of the year's end on the year's page, by role: {before, after} the letters.
export async function yearSections(y) {
	if (role() === 'unit') return unitYear(y);
	const year = y.year;
	const [risks, proposals, appeals, sanctions] = await Promise.all([
		settled(get(`/targets/${year}/risks`)),
		settled(get(`/targets/${year}/proposals`)),
		settled(get(`/targets/${year}/appeals`)),
		settled(get(`/targets/${year}/sanctions`)),
	]);
	return {
		before: [
			publication(y),
			await reloading(
				(v, refresh) => appealsSection(y, v, refresh),
				appeals,
				() => get(`/targets/${year}/appeals`),
			),
			await reloading(
				(v, refresh) => proposalsSection(y, v, refresh),
				proposals,
				() => get(`/targets/${year}/proposals`),
			),
			await reloading(
				(v, refresh) => sanctionsSection(y, v, refresh),
				sanctions,
				() => get(`/targets/${year}/sanctions`),
			),
		],
		after: [risksSection(y, risks)],
	};
}

// A section drawn by make(data, refresh) from @p first ({v} or {e}); refresh(text) asks
// again with load() and draws it in place, with a message.
async function reloading(make, first, load) {
	const holder = h('div', { class: 'reloading' });
	const draw = async (r, text) => {
		clear(holder, r.e ? failure(r.e) : await make(r.v, refresh));
		if (text) flash(text);
	};
	const refresh = async (text) => draw(await settled(load()), text);
	await draw(first);
	return holder;
}

function publication(y) {
	const state = y.final_at
		? h('span', { class: 'badge ok' }, '已定稿')
		: y.published_at
			? h('span', { class: 'badge warn' }, '已公布，复核中')
			: h('span', { class: 'badge' }, '未公布');
	const box = section(
		'年终考核',
		dl([
			['考核结果', state],
			['公布时间', fmtTime(y.published_at)],
			['复核申请截止', y.appeal_until],
			['定稿时间', fmtTime(y.final_at)],
			[
				'考核结果校验码（SHA-256）',
				y.sheet_hash ? h('code', { class: 'mono' }, y.sheet_hash) : null,
			],
		]),
		h(
			'p',
			{ class: 'hint' },
			y.published_at
				? '公布和定稿时的考核结果及其校验码已记入审计日志；公布后，考核结果只能经复核决定变更。'
				: '公布后各责任单位可查看本单位的考核结果，并在复核申请期内申请复核。',
		),
	);
	box.id = 'year-end';
	const acts = new Set(y.actions);
	const row = h('div', { class: 'form-buttons' });
	if (acts.has('publish'))
		add(
			row,
			dialogButton(
				'公布考核结果',
				'primary',
				'公布考核结果',
				[
					h(
						'p',
						{},
						'按当前结果公布本年度考核结果。公布后，结果和加减分只能经复核决定变更。',
					),
					field(
						'复核申请期（天）',
						numberInput('appeal_days', {
							step: 1,
							min: 1,
							max: 60,
							value: 10,
						}),
						'公布后责任单位可在此期限内申请复核，1 到 60 天',
					),
				],
				'公布',
				'primary',
				async (form, dialog) => {
					const v = form.appeal_days.value.trim();
					await post(`/targets/${y.year}/publish`, {
						appeal_days: v === '' ? null : Number(v),
					});
					dialog.close();
					go(
						`#/targets?year=${y.year}&t=${Date.now()}`,
						'考核结果已公布',
					);
				},
			),
		);
	if (acts.has('final'))
		add(
			row,
			dialogButton(
				'考核结果定稿',
				'primary',
				'考核结果定稿',
				h(
					'p',
					{},
					'定稿后，本年度的考核结果、加减分、责任书和复核申请都不再变更。复核申请期结束、复核申请都已决定后才能定稿。',
				),
				'确认定稿',
				'primary',
				async (form, dialog) => {
					await post(`/targets/${y.year}/final`, {});
					dialog.close();
					go(
						`#/targets?year=${y.year}&t=${Date.now()}`,
						'考核结果已定稿',
					);
				},
			),
		);
	if (row.childNodes.length) add(box, row);
	return box;
}

function risksSection(y, r) {
	if (r.e) return section('风险预警', failure(r.e));
	const items = r.v.items;
	const why = (x) =>
		x.why === 'unreported'
			? `${label('quarter', x.quarter) || ''}${label('riskWhy', 'unreported')}`
			: label('riskWhy', x.why);
	const count = (k) => items.filter((x) => x.why === k).length;
	const rows = items.map((x) =>
		h(
			'tr',
			{ dataset: { why: x.why, unit: x.unit_id } },
			h(
				'th',
				{ scope: 'row' },
				h(
					'a',
					{ href: `#/targets/${y.year}/${x.unit_id}` },
					x.unit_name || unitName(x.unit_id),
				),
			),
			h('td', {}, `${x.code} ${x.name}`),
			h('td', { class: 'date' }, x.deadline || '—'),
			h(
				'td',
				{},
				h(
					'span',
					{
						class:
							'badge ' +
							(x.why === 'overdue' ? 'bad' : 'warn'),
					},
					why(x),
				),
			),
			h('td', { class: 'num' }, x.reported ? `${x.percent}%` : '未报送'),
		),
	);
	const units = [
		...new Map(items.map((x) => [x.unit_id, x.unit_name || unitName(x.unit_id)])),
	];
	const shown = h('p', { class: 'muted', role: 'status' });
	const filter = h(
		'form',
		{ class: 'filters risk-filters', 'aria-label': '筛选风险项目' },
		field(
			'预警类型',
			select(
				'why',
				[
					['', '全部'],
					...['overdue', 'behind', 'unreported'].map((k) => [
						k,
						label('riskWhy', k),
					]),
				],
				'',
			),
		),
		field('责任单位', select('unit', [['', '全部'], ...units], '')),
	);
	const apply = () => {
		let n = 0;
		for (const tr of rows) {
			const on =
				(!filter.why.value || tr.dataset.why === filter.why.value) &&
				(!filter.unit.value || tr.dataset.unit === filter.unit.value);
			tr.hidden = !on;
			if (on) n++;
		}
		shown.textContent = `显示 ${n} 项`;
	};
	filter.addEventListener('change', apply);
	filter.addEventListener('submit', (ev) => ev.preventDefault());
	const box = section(
		`风险预警（${items.length} 项）`,
		h(
			'div',
			{ class: 'tiles', role: 'group', 'aria-label': '各类风险项目数' },
			['overdue', 'behind', 'unreported'].map((k) =>
				h(
					'div',
					{
						class:
							'tile' +
							(count(k)
								? k === 'overdue'
									? ' bad'
									: ''
								: ' zero'),
					},
					h('span', { class: 'count' }, String(count(k))),
					h('span', { class: 'what' }, label('riskWhy', k)),
				),
			),
		),
		h(
			'p',
			{ class: 'hint' },
			'已逾期未完成：完成时限已过而进度不足 100%；临近期限进度滞后：30 天内到期而进度不足 80%；未报送：季度结束后未报送该季度的进展。',
		),
		items.length
			? [
					filter,
					shown,
					table(
						'风险预警',
						[
							'责任单位',
							'考核项目',
							'完成时限',
							'预警',
							'最新进度',
						],
						rows,
						'cards risks',
					),
				]
			: h('p', { class: 'muted' }, '暂无风险项目。'),
	);
	if (items.length) apply();
	box.id = 'year-risks';
	return box;
}

function proposalsSection(y, v, refresh) {
	const admin = role() === 'admin';
	const lv = y.scheme.level_points;
	const status = (p) =>
		p.status
			? h(
					'span',
					{
						class:
							'badge ' +
							(p.status === 'confirmed' ? 'bad' : 'ok'),
					},
					label('proposalStatus', p.status),
				)
			: h('span', { class: 'badge warn' }, '待确认');
	const decide = (p) =>
		dialogButton(
			'处理',
			'secondary small',
			`处理拟扣分：${p.unit_name || unitName(p.unit_id)}`,
			[
				h('p', {}, p.event),
				radios('处理意见', 'confirm', [
					['true', '确认扣分', true],
					['false', '不予扣分', false],
				]),
				field(
					'扣分级别',
					select(
						'level',
						Object.keys(lv).map((k) => [
							k,
							`${label('level', k)}（${num(lv[k])} 分）`,
						]),
						'district',
					),
					'确认扣分时按此级别扣分',
				),
				field(
					'说明',
					h('textarea', { name: 'note', rows: 3, maxlength: 1000 }),
					'不予扣分时必填，5 到 1000 个字',
				),
			],
			'保存',
			'primary',
			async (form, dialog) => {
				const confirm = form.confirm.value === 'true';
				const body = { source: p.source, confirm };
				if (confirm) body.level = form.level.value;
				if (form.note.value.trim()) body.note = form.note.value.trim();
				await post(`/targets/${y.year}/proposals`, body);
				dialog.close();
				await refresh(confirm ? '已确认扣分' : '已决定不予扣分');
			},
		);
	const box = section(
		`拟扣分（${v.items.length} 项）`,
		h(
			'p',
			{ class: 'hint' },
			'本年度对承办单位发布通报的问题，拟作为该单位的批评减分；纠风办确认（默认区级）或决定不予扣分。',
		),
		v.items.length
			? table(
					'拟扣分',
					[
						'责任单位',
						'通报事项',
						'通报时间',
						'状态',
						'说明',
						admin ? '操作' : null,
					].filter(Boolean),
					v.items.map((p) =>
						h(
							'tr',
							{},
							h(
								'th',
								{ scope: 'row' },
								p.unit_name || unitName(p.unit_id),
							),
							h('td', { class: 'text' }, p.event),
							h(
								'td',
								{ class: 'date' },
								fmtTime(p.published_at),
							),
							h('td', {}, status(p)),
							h('td', { class: 'text' }, p.note || '—'),
							admin
								? h(
										'td',
										{},
										p.status
											? '—'
											: decide(p),
									)
								: null,
						),
					),
					'cards proposals',
				)
			: h('p', { class: 'muted' }, '本年度没有拟扣分。'),
	);
	box.id = 'year-proposals';
	return box;
}

function appealStatus(a) {
	return h(
		'span',
		{
			class:
				'badge ' +
				(a.status === 'open' ? 'warn' : a.status === 'upheld' ? 'ok' : ''),
		},
		a.status_label || label('appealStatus', a.status),
	);
}

// @p items: code → item, of the letters known (the unit's own; for the office those of
// the open appeals).
function appealsTable(y, list, items, decide) {
	const what = (a) => {
		if (!a.code) return '整体考核结果';
		const it = items.get(`${a.unit_id}/${a.code}`);
		return it ? `${a.code} ${it.name}` : a.code;
	};
	return table(
		'复核申请',
		[
			'申请时间',
			'责任单位',
			'复核内容',
			'复核理由',
			'状态',
			'复核决定',
			decide ? '操作' : null,
		].filter(Boolean),
		list.map((a) =>
			h(
				'tr',
				{ dataset: { appeal: a.id } },
				h('td', { class: 'date' }, fmtTime(a.at)),
				h('th', { scope: 'row' }, a.unit_name || unitName(a.unit_id)),
				h('td', {}, what(a)),
				h('td', { class: 'text' }, a.reason),
				h('td', {}, appealStatus(a)),
				h(
					'td',
					{ class: 'text' },
					a.decision || '—',
					a.decided_at
						? h('div', { class: 'hint' }, fmtTime(a.decided_at))
						: null,
				),
				decide ? h('td', {}, a.status === 'open' ? decide(a) : '—') : null,
			),
		),
		'cards appeals',
	);
}

async function appealsSection(y, v, refresh) {
	// the items of the letters with an open appeal, for their names and the new result
	const units = [...new Set(v.items.filter((a) => a.code).map((a) => a.unit_id))];
	const items = new Map();
	for (const r of await Promise.all(
		units.map((u) => settled(get(`/targets/${y.year}/letters/${u}`))),
	))
		if (r.v) for (const it of r.v.items) items.set(`${r.v.unit_id}/${it.code}`, it);
	const decide =
		role() === 'admin'
			? (a) => {
					const it = a.code
						? items.get(`${a.unit_id}/${a.code}`)
						: null;
					const key =
						it && it.rule !== 'workstyle'
							? it.rule === 'deduct'
								? 'deduction'
								: 'actual'
							: null;
					const now = it && it.result ? it.result[key] : null;
					return dialogButton(
						'复核决定',
						'secondary small',
						`复核决定：${a.unit_name || unitName(a.unit_id)}`,
						[
							h(
								'p',
								{},
								`复核内容：${a.code ? `${a.code} ${it ? it.name : ''}` : '整体考核结果'}`,
							),
							h(
								'p',
								{ class: 'pre' },
								`复核理由：${a.reason}`,
							),
							radios('复核结论', 'upheld', [
								['true', '复核改分', true],
								['false', '维持原结果', false],
							]),
							key
								? field(
										key === 'deduction'
											? '新的扣分'
											: '新的实际值',
										numberInput(key),
										`复核改分时填写，留空则不改变结果；现为 ${now === null || now === undefined ? '未评分' : num(now)}`,
									)
								: null,
							field(
								'复核决定',
								h('textarea', {
									name: 'decision',
									rows: 4,
									maxlength: 2000,
								}),
								'5 到 2000 个字',
							),
						],
						'保存复核决定',
						'primary',
						async (form, dialog) => {
							const body = {
								upheld:
									form.upheld.value ===
									'true',
								decision: form.decision.value.trim(),
							};
							if (key && form[key].value.trim() !== '')
								body[key] = Number(form[key].value);
							await post(
								`/targets/${y.year}/appeals/${a.id}/decide`,
								body,
							);
							dialog.close();
							await refresh('复核决定已保存');
						},
					);
				}
			: null;
	const box = section(
		`复核申请（${v.items.length} 件）`,
		v.items.length
			? appealsTable(y, v.items, items, decide)
			: h('p', { class: 'muted' }, '本年度没有复核申请。'),
	);
	box.id = 'year-appeals';
	return box;
}

function sanctionsTable(list) {
	return table(
		'奖惩',
		['记录时间', '责任单位', '人员', '类别', '奖惩措施'],
		list.map((s) =>
			h(
				'tr',
				{},
				h('td', { class: 'date' }, fmtTime(s.at)),
				h('th', { scope: 'row' }, s.unit_name || unitName(s.unit_id)),
				h('td', {}, s.person_name || '（单位）'),
				h(
					'td',
					{},
					h(
						'span',
						{
							class:
								'badge ' +
								(s.kind === 'reward'
									? 'ok'
									: 'bad'),
						},
						label('sanctionKind', s.kind),
					),
				),
				h('td', { class: 'text' }, s.measure),
			),
		),
		'cards sanctions',
	);
}

function sanctionsSection(y, v, refresh) {
	const box = section(
		'奖惩',
		v.items.length
			? sanctionsTable(v.items)
			: h('p', { class: 'muted' }, '尚无奖惩记录。'),
	);
	box.id = 'year-sanctions';
	if (role() === 'admin') add(box, folded('记录奖惩', sanctionForm(y, refresh)));
	return box;
}

function sanctionForm(y, refresh) {
	const units = y.letters.map((l) => [l.unit_id, l.unit_name]);
	const unit = select('unit_id', [['', '请选择'], ...units], '');
	const person = select('person_id', [['', '（单位本身）']], '');
	const listId = 'measures' + ++seq;
	const form = h(
		'form',
		{ class: 'step sanction-form', novalidate: true, 'aria-label': '记录奖惩' },
		h(
			'div',
			{ class: 'grid' },
			field('责任单位', unit),
			field('人员', person, '选填：奖惩落到人员名册中的具体人员'),
			field(
				'类别',
				select(
					'kind',
					[
						['penalty', label('sanctionKind', 'penalty')],
						['reward', label('sanctionKind', 'reward')],
					],
					'penalty',
				),
			),
			field(
				'奖惩措施',
				h('input', {
					name: 'measure',
					maxlength: 500,
					list: listId,
					autocomplete: 'off',
				}),
				'如 通报表扬、诫勉谈话，2 到 500 个字',
			),
		),
		h(
			'datalist',
			{ id: listId },
			[
				'通报表扬',
				'记功',
				'评为先进',
				'通报批评',
				'诫勉谈话',
				'书面检查',
				'组织处理',
			].map((m) => h('option', { value: m })),
		),
		buttons('记录'),
	);
	unit.addEventListener('change', async () => {
		clear(person, h('option', { value: '' }, '（单位本身）'));
		if (!unit.value) return;
		try {
			const r = await get(`/units/${unit.value}/people`);
			for (const p of r.items)
				add(
					person,
					h(
						'option',
						{ value: p.id },
						`${p.name}${p.post ? '（' + p.post + '）' : ''}${p.active ? '' : '（已离任）'}`,
					),
				);
		} catch (e) {
			flash(message(e), 'error');
		}
	});
	onSubmit(form, async () => {
		const body = { kind: form.kind.value, measure: form.measure.value.trim() };
		if (unit.value) body.unit_id = Number(unit.value);
		if (person.value) body.person_id = Number(person.value);
		await post(`/targets/${y.year}/sanctions`, body);
		await refresh('奖惩已记录');
	});
	return form;
}

// A unit's year: its line of the published sheet, its appeals (and a form to appeal), its
// rewards and penalties.
async function unitYear(y) {
	const year = y.year;
	const own = app.user.unit_id;
	const [line, appeals, sanctions, letter] = await Promise.all([
		y.published_at ? settled(get(`/targets/${year}/assessment`)) : null,
		settled(get(`/targets/${year}/appeals`)),
		settled(get(`/targets/${year}/sanctions`)),
		y.letters.some((l) => l.unit_id === own)
			? settled(get(`/targets/${year}/letters/${own}`))
			: null,
	]);
	const items = new Map();
	if (letter && letter.v) for (const it of letter.v.items) items.set(`${own}/${it.code}`, it);
	const before = [
		publication(y),
		line ? ownLine(y, line) : null,
		await reloading(
			(v, refresh) => {
				const box = section(
					'复核申请',
					v.items.length
						? appealsTable(y, v.items, items, null)
						: h(
								'p',
								{ class: 'muted' },
								'本单位没有复核申请。',
							),
				);
				box.id = 'year-appeals';
				if (y.published_at && !y.final_at && letter && letter.v)
					add(
						box,
						folded(
							'申请复核',
							appealForm(y, letter.v, refresh),
						),
					);
				return box;
			},
			appeals,
			() => get(`/targets/${year}/appeals`),
		),
		sanctions.e
			? section('奖惩', failure(sanctions.e))
			: section(
					'奖惩',
					sanctions.v.items.length
						? sanctionsTable(sanctions.v.items)
						: h(
								'p',
								{ class: 'muted' },
								'本单位尚无奖惩记录。',
							),
				),
	];
	return { before, after: [] };
}

function ownLine(y, r) {
	const box = h(
		'section',
		{ class: 'card own-line', id: 'own-line', 'aria-labelledby': 'own-line-title' },
		h('h2', { id: 'own-line-title' }, '本单位考核结果'),
	);
	if (r.e) return add(box, failure(r.e));
	const it = r.v.items.find((x) => x.unit_id === app.user.unit_id);
	if (!it) return add(box, h('p', { class: 'muted' }, '本单位没有本年度的考核结果。'));
	const s = y.scheme;
	const street = it.kind === 'street';
	return add(
		box,
		dl([
			['总分', h('strong', { class: 'total' }, two(it.total))],
			[
				'等次',
				h(
					'span',
					{},
					h(
						'span',
						{ class: 'badge grade-' + it.grade },
						it.grade_label || label('grade', it.grade),
					),
					it.vetoed
						? h('span', { class: 'badge bad' }, '一票否决')
						: null,
				),
			],
			['名次', `第 ${it.rank} 名（${street ? '街镇' : '部门'}）`],
			[cardName(s, it.kind, 1), two(it.card1)],
			street ? [cardName(s, it.kind, 2), two(it.card2)] : null,
			['基础分', two(it.base)],
			['加分', it.adds ? '+' + two(it.adds) : two(it.adds)],
			['减分', it.subtracts ? '−' + two(it.subtracts) : two(it.subtracts)],
		]),
		y.appeal_until && !y.final_at
			? h(
					'p',
					{ class: 'hint' },
					`对考核结果有异议的，可在 ${y.appeal_until} 前申请复核。`,
				)
			: null,
	);
}

function appealForm(y, letter, refresh) {
	const form = h(
		'form',
		{ class: 'step appeal-form', novalidate: true, 'aria-label': '申请复核' },
		field(
			'复核内容',
			select(
				'code',
				[
					['', '整体考核结果'],
					...letter.items.map((it) => [
						it.code,
						`${it.code} ${it.name}`,
					]),
				],
				'',
			),
		),
		field(
			'复核理由',
			h('textarea', { name: 'reason', rows: 4, maxlength: 2000 }),
			'说明对结果的异议及依据，10 到 2000 个字',
		),
		buttons('提交复核申请'),
	);
	onSubmit(form, async () => {
		const body = { unit_id: app.user.unit_id, reason: form.reason.value.trim() };
		if (form.code.value) body.code = form.code.value;
		await post(`/targets/${y.year}/appeals`, body);
		await refresh('复核申请已提交');
	});
	return form;
}

// ---- 我的目标 ----

export async function minePage(main, _m, query) {
	const year = yearOf(query);
	const r = await get(`/targets/${year}/mine`);
	add(
		main,
		h('h1', {}, `${year}年度我的目标`),
		yearPicker(year, (v) => `#/targets/mine?year=${v}`),
	);
	if (!r.items.length) {
		add(
			main,
			section(
				'分解到我的考核项目',
				app.user.person_id
					? h('p', {}, `${year}年度还没有分解到您的考核项目。`)
					: [
							h(
								'p',
								{},
								'您的账号尚未关联人员名册中的人员，因此这里没有分解到您的目标。',
							),
							h(
								'p',
								{ class: 'hint' },
								'单位把责任书的考核项目分解到人后，分给您的项目、分值、工作任务和得分会显示在这里。请联系纠风办在人员名册中为您的账号关联人员。',
							),
						],
				role() === 'unit' && app.user.unit_id
					? h(
							'p',
							{},
							h(
								'a',
								{
									href: `#/units/${app.user.unit_id}/people`,
								},
								'查看本单位人员名册',
							),
						)
					: null,
			),
		);
		return;
	}
	const who = r.items[0].person;
	const total = r.items.reduce((s, x) => s + milli(x.points), 0) / 1000;
	const score = r.items.reduce((s, x) => s + Math.round(x.score * 100), 0) / 100;
	add(
		main,
		h(
			'p',
			{ class: 'mine-who' },
			`${who.name}${who.post ? '（' + who.post + '）' : ''}，${unitName(r.items[0].unit_id)}：共 ${r.items.length} 项，分值 ${num(total)} 分，得分 ${two(score)} 分。`,
		),
		section(
			'分解到我的考核项目',
			table(
				'分解到我的考核项目',
				[
					'考核项目',
					'所属责任书',
					'项目分值',
					'我的分值',
					'工作任务',
					'得分',
				],
				r.items.map((x) =>
					h(
						'tr',
						{},
						h(
							'th',
							{ scope: 'row' },
							`${x.code} ${x.item_name}`,
						),
						h(
							'td',
							{},
							h(
								'a',
								{
									href: `#/targets/${year}/${x.unit_id}`,
								},
								unitName(x.unit_id),
							),
						),
						h('td', { class: 'num' }, num(x.item_points)),
						h('td', { class: 'num' }, num(x.points)),
						h('td', { class: 'text' }, x.task || '—'),
						h('td', { class: 'num' }, two(x.score)),
					),
				),
				'cards mine',
			),
			h(
				'p',
				{ class: 'hint' },
				'得分为该项目得分按您分得的分值所占比例折算；考核结果定稿前可能变动。',
			),
		),
	);
}
