// The register of efficiency faults (行政效能过错): the list of cases with its filters and
// the office's form for a new case; one case's page with its facts, the people held
// responsible and their sanctions, the decision and the appeal, and the steps the server
// offers in its "actions" (confirm, dismiss, decide, appeal, decide the appeal). The
// rules (who may do what, the ladder of sanctions, the appeal window) are the server's:
// the pages offer what it offers and show what it refuses, in Chinese.

import {
	h,
	add,
	clear,
	field,
	select,
	optionsOf,
	formData,
	fmtTime,
	scrollBox,
	labelCells,
} from './dom.js';
import { get, post, qs, ApiError } from './api.js';
import { role, may, today, responsibleUnits, flash } from './ui.js';
import { section, dl, foldedFilters, loadRecord, recordStep } from './components.js';
import { L, label } from './labels.js';
import { go, focusHeading } from './router.js';
import { actionForm, textarea, personText, register, dialogButton, stepArea } from './problems.js';

// A case's status as a badge, told in words; its colour only repeats them.
const TONE = {
	proposed: 'warn',
	open: 'warn',
	decided: 'bad',
	appealed: 'warn',
	revoked: 'ok',
};

function faultBadge(f) {
	return h(
		'span',
		{ class: `badge fs-${f.status} ${TONE[f.status] || ''}`.trim() },
		f.status_label || label('faultStatus', f.status),
	);
}

// The people held responsible and their sanctions, and the unit's own sanction.
function sanctionsText(f) {
	const parts = (f.people || []).map(
		(p) => `${p.name}（${p.sanction_label || label('sanction', p.sanction)}）`,
	);
	if (f.unit_sanction)
		parts.push(
			`单位（${f.unit_sanction_label || label('sanction', f.unit_sanction)}）`,
		);
	return parts.join('、');
}

const HEAD = ['编号', '单位', '来源', '类型', '状态', '责任人员', '处理日期'];

function faultRow(f) {
	return h(
		'tr',
		{ dataset: { fault: f.id } },
		h('td', {}, h('a', { href: `#/faults/${f.id}` }, `第 ${f.id} 号`)),
		h('td', {}, f.unit_name),
		h('td', {}, f.source_label || label('faultSource', f.source)),
		h('td', {}, f.type_label || label('faultType', f.type)),
		h('td', {}, faultBadge(f)),
		h('td', {}, sanctionsText(f) || h('span', { class: 'muted' }, '—')),
		h('td', {}, f.decided_on || h('span', { class: 'muted' }, '—')),
	);
}

function faultTable(items) {
	const table = h(
		'table',
		{ class: 'cards faults' },
		h(
			'thead',
			{},
			h(
				'tr',
				{},
				HEAD.map((t) => h('th', { scope: 'col' }, t)),
			),
		),
		h('tbody', {}, items.map(faultRow)),
	);
	return h('div', scrollBox('效能过错列表'), labelCells(table));
}

