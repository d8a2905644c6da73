// Every stage form shows what the server refused, in Chinese, under the field
// it concerns; a stale page gets a readable 409; the pages work from the
// keyboard alone; every field has a label.
import assert from 'node:assert/strict';
import {
	test,
	login,
	logins,
	shot,
	problemIn,
	openProblem,
	openAction,
	JSON_HEADERS,
} from './lib.mjs';

// Submits @p form and checks the error under each field (label -> Chinese
// text) and the message on top. The message names the fields and has no
// English left in it.
async function expectFieldErrors(page, form, want) {
	await form.locator('button[type=submit]').click();
	const flash = page.locator('#msg .flash.error');
	await flash.waitFor();
	const top = await flash.innerText();
	assert.match(top, /^填写的内容有误：/);
	assert.doesNotMatch(top, /[A-Za-z]{3,}/, `no untranslated text in: ${top}`);
	for (const [fieldLabel, text] of Object.entries(want)) {
		const control = form.getByLabel(fieldLabel, { exact: true });
		const slot = page.locator(`#${await control.getAttribute('id')}-err`);
		assert.equal(await slot.innerText(), text, `the error under ${fieldLabel}`);
		assert.equal(await control.getAttribute('aria-invalid'), 'true');
		assert.ok(
			top.includes(`“${fieldLabel}”${text}`),
			`the top message names ${fieldLabel}: ${top}`,
		);
	}
}

test(
	"every stage form shows the server's field errors in Chinese under the field",
	async ({ page, errors }) => {
		page.on('dialog', (d) => d.accept());
		await login(page, 'admin', logins.admin.password);

		await openProblem(page, await problemIn(page, 'open'));
		const dispatch = page.getByRole('form', { name: '转办' });
		// The computed date turns into the same message as the dispatch's as soon as
		// the number is out of bounds (max_due_workdays, 250 in the demo).
		await dispatch.getByLabel('工作日数').fill('251');
		await dispatch
			.locator('output.computed')
			.filter({ hasText: '须为 1 到 250 个工作日' })
			.waitFor();
		await expectFieldErrors(page, dispatch, { 工作日数: '须为 1 到 250 个工作日' });
		await shot(page, 'stage-error-dispatch');

		await openProblem(page, await problemIn(page, 'acknowledged'));
		const feedback = page.getByRole('form', { name: '意见反馈表（表3）' });
		await expectFieldErrors(page, feedback, { 反馈情况: '不能为空' });
		const extension = await openAction(page, '申请延期');
		await expectFieldErrors(page, extension, { 延至: '必填', 理由: '不能为空' });
		// A correct field loses its mark when the form is sent again.
		await extension.getByLabel('理由').fill('需要财政资金配套');
		await expectFieldErrors(page, extension, { 延至: '必填' });
		assert.equal(await extension.getByLabel('理由').getAttribute('aria-invalid'), null);

		await openProblem(page, await problemIn(page, 'rectifying'));
		const progress = page.getByRole('form', { name: '整改情况表（表4）' });
		await progress.getByLabel('整改措施', { exact: true }).fill('已增设窗口');
		await progress.getByLabel('完成进度（%）').fill('150');
		await expectFieldErrors(page, progress, { '完成进度（%）': '须为 0 到 100' });
		await progress.getByLabel('完成进度（%）').fill('50');
		await progress.getByLabel('整改已完成，提请验收').check();
		await expectFieldErrors(page, progress, {
			'完成进度（%）': '整改完成时进度须为 100%',
		});

		await openProblem(page, await problemIn(page, 'dispatched'));
		await expectFieldErrors(page, await openAction(page, '退回'), {
			'退回理由（不属于本单位职责的说明）': '不能为空',
		});

		await openProblem(page, await problemIn(page, 'verified'));
		await expectFieldErrors(page, await openAction(page, '重办'), {
			重办理由: '不能为空',
		});
		const flag = await openAction(page, '挂牌与通报');
		await flag.getByLabel('挂牌整改期限').fill('2020-01-31');
		await expectFieldErrors(page, flag, { 挂牌整改期限: '不能早于今天' });
		const acc = await openAction(page, '问责记录');
		await acc.getByLabel('决定日期').fill('2099-12-31');
		await expectFieldErrors(page, acc, { 决定日期: '不能晚于今天' });
		assert.deepEqual(
			errors.filter((e) => !/status of 400/.test(e)),
			[],
		);
	},
	{ timeout: 60000 },
);

