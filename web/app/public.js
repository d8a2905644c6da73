// The public's pages: give an opinion, track it by receipt and evaluate the
// rectification, and read the bulletins of flagged cases. No login.

import { h, clear, field, select, formData, fmtTime, add } from './dom.js';
import { get, post, qs } from './api.js';
import { flash, onSubmit } from './ui.js';
import { printReceipt, section, dl, workdaysBadge, stageStep } from './components.js';
import { L, label } from './labels.js';
import { go } from './router.js';

export async function publicGivePage(main) {
	const units = (await get('/public/units')).items;
	const result = h('div', { 'aria-live': 'polite' });
	const form = h(
		'form',
		{ class: 'card public', novalidate: true, 'aria-label': '我要提意见' },
		field(
			'您要反映的单位',
			select(
				'target_unit_id',
				[['', '请选择'], ...units.map((u) => [u.id, u.name])],
				'',
				{ required: true },
			),
		),
		h(
			'fieldset',
			{ class: 'field' },
			h('legend', {}, '意见类别'),
			h(
				'label',
				{ class: 'inline' },
				h('input', {
					type: 'radio',
					name: 'dimension',
					value: 'conduct',
					checked: true,
				}),
				'行风（服务态度、作风纪律）',
			),
			h(
				'label',
				{ class: 'inline' },
				h('input', {
					type: 'radio',
					name: 'dimension',
					value: 'efficiency',
				}),
				'效能（办事效率、流程）',
			),
		),
		field(
			'意见内容',
			h('textarea', {
				name: 'content',
				rows: 6,
				required: true,
				maxlength: 2000,
			}),
			'请写明时间、地点和经过，最多2000字',
		),
		field(
			'您的姓名（可选）',
			h('input', { name: 'submitter_name', maxlength: 50, autocomplete: 'name' }),
		),
		field(
			'联系电话（可选）',
			h('input', {
				name: 'submitter_phone',
				type: 'tel',
				maxlength: 20,
				autocomplete: 'tel',
				inputmode: 'tel',
			}),
		),
		h('p', { class: 'muted' }, '您的姓名和电话只用于核实和回访，不会告知被评议单位。'),
		h('button', { type: 'submit' }, '提交意见'),
	);
	onSubmit(form, async () => {
		const d = formData(form);
		const b = {
			target_unit_id: Number(d.target_unit_id) || 0,
			dimension: d.dimension,
			content: d.content || '',
		};
		if (d.submitter_name) b.submitter_name = d.submitter_name;
		if (d.submitter_phone) b.submitter_phone = d.submitter_phone;
		if (!b.target_unit_id) {
			flash('请选择您要反映的单位', 'error');
			form.target_unit_id.focus();
			return;
		}
		const r = await post('/public/opinions', b);
		form.reset();
		// The receipt as the server recorded the opinion (its time); as typed if that fails.
		let t = null;
		try {
			t = await get(`/public/track/${encodeURIComponent(r.receipt)}`);
		} catch (e) {
			/* the receipt alone is enough to track it */
		}
		const unit = units.find((u) => u.id === b.target_unit_id);
		clear(
			result,
			receiptSheet(
				{
					receipt: t ? t.receipt : r.receipt,
					channel: label('channel', 'online'),
					unit:
						t && t.target_unit
							? t.target_unit.name
							: unit && unit.name,
					dimension: label('dimension', b.dimension),
					received_at: t && t.received_at,
					content: t ? t.content : b.content,
				},
				'提交成功',
			),
		);
		main.classList.add('receipt-only');
		result.scrollIntoView({ block: 'nearest' });
	});
	add(
		main,
		h('h1', {}, '我要提意见'),
		h(
			'p',
			{},
			'对全区部门和街镇的作风、效能有意见或建议，请在此提交。意见将转交监测站汇总、转办，办理结果可凭回执查询。',
		),
		form,
		result,
	);
}

/* ---- the receipt ---- */

// The address where an opinion is tracked by its receipt, on this server.
export function trackUrl(receipt) {
	return `${location.origin}${location.pathname}#/public/track/${encodeURIComponent(receipt)}`;
}

// A time as the district writes dates on paper: 2026年12月7日 09:30.
function dateOnPaper(s) {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(s || '');
	return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日 ${m[4]}` : null;
}

const SVG = 'http://www.w3.org/2000/svg';

// The QR code of @p text as an SVG image named @p name, drawn by qrcode-generator
// (web/vendor/qrcode.mjs, copied there by make), module by module, with its quiet zone.
async function qrImage(text, name) {
	const { default: qrcode } = await import('/vendor/qrcode.mjs');
	const qr = qrcode(0, 'M');
	qr.addData(text);
	qr.make();
	const n = qr.getModuleCount();
	const q = 4;
	let d = '';
	for (let r = 0; r < n; r++)
		for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c + q} ${r + q}h1v1h-1z`;
	const svg = document.createElementNS(SVG, 'svg');
	const size = n + 2 * q;
	for (const [k, v] of Object.entries({
		viewBox: `0 0 ${size} ${size}`,
		role: 'img',
		'aria-label': name,
		class: 'qr',
		'shape-rendering': 'crispEdges',
	}))
		svg.setAttribute(k, v);
	const title = document.createElementNS(SVG, 'title');
	title.textContent = name;
	const bg = document.createElementNS(SVG, 'rect');
	bg.setAttribute('width', size);
	bg.setAttribute('height', size);
	bg.setAttribute('fill', '#fff');
	const path = document.createElementNS(SVG, 'path');
	path.setAttribute('d', d);
	path.setAttribute('fill', '#000');
	svg.append(title, bg, path);
	return svg;
}

