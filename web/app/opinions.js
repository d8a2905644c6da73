// Opinions (form 1): fast entry at a point, the inbox of a station or the
// office with merging into problems (form 2), and one opinion's page.

import { h, clear, field, select, optionsOf, formData, fmtTime, add } from './dom.js';
import { get, post, qs } from './api.js';
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
import { printReceipt, pagedTable, section, dl, foldedFilters } from './components.js';
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

function receiptBox(o) {
	return h(
		'div',
		{ class: 'receipt', role: 'status' },
		h('h2', {}, '意见回执'),
		h(
			'p',
			{},
			'回执号：',
			h('strong', { class: 'code', 'data-receipt': o.receipt }, o.receipt),
		),
		dl([
			['被评议单位', unitName(o.target_unit_id)],
			['类别', label('dimension', o.dimension)],
			['收到时间', fmtTime(o.received_at)],
			['内容', o.content],
		]),
		h(
			'p',
			{ class: 'muted' },
			'凭回执号可在“进度查询”页面查看办理进度，并在整改验收后评价整改效果。',
		),
		h(
			'button',
			{
				type: 'button',
				class: 'secondary no-print',
				onclick: (ev) => printReceipt(ev.target.closest('.receipt')),
			},
			'打印回执',
		),
	);
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
	const panel = h('div', { class: 'merge-panel', 'aria-live': 'polite' });
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

	let panelSeq = 0;
	async function renderPanel() {
		const mine = ++panelSeq;
		clear(panel);
		if (!selected.size) return;
		const ops = [...selected.values()];
		const units = new Set(ops.map((o) => o.target_unit_id));
		const first = ops[0];
		add(panel, h('h2', {}, `已选 ${ops.length} 条意见`));
		if (units.size > 1) {
			add(
				panel,
				h(
					'p',
					{ class: 'flash error' },
					'所选意见反映的不是同一个单位，不能汇总为一个问题。',
				),
			);
			return;
		}
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
					value: truncate(first.content.replace(/\s+/g, ''), 30),
				}),
			),
			field(
				'问题概述',
				h('textarea', {
					name: 'summary',
					rows: 4,
					value:
						`共汇总${ops.length}条意见，反映${unitName(first.target_unit_id)}：` +
						ops
							.map((o) => `“${truncate(o.content, 40)}”`)
							.join('；'),
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
		const into = h(
			'form',
			{ class: 'card', novalidate: true, 'aria-label': '并入已有问题' },
			h('h3', {}, '并入已有问题'),
			field(
				'问题编号',
				h('input', {
					name: 'problem_id',
					type: 'number',
					min: 1,
					required: true,
				}),
			),
			h('button', { type: 'submit', class: 'secondary' }, '并入'),
		);
		onSubmit(into, async () => {
			const id = Number(into.problem_id.value);
			await post(`/problems/${id}/opinions`, {
				opinion_ids: ops.map((o) => o.id),
			});
			go(`#/problems/${id}`, `已并入问题 ${id}`);
		});
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

	const title = role() === 'point' ? '我的录入' : staff ? '意见收件箱' : '意见台账';
	add(
		main,
		h('h1', {}, title),
		foldedFilters(form),
		staff
			? h(
					'p',
					{ class: 'muted' },
					'勾选同一单位的意见，可汇总为一个问题；系统会提示相似的意见。',
				)
			: null,
		t.el,
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
