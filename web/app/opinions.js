// Opinions (form 1): fast entry at a point, the inbox of a station or the
// office with merging into problems (form 2), and one opinion's page.

import { h, clear, field, select, optionsOf, formData, fmtTime, add } from './dom.js';
import { get, post, qs, all } from './api.js';
import {
	app,
	role,
	nowLocal,
	districtTime,
	unitName,
	responsibleUnits,
	currentCampaign,
	flash,
	onSubmit,
	showError,
} from './ui.js';
import { pagedTable, section, dl, foldedFilters } from './components.js';
import { receiptSheet } from './public.js';
import { L, label } from './labels.js';
import { go } from './router.js';

function collectingUnits() {
	const me = app.user.unit_id;
	const all = [...app.units.values()].filter(
		(u) => u.kind === 'point' || u.kind === 'station',
	);
	if (role() === 'station') return all.filter((u) => u.id === me || u.parent_id === me);
	return all;
}

function unitPicker(name, value, label_) {
	// A filter box narrows the long list of units; the select stays the control.
	const units = responsibleUnits();
	const sel = select(
		name,
		[
			['', '请选择'],
			...units.map((u) => [u.id, `${u.name}（${label('kind', u.kind)}）`]),
		],
		value,
		{ required: true },
	);
	const find = h('input', {
		type: 'search',
		placeholder: '输入名称筛选',
		'aria-label': label_ + '筛选',
	});
	find.addEventListener('input', () => {
		const q = find.value.trim();
		let first = null;
		for (const o of sel.options) {
			o.hidden = q && o.value && !o.textContent.includes(q);
			if (!o.hidden && o.value && !first) first = o;
		}
		if (q && first) sel.value = first.value;
	});
	find.addEventListener('keydown', (ev) => {
		if (ev.key === 'Enter') {
			ev.preventDefault();
			sel.focus();
		}
	});
	const f = field(label_, sel);
	f.insertBefore(find, sel);
	return f;
}

// The receipt the opinion giver keeps, as the public gets it online, with the point
// that took the opinion.
function receiptBox(o) {
	return receiptSheet({
		receipt: o.receipt,
		office: o.point_id ? unitName(o.point_id) : null,
		channel: label('channel', o.channel),
		unit: unitName(o.target_unit_id),
		dimension: label('dimension', o.dimension),
		received_at: o.received_at,
		content: o.content,
	});
}

