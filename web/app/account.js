// 我的账号: who one is signed in as, and one's logins (我的登录) with where and when
// each was made and last used; any but the current one can be ended from here.

import { h, clear, scrollBox, labelCells, fmtTime } from './dom.js';
import { api, get } from './api.js';
import { app, flash, showError, unitName } from './ui.js';
import { label } from './labels.js';
import { dl } from './components.js';
import { focusHeading } from './router.js';

// A browser's User-Agent in a few words: the browser and the system it runs on.
export function agentWords(agent) {
	if (!agent) return '未知';
	const browser =
		[
			[/Edg\//, 'Edge'],
			[/OPR\/|Opera/, 'Opera'],
			[/Firefox\//, 'Firefox'],
			[/Chrom(e|ium)\//, 'Chrome'],
			[/Safari\//, 'Safari'],
			[/^curl\//, 'curl'],
		].find(([re]) => re.test(agent))?.[1] || '其他客户端';
	const system =
		[
			[/Android/, 'Android'],
			[/iPhone|iPad/, 'iOS'],
			[/Windows/, 'Windows'],
			[/Mac OS X|Macintosh/, 'macOS'],
			[/Linux/, 'Linux'],
		].find(([re]) => re.test(agent))?.[1] || '';
	return system ? `${browser} · ${system}` : browser;
}

export async function accountPage(main) {
	const u = app.user;
	main.appendChild(
		h(
			'div',
			{ class: 'card' },
			h('h1', {}, '我的账号'),
			dl([
				['姓名', u.display_name],
				['用户名', u.username],
				['角色', label('role', u.role)],
				['所属单位', u.unit_id ? unitName(u.unit_id) : '—'],
			]),
		),
	);
	const box = h('section', { class: 'card', 'aria-labelledby': 'logins-h' });
	main.appendChild(box);
	await showLogins(box);
}

async function showLogins(box) {
	const list = await get('/sessions');
	const others = list.items.filter((s) => !s.current);
	const table = h(
		'table',
		{},
		h('caption', { class: 'sr-only' }, '我的登录'),
		h(
			'thead',
			{},
			h(
				'tr',
				{},
				['登录时间', '最近使用', '到期时间', '地址', '浏览器', '操作'].map(
					(t) => h('th', { scope: 'col' }, t),
				),
			),
		),
		h(
			'tbody',
			{},
			list.items.map((s) =>
				h(
					'tr',
					{ dataset: { session: s.id } },
					h('td', {}, fmtTime(s.created_at)),
					h('td', {}, fmtTime(s.last_seen)),
					h('td', {}, fmtTime(s.expires_at)),
					h('td', {}, s.ip || '未知'),
					h('td', { title: s.agent || '' }, agentWords(s.agent)),
					h(
						'td',
						{},
						s.current
							? h(
									'span',
									{ class: 'badge ok' },
									'本次登录',
								)
							: h(
									'button',
									{
										type: 'button',
										class: 'secondary',
										'aria-label': `结束 ${fmtTime(s.created_at)} 的登录`,
										onclick: (ev) =>
											end(
												box,
												[s],
												ev.currentTarget,
											),
									},
									'结束',
								),
					),
				),
			),
		),
	);
	clear(
		box,
		h('h2', { id: 'logins-h' }, '我的登录'),
		h(
			'p',
			{ class: 'muted' },
			`每个账号最多同时保持 10 个登录；${list.idle_minutes} 分钟未使用的登录自动结束。` +
				'如有不认识的登录，请结束它并修改密码。',
		),
		h('div', scrollBox('我的登录'), labelCells(table)),
		others.length > 1
			? h(
					'button',
					{
						type: 'button',
						class: 'secondary',
						onclick: (ev) => end(box, others, ev.currentTarget),
					},
					`结束其他 ${others.length} 个登录`,
				)
			: null,
	);
}

async function end(box, sessions, button) {
	button.disabled = true;
	try {
		for (const s of sessions) await api('DELETE', `/sessions/${s.id}`);
		await showLogins(box);
		flash(sessions.length > 1 ? `已结束 ${sessions.length} 个登录` : '已结束该登录');
		focusHeading();
	} catch (e) {
		button.disabled = false;
		showError(e);
	}
}
