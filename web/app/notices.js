// Bulletins as documents (通报): a criticism or a praise with its number, drafted by the
// office, signed off by a leader, issued to the logged-in units or to the public; corrected
// with a reason (the text before is kept and shown), withdrawn with one. The list, the
// office's composer, one notice as the document it is, printed on A4 with its red header
// (红头) or without, and the public's pages of the public notices.

import { h, add, clear, field, select, formData, fmtTime, scrollBox, labelCells } from './dom.js';
import { api, get, post, qs, ApiError } from './api.js';
import { app, role, may, today, flash, onSubmit, responsibleUnits, showError } from './ui.js';
import { section, dl, foldedFilters, loadRecord, recordStep } from './components.js';
import { L, label } from './labels.js';
import { go, focusHeading } from './router.js';
import { actionForm, moreActions, textarea, personText, register } from './problems.js';

// The issuing office, as the directory names it.
function office() {
	const o = [...app.units.values()].find((u) => u.kind === 'office');
	return o ? o.name : label('kind', 'office');
}

// A time of the district as a date in Chinese: 2026年12月8日.
function cnDate(t) {
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(t || '');
	return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : '';
}

const can = (n, action) => Array.isArray(n.actions) && n.actions.includes(action);

// A number another notice has (409): said beside the number, as the field's error.
function numberTaken(e) {
	const taken =
		e instanceof ApiError &&
		e.status === 409 &&
		/^the number .* is another notice's$/.test(e.body.detail || '');
	return taken
		? new ApiError(400, {
				errors: [
					{
						field: 'number',
						code: 'invalid',
						message: e.body.detail,
					},
				],
			})
		: e;
}

function kindBadge(n) {
	return h(
		'span',
		{ class: `badge nk-${n.kind} ${n.kind === 'praise' ? 'ok' : 'bad'}` },
		n.kind_label || label('noticeKind', n.kind),
	);
}

const STATUS_TONE = { draft: 'warn', issued: 'ok', withdrawn: '' };

function statusBadge(n) {
	return h(
		'span',
		{ class: `badge ns-${n.status} ${STATUS_TONE[n.status] || ''}`.trim() },
		n.status_label || label('noticeStatus', n.status),
	);
}

function flagBadge(n) {
	return n.from_flag
		? h('span', { class: 'badge flag', title: '挂牌限时整改的通报' }, '挂牌')
		: null;
}

/* ---- the list ---- */

const HEAD = ['文号', '类别', '标题', '范围', '状态', '签发日期'];
// the public's: issued public notices all
const PUBLIC_HEAD = ['文号', '类别', '标题', '签发日期'];

function noticeRow(n, href, pub) {
	return h(
		'tr',
		{ dataset: { notice: n.id } },
		h('td', {}, n.number || h('span', { class: 'muted' }, '—')),
		h('td', {}, kindBadge(n)),
		h('td', { class: 'text' }, h('a', { href }, n.title), ' ', flagBadge(n)),
		pub ? null : h('td', {}, n.scope_label || label('noticeScope', n.scope)),
		pub ? null : h('td', {}, statusBadge(n)),
		h(
			'td',
			{},
			n.signed_at ? n.signed_at.slice(0, 10) : h('span', { class: 'muted' }, '—'),
		),
	);
}

function noticeTable(items, href, pub = false) {
	const t = h(
		'table',
		{ class: 'cards notices' },
		h(
			'thead',
			{},
			h(
				'tr',
				{},
				(pub ? PUBLIC_HEAD : HEAD).map((x) => h('th', { scope: 'col' }, x)),
			),
		),
		h(
			'tbody',
			{},
			items.map((n) => noticeRow(n, href(n), pub)),
		),
	);
	return h('div', scrollBox(pub ? '公开通报列表' : '通报列表'), labelCells(t));
}

