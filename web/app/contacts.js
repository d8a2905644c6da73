// The register of first contact (首接首问): whoever first receives a person who comes, calls,
// writes or asks online records the need and what was told at once (一次性告知), then hands
// it over to a colleague or another unit, or completes it. The list with its filters (the
// entries past their time limit among them), the counts per unit and person, one entry's
// page with the steps the server offers in its "actions". Who may do what is the server's.

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
import {
	app,
	role,
	today,
	nowLocal,
	districtTime,
	responsibleUnits,
	flash,
	showError,
} from './ui.js';
import { section, dl, foldedFilters, loadRecord, recordStep } from './components.js';
import { L, label } from './labels.js';
import { go, focusHeading } from './router.js';
import { actionForm, textarea, personText, register, dialogButton, stepArea } from './problems.js';

// The roles that read a unit's register of people (a unit its own).
const REGISTER_READERS = ['admin', 'leader', 'unit'];

// The people a filter offers for unit @p unitId: its register where the role reads it,
// else what @p fallback gives (the people the register's own lines name).
export async function peopleOf(unitId, fallback) {
	if (!unitId) return [];
	if (REGISTER_READERS.includes(role())) return register(unitId);
	return fallback ? fallback(unitId) : [];
}

// A filter's choice of a person of the unit chosen in @p unitSelect (or of @p unitId, the
// caller's own unit): loaded again when another unit is chosen.
export function personFilter(unitSelect, unitId, current, fallback) {
	const sel = h('select', { name: 'person_id' }, h('option', { value: '' }, '全部'));
	const load = async () => {
		const id = unitSelect ? unitSelect.value : unitId;
		sel.disabled = !id;
		let people = [];
		if (id)
			try {
				people = await peopleOf(id, fallback);
			} catch (e) {
				showError(e);
			}
		if (unitSelect && unitSelect.value !== id) return; // another unit meanwhile
		clear(
			sel,
			h('option', { value: '' }, id ? '全部' : '全部（先选择单位）'),
			people.map((p) =>
				h(
					'option',
					{
						value: p.id,
						selected: String(p.id) === String(current || ''),
					},
					personText(p),
				),
			),
		);
	};
	if (unitSelect)
		unitSelect.addEventListener('change', () => {
			current = '';
			load();
		});
	const ready = load();
	return { el: sel, ready };
}

// Whether the entry is past its time limit, told in words.
function overdueBadge(k) {
	return k.overdue
		? h('span', { class: 'badge overdue', title: `办理时限 ${k.limit_on}` }, '逾期')
		: null;
}

const TONE = { open: 'warn', handed_over: '', done: 'ok' };

function contactBadge(k) {
	return h(
		'span',
		{ class: `badge cs-${k.status} ${TONE[k.status] || ''}`.trim() },
		k.status_label || label('contactStatus', k.status),
	);
}

const HEAD = ['编号', '接待时间', '单位', '首问人', '方式', '群众诉求', '办理时限', '状态'];

function contactRow(k) {
	return h(
		'tr',
		{ dataset: { contact: k.id }, class: k.overdue ? 'overdue' : null },
		h('td', {}, h('a', { href: `#/contacts/${k.id}` }, `第 ${k.id} 号`)),
		h('td', {}, fmtTime(k.received_at)),
		h('td', {}, k.unit_name),
		h('td', {}, k.person_name || '—'),
		h('td', {}, k.channel_label || label('contactChannel', k.channel)),
		h('td', { class: 'text' }, k.need),
		h('td', {}, k.limit_on),
		h('td', {}, contactBadge(k), overdueBadge(k)),
	);
}

// @p numeric: the first column of figures, right-aligned as they are
function table(cls, name, head, rows, numeric = 0) {
	const t = h(
		'table',
		{ class: `cards ${cls}` },
		h(
			'thead',
			{},
			h(
				'tr',
				{},
				head.map((x, i) =>
					h(
						'th',
						{
							scope: 'col',
							class:
								numeric && i >= numeric
									? 'num'
									: null,
						},
						x,
					),
				),
			),
		),
		h('tbody', {}, rows),
	);
	return h('div', scrollBox(name), labelCells(t));
}