test('a stage done elsewhere meanwhile gives a readable 409 and the page shows the new state', async ({
	page,
}) => {
	await login(page, 'admin', logins.admin.password);
	const id = await problemIn(page, 'dispatched', 1);
	await openProblem(page, id);
	const ack = page.getByRole('form', { name: '签收' });
	await ack.waitFor();
	// Someone else acknowledges it while this page is open.
	const r = await page.request.post(`/api/v1/problems/${id}/acknowledge`, {
		headers: JSON_HEADERS,
		data: {},
	});
	assert.equal(r.status(), 200);
	await ack.getByRole('button', { name: '签收' }).click();
	const flash = page.locator('#msg .flash.error');
	await flash.waitFor();
	const text = await flash.innerText();
	assert.ok(text.startsWith('当前环节不允许此操作：问题处于“已签收”环节，不能签收'), text);
	// The page shows the problem as it now is, with the forms of its new stage.
	await page.locator('.status-line').getByText('已签收').waitFor();
	await page.getByRole('form', { name: '意见反馈表（表3）' }).waitFor();
	assert.equal(await page.getByRole('form', { name: '签收' }).count(), 0);
});

// Presses Tab until the focused element satisfies @p pred (at most @p max times).
async function tabTo(page, pred, what, max = 40) {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press('Tab');
		if (await page.evaluate(pred)) return;
	}
	throw new Error(`Tab never reached ${what}`);
}

const focused = (page) =>
	page.evaluate(() => {
		const a = document.activeElement;
		return {
			tag: a.tagName,
			name: a.getAttribute('name'),
			text: a.textContent.trim(),
			outline: getComputedStyle(a).outlineStyle,
		};
	});

// The demo login of a unit that has a dispatched problem (asked as the office).
async function unitWithDispatched(baseURL) {
	const api = async (path, init = {}) => {
		const r = await fetch(baseURL + '/api/v1' + path, init);
		assert.ok(r.ok, `${path}: ${r.status}`);
		return r.json();
	};
	const { token } = await api('/session', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ username: 'admin', password: logins.admin.password }),
	});
	const auth = { headers: { Authorization: 'Bearer ' + token } };
	const { items } = await api('/problems?status=dispatched&limit=100', auth);
	for (const p of items) {
		const unit = await api(`/units/${p.unit_id}`, auth);
		const u = Object.values(logins).find(
			(l) => l.role === 'unit' && l.unit === unit.name,
		);
		if (u) return u;
	}
	throw new Error('no unit login has a dispatched problem');
}