// The receipt an opinion giver keeps, on screen and printed alone on A4: who took the
// opinion (@p o.office, when known), about whom, when, what it says, the receipt number,
// and where and how to follow it (the address, its QR code). @p o: receipt, office,
// channel, unit, dimension, received_at, content; @p heading: what the title says before
// 意见回执 on screen. Only what the server gave is shown: a missing fact leaves its line out.
export function receiptSheet(o, heading = '') {
	const url = trackUrl(o.receipt);
	const qr = h('div', { class: 'qr-box' }, h('p', { class: 'muted' }, '正在生成二维码…'));
	qrImage(url, `办理进度查询地址的二维码：${url}`).then(
		(img) => clear(qr, img),
		() =>
			clear(
				qr,
				h(
					'p',
					{ class: 'muted' },
					'二维码未能生成，请记下上面的查询地址。',
				),
			),
	);
	const when = dateOnPaper(o.received_at);
	const box = h(
		'div',
		{ class: 'receipt receipt-sheet', role: 'region', 'aria-label': '意见回执' },
		h('p', { class: 'receipt-issuer' }, '区纠风办 · “三级两评五表”作风监督'),
		h(
			'h2',
			{},
			heading ? h('span', { class: 'no-print' }, heading + '：') : null,
			'意见回执',
		),
		h(
			'p',
			{ class: 'receipt-no' },
			'回执号：',
			h('strong', { class: 'code', 'data-receipt': o.receipt }, o.receipt),
		),
		h(
			'table',
			{ class: 'receipt-table' },
			h(
				'tbody',
				{},
				[
					['收集单位', o.office],
					['征求方式', o.channel],
					['被评议单位', o.unit],
					['意见类别', o.dimension],
					['提交时间', when],
					['意见内容', o.content],
				]
					.filter(([, v]) => v)
					.map(([k, v]) =>
						h(
							'tr',
							{},
							h('th', { scope: 'row' }, k),
							h(
								'td',
								{
									class:
										k === '意见内容'
											? 'pre'
											: null,
								},
								v,
							),
						),
					),
			),
		),
		h(
			'div',
			{ class: 'receipt-track' },
			h(
				'div',
				{},
				h('h3', {}, '查询办理进度'),
				h(
					'p',
					{},
					'查询地址：',
					h('a', { class: 'track-url', href: url }, url),
				),
				h(
					'p',
					{},
					'请妥善保管本回执。用手机扫描右侧二维码，或在“进度查询”页面输入回执号，可查看意见的汇总、转办、反馈和整改情况，并在整改验收后评价整改效果。',
				),
			),
			qr,
		),
		h(
			'p',
			{ class: 'receipt-actions no-print' },
			h(
				'button',
				{
					type: 'button',
					onclick: (ev) =>
						printReceipt(ev.target.closest('.receipt')),
				},
				'打印回执',
			),
			' ',
			h(
				'a',
				{ class: 'button secondary', href: `#/public/track/${o.receipt}` },
				'查询进度',
			),
		),
	);
	return box;
}

// The steps shown to the public, and the one each state of a problem shows as.
const PUBLIC_STEPS = ['已收到', '已汇总', '已转办', '已反馈', '整改中', '已验收', '已销号'];
const PUBLIC_STEP_OF = {
	open: 1,
	returned: 2,
	dispatched: 2,
	acknowledged: 2,
	answered: 3,
	rectifying: 4,
	rectified: 4,
	verified: 5,
	closed: 6,
};

function steps(t) {
	const at = t.problem ? PUBLIC_STEP_OF[t.problem.status] || 1 : 0;
	return h(
		'ol',
		{ class: 'stages', 'aria-label': '办理进度' },
		PUBLIC_STEPS.map((text, i) =>
			stageStep(text, i < at ? 'done' : i === at ? 'now' : null),
		),
	);
}

function evaluationForm(receipt, after) {
	const form = h(
		'form',
		{ class: 'card', novalidate: true, 'aria-label': '评价整改效果' },
		h('h2', {}, '评价整改效果'),
		h(
			'fieldset',
			{ class: 'field' },
			h('legend', {}, '您对整改效果是否满意'),
			Object.entries(L.rating).map(([v, t]) =>
				h(
					'label',
					{ class: 'inline' },
					h('input', {
						type: 'radio',
						name: 'rating',
						value: v,
						required: true,
					}),
					t,
				),
			),
		),
		field(
			'补充说明（可选）',
			h('textarea', { name: 'note', rows: 3, maxlength: 2000 }),
		),
		h('button', { type: 'submit' }, '提交评价'),
	);
	onSubmit(form, async () => {
		const d = formData(form);
		if (!d.rating) {
			flash('请选择您对整改效果的评价', 'error');
			return;
		}
		await post(`/public/track/${encodeURIComponent(receipt)}/evaluation`, {
			rating: d.rating,
			note: d.note || '',
		});
		await after();
		flash('感谢您的评价');
	});
	return form;
}

