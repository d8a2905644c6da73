// The statistics bureau's satisfaction survey (效果终端测评): the list, a survey's page
// with its design, the steps the server says may be taken now, fieldwork and the
// results; the interviewers' calling page; and the public's questionnaire by code.

import { h, clear, add, field, select, formData, pct, fmtTime, scrollBox } from './dom.js';
import { api, get, post, downloadUrl } from './api.js';
import { app, may, currentCampaign, flash, showError, onSubmit } from './ui.js';
import { label } from './labels.js';
import { section, dl } from './components.js';
import { go } from './router.js';
import { zh } from './messages.js';

const ANSWERS = ['satisfied', 'basically_satisfied', 'unsatisfied', 'unaware'];

const num = (v, d = 2) => (v === null || v === undefined ? '—' : Number(v).toFixed(d));
const range = (lo, hi, f) => (lo === null || lo === undefined ? '' : `（${f(lo)}–${f(hi)}）`);

// ---- the list ----

export async function surveyListPage(main, _m, query) {
	const camp =
		app.campaigns.find((c) => String(c.id) === query.get('campaign_id')) ||
		currentCampaign();
	add(main, h('h1', {}, '满意度测评'));
	if (app.campaigns.length > 1) {
		const pick = h(
			'form',
			{ class: 'filters', 'aria-label': '选择评议活动' },
			field(
				'评议活动',
				select(
					'campaign_id',
					app.campaigns.map((c) => [c.id, c.name]),
					camp && camp.id,
				),
			),
			h('button', { type: 'submit' }, '查看'),
		);
		pick.addEventListener('submit', (ev) => {
			ev.preventDefault();
			go('#/surveys?campaign_id=' + formData(pick).campaign_id);
		});
		add(main, pick);
	}
	if (!camp) {
		add(main, h('p', {}, '尚未设立评议活动。'));
		return;
	}
	const state = query.get('state');
	const list = await get(
		`/surveys?campaign_id=${camp.id}` +
			(state ? `&state=${encodeURIComponent(state)}` : ''),
	);
	const rows = list.items.map((s) =>
		h(
			'tr',
			{},
			h('td', {}, h('a', { href: `#/surveys/${s.id}` }, s.title)),
			h('td', {}, label('surveyRound', s.round)),
			h('td', {}, h('span', { class: `badge s-${s.state}` }, s.state_label)),
			h('td', {}, s.published_at ? s.published_at.slice(0, 10) : '—'),
		),
	);
	add(
		main,
		h(
			'div',
			scrollBox('满意度测评'),
			h(
				'table',
				{},
				h(
					'thead',
					{},
					h(
						'tr',
						{},
						['测评', '轮次', '状态', '公布日期'].map((t) =>
							h('th', { scope: 'col' }, t),
						),
					),
				),
				h('tbody', {}, rows),
			),
		),
		rows.length ? null : h('p', { class: 'muted' }, '暂无测评。'),
	);
	if (may('survey_run')) add(main, createForm(camp, list.items));
}

function designFields(d) {
	const n = (name, value, step, min, max) =>
		h('input', { name, type: 'number', value, step, min, max, required: true });
	return [
		field('允许误差', n('margin', d.margin, '0.01', '0.001', '0.5'), '如 0.08 即 ±8%'),
		field('置信度', n('confidence', d.confidence, '0.01', '0.5', '0.9999')),
		field('预期满意率', n('p', d.p, '0.05', '0', '1'), '不知道时取 0.5'),
		field('预期应答率', n('response_rate', d.response_rate, '0.05', '0.01', '1')),
		field('每单位最少样本', n('min_n', d.min_n, '1', '0', '100000')),
	];
}

function designOf(data) {
	const d = {};
	for (const k of ['margin', 'confidence', 'p', 'response_rate', 'min_n'])
		if (data[k] !== undefined && data[k] !== '') d[k] = Number(data[k]);
	return d;
}

