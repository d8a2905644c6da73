// The single-page shell: session, navigation per role, and the hash router.

import { h, clear } from './dom.js';
import { api, get, ApiError } from './api.js';
import { app, role, setSession, loadDirectory, flash, clearFlash, showError, onSubmit } from './ui.js';
import { label } from './labels.js';
import { homePage } from './home.js';
import { opinionEntryPage, opinionListPage, opinionPage } from './opinions.js';
import { problemListPage, problemPage } from './problems.js';
import { dashboardPage } from './dashboard.js';
import { formsPage } from './forms.js';
import { publicGivePage, publicTrackPage, publicBulletinsPage } from './public.js';

const STAFF = ['admin', 'station', 'point', 'unit', 'leader'];

// [pattern, page, roles allowed (null: anyone, logged in or not)]
const ROUTES = [
	[/^\/login$/, loginPage, null],
	[/^\/$/, homePage, STAFF],
	[/^\/opinions\/new$/, opinionEntryPage, ['admin', 'station', 'point']],
	[/^\/opinions$/, opinionListPage, ['admin', 'station', 'point', 'leader']],
	[/^\/opinions\/(\d+)$/, opinionPage, ['admin', 'station', 'point', 'leader']],
	[/^\/problems$/, problemListPage, STAFF],
	[/^\/problems\/(\d+)$/, problemPage, STAFF],
	[/^\/dashboard$/, dashboardPage, ['admin', 'leader', 'station']],
	[/^\/forms$/, formsPage, ['admin', 'leader', 'station', 'point', 'unit']],
	[/^\/public$/, publicGivePage, null],
	[/^\/public\/track(?:\/([A-Za-z0-9]+))?$/, publicTrackPage, null],
	[/^\/public\/bulletins$/, publicBulletinsPage, null],
];

const NAV = {
	admin: [['#/', '工作台'], ['#/opinions', '意见收件箱'], ['#/opinions/new', '录入意见'], ['#/problems', '问题台账'], ['#/dashboard', '统计看板'], ['#/forms', '五表下载'], ['#/public/bulletins', '通报挂牌']],
	station: [['#/', '工作台'], ['#/opinions', '意见收件箱'], ['#/opinions/new', '录入意见'], ['#/problems', '问题台账'], ['#/dashboard', '统计看板'], ['#/forms', '五表下载']],
	point: [['#/', '工作台'], ['#/opinions/new', '录入意见'], ['#/opinions', '我的录入'], ['#/problems', '办理进度'], ['#/forms', '五表下载']],
	unit: [['#/', '工作台'], ['#/problems', '待办问题'], ['#/forms', '五表下载']],
	leader: [['#/', '工作台'], ['#/dashboard', '统计看板'], ['#/problems', '问题台账'], ['#/opinions', '意见台账'], ['#/forms', '五表下载'], ['#/public/bulletins', '通报挂牌']],
	public: [['#/public', '我要提意见'], ['#/public/track', '进度查询'], ['#/public/bulletins', '通报挂牌'], ['#/login', '工作人员登录']],
};

export function parseHash() {
	const raw = decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
	const [path, query] = raw.split('?');
	return { path: path || '/', query: new URLSearchParams(query || '') };
}

function renderChrome() {
	const nav = document.getElementById('nav');
	const who = document.getElementById('who');
	const items = NAV[role() || 'public'];
	const { path } = parseHash();
	clear(nav, items.map(([href, text]) => h('a', { href, 'aria-current': href === '#' + path ? 'page' : null }, text)));
	if (app.user) {
		clear(who, h('span', { class: 'user' }, app.user.display_name, h('small', {}, ' · ' + label('role', app.user.role))),
			h('button', { type: 'button', class: 'secondary', onclick: logout }, '退出'));
	} else {
		clear(who);
	}
	document.body.dataset.role = role() || 'public';
}

async function logout() {
	try {
		await api('DELETE', '/session');
	} catch (e) {
		/* the session may have expired already */
	}
	setSession(null);
	localStorage.removeItem('signed-in');
	await loadDirectory().catch(() => {});
	location.hash = '#/login';
}