export async function faultListPage(main, _m, query) {
	const filters = {};
	for (const k of ['unit_id', 'person_id', 'status', 'year'])
		if (query.get(k)) filters[k] = query.get(k);
	const unit = role() === 'unit';
	const thisYear = Number(today().slice(0, 4));
	const years = [];
	for (let y = thisYear; y >= thisYear - 4; y--) years.push([y, `${y}年`]);
	const form = h(
		'form',
		{ class: 'filters', role: 'search', 'aria-label': '筛选效能过错' },
		unit
			? null
			: field(
					'单位',
					select(
						'unit_id',
						[
							['', '全部'],
							...responsibleUnits().map((u) => [
								u.id,
								u.name,
							]),
						],
						filters.unit_id,
					),
				),
		field('状态', select('status', optionsOf(L.faultStatus, '全部'), filters.status)),
		field(
			'处理年度',
			select('year', [['', '全部'], ...years], filters.year),
			'按作出处理决定的日期',
		),
		filters.person_id
			? h('input', {
					type: 'hidden',
					name: 'person_id',
					value: filters.person_id,
				})
			: null,
		h('button', { type: 'submit' }, '筛选'),
	);
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		go('#/faults' + qs(formData(form)));
	});
	const { items } = await get('/faults' + qs(filters));
	// a person's cases, from a case's page: whose, and the way back to all
	let who = null;
	if (filters.person_id) {
		const p = items
			.flatMap((f) => f.people || [])
			.find((x) => String(x.person_id) === filters.person_id);
		const rest = Object.assign({}, filters, { person_id: undefined });
		who = h(
			'p',
			{ class: 'hint' },
			`仅显示 ${p ? p.name : '该人员'} 的案件。`,
			h('a', { href: '#/faults' + qs(rest) }, '显示全部'),
		);
	}
	add(
		main,
		h('h1', {}, '效能过错'),
		may('fault_write') ? newCase() : null,
		foldedFilters(form),
		who,
		items.length
			? faultTable(items)
			: h('p', { class: 'muted', role: 'status' }, '没有符合条件的案件'),
		items.length
			? h('p', { class: 'muted', role: 'status' }, `共 ${items.length} 件`)
			: null,
	);
}

let seq = 0;

const idInput = (name) =>
	h('input', { name, type: 'number', min: 1, step: 1, inputmode: 'numeric' });

// The office records a case found by an opinion, an inspection or a first contact.
function newCase() {
	const sources = Object.entries(L.faultSource).filter(([k]) => k !== 'overdue');
	const entry = actionForm(
		'登记效能过错',
		h(
			'div',
			{},
			field(
				'单位',
				select(
					'unit_id',
					[
						['', '请选择'],
						...responsibleUnits().map((u) => [u.id, u.name]),
					],
					'',
				),
			),
			field('来源', select('source', sources, 'inspection')),
			field('过错类型', select('type', optionsOf(L.faultType), 'delay')),
			field('过错事实', textarea('facts', 4), '5 到 4000 个字'),
			field(
				'问题编号（可选）',
				idInput('problem_id'),
				'由问题台账中的问题引起时填写',
			),
			field('意见编号', idInput('opinion_id'), '来源为群众意见时填写'),
			field('首问登记编号', idInput('contact_id'), '来源为首问违规时填写'),
		),
		'登记',
		async (d) => {
			const b = { source: d.source, type: d.type, facts: d.facts || '' };
			for (const k of ['unit_id', 'problem_id', 'opinion_id', 'contact_id'])
				if (d[k]) b[k] = Number(d[k]);
			const f = await post('/faults', b);
			go(`#/faults/${f.id}`, `已登记效能过错第 ${f.id} 号`);
		},
	);
	return dialogButton('登记效能过错', entry);
}

/* ---- one case ---- */

const can = (f, action) => Array.isArray(f.actions) && f.actions.includes(action);

// The steps by importance: the first the server offers is the next one, shown with its
// form; the others wait under 更多操作.
const NEXT = ['confirm', 'decide', 'appeal_decide', 'appeal'];

