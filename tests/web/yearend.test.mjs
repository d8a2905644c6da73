// Target management through the year and at its end, through the pages. The demo (made
// today) runs the campaign's year: every letter in force, quarterly reports, results, each
// unit's register and its items split down to people, and — from 4 December — the sheet
// published with a ten-day appeal window and one open appeal. Where today's date leaves
// some of that out, the tests make what they need through the API first.
import assert from 'node:assert/strict';
import {
	test,
	login,
	loginOf,
	logins,
	shot,
	switchUser,
	JSON_HEADERS,
	axe,
	flashed,
	api,
} from './lib.mjs';

// The year of the demo's letters (today's), its state as the signed-in user reads it, and
// the unit of the first unit login (the department the demo appealed for).
async function theYear(page) {
	const session = (await api(page, 'GET', '/session')).body;
	const year = Number(session.today.slice(0, 4));
	const y = (await api(page, 'GET', `/targets/${year}`)).body;
	return { session, year, y, today: session.today };
}

// The sheet published, its window still open: as the demo leaves it from 4 to 14
// December. Before the 4th the office publishes it here; returns the year's state, or null
// when the window has closed (after the 14th nothing may be appealed any more).
async function published(page) {
	const { year, y, today } = await theYear(page);
	if (!y.published_at) {
		const r = await api(page, 'POST', `/targets/${year}/publish`, { appeal_days: 10 });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		return { year, state: r.body, open: true };
	}
	return { year, state: y, open: !y.final_at && y.appeal_until >= today };
}

const unitUser = () => loginOf('unit');

// The unit's id (the first unit login's), read from its session.
async function unitOf(page) {
	return (await api(page, 'GET', '/session')).body.user.unit_id;
}

test(
	'yearend: a unit reports progress on an item and appeals an item of the published sheet',
	async ({ page, errors }) => {
		await login(page, 'admin');
		const { year, open } = await published(page);
		const u = unitUser();
		await switchUser(page, u.username);
		const unit = await unitOf(page);

		// its letter: each item's reports, a new one on A2
		await page.locator('#nav a', { hasText: '目标责任书' }).click();
		await page.getByRole('heading', { name: `${year}年度目标责任书` }).waitFor();
		await page.getByRole('link', { name: u.unit, exact: true }).first().click();
		await page.getByRole('heading', { name: '执行情况与评分' }).waitFor();
		const a2 = page.locator('article.item-progress[data-code="A2"]');
		const before = await a2.locator('table.reports tbody tr').count();
		assert.ok(before >= 1, 'the demo reported on A2');
		await a2.getByRole('button', { name: '报送进展' }).click();
		const form = a2.getByRole('form', { name: '报送 A2 的进展' });
		await form.getByLabel('进度（%）').fill('96');
		await form
			.getByLabel('完成情况')
			.fill('年底冲刺：按时办结 1150 件，余下部分本月办结。');
		await form.getByLabel('佐证材料').fill('办件台账（12 月）');
		await axe(page, 'the report form');
		await form.getByRole('button', { name: '报送', exact: true }).click();
		await flashed(page, 'A2 的进展已报送');
		await page
			.locator('article.item-progress[data-code="A2"] table.reports tbody tr')
			.nth(before)
			.waitFor();
		assert.match(
			await page.locator('article.item-progress[data-code="A2"]').textContent(),
			/最新进度 96%.*办件台账（12 月）/s,
		);
		// no score form on its own items
		assert.equal(
			await page.getByRole('button', { name: '评分', exact: true }).count(),
			0,
		);

		// the year's page: its appeals, and an appeal on A2 with its reason
		await page.goto(`/#/targets?year=${year}`);
		const appeals = page.locator('#year-appeals');
		await appeals.waitFor();
		if (!open) {
			assert.equal(
				await appeals.getByRole('button', { name: '申请复核' }).count(),
				0,
			);
			return;
		}
		await appeals.getByRole('button', { name: '申请复核' }).click();
		const af = appeals.getByRole('form', { name: '申请复核' });
		await af.getByLabel('复核内容').selectOption('A2');
		await af.getByLabel('复核理由').fill('太短');
		await af.getByRole('button', { name: '提交复核申请' }).click();
		await flashed(page, '至少 10 个字');
		await af
			.getByLabel('复核理由')
			.fill('按时办结件数漏计了 11 月政务大厅的 86 件，申请核实。');
		await af.getByRole('button', { name: '提交复核申请' }).click();
		await flashed(page, '复核申请已提交');
		const row = page.locator('#year-appeals tr', { hasText: '漏计了 11 月' });
		await row.waitFor();
		assert.match(await row.textContent(), /A2 服务群众办件量.*待复核/s);
		// a second appeal on the same item waits behind the first: refused, in Chinese
		await page
			.locator('#year-appeals')
			.getByRole('button', { name: '申请复核' })
			.click();
		const af2 = page.locator('#year-appeals').getByRole('form', { name: '申请复核' });
		await af2.getByLabel('复核内容').selectOption('A2');
		await af2.getByLabel('复核理由').fill('再次申请复核按时办结件数的统计口径。');
		await af2.getByRole('button', { name: '提交复核申请' }).click();
		await flashed(page, '对此已有一项复核申请等待决定');
		await shot(page, 'yearend-unit-year');
		// no script failed (the requests this walk makes are checked on its way)
		assert.deepEqual(
			errors.filter((e) => !/Failed to load resource/.test(e)),
			[],
		);
	},
	{ timeout: 60000 },
);

