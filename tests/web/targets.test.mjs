// Annual target management through the pages: the office drafts a department's
// responsibility letter (a card not summing to 100 refused on issue, in Chinese), issues it;
// the unit signs it; the office puts it in force and amends it with a reason; the letter
// prints as an A4 document with its signature lines; the leader's assessment sheet lists
// the unit with its downloads.
import assert from 'node:assert/strict';
import { test, login, logins, shot, switchUser, JSON_HEADERS, axe, flashed } from './lib.mjs';

// The serious or critical accessibility violations of what the page shows now (the forms
// and dialogs the walk of a11y.test.mjs does not open).
// A year (this one, else the next) in which some departments with a unit login of their own
// have an empty draft letter: { now, year, y (the year's answer), free: [{ letter, user }] }.
async function freshYear(page) {
	const session = await (await page.request.get('/api/v1/session')).json();
	const now = Number(session.today.slice(0, 4));
	for (const year of [now, now + 1]) {
		const y = await (await page.request.get(`/api/v1/targets/${year}`)).json();
		const free = [];
		for (const l of y.letters) {
			if (l.unit_kind !== 'department' || l.status !== 'draft' || l.item_count)
				continue;
			const u = Object.values(logins).find(
				(u) => u.role === 'unit' && u.unit === l.unit_name,
			);
			if (u) free.push({ letter: l, user: u.username });
		}
		if (free.length) return { now, year, y, free, session };
	}
	assert.fail('no department with a login of its own has an empty letter this year or next');
}

// Shows the year @p year on the year's page (titled @p what), by the year picker.
async function pickYear(page, year, what = '目标管理') {
	await page.getByLabel('年度', { exact: true }).selectOption(String(year));
	await page.getByRole('button', { name: '查看' }).click();
	await page.getByRole('heading', { name: `${year}年度${what}` }).waitFor();
}

// A4 portrait less the margins of an official document (28 and 26 mm), in CSS pixels.
const PORTRAIT_WIDTH = Math.floor(((210 - 54) / 25.4) * 96);

// The letter's item blocks in the editor.
const row = (page, i) => page.locator('fieldset.item-row').nth(i);