// The decision's people: a row per person of the unit's register, with the person's part
// and sanction. The controls take their request names (people[0].sanction) when the form
// is sent, so that the server's field errors land beside them.
function peopleRows(f, people) {
	const rows = h('div', { class: 'fault-people' });
	const box = h('fieldset', { class: 'fault-people-box' }, h('legend', {}, '责任人员'));
	// what the server says of the list as a whole ("people") lands below it
	const whole = h('input', { type: 'hidden', name: 'people', id: 'fault-people-' + ++seq });
	const slot = h('div', { class: 'field-error', id: whole.id + '-err', role: 'alert' });
	const renumber = () =>
		[...rows.children].forEach((r, i) => {
			r.querySelector('legend').textContent = `责任人员 ${i + 1}`;
			r.querySelector('.remove').setAttribute(
				'aria-label',
				`删除责任人员 ${i + 1}`,
			);
		});
	const addRow = () => {
		const row = h(
			'fieldset',
			{ class: 'fault-person' },
			h('legend', {}),
			h(
				'div',
				{ class: 'grid' },
				field(
					'姓名',
					select(
						'',
						[
							['', '请选择'],
							...people.map((p) => [p.id, personText(p)]),
						],
						'',
						{ dataset: { key: 'person_id' } },
					),
				),
				field(
					'角色',
					select('', optionsOf(L.faultRole), 'handler', {
						dataset: { key: 'role' },
					}),
				),
				field(
					'责任类型',
					select('', optionsOf(L.faultResp), 'direct', {
						dataset: { key: 'resp' },
					}),
				),
				field(
					'处理',
					select('', optionsOf(L.sanction, '请选择'), '', {
						dataset: { key: 'sanction' },
					}),
				),
			),
		);
		const remove = h(
			'button',
			{ type: 'button', class: 'secondary small remove' },
			'删除',
		);
		remove.addEventListener('click', () => {
			row.remove();
			renumber();
			more.focus();
		});
		add(row, h('div', { class: 'row-buttons' }, remove));
		add(rows, row);
		renumber();
		return row;
	};
	const more = h('button', { type: 'button', class: 'secondary small' }, '添加责任人员');
	more.addEventListener('click', () => addRow().querySelector('select').focus());
	if (people.length) addRow();
	add(
		box,
		people.length
			? rows
			: h(
					'p',
					{ class: 'hint' },
					`${f.unit_name}的人员名册中还没有人员，`,
					h(
						'a',
						{ href: `#/units/${f.unit_id}/people` },
						'去人员名册添加',
					),
					'；也可以只对单位作出处理。',
				),
		whole,
		slot,
		people.length ? h('p', {}, more) : null,
	);
	// The rows a person is chosen in, as the request lists them; the controls of the
	// others lose their names.
	const read = () => {
		const out = [];
		for (const r of rows.children) {
			const ctl = (k) => r.querySelector(`[data-key=${k}]`);
			const chosen = !!ctl('person_id').value;
			for (const k of ['person_id', 'role', 'resp', 'sanction'])
				ctl(k).name = chosen ? `people[${out.length}].${k}` : '';
			if (!chosen) continue;
			const p = {
				person_id: Number(ctl('person_id').value),
				role: ctl('role').value,
				resp: ctl('resp').value,
			};
			if (ctl('sanction').value) p.sanction = ctl('sanction').value;
			out.push(p);
		}
		return out;
	};
	return { el: box, read };
}

function decideForm(f, people, act) {
	const rows = peopleRows(f, people);
	const listId = 'authorities' + ++seq;
	return actionForm(
		'作出处理决定',
		h(
			'div',
			{},
			field('过错类型', select('type', optionsOf(L.faultType), f.type)),
			field(
				'处理机关',
				h('input', {
					name: 'authority',
					maxlength: 50,
					list: listId,
					autocomplete: 'off',
				}),
				'如 区纪委监委，2 到 50 个字',
			),
			h(
				'datalist',
				{ id: listId },
				['区纪委监委', '区纠风办', '区政府', '区委组织部'].map((v) =>
					h('option', { value: v }),
				),
			),
			field(
				'处理日期',
				h('input', {
					name: 'decided_on',
					type: 'date',
					max: today(),
					value: today(),
				}),
			),
			rows.el,
			field(
				'单位处理（可选）',
				select(
					'unit_sanction',
					optionsOf(L.sanction, '不对单位作出处理'),
					'',
				),
			),
			field('说明', textarea('note', 2)),
		),
		'作出处理决定',
		(d) => {
			const b = {
				type: d.type,
				authority: d.authority || '',
				people: rows.read(),
			};
			for (const k of ['decided_on', 'unit_sanction', 'note'])
				if (d[k]) b[k] = d[k];
			return act('decide', b, '已作出处理决定');
		},
	);
}