// The two views of the register: its entries and its counts, as links.
function views(counts, filters) {
	const keep = { unit_id: filters.unit_id, from: filters.from, to: filters.to };
	return h(
		'nav',
		{ class: 'view-switch', 'aria-label': '首问登记的视图' },
		h(
			'a',
			{ href: '#/contacts' + qs(keep), 'aria-current': counts ? null : 'page' },
			'登记列表',
		),
		h(
			'a',
			{
				href: '#/contacts' + qs(Object.assign({ view: 'counts' }, keep)),
				'aria-current': counts ? 'page' : null,
			},
			'统计',
		),
	);
}

const dateInput = (name, value) => h('input', { name, type: 'date', value: value || '' });

export async function contactListPage(main, _m, query) {
	const counts = query.get('view') === 'counts';
	const filters = {};
	for (const k of ['unit_id', 'person_id', 'status', 'from', 'to'])
		if (query.get(k)) filters[k] = query.get(k);
	if (query.get('overdue') === 'true') filters.overdue = 'true';
	const unit = role() === 'unit';
	const unitSel = unit
		? null
		: select(
				'unit_id',
				[['', '全部'], ...responsibleUnits().map((u) => [u.id, u.name])],
				filters.unit_id,
			);
	// a station reads no register: the people its counts name
	const named = async (unitId) =>
		(await get('/contacts/counts' + qs({ unit_id: unitId }))).items.map((c) => ({
			id: c.person_id,
			name: c.person_name,
			active: true,
		}));
	const person = counts
		? null
		: personFilter(unitSel, unit ? app.user.unit_id : null, filters.person_id, named);
	const form = h(
		'form',
		{ class: 'filters', role: 'search', 'aria-label': '筛选首问登记' },
		unitSel ? field('单位', unitSel) : null,
		person ? field('首问人', person.el) : null,
		counts
			? null
			: field(
					'状态',
					select(
						'status',
						optionsOf(L.contactStatus, '全部'),
						filters.status,
					),
				),
		field('接待日期从', dateInput('from', filters.from)),
		field('至', dateInput('to', filters.to)),
		counts
			? null
			: h(
					'div',
					{ class: 'field check' },
					h(
						'label',
						{ class: 'inline' },
						h('input', {
							type: 'checkbox',
							name: 'overdue',
							checked: !!filters.overdue,
						}),
						'仅看逾期',
					),
				),
		h('button', { type: 'submit' }, '筛选'),
	);
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		const d = formData(form);
		d.overdue = d.overdue ? 'true' : undefined;
		if (counts) d.view = 'counts';
		go('#/contacts' + qs(d));
	});
	const mayRecord = role() === 'admin' || unit;
	add(
		main,
		h('h1', {}, '首问登记'),
		views(counts, filters),
		mayRecord ? await newEntry() : null,
		foldedFilters(form),
	);
	if (person) await person.ready;
	if (counts) return countsView(main, filters);
	const { items } = await get('/contacts' + qs(filters));
	add(
		main,
		items.length
			? table('contacts', '首问登记列表', HEAD, items.map(contactRow))
			: h('p', { class: 'muted', role: 'status' }, '没有符合条件的登记'),
		items.length
			? h(
					'p',
					{ class: 'muted', role: 'status' },
					`共 ${items.length} 条`,
					filters.overdue ? '逾期未办结的登记' : '',
				)
			: null,
	);
}