test(
	'targets: the office drafts and issues a letter, the unit signs, the office enacts and amends; print and the assessment',
	async ({ page, errors }) => {
		await login(page, 'admin');
		const { now, year, y, free, session } = await freshYear(page);
		const { letter, user: unitUser } = free[0];
		const other = y.letters.find(
			(l) => l.unit_kind === 'department' && l.unit_id !== letter.unit_id,
		);
		const card = y.scheme.department_card;
		const ding = y.scheme.ding;

		// the year: the scheme, its form refusing cut-offs that do not fall, the letters
		await page.locator('#nav a', { hasText: '目标管理' }).click();
		await page.getByRole('heading', { name: `${now}年度目标管理` }).waitFor();
		if (year !== now) await pickYear(page, year);
		await page.getByText(ding.join('、')).waitFor();
		assert.ok(y.actions.includes('set_scheme'), 'the scheme may still be set');
		await page.getByRole('button', { name: '修改考核方案' }).click();
		await page.getByLabel('良好 最低分').fill('95');
		await page.getByRole('button', { name: '保存考核方案' }).click();
		await flashed(page, '须从优秀、良好到合格依次降低');
		assert.match(
			await page.locator('#scheme-grades-err').textContent(),
			/须从优秀、良好到合格依次降低/,
		);
		await axe(page, 'the scheme form');
		await page.getByRole('link', { name: letter.unit_name, exact: true }).click();
		await page
			.getByRole('heading', {
				name: `${year}年度${letter.unit_name}目标管理责任书`,
			})
			.waitFor();

		// draft two items: the card sums to 90
		await page.getByRole('button', { name: '编辑考核项目' }).click();
		await page.getByRole('heading', { name: '编辑考核项目' }).waitFor();
		let r = row(page, 0);
		await r.getByLabel('编号').fill('A1');
		await r.getByLabel('考核内容').fill('义务教育优质均衡');
		await r.getByLabel('类别').selectOption('function');
		await r.getByLabel('分值').fill('60');
		await r.getByLabel('计分规则').selectOption('ratio');
		await r.getByLabel('目标值').fill('95');
		await r.getByLabel('考核指标').fill('优质均衡达标学校比例（%）');
		await r.getByLabel('工作措施').fill('集团化办学，教师交流轮岗');
		await r.getByLabel('完成时限').fill(`${year}-11-30`);
		await r.getByLabel('考核部门').selectOption({ label: other.unit_name });
		await r.getByLabel('责任人').fill('张卫东');
		await r.getByLabel(ding[0], { exact: true }).fill('达标学校比例 95%');
		await r.getByLabel(ding.at(-1), { exact: true }).fill('未达标扣分，通报');
		await page.getByRole('button', { name: '添加一项' }).click();
		r = row(page, 1);
		await r.getByLabel('编号').fill('A2');
		await r.getByLabel('考核内容').fill('作风建设');
		await r.getByLabel('类别').selectOption('efficiency');
		await r.getByLabel('分值').fill('30');
		await r.getByLabel('计分规则').selectOption('workstyle');
		// a target given to an item scored by work style: refused at its own control
		await r.getByLabel('目标值').fill('90');
		await page.locator('.card-sums', { hasText: '差 10 分' }).waitFor();
		await page.getByRole('button', { name: '保存', exact: true }).click();
		await flashed(page, '第 2 项的“目标值”只有按完成比例、越低越好的项目填写目标值');
		assert.equal(await r.getByLabel('目标值').getAttribute('aria-invalid'), 'true');
		const slot = await r
			.getByLabel('目标值')
			.evaluate((el) => document.getElementById(el.id + '-err').textContent);
		assert.match(slot, /只有按完成比例、越低越好的项目填写目标值/);
		await axe(page, 'the item editor with an error');
		await r.getByLabel('目标值').fill('');
		await page.getByRole('button', { name: '保存', exact: true }).click();
		await flashed(page, '考核项目已保存');
		await page.getByText(`${card}（合计 90 分）`).waitFor();
		assert.equal(await page.locator('table.letter-table tbody tr').count(), 2);

		// issue: refused, the card and its sum in Chinese
		await page.getByRole('button', { name: '下达', exact: true }).click();
		await flashed(page, `第一卡（${card}）分值合计 90 分，不是 100 分`);
		await shot(page, 'targets-refused');

		// fix, issue
		await page.getByRole('button', { name: '编辑考核项目' }).click();
		await row(page, 1).getByLabel('分值').fill('40');
		await page.locator('.card-sums', { hasText: `${card} 100 分` }).waitFor();
		await page.getByRole('button', { name: '保存', exact: true }).click();
		await flashed(page, '考核项目已保存');
		await page.getByRole('button', { name: '下达', exact: true }).click();
		await flashed(page, '责任书已下达');
		await page.locator('.status-line .badge', { hasText: '已下达' }).waitFor();
		const url = page.url();

		// the unit signs, naming its head
		await switchUser(page, unitUser);
		await page.locator('#nav a', { hasText: '目标责任书' }).click();
		await page.getByRole('heading', { name: `${now}年度目标责任书` }).waitFor();
		if (year !== now) await pickYear(page, year, '目标责任书');
		await page.getByRole('link', { name: letter.unit_name, exact: true }).click();
		await page.getByRole('button', { name: '退回修改' }).waitFor();
		await page.getByLabel('签订人（主要负责人姓名）').fill('王建国');
		await page.getByRole('button', { name: '签订', exact: true }).click();
		await flashed(page, '责任书已签订');
		await page.getByText('王建国').first().waitFor();
		assert.equal(await page.getByRole('button', { name: '编辑考核项目' }).count(), 0);

		// the office puts it in force, then amends it with a reason
		await switchUser(page, 'admin');
		await page.goto(url);
		await page.getByRole('button', { name: '生效', exact: true }).click();
		await flashed(page, '责任书已生效');
		await page.getByRole('button', { name: '修订', exact: true }).click();
		await page.getByRole('heading', { name: '修订责任书' }).waitFor();
		// nothing changed: refused
		await page.getByLabel('修订理由').fill('核对后重新提交');
		await page.getByRole('button', { name: '提交修订' }).click();
		await flashed(page, '修订后的考核项目与修订前相同，没有改动');
		await page.getByLabel('修订理由').fill('');
		await row(page, 0).getByLabel('目标值').fill('90');
		await row(page, 0).getByLabel('分值').fill('50');
		await row(page, 1).getByLabel('分值').fill('40');
		await page.getByRole('button', { name: '添加一项' }).click();
		r = row(page, 2);
		await r.getByLabel('编号').fill('A3');
		await r.getByLabel('考核内容').fill('安全稳定');
		await r.getByLabel('分值').fill('10');
		await r.getByLabel('计分规则').selectOption('deduct');
		// no reason: refused at its control
		await page.getByRole('button', { name: '提交修订' }).click();
		await flashed(page, '“修订理由”');
		assert.equal(
			await page.getByLabel('修订理由').getAttribute('aria-invalid'),
			'true',
		);
		await page.getByLabel('修订理由').fill('年中调整：达标比例按省定口径修订');
		await page.getByRole('button', { name: '提交修订' }).click();
		await flashed(page, '责任书已修订');
		const amendments = page.locator('.amendments');
		await amendments.getByText('年中调整：达标比例按省定口径修订').waitFor();
		const changed = await amendments.textContent();
		assert.match(changed, new RegExp(`修订人：${session.user.display_name}`));
		assert.match(changed, /新增 A3 安全稳定（10 分）/);
		assert.match(changed, /A1 义务教育优质均衡：分值：60 → 50；目标值：95 → 90/);
		await shot(page, 'targets-letter');

		// on paper (A4 portrait, 156 mm between the margins): no navigation nor buttons;
		// the title, the items no wider than the paper, the signature lines
		await page.setViewportSize({ width: PORTRAIT_WIDTH, height: 900 });
		await page.emulateMedia({ media: 'print' });
		const tables = await page
			.locator('table.letter-table')
			.evaluateAll((ts) =>
				ts.map((t) => [t.getBoundingClientRect().right, t.scrollWidth]),
			);
		for (const [right, width] of tables)
			assert.ok(
				right <= PORTRAIT_WIDTH && width <= PORTRAIT_WIDTH,
				`a table ${width} px wide, to ${right}, on ${PORTRAIT_WIDTH}`,
			);
		assert.equal(await page.locator('#nav').isVisible(), false);
		assert.equal(await page.getByRole('button', { name: '打印' }).isVisible(), false);
		assert.equal(await page.locator('#letter-actions').isVisible(), false);
		assert.ok(await page.locator('h1', { hasText: '目标管理责任书' }).isVisible());
		assert.ok(await page.locator('table.letter-table').isVisible());
		const sign = page.locator('.letter-sign');
		assert.ok(await sign.isVisible());
		assert.ok(await sign.getByText('区目标管理考核领导小组（盖章）').isVisible());
		assert.ok(
			await sign.getByText(`责任单位（盖章）：${letter.unit_name}`).isVisible(),
		);
		assert.equal(await sign.getByText('主要负责人签字').count(), 2);
		assert.equal(await sign.getByText(/日期/).count(), 2);
		await page.emulateMedia({ media: 'screen' });
		await page.setViewportSize({ width: 1280, height: 800 });
		assert.equal(await sign.isVisible(), false);

		// the leader's sheet: the unit listed, and the files
		await switchUser(page, 'leader');
		await page.locator('#nav a', { hasText: '目标管理' }).click();
		await page.getByRole('heading', { name: `${now}年度目标管理` }).waitFor();
		if (year !== now) await pickYear(page, year);
		await page.getByRole('link', { name: `${year}年度考核结果` }).click();
		await page.getByRole('heading', { name: `${year}年度目标管理考核结果` }).waitFor();
		const line = page.locator('table.assessment tr', { hasText: letter.unit_name });
		await line.waitFor();
		assert.match(await line.textContent(), /不合格/);
		const hrefs = await page
			.locator('.downloads a')
			.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		assert.deepEqual(hrefs, [
			`/api/v1/targets/${year}/assessment?format=xlsx`,
			`/api/v1/targets/${year}/assessment?format=csv`,
			`/api/v1/targets/${year}/letters?format=xlsx`,
		]);
		const csv = await page.request.get(hrefs[1]);
		assert.equal(csv.status(), 200);
		assert.match(await csv.text(), new RegExp(letter.unit_name));
		await shot(page, 'targets-assessment');
		await axe(page, 'the assessment');
		// the refusals (400, 409) and the home page left while it loads (401, on a switch
		// of user) log nothing else
		assert.deepEqual(
			errors.filter((e) => !/status of (400|401|409)/.test(e)),
			[],
		);
	},
	{ timeout: 90000 },
);

