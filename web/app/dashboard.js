// The leaders' and office's dashboard: composite scores with their
// intervals, the ranking, rates over time, the funnel of the five forms,
// overdue and flagged cases. Every figure links to the records behind it.

import { h, clear, field, select, formData, pct, add, esc, scrollBox } from './dom.js';
import { get, qs, downloadUrl } from './api.js';
import { app, currentCampaign, showError, today } from './ui.js';
import { section, foldedFilters } from './components.js';
import { label } from './labels.js';
import { echartsReady, chart } from './charts.js';
import { problemTable } from './problems.js';
import { go } from './router.js';

const GRADE_COLOR = { excellent: '#2e7d32', good: '#1565c0', pass: '#f9a825', fail: '#c62828' };

function recordsOf(level, item) {
	if (level === 'unit') return `#/problems?target_unit_id=${item.id}`;
	return `#/opinions?point_id=${item.id}&status=all`;
}

function months(c) {
	if (!c || !c.phases.length) return [];
	const start = c.phases[0].starts_on.slice(0, 7);
	const endDay = c.phases[c.phases.length - 1].ends_on;
	const now = today();
	const end = (endDay < now ? endDay : now).slice(0, 7);
	const out = [];
	let [y, m] = start.split('-').map(Number);
	while (out.length < 24) {
		const s = `${y}-${String(m).padStart(2, '0')}`;
		if (s > end) break;
		out.push(s);
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	return out;
}

// District-wide rate for one month: the sum of numerators over the sum of
// denominators across the entities.
function pooled(items, key) {
	let n = 0;
	let d = 0;
	for (const it of items) {
		const r = it[key];
		if (r && r.denominator) {
			n += r.numerator;
			d += r.denominator;
		}
	}
	return d ? +((n / d) * 100).toFixed(1) : null;
}

function rateCell(r) {
	if (!r || !r.denominator) return h('td', { class: 'num muted' }, '—');
	return h(
		'td',
		{
			class: 'num',
			title: `${r.numerator}/${r.denominator}，95%区间 ${pct(r.low)}–${pct(r.high)}`,
		},
		pct(r.value),
	);
}

const GROUP_NAMES = { department: '部门', street: '街镇', station: '监测站', point: '监测点' };

// 第1名, or 第1–3名 when the intervals allow several ranks; 并列 only for equal scores.
function rankText(it) {
	if (it.rank === null || it.rank === undefined) return '—';
	const r =
		it.rank_low === it.rank_high
			? `第${it.rank_low}名`
			: `第${it.rank_low}–${it.rank_high}名`;
	return it.tie ? `并列${r}` : r;
}

// One table per ranking group: departments and streets are ranked apart.
function rankingTables(level, s) {
	return Object.keys(GROUP_NAMES)
		.map((g) => [g, s.items.filter((it) => it.group === g)])
		.filter(([, items]) => items.length > 0)
		.map(([g, items]) => rankingTable(level, GROUP_NAMES[g], items));
}

// Each level is judged on its own work: the rates its composite is made of.
const LEVEL_RATES = {
	unit: [
		['满意率', 'satisfaction_rate'],
		['按时反馈率', 'on_time_feedback_rate'],
		['整改完成率', 'completion_rate'],
	],
	station: [
		['按时汇总率', 'on_time_merge_rate'],
		['按时转办率', 'on_time_dispatch_rate'],
		['按时验收率', 'on_time_verify_rate'],
	],
	point: [['按时录入率', 'on_time_entry_rate']],
};

function rankingTable(level, groupName, items) {
	const rates = LEVEL_RATES[level] || LEVEL_RATES.unit;
	const head = [
		'名次',
		'单位',
		'等次',
		'综合得分（95%区间）',
		...rates.map(([title]) => title),
		level === 'station' ? '应汇总意见' : '意见数',
		level === 'station' ? '应转办问题' : '问题数',
		'逾期',
	];
	return h(
		'div',
		scrollBox(`${groupName}排名`),
		h(
			'table',
			{ class: 'ranking' },
			h(
				'caption',
				{},
				`${groupName}排名（名次为得分区间所允许的范围；有效评价不足者列后，不排名）`,
			),
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
						{
							class: it.insufficient_data
								? 'insufficient'
								: null,
						},
						h(
							'td',
							{
								title: it.rank
									? `按得分排第${it.rank}位`
									: '',
							},
							rankText(it),
						),
						h(
							'th',
							{ scope: 'row' },
							h(
								'a',
								{ href: recordsOf(level, it) },
								it.name,
							),
						),
						h(
							'td',
							{},
							it.insufficient_data
								? h(
										'span',
										{ class: 'badge' },
										'数据不足',
									)
								: h(
										'span',
										{
											class:
												'badge grade-' +
												it.grade,
										},
										it.grade_label ||
											label(
												'grade',
												it.grade,
											),
									),
						),
						h(
							'td',
							{ class: 'num' },
							it.composite === null ||
								it.composite === undefined
								? '—'
								: `${it.composite.toFixed(1)}`,
							it.composite_interval
								? h(
										'small',
										{ class: 'muted' },
										`（${it.composite_interval.low.toFixed(1)}–${it.composite_interval.high.toFixed(1)}）`,
									)
								: null,
						),
						...rates.map(([, key]) => rateCell(it[key])),
						h(
							'td',
							{ class: 'num' },
							level === 'unit'
								? h(
										'a',
										{
											href: `#/opinions?target_unit_id=${it.id}&status=all`,
										},
										String(
											it.counts
												.opinions,
										),
									)
								: String(it.counts.opinions),
						),
						h(
							'td',
							{ class: 'num' },
							level === 'unit'
								? h(
										'a',
										{
											href: `#/problems?target_unit_id=${it.id}`,
										},
										String(
											it.counts
												.problems,
										),
									)
								: String(it.counts.problems),
						),
						h(
							'td',
							{ class: 'num' },
							level === 'unit' && it.counts.overdue
								? h(
										'a',
										{
											href: `#/problems?target_unit_id=${it.id}&overdue=true`,
										},
										String(
											it.counts
												.overdue,
										),
									)
								: String(it.counts.overdue || 0),
						),
					),
				),
			),
		),
	);
}