test(
	'keyboard only: a point logs in, enters an opinion and gets a receipt; a unit acknowledges',
	async ({ page, errors, baseURL }) => {
		const pt = logins.point01;
		await page.goto('/#/login');
		await page.getByLabel('用户名').waitFor();
		assert.equal(
			(await focused(page)).name,
			'username',
			'the login form starts in the username field',
		);
		await page.keyboard.type(pt.username);
		await page.keyboard.press('Tab');
		await page.keyboard.type(pt.password);
		await page.keyboard.press('Enter');
		await page.getByRole('button', { name: '退出' }).waitFor();

		// After a move the focus is on the page's heading, so Tab goes on in its content.
		await page.waitForFunction(
			() =>
				document.activeElement?.tagName === 'H1' &&
				document.activeElement.closest('#main'),
		);
		// On a fresh load the skip link is the first stop, and it leads into the page,
		// not to a route.
		await page.reload();
		await page.waitForFunction(() => document.body.dataset.ready === '1');
		await page.keyboard.press('Tab');
		assert.equal((await focused(page)).text, '跳到正文');
		const hash = await page.evaluate(() => location.hash);
		await page.keyboard.press('Enter');
		assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
		assert.equal(await page.evaluate(() => location.hash), hash);

		await page.evaluate(() => document.activeElement.blur());
		await tabTo(
			page,
			() => document.activeElement.textContent === '录入意见',
			'the 录入意见 link',
		);
		const f = await focused(page);
		assert.notEqual(f.outline, 'none', 'the focused link shows a focus ring');
		await page.keyboard.press('Enter');
		await page.getByRole('heading', { name: '录入征求意见表（表1）' }).waitFor();
		// The page starts in the unit filter box; Enter moves to the list it narrowed.
		assert.equal((await focused(page)).tag, 'INPUT');
		await page.keyboard.type('不动产');
		await page.keyboard.press('Enter');
		assert.equal((await focused(page)).name, 'target_unit_id');
		assert.equal(
			await page
				.getByLabel('被评议单位', { exact: true })
				.evaluate((s) => s.selectedOptions[0].textContent),
			'区不动产登记中心（部门）',
		);
		await tabTo(
			page,
			() => document.activeElement.name === 'dimension',
			'the category',
		);
		await page.keyboard.press('ArrowRight');
		await tabTo(page, () => document.activeElement.name === 'content', 'the content');
		const text =
			'办事指南与窗口实际要求不一致，来回跑了三趟。' + Date.now().toString(36);
		await page.keyboard.type(text);
		await page.keyboard.press('Control+Enter');
		const receipt = await page.locator('.receipt [data-receipt]').innerText();
		assert.match(receipt, /^[A-Za-z0-9]{6,}$/);
		assert.equal((await focused(page)).name, 'content', 'ready for the next opinion');
		const saved = await page.request.get(`/api/v1/opinions?limit=1`);
		const o = (await saved.json()).items[0];
		assert.equal(o.content, text);
		assert.equal(o.dimension, 'efficiency');

		// A unit reaches its first dispatched problem and acknowledges it by keyboard.
		const u = await unitWithDispatched(baseURL);
		await page.keyboard.press('Escape');
		await page.evaluate(() => document.activeElement.blur());
		await tabTo(
			page,
			() => document.activeElement.textContent === '退出',
			'the 退出 button',
		);
		await page.keyboard.press('Enter');
		await page.getByLabel('用户名').waitFor();
		await page.keyboard.type(u.username);
		await page.keyboard.press('Tab');
		await page.keyboard.type(u.password);
		await page.keyboard.press('Enter');
		await page.getByRole('button', { name: '退出' }).waitFor();
		await page.goto('/#/problems?status=dispatched');
		await page.locator('table tbody tr a').first().waitFor();
		const title = await page.locator('table tbody tr a').first().innerText();
		await page.evaluate(() => document.getElementById('main').focus());
		await tabTo(
			page,
			() =>
				document.activeElement.closest('table tbody') !== null &&
				document.activeElement.tagName === 'A',
			'the first problem',
		);
		assert.equal((await focused(page)).text, title);
		await page.keyboard.press('Enter');
		await page.getByRole('form', { name: '签收' }).waitFor();
		await tabTo(
			page,
			() =>
				document.activeElement.textContent === '签收' &&
				document.activeElement.tagName === 'BUTTON',
			'the 签收 button',
		);
		await page.keyboard.press('Enter');
		await page.locator('.status-line').getByText('已签收').waitFor();
		assert.deepEqual(errors, []);
	},
	{ timeout: 60000 },
);

// Every visible input, select and textarea has an accessible name.
async function unlabelled(page) {
	return page.evaluate(() =>
		[...document.querySelectorAll('main input, main select, main textarea')]
			.filter((el) => el.type !== 'hidden' && el.offsetParent !== null)
			.filter(
				(el) =>
					!(el.labels && el.labels.length) &&
					!el.getAttribute('aria-label') &&
					!el.getAttribute('aria-labelledby'),
			)
			.map(
				(el) =>
					`${location.hash} ${el.tagName.toLowerCase()}[name=${el.name}]`,
			),
	);
}

test(
	'every field on every page has a label',
	async ({ page }) => {
		const missing = [];
		// Each page is also kept as a screenshot under build/screenshots.
		const visit = async (hash, name) => {
			await page.goto('/' + hash);
			await page.waitForLoadState('networkidle');
			await page.locator('main h1').first().waitFor();
			missing.push(...(await unlabelled(page)));
			if (name) await shot(page, name, { fullPage: name !== 'admin-forms' });
		};
		for (const [h, name] of [
			['#/public', null],
			['#/public/track', null],
			['#/public/bulletins', 'public-bulletins'],
			['#/login', 'login'],
		])
			await visit(h, name);
		await login(page, 'admin', logins.admin.password);
		for (const [h, name] of [
			['#/', 'admin-home'],
			['#/opinions', null],
			['#/opinions/new', null],
			['#/problems', 'admin-problems'],
			['#/dashboard', null],
			['#/forms', 'admin-forms'],
		])
			await visit(h, name);
		for (const s of ['open', 'acknowledged', 'rectifying', 'rectified', 'verified'])
			await visit(`#/problems/${await problemIn(page, s)}`);
		await shot(page, 'admin-problem-verified');
		await page.goto('/#/opinions?status=received');
		await page.locator('table tbody tr').first().getByRole('checkbox').check();
		await page.getByRole('heading', { name: '已选 1 条意见' }).waitFor();
		missing.push(...(await unlabelled(page)));
		await shot(page, 'station-inbox');
		assert.deepEqual(missing, []);
	},
	{ timeout: 90000 },
);