function createForm(camp, existing) {
	const rounds = ['baseline', 'endpoint'].filter((r) => !existing.some((s) => s.round === r));
	if (!rounds.length) return null;
	const form = h(
		'form',
		{ class: 'card', novalidate: true },
		h('h2', {}, '新建测评'),
		field(
			'轮次',
			select(
				'round',
				rounds.map((r) => [r, label('surveyRound', r)]),
			),
		),
		field('名称', h('input', { name: 'title', placeholder: '不填则按活动和轮次命名' })),
		designFields({
			margin: 0.08,
			confidence: 0.95,
			p: 0.5,
			response_rate: 1,
			min_n: 0,
		}),
		field(
			'复核比例（%）',
			h('input', {
				name: 'recheck_share',
				type: 'number',
				value: 10,
				min: 0,
				max: 100,
			}),
		),
		h('p', { class: 'muted' }, '问卷默认含行风、效能各五项及总体评价各一项。'),
		h('button', { type: 'submit' }, '新建'),
	);
	onSubmit(form, async () => {
		const data = formData(form);
		const body = {
			campaign_id: camp.id,
			round: data.round,
			design: designOf(data),
			recheck_share: Number(data.recheck_share),
		};
		if (data.title) body.title = data.title;
		const s = await post('/surveys', body);
		go(`#/surveys/${s.id}`, '已新建测评');
	});
	return form;
}

// ---- a survey ----

export async function surveyPage(main, m) {
	const id = m[0];
	const s = await get(`/surveys/${id}`);
	const acts = new Set(s.actions);
	add(
		main,
		h('p', {}, h('a', { href: '#/surveys' }, '← 满意度测评')),
		h('h1', {}, s.title),
		section(
			'概况',
			dl([
				['轮次', label('surveyRound', s.round)],
				['状态', s.state_label],
				['种子的哈希（承诺）', s.seed_hash && h('code', {}, s.seed_hash)],
				['公开的种子', s.seed && h('code', {}, s.seed)],
				['抽样框的哈希', s.frame_hash && h('code', {}, s.frame_hash)],
				['名单封存', s.closed_at && fmtTime(s.closed_at)],
				['抽样', s.drawn_at && fmtTime(s.drawn_at)],
				['调查结束', s.finished_at && fmtTime(s.finished_at)],
				['公布', s.published_at && fmtTime(s.published_at)],
			]),
			s.seed_hash && !s.seed
				? h(
						'p',
						{ class: 'muted' },
						'种子的哈希已在名单封存前公布；抽样时公开种子，任何人都可用抽样框和种子离线复算样本（wubiao survey draw）。',
					)
				: null,
		),
	);
	if (s.notice) add(main, section('测评结果通报', h('div', { class: 'notice' }, s.notice)));
	if (s.units) add(main, designSection(s));
	add(main, actionsSection(s, acts));
	if (s.units) add(main, itemsSection(s));
	if (['fieldwork', 'finished', 'published'].includes(s.state))
		add(main, await resultsSection(s));
	if (s.units) add(main, downloads(s));
}

function designSection(s) {
	const d = s.design;
	const rows = s.units.map((u) =>
		h(
			'tr',
			{},
			h('td', {}, u.unit_name),
			h('td', { class: 'num' }, u.frame_n),
			h('td', { class: 'num' }, u.sample_n),
			h('td', { class: 'num' }, u.drawn),
			h('td', { class: 'num' }, u.completed),
			h('td', { class: 'num' }, u.refused),
			h('td', { class: 'num' }, u.unreachable),
			h('td', { class: 'num' }, u.ineligible),
			h('td', { class: 'num' }, u.pending),
			h('td', { class: 'num' }, u.rr1 === null ? '—' : pct(u.rr1)),
		),
	);
	return section(
		'抽样设计与访问进度',
		h(
			'p',
			{},
			`允许误差 ±${(d.margin * 100).toFixed(1)}%，置信度 ${(
				d.confidence * 100
			).toFixed(
				1,
			)}%，预期满意率 ${d.p}，预期应答率 ${d.response_rate}，每单位最少 ${
				d.min_n
			} 个样本。各单位样本量 n = min(N, ⌈max(n₁, 最少样本) ÷ 应答率⌉)，n₁ 为按有限总体校正的样本量。`,
		),
		h(
			'div',
			scrollBox('各单位样本与访问进度'),
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
							'单位',
							'名单人数 N',
							'样本量 n',
							'已抽',
							'完成',
							'拒访',
							'无法接通',
							'不符合条件',
							'待访',
							'应答率（RR1）',
						].map((t) => h('th', { scope: 'col' }, t)),
					),
				),
				h('tbody', {}, rows),
			),
		),
		s.units.length ? null : h('p', { class: 'muted' }, '尚未导入抽样框。'),
	);
}

