// Leaders' pledges (十项承诺): a set of pledges of a unit's leader or of its leadership team
// (领导班子) for a period, drafted by the office or the unit from the default ten, published
// by the office; the unit records its fulfilment (践诺) and colleagues and the public rate it
// (评诺). The list of the sets with the year's fulfilment rate and the ratings' counts, one
// set's page with its steps from the server's "actions", printed on A4 as the published
// pledge list, and the public's pages with a rating form. Who may do what is the server's;
// who gave a rating is never shown (the server does not say).

import { h, add, clear, field, select, formData, pct, scrollBox, labelCells } from './dom.js';
import { api, get, post, qs, ApiError } from './api.js';
import { app, role, today, unitName, responsibleUnits, flash, onSubmit, showError } from './ui.js';
import { section, foldedFilters } from './components.js';
import { L, label } from './labels.js';
import { go, focusHeading } from './router.js';
import { actionForm, textarea, personText, register, dialogButton, stepArea } from './problems.js';

const ITEMS_MAX = 20;

const can = (s, action) => Array.isArray(s.actions) && s.actions.includes(action);

// A date as written in a document: 2026年1月1日.
function cnDate(t) {
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(t || '');
	return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : '';
}

// Whose pledges: the person with the post, or the leadership team.
function holderText(s) {
	if (s.holder === 'team' || !s.person_id) return '领导班子';
	return `${s.person_name || ''}${s.person_post ? '（' + s.person_post + '）' : ''}`;
}

function statusBadge(s) {
	return h(
		'span',
		{ class: `badge ps-${s.status} ${s.status === 'published' ? 'ok' : 'warn'}` },
		s.status_label || label('pledgeStatus', s.status),
	);
}

// The share of the items kept in the window, with the count.
function rateText(s) {
	return `${pct(s.rate)}（${s.items.length} 项中 ${s.fulfilled} 项已践诺）`;
}

// One kind of rater's counts, in words.
function countsText(c) {
	return Object.entries(L.pledgeRating)
		.map(([k, text]) => `${text} ${(c && c[k]) || 0}`)
		.join('，');
}

// The years a filter offers: around today's, with @p year among them.
function yearOptions(year) {
	const now = Number(today().slice(0, 4));
	const ys = [];
	for (let y = now + 1; y >= now - 4; y--) ys.push(y);
	if (year && !ys.includes(Number(year))) ys.push(Number(year));
	return ys.sort((a, b) => b - a).map((y) => [y, `${y}年`]);
}

// The window a set is read over, in words.
const windowText = (year) => (year ? `${year}年` : '承诺期内');

/* ---- the list ---- */

function table(cls, name, head, rows) {
	const t = h(
		'table',
		{ class: `cards ${cls}` },
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
	return h('div', scrollBox(name), labelCells(t));
}

function pledgeRow(s, href, pub) {
	return h(
		'tr',
		{ dataset: { pledges: s.id } },
		h('td', {}, s.unit_name),
		h('td', {}, holderText(s)),
		h('td', { class: 'text' }, h('a', { href }, s.title)),
		h('td', {}, `${s.period_from} 至 ${s.period_to}`),
		pub ? null : h('td', {}, statusBadge(s)),
		h(
			'td',
			{ class: 'rate' },
			h('strong', {}, pct(s.rate)),
			h('span', { class: 'muted' }, `（${s.fulfilled}/${s.items.length} 项）`),
		),
		h('td', {}, countsText(s.ratings.public)),
		pub ? null : h('td', {}, countsText(s.ratings.colleague)),
	);
}

// The list's filters: the year and the unit.
function filterForm(name, filters, target) {
	const form = h(
		'form',
		{ class: 'filters', role: 'search', 'aria-label': name },
		field('年度', select('year', yearOptions(filters.year), filters.year)),
		field(
			'单位',
			select(
				'unit_id',
				[['', '全部'], ...responsibleUnits().map((u) => [u.id, u.name])],
				filters.unit_id,
			),
		),
		h('button', { type: 'submit' }, '筛选'),
	);
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		go(target + qs(formData(form)));
	});
	return form;
}

