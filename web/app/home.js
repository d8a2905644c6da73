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

// The server's tiles, each with the list that holds exactly its count. A staff list of
// opinions shows only those waiting unless told otherwise: "all" says so.
function tileLink(t) {
	const f = { ...t.filter };
	if (t.list === 'opinions' && !f.status) f.status = 'all';
	return '#/' + t.list + qs(f);
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
			{ class: 'tiles', role: 'group', 'aria-label': '待办事项' },
			s.tiles.map((t) => tile(t.count, t.label, tileLink(t), t.tone)),
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
	// The most pressing problems first: the longest overdue at the top.
	const urgent = await get('/problems' + qs({ overdue: 'true', sort: 'due_on', limit: 10 }));
	if (urgent.items.length)
		add(
			main,
			section(
				'逾期问题',
				problemTable(urgent.items, '逾期问题'),
				h(
					'a',
					{ href: '#/problems?overdue=true&sort=due_on' },
					'查看全部逾期问题',
				),
			),
		);
	if (role() === 'unit') {
		const waiting = await get('/problems' + qs({ status: 'dispatched', limit: 10 }));
		add(
			main,
			section(
				'待签收',
				waiting.items.length
					? problemTable(waiting.items, '待签收')
					: h('p', { class: 'muted' }, '没有待签收的问题。'),
			),
		);
	}
}