function itemsSection(s) {
	return section(
		'问卷',
		h(
			'ol',
			{},
			s.items.map((it) =>
				h(
					'li',
					{},
					`【${label('dimension', it.dimension)}】${it.label}`,
					it.overall ? '（总体评价）' : '',
				),
			),
		),
		h('p', { class: 'muted' }, '每项回答：满意 / 基本满意 / 不满意 / 不了解。'),
	);
}

function reload(id, text) {
	go(`#/surveys/${id}?t=${Date.now()}`, text);
}

// The steps the server says may be taken now, each with what it needs.
function actionsSection(s, acts) {
	const box = section('下一步');
	const id = s.id;
	if (acts.has('frame')) {
		const file = h('input', { type: 'file', name: 'frame', accept: '.csv,text/csv' });
		const out = h('div', { role: 'status' });
		const form = h(
			'form',
			{ class: 'step' },
			h('h3', {}, '导入抽样框'),
			h(
				'p',
				{ class: 'muted' },
				'CSV（UTF-8）：unit_code,respondent_id,stratum,name,phone。姓名和电话加密保存，仅统计局可见。整份导入，任一行有误则不导入，并列出出错的行。',
			),
			field('抽样框文件', file),
			h('button', { type: 'submit' }, '导入'),
			out,
		);
		onSubmit(form, async () => {
			if (!file.files.length) {
				flash('请选择 CSV 文件', 'error');
				return;
			}
			const text = await file.files[0].text();
			try {
				const r = await api('PUT', `/surveys/${id}/frame`, text);
				reload(id, `已导入 ${r.units} 个单位的 ${r.people} 人`);
			} catch (e) {
				if (e.body && Array.isArray(e.body.lines)) {
					clear(
						out,
						h('p', { class: 'error' }, '抽样框有误，未导入：'),
						h(
							'ul',
							{},
							e.body.lines.map((l) =>
								h(
									'li',
									{},
									`第 ${l.line} 行：${zh(l.message)}`,
								),
							),
						),
					);
					return;
				}
				throw e;
			}
		});
		add(box, form);
	}
	if (acts.has('edit') && s.state !== 'closed') {
		const form = h(
			'form',
			{ class: 'step' },
			h('h3', {}, '修改抽样设计'),
			designFields(s.design),
			h('button', { type: 'submit', class: 'secondary' }, '保存设计'),
		);
		onSubmit(form, async () => {
			await api('PATCH', `/surveys/${id}`, { design: designOf(formData(form)) });
			reload(id, '抽样设计已保存');
		});
		add(box, form);
	}
	if (acts.has('edit') && ['draft', 'committed', 'closed'].includes(s.state))
		add(box, itemsForm(s));
	if (acts.has('commit')) {
		const form = h(
			'form',
			{ class: 'step' },
			h('h3', {}, '承诺随机种子'),
			h(
				'p',
				{ class: 'muted' },
				'名单封存前先公布种子的哈希。可由系统生成种子并加密保管；也可填写统计局自行保管的种子的 SHA-256。',
			),
			field(
				'种子的 SHA-256（可不填）',
				h('input', { name: 'seed_hash', pattern: '[0-9a-f]{64}' }),
			),
			h('button', { type: 'submit' }, '承诺种子'),
		);
		onSubmit(form, async () => {
			const hash = formData(form).seed_hash;
			await post(`/surveys/${id}/commit`, hash ? { seed_hash: hash } : {});
			reload(id, '种子的哈希已记录');
		});
		add(box, form);
	}
	if (acts.has('close'))
		add(
			box,
			button('封存抽样框', '封存后名单和抽样设计不能再改。', async () => {
				await post(`/surveys/${id}/close`);
				reload(id, '抽样框已封存，各单位样本量已确定');
			}),
		);
	if (acts.has('draw')) {
		const form = h(
			'form',
			{ class: 'step' },
			h('h3', {}, '公开种子并抽样'),
			s.server_seed
				? h('p', { class: 'muted' }, '种子由系统保管，抽样时公开。')
				: field(
						'种子（十六进制）',
						h('input', { name: 'seed', required: true }),
					),
			h('button', { type: 'submit' }, '抽样'),
		);
		onSubmit(form, async () => {
			const seed = formData(form).seed;
			await post(`/surveys/${id}/draw`, seed ? { seed } : {});
			reload(id, '已抽样，开始调查');
		});
		add(box, form);
	}
	if (acts.has('call'))
		add(
			box,
			h(
				'p',
				{},
				h(
					'a',
					{ class: 'button', href: `#/surveys/${id}/call` },
					'电话访问',
				),
				' 按抽样顺序逐个拨打，键盘 1–4 录入回答。',
			),
		);
	if (acts.has('codes')) add(box, codesStep(s));
	if (acts.has('recheck')) add(box, recheckStep(s));
	if (acts.has('finish'))
		add(
			box,
			button('结束调查', '结束后不再录入访问结果，测评结果确定。', async () => {
				await post(`/surveys/${id}/finish`);
				reload(id, '调查已结束');
			}),
		);
	if (acts.has('publish')) {
		const form = h(
			'form',
			{ class: 'step' },
			h('h3', {}, '公布测评结果'),
			field(
				'测评结果通报',
				h('textarea', { name: 'notice', rows: 6, required: true }),
				'公布后结果冻结，各单位只看到本单位的结果。',
			),
			h('button', { type: 'submit' }, '公布'),
		);
		onSubmit(form, async () => {
			await post(`/surveys/${id}/publish`, { notice: formData(form).notice });
			reload(id, '测评结果已公布');
		});
		add(box, form);
	}
	if (!box.querySelector('form, a.button, button'))
		add(box, h('p', { class: 'muted' }, '当前没有需要您办理的步骤。'));
	return box;
}

