// The single-page shell: the pages and who may see them, the navigation per
// role, signing in and out. The routing itself is router.js.

import { h, clear } from './dom.js';
import { api, get, ApiError } from './api.js';
import { app, role, setSession, loadDirectory, flash, showError, onSubmit } from './ui.js';
import { parseHash, startRouter } from './router.js';
import { label } from './labels.js';
import { homePage } from './home.js';
import { opinionEntryPage, opinionListPage, opinionPage } from './opinions.js';
import { problemListPage, problemPage } from './problems.js';
import { dashboardPage } from './dashboard.js';
import { formsPage } from './forms.js';
import { publicGivePage, publicTrackPage, publicBulletinsPage } from './public.js';
import { surveyListPage, surveyPage, surveyCallPage, publicSurveyPage } from './surveys.js';
import { accountPage } from './account.js';
import { targetsPage, letterPage, assessmentPage } from './targets.js';
import { minePage } from './yearend.js';
import { peoplePage } from './people.js';
import { faultListPage, faultPage } from './faults.js';
import { contactListPage, contactPage } from './contacts.js';
import { ledgerPage } from './ledger.js';
import { noticeListPage, noticePage, noticeEditPage, publicNoticesPage } from './notices.js';
import { pledgeListPage, pledgePage, publicPledgesPage } from './pledges.js';

const STAFF = ['admin', 'station', 'point', 'unit', 'leader', 'stats'];
const SURVEY_READERS = ['admin', 'leader', 'stats', 'unit'];
const FAULT_READERS = ['admin', 'leader', 'station', 'unit'];
// the registers of first contact and the ledger: the office, leaders, stations, the units
const REGISTER_READERS = ['admin', 'leader', 'station', 'unit'];

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
	[/^\/public\/survey(?:\/([A-Za-z0-9-]+))?$/, publicSurveyPage, null],
	[/^\/surveys$/, surveyListPage, SURVEY_READERS],
	[/^\/surveys\/(\d+)$/, surveyPage, SURVEY_READERS],
	[/^\/surveys\/(\d+)\/call$/, surveyCallPage, ['stats']],
	[/^\/account$/, accountPage, STAFF],
	[/^\/targets$/, targetsPage, ['admin', 'leader', 'unit']],
	[/^\/targets\/(\d{4})$/, targetsPage, ['admin', 'leader', 'unit']],
	[/^\/targets\/mine$/, minePage, STAFF],
	[/^\/targets\/(\d{4})\/assessment$/, assessmentPage, ['admin', 'leader']],
	[/^\/targets\/(\d{4})\/(\d+)$/, letterPage, ['admin', 'leader', 'unit']],
	[/^\/units\/(\d+)\/people$/, peoplePage, ['admin', 'leader', 'unit']],
	[/^\/faults$/, faultListPage, FAULT_READERS],
	[/^\/faults\/(\d+)$/, faultPage, FAULT_READERS],
	[/^\/contacts$/, contactListPage, REGISTER_READERS],
	[/^\/contacts\/(\d+)$/, contactPage, REGISTER_READERS],
	[/^\/ledger$/, ledgerPage, REGISTER_READERS],
	[/^\/notices$/, noticeListPage, STAFF],
	[/^\/notices\/new$/, noticeEditPage, ['admin']],
	[/^\/notices\/(\d+)$/, noticePage, STAFF],
	[/^\/notices\/(\d+)\/edit$/, noticeEditPage, ['admin']],
	[/^\/public\/notices(?:\/(\d+))?$/, publicNoticesPage, null],
	[/^\/pledges$/, pledgeListPage, STAFF],
	[/^\/pledges\/(\d+)$/, pledgePage, STAFF],
	[/^\/public\/pledges(?:\/(\d+))?$/, publicPledgesPage, null],
];

