// The register of first contact (首接首问) through the pages. A unit's account records an
// entry (the person the account is linked to receives it), hands it over to a colleague and
// sees its counts; the office's 仅看逾期 lists the entries past their limit and still open;
// the office records for a unit, naming the person received, refused in Chinese when none
// is named. A unit sees only its own entries; a point has no such page.
import assert from 'node:assert/strict';
import {
	test,
	login,
	logins,
	shot,
	switchUser,
	openAction,
	JSON_HEADERS,
	axe,
	flashed,
	api,
} from './lib.mjs';

// A date @p days after @p day (YYYY-MM-DD).
function plus(day, days) {
	const d = new Date(day + 'T00:00:00Z');
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

// A unit login of the demo whose unit has two people at work or more in its register (one
// receives, one takes over).
async function unitWithColleagues(page) {
	await login(page, 'admin');
	const units = (await api(page, 'GET', '/units?limit=500')).body.items;
	for (const l of Object.values(logins).filter((x) => x.role === 'unit')) {
		const u = units.find((x) => x.name === l.unit);
		const people = (await api(page, 'GET', `/units/${u.id}/people`)).body.items;
		if (people.filter((p) => p.active).length >= 2)
			return { login: l, unit: u, people };
	}
	assert.fail('no unit with a login has two people in its register');
}

test(
	'contacts: a unit records a first contact, hands it over to a colleague and sees its counts; it sees its own entries only',
	async ({ page, errors }) => {
		const { login: who, unit, people } = await unitWithColleagues(page);
		const others = (await api(page, 'GET', '/contacts')).body.items.filter(
			(k) => k.unit_id !== unit.id,
		);
		await switchUser(page, who.username);
		const session = (await api(page, 'GET', '/session')).body;

		// the list, by the menu: the unit's own entries, no choice of unit
		await page.locator('#nav a', { hasText: '首问登记' }).click();
		await page.getByRole('heading', { name: '首问登记', exact: true }).waitFor();
		await page.locator('table.contacts tbody tr').first().waitFor();
		const units = await page
			.locator('table.contacts tbody td:nth-child(3)')
			.allTextContents();
		assert.ok(units.length >= 1);
		for (const u of units) assert.equal(u, unit.name);
		assert.equal(await page.getByLabel('单位', { exact: true }).count(), 0);
		await axe(page, "the unit's list");

		// record one: the account's person receives it by default
		await page.getByRole('button', { name: '登记首问' }).click();
		const dialog = page.locator('dialog[open]');
		const form = dialog.getByRole('form', { name: '登记首问' });
		assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)));
		const receiver = form.getByLabel('首问人');
		await receiver.locator('option').nth(1).waitFor({ state: 'attached' });
		let mine = await receiver.inputValue();
		if (session.user.person_id) assert.equal(mine, String(session.user.person_id));
		if (!mine) {
			// an account linked to no person: one of the register receives it
			mine = String(people.find((p) => p.active).id);
			await receiver.selectOption(mine);
		}
		// nothing filled: refused beside the fields, in Chinese
		await form.getByRole('button', { name: '登记' }).click();
		await form.locator('.field-error', { hasText: '必填' }).first().waitFor();
		assert.equal(
			await form.getByLabel('群众诉求').getAttribute('aria-invalid'),
			'true',
		);
		assert.doesNotMatch(await form.locator('.form-error').innerText(), /[A-Za-z]{3,}/);
		await axe(page, 'the new entry refused');
		await form.getByLabel('接待方式').selectOption({ label: '来电' });
		await form.getByLabel('来访人（可选）').fill('郑先生');
		await form.getByLabel('联系电话（可选）').fill('13900001111');
		await form.getByLabel('群众诉求').fill('咨询新生儿医保参保登记需要的材料');
		await form
			.getByLabel('一次性告知内容')
			.fill('一次性告知：出生医学证明、户口簿、监护人身份证，可网上办理');
		await form.getByLabel('办理时限').fill(plus(session.today, 3));
		await form.getByRole('button', { name: '登记' }).click();
		await flashed(page, '已登记首问第');
		await page.locator('.status-line', { hasText: '办理中' }).waitFor();
		const id = Number(/#\/contacts\/(\d+)/.exec(page.url())[1]);
		const entry = await page
			.locator('section', { hasText: '登记情况' })
			.first()
			.innerText();
		assert.match(entry, /来电/);
		assert.match(entry, /郑先生/);
		assert.match(entry, /13900001111/);
		const me = people.find((p) => String(p.id) === mine);
		assert.match(entry, new RegExp(`首问人\\s*${me.name}`));
		await axe(page, 'an open entry');

		// hand it over to a colleague
		const colleague = people.find((p) => p.active && String(p.id) !== mine);
		const handover = await openAction(page, '移交');
		await handover.getByLabel('本单位同事').check();
		// none chosen: said beside the choice
		await handover.getByLabel('移交说明').fill('属医保业务，已将材料转交业务科');
		await handover.getByRole('button', { name: '移交' }).click();
		await handover.locator('.field-error', { hasText: '必填' }).waitFor();
		await handover.getByLabel('移交给的同事').selectOption(String(colleague.id));
		await axe(page, 'the hand-over');
		await handover.getByRole('button', { name: '移交' }).click();
		await flashed(page, '已移交');
		await page.locator('.status-line', { hasText: '已移交' }).waitFor();
		const moved = await page
			.locator('section', { hasText: '移交情况' })
			.last()
			.innerText();
		assert.match(moved, new RegExp(`移交给\\s*${colleague.name}`));
		assert.match(moved, /已将材料转交业务科/);
		await page.getByText('当前没有需要您办理的事项').waitFor();
		await shot(page, 'contacts-handed-over');

		// the counts: the person received it, handed over
		await page.goto('/#/contacts');
		await page.getByRole('link', { name: '统计', exact: true }).click();
		await page.getByRole('heading', { name: '按单位和首问人统计' }).waitFor();
		const counts = (await api(page, 'GET', '/contacts/counts')).body.items;
		assert.ok(counts.every((c) => c.unit_id === unit.id));
		const c = counts.find((x) => String(x.person_id) === mine);
		assert.ok(c.received >= 1 && c.handed_over >= 1, JSON.stringify(c));
		const line = page.locator(`table.contact-counts tr[data-person="${mine}"]`);
		const cells = await line.locator('td, th').allTextContents();
		assert.deepEqual(cells, [
			unit.name,
			me.name,
			...[c.received, c.open, c.handed_over, c.done, c.overdue].map(String),
		]);
		await axe(page, "the unit's counts");
		// from a count to the person's entries
		await line.getByRole('link', { name: `${me.name}：${c.handed_over}` }).click();
		await page.waitForURL(/status=handed_over/);
		await page.locator(`table.contacts tr[data-contact="${id}"]`).waitFor();
		assert.equal(
			await page
				.getByRole('search', { name: '筛选首问登记' })
				.getByLabel('首问人')
				.inputValue(),
			mine,
		);

		// another unit's entry is not there to be seen
		if (others.length) {
			await page.goto(`/#/contacts/${others[0].id}`);
			await flashed(page, '记录不存在');
		}
		assert.deepEqual(
			errors.filter((e) => !/status of (400|404)/.test(e)),
			[],
		);
	},
	{ timeout: 90000 },
);