export async function opinionEntryPage(main) {
	const camp = currentCampaign();
	const points = collectingUnits();
	const last = JSON.parse(sessionStorage.getItem('entry-sticky') || '{}');
	const result = h('div', { class: 'receipt-slot' });
	const form = h(
		'form',
		{ class: 'card entry', novalidate: true, 'aria-label': '征求意见表' },
		h(
			'div',
			{ class: 'grid' },
			app.campaigns.length > 1
				? field(
						'评议活动',
						select(
							'campaign_id',
							app.campaigns.map((c) => [c.id, c.name]),
							last.campaign_id || (camp && camp.id),
						),
					)
				: null,
			role() !== 'point'
				? field(
						'收集单位（监测站/点）',
						select(
							'point_id',
							points.map((u) => [u.id, u.name]),
							last.point_id || app.user.unit_id,
						),
					)
				: null,
			unitPicker('target_unit_id', last.target_unit_id, '被评议单位'),
			h(
				'fieldset',
				{ class: 'field' },
				h('legend', {}, '类别'),
				Object.entries(L.dimension).map(([v, t]) =>
					h(
						'label',
						{ class: 'inline' },
						h('input', {
							type: 'radio',
							name: 'dimension',
							value: v,
							checked:
								v === (last.dimension || 'conduct'),
						}),
						t,
					),
				),
			),
			field(
				'意见来源',
				select('source', optionsOf(L.source), last.source || 'public'),
			),
			field(
				'征求方式',
				select('channel', optionsOf(L.channel), last.channel || 'form'),
			),
			field(
				'收到时间',
				h('input', {
					type: 'datetime-local',
					name: 'received_at',
					value: nowLocal(),
				}),
			),
		),
		field(
			'意见内容',
			h('textarea', {
				name: 'content',
				rows: 5,
				required: true,
				maxlength: 2000,
			}),
			'Ctrl+Enter 保存',
		),
		h(
			'div',
			{ class: 'grid' },
			field(
				'意见提供人姓名（可选）',
				h('input', {
					name: 'submitter_name',
					maxlength: 50,
					autocomplete: 'off',
				}),
			),
			field(
				'联系电话（可选）',
				h('input', {
					name: 'submitter_phone',
					type: 'tel',
					maxlength: 20,
					autocomplete: 'off',
					inputmode: 'tel',
				}),
			),
		),
		h(
			'p',
			{ class: 'muted' },
			'意见提供人姓名和电话只有纠风办、监测站和本监测点可见，责任单位看不到。',
		),
		h('button', { type: 'submit' }, '保存并出具回执'),
	);
	form.content.addEventListener('keydown', (ev) => {
		if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) form.requestSubmit();
	});
	onSubmit(form, async () => {
		const d = formData(form);
		const b = {
			target_unit_id: Number(d.target_unit_id) || 0,
			dimension: d.dimension,
			source: d.source,
			channel: d.channel,
			content: d.content || '',
		};
		if (d.campaign_id) b.campaign_id = Number(d.campaign_id);
		else if (camp) b.campaign_id = camp.id;
		if (d.point_id) b.point_id = Number(d.point_id);
		if (d.received_at) b.received_at = districtTime(d.received_at);
		if (d.submitter_name) b.submitter_name = d.submitter_name;
		if (d.submitter_phone) b.submitter_phone = d.submitter_phone;
		if (!b.target_unit_id) {
			flash('请选择被评议单位', 'error');
			form.target_unit_id.focus();
			return;
		}
		const o = await post('/opinions', b);
		sessionStorage.setItem(
			'entry-sticky',
			JSON.stringify({
				campaign_id: d.campaign_id,
				point_id: d.point_id,
				target_unit_id: d.target_unit_id,
				dimension: d.dimension,
				source: d.source,
				channel: d.channel,
			}),
		);
		clear(result, receiptBox(o));
		main.classList.add('receipt-only');
		flash(`已保存，回执号 ${o.receipt}`);
		form.content.value = '';
		form.submitter_name.value = '';
		form.submitter_phone.value = '';
		form.received_at.value = nowLocal();
		form.content.focus();
	});
	add(
		main,
		h('h1', {}, '录入征求意见表（表1）'),
		camp
			? h('p', { class: 'muted' }, '评议活动：' + camp.name)
			: h('p', { class: 'flash error' }, '尚未设立评议活动，请联系纠风办。'),
		h('div', { class: 'cols' }, form, result),
	);
	form.querySelector('input[type=search]').focus();
}

/* ---- the inbox ---- */

function truncate(s, n) {
	return s.length > n ? s.slice(0, n) + '…' : s;
}

// Where a shortened text may end: the end of a clause or a space.
const CLAUSE_END = /[。；，！？;,!?\s]/u;
const TRAILING = /[\s。；，、：！？;,:!?…]+$/u;

// The start of @p text, at most @p max characters, ending where a clause ends (the last
// 。；，！？ or space within the limit), so that no word is cut; cut: whether text was left
// out. Without such an end within the limit, the first clause, when it is not much
// longer; else the first @p max characters and an ellipsis.
export function clauseCut(text, max) {
	const chars = [
		...String(text || '')
			.replace(/\s+/g, ' ')
			.trim(),
	];
	const whole = chars.join('').replace(TRAILING, '');
	if (chars.length <= max) return { text: whole, cut: false };
	const min = Math.ceil(max / 4);
	for (let i = max; i >= min; i--)
		if (CLAUSE_END.test(chars[i]))
			return {
				text: chars.slice(0, i).join('').replace(TRAILING, ''),
				cut: true,
			};
	for (let i = max + 1; i < Math.min(chars.length, 2 * max); i++)
		if (CLAUSE_END.test(chars[i]))
			return {
				text: chars.slice(0, i).join('').replace(TRAILING, ''),
				cut: true,
			};
	return { text: chars.slice(0, max).join('') + '…', cut: true };
}