export async function pledgeListPage(main, _m, query) {
	const filters = {
		year: query.get('year') || today().slice(0, 4),
		unit_id: query.get('unit_id') || '',
	};
	const { items } = await get('/pledges' + qs(filters));
	const mayDraft = role() === 'admin' || role() === 'unit';
	add(
		main,
		h('h1', {}, '领导承诺'),
		h(
			'p',
			{ class: 'muted' },
			'各部门、街镇主要负责人和领导班子的十项承诺，践诺情况和群众、同事的评价。',
		),
		mayDraft ? await newSet() : null,
		foldedFilters(filterForm('筛选领导承诺', filters, '#/pledges')),
		items.length
			? table(
					'pledges',
					'领导承诺列表',
					[
						'单位',
						'承诺人',
						'承诺',
						'承诺期限',
						'状态',
						`${filters.year}年履诺率`,
						'群众评价',
						'同事评价',
					],
					items.map((s) =>
						pledgeRow(
							s,
							`#/pledges/${s.id}?year=${filters.year}`,
						),
					),
				)
			: h('p', { class: 'muted', role: 'status' }, '没有符合条件的承诺'),
		items.length
			? h('p', { class: 'muted', role: 'status' }, `共 ${items.length} 份`)
			: null,
	);
}

/* ---- drafting and editing ---- */

// The list of the pledges: a line each, numbered, taken out or added (1 to 20). The lines
// take their request names (items[0]) so that the server's field errors land beside them.
function itemsEditor(texts) {
	const rows = h('ol', { class: 'pledge-item-rows' });
	const whole = h('input', { type: 'hidden', name: 'items', id: 'pledge-items-' + ++seq });
	const more = h('button', { type: 'button', class: 'secondary small' }, '添加一项');
	const renumber = () => {
		const n = rows.children.length;
		[...rows.children].forEach((li, i) => {
			li.querySelector('label').textContent = `第 ${i + 1} 项`;
			li.querySelector('input').name = `items[${i}]`;
			const rm = li.querySelector('.remove');
			rm.setAttribute('aria-label', `删除第 ${i + 1} 项`);
			rm.disabled = n <= 1;
		});
		more.disabled = n >= ITEMS_MAX;
	};
	const addRow = (text) => {
		const input = h('input', {
			type: 'text',
			maxlength: 200,
			value: text || '',
			autocomplete: 'off',
		});
		const remove = h(
			'button',
			{ type: 'button', class: 'secondary small remove' },
			'删除',
		);
		const li = h(
			'li',
			{},
			field('', input),
			h('div', { class: 'row-buttons' }, remove),
		);
		remove.addEventListener('click', () => {
			const next = li.nextElementSibling || li.previousElementSibling;
			li.remove();
			renumber();
			(next ? next.querySelector('input') : more).focus();
		});
		add(rows, li);
		renumber();
		return input;
	};
	more.addEventListener('click', () => addRow('').focus());
	for (const t of texts) addRow(t);
	const box = h(
		'fieldset',
		{ class: 'pledge-items' },
		h('legend', {}, '承诺事项'),
		h('p', { class: 'hint' }, '1 到 20 项，每项 4 到 200 个字，写成一行。'),
		rows,
		h('label', { for: whole.id, class: 'sr-only' }, '承诺事项'),
		whole,
		h('div', { class: 'field-error', id: whole.id + '-err', role: 'alert' }),
		h('p', {}, more),
	);
	return {
		el: box,
		read: () => [...rows.querySelectorAll('input')].map((i) => i.value.trim()),
	};
}

let seq = 0;

// Whose pledges: the leadership team, or a person of the unit's register (read again when
// another unit is chosen).
function holderSelect(unitId, current) {
	const team = () => h('option', { value: '' }, '领导班子');
	const sel = h('select', { name: 'person_id' }, team());
	let people = [];
	const load = async (id) => {
		people = [];
		if (id)
			try {
				people = await register(id);
			} catch (e) {
				showError(e);
			}
		clear(
			sel,
			team(),
			people.map((p) =>
				h(
					'option',
					{ value: p.id, selected: p.id === current },
					personText(p),
				),
			),
		);
	};
	return { el: sel, load, name: () => people.find((p) => String(p.id) === sel.value)?.name };
}

// The first day and the last of the year of today.
function thisYear() {
	const y = today().slice(0, 4);
	return [`${y}-01-01`, `${y}-12-31`];
}