test(
	'targets: a unit returns an issued letter with its reason; the office sees it back in draft',
	async ({ page }) => {
		await login(page, 'admin');
		const { year, free } = await freshYear(page);
		// another department than the first test's
		const { letter, user } = free[free.length - 1];
		const base = `/api/v1/targets/${year}/letters/${letter.unit_id}`;
		let r = await page.request.put(`${base}/items`, {
			headers: JSON_HEADERS,
			data: {
				items: [
					{
						code: 'B1',
						name: '重点任务',
						card: 1,
						points: 70,
						rule: 'deduct',
					},
					{
						code: 'B2',
						name: '作风建设',
						card: 1,
						points: 30,
						rule: 'workstyle',
					},
				],
			},
		});
		assert.equal(r.status(), 200, await r.text());
		r = await page.request.post(`${base}/issue`, { headers: JSON_HEADERS, data: {} });
		assert.equal(r.status(), 200, await r.text());

		await switchUser(page, user);
		await page.goto(`/#/targets/${year}/${letter.unit_id}`);
		await page.getByRole('button', { name: '退回修改' }).click();
		const dialog = page.locator('dialog[open]');
		await dialog.getByLabel('退回理由').fill('太短');
		await dialog.getByRole('button', { name: '退回', exact: true }).click();
		await dialog.locator('.field-error', { hasText: '至少 5 个字' }).waitFor();
		await axe(page, 'the return dialog with an error');
		await dialog.getByLabel('退回理由').fill('B1 的扣分口径与本单位职责不符，请调整');
		await dialog.getByRole('button', { name: '退回', exact: true }).click();
		await page.locator('#msg .flash', { hasText: '责任书已退回修改' }).waitFor();
		await page.locator('.status-line .badge', { hasText: '草拟' }).waitFor();
		assert.equal(
			await page.getByRole('button', { name: '签订', exact: true }).count(),
			0,
		);
		await page.getByText('责任书草拟中。').waitFor();

		await switchUser(page, 'admin');
		await page.goto(`/#/targets?year=${year}`);
		const line = page.locator('table.letters tr', { hasText: letter.unit_name });
		assert.match(await line.textContent(), /草拟/);
		await line.getByRole('link').click();
		await page.getByRole('button', { name: '下达', exact: true }).waitFor();
	},
	{ timeout: 60000 },
);