// What the bars' colours mean: the grades, and grey for too little data.
function gradeLegend() {
	const items = [
		...Object.entries(GRADE_COLOR).map(([g, color]) => [color, label('grade', g)]),
		['#9e9e9e', '数据不足'],
	];
	return h(
		'p',
		{ class: 'legend-line' },
		items.map(([color, text]) => {
			const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
			swatch.style.background = color; // CSSOM: the policy refuses style attributes
			return [swatch, text, ' '];
		}),
	);
}

// A chart's figures as a table, folded under the chart: what a screen reader reads, and
// the exact numbers behind the bars and lines.
function chartTable(caption, head, rows) {
	return h(
		'details',
		{ class: 'chart-table' },
		h('summary', {}, '以表格查看'),
		h(
			'div',
			scrollBox(caption),
			h(
				'table',
				{},
				h('caption', {}, caption),
				h(
					'thead',
					{},
					h(
						'tr',
						{},
						head.map((t, i) =>
							h(
								'th',
								{
									scope: 'col',
									class: i ? 'num' : null,
								},
								t,
							),
						),
					),
				),
				h(
					'tbody',
					{},
					rows.map(([first, ...rest]) =>
						h(
							'tr',
							{},
							h('th', { scope: 'row' }, first),
							rest.map((v) =>
								h('td', { class: 'num' }, v),
							),
						),
					),
				),
			),
		),
	);
}

const fixed1 = (v) => (v === null || v === undefined ? '—' : v.toFixed(1));
const rateText = (v) => (v === null || v === undefined ? '无数据' : v + '%');

// The bars in the ranking's order: the ranked by their composite, then those with too
// little data to rank (数据不足), as the tables list them.
function barOrder(items) {
	const byScore = (a, b) => (b.composite ?? -1) - (a.composite ?? -1);
	return [
		...items
			.filter((it) => !it.insufficient_data && it.composite !== null)
			.sort(byScore),
		...items
			.filter((it) => it.insufficient_data || it.composite === null)
			.sort(byScore),
	];
}