function loginPage(main) {
	if (app.user) {
		location.hash = '#/';
		return;
	}
	const form = h('form', { class: 'card narrow', novalidate: true },
		h('h1', {}, '工作人员登录'),
		h('div', { class: 'field' }, h('label', { for: 'login-user' }, '用户名'),
			h('input', { id: 'login-user', name: 'username', autocomplete: 'username', required: true, autofocus: true })),
		h('div', { class: 'field' }, h('label', { for: 'login-pass' }, '密码'),
			h('input', { id: 'login-pass', name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
		h('button', { type: 'submit' }, '登录'),
		h('p', { class: 'muted' }, '群众请使用 ', h('a', { href: '#/public' }, '我要提意见'), ' 和 ', h('a', { href: '#/public/track' }, '进度查询'), '，无需登录。'));
	onSubmit(form, async () => {
		const username = form.username.value.trim();
		const password = form.password.value;
		if (!username || !password) {
			flash('请输入用户名和密码', 'error');
			return;
		}
		try {
			setSession(await api('POST', '/session', { username, password }));
			localStorage.setItem('signed-in', '1');
		} catch (e) {
			if (e instanceof ApiError && e.status === 401) {
				flash('用户名或密码不正确', 'error');
				form.password.value = '';
				form.password.focus();
				return;
			}
			throw e;
		}
		await loadDirectory();
		const back = sessionStorage.getItem('after-login');
		sessionStorage.removeItem('after-login');
		location.hash = back || '#/';
	});
	main.appendChild(form);
	form.username.focus();
}

let generation = 0;

// moved: a move within the app (not the first page of a load), after which
// the focus goes to the page.
async function route(moved) {
	const { path, query } = parseHash();
	const main = document.getElementById('main');
	const mine = ++generation;
	clearFlash();
	renderChrome();
	for (const [re, page, roles] of ROUTES) {
		const m = path.match(re);
		if (!m)
			continue;
		if (roles && !app.user) {
			sessionStorage.setItem('after-login', location.hash);
			location.hash = '#/login';
			return;
		}
		if (roles && !roles.includes(app.user.role)) {
			clear(main, h('div', { class: 'card' }, h('h1', {}, '无权访问'), h('p', {}, '您的角色不能使用此页面。'), h('a', { href: '#/' }, '返回工作台')));
			return;
		}
		// Each visit renders into its own view, so a slow earlier visit can
		// never write into the page that replaced it.
		const view = h('div', { class: 'view' });
		clear(main, view);
		main.setAttribute('aria-busy', 'true');
		try {
			await page(view, m.slice(1), query);
		} catch (e) {
			if (mine === generation) {
				if (e instanceof ApiError && e.status === 401) {
					setSession(null);
					localStorage.removeItem('signed-in');
					sessionStorage.setItem('after-login', location.hash);
					location.hash = '#/login';
					return;
				}
				showError(e);
			}
		} finally {
			if (mine === generation)
				main.removeAttribute('aria-busy');
		}
		const h1 = view.querySelector('h1');
		if (h1)
			document.title = h1.textContent + ' · 五表';
		// After a move by link the focus would stay in the navigation; put it
		// on the page, where the next Tab goes on, unless the page chose a field.
		const at = document.activeElement;
		if (moved && mine === generation && (!at || at === document.body || at.closest('header')))
			main.focus({ preventScroll: true });
		return;
	}
	clear(main, h('div', { class: 'card' }, h('h1', {}, '页面不存在'), h('a', { href: app.user ? '#/' : '#/public' }, '返回首页')));
}

export function go(hash) {
	if (location.hash === hash)
		route(true);
	else
		location.hash = hash;
}

async function start() {
	// Ask for the session only when this browser has signed in before, so
	// the public pages make no request that is bound to fail.
	if (localStorage.getItem('signed-in')) {
		try {
			setSession(await get('/session'));
		} catch (e) {
			setSession(null);
			localStorage.removeItem('signed-in');
		}
	}
	try {
		await loadDirectory();
	} catch (e) {
		showError(e);
	}
	if (!location.hash)
		history.replaceState(null, '', app.user ? '#/' : '#/public');
	window.addEventListener('hashchange', () => route(true));
	// The skip link moves the focus; following its #main would be a route.
	document.getElementById('skip').addEventListener('click', (ev) => {
		ev.preventDefault();
		document.getElementById('main').focus();
	});
	await route(false);
	document.body.dataset.ready = '1';
}

start();
