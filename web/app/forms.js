// The five forms as tables, each with its XLSX and CSV download.

import { h, clear, field, select, formData, add, scrollBox } from './dom.js';
import { get, qs, downloadUrl } from './api.js';
import { app, role, currentCampaign, responsibleUnits, unitName, today } from './ui.js';
import { L, label } from './labels.js';
import { go } from './router.js';
import { foldedFilters } from './components.js';

const PREVIEW_ROWS = 200;

export async function formsPage(main, _m, query) {
	const camp =
		app.campaigns.find((c) => String(c.id) === query.get('campaign_id')) ||
		currentCampaign();
	// printed on A4 landscape (app.css), with the form's own head and signatures
	main.classList.add('print-landscape', 'forms-view');
	add(main, h('h1', {}, '五表下载'));
	if (!camp) {
		add(main, h('p', {}, '尚未设立评议活动。'));
		return;
	}
	// Units never read form 1 (it holds the opinion givers).
	const forms = [1, 2, 3, 4, 5].filter((n) => n !== 1 || role() !== 'unit');
	let n = Number(query.get('form')) || forms[0];
	if (!forms.includes(n)) n = forms[0];
	const params = {};
	for (const k of ['unit_id', 'from', 'to', 'dimension'])
		if (query.get(k)) params[k] = query.get(k);
	const controls = h(
		'form',
		{ class: 'filters', 'aria-label': '选择表格' },
		app.campaigns.length > 1
			? field(
					'评议活动',
					select(
						'campaign_id',
						app.campaigns.map((c) => [c.id, c.name]),
						camp.id,
					),
				)
			: null,
		field(
			'表格',
			select(
				'form',
				forms.map((i) => [i, `表${i} ${L.form[i]}`]),
				n,
			),
		),
		role() !== 'unit'
			? field(
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
						params.unit_id,
					),
				)
			: null,
		field(
			'起始日期',
			h('input', { type: 'date', name: 'from', value: params.from || '' }),
		),
		field('截止日期', h('input', { type: 'date', name: 'to', value: params.to || '' })),
		field(
			'评议类别',
			select(
				'dimension',
				[
					['', '行风和效能'],
					['conduct', '行风'],
					['efficiency', '效能'],
				],
				params.dimension,
			),
		),
		h('button', { type: 'submit' }, '查看'),
	);
	controls.addEventListener('submit', (ev) => {
		ev.preventDefault();
		go('#/forms' + qs(formData(controls)));
	});
	// A choice applies at once: the downloads below are always of what is chosen.
	controls.addEventListener('change', () => go('#/forms' + qs(formData(controls))));
	const path = `/campaigns/${camp.id}/forms/${n}`;
	const which = `表${n} ${L.form[n]}`;
	const links = h(
		'p',
		{ class: 'downloads' },
		h(
			'a',
			{
				class: 'button',
				href: downloadUrl(
					path,
					Object.assign({}, params, { format: 'xlsx' }),
				),
				download: '',
			},
			`下载 ${which}（XLSX）`,
		),
		' ',
		h(
			'a',
			{
				class: 'button secondary',
				href: downloadUrl(
					path,
					Object.assign({}, params, { format: 'csv' }),
				),
				download: '',
			},
			`下载 ${which}（CSV）`,
		),
		' ',
		h(
			'a',
			{
				class: 'button secondary',
				href: downloadUrl(
					path,
					Object.assign({}, params, {
						format: 'xlsx',
						split: 'unit',
					}),
				),
				download: '',
			},
			`下载 ${which}（按单位分表 XLSX）`,
		),
	);
	const out = h('div', { class: 'form-sheets' });
	add(
		main,
		printHead(camp, n, params),
		foldedFilters(controls),
		links,
		out,
		printSignatures(),
	);
	const t = await get(path + qs(Object.assign({}, params, { format: 'json' })));
	clear(out);
	for (const sh of t.sheets) {
		const shown = sh.rows.slice(0, PREVIEW_ROWS);
		const name = t.title + (sh.name && t.sheets.length > 1 ? ' · ' + sh.name : '');
		add(
			out,
			h(
				'div',
				scrollBox(name),
				h(
					'table',
					{ class: 'form-table' },
					h(
						'caption',
						{},
						name,
						`（共 ${sh.rows.length} 行${sh.rows.length > PREVIEW_ROWS ? `，此处显示前 ${PREVIEW_ROWS} 行，完整内容请下载` : ''}）`,
					),
					h(
						'thead',
						{},
						h(
							'tr',
							{},
							sh.columns.map((c) =>
								h('th', { scope: 'col' }, c),
							),
						),
					),
					h(
						'tbody',
						{},
						shown.map((r) =>
							h(
								'tr',
								{},
								r.map((v) => {
									const text =
										v === null
											? ''
											: String(v);
									return h(
										'td',
										{
											class:
												text.length >
												24
													? 'long'
													: null,
										},
										text,
									); // long text gets room
								}),
							),
						),
					),
				),
			),
		);
	}
}

// What a printed form says on top: which form, of which campaign and period, made by whom.
function printHead(camp, n, params) {
	const office = [...app.units.values()].find((u) => u.kind === 'office');
	const by =
		role() === 'unit'
			? `填报单位：${unitName(app.user.unit_id)}`
			: `制表单位：${office ? office.name : label('kind', 'office')}`;
	const from = params.from || camp.phases[0]?.starts_on || '';
	const to = params.to || camp.phases[camp.phases.length - 1]?.ends_on || '';
	return h(
		'header',
		{ class: 'print-only print-head' },
		h('p', { class: 'print-title' }, `表${n} ${L.form[n]}`),
		h('p', {}, camp.name),
		h(
			'p',
			{},
			[
				by,
				`期间：${from} 至 ${to}`,
				params.unit_id ? `单位：${unitName(Number(params.unit_id))}` : null,
				params.dimension
					? `评议类别：${label('dimension', params.dimension)}`
					: null,
				`打印日期：${today()}`,
			]
				.filter(Boolean)
				.join('　'),
		),
	);
}

// The lines a printed form is signed and stamped on.
function printSignatures() {
	return h(
		'footer',
		{ class: 'print-only print-sign' },
		['填表人', '审核人', '单位（盖章）', '日期'].map((t) =>
			h('span', {}, `${t}：`, h('span', { class: 'line' })),
		),
	);
}