// The counts per unit and person: received, still open, handed over, done, past the limit;
// each links the person's entries.
async function countsView(main, filters) {
	const { items } = await get(
		'/contacts/counts' +
			qs({ unit_id: filters.unit_id, from: filters.from, to: filters.to }),
	);
	const range = { from: filters.from, to: filters.to };
	const link = (c, n, extra) =>
		n
			? h(
					'a',
					{
						href:
							'#/contacts' +
							qs(
								Object.assign(
									{
										unit_id: c.unit_id,
										person_id: c.person_id,
									},
									range,
									extra,
								),
							),
						'aria-label': `${c.person_name}：${n}`,
					},
					String(n),
				)
			: '0';
	const num = (x) => h('td', { class: 'num' }, x);
	const sum = (k) => items.reduce((s, c) => s + (c[k] || 0), 0);
	const rows = items.map((c) =>
		h(
			'tr',
			{ dataset: { person: c.person_id } },
			h('td', {}, c.unit_name),
			h('th', { scope: 'row' }, c.person_name || '—'),
			num(link(c, c.received, {})),
			num(link(c, c.open, { status: 'open' })),
			num(link(c, c.handed_over, { status: 'handed_over' })),
			num(link(c, c.done, { status: 'done' })),
			num(
				c.overdue
					? h(
							'span',
							{ class: 'badge overdue' },
							link(c, c.overdue, { overdue: 'true' }),
						)
					: '0',
			),
		),
	);
	if (items.length)
		rows.push(
			h(
				'tr',
				{ class: 'total' },
				h('td', {}, '合计'),
				h('th', { scope: 'row' }, `${items.length} 人`),
				...['received', 'open', 'handed_over', 'done', 'overdue'].map((k) =>
					num(String(sum(k))),
				),
			),
		);
	add(
		main,
		section(
			'按单位和首问人统计',
			items.length
				? table(
						'contact-counts',
						'首问登记统计',
						[
							'单位',
							'首问人',
							'登记',
							'办理中',
							'已移交',
							'已完成',
							'逾期',
						],
						rows,
						2,
					)
				: h('p', { class: 'muted', role: 'status' }, '所选期间没有登记'),
			h('p', { class: 'hint' }, '逾期：超过办理时限仍在办理中的登记。'),
		),
	);
}

/* ---- recording an entry ---- */

// The person who received it: the account's own person by default; the register of the
// unit chosen (the office chooses the unit).
function receiverSelect(unitSelect) {
	const sel = h('select', { name: 'person_id' });
	const mine = app.user.person_id;
	const load = async () => {
		const id = unitSelect ? unitSelect.value : app.user.unit_id;
		let people = [];
		if (id)
			try {
				people = (await register(id)).filter((p) => p.active);
			} catch (e) {
				showError(e);
			}
		if (unitSelect && unitSelect.value !== id) return;
		clear(
			sel,
			h('option', { value: '' }, id ? '请选择' : '请先选择单位'),
			people.map((p) =>
				h(
					'option',
					{ value: p.id, selected: p.id === mine },
					personText(p),
				),
			),
		);
	};
	if (unitSelect) unitSelect.addEventListener('change', load);
	return { el: sel, ready: load() };
}