// The form of a set: new (@p s null; the office chooses the unit) or a draft's edit.
async function setForm(s, run) {
	const office = role() === 'admin';
	const unitSel =
		!s && office
			? select(
					'unit_id',
					[
						['', '请选择'],
						...responsibleUnits().map((u) => [u.id, u.name]),
					],
					'',
				)
			: null;
	const unitOf = () => (s ? s.unit_id : unitSel ? unitSel.value : app.user.unit_id);
	const holder = holderSelect(unitOf(), s ? s.person_id : null);
	const [from, to] = thisYear();
	const title = h('input', {
		name: 'title',
		maxlength: 100,
		value: s ? s.title : '',
		autocomplete: 'off',
	});
	// a new set's title follows its unit and holder until it is written over
	let auto = !s;
	title.addEventListener('input', () => (auto = false));
	const suggest = () => {
		if (!auto) return;
		const unit = unitOf() ? unitName(Number(unitOf())) : '';
		title.value = unit ? `${unit}${holder.name() || '领导班子'}十项承诺` : '';
	};
	holder.el.addEventListener('change', suggest);
	if (unitSel)
		unitSel.addEventListener('change', async () => {
			await holder.load(unitSel.value);
			suggest();
		});
	await holder.load(unitOf());
	suggest();
	const texts = s ? s.items.map((i) => i.text) : (await get('/pledges/template')).items;
	const items = itemsEditor(texts);
	const entry = actionForm(
		s ? '修改承诺' : '新建承诺',
		h(
			'div',
			{},
			unitSel ? field('单位', unitSel) : null,
			field('承诺人', holder.el, '单位主要负责人等领导，或单位领导班子'),
			field('标题', title, '4 到 100 个字'),
			h(
				'div',
				{ class: 'grid' },
				field(
					'承诺期限自',
					h('input', {
						name: 'period_from',
						type: 'date',
						value: s ? s.period_from : from,
					}),
				),
				field(
					'至',
					h('input', {
						name: 'period_to',
						type: 'date',
						value: s ? s.period_to : to,
					}),
					'最长五年',
				),
			),
			items.el,
		),
		'保存草稿',
		(d) => {
			const b = {
				person_id: d.person_id ? Number(d.person_id) : null,
				title: (d.title || '').trim(),
				items: items.read(),
			};
			for (const k of ['period_from', 'period_to']) b[k] = d[k] || null;
			if (!s && unitSel) {
				if (d.unit_id) b.unit_id = Number(d.unit_id);
			} else if (!s) b.unit_id = app.user.unit_id;
			return run(b);
		},
	);
	entry.form.classList.add('pledge-form');
	return entry;
}

async function newSet() {
	const entry = await setForm(null, async (b) => {
		const s = await post('/pledges', b);
		go(`#/pledges/${s.id}`, '已保存承诺草稿，待区纠风办公开');
	});
	return dialogButton('新建承诺', entry);
}

/* ---- one set ---- */

// The set as the published pledge list: its title, the holder, the period, the numbered
// items with the window's fulfilment of each, and the rate; this is what is printed.
function pledgeDoc(s, year) {
	const w = windowText(year);
	return h(
		'article',
		{ class: 'pledge-doc', 'aria-labelledby': 'pledge-title' },
		h('h1', { id: 'pledge-title', class: 'pledge-title' }, s.title),
		h(
			'p',
			{ class: 'pledge-holder' },
			s.holder === 'team' || !s.person_id
				? `承诺单位：${s.unit_name}领导班子`
				: `承诺人：${s.unit_name} ${holderText(s)}`,
		),
		h(
			'p',
			{ class: 'pledge-period' },
			`承诺期限：${cnDate(s.period_from)}至${cnDate(s.period_to)}`,
		),
		h(
			'ol',
			{ class: 'pledge-list' },
			s.items.map((it) =>
				h(
					'li',
					{
						class: it.records ? 'kept' : null,
						dataset: { no: it.no },
					},
					h('span', { class: 'pledge-text' }, it.text),
					h(
						'span',
						{ class: 'pledge-kept' },
						it.records
							? `${w}践诺 ${it.records} 次，最近 ${it.last_day}`
							: `${w}尚无践诺记录`,
					),
				),
			),
		),
		h('p', { class: 'pledge-rate' }, h('strong', {}, `${w}履诺率：`), rateText(s)),
		h(
			'p',
			{ class: 'pledge-published' },
			s.published_at ? `${cnDate(s.published_at)}公开` : '草稿，尚未公开',
		),
	);
}