function radio(name, value, text, checked) {
	return h(
		'label',
		{ class: 'inline' },
		h('input', { type: 'radio', name, value, checked }),
		text,
	);
}

// The forms of the steps the server offers, each by its action's name.
function actions(f, people, done) {
	const out = [];
	const put = (key, entry) => out.push(Object.assign(entry, { key }));
	const act = (path, body, msg) => done(`/faults/${f.id}/${path}`, body, msg);
	if (can(f, 'confirm'))
		put(
			'confirm',
			actionForm(
				'确认立案',
				h(
					'div',
					{},
					h(
						'p',
						{ class: 'muted' },
						'确认后进入调查，由纠风办作出处理决定。',
					),
					field('立案说明（可选）', textarea('note', 2)),
				),
				'确认立案',
				(d) => act('confirm', d.note ? { note: d.note } : {}, '已确认立案'),
			),
		);
	if (can(f, 'decide')) put('decide', decideForm(f, people, act));
	if (can(f, 'appeal_decide'))
		put(
			'appeal_decide',
			actionForm(
				'申诉复核',
				h(
					'div',
					{},
					f.appeal ? h('p', {}, `申诉理由：${f.appeal}`) : null,
					h(
						'fieldset',
						{},
						h('legend', {}, '复核结论'),
						radio(
							'upheld',
							'false',
							'申诉不成立，维持处理决定',
							true,
						),
						radio(
							'upheld',
							'true',
							'申诉成立，撤销处理决定',
							false,
						),
					),
					field('复核意见', textarea('note', 3)),
				),
				'提交复核结论',
				(d) =>
					act(
						'appeal/decide',
						{ upheld: d.upheld === 'true', note: d.note || '' },
						d.upheld === 'true'
							? '申诉成立，已撤销处理决定'
							: '申诉不成立，维持处理决定',
					),
			),
		);
	if (can(f, 'appeal'))
		put(
			'appeal',
			actionForm(
				'申诉',
				h(
					'div',
					{},
					f.appeal_until
						? h(
								'p',
								{ class: 'muted' },
								`申诉期限至 ${f.appeal_until}，只能申诉一次。`,
							)
						: null,
					field('申诉理由', textarea('reason', 3)),
				),
				'提交申诉',
				(d) => act('appeal', { reason: d.reason || '' }, '已提交申诉'),
			),
		);
	if (can(f, 'dismiss'))
		put(
			'dismiss',
			actionForm(
				'不予认定',
				field('不予认定的理由', textarea('reason', 3)),
				'不予认定',
				(d) => act('dismiss', { reason: d.reason || '' }, '已不予认定'),
				{ danger: true },
			),
		);
	return out;
}

function actionArea(f, people, done) {
	return stepArea(actions(f, people, done), NEXT, {
		hint: (step) =>
			step.key === 'appeal' && role() !== 'unit'
				? '由纠风办代被处理单位提出。'
				: null,
	});
}

// Where the case came from, with a link to the problem, the opinion or the first contact.
function sourceOf(f) {
	const opinionReader = ['admin', 'station', 'point', 'leader'].includes(role());
	return h(
		'span',
		{},
		f.source_label || label('faultSource', f.source),
		f.problem_id
			? [
					' · ',
					h(
						'a',
						{ href: `#/problems/${f.problem_id}` },
						`问题 ${f.problem_id}`,
					),
				]
			: null,
		f.opinion_id
			? [
					' · ',
					opinionReader
						? h(
								'a',
								{
									href: `#/opinions/${f.opinion_id}`,
								},
								`意见 ${f.opinion_id}`,
							)
						: `意见 ${f.opinion_id}`,
				]
			: null,
		f.contact_id ? ` · 首问登记 ${f.contact_id}` : null,
	);
}

