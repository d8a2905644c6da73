// The hash router: which page a location shows, for whom, and the moves
// between pages (focus, title, errors of a page that failed to load).

import { h, clear } from './dom.js';
import { ApiError } from './api.js';
import { app, setSession, clearFlash, flash, showError } from './ui.js';

let routes = [];
let chrome = () => {};

export function parseHash() {
	const raw = decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
	const [path, query] = raw.split('?');
	return { path: path || '/', query: new URLSearchParams(query || '') };
}

let generation = 0;
// A message for the page go() moves to: shown after the move clears the old one.
let pending = null;

// moved: a move within the app (not the first page of a load), after which
// the focus goes to the page.
async function route(moved) {
	const ROUTES = routes;
	const { path, query } = parseHash();
	const main = document.getElementById('main');
	const mine = ++generation;
	clearFlash();
	if (pending) {
		flash(pending.text, pending.kind);
		pending = null;
	}
	chrome();
	for (const [re, page, roles] of ROUTES) {
		const m = path.match(re);
		if (!m) continue;
		if (roles && !app.user) {
			sessionStorage.setItem('after-login', location.hash);
			location.hash = '#/login';
			return;
		}
		if (roles && !roles.includes(app.user.role)) {
			clear(
				main,
				h(
					'div',
					{ class: 'card' },
					h('h1', {}, '无权访问'),
					h('p', {}, '您的角色不能使用此页面。'),
					h('a', { href: '#/' }, '返回工作台'),
				),
			);
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
					if (app.user) sessionStorage.setItem('login-ended', '1');
					setSession(null);
					localStorage.removeItem('signed-in');
					sessionStorage.setItem('after-login', location.hash);
					location.hash = '#/login';
					return;
				}
				showError(e);
			}
		} finally {
			if (mine === generation) main.removeAttribute('aria-busy');
		}
		const h1 = view.querySelector('h1');
		if (h1) document.title = h1.textContent + ' · 五表';
		// After a move by link the focus would stay in the navigation; put it
		// on the page's heading, where the next Tab goes on, unless the page chose a field.
		const at = document.activeElement;
		if (
			moved &&
			mine === generation &&
			(!at || at === document.body || at === main || at.closest('header'))
		)
			focusHeading();
		return;
	}
	clear(
		main,
		h(
			'div',
			{ class: 'card' },
			h('h1', {}, '页面不存在'),
			h('a', { href: app.user ? '#/' : '#/public' }, '返回首页'),
		),
	);
}

// Focus the page's main heading (else the page): where a screen reader starts reading and
// the next Tab goes on.
export function focusHeading() {
	const main = document.getElementById('main');
	const h1 = main.querySelector('h1');
	if (!h1) {
		main.focus({ preventScroll: true });
		return;
	}
	if (!h1.hasAttribute('tabindex')) h1.setAttribute('tabindex', '-1');
	h1.focus({ preventScroll: true });
	h1.scrollIntoView({ block: 'nearest' });
}

// An action that redraws the page removes the control that had the focus, and the focus
// would fall to the document's body, back at its start: it goes to the page's heading
// instead, once the page is drawn again.
function keepFocus() {
	const main = document.getElementById('main');
	let had = null;
	let lost = false;
	document.addEventListener('focusin', (ev) => {
		had = ev.target;
		lost = false;
	});
	new MutationObserver(() => {
		const at = document.activeElement;
		if (at && at !== document.body) return;
		if (had && !had.isConnected) lost = true;
		if (lost && main.querySelector('h1') && !main.hasAttribute('aria-busy')) {
			lost = false;
			focusHeading();
		}
	}).observe(main, {
		childList: true,
		subtree: true,
		attributes: true,
		attributeFilter: ['aria-busy'],
	});
}

// Move to @p hash; @p text, when given, is the message the new page shows (a success
// stays visible across the move instead of vanishing with the old page).
export function go(hash, text, kind = 'ok') {
	pending = text ? { text, kind } : null;
	if (location.hash === hash) route(true);
	else location.hash = hash;
}

// Start routing: @p table is [pattern, page, roles allowed (null: anyone)];
// @p renderChrome redraws the navigation for the signed-in user.
export async function startRouter(table, renderChrome) {
	routes = table;
	chrome = renderChrome;
	keepFocus();
	window.addEventListener('hashchange', () => route(true));
	await route(false);
}
