// The register of efficiency faults (行政效能过错) through the pages. The demo's start-up
// sweep proposes cases for flagged problems still not rectified after their deadline; the
// office confirms one, decides it with a person of the unit's register, the unit appeals
// and the office decides the appeal. A second case against the same person within a year
// is refused below the ladder, in Chinese beside the field. Accountability on a problem
// names a person of the register.
import assert from 'node:assert/strict';
import {
	test,
	login,
	logins,
	shot,
	openAction,
	problemIn,
	openProblem,
	JSON_HEADERS,
	axe,
	flashed,
	api,
} from './lib.mjs';

// A login of unit @p unitId (named @p unitName): the demo's, else an account made here.
async function unitLogin(page, unitId, unitName) {
	const demo = Object.values(logins).find((l) => l.role === 'unit' && l.unit === unitName);
	if (demo) return demo;
	const made = {
		username: `faults-${unitId}`,
		password: 'Xq7-fault-register-9k',
		role: 'unit',
		unit: unitName,
	};
	const r = await api(page, 'POST', '/users', {
		username: made.username,
		password: made.password,
		role: 'unit',
		unit_id: unitId,
	});
	assert.ok(r.status === 201 || r.status === 409, JSON.stringify(r.body));
	logins[made.username] = made;
	return made;
}