test('targets: the office sets a year’s scheme, the year picked', async ({ page }) => {
	await login(page, 'admin');
	const session = await (await page.request.get('/api/v1/session')).json();
	const now = Number(session.today.slice(0, 4));
	// a year of the picker whose scheme is still the default and may be set (next year
	// first: the tests before may have fixed this year's)
	let next = null;
	for (const year of [now + 1, now - 1, now - 2, now - 3, now - 4, now]) {
		const y = await (await page.request.get(`/api/v1/targets/${year}`)).json();
		if (y.actions.includes('set_scheme') && !y.scheme_set) {
			next = year;
			break;
		}
	}
	assert.ok(next, 'a year whose scheme may be set');
	await page.goto('/#/targets');
	await page.getByRole('heading', { name: `${now}年度目标管理` }).waitFor();
	await pickYear(page, next);
	await page.getByText('本年度尚未设定考核方案，按默认方案。').waitFor();
	await page.getByRole('button', { name: '修改考核方案' }).click();
	await page.getByLabel('部门考核卡名称').fill('年度目标');
	const ding = page.getByLabel('“定”的内容');
	await ding.fill((await ding.inputValue()) + '\n定措施');
	await page.getByRole('button', { name: '保存考核方案' }).click();
	await page.locator('#msg .flash', { hasText: '考核方案已保存' }).waitFor();
	await page.getByText('本年度考核方案已设定。').waitFor();
	await page.getByText('年度目标，100 分').waitFor();
	await page.getByText('定奖惩、定措施').waitFor();
	await page.locator('table.letters').waitFor();
	const y = await (await page.request.get(`/api/v1/targets/${next}`)).json();
	assert.equal(y.scheme.department_card, '年度目标');
	assert.equal(y.scheme.ding.length, 7);
});