// 行风 and 效能, the two evaluations, ranked apart side by side.
function twoEvaluations(conduct, efficiency) {
	const table = (title, sc) =>
		h(
			'div',
			{},
			h('h3', {}, title),
			h(
				'div',
				scrollBox(`${title}排名`),
				h(
					'table',
					{},
					h(
						'thead',
						{},
						h(
							'tr',
							{},
							[
								'名次',
								'单位',
								'综合得分',
								'测评得分',
							].map((t) => h('th', { scope: 'col' }, t)),
						),
					),
					h(
						'tbody',
						{},
						sc.items.map((it) =>
							h(
								'tr',
								{},
								h('td', {}, rankText(it)),
								h('td', {}, it.name),
								h(
									'td',
									{ class: 'num' },
									it.composite === null
										? '—'
										: it.composite.toFixed(
												1,
											),
								),
								h(
									'td',
									{ class: 'num' },
									it.survey
										? it.survey.score.toFixed(
												1,
											)
										: '—',
								),
							),
						),
					),
				),
			),
		);
	return section(
		'行风与效能分别排名',
		h(
			'p',
			{ class: 'muted' },
			'“三级两评”的两项评议分开计算：各自的意见、问题、期限和满意度测评。',
		),
		h('div', { class: 'cols' }, table('行风', conduct), table('效能', efficiency)),
	);
}