function peopleTable(f) {
	const table = h(
		'table',
		{ class: 'cards fault-people-table' },
		h(
			'thead',
			{},
			h(
				'tr',
				{},
				['姓名', '角色', '责任类型', '处理'].map((t) =>
					h('th', { scope: 'col' }, t),
				),
			),
		),
		h(
			'tbody',
			{},
			f.people.map((p) =>
				h(
					'tr',
					{},
					h(
						'th',
						{ scope: 'row' },
						h(
							'a',
							{
								href: `#/faults?person_id=${p.person_id}`,
								title: `${p.name} 的全部案件`,
							},
							p.name,
						),
					),
					h('td', {}, p.role_label || label('faultRole', p.role)),
					h('td', {}, p.resp_label || label('faultResp', p.resp)),
					h(
						'td',
						{},
						p.sanction_label || label('sanction', p.sanction),
					),
				),
			),
		),
	);
	return h('div', scrollBox('责任人员及处理'), labelCells(table));
}

function decision(f) {
	if (!f.decided_on) return null;
	const window =
		f.status === 'decided' && !f.appeal && f.appeal_until
			? f.appeal_until >= today()
				? `可于 ${f.appeal_until} 前申诉`
				: `申诉期已于 ${f.appeal_until} 届满`
			: null;
	return section(
		'处理决定',
		dl([
			['处理机关', f.authority],
			['处理日期', f.decided_on],
			['过错类型', f.type_label || label('faultType', f.type)],
			[
				'单位处理',
				f.unit_sanction
					? f.unit_sanction_label ||
						label('sanction', f.unit_sanction)
					: null,
			],
			['说明', f.status === 'dismissed' ? null : f.note],
			['申诉期限', window],
		]),
		f.people && f.people.length
			? peopleTable(f)
			: h('p', { class: 'muted' }, '未处理到人。'),
	);
}

function appealSection(f) {
	if (!f.appeal) return null;
	const outcome =
		f.status === 'appealed'
			? '待复核'
			: f.status === 'revoked'
				? '申诉成立，处理决定已撤销'
				: '申诉不成立，维持处理决定';
	return section(
		'申诉',
		dl([
			['申诉理由', f.appeal],
			['申诉时间', fmtTime(f.appealed_at)],
			['复核结论', outcome],
			['复核意见', f.appeal_note],
		]),
	);
}

export async function faultPage(main, [id]) {
	const [f, people] = await loadRecord(main, async () => {
		const x = await get(`/faults/${id}`);
		return [x, can(x, 'decide') ? await register(x.unit_id) : []];
	});
	// decided or changed elsewhere meanwhile (409): the case as it is now
	const done = recordStep(() => faultPage(main, [id]));
	clear(
		main,
		h('p', { class: 'no-print' }, h('a', { href: '#/faults' }, '← 返回列表')),
		h('h1', {}, `效能过错第 ${f.id} 号：${f.unit_name}`),
		h('div', { class: 'status-line' }, faultBadge(f)),
		h(
			'div',
			{ class: 'cols' },
			h(
				'div',
				{},
				section(
					'案件情况',
					dl([
						['编号', String(f.id)],
						['单位', f.unit_name],
						['来源', sourceOf(f)],
						[
							'过错类型',
							f.type_label || label('faultType', f.type),
						],
						[
							'状态',
							f.status_label ||
								label('faultStatus', f.status),
						],
						['登记时间', fmtTime(f.created_at)],
						[
							'不予认定的理由',
							f.status === 'dismissed' ? f.note : null,
						],
						[
							'立案说明',
							f.status === 'open' ||
							f.status === 'proposed'
								? f.note
								: null,
						],
					]),
					h('h3', {}, '过错事实'),
					h('p', { class: 'pre' }, f.facts),
				),
				decision(f),
				appealSection(f),
			),
			actionArea(f, people, done),
		),
	);
}