function recordsSection(s, year) {
	const list = s.records || [];
	const text = new Map(s.items.map((i) => [i.no, i.text]));
	return section(
		`践诺记录（${windowText(year)}）`,
		list.length
			? table(
					'pledge-records',
					'践诺记录',
					['日期', '承诺事项', '践诺情况', '佐证材料'],
					list.map((r) =>
						h(
							'tr',
							{},
							h('td', {}, r.day),
							h(
								'td',
								{ class: 'text' },
								`第 ${r.item_no} 项：${text.get(r.item_no) || ''}`,
							),
							h('td', { class: 'text' }, r.text),
							h(
								'td',
								{ class: 'text' },
								r.evidence ||
									h(
										'span',
										{ class: 'muted' },
										'—',
									),
							),
						),
					),
				)
			: h('p', { class: 'muted' }, '没有践诺记录。'),
	);
}

function ratingsSection(s, year) {
	const row = (name, c) => {
		const sum = Object.keys(L.pledgeRating).reduce((n, k) => n + (c[k] || 0), 0);
		return h(
			'tr',
			{},
			h('th', { scope: 'row' }, name),
			Object.keys(L.pledgeRating).map((k) =>
				h('td', { class: 'num' }, String(c[k] || 0)),
			),
			h('td', { class: 'num' }, String(sum)),
		);
	};
	const t = h(
		'table',
		{ class: 'pledge-ratings' },
		h(
			'thead',
			{},
			h(
				'tr',
				{},
				h('th', { scope: 'col' }, '评价人'),
				Object.values(L.pledgeRating).map((x) =>
					h('th', { scope: 'col', class: 'num' }, x),
				),
				h('th', { scope: 'col', class: 'num' }, '合计'),
			),
		),
		h('tbody', {}, row('群众', s.ratings.public), row('同事', s.ratings.colleague)),
	);
	return section(
		`评诺（${windowText(year)}）`,
		h('div', scrollBox('评诺情况'), t),
		h('p', { class: 'hint' }, '不显示评价人。'),
	);
}

// The ratings' notes: the office's alone, never with who gave them.
function notesSection(s) {
	if (!Array.isArray(s.notes)) return null;
	return section(
		'评价意见（仅纠风办可见）',
		s.notes.length
			? h(
					'ul',
					{ class: 'pledge-notes' },
					s.notes.map((n) => h('li', {}, n)),
				)
			: h('p', { class: 'muted' }, '没有评价意见。'),
	);
}

// The rating's choices and its note, as both rating forms ask them.
function ratingFields(legend) {
	// the server's word on the rating lands below the choices (the first one's slot)
	const id = 'pledge-rating-' + ++seq;
	return [
		h(
			'fieldset',
			{ class: 'radios' },
			h('legend', {}, legend),
			Object.entries(L.pledgeRating).map(([k, text], i) =>
				h(
					'label',
					{ class: 'inline' },
					h('input', {
						type: 'radio',
						name: 'rating',
						value: k,
						id: i ? null : id,
					}),
					text,
				),
			),
			h('div', { class: 'field-error', id: id + '-err', role: 'alert' }),
		),
		field(
			'意见建议（可选）',
			textarea('note', 3, { maxlength: 500 }),
			'最多 500 个字，仅区纠风办可见',
		),
	];
}

const ratingBody = (d) => {
	const b = { rating: d.rating || null };
	if (d.note) b.note = d.note;
	return b;
};

// The steps by importance: the first the server offers is the next one.
const NEXT = ['publish', 'record', 'rate', 'edit'];

function recordForm(s, act) {
	const [from, to] = [s.period_from, s.period_to];
	const max = today() < to ? today() : to;
	return actionForm(
		'践诺登记',
		h(
			'div',
			{},
			field(
				'承诺事项',
				select(
					'item_no',
					[
						['', '请选择'],
						...s.items.map((i) => [i.no, `${i.no}. ${i.text}`]),
					],
					'',
				),
			),
			field(
				'践诺日期',
				h('input', {
					name: 'day',
					type: 'date',
					min: from,
					max,
					value: today() >= from && today() <= to ? today() : '',
				}),
				'承诺期限之内，不晚于今天',
			),
			field(
				'践诺情况',
				textarea('text', 3, { maxlength: 2000 }),
				'4 到 2000 个字',
			),
			field(
				'佐证材料（可选）',
				textarea('evidence', 2, { maxlength: 2000 }),
				'如会议记录、签到表、照片的存档位置',
			),
		),
		'登记',
		(d) => {
			const b = {
				item_no: d.item_no ? Number(d.item_no) : null,
				day: d.day || null,
				text: d.text || '',
			};
			if (d.evidence) b.evidence = d.evidence;
			return act('POST', 'records', b, '已登记践诺情况');
		},
	);
}

