// The ledger of accountability and efficiency faults (问责和效能过错台账): each accountability
// record, each person sanctioned in a decided fault case with their part, and a unit's own
// sanction, by unit, person and year, in the caller's scope; with its XLSX and CSV files.

import { h, add, field, select, formData, scrollBox, labelCells } from './dom.js';
import { get, qs, downloadUrl } from './api.js';
import { app, role, today, responsibleUnits } from './ui.js';
import { foldedFilters } from './components.js';
import { go } from './router.js';
import { personFilter } from './contacts.js';

const HEAD = ['日期', '单位', '人员', '类别', '处理方式', '责任', '状态', '出处', '事实与说明'];

// Where a line comes from: the fault case, the problem.
function whence(l) {
	const out = [];
	if (l.source === 'fault')
		out.push(
			h('a', { href: `#/faults/${l.record_id}` }, `效能过错第 ${l.record_id} 号`),
		);
	if (l.problem_id) {
		if (out.length) out.push(h('br'));
		out.push(h('a', { href: `#/problems/${l.problem_id}` }, `问题 ${l.problem_id}`));
	}
	return out.length ? out : h('span', { class: 'muted' }, '—');
}

function statusBadge(s) {
	if (!s) return h('span', { class: 'muted' }, '—');
	const tone = s === '已撤销' ? 'ok' : s === '申诉中' ? 'warn' : '';
	return h('span', { class: `badge ${tone}`.trim() }, s);
}

function ledgerRow(l) {
	return h(
		'tr',
		{ dataset: { source: l.source, record: l.record_id } },
		h('td', { class: 'nowrap' }, l.day),
		h('td', { class: 'nowrap' }, l.unit_name),
		h('td', { class: 'nowrap' }, l.person || h('span', { class: 'muted' }, '（单位）')),
		h('td', {}, l.kind),
		h('td', { class: 'nowrap' }, l.measure),
		h('td', {}, l.part || h('span', { class: 'muted' }, '—')),
		h('td', {}, statusBadge(l.status)),
		h('td', { class: 'nowrap' }, whence(l)),
		h('td', { class: 'text' }, l.text),
	);
}

export async function ledgerPage(main, _m, query) {
	const filters = {};
	for (const k of ['unit_id', 'person_id', 'year'])
		if (query.get(k)) filters[k] = query.get(k);
	const unit = role() === 'unit';
	const thisYear = Number(today().slice(0, 4));
	const years = [];
	for (let y = thisYear; y >= thisYear - 4; y--) years.push([y, `${y}年`]);
	const unitSel = unit
		? null
		: select(
				'unit_id',
				[['', '全部'], ...responsibleUnits().map((u) => [u.id, u.name])],
				filters.unit_id,
			);
	// a station reads no register: the people the unit's lines name
	const named = async (unitId) => {
		const seen = new Map();
		for (const l of (await get('/ledger' + qs({ unit_id: unitId }))).items)
			if (l.person_id)
				seen.set(l.person_id, {
					id: l.person_id,
					name: l.person,
					active: true,
				});
		return [...seen.values()];
	};
	const person = personFilter(
		unitSel,
		unit ? app.user.unit_id : null,
		filters.person_id,
		named,
	);
	const form = h(
		'form',
		{ class: 'filters', role: 'search', 'aria-label': '筛选问责台账' },
		unitSel ? field('单位', unitSel) : null,
		field('人员', person.el),
		field('年度', select('year', [['', '全部'], ...years], filters.year)),
		h('button', { type: 'submit' }, '筛选'),
	);
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		go('#/ledger' + qs(formData(form)));
	});
	const file = (format) => downloadUrl('/ledger', Object.assign({}, filters, { format }));
	const [{ items }] = await Promise.all([get('/ledger' + qs(filters)), person.ready]);
	const t = h(
		'table',
		{ class: 'cards ledger' },
		h(
			'thead',
			{},
			h(
				'tr',
				{},
				HEAD.map((x) => h('th', { scope: 'col' }, x)),
			),
		),
		h('tbody', {}, items.map(ledgerRow)),
	);
	add(
		main,
		h('h1', {}, '问责和效能过错台账'),
		foldedFilters(form),
		h(
			'p',
			{ class: 'downloads' },
			h(
				'a',
				{ class: 'button', href: file('xlsx'), download: '' },
				'下载台账（XLSX）',
			),
			' ',
			h(
				'a',
				{ class: 'button secondary', href: file('csv'), download: '' },
				'下载台账（CSV）',
			),
		),
		items.length
			? h('div', scrollBox('问责和效能过错台账'), labelCells(t))
			: h('p', { class: 'muted', role: 'status' }, '没有符合条件的记录'),
		items.length
			? h('p', { class: 'muted', role: 'status' }, `共 ${items.length} 条`)
			: null,
		h(
			'p',
			{ class: 'hint' },
			'每条问责记录一行；效能过错案件的每名责任人员一行，对单位的处理另起一行。',
		),
	);
}