test(
	'contacts: 仅看逾期 lists the open entries past their limit; the office records for a unit and must name who received it',
	async ({ page, errors }) => {
		await login(page, 'admin');
		const late = (await api(page, 'GET', '/contacts?overdue=true')).body.items;
		assert.ok(late.length, 'the demo has entries past their limit');
		await page.locator('#nav a', { hasText: '首问登记' }).click();
		await page.getByRole('heading', { name: '首问登记', exact: true }).waitFor();
		await page.getByLabel('仅看逾期').check();
		await page.getByRole('button', { name: '筛选' }).click();
		await page.waitForURL(/overdue=true/);
		await page.locator('table.contacts tbody tr').first().waitFor();
		const rows = page.locator('table.contacts tbody tr');
		assert.equal(await rows.count(), late.length);
		for (const t of await rows.allTextContents()) assert.match(t, /办理中.*逾期/s);
		assert.ok(await page.getByLabel('仅看逾期').isChecked());
		await axe(page, 'the entries past their limit');
		await shot(page, 'contacts-overdue');

		// the office records one for a unit: who received it is to be named
		const k = late[0];
		await page.getByRole('button', { name: '登记首问' }).click();
		const form = page.locator('dialog[open]').getByRole('form', { name: '登记首问' });
		await form.getByLabel('单位').selectOption(String(k.unit_id));
		await form
			.getByLabel('首问人')
			.locator('option')
			.nth(1)
			.waitFor({ state: 'attached' });
		await form.getByLabel('群众诉求').fill('反映窗口叫号系统故障，排队无人引导');
		await form
			.getByLabel('一次性告知内容')
			.fill('告知已通知窗口负责人现场引导，当日答复');
		const today = (await api(page, 'GET', '/session')).body.today;
		await form.getByLabel('办理时限').fill(today);
		await form.getByRole('button', { name: '登记' }).click();
		const slot = form.locator('.field', { hasText: '首问人' }).locator('.field-error');
		await slot.filter({ hasText: '未关联人员名册中的人员' }).waitFor();
		await form.getByLabel('首问人').selectOption(String(k.person_id));
		await form.getByRole('button', { name: '登记' }).click();
		await flashed(page, '已登记首问第');
		await page
			.getByRole('heading', {
				name: new RegExp(`首问登记第 \\d+ 号：${k.unit_name}`),
			})
			.waitFor();
		assert.match(
			await page.locator('section', { hasText: '登记情况' }).first().innerText(),
			new RegExp(`首问人\\s*${k.person_name}`),
		);
		// it is done: the next step of an open entry
		const done = page
			.locator('#actions .next-step')
			.getByRole('form', { name: '办结' });
		await done.getByLabel('办结情况').fill('当日已现场引导，叫号系统已修复');
		await done.getByRole('button', { name: '办结' }).click();
		await flashed(page, '已完成');
		await page.locator('.status-line', { hasText: '已完成' }).waitFor();
		assert.deepEqual(
			errors.filter((e) => !/status of 400/.test(e)),
			[],
		);
	},
	{ timeout: 60000 },
);

test('contacts: leaders and stations read the register; a point has no such page', async ({
	page,
}) => {
	for (const r of ['leader', 'station']) {
		await login(page, r);
		await page.locator('#nav a', { hasText: '首问登记' }).click();
		await page.getByRole('heading', { name: '首问登记', exact: true }).waitFor();
		await page.locator('table.contacts tbody a').first().click();
		await page.locator('.status-line').waitFor();
		assert.equal(await page.locator('#actions .next-step form').count(), 0);
		await axe(page, `an entry read by ${r}`);
		await switchUser(page, null);
	}
	await login(page, 'point');
	for (const text of ['首问登记', '问责台账'])
		assert.equal(await page.locator('#nav a', { hasText: text }).count(), 0);
	await page.goto('/#/contacts');
	await page.getByRole('heading', { name: '无权访问' }).waitFor();
});
