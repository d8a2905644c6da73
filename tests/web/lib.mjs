// The browser-test harness's helpers, shared by tests/web/*.test.mjs.
//
//   import { test, login, shot, logins, loginOf, env } from './lib.mjs';
//   test('name', async ({ page, errors, failed, baseURL }) => { ... }, { timeout: 30000 });
//
// run.mjs creates a demo district in a temp dir, serves it with --web web, launches
// Debian's chromium through playwright-core, and fills `env` and `logins` before the tests
// run. Each test gets a fresh browser context and page, with baseURL set, so
// `page.goto('/#/login')` works.
import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const SHOTS = join(ROOT, 'build', 'screenshots');

// Filled by run.mjs: baseURL (http://127.0.0.1:PORT), dir (the temp dir), db, browser.
export const env = { baseURL: '', dir: '', db: '', browser: null };

// The demo's logins, by username: { username, role, unit, password }, in the order
// `wubiao demo` wrote them (data/demo-logins.txt style: username TAB role TAB unit TAB password).
export const logins = {};

export const tests = [];

// Registers a test. fn receives { page, context, errors, failed, baseURL }: errors collects
// the page's console errors and uncaught exceptions, failed the requests that failed or
// answered >= 400. opts.timeout in ms (default 30 s).
export function test(name, fn, opts = {}) {
	tests.push({ name, fn, timeout: opts.timeout ?? 30000 });
}

// The first demo user of a role: admin, leader, station, point or unit.
export function loginOf(role) {
	const u = Object.values(logins).find((l) => l.role === role);
	if (!u) throw new Error(`no demo login with role ${role}`);
	return u;
}

// Logs in through the UI's form at #/login and waits for the "退出" button.
// username may be a role's name with no password given: the role's first demo user.
export async function login(page, username, password) {
	if (password === undefined) {
		const u = logins[username] ?? loginOf(username);
		username = u.username;
		password = u.password;
	}
	await page.goto('/#/login');
	await page.getByLabel('用户名').fill(username);
	await page.getByLabel('密码').fill(password);
	await page.getByRole('button', { name: '登录' }).click();
	await page.getByRole('button', { name: '退出' }).waitFor();
}

// Signs out whoever is signed in, then in as @p user (a demo username; none: stay out).
export async function switchUser(page, user) {
	await page.goto('/#/');
	const out = page.getByRole('button', { name: '退出' });
	if (await out.count()) await out.click();
	await page.waitForURL(/#\/login$/);
	if (user) await login(page, user, logins[user].password);
}

// The id of the first (after @p skip) problem in state @p status the signed-in user sees.
export async function problemIn(page, status, skip = 0) {
	const r = await page.request.get(`/api/v1/problems?status=${status}&limit=${skip + 1}`);
	assert.equal(r.status(), 200);
	const items = (await r.json()).items;
	assert.ok(items.length > skip, `the demo has a ${status} problem`);
	return items[skip].id;
}

// Opens problem @p id and waits for its page.
export async function openProblem(page, id) {
	await page.goto(`/#/problems/${id}`);
	await page.locator('.status-line').waitFor();
}

// Saves a screenshot to build/screenshots/NAME.png and returns its path: the full page,
// or with { fullPage: false } what the window shows (for very long pages).
export async function shot(page, name, { fullPage = true } = {}) {
	mkdirSync(SHOTS, { recursive: true });
	const path = join(SHOTS, name.replace(/[^\p{L}\p{N}._-]+/gu, '_') + '.png');
	await page.screenshot({ path, fullPage });
	return path;
}

// Parses a logins file as `wubiao demo --logins FILE` writes it.
export function parseLogins(text) {
	const out = {};
	for (const line of text.split('\n')) {
		const [username, role, unit, password] = line.split('\t');
		if (username && password) out[username] = { username, role, unit, password };
	}
	return out;
}

// On a problem's page, the form of the action @p name (its title): the next step's, or
// one under 更多操作, whose dialog it opens (closing one left open). Returns the form.
export async function openAction(page, name) {
	await page.locator('#actions .next-step').waitFor();
	const form = page.getByRole('form', { name, exact: true });
	if (
		await page
			.locator('#actions .next-step')
			.getByRole('form', { name, exact: true })
			.count()
	)
		return form;
	if (await page.locator('dialog[open]').count()) {
		await page.keyboard.press('Escape');
		await page.locator('dialog[open]').waitFor({ state: 'detached' });
	}
	const toggle = page.getByRole('button', { name: '更多操作', exact: true });
	if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
	await page
		.locator('#actions .more-list')
		.getByRole('button', { name, exact: true })
		.click();
	await form.waitFor();
	return form;
}

// ---- shared by the suites ----

export const JSON_HEADERS = {
	'X-Requested-With': 'XMLHttpRequest',
	'Content-Type': 'application/json',
};

/** Fails on any serious or critical axe violation of the page as it stands. */
export async function axe(page, where) {
	const r = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	const bad = r.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} on ${where}: ${v.nodes[0]?.target.join(' ')} — ${v.help}`);
	assert.deepEqual(bad, []);
}

/** Waits for the flash message @p text. */
export async function flashed(page, text) {
	await page.locator('#msg .flash', { hasText: text }).waitFor();
}

/** A request of the page's login: its status and parsed body. */
export async function api(page, method, path, data) {
	const r = await page.request.fetch('/api/v1' + path, {
		method,
		headers: JSON_HEADERS,
		data,
	});
	const text = await r.text();
	return { status: r.status(), body: text ? JSON.parse(text) : null };
}
