// The home page of each role: what needs doing first, with counts that link
// to the records behind them.

import { h, add } from './dom.js';
import { get, qs } from './api.js';
import { app, role, currentCampaign } from './ui.js';
import { section } from './components.js';
import { label } from './labels.js';
import { problemTable } from './problems.js';

function tile(count, text, href, tone) {
	return h(
		'a',
		{ class: 'tile ' + (tone || '') + (count ? '' : ' zero'), href },
		h('span', { class: 'count' }, String(count ?? 0)),
		h('span', { class: 'what' }, text),
	);
}

// What each role should see first: [count key path, text, link, tone].
function todo(s) {
	const p = s.problems;
	const o = s.opinions || {};
	const st = p.by_status;
	switch (role()) {
		case 'unit':
			return [
				[st.dispatched, '待签收', '#/problems?status=dispatched', 'warn'],
				[
					st.acknowledged,
					'待反馈（意见反馈表）',
					'#/problems?status=acknowledged',
					'warn',
				],
				[
					st.answered + st.rectifying,
					'整改中（整改情况表）',
					'#/problems?status=rectifying',
				],
				[p.overdue, '已逾期', '#/problems?overdue=true', 'bad'],
				[p.due_soon, '3个工作日内到期', '#/problems?due_soon=true', 'warn'],
				[p.flagged, '挂牌', '#/problems?flagged=true', 'bad'],
			];
		case 'point':
			return [
				[o.total, '已录入意见', '#/opinions'],
				[o.received, '待汇总', '#/opinions?status=received'],
				[o.merged, '已汇总', '#/opinions?status=merged'],
				[
					p.awaiting_evaluation,
					'待效果评定',
					'#/problems?status=verified',
					'warn',
				],
			];
		case 'leader':
			return [
				[o.total, '收到意见', '#/opinions'],
				[p.total, '汇总问题', '#/problems'],
				[p.overdue, '逾期问题', '#/problems?overdue=true', 'bad'],
				[p.flagged, '挂牌', '#/problems?flagged=true', 'bad'],
				[st.closed, '已销号', '#/problems?status=closed'],
			];
		default: // admin, station
			return [
				[o.received, '待汇总意见', '#/opinions?status=received', 'warn'],
				[st.open, '待转办问题', '#/problems?status=open', 'warn'],
				[st.returned, '被退回', '#/problems?status=returned', 'bad'],
				[
					p.awaiting_verification,
					'待验收',
					'#/problems?status=rectified',
					'warn',
				],
				[
					p.awaiting_evaluation,
					'待评定/销号',
					'#/problems?status=verified',
					'warn',
				],
				role() === 'admin'
					? [
							p.extension_pending,
							'延期待审批',
							'#/problems?extension_pending=true',
							'warn',
						]
					: null,
				[p.overdue, '已逾期', '#/problems?overdue=true', 'bad'],
				[p.flagged, '挂牌', '#/problems?flagged=true', 'bad'],
			].filter(Boolean);
	}
}

export async function homePage(main) {
	const c = currentCampaign();
	const s = await get('/summary' + qs({ campaign_id: c && c.id }));
	add(
		main,
		h('h1', {}, '工作台'),
		h(
			'p',
			{ class: 'muted' },
			`${app.user.display_name}（${label('role', app.user.role)}）`,
			c ? ` · 当前活动：${c.name}` : '',
		),
		h(
			'div',
			{ class: 'tiles', 'aria-label': '待办事项' },
			todo(s).map(([n, t, href, tone]) => tile(n, t, href, tone)),
		),
	);
	if (role() === 'point' || role() === 'station' || role() === 'admin')
		add(
			main,
			h(
				'p',
				{},
				h(
					'a',
					{ class: 'button', href: '#/opinions/new' },
					'录入征求意见表',
				),
			),
		);
	if (s.funnel)
		add(
			main,
			section(
				'五表办理进度',
				h(
					'ol',
					{ class: 'funnel' },
					s.funnel.map((f) =>
						h(
							'li',
							{},
							h(
								'span',
								{ class: 'what' },
								`表${f.form} ${f.label}`,
							),
							h(
								'span',
								{ class: 'count' },
								String(f.count),
							),
						),
					),
				),
			),
		);
	// The most pressing problems first: overdue, then those due soonest.
	const urgent = await get('/problems' + qs({ overdue: 'true', limit: 10 }));
	if (urgent.items.length)
		add(
			main,
			section(
				'逾期问题',
				problemTable(urgent.items),
				h('a', { href: '#/problems?overdue=true' }, '查看全部逾期问题'),
			),
		);
	if (role() === 'unit') {
		const waiting = await get('/problems' + qs({ status: 'dispatched', limit: 10 }));
		add(
			main,
			section(
				'待签收',
				waiting.items.length
					? problemTable(waiting.items)
					: h('p', { class: 'muted' }, '没有待签收的问题。'),
			),
		);
	}
}
