// One's own account: the logins listed and ended from the page (an ended login's browser
// lands on the login page at its next request); the server's messages always in Chinese,
// a new one through its stable code; overdue problems with the longest late first.
import assert from 'node:assert/strict';
import { test, login, loginOf, env } from './lib.mjs';

test('我的登录 lists both logins of a user, and ending the other one signs that browser out', async ({
	page,
	errors,
}) => {
	const u = loginOf('station');
	const other = await env.browser.newContext({ baseURL: env.baseURL, locale: 'zh-CN' });
	try {
		const page2 = await other.newPage();
		await login(page2, u.username, u.password);
		await login(page, u.username, u.password);
		await page
			.getByRole('link', { name: /我的账号|站/ })
			.first()
			.click();
		await page.getByRole('heading', { name: '我的登录' }).waitFor();
		const rows = page.locator('tbody tr[data-session]');
		assert.ok((await rows.count()) >= 2, 'both logins are listed');
		const mine = rows.filter({ hasText: '本次登录' });
		assert.equal(await mine.count(), 1, 'exactly one is the current login');
		assert.match(await mine.locator('td').nth(4).textContent(), /Chrome · Linux/);
		const before = await rows.count();
		await rows
			.filter({ hasNotText: '本次登录' })
			.first()
			.getByRole('button', { name: /^结束/ })
			.click();
		await page.locator('#msg .flash.ok', { hasText: '已结束该登录' }).waitFor();
		assert.equal(await rows.count(), before - 1);
		// The other browser's next request finds its login ended: the login page says so.
		await page2.goto('/#/problems');
		await page2.waitForURL(/#\/login$/);
		await page2.locator('#msg', { hasText: '登录已过期' }).waitFor();
		// This browser still works.
		await page.goto('/#/problems');
		await page.locator('h1', { hasText: '问题' }).waitFor();
		assert.ok(!page.url().endsWith('#/login'));
	} finally {
		await other.close();
	}
	assert.deepEqual(errors, []);
});

test('a server message is shown in Chinese, a new one by its code, never in English', async ({
	page,
}) => {
	await login(page, 'admin');
	const shown = await page.evaluate(async () => {
		const { api, message, ApiError } = await import('/app/api.js');
		const out = {};
		// A real refusal: a member the request does not have.
		try {
			await api('POST', '/units', {
				name: '测试单位',
				kind: 'department',
				colour: 'red',
			});
		} catch (e) {
			out.unknown = message(e);
		}
		// A message the pages have never seen, with its stable code and bounds.
		out.coded = message(
			new ApiError(400, {
				status: 400,
				code: 'invalid',
				errors: [
					{
						field: 'quota_per_unit',
						code: 'out_of_range',
						message: 'must stay within the quota',
						min: 1,
						max: 9,
					},
					{
						field: 'dimension',
						code: 'required',
						message: 'is newly required',
					},
				],
			}),
		);
		out.detail = message(
			new ApiError(409, {
				status: 409,
				code: 'conflict',
				detail: 'a brand new rule forbids it',
			}),
		);
		return out;
	});
	assert.equal(shown.unknown, '填写的内容有误：此项不是此操作的字段');
	assert.equal(shown.coded, '填写的内容有误：此项须为 1 到 9；类别（行风或效能）必填');
	assert.equal(shown.detail, '当前环节不允许此操作');
	for (const t of Object.values(shown)) assert.doesNotMatch(t, /[A-Za-z]{2}/);
});

test('overdue problems are listed the longest late first, on the home page and in the full list', async ({
	page,
}) => {
	await login(page, 'admin');
	const late = async (cells) =>
		(await cells.allTextContents()).map((t) =>
			Number((/已逾期 (\d+)/.exec(t) || [])[1] || 0),
		);
	const home = page.locator('section', {
		has: page.getByRole('heading', { name: '逾期问题' }),
	});
	await home.waitFor();
	const onHome = await late(home.locator('.badge.overdue'));
	assert.ok(onHome.length >= 2, 'the demo has overdue problems');
	assert.ok(new Set(onHome).size >= 2, 'of different lateness');
	assert.deepEqual(
		onHome,
		[...onHome].sort((a, b) => b - a),
	);
	await home.getByRole('link', { name: '查看全部逾期问题' }).click();
	await page.locator('tbody tr').first().waitFor();
	assert.equal(await page.getByLabel('排序').inputValue(), 'due_on');
	const all = await late(page.locator('tbody .badge.overdue'));
	assert.deepEqual(
		all,
		[...all].sort((a, b) => b - a),
	);
	assert.deepEqual(all.slice(0, onHome.length), onHome);
});
