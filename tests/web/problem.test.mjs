// The problem page: the next step alone in its card with one primary button, the rare
// actions under 更多操作 in dialogs, 挂牌 as the problem is, who did each step in the
// 办理记录, and the page's loading state.
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { test, login, logins, switchUser, openProblem, openAction } from './lib.mjs';

const stamp = Date.now().toString(36);
let seq = 0;

// The API as the office, from the test's side (not the page's).
async function office(baseURL) {
	const call = async (method, path, body, token) => {
		const r = await fetch(baseURL + '/api/v1' + path, {
			method,
			headers: {
				'Content-Type': 'application/json',
				...(token ? { Authorization: 'Bearer ' + token } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await r.text();
		assert.ok(r.ok, `${method} ${path}: ${r.status} ${text}`);
		return text ? JSON.parse(text) : null;
	};
	const s = await call('POST', '/session', {
		username: 'admin',
		password: logins.admin.password,
	});
	const api = (method, path, body) => call(method, path, body, s.token);
	return { api, user: s.user };
}

// The unit login these tests work with, and its unit's id.
async function theUnit(api) {
	const u = logins['unit-rsj'] || Object.values(logins).find((l) => l.role === 'unit');
	const units = await api('GET', '/units?limit=500');
	const unit = units.items.find((x) => x.name === u.unit);
	assert.ok(unit, `the unit ${u.unit}`);
	return { login: u, id: unit.id, name: unit.name };
}

// A new problem about the unit, made by the office from a new opinion; dispatched to the
// unit unless @p dispatch is false.
async function freshProblem(baseURL, { dispatch = true } = {}) {
	const { api, user } = await office(baseURL);
	const unit = await theUnit(api);
	const o = await api('POST', '/opinions', {
		target_unit_id: unit.id,
		dimension: 'efficiency',
		source: 'public',
		channel: 'hotline',
		content: `窗口午休时间无人值守，群众白跑一趟（${stamp}-${++seq}）`,
	});
	let p = await api('POST', '/problems', {
		campaign_id: o.campaign_id,
		target_unit_id: unit.id,
		dimension: 'efficiency',
		title: `窗口午休无人值守 ${stamp}-${seq}`,
		opinion_ids: [o.id],
	});
	if (dispatch) p = await api('POST', `/problems/${p.id}/dispatch`, { unit_id: unit.id });
	return { p, api, unit, officeUser: user };
}

// The buttons shown in the action area (those of a closed dialog are not).
const shownButtons = (page) =>
	page.evaluate(() =>
		[...document.querySelectorAll('#actions button')]
			.filter(
				(b) =>
					b.getClientRects().length &&
					getComputedStyle(b).display !== 'none',
			)
			.map((b) => ({
				text: b.textContent.trim(),
				type: b.type,
				cls: b.className,
				bg: getComputedStyle(b).backgroundColor,
				inNext: !!b.closest('.next-step'),
			})),
	);

const RED = ['rgb(183, 28, 28)', 'rgb(198, 40, 40)'];

test('problem page: the unit sees one next step, 签收, with one primary button that is not red', async ({
	page,
	errors,
	baseURL,
}) => {
	const { p, unit } = await freshProblem(baseURL);
	await login(page, unit.login.username, unit.login.password);
	await openProblem(page, p.id);
	const next = page.locator('#actions .next-step');
	await next.getByRole('heading', { name: '下一步' }).waitFor();
	assert.equal(await next.locator('form').count(), 1);
	assert.equal(await next.getByRole('form', { name: '签收' }).count(), 1);
	const buttons = await shownButtons(page);
	const submits = buttons.filter((b) => b.type === 'submit');
	assert.equal(submits.length, 1, JSON.stringify(buttons));
	assert.equal(submits[0].text, '签收');
	assert.ok(submits[0].inNext);
	assert.match(submits[0].cls, /\bprimary\b/);
	assert.ok(!RED.includes(submits[0].bg), `the primary button is ${submits[0].bg}`);
	// the others wait under 更多操作, none of their forms shown
	assert.deepEqual(
		buttons.filter((b) => b.type === 'button').map((b) => b.text),
		['更多操作'],
	);
	assert.equal(await page.locator('#actions form.action:visible').count(), 1);
	const toggle = page.getByRole('button', { name: '更多操作' });
	assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
	await toggle.click();
	assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
	const items = await page.locator('#actions .more-list button').allTextContents();
	assert.deepEqual(items.sort(), ['退回', '申请延期'].sort());
	assert.deepEqual(errors, []);
});

test('problem page: 更多操作 opens 退回 in a dialog that Escape and 取消 close, and it returns the problem', async ({
	page,
	errors,
	baseURL,
}) => {
	const { p, api, unit } = await freshProblem(baseURL);
	await login(page, unit.login.username, unit.login.password);
	await openProblem(page, p.id);
	await page.getByRole('button', { name: '更多操作' }).click();
	const item = page.locator('#actions .more-list').getByRole('button', { name: '退回' });
	await item.click();
	const dialog = page.getByRole('dialog', { name: '退回' });
	await dialog.waitFor();
	assert.ok(await dialog.evaluate((d) => d.open && d.matches(':modal')));
	// the focus is in the dialog, on its first field
	assert.equal(
		await page.evaluate(() => document.activeElement.closest('dialog') !== null),
		true,
	);
	assert.equal(await page.evaluate(() => document.activeElement.name), 'reason');
	// axe finds nothing serious with the dialog open
	const axe = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	assert.deepEqual(
		axe.violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map(
				(v) =>
					`${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
			),
		[],
	);
	// Escape closes it, and the focus is back on the button that opened it
	await page.keyboard.press('Escape');
	await dialog.waitFor({ state: 'hidden' });
	assert.equal(await page.evaluate(() => document.activeElement.textContent), '退回');
	// and so does 取消
	await item.click();
	await dialog.getByRole('button', { name: '取消' }).click();
	await dialog.waitFor({ state: 'hidden' });
	assert.equal(await page.evaluate(() => document.activeElement.textContent), '退回');
	// an empty reason: the error under the field, in the dialog
	await item.click();
	await dialog.getByRole('button', { name: '退回' }).click();
	const reason = dialog.getByLabel('退回理由（不属于本单位职责的说明）');
	await page
		.locator(`#${await reason.getAttribute('id')}-err`)
		.getByText('不能为空')
		.waitFor();
	assert.match(await dialog.locator('.form-error').innerText(), /不能为空/);
	// then it is returned
	await reason.fill('该问题属于区政务服务中心职责，请改派');
	await dialog.getByRole('button', { name: '退回' }).click();
	await page.waitForFunction(() => location.hash === '#/problems');
	await page.locator('#msg .flash.ok', { hasText: '已退回' }).waitFor();
	const after = await api('GET', `/problems/${p.id}`);
	assert.equal(after.status, 'returned');
	assert.equal(after.return_reason, '该问题属于区政务服务中心职责，请改派');
	assert.deepEqual(
		errors.filter((e) => !/status of 400/.test(e)),
		[],
	);
});

test('problem page: 挂牌 is unticked on an unflagged problem, and flagging it works from its dialog', async ({
	page,
	errors,
	baseURL,
}) => {
	const { p } = await freshProblem(baseURL, { dispatch: false });
	await login(page, 'admin');
	await openProblem(page, p.id);
	const ticked = page.locator('form[aria-label="挂牌与通报"] input[name=flagged]');
	assert.equal(await ticked.isChecked(), false, '挂牌 is ticked on an unflagged problem');
	// the dispatch, the next step, does not flag by itself either
	const dispatch = page.getByRole('form', { name: '转办' });
	assert.equal(await dispatch.getByLabel('同时挂牌限时整改').isChecked(), false);
	const flag = await openAction(page, '挂牌与通报');
	const box = flag.getByRole('checkbox');
	assert.equal(await box.isChecked(), false);
	await box.check();
	await flag.getByRole('button', { name: '保存' }).click();
	await page.locator('#msg .flash.ok', { hasText: '已挂牌' }).waitFor();
	await page.locator('h1 .badge.flag').waitFor();
	// the focus is on the page, not lost at the start of the document
	const at = await page.evaluate(() => {
		const a = document.activeElement;
		return a ? a.tagName + (a.closest('#msg') ? ' in #msg' : '') : 'none';
	});
	assert.ok(at === 'H1' || at.endsWith('in #msg'), `the focus is on ${at}`);
	// now flagged, the box is ticked (unticking it would delist)
	const again = await openAction(page, '挂牌与通报');
	assert.equal(await again.getByRole('checkbox').isChecked(), true);
	assert.deepEqual(errors, []);
});

test('problem page: the 办理记录 says who dispatched the problem, and when', async ({
	page,
	errors,
	baseURL,
}) => {
	const { p, unit, officeUser, api } = await freshProblem(baseURL);
	const events = await api('GET', `/problems/${p.id}/events`);
	const ev = events.items.find((e) => e.kind === 'problem.dispatch');
	const officeUnit = await api('GET', `/units/${ev.actor_unit_id}`);
	const when = ev.at.slice(0, 16).replace('T', ' ');
	// the office sees the person and the unit
	await login(page, 'admin');
	await openProblem(page, p.id);
	const item = page.locator('.history li[data-kind="problem.dispatch"]');
	await item.waitFor();
	assert.equal(
		await item.locator('.actor').innerText(),
		`经办：${officeUnit.name} ${officeUser.display_name}`,
	);
	assert.equal(await item.locator('time').innerText(), when);
	// the unit sees which body dispatched it, though not in its own directory
	await switchUser(page, unit.login.username);
	await openProblem(page, p.id);
	await item.waitFor();
	assert.ok((await item.locator('.actor').innerText()).includes(officeUnit.name));
	assert.equal(await item.locator('time').innerText(), when);
	assert.deepEqual(errors, []);
});

test('problem page: it says it is loading until the problem is there', async ({
	page,
	errors,
	baseURL,
}) => {
	const { p } = await freshProblem(baseURL);
	await login(page, 'admin');
	let release;
	const held = new Promise((r) => (release = r));
	await page.route(
		(url) => url.pathname === `/api/v1/problems/${p.id}`,
		async (route) => {
			await held;
			await route.continue();
		},
	);
	await page.goto(`/#/problems/${p.id}`);
	const loading = page.locator('#main').getByRole('status').filter({ hasText: '加载中…' });
	await loading.waitFor();
	assert.ok(await page.locator('#main [aria-busy=true], #main[aria-busy=true]').count());
	release();
	await page.locator('#main h1').filter({ hasText: p.title }).waitFor();
	assert.equal(await loading.count(), 0);
	assert.equal(await page.locator('#main [aria-busy], #main[aria-busy]').count(), 0);
	assert.deepEqual(errors, []);
});

test('problem page: on paper the problem takes the whole width, without the way back or the actions', async ({
	page,
	baseURL,
}) => {
	const { p } = await freshProblem(baseURL);
	await login(page, 'admin');
	await openProblem(page, p.id);
	await openAction(page, '挂牌与通报');
	await page.emulateMedia({ media: 'print' });
	const got = await page.evaluate(() => {
		const shown = (sel) =>
			[...document.querySelectorAll(sel)].filter((e) => e.getClientRects().length)
				.length;
		return {
			hidden: [
				'#nav',
				'aside.actions',
				'dialog',
				'.next-step',
				'.more-actions',
				'button',
			].map((sel) => [sel, shown(sel)]),
			back: shown('a[href="#/problems"]'),
			shown: ['h1', '.status-line', '.history li'].map((sel) => [
				sel,
				shown(sel) > 0,
			]),
			main: document.getElementById('main').getBoundingClientRect().width,
			first: document.querySelector('.cols > div').getBoundingClientRect().width,
			width: innerWidth,
		};
	});
	for (const [sel, n] of got.hidden) assert.equal(n, 0, `${sel} printed`);
	assert.equal(got.back, 0, 'the link back to the list printed');
	for (const [sel, yes] of got.shown) assert.ok(yes, `${sel} not printed`);
	assert.ok(got.main >= got.width - 20, `main is ${got.main} px of ${got.width}`);
	assert.ok(got.first >= got.main - 2, `the problem is ${got.first} px of ${got.main}`);
});