// The questionnaire as lines "行风|依法办事", the overall item of each evaluation
// marked "|总体"; the server checks it (one overall item per evaluation).
function itemsForm(s) {
	const dims = { 行风: 'conduct', 效能: 'efficiency' };
	const text = s.items
		.map(
			(it) =>
				`${label('dimension', it.dimension)}|${it.label}${it.overall ? '|总体' : ''}`,
		)
		.join('\n');
	const area = h('textarea', { name: 'items', rows: Math.max(6, s.items.length + 1) }, text);
	const form = h(
		'form',
		{ class: 'step' },
		h('h3', {}, '修改问卷'),
		field(
			'问卷项目',
			area,
			'每行一项：评议类别|项目；每类的总体评价项在末尾加“|总体”。',
		),
		h('button', { type: 'submit', class: 'secondary' }, '保存问卷'),
	);
	onSubmit(form, async () => {
		const items = [];
		for (const [i, line] of area.value.split('\n').entries()) {
			if (!line.trim()) continue;
			const [d, name, overall] = line.split('|').map((x) => x.trim());
			if (!dims[d] || !name) {
				flash(`第 ${i + 1} 行应为“行风|项目”或“效能|项目”`, 'error');
				return;
			}
			items.push({
				dimension: dims[d],
				label: name,
				overall: overall === '总体',
			});
		}
		await api('PATCH', `/surveys/${s.id}`, { items });
		reload(s.id, '问卷已保存');
	});
	return form;
}

function button(text, hint, fn) {
	const b = h('button', { type: 'button' }, text);
	b.addEventListener('click', async () => {
		b.disabled = true;
		try {
			await fn();
		} catch (e) {
			showError(e);
		} finally {
			b.disabled = false;
		}
	});
	return h('div', { class: 'step' }, b, ' ', h('span', { class: 'muted' }, hint));
}