export async function dashboardPage(main, _m, query) {
	const camp =
		app.campaigns.find((c) => String(c.id) === query.get('campaign_id')) ||
		currentCampaign();
	if (!camp) {
		add(main, h('h1', {}, '统计看板'), h('p', {}, '尚未设立评议活动。'));
		return;
	}
	const level = ['unit', 'station', 'point'].includes(query.get('level'))
		? query.get('level')
		: 'unit';
	const month = query.get('month') || '';
	const ms = months(camp);
	const controls = h(
		'form',
		{ class: 'filters', 'aria-label': '看板范围' },
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
			'层级',
			select(
				'level',
				[
					['unit', '责任单位'],
					['station', '监测站'],
					['point', '监测点'],
				],
				level,
			),
		),
		field('期间', select('month', [['', '全部'], ...ms.map((m) => [m, m])], month)),
		h('button', { type: 'submit' }, '查看'),
	);
	controls.addEventListener('submit', (ev) => {
		ev.preventDefault();
		go('#/dashboard' + qs(formData(controls)));
	});
	const params = { level, month: month || undefined };
	const [s, sum, conduct, efficiency] = await Promise.all([
		get(`/campaigns/${camp.id}/scores` + qs(params)),
		get('/summary' + qs({ campaign_id: camp.id })),
		level === 'unit'
			? get(
					`/campaigns/${camp.id}/scores` +
						qs({ ...params, dimension: 'conduct' }),
				)
			: null,
		level === 'unit'
			? get(
					`/campaigns/${camp.id}/scores` +
						qs({ ...params, dimension: 'efficiency' }),
				)
			: null,
	]);
	const dl = (fmt) =>
		h(
			'a',
			{
				class: 'button secondary',
				href: downloadUrl(
					`/campaigns/${camp.id}/scores`,
					Object.assign({}, params, { format: fmt }),
				),
			},
			`下载评分表（${fmt.toUpperCase()}）`,
		);
	const barEl = h('div', {
		class: 'chart',
		id: 'chart-composite',
		role: 'img',
		'aria-label': '综合得分及95%区间',
	});
	const funnelEl = h('div', {
		class: 'chart',
		id: 'chart-funnel',
		role: 'img',
		'aria-label': '五表办理漏斗',
	});
	const trendEl = h('div', {
		class: 'chart',
		id: 'chart-trend',
		role: 'img',
		'aria-label': '各月主要比率',
	});
	const levelName = { unit: '责任单位', station: '监测站', point: '监测点' }[level];
	const bars = barOrder(s.items.filter((it) => it.composite !== undefined));
	const funnelNames = sum.funnel.map((f) => `表${f.form} ${f.label}`);
	const trendBox = h('div', { class: 'chart-table-slot' });
	const p = sum.problems;
	add(
		main,
		h('h1', {}, '统计看板'),
		h(
			'p',
			{ class: 'muted' },
			camp.name,
			month ? ` · ${month}` : '',
			` · 计算于 ${s.computed_at ? s.computed_at.slice(0, 16).replace('T', ' ') : ''}`,
		),
		foldedFilters(controls),
		h(
			'div',
			{ class: 'tiles' },
			h(
				'a',
				{ class: 'tile', href: '#/opinions?status=all' },
				h(
					'span',
					{ class: 'count' },
					String(
						sum.opinions
							? sum.opinions.total
							: sum.funnel[0].count,
					),
				),
				h('span', { class: 'what' }, '收到意见'),
			),
			h(
				'a',
				{ class: 'tile', href: '#/problems' },
				h('span', { class: 'count' }, String(p.total)),
				h('span', { class: 'what' }, '汇总问题'),
			),
			h(
				'a',
				{ class: 'tile bad', href: '#/problems?overdue=true' },
				h('span', { class: 'count' }, String(p.overdue)),
				h('span', { class: 'what' }, '逾期问题'),
			),
			h(
				'a',
				{ class: 'tile bad', href: '#/problems?flagged=true' },
				h('span', { class: 'count' }, String(p.flagged)),
				h('span', { class: 'what' }, '挂牌'),
			),
			h(
				'a',
				{ class: 'tile', href: '#/problems?status=closed' },
				h('span', { class: 'count' }, String(p.by_status.closed)),
				h('span', { class: 'what' }, '已销号'),
			),
		),
		h(
			'div',
			{ class: 'cols' },
			section(
				`综合得分（${levelName}）`,
				barEl,
				gradeLegend(),
				chartTable(
					`综合得分（${levelName}）`,
					['单位', '等次', '综合得分', '95%区间'],
					bars.map((it) => [
						it.name,
						it.insufficient_data
							? '数据不足'
							: it.grade_label ||
								label('grade', it.grade),
						fixed1(it.composite),
						it.composite_interval
							? `${fixed1(it.composite_interval.low)}–${fixed1(it.composite_interval.high)}`
							: '—',
					]),
				),
			),
			section(
				'五表办理漏斗',
				funnelEl,
				chartTable(
					'五表办理漏斗',
					['表格', '件数'],
					sum.funnel.map((f, i) => [funnelNames[i], String(f.count)]),
				),
			),
		),
		section('各月主要比率（全区合计）', trendEl, trendBox),
		section('排名', h('p', {}, dl('xlsx'), ' ', dl('csv')), ...rankingTables(level, s)),
		conduct ? twoEvaluations(conduct, efficiency) : null,
	);
	const overdueBox = section('逾期问题', h('p', { class: 'muted' }, '加载中…'));
	const flaggedBox = section('挂牌', h('p', { class: 'muted' }, '加载中…'));
	add(main, overdueBox, flaggedBox);

	let echarts;
	try {
		echarts = await echartsReady();
	} catch (e) {
		showError(e);
		return;
	}
	const ranked = bars;
	chart(
		echarts,
		barEl,
		{
			grid: { left: 110, right: 20, top: 10, bottom: 30 },
			tooltip: {
				trigger: 'item',
				formatter: (x) => {
					const it = ranked[x.dataIndex];
					if (!it) return '';
					const iv = it.composite_interval;
					return `${esc(it.name)}<br>综合得分 ${fixed1(it.composite)}${iv ? `（${fixed1(iv.low)}–${fixed1(iv.high)}）` : ''}<br>${esc(it.insufficient_data ? '数据不足' : it.grade_label)}`;
				},
			},
			xAxis: { type: 'value', min: 0, max: 100 },
			yAxis: {
				type: 'category',
				inverse: true,
				data: ranked.map((it) => it.name),
				axisLabel: { width: 100, overflow: 'truncate' },
			},
			series: [
				{
					type: 'bar',
					name: '综合得分',
					data: ranked.map((it) => ({
						value:
							it.composite === null
								? null
								: +it.composite.toFixed(1),
						itemStyle: {
							color: it.insufficient_data
								? '#9e9e9e'
								: GRADE_COLOR[it.grade] ||
									'#607d8b',
						},
					})),
				},
				{
					type: 'custom',
					name: '95%区间',
					data: ranked
						.map((it, i) =>
							it.composite_interval
								? [
										i,
										it
											.composite_interval
											.low,
										it
											.composite_interval
											.high,
									]
								: null,
						)
						.filter(Boolean),
					renderItem: (params, api) => {
						const lo = api.coord([api.value(1), api.value(0)]);
						const hi = api.coord([api.value(2), api.value(0)]);
						const hgt = 6;
						return {
							type: 'group',
							children: [
								{
									type: 'line',
									shape: {
										x1: lo[0],
										y1: lo[1],
										x2: hi[0],
										y2: hi[1],
									},
									style: {
										stroke: '#333',
										lineWidth: 1,
									},
								},
								{
									type: 'line',
									shape: {
										x1: lo[0],
										y1: lo[1] - hgt,
										x2: lo[0],
										y2: lo[1] + hgt,
									},
									style: { stroke: '#333' },
								},
								{
									type: 'line',
									shape: {
										x1: hi[0],
										y1: hi[1] - hgt,
										x2: hi[0],
										y2: hi[1] + hgt,
									},
									style: { stroke: '#333' },
								},
							],
						};
					},
					z: 10,
				},
			],
		},
		(x) => {
			const it = ranked[x.dataIndex];
			if (it) location.hash = recordsOf(level, it);
		},
	);
	barEl.style.height = Math.max(240, ranked.length * 22 + 50) + 'px';
	echarts.getInstanceByDom(barEl).resize();

	const funnelLinks = [
		'#/opinions?status=all',
		'#/problems',
		'#/problems?status=answered',
		'#/problems?status=rectified',
		'#/problems?status=verified',
	];
	chart(
		echarts,
		funnelEl,
		{
			tooltip: {
				trigger: 'item',
				formatter: (x) => `${esc(x.name)}：${esc(x.value)}`,
			},
			series: [
				{
					type: 'funnel',
					sort: 'none',
					// the labels to the right of the funnel, with room to be read whole
					left: '2%',
					width: '55%',
					top: 10,
					bottom: 10,
					minSize: '15%',
					label: { position: 'right', formatter: '{b}\n{c}' },
					labelLine: { length: 12 },
					data: sum.funnel.map((f, i) => ({
						name: funnelNames[i],
						value: f.count,
					})),
				},
			],
		},
		(x) => {
			location.hash = funnelLinks[x.dataIndex];
		},
	);

	// Rates over time, one scores request per month.
	const series = {
		on_time_feedback_rate: '按时反馈率',
		completion_rate: '整改完成率',
		satisfaction_rate: '满意率',
	};
	const per = [];
	try {
		for (const m of ms)
			per.push(
				await get(
					`/campaigns/${camp.id}/scores` +
						qs({ level: 'unit', month: m }),
				),
			);
	} catch (e) {
		showError(e);
	}
	const trend = Object.entries(series).map(([k, name]) => [
		name,
		per.map((r) => pooled(r.items, k)),
	]);
	clear(
		trendBox,
		chartTable(
			'各月主要比率（全区合计）',
			['月份', ...trend.map(([name]) => name)],
			per.map((_, i) => [ms[i], ...trend.map(([, vals]) => rateText(vals[i]))]),
		),
	);
	chart(
		echarts,
		trendEl,
		{
			tooltip: {
				trigger: 'axis',
				valueFormatter: rateText,
			},
			legend: { top: 0 },
			grid: { left: 50, right: 20, top: 40, bottom: 30 },
			xAxis: { type: 'category', data: ms.slice(0, per.length) },
			yAxis: {
				type: 'value',
				min: 0,
				max: 100,
				axisLabel: { formatter: '{value}%' },
			},
			series: trend.map(([name, data]) => ({
				type: 'line',
				name,
				connectNulls: false,
				data,
			})),
		},
		(x) =>
			go(
				'#/dashboard' +
					qs({ campaign_id: camp.id, level, month: ms[x.dataIndex] }),
			),
	);

	const [od, fl] = await Promise.all([
		get('/problems' + qs({ overdue: 'true', limit: 20 })),
		get('/problems' + qs({ flagged: 'true', limit: 20 })),
	]);
	clear(
		overdueBox,
		h('h2', {}, '逾期问题'),
		od.items.length
			? problemTable(od.items, '逾期问题')
			: h('p', { class: 'muted' }, '没有逾期问题。'),
		h('a', { href: '#/problems?overdue=true' }, '全部逾期问题'),
	);
	clear(
		flaggedBox,
		h('h2', {}, '挂牌'),
		fl.items.length
			? problemTable(fl.items, '挂牌问题')
			: h('p', { class: 'muted' }, '没有挂牌的问题。'),
		h('a', { href: '#/problems?flagged=true' }, '全部挂牌问题'),
	);
	main.dataset.charts = 'ready';
}