async function signOutIn(page, who) {
	await page.goto('/#/');
	await page.getByRole('button', { name: '退出' }).click();
	await page.waitForURL(/#\/login$/);
	await login(page, who.username, who.password);
}

// A person of unit @p unitId's register with no decided case: one at work the register
// has, else one added here (the office keeps the register too).
async function freshPerson(page, unitId, name) {
	const people = (await api(page, 'GET', `/units/${unitId}/people`)).body.items;
	for (const p of people.filter((x) => x.active)) {
		const cases = (await api(page, 'GET', `/faults?person_id=${p.id}`)).body.items;
		if (!cases.length) return p;
	}
	const r = await api(page, 'POST', `/units/${unitId}/people`, { name, post: '窗口负责人' });
	assert.equal(r.status, 201, JSON.stringify(r.body));
	return r.body;
}

// The decision's form: the person of row 1, its sanction, the authority.
async function decide(form, person, sanction) {
	await form.getByLabel('处理机关').fill('区纪委监委');
	const row = form.locator('fieldset.fault-person').first();
	await row.getByLabel('姓名').selectOption(String(person.id));
	await row.getByLabel('处理', { exact: true }).selectOption({ label: sanction });
	await form.getByRole('button', { name: '作出处理决定' }).click();
}

test(
	'faults: the office confirms a proposed case and decides it; the unit sees its own cases only and appeals; the office rejects the appeal',
	async ({ page, errors }) => {
		await login(page, 'admin');
		const all = (await api(page, 'GET', '/faults')).body.items;
		const proposed = all.filter((f) => f.status === 'proposed');
		assert.ok(proposed.length, 'the sweep proposed cases in the demo');
		// a case of a unit with a demo login, else the first
		const f =
			proposed.find((x) =>
				Object.values(logins).some(
					(l) => l.role === 'unit' && l.unit === x.unit_name,
				),
			) || proposed[0];

		// the list, by the menu
		await page.locator('#nav a', { hasText: '效能过错' }).click();
		await page.getByRole('heading', { name: '效能过错', exact: true }).waitFor();
		const row = page.locator(`table.faults tr[data-fault="${f.id}"]`);
		assert.match(
			await row.textContent(),
			new RegExp(`${f.unit_name}.*挂牌逾期.*待确认`, 's'),
		);
		await page.getByLabel('状态').selectOption('proposed');
		await page.getByRole('button', { name: '筛选' }).click();
		await page.waitForURL(/status=proposed/);
		await page.locator('table.faults tbody tr').first().waitFor();
		for (const t of await page.locator('table.faults tbody tr').allTextContents())
			assert.match(t, /待确认/);
		await axe(page, 'the list');

		// the case: its source links the problem; 确认立案 is the next step
		await page.getByRole('link', { name: `第 ${f.id} 号` }).click();
		await page
			.getByRole('heading', { name: `效能过错第 ${f.id} 号：${f.unit_name}` })
			.waitFor();
		await page.getByRole('link', { name: `问题 ${f.problem_id}` }).waitFor();
		const confirm = page
			.locator('#actions .next-step')
			.getByRole('form', { name: '确认立案' });
		await confirm
			.getByLabel('立案说明（可选）')
			.fill('经核实，挂牌问题逾期未整改，予以立案。');
		await axe(page, 'a proposed case');
		await confirm.getByRole('button', { name: '确认立案' }).click();
		await flashed(page, '已确认立案');
		await page.locator('.status-line', { hasText: '调查中' }).waitFor();

		// a person of the unit's register: added when the register has none
		const person = await freshPerson(page, f.unit_id, '周建华');
		await page.reload();
		const form = page
			.locator('#actions .next-step')
			.getByRole('form', { name: '作出处理决定' });
		await form
			.locator(`option[value="${person.id}"]`)
			.first()
			.waitFor({ state: 'attached' });
		await axe(page, 'the decision form');
		await decide(form, person, '书面检查');
		await flashed(page, '已作出处理决定');
		await page.locator('.status-line', { hasText: '已处理' }).waitFor();
		const decision = page.locator('section', { hasText: '处理决定' }).first();
		const text = await decision.textContent();
		assert.match(text, /区纪委监委/);
		assert.match(text, new RegExp(`${person.name}.*承办人.*直接责任.*书面检查`, 's'));
		assert.match(text, /可于 \d{4}-\d{2}-\d{2} 前申诉/);
		await shot(page, 'faults-decided');

		// the unit: its own cases only, and it appeals
		const who = await unitLogin(page, f.unit_id, f.unit_name);
		await signOutIn(page, who);
		await page.locator('#nav a', { hasText: '效能过错' }).click();
		await page.getByRole('heading', { name: '效能过错', exact: true }).waitFor();
		await page.locator(`table.faults tr[data-fault="${f.id}"]`).waitFor();
		const units = await page
			.locator('table.faults tbody td:nth-child(2)')
			.allTextContents();
		assert.ok(units.length >= 1);
		for (const u of units) assert.equal(u, f.unit_name);
		assert.equal(await page.getByRole('button', { name: '登记效能过错' }).count(), 0);
		assert.equal(await page.getByLabel('单位', { exact: true }).count(), 0);
		await axe(page, "the unit's list");
		const other = all.find((x) => x.unit_id !== f.unit_id);
		if (other) {
			await page.goto(`/#/faults/${other.id}`);
			await flashed(page, '记录不存在');
		}
		await page.goto(`/#/faults/${f.id}`);
		const appeal = page
			.locator('#actions .next-step')
			.getByRole('form', { name: '申诉' });
		await appeal.getByLabel('申诉理由').fill('不服');
		await appeal.getByRole('button', { name: '提交申诉' }).click();
		await appeal.locator('.field-error', { hasText: '至少 5 个字' }).waitFor();
		await appeal
			.getByLabel('申诉理由')
			.fill('该问题涉及医保系统升级，延期已向主管部门报备，申请复核。');
		await appeal.getByRole('button', { name: '提交申诉' }).click();
		await flashed(page, '已提交申诉');
		await page.locator('.status-line', { hasText: '申诉中' }).waitFor();
		await page.getByText('当前没有需要您办理的事项').waitFor();
		await axe(page, "the unit's appealed case");

		// the office rejects it: decided again, the appeal not open any more
		await signOutIn(page, logins.admin);
		await page.goto(`/#/faults/${f.id}`);
		const review = page
			.locator('#actions .next-step')
			.getByRole('form', { name: '申诉复核' });
		await review.getByLabel('申诉不成立，维持处理决定').check();
		await review
			.getByLabel('复核意见')
			.fill('经复核，延期未经批准，处理决定认定事实清楚。');
		await axe(page, 'the appeal review');
		await review.getByRole('button', { name: '提交复核结论' }).click();
		await flashed(page, '申诉不成立，维持处理决定');
		await page.locator('.status-line', { hasText: '已处理' }).waitFor();
		const appealBox = await page
			.locator('section', { hasText: '申诉理由' })
			.last()
			.textContent();
		assert.match(appealBox, /申诉不成立，维持处理决定.*延期未经批准/s);
		assert.equal(await page.getByRole('form', { name: '申诉' }).count(), 0);
		assert.deepEqual(
			errors.filter((e) => !/status of (400|404)/.test(e)),
			[],
		);
	},
	{ timeout: 90000 },
);

test(
	'faults: a second case against the same person within a year is refused below the ladder beside the field, in Chinese, and decided one step up; an upheld appeal revokes it',
	async ({ page, errors }) => {
		await login(page, 'admin');
		const u = Object.values(logins).find((l) => l.role === 'unit');
		const unitId = (await api(page, 'GET', '/units?limit=500')).body.items.find(
			(x) => x.name === u.unit,
		).id;
		// a first case decided against the person with 书面检查
		const person = await freshPerson(page, unitId, '钱立新');
		const first = await api(page, 'POST', '/faults', {
			unit_id: unitId,
			source: 'inspection',
			type: 'shirk',
			facts: '暗访发现窗口工作人员对群众咨询推诿，要求到其他部门办理。',
		});
		assert.equal(first.status, 201, JSON.stringify(first.body));
		const d1 = await api(page, 'POST', `/faults/${first.body.id}/decide`, {
			authority: '区纠风办',
			people: [
				{
					person_id: person.id,
					role: 'handler',
					resp: 'direct',
					sanction: 'written_review',
				},
			],
		});
		assert.equal(d1.status, 200, JSON.stringify(d1.body));

		// the second case, recorded through the list's dialog
		await page.goto('/#/faults');
		await page.getByRole('button', { name: '登记效能过错' }).click();
		const dialog = page.locator('dialog[open]');
		const nf = dialog.getByRole('form', { name: '登记效能过错' });
		// the focus is in the dialog
		assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)));
		await nf.getByRole('button', { name: '登记' }).click();
		await nf.locator('.field-error', { hasText: '必填' }).first().waitFor();
		assert.equal(await nf.getByLabel('单位').getAttribute('aria-invalid'), 'true');
		await axe(page, 'the new case refused');
		await nf.getByLabel('单位').selectOption(String(unitId));
		await nf.getByLabel('来源').selectOption('inspection');
		await nf.getByLabel('过错类型').selectOption('delay');
		await nf
			.getByLabel('过错事实')
			.fill('监督检查发现，群众申请的事项超过承诺时限 10 个工作日仍未办结。');
		await nf.getByRole('button', { name: '登记' }).click();
		await flashed(page, '已登记效能过错');
		await page.locator('.status-line', { hasText: '调查中' }).waitFor();
		const id = Number(/#\/faults\/(\d+)/.exec(page.url())[1]);

		// 书面检查 again: refused beside the person's sanction, in Chinese
		const form = page
			.locator('#actions .next-step')
			.getByRole('form', { name: '作出处理决定' });
		await decide(form, person, '书面检查');
		const sanction = form
			.locator('fieldset.fault-person')
			.first()
			.getByLabel('处理', { exact: true });
		const want = `须为“诫勉谈话”或更重的处理：${person.name} 一年内已受过“书面检查”处理`;
		const slot = page.locator(`#${await sanction.getAttribute('id')}-err`);
		await slot.filter({ hasText: want }).waitFor();
		assert.equal(await sanction.getAttribute('aria-invalid'), 'true');
		const top = await page.locator('#msg .flash.error').innerText();
		assert.ok(top.includes(`“处理”${want}`), top);
		assert.doesNotMatch(top, /[A-Za-z]{3,}/);
		await shot(page, 'faults-ladder-refused');
		await axe(page, 'the ladder refusal');
		// one step up
		await sanction.selectOption({ label: '诫勉谈话' });
		await form.getByRole('button', { name: '作出处理决定' }).click();
		await flashed(page, '已作出处理决定');
		await page.locator('.status-line', { hasText: '已处理' }).waitFor();
		assert.match(
			await page.locator('table.fault-people-table').textContent(),
			new RegExp(`${person.name}.*诫勉谈话`, 's'),
		);
		// the person's cases, from the name
		await page.getByRole('link', { name: person.name }).click();
		await page.getByText(`仅显示 ${person.name} 的案件`).waitFor();
		assert.equal(await page.locator('table.faults tbody tr').count(), 2);

		// the unit appeals; the office upholds it: revoked
		const ap = await (async () => {
			await signOutIn(page, u);
			const r = await api(page, 'POST', `/faults/${id}/appeal`, {
				reason: '当事人当时正在处理急件，已及时转交同事办理。',
			});
			await signOutIn(page, logins.admin);
			return r;
		})();
		assert.equal(ap.status, 200, JSON.stringify(ap.body));
		await page.goto(`/#/faults/${id}`);
		const review = page
			.locator('#actions .next-step')
			.getByRole('form', { name: '申诉复核' });
		await review.getByLabel('申诉成立，撤销处理决定').check();
		await review.getByLabel('复核意见').fill('短');
		await review.getByRole('button', { name: '提交复核结论' }).click();
		await review.locator('.field-error', { hasText: '至少 5 个字' }).waitFor();
		await review
			.getByLabel('复核意见')
			.fill('经复核，当事人已及时转交，不属推诿，撤销处理。');
		await review.getByRole('button', { name: '提交复核结论' }).click();
		await flashed(page, '申诉成立，已撤销处理决定');
		await page.locator('.status-line', { hasText: '已撤销' }).waitFor();
		assert.deepEqual(
			errors.filter((e) => !/status of 400/.test(e)),
			[],
		);
	},
	{ timeout: 90000 },
);

