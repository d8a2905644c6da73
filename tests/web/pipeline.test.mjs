// The whole pipeline through the UI, each step by the role that owns it,
// then role scoping as each role sees it, and the dashboard's charts.
import assert from 'node:assert/strict';
import { test, login, logins, shot, switchUser as as } from './lib.mjs';

const stamp = Date.now().toString(36);
const texts = [
	`不动产登记大厅排队时间太长，取号后要等两个小时才能办理（${stamp}）`,
	`不动产登记大厅排队时间太长，窗口开得太少，等了一上午（${stamp}）`,
	`不动产登记大厅排队时间长，叫号慢，希望多开窗口（${stamp}）`,
];

test(
	'pipeline: point enters, station merges and dispatches, unit answers, office verifies, public evaluates, office closes',
	async ({ page, errors }) => {
		page.on('dialog', (d) => d.accept());
		const receipts = [];
		await login(page, 'point01', logins.point01.password);
		await page.goto('/#/opinions/new');
		for (const [i, t] of texts.entries()) {
			await page
				.getByLabel('被评议单位', { exact: true })
				.selectOption({ label: '区不动产登记中心（部门）' });
			await page.getByLabel('意见来源').selectOption('public');
			await page.getByLabel('意见内容').fill(t);
			await page.getByLabel('意见提供人姓名（可选）').fill('张秘密' + i);
			await page.getByLabel('联系电话（可选）').fill('1390000000' + i);
			if (i === 2)
				await page.getByLabel('意见内容').press('Control+Enter'); // the keyboard way
			else await page.getByRole('button', { name: '保存并出具回执' }).click();
			const h = await page.waitForFunction((seen) => {
				const el = document.querySelector('.receipt [data-receipt]');
				return el && !seen.includes(el.textContent) && el.textContent;
			}, receipts);
			receipts.push(await h.jsonValue());
			assert.equal(await page.getByLabel('意见内容').inputValue(), '');
		}
		assert.equal(new Set(receipts).size, 3);
		await shot(page, 'point-entry');
		await page.goto('/#/opinions');
		for (const t of texts) await page.getByText(t.slice(0, 25)).first().waitFor();

		await as(page, 'station1');
		await page.goto('/#/opinions?status=received&target_unit_id=31');
		await page
			.locator('tr', { hasText: texts[0].slice(0, 30) })
			.getByRole('checkbox')
			.check();
		const sugg = page.locator('.suggestions');
		for (const t of texts.slice(1))
			await sugg
				.locator('li', { hasText: t.slice(0, 30) })
				.getByRole('button', { name: '一并汇总' })
				.click();
		await page.getByRole('heading', { name: '已选 3 条意见' }).waitFor();
		await shot(page, 'station-merge');
		await page.getByLabel('问题标题').fill('不动产登记大厅排队时间长 ' + stamp);
		await page
			.getByRole('form', { name: '汇总为问题' })
			.getByRole('button', { name: '汇总为问题' })
			.click();
		await page.waitForURL(/#\/problems\/\d+$/);
		const problem = new URL(page.url()).hash;
		await page.getByLabel('工作日数').fill('5');
		const due = await page.request.get('/api/v1/calendar/due?workdays=5');
		const dueOn = (await due.json()).due_on;
		await page
			.locator('output.computed')
			.filter({ hasText: '到期日：' + dueOn })
			.waitFor();
		await page.getByRole('button', { name: '转办', exact: true }).click();
		await page.locator('.status-line').getByText('已转办').waitFor();

		await as(page, 'unit-bdc');
		await page.goto('/#/problems?status=dispatched');
		await page.getByRole('link', { name: '不动产登记大厅排队时间长 ' + stamp }).click();
		await page.getByRole('button', { name: '签收', exact: true }).click();
		await page.locator('.status-line').getByText('已签收').waitFor();
		await page.getByLabel('反馈情况').fill('经核查，情况属实，已增开两个窗口。');
		await page.getByLabel('整改措施与计划').fill('一、增开窗口；二、推行预约办理。');
		await page.getByRole('button', { name: '提交反馈' }).click();
		await page.locator('.status-line').getByText('已反馈').waitFor();
		await page
			.getByLabel('整改措施', { exact: true })
			.fill('已增开两个窗口并推行网上预约，平均等候时间降至20分钟。');
		await page.getByLabel('完成进度（%）').fill('100');
		await page.getByLabel('佐证材料').fill('窗口排班表、预约系统截图');
		await page.getByLabel('整改已完成，提请验收').check();
		await page.getByRole('button', { name: '提交整改情况' }).click();
		await page.locator('.status-line').getByText('已整改').waitFor();
		await shot(page, 'unit-problem');
		const seen = await page.locator('body').innerText();
		assert.ok(
			!seen.includes('张秘密') && !seen.includes('1390000000'),
			'a unit never sees who gave the opinions',
		);

		await as(page, 'admin');
		await page.goto('/' + problem);
		await page.getByRole('button', { name: '提交验收' }).click();
		await page.locator('.status-line').getByText('已验收').waitFor();

		await as(page, null);
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto('/#/public/track/' + receipts[0]);
		await page.getByText('已增开两个窗口').first().waitFor();
		await page.getByLabel('满意', { exact: true }).check();
		await page.getByRole('button', { name: '提交评价' }).click();
		await page.getByText('感谢您的评价').waitFor();
		await shot(page, 'public-track');
		await page.setViewportSize({ width: 1280, height: 900 });

		await login(page, 'admin', logins.admin.password);
		await page.goto('/' + problem);
		await page.getByRole('button', { name: '销号', exact: true }).click();
		await page.locator('.status-line').getByText('已销号').waitFor();
		await shot(page, 'admin-closed');
		assert.deepEqual(errors, []);
	},
	{ timeout: 120000 },
);

test('role scoping shows in the UI', async ({ page }) => {
	await login(page, 'unit-bdc', logins['unit-bdc'].password);
	const nav = await page.locator('#nav').innerText();
	assert.ok(!nav.includes('意见收件箱') && !nav.includes('统计看板'));
	await page.goto('/#/problems');
	await page.locator('table tbody tr').first().waitFor();
	const units = await page.locator('table tbody tr td:nth-child(3)').allInnerTexts();
	assert.ok(
		units.length > 0 && units.every((u) => u === '区不动产登记中心'),
		units.join(','),
	);
	await page.goto('/#/opinions');
	await page.getByRole('heading', { name: '无权访问' }).waitFor();
	await as(page, 'leader');
	await page.goto('/#/problems');
	await page.locator('table tbody tr a').first().click();
	await page.getByText('领导账号为只读。').waitFor();
	assert.equal(await page.locator('aside.actions form').count(), 0);
});

test(
	'dashboard renders its charts and ranking',
	async ({ page, errors }) => {
		await login(page, 'leader', logins.leader.password);
		await page.goto('/#/dashboard');
		await page.locator('main [data-charts=ready]').waitFor({ timeout: 60000 });
		assert.equal((await page.locator('[data-chart=ready] canvas').count()) >= 3, true);
		assert.ok((await page.locator('table.ranking tbody tr').count()) > 5);
		await shot(page, 'dashboard');
		assert.deepEqual(errors, []);
	},
	{ timeout: 90000 },
);

test('a public opinion with no content gets a readable error, then a receipt', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/#/public');
	await page.getByLabel('您要反映的单位').selectOption({ label: '区教委' });
	await page.getByRole('button', { name: '提交意见' }).click();
	await page.locator('.flash.error').filter({ hasText: '填写的内容有误' }).waitFor();
	await page.getByLabel('意见内容').fill('招生咨询电话总是打不通。' + stamp);
	await page.getByRole('button', { name: '提交意见' }).click();
	await page.locator('[data-receipt]').waitFor();
	await shot(page, 'public-give');
});