export async function noticeListPage(main, _m, query) {
	const filters = {};
	for (const k of ['status', 'scope', 'kind']) if (query.get(k)) filters[k] = query.get(k);
	const drafts = role() === 'admin' || role() === 'leader';
	const statuses = Object.entries(L.noticeStatus).filter(([k]) => drafts || k !== 'draft');
	const form = h(
		'form',
		{ class: 'filters', role: 'search', 'aria-label': '筛选通报' },
		field('状态', select('status', [['', '全部'], ...statuses], filters.status)),
		field(
			'类别',
			select(
				'kind',
				[['', '全部'], ...Object.entries(L.noticeKind)],
				filters.kind,
			),
		),
		field(
			'范围',
			select(
				'scope',
				[['', '全部'], ...Object.entries(L.noticeScope)],
				filters.scope,
			),
		),
		h('button', { type: 'submit' }, '筛选'),
	);
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		go('#/notices' + qs(formData(form)));
	});
	const { items } = await get('/notices' + qs(filters));
	const waiting = role() === 'leader' ? items.filter((n) => n.status === 'draft').length : 0;
	add(
		main,
		h('h1', {}, '通报'),
		role() === 'admin'
			? h('p', {}, h('a', { class: 'button', href: '#/notices/new' }, '起草通报'))
			: null,
		waiting && !filters.status
			? h(
					'p',
					{ class: 'hint' },
					`有 ${waiting} 份通报草稿待签发。`,
					h(
						'a',
						{ href: '#/notices?status=draft' },
						'只看待签发的草稿',
					),
				)
			: null,
		foldedFilters(form),
		items.length
			? noticeTable(items, (n) => `#/notices/${n.id}`)
			: h('p', { class: 'muted', role: 'status' }, '没有符合条件的通报'),
		items.length
			? h('p', { class: 'muted', role: 'status' }, `共 ${items.length} 份`)
			: null,
	);
}

/* ---- the document ---- */

// The body's paragraphs, as the lines of its text.
function paragraphs(body) {
	return String(body || '')
		.split(/\n+/)
		.map((s) => s.trim())
		.filter(Boolean)
		.map((s) => h('p', {}, s));
}

// The notice as the document it is: the red header with the office and the number and its
// red rule, the title, the body, the office, the signer and the date at the bottom right.
function noticeDoc(n) {
	const withdrawn = n.status === 'withdrawn';
	return h(
		'article',
		{
			class: 'notice-doc' + (withdrawn ? ' withdrawn' : ''),
			'aria-labelledby': 'notice-title',
		},
		withdrawn
			? h(
					'p',
					{ class: 'withdrawn-stamp' },
					`已撤回${n.withdrawn_at ? '（' + cnDate(n.withdrawn_at) + '）' : ''}`,
				)
			: null,
		h(
			'header',
			{ class: 'red-head' },
			h('p', { class: 'issuer' }, `${office()}通报`),
			h(
				'p',
				{ class: 'doc-number' },
				n.number || (n.status === 'draft' ? '（文号待签发时确定）' : ''),
			),
			h('hr', { class: 'red-rule' }),
		),
		h('h1', { id: 'notice-title', class: 'notice-title' }, n.title),
		h('div', { class: 'notice-body' }, paragraphs(n.body)),
		h(
			'footer',
			{ class: 'notice-sign' },
			h('p', {}, office()),
			n.signer ? h('p', { class: 'signer' }, `签发人：${n.signer}`) : null,
			h('p', { class: 'date' }, n.signed_at ? cnDate(n.signed_at) : '（待签发）'),
		),
	);
}

// The notice's subjects: problems linked (for the logged-in), units and people by name.
function subjectList(n, pub) {
	if (!n.subjects || !n.subjects.length) return null;
	const part = (kind, text) => {
		const xs = n.subjects.filter((s) => s.kind === kind);
		if (!xs.length) return null;
		return h(
			'li',
			{},
			`${text}：`,
			xs.map((s, i) => [
				i ? '、' : '',
				kind === 'problem' && !pub && may('problem_read')
					? h(
							'a',
							{ href: `#/problems/${s.id}` },
							`${s.name}（问题 ${s.id}）`,
						)
					: s.name || `${text} ${s.id}`,
			]),
		);
	};
	return h(
		'ul',
		{ class: 'subjects' },
		part('problem', '问题'),
		part('unit', '单位'),
		part('person', '人员'),
	);
}