function codesStep(s) {
	const out = h('div');
	const unit = select('unit_id', [
		['', '全部单位'],
		...s.units.map((u) => [u.unit_id, u.unit_name]),
	]);
	const form = h(
		'form',
		{ class: 'step' },
		h('h3', {}, '自填问卷的一次性代码'),
		h(
			'p',
			{ class: 'muted' },
			'为尚未访问的样本生成代码，随信寄出；受访者在“满意度问卷”页面凭代码填写，每个代码只能用一次。代码只显示这一次。',
		),
		field('单位', unit),
		h('button', { type: 'submit', class: 'secondary' }, '生成代码'),
		out,
	);
	onSubmit(form, async () => {
		const v = formData(form).unit_id;
		const r = await post(`/surveys/${s.id}/codes`, v ? { unit_id: Number(v) } : {});
		clear(
			out,
			r.items.length
				? h(
						'table',
						{},
						h(
							'thead',
							{},
							h(
								'tr',
								{},
								[
									'单位代码',
									'受访者编号',
									'代码',
								].map((t) =>
									h(
										'th',
										{ scope: 'col' },
										t,
									),
								),
							),
						),
						h(
							'tbody',
							{},
							r.items.map((c) =>
								h(
									'tr',
									{},
									h('td', {}, c.unit_code),
									h(
										'td',
										{},
										c.respondent_id,
									),
									h(
										'td',
										{},
										h(
											'code',
											{},
											c.code,
										),
									),
								),
							),
						),
					)
				: h('p', { class: 'muted' }, '没有需要生成代码的样本。'),
		);
	});
	return form;
}

function recheckStep(s) {
	const box = h('div', { class: 'step' }, h('h3', {}, `复核（${s.recheck_share}%）`));
	add(
		box,
		button('抽取复核样本', '按种子从各单位已完成的电话访问中抽取。', async () => {
			const r = await post(`/surveys/${s.id}/recheck`);
			reload(s.id, `已抽取 ${r.drawn} 个复核样本`);
		}),
	);
	const list = h('div');
	add(box, list);
	get(`/surveys/${s.id}/sample?limit=500`)
		.then((page) => {
			const due = page.items.filter((p) => p.recheck === 1);
			if (due.length)
				clear(
					list,
					h('p', {}, `待复核 ${due.length} 人：`),
					h(
						'ul',
						{},
						due.map((p) =>
							h(
								'li',
								{},
								h(
									'a',
									{
										href: `#/surveys/${s.id}/call?recheck=${p.id}`,
									},
									`${p.unit_code} ${p.respondent_id}`,
								),
							),
						),
					),
				);
		})
		.catch(showError);
	get(`/surveys/${s.id}/recheck`)
		.then((r) => {
			if (!r.rechecked) return;
			add(
				box,
				h(
					'p',
					{},
					`已复核 ${r.rechecked} 人，回答一致 ${r.agreed} 人。`,
					r.items
						.filter((i) => i.differs.length)
						.map((i) =>
							h(
								'span',
								{ class: 'badge bad' },
								`${i.respondent_id}：第 ${i.differs.map((k) => k + 1).join('、')} 题不一致`,
							),
						),
				),
			);
		})
		.catch(showError);
	return box;
}

async function resultsSection(s) {
	let est;
	try {
		est = await get(`/surveys/${s.id}/estimates`);
	} catch (e) {
		return section('测评结果', h('p', { class: 'muted' }, '暂无结果。'));
	}
	const groups = [
		['department', '部门'],
		['street', '街镇'],
	];
	const box = section(
		est.frozen
			? '测评结果（已公布，冻结）'
			: est.state === 'finished'
				? '测评结果（调查已结束，待公布）'
				: '测评结果（调查进行中，随访问更新）',
		h(
			'p',
			{ class: 'muted' },
			`满意率 =（满意 + 基本满意）÷ 有效回答（不含“不了解”），括号内为 ${(
				est.confidence * 100
			).toFixed(
				0,
			)}% 区间（Wilson）；得分按 ${est.scale.join(' / ')} 计；名次范围表示区间重叠时可能的名次。`,
		),
	);
	for (const [g, name] of groups) {
		const rows = est.units.filter((u) => u.group === g);
		if (!rows.length) continue;
		add(
			box,
			h('h3', {}, name),
			h(
				'div',
				scrollBox(`${name}测评结果`),
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
								'完成',
								'应答率',
								'总体得分',
								'行风满意率',
								'效能满意率',
								'较基线',
							].map((t) => h('th', { scope: 'col' }, t)),
						),
					),
					h(
						'tbody',
						{},
						rows.map((u) =>
							h(
								'tr',
								{},
								h(
									'td',
									{},
									u.rank
										? u.rank_low ===
											u.rank_high
											? String(
													u.rank,
												)
											: `${u.rank}（${u.rank_low}–${u.rank_high}）`
										: '样本不足',
								),
								h('td', {}, u.unit_name),
								h(
									'td',
									{ class: 'num' },
									u.completed,
								),
								h(
									'td',
									{ class: 'num' },
									u.rr1 === null
										? '—'
										: pct(u.rr1),
								),
								h(
									'td',
									{ class: 'num' },
									num(u.overall.score),
									range(
										u.overall.score_low,
										u.overall
											.score_high,
										num,
									),
								),
								dimCell(u.conduct),
								dimCell(u.efficiency),
								h(
									'td',
									{ class: 'num' },
									diffText(u.baseline),
								),
							),
						),
					),
				),
			),
		);
	}
	return box;
}