// The title a problem made of opinions starts with: the first one's opening clauses.
export function suggestTitle(content) {
	return clauseCut(content, 30).text;
}

function quote(content) {
	const c = clauseCut(content, 40);
	return `“${c.text}${c.cut && !c.text.endsWith('…') ? '……' : ''}”`;
}

// The states a problem takes more opinions in: all but 已销号.
const MERGEABLE = Object.keys(L.problemStatus)
	.filter((s) => s !== 'closed')
	.join(',');

function problemLine(p) {
	return [`问题 ${p.id}`, unitName(p.target_unit_id), p.title];
}

let pickerSeq = 0;

// A combobox over the problems @p load() gives: the words typed are looked for in each
// problem's number, 被评议单位 (and 承办单位) and title; ↓ and ↑ move in the list, Enter
// chooses, Escape closes it. @p first(p) says which problems come first (the chosen
// opinions' unit); onChoose(p) is told the problem chosen, or null when the text changes.
function problemPicker(load, first, onChoose) {
	const n = ++pickerSeq;
	const input = h('input', {
		type: 'text',
		role: 'combobox',
		'aria-autocomplete': 'list',
		'aria-expanded': 'false',
		'aria-controls': `picker${n}-list`,
		autocomplete: 'off',
		spellcheck: 'false',
		placeholder: '输入问题编号、单位或标题中的字词',
	});
	const list = h('ul', {
		id: `picker${n}-list`,
		class: 'picker-list',
		role: 'listbox',
		'aria-label': '可并入的问题',
		hidden: true,
		// a click in the list (its scroll bar too) leaves the focus in the box
		onmousedown: (ev) => ev.preventDefault(),
	});
	const note = h('p', { class: 'hint', role: 'status' });
	let items = null;
	let shown = [];
	let active = -1;
	let chosen = null;

	function matches(q) {
		const words = q.toLowerCase().replace(/[#＃]/g, ' ').split(/\s+/).filter(Boolean);
		const hits = items.filter((p) => {
			const hay = [
				`问题${p.id}`,
				String(p.id),
				unitName(p.target_unit_id),
				p.unit_id && p.unit_id !== p.target_unit_id
					? unitName(p.unit_id)
					: '',
				p.title,
			]
				.join(' ')
				.toLowerCase();
			return words.every((w) => hay.includes(w));
		});
		const rank = (p) => (words.includes(String(p.id)) ? 0 : first(p) ? 1 : 2);
		return hits.sort((a, b) => rank(a) - rank(b) || b.id - a.id);
	}
	function setActive(i) {
		active = i;
		[...list.children].forEach((li, k) =>
			li.setAttribute('aria-selected', String(k === i)),
		);
		if (i >= 0) {
			input.setAttribute('aria-activedescendant', list.children[i].id);
			list.children[i].scrollIntoView({ block: 'nearest' });
		} else input.removeAttribute('aria-activedescendant');
	}
	function close() {
		list.hidden = true;
		input.setAttribute('aria-expanded', 'false');
		setActive(-1);
	}
	async function open() {
		if (!items) {
			note.textContent = '正在加载问题…';
			try {
				items = await load();
			} catch (e) {
				note.textContent = '';
				showError(e);
				return;
			}
		}
		const all = matches(input.value.trim());
		shown = all.slice(0, 30);
		clear(
			list,
			shown.map((p, k) =>
				h(
					'li',
					{
						id: `picker${n}-${p.id}`,
						role: 'option',
						'aria-selected': 'false',
						dataset: { id: p.id },
						onclick: () => choose(k),
					},
					h('span', { class: 'pid' }, `问题 ${p.id}`),
					h('span', { class: 'unit' }, unitName(p.target_unit_id)),
					h('span', { class: 'ptitle' }, p.title),
					h(
						'span',
						{ class: 'badge st-' + p.status },
						label('problemStatus', p.status),
					),
				),
			),
		);
		list.hidden = !shown.length;
		input.setAttribute('aria-expanded', String(!!shown.length));
		note.textContent = !all.length
			? input.value.trim()
				? '没有找到符合的问题（已销号的问题不能并入）'
				: '本次评议活动还没有可并入的问题'
			: all.length > shown.length
				? `找到 ${all.length} 个问题，显示前 ${shown.length} 个，可输入更多字词缩小范围`
				: `找到 ${all.length} 个问题，按 ↓ 选择`;
		setActive(-1);
	}
	function choose(k) {
		chosen = shown[k];
		input.value = problemLine(chosen).join(' · ');
		close();
		note.textContent = `已选择问题 ${chosen.id}`;
		onChoose(chosen);
	}
	input.addEventListener('input', () => {
		if (chosen) {
			chosen = null;
			onChoose(null);
		}
		open();
	});
	input.addEventListener('focus', () => {
		if (!chosen) open();
	});
	input.addEventListener('keydown', (ev) => {
		const isOpen = !list.hidden;
		if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
			ev.preventDefault();
			if (!isOpen) return void open();
			const d = ev.key === 'ArrowDown' ? 1 : -1;
			setActive(
				(active + d + shown.length + (active < 0 && d < 0 ? 1 : 0)) %
					shown.length,
			);
		} else if (ev.key === 'Enter' && isOpen && active >= 0) {
			ev.preventDefault();
			choose(active);
		} else if (ev.key === 'Escape' && isOpen) {
			ev.preventDefault();
			close();
		}
	});
	input.addEventListener('blur', close);
	const f = field('查找问题（编号、单位或标题）', input);
	f.classList.add('picker');
	f.insertBefore(list, f.querySelector('.field-error'));
	f.insertBefore(note, list);
	return { el: f, input, chosen: () => chosen };
}

export async function opinionListPage(main, _m, query) {
	const staff = role() === 'admin' || role() === 'station';
	const filters = {};
	for (const k of [
		'status',
		'target_unit_id',
		'dimension',
		'source',
		'channel',
		'point_id',
		'campaign_id',
		'problem_id',
	])
		if (query.get(k)) filters[k] = query.get(k);
	if (staff && !query.has('status')) filters.status = 'received';
	if (filters.status === 'all') delete filters.status;
	const selected = new Map(); // id → opinion
	const panel = h('div', { class: 'merge-panel' });
	// The open problems of each campaign, loaded once for the merge form's picker.
	const problems = new Map();
	const problemsOf = (campaign) => {
		if (!problems.has(campaign))
			problems.set(
				campaign,
				all('/problems', {
					campaign_id: campaign,
					status: MERGEABLE,
				}).catch((e) => {
					problems.delete(campaign);
					throw e;
				}),
			);
		return problems.get(campaign);
	};
	const form = h(
		'form',
		{ class: 'filters', role: 'search', 'aria-label': '筛选意见' },
		field(
			'状态',
			select(
				'status',
				[['all', '全部'], ...optionsOf(L.opinionStatus)],
				filters.status || 'all',
			),
		),
		field(
			'被评议单位',
			select(
				'target_unit_id',
				[['', '全部'], ...responsibleUnits().map((u) => [u.id, u.name])],
				filters.target_unit_id,
			),
		),
		field(
			'类别',
			select('dimension', optionsOf(L.dimension, '全部'), filters.dimension),
		),
		field('来源', select('source', optionsOf(L.source, '全部'), filters.source)),
		field('方式', select('channel', optionsOf(L.channel, '全部'), filters.channel)),
		h('button', { type: 'submit' }, '筛选'),
	);
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		go('#/opinions' + qs(formData(form)));
	});
	const head = [
		staff ? '选择' : null,
		'编号',
		'收到时间',
		'被评议单位',
		'类别',
		'来源',
		'内容',
		'状态',
	].filter(Boolean);
	const row = (o) =>
		h(
			'tr',
			{},
			staff
				? h(
						'td',
						{},
						h('input', {
							type: 'checkbox',
							'aria-label': `选择意见 ${o.id}`,
							disabled: o.status !== 'received',
							checked: selected.has(o.id),
							dataset: { id: o.id },
							onchange: (ev) => {
								if (ev.target.checked)
									selected.set(o.id, o);
								else selected.delete(o.id);
								renderPanel();
							},
						}),
					)
				: null,
			h('td', {}, h('a', { href: `#/opinions/${o.id}` }, String(o.id))),
			h('td', {}, fmtTime(o.received_at)),
			h('td', {}, unitName(o.target_unit_id)),
			h('td', {}, label('dimension', o.dimension)),
			h('td', {}, label('source', o.source), ' · ', label('channel', o.channel)),
			h('td', { class: 'content' }, truncate(o.content, 60)),
			h(
				'td',
				{},
				label('opinionStatus', o.status),
				o.problem_id
					? [
							' → ',
							h(
								'a',
								{
									href: `#/problems/${o.problem_id}`,
								},
								`问题 ${o.problem_id}`,
							),
						]
					: null,
			),
		);
	const t = pagedTable('/opinions', filters, head, row, '没有符合条件的意见', '意见列表');

	// The bar of what can be done with the opinions ticked: it shows as soon as one is,
	// kept in sight at the foot of the window, and its count is read out as it changes.
	const count = h('p', { class: 'bulk-count', role: 'status' });
	const toSummary = h('button', { type: 'button' }, '汇总为问题');
	const toMerge = h('button', { type: 'button', class: 'secondary' }, '并入已有问题');
	const unselect = h('button', { type: 'button', class: 'secondary' }, '取消选择');
	const actions = h(
		'div',
		{ class: 'bulk-actions', hidden: true },
		toSummary,
		toMerge,
		unselect,
	);
	const bar = h(
		'div',
		{ class: 'bulk-bar idle', role: 'region', 'aria-label': '所选意见的操作' },
		count,
		actions,
	);
	const jump = (sel) => {
		const el = panel.querySelector(sel);
		if (!el) return;
		el.scrollIntoView({ block: 'center' });
		el.focus();
	};
	toSummary.addEventListener('click', () =>
		jump('form[aria-label="汇总为问题"] [name=title], .merge-panel .flash.error'),
	);
	toMerge.addEventListener('click', () =>
		jump('form[aria-label="并入已有问题"] [role=combobox]'),
	);
	unselect.addEventListener('click', () => {
		selected.clear();
		for (const box of t.tbody.querySelectorAll('input[type=checkbox]'))
			box.checked = false;
		renderPanel();
		t.el.querySelector('.table-wrap').focus();
	});
	function renderBar() {
		const n = selected.size;
		bar.classList.toggle('idle', !n);
		actions.hidden = !n;
		const units = new Set([...selected.values()].map((o) => o.target_unit_id));
		toSummary.disabled = units.size > 1;
		toSummary.title = units.size > 1 ? '所选意见反映的不是同一个单位' : '';
		count.textContent = n
			? `已选 ${n} 条意见` +
				(units.size > 1
					? `，涉及 ${units.size} 个单位`
					: `，反映${unitName([...units][0])}`)
			: '未选择意见：勾选意见后，可汇总为问题或并入已有问题';
	}
	renderBar();

	let panelSeq = 0;
	async function renderPanel() {
		const mine = ++panelSeq;
		renderBar();
		clear(panel);
		if (!selected.size) return;
		const ops = [...selected.values()];
		const units = new Set(ops.map((o) => o.target_unit_id));
		const first = ops[0];
		add(panel, h('h2', {}, `已选 ${ops.length} 条意见`));
		const mf =
			units.size > 1
				? h(
						'p',
						{ class: 'flash error', tabindex: '-1' },
						'所选意见反映的不是同一个单位，不能汇总为一个问题；可以并入已有问题，或分别汇总。',
					)
				: summaryForm(ops, first);
		const into = mergeForm(ops, first);
		const rej = h(
			'form',
			{ class: 'card', novalidate: true, 'aria-label': '不予受理' },
			h('h3', {}, '不予受理'),
			field('理由', h('textarea', { name: 'reason', rows: 2, required: true })),
			h('button', { type: 'submit', class: 'danger' }, '不予受理'),
		);
		onSubmit(rej, async () => {
			for (const o of ops)
				await post(`/opinions/${o.id}/reject`, {
					reason: rej.reason.value,
				});
			flash(`已将 ${ops.length} 条意见标记为不予受理`);
			selected.clear();
			renderPanel();
			t.reload();
		});
		const sugg = h(
			'div',
			{ class: 'suggestions' },
			h('p', { class: 'muted' }, '正在查找相似意见…'),
		);
		add(panel, sugg, mf, h('div', { class: 'cols' }, into, rej));
		try {
			const found = new Map();
			for (const o of ops) {
				const r = await get(
					`/opinions/${o.id}/similar` + qs({ limit: 10 }),
				);
				if (mine !== panelSeq) return;
				for (const s of r.items)
					if (
						!selected.has(s.id) &&
						(!found.has(s.id) ||
							found.get(s.id).similarity < s.similarity)
					)
						found.set(s.id, s);
			}
			const list = [...found.values()].sort(
				(a, b) => b.similarity - a.similarity,
			);
			clear(
				sugg,
				h('h3', {}, '同一单位的相似意见'),
				list.length
					? h(
							'ul',
							{ class: 'similar' },
							list.map((s) =>
								h(
									'li',
									{},
									h(
										'span',
										{ class: 'badge' },
										`相似度 ${Math.round(s.similarity * 100)}%`,
									),
									' ',
									h(
										'a',
										{
											href: `#/opinions/${s.id}`,
										},
										`#${s.id}`,
									),
									' ',
									s.content,
									' ',
									h(
										'button',
										{
											type: 'button',
											class: 'secondary small',
											onclick: () => {
												selected.set(
													s.id,
													s,
												);
												const box =
													t.tbody.querySelector(
														`input[data-id="${s.id}"]`,
													);
												if (
													box
												)
													box.checked = true;
												renderPanel();
											},
										},
										'一并汇总',
									),
								),
							),
						)
					: h('p', { class: 'muted' }, '没有找到相似的待汇总意见。'),
			);
		} catch (e) {
			clear(sugg);
			showError(e);
		}
	}

	function summaryForm(ops, first) {
		const mf = h(
			'form',
			{ class: 'card', novalidate: true, 'aria-label': '汇总为问题' },
			h('h3', {}, '汇总为问题（意见汇总表）'),
			field(
				'问题标题',
				h('input', {
					name: 'title',
					required: true,
					maxlength: 200,
					value: suggestTitle(first.content),
				}),
			),
			field(
				'问题概述',
				h('textarea', {
					name: 'summary',
					rows: 4,
					value:
						`共汇总${ops.length}条意见，反映${unitName(first.target_unit_id)}：` +
						ops.map((o) => quote(o.content)).join('；'),
				}),
			),
			h(
				'div',
				{ class: 'grid' },
				field(
					'类别',
					select(
						'dimension',
						optionsOf(L.dimension),
						first.dimension,
					),
				),
				field(
					'问题类别（可选）',
					h('input', { name: 'category', maxlength: 50 }),
				),
				field(
					'紧急程度',
					select('severity', optionsOf(L.severity), 'normal'),
				),
			),
			h('button', { type: 'submit' }, '汇总为问题'),
		);
		onSubmit(mf, async () => {
			const d = formData(mf);
			const b = {
				campaign_id: first.campaign_id,
				target_unit_id: first.target_unit_id,
				dimension: d.dimension,
				title: d.title || '',
				summary: d.summary || '',
				opinion_ids: ops.map((o) => o.id),
				severity: d.severity,
			};
			if (d.category) b.category = d.category;
			const p = await post('/problems', b);
			go(`#/problems/${p.id}`, `已汇总为问题 ${p.id}，请转办`);
		});
		return mf;
	}

	// 并入已有问题: the problem found by the picker; opinions about another unit than the
	// problem's are merged only once that is confirmed.
	function mergeForm(ops, first) {
		const target = h('div', { class: 'merge-target', 'aria-live': 'polite' });
		const sure = h('input', { type: 'checkbox', name: 'other_unit' });
		const sureErr = h('div', {
			class: 'field-error',
			id: 'other-unit-err',
			role: 'alert',
		});
		sure.setAttribute('aria-describedby', 'other-unit-warn other-unit-err');
		const warn = h(
			'div',
			{ class: 'merge-warn', hidden: true },
			h('p', { id: 'other-unit-warn' }),
			h('label', { class: 'inline' }, sure, '确认并入其他单位的问题'),
			sureErr,
		);
		const ourUnits = new Set(ops.map((o) => o.target_unit_id));
		const picker = problemPicker(
			() => problemsOf(first.campaign_id),
			(p) => ourUnits.has(p.target_unit_id),
			(p) => {
				sure.checked = false;
				clear(sureErr);
				sure.removeAttribute('aria-invalid');
				if (!p) {
					clear(target);
					warn.hidden = true;
					return;
				}
				clear(
					target,
					h(
						'p',
						{},
						`将 ${ops.length} 条意见并入 `,
						h(
							'a',
							{ href: `#/problems/${p.id}` },
							`问题 ${p.id}`,
						),
						`：${p.title}（被评议单位：${unitName(p.target_unit_id)}，${label('problemStatus', p.status)}）`,
					),
				);
				const others = [
					...new Set(
						ops
							.filter(
								(o) =>
									o.target_unit_id !==
									p.target_unit_id,
							)
							.map((o) => unitName(o.target_unit_id)),
					),
				];
				warn.hidden = !others.length;
				if (others.length)
					warn.querySelector('p').textContent =
						`注意：所选意见反映的是${others.join('、')}，而问题 ${p.id} 的被评议单位是${unitName(p.target_unit_id)}。` +
						'并入后，这些意见将按该问题转办和整改。';
			},
		);
		const into = h(
			'form',
			{ class: 'card', novalidate: true, 'aria-label': '并入已有问题' },
			h('h3', {}, '并入已有问题'),
			picker.el,
			target,
			warn,
			h('button', { type: 'submit', class: 'secondary' }, '并入'),
		);
		onSubmit(into, async () => {
			const p = picker.chosen();
			if (!p) {
				const slot = document.getElementById(picker.input.id + '-err');
				slot.textContent = '请从列表中选择要并入的问题';
				picker.input.setAttribute('aria-invalid', 'true');
				picker.input.focus();
				return;
			}
			if (!warn.hidden && !sure.checked) {
				sureErr.textContent =
					'所选意见与该问题不是同一个单位，请确认后再并入';
				sure.setAttribute('aria-invalid', 'true');
				sure.focus();
				return;
			}
			await post(`/problems/${p.id}/opinions`, {
				opinion_ids: ops.map((o) => o.id),
			});
			go(`#/problems/${p.id}`, `已并入问题 ${p.id}`);
		});
		return into;
	}

	const title = role() === 'point' ? '我的录入' : staff ? '意见收件箱' : '意见台账';
	add(
		main,
		h('h1', {}, title),
		foldedFilters(form),
		staff
			? h(
					'p',
					{ class: 'muted' },
					'勾选同一单位的意见，可汇总为一个问题，或并入已有问题；系统会提示相似的意见。',
				)
			: null,
		t.el,
		staff ? bar : null,
		panel,
	);
}

export async function opinionPage(main, [id]) {
	const o = await get(`/opinions/${id}`);
	const pt = o.point_id ? unitName(o.point_id) : '网上（群众直接提交）';
	add(
		main,
		h('p', {}, h('a', { href: '#/opinions' }, '← 返回列表')),
		h('h1', {}, `意见 ${o.id}`),
		section(
			'征求意见表（表1）',
			dl([
				['收到时间', fmtTime(o.received_at)],
				['收集单位', pt],
				['被评议单位', unitName(o.target_unit_id)],
				['类别', label('dimension', o.dimension)],
				['来源', label('source', o.source)],
				['方式', label('channel', o.channel)],
				['意见提供人', o.submitter_name],
				['联系电话', o.submitter_phone],
				['回执号', o.receipt],
				['状态', label('opinionStatus', o.status)],
				['不予受理理由', o.reject_reason],
			]),
			h('h3', {}, '内容'),
			h('p', { class: 'pre' }, o.content),
			o.problem_id
				? h(
						'p',
						{},
						'已汇总为 ',
						h(
							'a',
							{ href: `#/problems/${o.problem_id}` },
							`问题 ${o.problem_id}`,
						),
					)
				: null,
			o.receipt ? receiptBox(o) : null,
		),
	);
}