function info(n, pub) {
	return section(
		'通报信息',
		dl([
			['类别', n.kind_label || label('noticeKind', n.kind)],
			['发布范围', n.scope_label || label('noticeScope', n.scope)],
			['状态', n.status_label || label('noticeStatus', n.status)],
			['文号', n.number],
			['签发人', n.signer],
			['签发时间', fmtTime(n.signed_at)],
			['起草时间', pub ? null : fmtTime(n.drafted_at)],
			['来源', n.from_flag ? '挂牌限时整改' : null],
			['撤回时间', fmtTime(n.withdrawn_at)],
			['撤回理由', n.withdrawn_reason],
			['通报对象', subjectList(n, pub)],
		]),
	);
}

// What a correction changed: the text before it against the one after (the next
// correction's "before", or the notice as it is now).
function changes(before, after, names) {
	const out = [];
	const b = before || {};
	for (const [k, text] of [
		['number', '文号'],
		['title', '标题'],
	])
		if ((b[k] || '') !== (after[k] || ''))
			out.push(
				h(
					'li',
					{},
					`${text}：“${b[k] || '（无）'}” 改为 “${after[k] || '（无）'}”`,
				),
			);
	if (b.kind && b.kind !== after.kind)
		out.push(
			h(
				'li',
				{},
				`类别：${label('noticeKind', b.kind)} 改为 ${label('noticeKind', after.kind)}`,
			),
		);
	if (b.scope && b.scope !== after.scope)
		out.push(
			h(
				'li',
				{},
				`发布范围：${label('noticeScope', b.scope)} 改为 ${label('noticeScope', after.scope)}`,
			),
		);
	const bs = b.subjects || {};
	const as = after.subjects || {};
	for (const [k, text] of [
		['problems', '问题'],
		['units', '单位'],
		['people', '人员'],
	]) {
		const was = (bs[k] || []).map(String);
		const now = (as[k] || []).map(String);
		const name = (id) => names.get(`${k}:${id}`) || `${text} ${id}`;
		const added = now.filter((x) => !was.includes(x)).map(name);
		const gone = was.filter((x) => !now.includes(x)).map(name);
		if (added.length) out.push(h('li', {}, `通报对象增加${text}：${added.join('、')}`));
		if (gone.length) out.push(h('li', {}, `通报对象删去${text}：${gone.join('、')}`));
	}
	const body =
		b.body !== undefined && b.body !== after.body
			? h(
					'details',
					{},
					h('summary', {}, '正文有修改，查看更正前的正文'),
					h('p', { class: 'pre' }, b.body),
				)
			: null;
	return [
		out.length ? h('ul', { class: 'changes' }, out) : null,
		body,
		!out.length && !body ? h('p', { class: 'muted' }, '内容未变。') : null,
	];
}

const SUBJECT_KEYS = { problem: 'problems', unit: 'units', person: 'people' };

// The notice's text now, as a correction's "before" gives it.
function textNow(n) {
	const subjects = { problems: [], units: [], people: [] };
	for (const s of n.subjects || []) subjects[SUBJECT_KEYS[s.kind]].push(s.id);
	return {
		kind: n.kind,
		number: n.number,
		title: n.title,
		body: n.body,
		scope: n.scope,
		subjects,
	};
}