test(
	'yearend: a unit reads its own line of the published sheet, its items split down to people and 我的目标',
	async ({ page }) => {
		await login(page, 'admin');
		const { year } = await published(page);
		const u = unitUser();
		await switchUser(page, u.username);
		const unit = await unitOf(page);

		await page.goto(`/#/targets?year=${year}`);
		const line = page.locator('#own-line');
		await line.waitFor();
		await line.getByText('总分').waitFor();
		assert.match(await line.textContent(), /等次.*名次第 \d+ 名（部门）/s);

		// the letter's shares, by person
		await page.goto(`/#/targets/${year}/${unit}`);
		const shares = page.locator('#letter-shares');
		await shares.locator('table.share-table').waitFor();
		assert.ok((await shares.locator('tbody tr').count()) >= 6);

		// 我的目标: the account is linked to a person of the register, who has items
		await page.locator('#nav a', { hasText: '我的目标' }).click();
		await page.getByRole('heading', { name: `${year}年度我的目标` }).waitFor();
		const mine = page.locator('table.mine tbody tr');
		await mine.first().waitFor();
		assert.ok((await mine.count()) >= 1);
		assert.match(await page.locator('.mine-who').textContent(), /办公室主任/);
		await axe(page, '我的目标');
	},
	{ timeout: 60000 },
);