const NAV = {
	admin: [
		['#/', '工作台'],
		['#/opinions', '意见收件箱'],
		['#/opinions/new', '录入意见'],
		['#/problems', '问题台账'],
		['#/dashboard', '统计看板'],
		['#/forms', '五表下载'],
		['#/surveys', '满意度测评'],
		['#/targets', '目标管理'],
		['#/faults', '效能过错'],
		['#/contacts', '首问登记'],
		['#/ledger', '问责台账'],
		['#/notices', '通报'],
		['#/pledges', '领导承诺'],
		['#/public/bulletins', '通报挂牌'],
	],
	station: [
		['#/', '工作台'],
		['#/opinions', '意见收件箱'],
		['#/opinions/new', '录入意见'],
		['#/problems', '问题台账'],
		['#/dashboard', '统计看板'],
		['#/forms', '五表下载'],
		['#/faults', '效能过错'],
		['#/contacts', '首问登记'],
		['#/ledger', '问责台账'],
		['#/notices', '通报'],
		['#/pledges', '领导承诺'],
	],
	point: [
		['#/', '工作台'],
		['#/opinions/new', '录入意见'],
		['#/opinions', '我的录入'],
		['#/problems', '办理进度'],
		['#/forms', '五表下载'],
		['#/notices', '通报'],
		['#/pledges', '领导承诺'],
	],
	unit: [
		['#/', '工作台'],
		['#/problems?status=dispatched,acknowledged,answered,rectifying', '待办问题'],
		['#/problems', '全部问题'],
		['#/forms', '五表下载'],
		['#/surveys', '测评结果'],
		['#/targets', '目标责任书'],
		['#/targets/mine', '我的目标'],
		['#/faults', '效能过错'],
		['#/contacts', '首问登记'],
		['#/ledger', '问责台账'],
		['#/notices', '通报'],
		['#/pledges', '领导承诺'],
	],
	stats: [
		['#/', '工作台'],
		['#/surveys', '满意度测评'],
		['#/notices', '通报'],
		['#/pledges', '领导承诺'],
	],
	leader: [
		['#/', '工作台'],
		['#/dashboard', '统计看板'],
		['#/problems', '问题台账'],
		['#/opinions', '意见台账'],
		['#/forms', '五表下载'],
		['#/surveys', '满意度测评'],
		['#/targets', '目标管理'],
		['#/faults', '效能过错'],
		['#/contacts', '首问登记'],
		['#/ledger', '问责台账'],
		['#/notices', '通报'],
		['#/pledges', '领导承诺'],
		['#/public/bulletins', '通报挂牌'],
	],
	public: [
		['#/public', '我要提意见'],
		['#/public/track', '进度查询'],
		['#/public/bulletins', '通报挂牌'],
		['#/public/notices', '公开通报'],
		['#/public/pledges', '领导承诺'],
		['#/public/survey', '满意度问卷'],
		['#/login', '工作人员登录'],
	],
};

function renderChrome() {
	const nav = document.getElementById('nav');
	const who = document.getElementById('who');
	const items = NAV[role() || 'public'];
	const { path } = parseHash();
	clear(
		nav,
		items.map(([href, text]) =>
			h('a', { href, 'aria-current': href === '#' + path ? 'page' : null }, text),
		),
	);
	if (app.user) {
		clear(
			who,
			h(
				'a',
				{
					class: 'user',
					href: '#/account',
					title: '我的账号',
					'aria-current': path === '/account' ? 'page' : null,
				},
				app.user.display_name,
				h('small', {}, ' · ' + label('role', app.user.role)),
			),
			h(
				'button',
				{ type: 'button', class: 'secondary', onclick: logout },
				'退出',
			),
		);
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
	const form = h(
		'form',
		{ class: 'card narrow', novalidate: true },
		h('h1', {}, '工作人员登录'),
		h(
			'div',
			{ class: 'field' },
			h('label', { for: 'login-user' }, '用户名'),
			h('input', {
				id: 'login-user',
				name: 'username',
				autocomplete: 'username',
				required: true,
				autofocus: true,
			}),
		),
		h(
			'div',
			{ class: 'field' },
			h('label', { for: 'login-pass' }, '密码'),
			h('input', {
				id: 'login-pass',
				name: 'password',
				type: 'password',
				autocomplete: 'current-password',
				required: true,
			}),
		),
		h('button', { type: 'submit' }, '登录'),
		h(
			'p',
			{ class: 'muted' },
			'群众请使用 ',
			h('a', { href: '#/public' }, '我要提意见'),
			' 和 ',
			h('a', { href: '#/public/track' }, '进度查询'),
			'，无需登录。',
		),
	);
	if (sessionStorage.getItem('login-ended')) {
		sessionStorage.removeItem('login-ended');
		flash('登录已过期，请重新登录', 'error');
	}
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
	if (!location.hash) history.replaceState(null, '', app.user ? '#/' : '#/public');
	// On a phone the menu folds under its button; a move closes it.
	const menu = document.getElementById('menu');
	const setMenu = (open) => {
		menu.setAttribute('aria-expanded', String(open));
		document.getElementById('nav').classList.toggle('open', open);
	};
	menu.addEventListener('click', () =>
		setMenu(menu.getAttribute('aria-expanded') !== 'true'),
	);
	window.addEventListener('hashchange', () => setMenu(false));
	// The skip link moves the focus; following its #main would be a route.
	document.getElementById('skip').addEventListener('click', (ev) => {
		ev.preventDefault();
		document.getElementById('main').focus();
	});
	await startRouter(ROUTES, renderChrome);
	document.body.dataset.ready = '1';
}

start();
