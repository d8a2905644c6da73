// The ledger of accountability and efficiency faults (问责和效能过错台账) through the pages:
// the office filters it by unit and by a person of the unit's register, downloads it as
// XLSX and CSV, and follows a line to its fault case; a unit sees its own lines only, a
// station reads every unit's; a point has no such page.
import assert from 'node:assert/strict';
import { test, login, logins, shot, switchUser, axe } from './lib.mjs';

const JSON_HEADERS = { 'X-Requested-With': 'XMLHttpRequest' };

const ledger = async (page, query = '') => {
	const r = await page.request.get('/api/v1/ledger' + query, { headers: JSON_HEADERS });
	assert.equal(r.status(), 200);
	return (await r.json()).items;
};

// A unit with lines in the ledger, a fault case's among them, and a demo login of its own.
async function unitWithLines(page) {
	const lines = await ledger(page);
	for (const l of lines.filter((x) => x.source === 'fault')) {
		const who = Object.values(logins).find(
			(u) => u.role === 'unit' && u.unit === l.unit_name,
		);
		if (who) return { id: l.unit_id, name: l.unit_name, who, all: lines };
	}
	assert.fail('no unit with a login has a fault case in the ledger');
}

const rowsOf = (page) => page.locator('table.ledger tbody tr');

test(
	'ledger: the office filters by unit and person, downloads XLSX and CSV, and follows a line to its fault case',
	async ({ page, errors }) => {
		await login(page, 'admin');
		const unit = await unitWithLines(page);
		await page.locator('#nav a', { hasText: '问责台账' }).click();
		await page.getByRole('heading', { name: '问责和效能过错台账' }).waitFor();
		assert.equal(await rowsOf(page).count(), unit.all.length);
		await axe(page, 'the ledger');

		// by unit: the person's choice is the unit's register
		const people = (
			await (await page.request.get(`/api/v1/units/${unit.id}/people`)).json()
		).items;
		const person = page.getByLabel('人员', { exact: true });
		assert.ok(await person.isDisabled());
		await page.getByLabel('单位', { exact: true }).selectOption(String(unit.id));
		await person
			.locator(`option[value="${people[0].id}"]`)
			.waitFor({ state: 'attached' });
		assert.equal(await person.locator('option').count(), people.length + 1);
		await page.getByRole('button', { name: '筛选' }).click();
		await page.waitForURL(new RegExp(`unit_id=${unit.id}`));
		await page.locator('table.ledger tbody tr').first().waitFor();
		const mine = unit.all.filter((l) => l.unit_id === unit.id);
		assert.equal(await rowsOf(page).count(), mine.length);
		for (const t of await page
			.locator('table.ledger tbody td:nth-child(2)')
			.allTextContents())
			assert.equal(t, unit.name);
		await shot(page, 'ledger-unit');

		// the files, of the lines shown
		const hrefs = await page
			.locator('.downloads a')
			.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		assert.deepEqual(hrefs, [
			`/api/v1/ledger?unit_id=${unit.id}&format=xlsx`,
			`/api/v1/ledger?unit_id=${unit.id}&format=csv`,
		]);
		const xlsx = await page.request.get(hrefs[0]);
		assert.equal(xlsx.status(), 200);
		assert.equal((await xlsx.body()).subarray(0, 2).toString('latin1'), 'PK');
		const csv = await page.request.get(hrefs[1]);
		assert.equal(csv.status(), 200);
		const text = (await csv.text()).replace(/^\uFEFF/, '');
		const [head, ...lines] = text.trim().split(/\r?\n/);
		assert.ok(head.startsWith('日期,单位,人员,类别,处理方式,责任,状态'), head);
		assert.equal(lines.length, mine.length);
		for (const l of lines) assert.ok(l.split(',')[1] === unit.name, l);

		// one person of the register
		const named = mine.find((l) => l.person_id);
		await person.selectOption(String(named.person_id));
		await page.getByRole('button', { name: '筛选' }).click();
		await page.waitForURL(new RegExp(`person_id=${named.person_id}`));
		await page.waitForFunction(
			(n) =>
				[
					...document.querySelectorAll(
						'table.ledger tbody td:nth-child(3)',
					),
				].every((td) => td.textContent === n),
			named.person,
		);
		assert.equal(await person.inputValue(), String(named.person_id));
		assert.match(
			await page.locator('.downloads a').first().getAttribute('href'),
			new RegExp(`person_id=${named.person_id}`),
		);

		// a fault case's line links the case
		await page.goto(`/#/ledger?unit_id=${unit.id}`);
		const fault = mine.find((l) => l.source === 'fault');
		await page
			.getByRole('link', { name: `效能过错第 ${fault.record_id} 号` })
			.first()
			.click();
		await page
			.getByRole('heading', {
				name: `效能过错第 ${fault.record_id} 号：${unit.name}`,
			})
			.waitFor();
		assert.deepEqual(errors, []);
	},
	{ timeout: 60000 },
);

test(
	'ledger: a unit sees its own lines only; a station reads every unit’s; a point has no such page',
	async ({ page, errors }) => {
		await login(page, 'admin');
		const unit = await unitWithLines(page);
		const other = unit.all.find((l) => l.unit_id !== unit.id);
		await switchUser(page, unit.who.username);
		await page.locator('#nav a', { hasText: '问责台账' }).click();
		await page.getByRole('heading', { name: '问责和效能过错台账' }).waitFor();
		await page.locator('table.ledger tbody tr').first().waitFor();
		const units = await page
			.locator('table.ledger tbody td:nth-child(2)')
			.allTextContents();
		assert.equal(units.length, unit.all.filter((l) => l.unit_id === unit.id).length);
		for (const u of units) assert.equal(u, unit.name);
		assert.equal(await page.getByLabel('单位', { exact: true }).count(), 0);
		// its register to choose from
		assert.ok(await page.getByLabel('人员', { exact: true }).isEnabled());
		// another unit's lines are not had even by asking
		if (other)
			assert.equal(
				(await ledger(page, `?unit_id=${other.unit_id}`)).length,
				units.length,
			);
		const csv = await page.request.get('/api/v1/ledger?format=csv');
		assert.equal(csv.status(), 200);
		if (other)
			assert.doesNotMatch(await csv.text(), new RegExp(`,${other.unit_name},`));
		await axe(page, "the unit's ledger");

		// a station reads them all; the people of a unit as its lines name them
		await switchUser(page, 'station1');
		await page.locator('#nav a', { hasText: '问责台账' }).click();
		await page.getByRole('heading', { name: '问责和效能过错台账' }).waitFor();
		assert.equal(await rowsOf(page).count(), unit.all.length);
		await page.getByLabel('单位', { exact: true }).selectOption(String(unit.id));
		const named = unit.all.find((l) => l.unit_id === unit.id && l.person_id);
		await page
			.getByLabel('人员', { exact: true })
			.locator(`option[value="${named.person_id}"]`)
			.waitFor({ state: 'attached' });
		await axe(page, "a station's ledger");

		await switchUser(page, null);
		await login(page, 'point');
		assert.equal(await page.locator('#nav a', { hasText: '问责台账' }).count(), 0);
		await page.goto('/#/ledger');
		await page.getByRole('heading', { name: '无权访问' }).waitFor();
		assert.deepEqual(errors, []);
	},
	{ timeout: 60000 },
);