test(
	'yearend: the office reads risks and proposals, upholds an appeal with a new value and the sheet changes, records a penalty; the final step waits for the window',
	async ({ page, errors }) => {
		await login(page, 'admin');
		const { year, open } = await published(page);
		const u = unitUser();
		const { body: y } = await api(page, 'GET', `/targets/${year}`);
		const letter = y.letters.find((l) => l.unit_name === u.unit);
		const unit = letter.unit_id;
		// an open appeal on a ratio item of the unit: the demo's on A1, else one made here
		let appeals = (await api(page, 'GET', `/targets/${year}/appeals`)).body.items;
		let appeal = appeals.find(
			(a) => a.unit_id === unit && a.status === 'open' && a.code === 'A1',
		);
		if (!appeal && open) {
			await switchUser(page, u.username);
			const r = await api(page, 'POST', `/targets/${year}/appeals`, {
				unit_id: unit,
				code: 'A1',
				reason: '年度重点任务中有两项因上级政策调整而暂停，申请核减目标值。',
			});
			assert.equal(r.status, 201, JSON.stringify(r.body));
			await switchUser(page, 'admin');
			appeals = (await api(page, 'GET', `/targets/${year}/appeals`)).body.items;
			appeal = appeals.find((a) => a.status === 'open' && a.code === 'A1');
		}

		await page.locator('#nav a', { hasText: '目标管理' }).click();
		await page.getByRole('heading', { name: `${year}年度目标管理` }).waitFor();
		await page.locator('#year-end').getByText('已公布').waitFor();

		// the items at risk, by kind
		const risks = page.locator('#year-risks');
		await risks.waitFor();
		const count = await risks.locator('tbody tr').count();
		if (count) {
			await risks.getByLabel('预警类型').selectOption('overdue');
			const shown = risks.locator('tbody tr:not([hidden])');
			const n = await shown.count();
			for (let i = 0; i < n; i++)
				assert.match(await shown.nth(i).textContent(), /已逾期未完成/);
			await risks.getByLabel('预警类型').selectOption('');
		}

		// the proposed subtracts: after publication they are no longer decided
		const proposals = page.locator('#year-proposals');
		await proposals.waitFor();
		const waiting = proposals.locator('tr', { hasText: '待确认' }).first();
		if (await waiting.count()) {
			await waiting.getByRole('button', { name: '处理' }).click();
			const dialog = page.locator('dialog[open]');
			assert.equal(await dialog.getByLabel('扣分级别').inputValue(), 'district');
			await axe(page, 'the proposal dialog');
			await dialog.getByRole('button', { name: '保存' }).click();
			await dialog
				.locator('.form-error', {
					hasText: '考核结果已公布：此后只能经复核决定变更',
				})
				.waitFor();
			await dialog.getByRole('button', { name: '取消' }).click();
		}

		// the sheet before the decision
		const total = async () => {
			await page.goto(`/#/targets/${year}/assessment`);
			const row = page.locator('table.assessment tr', { hasText: u.unit });
			await row.waitFor();
			return Number(await row.locator('td.total').textContent());
		};
		if (appeal) {
			const was = await total();
			await page.goto(`/#/targets?year=${year}`);
			const row = page.locator(`#year-appeals tr[data-appeal="${appeal.id}"]`);
			await row.getByRole('button', { name: '复核决定' }).click();
			const dialog = page.locator('dialog[open]');
			await dialog.getByLabel('复核改分').check();
			await dialog.getByLabel('新的实际值').fill('100');
			await dialog.getByLabel('复核决定', { exact: true }).fill('短');
			await dialog.getByRole('button', { name: '保存复核决定' }).click();
			await dialog.locator('.field-error', { hasText: '至少 5 个字' }).waitFor();
			await axe(page, 'the decision dialog with an error');
			await dialog
				.getByLabel('复核决定', { exact: true })
				.fill(
					'经核实，两项任务经区政府同意暂停，按调整后的目标值计算，完成率为 100%。',
				);
			await dialog.getByRole('button', { name: '保存复核决定' }).click();
			await flashed(page, '复核决定已保存');
			assert.match(
				await page
					.locator(`#year-appeals tr[data-appeal="${appeal.id}"]`)
					.textContent(),
				/复核改分.*按调整后的目标值计算/s,
			);
			const now = await total();
			assert.ok(now > was, `the total went from ${was} to ${now}`);
		}

		// a penalty for a person of the unit's register
		const people = (await api(page, 'GET', `/units/${unit}/people`)).body.items;
		const person = people.find((p) => p.active);
		await page.goto(`/#/targets?year=${year}`);
		const sanctions = page.locator('#year-sanctions');
		await sanctions.getByRole('button', { name: '记录奖惩' }).click();
		const sf = sanctions.getByRole('form', { name: '记录奖惩' });
		await sf.getByLabel('责任单位').selectOption(String(unit));
		await sf.locator(`select[name=person_id] option[value="${person.id}"]`).waitFor({
			state: 'attached',
		});
		await sf.getByLabel('人员').selectOption(String(person.id));
		await sf.getByLabel('类别').selectOption('penalty');
		await sf.getByLabel('奖惩措施').fill('诫勉谈话');
		await sf.getByRole('button', { name: '记录', exact: true }).click();
		await flashed(page, '奖惩已记录');
		const srow = page.locator('#year-sanctions tr', { hasText: '诫勉谈话' }).last();
		assert.match(
			await srow.textContent(),
			new RegExp(`${u.unit}.*${person.name}.*惩处`, 's'),
		);

		// the final step: refused while the window is open, in Chinese
		if (open) {
			await page
				.locator('#year-end')
				.getByRole('button', { name: '考核结果定稿' })
				.click();
			const dialog = page.locator('dialog[open]');
			await dialog.getByRole('button', { name: '确认定稿' }).click();
			await dialog
				.locator('.form-error', { hasText: '复核申请期尚未结束' })
				.waitFor();
			await flashed(page, '当前环节不允许此操作：复核申请期尚未结束');
			await shot(page, 'yearend-final-refused', { fullPage: false });
			await dialog.getByRole('button', { name: '取消' }).click();
		}
		await shot(page, 'yearend-office-year');
		await axe(page, 'the year with its end');
		assert.deepEqual(
			errors.filter((e) => !/status of (400|401|409)/.test(e)),
			[],
		);
	},
	{ timeout: 90000 },
);