test(
	'faults: 不予认定 under 更多操作 opens in a dialog that takes the focus and gives it back, shows its refusal inside, and dismisses the case',
	async ({ page }) => {
		await login(page, 'admin');
		let f = (await api(page, 'GET', '/faults?status=proposed')).body.items[0];
		if (!f) {
			const units = (await api(page, 'GET', '/units?limit=500')).body.items;
			const unit = units.find((x) => x.kind === 'department');
			f = (
				await api(page, 'POST', '/faults', {
					unit_id: unit.id,
					source: 'inspection',
					type: 'other',
					facts: '监督检查中发现的疑似效能问题，待核实。',
				})
			).body;
		}
		await page.goto(`/#/faults/${f.id}`);
		const dismiss = await openAction(page, '不予认定');
		const dialog = page.locator('dialog[open]');
		assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)));
		await page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'detached' });
		await page.waitForFunction(
			() => document.activeElement?.dataset.action === 'dismiss',
		);
		await openAction(page, '不予认定');
		await dismiss.getByLabel('不予认定的理由').fill('不实');
		await dismiss.getByRole('button', { name: '不予认定' }).click();
		await dismiss.locator('.form-error', { hasText: '至少 5 个字' }).waitFor();
		await dismiss.locator('.field-error', { hasText: '至少 5 个字' }).waitFor();
		await axe(page, 'the dismiss dialog with an error');
		await dismiss
			.getByLabel('不予认定的理由')
			.fill('经核实，逾期系上级审批所致，不属单位过错。');
		await dismiss.getByRole('button', { name: '不予认定' }).click();
		await flashed(page, '已不予认定');
		await page.locator('.status-line', { hasText: '不予认定' }).waitFor();
		await page.getByText('逾期系上级审批所致').waitFor();
	},
	{ timeout: 60000 },
);

