// Leaders' pledges (十项承诺) through the pages: a unit drafts a set for its leadership team
// from the template, one item taken out (a line too short refused beside it, in Chinese); the
// office publishes it; the unit records a fulfilment and the year's rate moves; another unit
// rates it as a colleague and is refused a second time, in Chinese; the holder unit sees the
// counts and no notes, the office the note; the set prints as one A4 page; the public reads
// the published sets and rates one without logging in.
import assert from 'node:assert/strict';
import {
	test,
	login,
	logins,
	shot,
	switchUser,
	openAction,
	env,
	JSON_HEADERS,
	axe,
	flashed,
	api,
} from './lib.mjs';

const menu = (page) => page.locator('#nav a', { hasText: /^领导承诺$/ });

// The PDF of the page as printed: its number of pages and the size of the first.
async function printed(page) {
	const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
	const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) || []).length;
	const box = pdf.match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)/);
	return { pages, width: Math.round(box[1]), height: Math.round(box[2]) };
}

// The counts of one kind of rater on a set's page: [满意, 基本满意, 不满意, 合计].
async function counts(page, who) {
	const row = page.locator('table.pledge-ratings tbody tr', { hasText: who });
	await row.waitFor();
	return (await row.locator('td').allTextContents()).map(Number);
}

test(
	'pledges: a unit drafts a set for its leadership team, the office publishes it, the unit records a fulfilment, a colleague rates it once, the notes are the office’s, printed on A4, rated by the public',
	async ({ page, context, errors }) => {
		const [mine, other] = Object.values(logins).filter((l) => l.role === 'unit');
		const stamp = String(Date.now()).slice(-6);

		// the unit drafts a set for its leadership team from the template
		await login(page, mine.username);
		const year = (await api(page, 'GET', '/session')).body.today.slice(0, 4);
		const template = (await api(page, 'GET', '/pledges/template')).body.items;
		await menu(page).click();
		await page.getByRole('heading', { name: '领导承诺', exact: true }).waitFor();
		assert.equal(await page.getByLabel('年度').inputValue(), year);
		assert.ok(await page.locator('table.pledges tbody tr').count(), 'published sets');
		await axe(page, 'the list');
		await page.getByRole('button', { name: '新建承诺' }).click();
		const form = page.locator('dialog[open]').getByRole('form', { name: '新建承诺' });
		assert.equal(
			await form.getByLabel('承诺人').locator('option:checked').innerText(),
			'领导班子',
		);
		const title = `${mine.unit}领导班子十项承诺`;
		assert.equal(await form.getByLabel('标题').inputValue(), title);
		const lines = form.locator('.pledge-item-rows input');
		assert.equal(await lines.count(), 10);
		assert.deepEqual(await lines.evaluateAll((xs) => xs.map((x) => x.value)), template);
		assert.equal(await form.getByLabel('承诺期限自').inputValue(), `${year}-01-01`);
		assert.equal(
			await form.getByLabel('至', { exact: true }).inputValue(),
			`${year}-12-31`,
		);
		await form.getByRole('button', { name: '删除第 10 项' }).click();
		assert.equal(await lines.count(), 9);
		const titled = `${title}（${stamp}）`;
		await form.getByLabel('标题').fill(titled);
		await form.getByLabel('第 3 项', { exact: true }).fill('学习');
		await axe(page, 'the new set');
		await form.getByRole('button', { name: '保存草稿' }).click();
		await form.locator('.field-error', { hasText: '至少 4 个字' }).waitFor();
		assert.match(await form.locator('.form-error').innerText(), /第 3 项/);
		assert.doesNotMatch(await form.locator('.form-error').innerText(), /[A-Za-z]{3,}/);
		await form.getByLabel('第 3 项', { exact: true }).fill(template[2]);
		await form.getByRole('button', { name: '保存草稿' }).click();
		await flashed(page, '已保存承诺草稿');
		await page.getByRole('heading', { name: titled }).waitFor();
		const id = Number(/#\/pledges\/(\d+)/.exec(page.url())[1]);
		await page.locator('.status-line', { hasText: '草拟' }).waitFor();
		assert.equal(await page.locator('.pledge-doc .pledge-list li').count(), 9);
		assert.match(
			await page.locator('.pledge-holder').innerText(),
			new RegExp(`${mine.unit}领导班子`),
		);
		await page.getByRole('button', { name: '修改草稿' }).waitFor();
		assert.equal(await page.getByRole('form', { name: '公开承诺' }).count(), 0);
		await axe(page, 'a draft');

		// the office publishes it
		await switchUser(page, 'admin');
		await page.goto(`/#/pledges/${id}`);
		const publish = page
			.locator('#actions .next-step')
			.getByRole('form', { name: '公开承诺' });
		await publish.getByRole('button', { name: '公开' }).click();
		await flashed(page, '已公开');
		await page.locator('.status-line', { hasText: '已公开' }).waitFor();
		await page.getByRole('heading', { name: '评价意见（仅纠风办可见）' }).waitFor();

		// the unit records a fulfilment: the year's rate moves
		await switchUser(page, mine.username);
		await page.goto(`/#/pledges/${id}`);
		const rate = page.locator('.pledge-doc .pledge-rate');
		assert.match(await rate.innerText(), /0\.0%（9 项中 0 项已践诺）/);
		const record = page
			.locator('#actions .next-step')
			.getByRole('form', { name: '践诺登记' });
		await record.getByRole('button', { name: '登记' }).click();
		await record.locator('.field-error', { hasText: '必填' }).first().waitFor();
		await record.getByLabel('承诺事项').selectOption('2');
		assert.ok(await record.getByLabel('践诺日期').inputValue());
		await record.getByLabel('践诺情况').fill(`为本单位党员讲党课（${stamp}）`);
		await record.getByLabel('佐证材料（可选）').fill('党课课件和签到表存办公室');
		await record.getByRole('button', { name: '登记' }).click();
		await flashed(page, '已登记践诺情况');
		assert.match(await rate.innerText(), /11\.1%（9 项中 1 项已践诺）/);
		assert.match(
			await page.locator('.pledge-list li[data-no="2"]').innerText(),
			new RegExp(`${year}年践诺 1 次`),
		);
		await page
			.locator('table.pledge-records', { hasText: `讲党课（${stamp}）` })
			.waitFor();
		await menu(page).click();
		const row = page.locator(`table.pledges tr[data-pledges="${id}"]`);
		assert.match(await row.innerText(), /11\.1%/);
		await row.getByRole('link', { name: titled }).click();
		await page.getByRole('heading', { name: titled }).waitFor();

		// another unit rates it as a colleague, once
		await switchUser(page, other.username);
		await page.goto(`/#/pledges/${id}`);
		const stale = await context.newPage();
		await stale.goto(`/#/pledges/${id}`);
		const rateForm = page
			.locator('#actions .next-step')
			.getByRole('form', { name: '评诺' });
		await rateForm.getByLabel('基本满意').check();
		await rateForm
			.getByLabel('意见建议（可选）')
			.fill(`建议公开讲党课的时间（${stamp}）`);
		await axe(page, "a colleague's rating");
		await rateForm.getByRole('button', { name: '提交评价' }).click();
		await flashed(page, '已提交评价');
		assert.deepEqual(await counts(page, '同事'), [0, 1, 0, 1]);
		assert.equal(await page.getByRole('form', { name: '评诺' }).count(), 0);
		// a second time, from a page drawn before the first
		const again = stale
			.locator('#actions .next-step')
			.getByRole('form', { name: '评诺' });
		await again.getByLabel('满意', { exact: true }).check();
		await again.getByRole('button', { name: '提交评价' }).click();
		await flashed(stale, '本账号已评价过这份承诺');
		assert.doesNotMatch(await stale.locator('#msg').innerText(), /[A-Za-z]{3,}/);
		assert.deepEqual(await counts(stale, '同事'), [0, 1, 0, 1]);
		await stale.close();

		// the holder unit sees the counts, not the notes; the office sees the note
		await switchUser(page, mine.username);
		await page.goto(`/#/pledges/${id}`);
		assert.deepEqual(await counts(page, '同事'), [0, 1, 0, 1]);
		assert.equal(await page.getByRole('heading', { name: /评价意见/ }).count(), 0);
		assert.ok(!(await page.locator('#main').innerText()).includes('讲党课的时间'));
		await switchUser(page, 'admin');
		await page.goto(`/#/pledges/${id}`);
		await page
			.locator('ul.pledge-notes li', {
				hasText: `建议公开讲党课的时间（${stamp}）`,
			})
			.waitFor();
		await axe(page, 'a set read by the office');
		await shot(page, 'pledges-set');

		// on paper: the published list alone, one A4 page
		await page.emulateMedia({ media: 'print' });
		assert.ok(await page.getByRole('heading', { name: titled }).isVisible());
		assert.ok(await page.locator('.pledge-holder').isVisible());
		assert.ok(await page.locator('.pledge-period').isVisible());
		assert.ok(await page.locator('.pledge-list li').nth(8).isVisible());
		assert.ok(await page.locator('.pledge-rate').isVisible());
		for (const hidden of [
			'#nav',
			'#actions',
			'.pledge-tools',
			'table.pledge-records',
			'table.pledge-ratings',
			'.pledge-notes',
			'footer.foot',
		])
			assert.equal(await page.locator(hidden).first().isVisible(), false, hidden);
		assert.deepEqual(await printed(page), { pages: 1, width: 595, height: 842 });
		await shot(page, 'pledges-print');
		await page.emulateMedia({ media: 'screen' });

		// the public reads the published sets and rates one, without logging in
		const outside = await env.browser.newContext({
			baseURL: env.baseURL,
			locale: 'zh-CN',
		});
		try {
			const pub = await outside.newPage();
			await pub.goto('/#/public');
			await pub.locator('#nav a', { hasText: '领导承诺' }).click();
			await pub.getByRole('heading', { name: '领导承诺', exact: true }).waitFor();
			assert.ok((await pub.locator('.pledge-card').count()) > 1);
			await axe(pub, 'the public list');
			await pub.getByRole('link', { name: titled, exact: true }).click();
			await pub.getByRole('heading', { name: titled }).waitFor();
			assert.match(
				await pub.locator('.pledge-rate').innerText(),
				/11\.1%（9 项中 1 项已践诺）/,
			);
			const before = await counts(pub, '群众');
			const give = pub.getByRole('form', { name: '我要评价' });
			await give.getByRole('button', { name: '提交评价' }).click();
			await give.locator('.field-error', { hasText: '必填' }).waitFor();
			await give.getByLabel('满意', { exact: true }).check();
			await give
				.getByLabel('意见建议（可选）')
				.fill('讲党课的情况可以多公开一些');
			await give.getByRole('button', { name: '提交评价' }).click();
			await flashed(pub, '感谢您的评价');
			assert.deepEqual(await counts(pub, '群众'), [
				before[0] + 1,
				before[1],
				before[2],
				before[3] + 1,
			]);
			assert.equal(
				await pub.getByRole('heading', { name: /评价意见/ }).count(),
				0,
			);
			await axe(pub, 'the public set');
			await shot(pub, 'pledges-public');
		} finally {
			await outside.close();
		}
		assert.deepEqual(
			errors.filter((e) => !/status of (400|409)/.test(e)),
			[],
		);
	},
	{ timeout: 150000 },
);

test('pledges: every logged-in role reads the published sets; only the office and a unit draft', async ({
	page,
}) => {
	for (const r of ['leader', 'station', 'point', 'stats']) {
		await login(page, r);
		await menu(page).click();
		await page.getByRole('heading', { name: '领导承诺', exact: true }).waitFor();
		assert.equal(await page.getByRole('button', { name: '新建承诺' }).count(), 0);
		await page.locator('table.pledges tbody a').first().click();
		await page.locator('.pledge-doc').waitFor();
		assert.equal(await page.getByRole('form', { name: '践诺登记' }).count(), 0);
		assert.equal(await page.getByRole('form', { name: '公开承诺' }).count(), 0);
		await switchUser(page, null);
	}
	// the office drafts too, for a person of a unit's register
	await login(page, 'admin');
	await menu(page).click();
	await page.getByRole('button', { name: '新建承诺' }).click();
	const form = page.locator('dialog[open]').getByRole('form', { name: '新建承诺' });
	const unit = Object.values(logins).find((l) => l.role === 'unit').unit;
	await form.getByLabel('单位').selectOption({ label: unit });
	await form
		.getByLabel('承诺人')
		.locator('option:not([value=""])')
		.first()
		.waitFor({ state: 'attached' });
	const person = await form
		.getByLabel('承诺人')
		.locator('option:not([value=""])')
		.first()
		.getAttribute('value');
	await form.getByLabel('承诺人').selectOption(person);
	const name = (
		await form.getByLabel('承诺人').locator('option:checked').innerText()
	).replace(/（.*$/, '');
	assert.equal(await form.getByLabel('标题').inputValue(), `${unit}${name}十项承诺`);
	await form.getByRole('button', { name: '保存草稿' }).click();
	await flashed(page, '已保存承诺草稿');
	await page.locator('.status-line', { hasText: '草拟' }).waitFor();
	assert.match(
		await page.locator('.pledge-holder').innerText(),
		new RegExp(`承诺人：${unit} ${name}`),
	);
	// the office's next step is to publish it; the edit waits under 更多操作
	await page.locator('#actions .next-step').getByRole('form', { name: '公开承诺' }).waitFor();
	const edit = await openAction(page, '修改承诺');
	assert.equal(await edit.locator('.pledge-item-rows input').count(), 10);
});