test('yearend: a unit cannot open another unit’s letter', async ({ page }) => {
	await login(page, 'admin');
	const { year, y } = await theYear(page);
	const u = unitUser();
	await switchUser(page, u.username);
	const mine = (await api(page, 'GET', `/targets/${year}`)).body.letters.map(
		(l) => l.unit_id,
	);
	const other = y.letters.find((l) => !mine.includes(l.unit_id));
	assert.ok(other, 'a letter the unit neither owns nor assesses');
	await page.goto(`/#/targets/${year}/${other.unit_id}`);
	await page.getByRole('heading', { name: '找不到这份责任书' }).waitFor();
	await page.getByText('记录不存在，或不在您的查看范围内。').waitFor();
	assert.equal(await page.getByText(other.unit_name).count(), 0);
	// nor its register
	await page.goto(`/#/units/${other.unit_id}/people`);
	await page.locator('#msg .flash', { hasText: '记录不存在' }).waitFor();
});

test(
	'yearend: the share editor sums each item as it is typed and shows the server refusing shares that do not add up',
	async ({ page }) => {
		await login(page, 'admin');
		const { year } = await theYear(page);
		const u = unitUser();
		const { body: y } = await api(page, 'GET', `/targets/${year}`);
		const unit = y.letters.find((l) => l.unit_name === u.unit).unit_id;
		await page.goto(`/#/targets/${year}/${unit}`);
		const shares = page.locator('#letter-shares');
		await shares.getByRole('button', { name: '编辑分解' }).click();
		const a1 = shares.locator('fieldset.share-item[data-code="A1"]');
		const first = a1.locator('.share-row').first();
		const points = Number(await first.getByLabel('分值').inputValue());
		await first.getByLabel('分值').fill(String(points + 1));
		await a1.locator('output', { hasText: '超出 1 分' }).waitFor();
		await shares.getByRole('button', { name: '保存分解' }).click();
		await flashed(page, 'A1 项分解到人的分值合计 31 分，不是该项的 30 分');
		await axe(page, 'the share editor refused');
		// a person once per item: refused at the row's control
		await first.getByLabel('分值').fill(String(points));
		await a1.getByRole('button', { name: '为 A1 添加责任人' }).click();
		const added = a1.locator('.share-row').last();
		const who = await first.getByLabel('责任人').inputValue();
		await added.getByLabel('责任人').selectOption(who);
		await added.getByLabel('分值').fill('1');
		await first.getByLabel('分值').fill(String(points - 1));
		await a1.locator('output', { hasText: '已分解 30 分 / 本项 30 分' }).waitFor();
		await shares.getByRole('button', { name: '保存分解' }).click();
		await flashed(page, '同一人员重复分解此项目');
		assert.equal(await added.getByLabel('责任人').getAttribute('aria-invalid'), 'true');
		await added.getByRole('button', { name: '删除 A1 的这一行' }).click();
		await first.getByLabel('分值').fill(String(points));
		await shares.getByRole('button', { name: '保存分解' }).click();
		await flashed(page, '目标分解已保存');
		await shares.locator('table.share-table').waitFor();
	},
	{ timeout: 60000 },
);