function dimCell(d) {
	if (!d || d.rate === null) return h('td', { class: 'num' }, '—');
	return h(
		'td',
		{ class: 'num' },
		pct(d.rate),
		range(d.low, d.high, pct),
		d.unaware_share ? h('small', {}, ` 不了解 ${pct(d.unaware_share)}`) : null,
	);
}

function diffText(b) {
	if (!b || !b.overall || b.overall.diff === null) return '—';
	const o = b.overall;
	const sign = o.diff > 0 ? '+' : '';
	return `${sign}${(o.diff * 100).toFixed(1)} 个百分点（${(o.diff_low * 100).toFixed(1)}～${(
		o.diff_high * 100
	).toFixed(1)}）`;
}

function downloads(s) {
	const tables = [
		['design', '抽样设计'],
		['sample', '样本名单'],
		['outcomes', '访问结果'],
		['estimates', '测评结果'],
	];
	return section(
		'下载',
		h(
			'p',
			{ class: 'downloads' },
			tables.map(([t, name]) => [
				h(
					'a',
					{
						class: 'button secondary',
						href: downloadUrl(`/surveys/${s.id}/export/${t}`, {
							format: 'xlsx',
						}),
						download: '',
					},
					`${name} XLSX`,
				),
				' ',
			]),
		),
		h('p', { class: 'muted' }, '导出的名单和结果不含姓名、电话。'),
	);
}

// ---- calling ----

// The questionnaire as radio groups; keys 1–4 answer the focused item and move on.
function questionnaire(items, values = []) {
	const groups = items.map((it, i) =>
		h(
			'fieldset',
			{ class: 'q', dataset: { item: String(i) } },
			h(
				'legend',
				{},
				`${i + 1}. 【${label('dimension', it.dimension)}】${it.label}`,
			),
			ANSWERS.map((a, k) =>
				h(
					'label',
					{ class: 'choice' },
					h('input', {
						type: 'radio',
						name: `q${i}`,
						value: a,
						checked: values[i] === a,
						required: true,
					}),
					` ${k + 1} ${label('rating', a)}`,
				),
			),
		),
	);
	const box = h('div', { class: 'questionnaire' }, groups);
	box.addEventListener('keydown', (ev) => {
		const k = Number(ev.key);
		if (!(k >= 1 && k <= 4)) return;
		const fs = ev.target.closest('fieldset.q');
		if (!fs) return;
		ev.preventDefault();
		const radios = fs.querySelectorAll('input[type=radio]');
		radios[k - 1].checked = true;
		const next = fs.nextElementSibling;
		(next
			? next.querySelector('input[type=radio]')
			: box.parentNode.querySelector('[type=submit]')
		)?.focus();
	});
	return {
		el: box,
		values: () =>
			items.map(
				(_, i) =>
					(box.querySelector(`input[name=q${i}]:checked`) || {})
						.value,
			),
	};
}