async function actions(s, act) {
	const out = [];
	const put = (key, entry) => out.push(Object.assign(entry, { key }));
	if (can(s, 'publish'))
		put(
			'publish',
			actionForm(
				'公开承诺',
				h(
					'p',
					{ class: 'muted' },
					'公开后承诺不能再修改，各单位可以查看、评价，并在公开承诺页向社会公布。',
				),
				'公开',
				() => act('POST', 'publish', {}, '已公开'),
			),
		);
	if (can(s, 'record')) put('record', recordForm(s, act));
	if (can(s, 'rate'))
		put(
			'rate',
			actionForm(
				'评诺',
				h(
					'div',
					{},
					h(
						'p',
						{ class: 'muted' },
						'每个账号只能评价一次；不显示评价人。',
					),
					ratingFields('您对这份承诺的践诺情况是否满意'),
				),
				'提交评价',
				(d) => act('POST', 'ratings', ratingBody(d), '已提交评价'),
			),
		);
	if (can(s, 'edit'))
		put('edit', await setForm(s, (b) => act('PATCH', '', b, '已保存承诺草稿')));
	return out;
}

async function actionArea(s, act) {
	return stepArea(await actions(s, act), NEXT, {
		idle: s.status === 'draft' ? '草稿待区纠风办公开。' : null,
		hint: (step) =>
			step.key === 'record' && role() === 'admin'
				? '由区纠风办代单位登记。'
				: null,
		// a draft's edit: a long form, in its dialog
		draw: (step) =>
			step.key === 'edit'
				? [
						h(
							'p',
							{ class: 'muted' },
							'草稿待区纠风办公开，公开前可以修改。',
						),
						dialogButton('修改草稿', step),
					]
				: null,
	});
}

// Above the set: its status, the year it is read over and the print button.
function toolbar(s, year, target) {
	const years = [];
	const y0 = Number(s.period_from.slice(0, 4));
	const y1 = Number(s.period_to.slice(0, 4));
	for (let y = y1; y >= y0; y--) years.push([y, `${y}年`]);
	if (year && !years.some(([y]) => String(y) === String(year)))
		years.push([year, `${year}年`]);
	const form = h(
		'form',
		{ class: 'pledge-year', 'aria-label': '选择年度' },
		field('践诺年度', select('year', [...years, ['all', '整个承诺期']], year || 'all')),
		h('button', { type: 'submit', class: 'secondary' }, '查看'),
	);
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		go(`${target}?year=${formData(form).year}`);
	});
	return h(
		'div',
		{ class: 'status-line pledge-tools no-print' },
		statusBadge(s),
		form,
		h(
			'button',
			{ type: 'button', class: 'secondary', onclick: () => window.print() },
			'打印',
		),
	);
}

// The year a set's page reads it over: ?year=, else today's when the period covers it, else
// the whole period ("all").
async function load(path, query) {
	const asked = query.get('year');
	if (asked === 'all') return { s: await get(path), year: '' };
	if (asked) return { s: await get(path + qs({ year: asked })), year: asked };
	const y = today().slice(0, 4);
	const s = await get(path + qs({ year: y }));
	if (s.period_from.slice(0, 4) <= y && y <= s.period_to.slice(0, 4)) return { s, year: y };
	return { s: await get(path), year: '' };
}

function drawSet(main, s, year, { back, target, side, pub }) {
	main.classList.add('pledge-view');
	clear(
		main,
		h('p', { class: 'no-print' }, back),
		toolbar(s, year, target),
		h(
			'div',
			{ class: 'cols' },
			h(
				'div',
				{ class: 'pledge-main' },
				pledgeDoc(s, year),
				recordsSection(s, year),
				ratingsSection(s, year),
				pub ? null : notesSection(s),
			),
			h('div', { class: 'no-print' }, side),
		),
	);
}