test(
	'yearend: a unit keeps its register; the office links an account; 我的目标 explains an account linked to nobody',
	async ({ page }) => {
		const u = unitUser();
		await login(page, u.username);
		const unit = await unitOf(page);
		const { year } = await theYear(page);
		await page.goto(`/#/targets/${year}/${unit}`);
		await page.getByRole('link', { name: `${u.unit}人员名册` }).click();
		await page.getByRole('heading', { name: `${u.unit}人员名册` }).waitFor();
		const add = page.getByRole('form', { name: '新增人员' });
		await add.getByLabel('姓名').fill('郑晓明');
		await add.getByLabel('职务').fill('科员');
		await add.getByLabel('职级').fill('一级科员');
		await add.getByLabel('中共党员').check();
		await add.getByRole('button', { name: '新增' }).click();
		await flashed(page, '已新增 郑晓明');
		const row = page.locator('table.people tr', { hasText: '郑晓明' });
		assert.match(await row.textContent(), /科员.*一级科员.*是.*在职/s);
		await row.getByRole('button', { name: '修改 郑晓明' }).click();
		const dialog = page.locator('dialog[open]');
		await dialog.getByLabel('职务').fill('综合科科员');
		await dialog.getByRole('button', { name: '保存' }).click();
		await flashed(page, '郑晓明 的信息已保存');
		await page
			.locator('table.people tr', { hasText: '郑晓明' })
			.getByRole('button', { name: '标记离任：郑晓明' })
			.click();
		await flashed(page, '郑晓明 已标记为离任');
		assert.match(
			await page.locator('table.people tr', { hasText: '郑晓明' }).textContent(),
			/综合科科员.*已离任/s,
		);
		await axe(page, 'the register');

		// the office links the unit's account to the new person, then back
		await switchUser(page, 'admin');
		const before = (await api(page, 'GET', '/users?limit=500')).body.items.find(
			(x) => x.username === u.username,
		);
		await page.goto(`/#/units/${unit}/people`);
		const link = page.getByRole('form', { name: `账号 ${u.username} 关联的人员` });
		await link
			.getByRole('combobox')
			.selectOption({ label: '郑晓明（综合科科员）（已离任）' });
		await link.getByRole('button', { name: '保存' }).click();
		await flashed(page, `账号 ${u.username} 的关联人员已保存`);
		let now = (await api(page, 'GET', '/users?limit=500')).body.items.find(
			(x) => x.username === u.username,
		);
		assert.notEqual(now.person_id, before.person_id);
		const back = await api(page, 'PUT', `/users/${before.id}/person`, {
			person_id: before.person_id,
		});
		assert.equal(back.status, 200, JSON.stringify(back.body));

		// the office's own account is nobody of a register
		await page.goto('/#/targets/mine');
		await page.getByText('您的账号尚未关联人员名册中的人员').waitFor();
	},
	{ timeout: 60000 },
);