export async function publicTrackPage(main, [receipt]) {
	const form = h(
		'form',
		{ class: 'card public', role: 'search', 'aria-label': '进度查询' },
		field(
			'回执号',
			h('input', {
				name: 'receipt',
				required: true,
				value: receipt || '',
				autocomplete: 'off',
				autocapitalize: 'characters',
				spellcheck: 'false',
			}),
		),
		h('button', { type: 'submit' }, '查询'),
	);
	const out = h('div', { 'aria-live': 'polite' });
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		const r = form.receipt.value.replace(/[\s-]/g, '').toUpperCase();
		if (r) go(`#/public/track/${encodeURIComponent(r)}`);
	});
	add(main, h('h1', {}, '办理进度查询'), form, out);
	if (!receipt) return;
	const show = async () => {
		let t;
		try {
			t = await get(`/public/track/${encodeURIComponent(receipt)}`);
		} catch (e) {
			if (e.status === 404) {
				clear(
					out,
					h(
						'p',
						{ class: 'flash error', role: 'alert' },
						'没有找到这个回执号，请核对后再试。',
					),
				);
				return;
			}
			throw e;
		}
		const p = t.problem;
		clear(
			out,
			section(
				'您的意见',
				dl([
					['回执号', t.receipt],
					['被评议单位', t.target_unit && t.target_unit.name],
					['提交时间', fmtTime(t.received_at)],
					['内容', t.content],
					[
						'状态',
						t.status === 'rejected'
							? '不予受理' +
								(t.reject_reason
									? '：' + t.reject_reason
									: '')
							: null,
					],
				]),
			),
			t.status !== 'rejected' ? steps(t) : null,
			p
				? section(
						'办理情况',
						dl([
							['问题', p.title],
							[
								'当前环节',
								label('problemStatus', p.status),
							],
							[
								'办理期限',
								p.due_on
									? p.due_on +
										(p.overdue
											? '（已逾期）'
											: '')
									: null,
							],
							['单位答复', p.reply],
							['整改计划', p.plan],
							['整改措施', p.measures],
							[
								'整改进度',
								p.percent ? p.percent + '%' : null,
							],
						]),
					)
				: h(
						'p',
						{ class: 'muted' },
						t.status === 'received'
							? '您的意见已收到，正在汇总，请耐心等待。'
							: '',
					),
			p && p.evaluable ? evaluationForm(receipt, show) : null,
			p && p.evaluation
				? h(
						'p',
						{ class: 'rated' },
						`您已于 ${fmtTime(p.evaluation.at)} 评价：`,
						label('rating', p.evaluation.rating),
					)
				: null,
		);
	};
	await show();
}

export async function publicBulletinsPage(main) {
	const r = await get('/public/bulletins' + qs({ limit: 100 }));
	add(
		main,
		h('h1', {}, '通报与挂牌限时整改'),
		r.items.length
			? h(
					'div',
					{ class: 'bulletins' },
					r.items.map((b) => {
						return h(
							'article',
							{ class: 'card' },
							h(
								'h2',
								{},
								b.title,
								' ',
								b.flagged
									? h(
											'span',
											{
												class:
													'badge ' +
													(b.delisted
														? 'ok'
														: 'flag'),
											},
											b.delisted
												? '已摘牌'
												: '挂牌',
										)
									: null,
							),
							h(
								'p',
								{ class: 'muted' },
								b.unit_name,
								' · ',
								label('problemStatus', b.status),
								b.published_at
									? ' · 发布于 ' +
											fmtTime(
												b.published_at,
											)
									: '',
							),
							b.flag_due_on && !b.delisted
								? h(
										'p',
										{},
										'整改期限：',
										b.flag_due_on,
										' ',
										workdaysBadge(
											b.flag_due_on,
											b.workdays_left,
											5,
										),
									)
								: null,
							b.bulletin
								? h(
										'p',
										{ class: 'pre' },
										b.bulletin,
									)
								: null,
						);
					}),
				)
			: h('p', { class: 'muted' }, '目前没有通报或挂牌的问题。'),
		r.checkpoint
			? h(
					'section',
					{ class: 'checkpoint', 'aria-label': '办理记录存证' },
					h('h2', {}, '办理记录存证'),
					h(
						'p',
						{ class: 'muted' },
						`截至 ${r.checkpoint.before} 零时，全部办理记录共 ${r.checkpoint.events} 条，末条记录的校验值为：`,
					),
					h('p', { class: 'mono' }, r.checkpoint.head),
					h(
						'p',
						{ class: 'muted' },
						'记录一经写入不可更改。保存本页的条数与校验值，日后可据此核验此前的任何记录未被删改。',
					),
				)
			: null,
	);
}