function corrections(n) {
	const list = n.corrections || [];
	if (!list.length) return null;
	const names = new Map(
		(n.subjects || []).map((s) => [`${SUBJECT_KEYS[s.kind]}:${s.id}`, s.name]),
	);
	return h(
		'section',
		{ class: 'card corrections no-print', 'aria-labelledby': 'corrections-title' },
		h('h2', { id: 'corrections-title' }, `更正记录（${list.length} 次）`),
		h(
			'ol',
			{},
			list.map((c, i) =>
				h(
					'li',
					{},
					h(
						'p',
						{},
						h('strong', {}, fmtTime(c.at)),
						' 更正理由：',
						c.reason,
					),
					changes(
						c.before,
						i + 1 < list.length
							? list[i + 1].before
							: textNow(n),
						names,
					),
				),
			),
		),
	);
}

// Above the document: its marks, the print button and the choice of the red header.
function toolbar(n, doc) {
	const red = h('input', { type: 'checkbox', id: 'notice-red-head', checked: true });
	red.addEventListener('change', () => doc.classList.toggle('plain', !red.checked));
	return h(
		'div',
		{ class: 'status-line no-print' },
		kindBadge(n),
		statusBadge(n),
		h('span', { class: 'badge' }, n.scope_label || label('noticeScope', n.scope)),
		flagBadge(n),
		h(
			'span',
			{ class: 'print-tools' },
			h('label', { class: 'inline', for: red.id }, red, '红头'),
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
	);
}

function withdrawnNote(n) {
	if (n.status !== 'withdrawn') return null;
	return h(
		'div',
		{ class: 'withdrawn-note no-print', role: 'note' },
		h('strong', {}, '本通报已撤回'),
		n.withdrawn_at ? `（${fmtTime(n.withdrawn_at)}）` : '',
		'。撤回理由：',
		n.withdrawn_reason || '—',
	);
}

/* ---- the steps ---- */

function signForm(n, act) {
	return actionForm(
		'签发',
		h(
			'div',
			{},
			field(
				'文号',
				h('input', {
					name: 'number',
					maxlength: 50,
					value: n.number || '',
					autocomplete: 'off',
				}),
				`如 ${office()}〔${today().slice(0, 4)}〕1号；不能与其他通报重复`,
			),
			field(
				'签发人',
				h('input', {
					name: 'signer',
					maxlength: 30,
					value: app.user.display_name || '',
					autocomplete: 'off',
				}),
				'印在通报落款处',
			),
			h(
				'p',
				{ class: 'hint' },
				n.scope === 'public'
					? '签发后即在公开通报页向社会发布。'
					: '签发后各单位登录即可查看。',
			),
		),
		'签发',
		(d) => {
			const b = {};
			if (d.number) b.number = d.number.trim();
			if (d.signer) b.signer = d.signer.trim();
			return act('sign', b, '已签发');
		},
	);
}

function withdrawForm(n, act) {
	return actionForm(
		'撤回',
		h(
			'div',
			{},
			h(
				'p',
				{ class: 'muted' },
				n.scope === 'public'
					? '撤回后不再在公开通报页显示。'
					: '撤回后标明“已撤回”。',
			),
			field('撤回理由', textarea('reason', 3), '至少 5 个字'),
		),
		'撤回',
		(d) => act('withdraw', { reason: d.reason || '' }, '已撤回'),
		{ danger: true },
	);
}

// The next step: the leader's sign-off, or the office's edit or correction (a page of its
// own); the withdrawal under 更多操作.
function actionArea(n, done) {
	const act = (path, body, msg) => done(`/notices/${n.id}/${path}`, body, msg);
	const rest = [];
	if (can(n, 'withdraw')) rest.push(Object.assign(withdrawForm(n, act), { key: 'withdraw' }));
	const box = h(
		'section',
		{ class: 'card next-step', 'aria-labelledby': 'next-step-title' },
		h('h2', { id: 'next-step-title' }, '下一步'),
	);
	if (can(n, 'sign')) {
		const f = signForm(n, act);
		f.submit.className = 'primary';
		add(box, f.form);
	} else if (can(n, 'edit') || can(n, 'correct')) {
		const edit = can(n, 'edit');
		add(
			box,
			h(
				'p',
				{ class: 'muted' },
				edit
					? '草稿待区领导签发，签发前可修改。'
					: '已签发的通报如有错漏，可说明理由后更正。',
			),
			h(
				'p',
				{},
				h(
					'a',
					{ class: 'button primary', href: `#/notices/${n.id}/edit` },
					edit ? '编辑草稿' : '更正',
				),
			),
		);
	} else
		add(
			box,
			h(
				'p',
				{ class: 'muted' },
				rest.length
					? '当前没有需要您办理的主要事项；其他操作见“更多操作”。'
					: n.status === 'draft'
						? '草稿待区领导签发。'
						: '当前没有需要您办理的事项。',
			),
		);
	return h(
		'aside',
		{ class: 'actions', id: 'actions', 'aria-label': '办理操作' },
		box,
		moreActions(rest),
	);
}

function drawNotice(main, n, { pub = false, back, side }) {
	const doc = noticeDoc(n);
	main.classList.add('notice-view');
	clear(
		main,
		h('p', { class: 'no-print' }, back),
		toolbar(n, doc),
		withdrawnNote(n),
		h(
			'div',
			{ class: 'cols' },
			h('div', {}, doc, corrections(n)),
			h('div', { class: 'no-print' }, side, info(n, pub)),
		),
	);
}

export async function noticePage(main, [id]) {
	const n = await get(`/notices/${id}`);
	// signed or withdrawn elsewhere meanwhile: the notice as it is now; a number another
	// notice has is a field error
	const done = recordStep(() => noticePage(main, [id]), {
		changed: (e) => /^the notice is /.test(e.body.detail || ''),
		mapError: numberTaken,
	});
	drawNotice(main, n, {
		back: h('a', { href: '#/notices' }, '← 返回通报列表'),
		side: actionArea(n, done),
	});
}

/* ---- the composer ---- */

// A list of subjects picked, each with its button to take it out again.
function chips(name, describe) {
	const list = h('ul', { class: 'subject-list', 'aria-label': name });
	const ids = new Map(); // id → text
	const draw = () => {
		clear(
			list,
			[...ids].map(([id, text]) => {
				const rm = h(
					'button',
					{
						type: 'button',
						class: 'secondary small',
						'aria-label': `删除 ${text}`,
					},
					'删除',
				);
				rm.addEventListener('click', () => {
					ids.delete(id);
					draw();
				});
				return h('li', { dataset: { id } }, h('span', {}, text), ' ', rm);
			}),
		);
		if (!ids.size) add(list, h('li', { class: 'muted' }, describe));
	};
	draw();
	return {
		el: list,
		put: (id, text) => {
			ids.set(Number(id), text);
			draw();
		},
		ids: () => [...ids.keys()],
	};
}

// A field's own message beside it, as the server's would be.
function say(control, text) {
	const slot = document.getElementById(control.id + '-err');
	if (slot) slot.textContent = text;
	if (text) control.setAttribute('aria-invalid', 'true');
	else control.removeAttribute('aria-invalid');
}

function subjectsBox(n) {
	const units = responsibleUnits();
	const had = new Map();
	for (const s of (n && n.subjects) || []) had.set(`${s.kind}:${s.id}`, s.name);
	// units: a box each
	const unitBoxes = h(
		'div',
		{ class: 'unit-checks' },
		units.map((u) =>
			h(
				'label',
				{ class: 'inline' },
				h('input', {
					type: 'checkbox',
					value: u.id,
					checked: had.has(`unit:${u.id}`),
				}),
				u.name,
			),
		),
	);
	// problems: by number, checked with the server
	const problems = chips('通报的问题', '未选择问题');
	for (const s of (n && n.subjects) || [])
		if (s.kind === 'problem') problems.put(s.id, `问题 ${s.id}：${s.name}`);
	const pid = h('input', {
		type: 'number',
		min: 1,
		step: 1,
		inputmode: 'numeric',
		id: 'notice-problem-id',
	});
	const addProblem = h('button', { type: 'button', class: 'secondary' }, '添加问题');
	const takeProblem = async () => {
		const id = Number(pid.value);
		if (!id) return say(pid, '请输入问题编号');
		try {
			const p = await get(`/problems/${id}`);
			problems.put(p.id, `问题 ${p.id}：${p.title}`);
			pid.value = '';
			say(pid, '');
		} catch (e) {
			if (!(e instanceof ApiError) || e.status !== 404) throw e;
			say(pid, `问题 ${id} 不存在`);
		}
	};
	addProblem.addEventListener('click', () => takeProblem().catch(showError));
	pid.addEventListener('keydown', (ev) => {
		if (ev.key !== 'Enter') return;
		ev.preventDefault();
		takeProblem().catch(showError);
	});
	// people: a unit, then a person of its register
	const people = chips('通报的人员', '未选择人员');
	for (const s of (n && n.subjects) || []) if (s.kind === 'person') people.put(s.id, s.name);
	const unit = select('', [['', '请选择'], ...units.map((u) => [u.id, u.name])], '', {
		id: 'notice-person-unit',
	});
	const person = h(
		'select',
		{ id: 'notice-person' },
		h('option', { value: '' }, '请先选择单位'),
	);
	unit.addEventListener('change', async () => {
		const id = unit.value;
		let xs = [];
		if (id)
			try {
				xs = await register(id);
			} catch (e) {
				showError(e);
			}
		if (unit.value !== id) return;
		const name = units.find((u) => String(u.id) === id)?.name || '';
		clear(
			person,
			h('option', { value: '' }, id ? '请选择' : '请先选择单位'),
			xs.map((p) =>
				h(
					'option',
					{ value: p.id, dataset: { text: `${p.name}（${name}）` } },
					personText(p),
				),
			),
		);
	});
	const addPerson = h('button', { type: 'button', class: 'secondary' }, '添加人员');
	addPerson.addEventListener('click', () => {
		const o = person.selectedOptions[0];
		if (!o || !o.value) return say(person, '请选择人员');
		say(person, '');
		people.put(o.value, o.dataset.text);
	});
	const box = h(
		'fieldset',
		{ class: 'notice-subjects' },
		h('legend', {}, '通报对象（可选）'),
		h(
			'fieldset',
			{ class: 'radios' },
			h('legend', {}, '单位'),
			unitBoxes,
			h('input', {
				type: 'hidden',
				name: 'subjects.units',
				id: 'notice-subject-units',
			}),
			h('div', {
				class: 'field-error',
				id: 'notice-subject-units-err',
				role: 'alert',
			}),
		),
		h('h3', { class: 'sub' }, '问题'),
		problems.el,
		h('div', { class: 'picker-row' }, field('问题编号', pid), addProblem),
		h('h3', { class: 'sub' }, '人员'),
		people.el,
		h(
			'div',
			{ class: 'picker-row' },
			field('人员所在单位', unit),
			field('人员', person),
			addPerson,
		),
	);
	return {
		el: box,
		read: () => ({
			problems: problems.ids(),
			units: [...unitBoxes.querySelectorAll('input:checked')].map((c) =>
				Number(c.value),
			),
			people: people.ids(),
		}),
	};
}

function radios(name, legend, map, value, hints = {}) {
	return h(
		'fieldset',
		{ class: 'radios' },
		h('legend', {}, legend),
		Object.entries(map).map(([k, text]) =>
			h(
				'label',
				{ class: 'inline' },
				h('input', { type: 'radio', name, value: k, checked: k === value }),
				hints[k] ? `${text}（${hints[k]}）` : text,
			),
		),
	);
}

export async function noticeEditPage(main, [id]) {
	const n = id ? await get(`/notices/${id}`) : null;
	const correcting = !!n && n.status !== 'draft';
	if (n && !can(n, correcting ? 'correct' : 'edit')) {
		add(
			main,
			h('p', {}, h('a', { href: `#/notices/${n.id}` }, '← 返回通报')),
			h('h1', {}, '此通报不能修改'),
			h(
				'p',
				{},
				`通报处于“${n.status_label || label('noticeStatus', n.status)}”状态，不能修改。`,
			),
		);
		return;
	}
	const title = !n ? '起草通报' : correcting ? '更正通报' : '编辑通报草稿';
	const subjects = subjectsBox(n);
	const form = h(
		'form',
		{ class: 'card notice-form', novalidate: true, 'aria-label': title },
		correcting
			? h(
					'p',
					{ class: 'hint' },
					'更正后原文保留在更正记录中，各单位和公众看到的是更正后的通报。',
				)
			: null,
		radios('kind', '类别', L.noticeKind, n ? n.kind : 'criticism'),
		radios('scope', '发布范围', L.noticeScope, n ? n.scope : 'internal', {
			internal: '仅登录用户可见',
			public: '签发后在公开通报页发布',
		}),
		field(
			'文号（可选）',
			h('input', {
				name: 'number',
				maxlength: 50,
				value: (n && n.number) || '',
				autocomplete: 'off',
			}),
			`如 ${office()}〔${today().slice(0, 4)}〕1号；也可在签发时填写`,
		),
		field(
			'标题',
			h('input', {
				name: 'title',
				maxlength: 100,
				value: (n && n.title) || '',
				autocomplete: 'off',
			}),
			'2 到 100 个字',
		),
		field(
			'正文',
			textarea('body', 14, { maxlength: 20000, value: (n && n.body) || '' }),
			'10 到 20000 个字；每段另起一行',
		),
		subjects.el,
		correcting ? field('更正理由', textarea('reason', 3), '至少 5 个字') : null,
		h(
			'div',
			{ class: 'form-buttons' },
			h('button', { type: 'submit' }, correcting ? '提交更正' : '保存草稿'),
			h(
				'a',
				{
					class: 'button secondary',
					href: n ? `#/notices/${n.id}` : '#/notices',
				},
				'取消',
			),
		),
	);
	onSubmit(form, async () => {
		const d = formData(form);
		const b = {
			kind: d.kind,
			scope: d.scope,
			title: d.title || '',
			body: d.body || '',
			subjects: subjects.read(),
		};
		if (d.number) b.number = d.number.trim();
		if (correcting) b.reason = d.reason || '';
		try {
			if (!n) {
				const made = await post('/notices', b);
				go(`#/notices/${made.id}`, '已保存通报草稿，待区领导签发');
				return;
			}
			await api('PATCH', `/notices/${n.id}`, b);
		} catch (e) {
			throw numberTaken(e);
		}
		go(`#/notices/${n.id}`, correcting ? '已更正通报' : '已保存通报草稿');
	});
	add(
		main,
		h(
			'p',
			{ class: 'no-print' },
			h(
				'a',
				{ href: n ? `#/notices/${n.id}` : '#/notices' },
				n ? '← 返回通报' : '← 返回通报列表',
			),
		),
		h('h1', {}, title),
		form,
	);
}

/* ---- the public's pages ---- */

export async function publicNoticesPage(main, [id]) {
	if (id) {
		const n = await get(`/public/notices/${id}`);
		drawNotice(main, n, {
			pub: true,
			back: h('a', { href: '#/public/notices' }, '← 公开通报'),
			side: null,
		});
		return;
	}
	const { items } = await get('/public/notices');
	add(
		main,
		h('h1', {}, '公开通报'),
		h(
			'p',
			{ class: 'muted' },
			`${office()}签发的公开通报。挂牌限时整改的进展见`,
			h('a', { href: '#/public/bulletins' }, '通报挂牌'),
			'。',
		),
		items.length
			? noticeTable(items, (n) => `#/public/notices/${n.id}`, true)
			: h('p', { class: 'muted', role: 'status' }, '暂无公开通报'),
	);
}