test(
	'yearend: the assessing department scores an item of another unit, the self-check is the unit’s; after publication both are refused, in Chinese',
	async ({ page }) => {
		await login(page, 'admin');
		const { year, y } = await theYear(page);
		const u = unitUser();
		const unit = y.letters.find((l) => l.unit_name === u.unit).unit_id;
		const letter = (await api(page, 'GET', `/targets/${year}/letters/${unit}`)).body;
		const item = letter.items.find((it) => it.assessor_id && it.rule !== 'workstyle');
		const assessor = y.letters.find((l) => l.unit_id === item.assessor_id);
		const login2 = Object.values(logins).find(
			(l) => l.role === 'unit' && l.unit === assessor.unit_name,
		);
		assert.ok(login2, `a login of ${assessor.unit_name}`);
		const sheet = !!y.published_at;

		await switchUser(page, login2.username);
		await page.goto(`/#/targets/${year}/${unit}`);
		const box = page.locator(`article.item-progress[data-code="${item.code}"]`);
		await box.getByRole('button', { name: '评分', exact: true }).click();
		const form = box.getByRole('form', { name: `为 ${item.code} 评分` });
		await form.getByLabel(item.rule === 'deduct' ? '扣分' : '实际值').fill('1');
		await form.getByLabel('说明').fill('复核台账后调整');
		await form.getByRole('button', { name: '保存评分' }).click();
		await flashed(
			page,
			sheet
				? '考核结果已公布：此后只能经复核决定变更'
				: `${item.code} 的评分已保存`,
		);
		// the other items are not its to score
		const others = letter.items.filter(
			(it) => it.assessor_id !== item.assessor_id && it.rule !== 'workstyle',
		);
		for (const it of others)
			assert.equal(
				await page
					.locator(`article.item-progress[data-code="${it.code}"]`)
					.getByRole('button', { name: '评分', exact: true })
					.count(),
				0,
			);
		assert.equal(await page.getByRole('button', { name: '修改自查报告' }).count(), 0);

		await switchUser(page, u.username);
		await page.goto(`/#/targets/${year}/${unit}`);
		const self = page.locator('#letter-selfcheck');
		await self.getByRole('button', { name: /自查报告/ }).click();
		await self
			.getByRole('textbox', { name: '自查报告' })
			.fill('本单位对照目标责任书逐项自查，补充十二月的完成情况。');
		await self.getByRole('button', { name: '保存自查报告' }).click();
		await flashed(
			page,
			sheet ? '考核结果已公布：此后只能经复核决定变更' : '自查报告已保存',
		);
	},
	{ timeout: 60000 },
);

test(
	'yearend: the office publishes a year’s sheet with its appeal window, by the dialog; making it final waits for the window',
	async ({ page }) => {
		await login(page, 'admin');
		const { year: now } = await theYear(page);
		// a year long past with nothing published, as far back as the year picker goes
		let year = null;
		for (let k = 4; k >= 1 && !year; k--) {
			const y = (await api(page, 'GET', `/targets/${now - k}`)).body;
			if (y.actions.includes('publish')) year = now - k;
		}
		assert.ok(year, 'a past year whose sheet may be published');
		await page.goto(`/#/targets?year=${year}`);
		const end = page.locator('#year-end');
		await end.getByText('未公布').waitFor();
		await end.getByRole('button', { name: '公布考核结果' }).click();
		const dialog = page.locator('dialog[open]');
		const days = dialog.getByLabel('复核申请期（天）');
		assert.equal(await days.inputValue(), '10');
		await days.fill('90');
		await dialog.getByRole('button', { name: '公布', exact: true }).click();
		await dialog.locator('.field-error', { hasText: '须为 1 到 60' }).waitFor();
		await axe(page, 'the publish dialog with an error');
		await days.fill('7');
		await dialog.getByRole('button', { name: '公布', exact: true }).click();
		await flashed(page, '考核结果已公布');
		await page.locator('#year-end').getByText('已公布，复核中').waitFor();
		const text = await page.locator('#year-end').textContent();
		assert.match(text, /复核申请截止\d{4}-\d{2}-\d{2}/);
		assert.match(text, /[0-9a-f]{64}/);
		assert.equal(
			await page
				.locator('#year-end')
				.getByRole('button', { name: '公布考核结果' })
				.count(),
			0,
		);
		await page
			.locator('#year-end')
			.getByRole('button', { name: '考核结果定稿' })
			.click();
		await page
			.locator('dialog[open]')
			.getByRole('button', { name: '确认定稿' })
			.click();
		await flashed(page, '复核申请期尚未结束');
	},
	{ timeout: 60000 },
);