export async function pledgePage(main, [id], query) {
	const { s, year } = await load(`/pledges/${id}`, query);
	const act = async (method, path, body, msg) => {
		const url = `/pledges/${id}${path ? '/' + path : ''}` + qs({ year });
		try {
			await api(method, url, body);
		} catch (e) {
			// published or rated meanwhile: the set as it is now, and why
			if (e instanceof ApiError && e.status === 409) {
				await pledgePage(main, [id], query);
				focusHeading();
			}
			throw e;
		}
		await pledgePage(main, [id], query);
		flash(msg);
		focusHeading();
	};
	drawSet(main, s, year, {
		back: h(
			'a',
			{ href: '#/pledges' + qs({ year: year || undefined }) },
			'← 返回领导承诺',
		),
		target: `#/pledges/${id}`,
		side: await actionArea(s, act),
	});
}

/* ---- the public's pages ---- */

// The public's rating: no login; limited per address by the server (429, said in Chinese).
function publicRating(s, year, redraw) {
	const form = h(
		'form',
		{ class: 'card public-rating', novalidate: true, 'aria-labelledby': 'rate-title' },
		h('h2', { id: 'rate-title' }, '我要评价'),
		h(
			'p',
			{ class: 'muted' },
			'无需登录。系统不记录您的身份；意见建议只有区纠风办可以看到。',
		),
		ratingFields('您对这份承诺的践诺情况是否满意'),
		h('button', { type: 'submit' }, '提交评价'),
	);
	onSubmit(form, async () => {
		// the answer is the set read over the window asked for
		const after = await post(
			`/public/pledges/${s.id}/ratings` + qs({ year: year || undefined }),
			ratingBody(formData(form)),
		);
		redraw(after);
		flash('感谢您的评价');
		focusHeading();
	});
	return form;
}

export async function publicPledgesPage(main, [id], query) {
	if (id) {
		const { s, year } = await load(`/public/pledges/${id}`, query);
		const draw = (x) =>
			drawSet(main, x, year, {
				pub: true,
				back: h(
					'a',
					{
						href:
							'#/public/pledges' +
							qs({ year: year || undefined }),
					},
					'← 领导承诺',
				),
				target: `#/public/pledges/${id}`,
				side: publicRating(x, year, draw),
			});
		draw(s);
		return;
	}
	const filters = {
		year: query.get('year') || today().slice(0, 4),
		unit_id: query.get('unit_id') || '',
	};
	const { items } = await get('/public/pledges' + qs(filters));
	add(
		main,
		h('h1', {}, '领导承诺'),
		h(
			'p',
			{ class: 'muted' },
			'各部门、街镇领导公开的十项承诺和践诺情况，欢迎监督评价，无需登录。',
		),
		foldedFilters(filterForm('筛选领导承诺', filters, '#/public/pledges')),
		items.length
			? h(
					'div',
					{ class: 'pledge-cards' },
					items.map((s) => publicCard(s, filters.year)),
				)
			: h('p', { class: 'muted', role: 'status' }, '暂无公开的承诺'),
	);
}

// A published set in the public's list: who, the period, the year's rate, the items.
function publicCard(s, year) {
	return h(
		'section',
		{ class: 'card pledge-card', 'aria-labelledby': `pledge-${s.id}` },
		h(
			'h2',
			{ id: `pledge-${s.id}` },
			h('a', { href: `#/public/pledges/${s.id}?year=${year}` }, s.title),
		),
		h(
			'p',
			{},
			`${s.unit_name} · ${holderText(s)} · 承诺期限 ${s.period_from} 至 ${s.period_to}`,
		),
		h('p', {}, h('strong', {}, `${year}年履诺率：`), rateText(s)),
		h('p', { class: 'muted' }, `群众评价：${countsText(s.ratings.public)}`),
		h(
			'details',
			{},
			h('summary', {}, `承诺事项（${s.items.length} 项）`),
			h(
				'ol',
				{ class: 'pledge-list' },
				s.items.map((it) =>
					h(
						'li',
						{ class: it.records ? 'kept' : null },
						h('span', { class: 'pledge-text' }, it.text),
						h(
							'span',
							{ class: 'pledge-kept' },
							it.records
								? `已践诺 ${it.records} 次，最近 ${it.last_day}`
								: '尚无践诺记录',
						),
					),
				),
			),
		),
		h(
			'p',
			{},
			h(
				'a',
				{
					href: `#/public/pledges/${s.id}?year=${year}`,
					'aria-label': `查看并评价：${s.title}`,
				},
				'查看并评价',
			),
		),
	);
}