export async function surveyCallPage(main, m, query) {
	const id = m[0];
	const s = await get(`/surveys/${id}`);
	add(main, h('p', {}, h('a', { href: `#/surveys/${id}` }, `← ${s.title}`)));
	const recheck = query.get('recheck');
	if (recheck) {
		const p = await get(`/surveys/${id}/people/${recheck}`);
		add(main, h('h1', {}, '复核'), personCard(p));
		const q = questionnaire(s.items);
		const form = h(
			'form',
			{ class: 'card' },
			q.el,
			h('button', { type: 'submit' }, '保存复核'),
		);
		onSubmit(form, async () => {
			await post(`/surveys/${id}/people/${p.id}/recheck`, {
				answers: q.values(),
			});
			go(`#/surveys/${id}`, '复核已保存');
		});
		add(main, form);
		return;
	}
	add(main, h('h1', {}, '电话访问'));
	const res = await api('POST', `/surveys/${id}/next`, {});
	if (!res) {
		add(main, h('p', {}, '所有样本都已访问。'));
		return;
	}
	add(main, personCard(res));
	const q = questionnaire(s.items);
	const outcome = h('div', { class: 'outcomes' });
	const done = async (body, text) => {
		await post(`/surveys/${id}/people/${res.id}/outcome`, body);
		go(`#/surveys/${id}/call?t=${Date.now()}`, text);
	};
	for (const o of ['refused', 'unreachable', 'ineligible'])
		add(
			outcome,
			button(label('outcome', o), '', () =>
				done({ outcome: o }, `已记录：${label('outcome', o)}`),
			),
		);
	add(
		outcome,
		button('稍后再拨', '', async () => {
			await post(`/surveys/${id}/people/${res.id}/callback`);
			go(`#/surveys/${id}/call?t=${Date.now()}`, '已放回待拨');
		}),
	);
	const form = h(
		'form',
		{ class: 'card', novalidate: true },
		h('h2', {}, '访问完成：录入回答'),
		h(
			'p',
			{ class: 'muted' },
			'聚焦某题后按 1 满意、2 基本满意、3 不满意、4 不了解，自动跳到下一题。',
		),
		q.el,
		h('button', { type: 'submit' }, '保存并访问下一位'),
	);
	onSubmit(form, async () => {
		const answers = q.values();
		const missing = answers.findIndex((a) => !a);
		if (missing >= 0) {
			flash(`第 ${missing + 1} 题尚未回答`, 'error');
			return;
		}
		await done({ outcome: 'completed', answers }, '已保存访问结果');
	});
	add(main, section('未完成访问', outcome), form);
	form.querySelector('input[type=radio]').focus();
}

function personCard(p) {
	return section(
		`${p.unit_name} · ${p.respondent_id}`,
		dl([
			['姓名', p.name],
			['电话', p.phone && h('a', { href: `tel:${p.phone}` }, p.phone)],
			['分层', p.stratum],
			['抽样顺序', String(p.draw_pos)],
			['已拨打', `${p.attempts} 次`],
		]),
	);
}

// ---- the public's questionnaire ----

export function publicSurveyPage(main, m) {
	add(main, h('h1', {}, '满意度问卷'));
	const form = h(
		'form',
		{ class: 'card narrow', novalidate: true },
		h('p', {}, '请输入调查信函上的 10 位代码。'),
		field('代码', h('input', { name: 'code', autocomplete: 'off', required: true })),
		h('button', { type: 'submit' }, '开始填写'),
	);
	if (m[0]) form.code.value = m[0];
	const box = h('div');
	onSubmit(form, async () => {
		const code = form.code.value.replace(/[\s-]/g, '').toUpperCase();
		const qn = await get(`/public/survey/${encodeURIComponent(code)}`);
		const q = questionnaire(qn.items);
		const answer = h(
			'form',
			{ class: 'card', novalidate: true },
			h('h2', {}, qn.title),
			h(
				'p',
				{},
				`请就“${qn.unit_name}”的工作作风作答。您的回答只用于统计，不会交给被评议单位。`,
			),
			q.el,
			h('button', { type: 'submit' }, '提交问卷'),
		);
		onSubmit(answer, async () => {
			const answers = q.values();
			if (answers.some((a) => !a)) {
				flash('请回答每一题（不了解也请选择“不了解”）', 'error');
				return;
			}
			await post(`/public/survey/${encodeURIComponent(code)}`, { answers });
			clear(
				box,
				section(
					'感谢参与',
					h('p', {}, '问卷已提交，感谢您对作风建设的支持。'),
				),
			);
			form.hidden = true;
		});
		clear(box, answer);
	});
	add(main, form, box);
}