test('faults: leaders and stations read the register; a point has no such page', async ({
	page,
}) => {
	for (const r of ['leader', 'station']) {
		await login(page, r);
		await page.locator('#nav a', { hasText: '效能过错' }).click();
		await page.getByRole('heading', { name: '效能过错', exact: true }).waitFor();
		const link = page.locator('table.faults tbody a').first();
		await link.click();
		await page.locator('.status-line').waitFor();
		await page.getByText('当前没有需要您办理的事项').waitFor();
		assert.equal(await page.locator('#actions form').count(), 0);
		await axe(page, `a case read by ${r}`);
		await page.getByRole('button', { name: '退出' }).click();
		await page.waitForURL(/#\/login$/);
	}
	// on a phone the list shows as cards
	await login(page, 'leader');
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/#/faults');
	await page.locator('table.faults tbody tr').first().waitFor();
	await axe(page, 'the list on a phone');
	await shot(page, 'faults-phone', { fullPage: false });
	await page.getByRole('button', { name: '菜单' }).click();
	await page.getByRole('button', { name: '退出' }).click();
	await page.waitForURL(/#\/login$/);
	await login(page, 'point');
	assert.equal(await page.locator('#nav a', { hasText: '效能过错' }).count(), 0);
	await page.goto('/#/faults');
	await page.getByRole('heading', { name: '无权访问' }).waitFor();
});

test(
	'faults: accountability on a problem names a person picked from the unit’s register',
	async ({ page, errors }) => {
		await login(page, 'admin');
		const id = await problemIn(page, 'dispatched');
		const p = (await api(page, 'GET', `/problems/${id}`)).body;
		const unitId = p.unit_id || p.target_unit_id;
		const person = await freshPerson(page, unitId, '孙海燕');
		// free text is no longer taken
		const refused = await api(page, 'POST', `/problems/${id}/accountability`, {
			kind: 'criticism',
			person: '张三',
		});
		assert.equal(refused.status, 400);
		assert.equal(refused.body.errors[0].field, 'person');

		await openProblem(page, id);
		const form = await openAction(page, '问责记录');
		assert.equal(await form.getByLabel('责任单位').inputValue(), String(unitId));
		const who = form.getByLabel('责任人（可选）');
		await who.locator(`option[value="${person.id}"]`).waitFor({ state: 'attached' });
		// none (the unit itself) first, the people at work before those who left
		const options = await who.locator('option').allTextContents();
		assert.match(options[0], /不具体到人/);
		const left = options.findIndex((t) => t.includes('已离任'));
		if (left > 0) assert.ok(options.slice(left).every((t) => t.includes('已离任')));
		await who.selectOption(String(person.id));
		await form.getByLabel('问责方式').selectOption('admonition');
		await form.getByLabel('说明').fill('逾期未签收，对经办人诫勉谈话');
		await axe(page, 'the accountability dialog');
		await form.getByRole('button', { name: '记录问责' }).click();
		await flashed(page, '已记录问责');
		const records = page.locator('section', { hasText: '问责记录' }).filter({
			has: page.locator('h2', { hasText: '问责记录' }),
		});
		assert.match(await records.textContent(), new RegExp(`${person.name}：诫勉谈话`));
		const list = (await api(page, 'GET', `/problems/${id}/accountability`)).body.items;
		assert.ok(list.some((a) => a.person_id === person.id && a.person === person.name));
		assert.deepEqual(
			errors.filter((e) => !/status of 400/.test(e)),
			[],
		);
	},
	{ timeout: 60000 },
);
