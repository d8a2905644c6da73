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
		clear(
			result,
			h(
				'div',
				{ class: 'receipt card' },
				h('h2', {}, '提交成功'),
				h(
					'p',
					{},
					'您的回执号：',
					h(
						'strong',
						{ class: 'code', 'data-receipt': r.receipt },
						r.receipt,
					),
				),
				h(
					'p',
					{},
					'请记下回执号，凭它查询办理进度，并在整改验收后评价整改效果。',
				),
				h(
					'p',
					{},
					h(
						'a',
						{
							class: 'button',
							href: `#/public/track/${r.receipt}`,
						},
						'查询进度',
					),
				),
				h(
					'button',
					{
						type: 'button',
						class: 'secondary no-print',
						onclick: (ev) =>
							printReceipt(ev.target.closest('.receipt')),
					},
					'打印回执',
				),
			),
		);
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