// A date @p days after the district's today.
function daysAhead(days) {
	const d = new Date(today() + 'T00:00:00Z');
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

async function newEntry() {
	const office = role() === 'admin';
	const unitSel = office
		? select(
				'unit_id',
				[['', '请选择'], ...responsibleUnits().map((u) => [u.id, u.name])],
				'',
			)
		: null;
	const who = receiverSelect(unitSel);
	await who.ready;
	const entry = actionForm(
		'登记首问',
		h(
			'div',
			{},
			unitSel ? field('单位', unitSel) : null,
			field(
				'首问人',
				who.el,
				app.user.person_id
					? '默认为本账号关联的人员'
					: '本账号未关联人员名册中的人员，请选择首问人',
			),
			field(
				'接待方式',
				select('channel', optionsOf(L.contactChannel), 'in_person'),
			),
			h(
				'div',
				{ class: 'grid' },
				field(
					'来访人（可选）',
					h('input', {
						name: 'visitor',
						maxlength: 50,
						autocomplete: 'off',
					}),
				),
				field(
					'联系电话（可选）',
					h('input', {
						name: 'visitor_phone',
						type: 'tel',
						maxlength: 30,
						inputmode: 'tel',
						autocomplete: 'off',
					}),
				),
			),
			field('群众诉求', textarea('need', 3), '2 到 2000 个字'),
			field(
				'一次性告知内容',
				textarea('told', 3),
				'当场一次性告知的办理依据、材料和流程',
			),
			h(
				'div',
				{ class: 'grid' },
				field(
					'办理时限',
					h('input', {
						name: 'limit_on',
						type: 'date',
						min: today(),
						max: daysAhead(366),
					}),
					'告知群众的办结或答复日期',
				),
				field(
					'接待时间（可选）',
					h('input', {
						name: 'received_at',
						type: 'datetime-local',
						max: nowLocal(),
					}),
					'默认为现在',
				),
			),
		),
		'登记',
		async (d) => {
			const b = {
				channel: d.channel,
				need: d.need || '',
				told: d.told || '',
			};
			for (const k of ['visitor', 'visitor_phone', 'limit_on'])
				if (d[k]) b[k] = d[k];
			for (const k of ['unit_id', 'person_id']) if (d[k]) b[k] = Number(d[k]);
			if (d.received_at) b.received_at = districtTime(d.received_at);
			const k = await post('/contacts', b);
			go(`#/contacts/${k.id}`, `已登记首问第 ${k.id} 号`);
		},
	);
	return dialogButton('登记首问', entry);
}

/* ---- one entry ---- */

const can = (k, action) => Array.isArray(k.actions) && k.actions.includes(action);

// The steps by importance: the first the server offers is the next one.
const NEXT = ['done', 'handover'];

function radio(name, value, text, checked) {
	return h(
		'label',
		{ class: 'inline' },
		h('input', { type: 'radio', name, value, checked }),
		text,
	);
}

// Hand over to a colleague of the register or to another unit: one of them, the other's
// control set aside.
function handoverForm(k, people, act) {
	const colleagues = people.filter((p) => p.active && p.id !== k.person_id);
	const person = select('to_person_id', [
		['', '请选择'],
		...colleagues.map((p) => [p.id, personText(p)]),
	]);
	const unit = select('to_unit_id', [
		['', '请选择'],
		...responsibleUnits()
			.filter((u) => u.id !== k.unit_id)
			.map((u) => [u.id, u.name]),
	]);
	const personBox = field('移交给的同事', person);
	const unitBox = field('移交给的单位', unit, '不属本单位职责的，移交有权办理的单位');
	const show = (to) => {
		personBox.hidden = person.disabled = to !== 'person';
		unitBox.hidden = unit.disabled = to !== 'unit';
	};
	const choice = h(
		'fieldset',
		{ class: 'radios' },
		h('legend', {}, '移交给'),
		radio('to', 'person', '本单位同事', true),
		radio('to', 'unit', '其他单位', false),
	);
	choice.addEventListener('change', (ev) => show(ev.target.value));
	show('person');
	return actionForm(
		'移交',
		h(
			'div',
			{},
			choice,
			personBox,
			unitBox,
			field(
				'移交说明',
				textarea('note', 3),
				'已告知群众的事项和移交的材料，2 到 2000 个字',
			),
		),
		'移交',
		(d) => {
			const key = d.to === 'unit' ? 'to_unit_id' : 'to_person_id';
			// none chosen: said beside the control shown, as the server says it
			if (!d[key])
				throw new ApiError(400, {
					errors: [
						{
							field: key,
							code: 'required',
							message: 'is required',
						},
					],
				});
			return act(
				'handover',
				{ [key]: Number(d[key]), note: d.note || '' },
				'已移交',
			);
		},
	);
}

function actions(k, people, done) {
	const out = [];
	const put = (key, entry) => out.push(Object.assign(entry, { key }));
	const act = (path, body, msg) => done(`/contacts/${k.id}/${path}`, body, msg);
	if (can(k, 'done'))
		put(
			'done',
			actionForm(
				'办结',
				field(
					'办结情况',
					textarea('outcome', 3),
					'办理结果和答复群众的情况，2 到 2000 个字',
				),
				'办结',
				(d) => act('done', { outcome: d.outcome || '' }, '已完成'),
			),
		);
	if (can(k, 'handover')) put('handover', handoverForm(k, people, act));
	if (can(k, 'link'))
		put(
			'link',
			actionForm(
				'关联推诿意见',
				field(
					'意见编号',
					h('input', {
						name: 'opinion_id',
						type: 'number',
						min: 1,
						step: 1,
						inputmode: 'numeric',
					}),
					'群众反映推诿、不落实首问的意见，须为反映本单位的意见',
				),
				'关联',
				(d) =>
					act(
						'opinions',
						{
							opinion_id: d.opinion_id
								? Number(d.opinion_id)
								: 0,
						},
						`已关联意见 ${d.opinion_id}`,
					),
			),
		);
	return out;
}

function actionArea(k, people, done) {
	return stepArea(actions(k, people, done), NEXT, {
		hint: () => (role() === 'admin' ? '由纠风办代登记单位办理。' : null),
	});
}

function result(k) {
	if (k.status === 'handed_over')
		return section(
			'移交情况',
			dl([
				['移交给', k.to_person_name || k.to_unit_name],
				['移交说明', k.outcome],
				['移交时间', fmtTime(k.closed_at)],
			]),
		);
	if (k.status === 'done')
		return section(
			'办结情况',
			dl([
				['办结情况', k.outcome],
				['办结时间', fmtTime(k.closed_at)],
			]),
		);
	return null;
}

function opinions(k) {
	if (!k.opinion_ids || !k.opinion_ids.length) return null;
	const reader = ['admin', 'station', 'point', 'leader'].includes(role());
	return section(
		'关联的推诿意见',
		h(
			'ul',
			{},
			k.opinion_ids.map((id) =>
				h(
					'li',
					{},
					reader
						? h('a', { href: `#/opinions/${id}` }, `意见 ${id}`)
						: `意见 ${id}`,
				),
			),
		),
	);
}

export async function contactPage(main, [id]) {
	const [k, people] = await loadRecord(main, async () => {
		const x = await get(`/contacts/${id}`);
		return [x, can(x, 'handover') ? await register(x.unit_id) : []];
	});
	// done or handed over elsewhere meanwhile (409): the entry as it is now
	const done = recordStep(() => contactPage(main, [id]));
	clear(
		main,
		h('p', { class: 'no-print' }, h('a', { href: '#/contacts' }, '← 返回列表')),
		h('h1', {}, `首问登记第 ${k.id} 号：${k.unit_name}`),
		h('div', { class: 'status-line' }, contactBadge(k), overdueBadge(k)),
		h(
			'div',
			{ class: 'cols' },
			h(
				'div',
				{},
				section(
					'登记情况',
					dl([
						['编号', String(k.id)],
						['单位', k.unit_name],
						['首问人', k.person_name],
						[
							'接待方式',
							k.channel_label ||
								label('contactChannel', k.channel),
						],
						['接待时间', fmtTime(k.received_at)],
						['来访人', k.visitor],
						['联系电话', k.visitor_phone],
						[
							'办理时限',
							h(
								'span',
								{},
								k.limit_on,
								k.overdue ? ' ' : null,
								overdueBadge(k),
							),
						],
						[
							'状态',
							k.status_label ||
								label('contactStatus', k.status),
						],
					]),
					h('h3', {}, '群众诉求'),
					h('p', { class: 'pre' }, k.need),
					h('h3', {}, '一次性告知'),
					h('p', { class: 'pre' }, k.told),
				),
				result(k),
				opinions(k),
			),
			actionArea(k, people, done),
		),
	);
}
