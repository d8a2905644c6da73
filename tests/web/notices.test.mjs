// Bulletins as documents (通报) through the pages: the office drafts a public criticism about
// a unit, one of its problems and one of its people; a unit does not see the draft; a leader
// signs it off (a number another notice has refused beside the field, in Chinese); the unit
// reads it; the office corrects it with a reason, and the correction is shown; it prints on
// one A4 page with its red header (红头), and without it when 红头 is unticked; the public
// reads it without logging in, until it is withdrawn.
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

// The menu's 通报 (not 通报挂牌).
const menu = (page) => page.locator('#nav a', { hasText: /^通报$/ });

// The PDF of the page as printed: its number of pages and the size of the first.
async function printed(page) {
	const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
	const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) || []).length;
	const box = pdf.match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)/);
	return { pages, width: Math.round(box[1]), height: Math.round(box[2]) };
}

test(
	'notices: drafted by the office, signed off by a leader, read by a unit, corrected with a reason, printed on A4 with and without the red header, public until withdrawn',
	async ({ page, errors }) => {
		await login(page, 'admin');
		const stamp = String(Date.now()).slice(-7);
		const who = Object.values(logins).find((l) => l.role === 'unit');
		const units = (await api(page, 'GET', '/units?limit=500')).body.items;
		const unit = units.find((u) => u.name === who.unit);
		const person = (await api(page, 'GET', `/units/${unit.id}/people`)).body.items.find(
			(p) => p.active,
		);
		const problem = (
			await api(page, 'GET', `/problems?target_unit_id=${unit.id}&limit=1`)
		).body.items[0];
		assert.ok(problem, `${unit.name} has a problem`);
		const title = `关于${unit.name}窗口推诿群众办事的通报（${stamp}）`;
		const number = `区纠风办〔${new Date().getFullYear()}〕${stamp}号`;
		// another draft has a number already
		const other = await api(page, 'POST', '/notices', {
			kind: 'praise',
			scope: 'internal',
			number: `区纠风办〔表扬〕${stamp}号`,
			title: `关于表扬便民服务先进集体的通报（${stamp}）`,
			body: '各街镇便民服务中心全年群众满意率达到百分之九十八以上，予以通报表扬。',
		});
		assert.equal(other.status, 201, JSON.stringify(other.body));

		// the office drafts it
		await menu(page).click();
		await page.getByRole('heading', { name: '通报', exact: true }).waitFor();
		await page.getByRole('link', { name: '起草通报' }).click();
		const form = page.getByRole('form', { name: '起草通报' });
		await form.getByLabel('公开（签发后在公开通报页发布）').check();
		await form.getByRole('button', { name: '保存草稿' }).click();
		await form.locator('.field-error', { hasText: '至少 2 个字' }).waitFor();
		await form.locator('.field-error', { hasText: '至少 10 个字' }).waitFor();
		assert.equal(await form.getByLabel('标题').getAttribute('aria-invalid'), 'true');
		await form.getByLabel('标题').fill(title);
		await form
			.getByLabel('正文')
			.fill(
				`近期群众反映，${unit.name}服务窗口对群众咨询事项推诿、多次要求补充材料。\n经区纠风办核实，情况属实。现予通报批评，请该单位于十个工作日内整改并书面报告。`,
			);
		await form.getByLabel(unit.name, { exact: true }).check();
		await form.getByLabel('问题编号').fill('999999');
		await form.getByRole('button', { name: '添加问题' }).click();
		await form.locator('.field-error', { hasText: '问题 999999 不存在' }).waitFor();
		await form.getByLabel('问题编号').fill(String(problem.id));
		await form.getByRole('button', { name: '添加问题' }).click();
		await form
			.getByRole('list', { name: '通报的问题' })
			.getByText(`问题 ${problem.id}：`)
			.waitFor();
		await form.getByLabel('人员所在单位').selectOption(String(unit.id));
		await form
			.getByLabel('人员', { exact: true })
			.locator(`option[value="${person.id}"]`)
			.waitFor({ state: 'attached' });
		await form.getByLabel('人员', { exact: true }).selectOption(String(person.id));
		await form.getByRole('button', { name: '添加人员' }).click();
		await form
			.getByRole('list', { name: '通报的人员' })
			.getByText(`${person.name}（${unit.name}）`)
			.waitFor();
		await axe(page, 'the composer');
		await shot(page, 'notices-compose');
		await form.getByRole('button', { name: '保存草稿' }).click();
		await flashed(page, '已保存通报草稿');
		await page.getByRole('heading', { name: title }).waitFor();
		const id = Number(/#\/notices\/(\d+)/.exec(page.url())[1]);
		await page.locator('.status-line', { hasText: '草拟' }).waitFor();
		assert.match(await page.locator('.doc-number').innerText(), /文号待签发时确定/);
		await page.getByRole('link', { name: '编辑草稿' }).waitFor();
		const info = await page.locator('section', { hasText: '通报信息' }).innerText();
		assert.match(info, new RegExp(`单位：${unit.name}`));
		assert.match(info, new RegExp(`人员：${person.name}`));
		await page.getByRole('link', { name: new RegExp(`问题 ${problem.id}`) }).waitFor();
		await axe(page, 'a draft');

		// a unit does not see the draft
		await switchUser(page, who.username);
		assert.equal((await api(page, 'GET', `/notices/${id}`)).status, 404);
		await menu(page).click();
		await page.getByRole('heading', { name: '通报', exact: true }).waitFor();
		assert.equal(await page.getByRole('link', { name: title }).count(), 0);

		// a leader signs it off: first with the other draft's number
		await switchUser(page, 'leader');
		const leader = (await api(page, 'GET', '/session')).body.user;
		await menu(page).click();
		await page.getByText(/有 \d+ 份通报草稿待签发/).waitFor();
		await page.getByRole('link', { name: title }).click();
		const sign = page
			.locator('#actions .next-step')
			.getByRole('form', { name: '签发' });
		assert.equal(await sign.getByLabel('签发人').inputValue(), leader.display_name);
		await sign.getByLabel('文号').fill(other.body.number);
		await sign.getByRole('button', { name: '签发' }).click();
		await sign
			.locator('.field-error', {
				hasText: `已被另一份通报使用（${other.body.number}）`,
			})
			.waitFor();
		assert.doesNotMatch(await page.locator('#msg').innerText(), /[A-Za-z]{3,}/);
		await axe(page, 'the sign-off refused');
		await sign.getByLabel('文号').fill(number);
		await sign.getByRole('button', { name: '签发' }).click();
		await flashed(page, '已签发');
		await page.locator('.status-line', { hasText: '已签发' }).waitFor();
		assert.equal(await page.locator('.red-head .doc-number').innerText(), number);
		const sign2 = await page.locator('.notice-sign').innerText();
		assert.match(sign2, new RegExp(`签发人：${leader.display_name}`));
		assert.match(sign2, /\d{4}年\d{1,2}月\d{1,2}日/);

		// the unit reads it; nothing for it to do
		await switchUser(page, who.username);
		await menu(page).click();
		await page.getByRole('link', { name: title }).click();
		await page.getByRole('heading', { name: title }).waitFor();
		await page.getByText('当前没有需要您办理的事项').waitFor();
		assert.equal(await page.locator('#actions form').count(), 0);
		await axe(page, 'a notice read by a unit');

		// the office corrects it: the title, with a reason
		await switchUser(page, 'admin');
		await page.goto(`/#/notices/${id}`);
		await page.getByRole('link', { name: '更正' }).click();
		const fix = page.getByRole('form', { name: '更正通报' });
		const title2 = `关于${unit.name}窗口推诿群众办事问题的通报（${stamp}）`;
		await fix.getByLabel('标题').fill(title2);
		await fix.getByLabel('更正理由').fill('标题');
		await fix.getByRole('button', { name: '提交更正' }).click();
		await fix.locator('.field-error', { hasText: '至少 5 个字' }).waitFor();
		await axe(page, 'the correction refused');
		await fix.getByLabel('更正理由').fill('标题漏写“问题”二字，予以更正。');
		await fix.getByRole('button', { name: '提交更正' }).click();
		await flashed(page, '已更正通报');
		await page.getByRole('heading', { name: title2 }).waitFor();
		const corrections = page.getByRole('region', { name: /更正记录/ });
		const said = await corrections.innerText();
		assert.match(said, /更正记录（1 次）/);
		assert.match(said, /标题漏写“问题”二字/);
		assert.ok(said.includes(`标题：“${title}” 改为 “${title2}”`), said);
		await axe(page, 'a corrected notice');
		await shot(page, 'notices-corrected');

		// on paper: the document alone, one A4 page, the red header shown
		await page.emulateMedia({ media: 'print' });
		const red = page.locator('.red-head');
		assert.ok(await red.isVisible());
		assert.ok(await red.getByText('区纠风办通报').isVisible());
		assert.ok(await red.getByText(number).isVisible());
		assert.ok(await page.getByRole('heading', { name: title2 }).isVisible());
		assert.ok(await page.locator('.notice-sign').isVisible());
		for (const hidden of [
			'#nav',
			'#actions',
			'.corrections',
			'.status-line',
			'footer.foot',
		])
			assert.equal(await page.locator(hidden).first().isVisible(), false, hidden);
		let pdf = await printed(page);
		assert.deepEqual(pdf, { pages: 1, width: 595, height: 842 });
		await shot(page, 'notices-print');
		// without the red header
		await page.emulateMedia({ media: 'screen' });
		await page.getByLabel('红头').uncheck();
		await page.emulateMedia({ media: 'print' });
		assert.equal(await red.isVisible(), false);
		assert.ok(await page.getByRole('heading', { name: title2 }).isVisible());
		pdf = await printed(page);
		assert.deepEqual(pdf, { pages: 1, width: 595, height: 842 });
		await page.emulateMedia({ media: 'screen' });

		// the public reads it, without logging in
		const outside = await env.browser.newContext({
			baseURL: env.baseURL,
			locale: 'zh-CN',
		});
		try {
			const pub = await outside.newPage();
			await pub.goto('/#/public');
			await pub.locator('#nav a', { hasText: '公开通报' }).click();
			await pub.getByRole('heading', { name: '公开通报' }).waitFor();
			await pub.getByRole('link', { name: title2 }).click();
			await pub.getByRole('heading', { name: title2 }).waitFor();
			assert.ok(await pub.locator('.red-head').getByText(number).isVisible());
			// the problem by its title, no page of the staff's to follow
			assert.match(
				await pub.locator('section', { hasText: '通报信息' }).innerText(),
				new RegExp(`问题：${problem.title}`),
			);
			assert.equal(await pub.locator('#main a[href^="#/problems"]').count(), 0);
			await axe(pub, 'the public notice');

			// withdrawn: gone from the public's pages
			await openAction(page, '撤回');
			const withdraw = page
				.locator('dialog[open]')
				.getByRole('form', { name: '撤回' });
			await withdraw.getByLabel('撤回理由').fill('重复');
			await withdraw.getByRole('button', { name: '撤回' }).click();
			await withdraw.locator('.form-error', { hasText: '至少 5 个字' }).waitFor();
			await withdraw
				.getByLabel('撤回理由')
				.fill('该单位已提交整改情况说明，经复核撤回本通报。');
			await withdraw.getByRole('button', { name: '撤回' }).click();
			await flashed(page, '已撤回');
			const note = await page.getByRole('note').innerText();
			assert.match(note, /本通报已撤回/);
			assert.match(note, /经复核撤回本通报/);
			assert.ok(await page.locator('.withdrawn-stamp').isVisible());
			await axe(page, 'a withdrawn notice');
			await shot(page, 'notices-withdrawn');
			await pub.goto('/#/public/notices');
			await pub.getByRole('heading', { name: '公开通报' }).waitFor();
			await pub.waitForFunction(() => document.body.dataset.ready === '1');
			assert.equal(await pub.getByRole('link', { name: title2 }).count(), 0);
			await pub.goto(`/#/public/notices/${id}`);
			await pub.locator('#msg .flash', { hasText: '记录不存在' }).waitFor();
		} finally {
			await outside.close();
		}
		assert.deepEqual(
			errors.filter((e) => !/status of (400|404|409)/.test(e)),
			[],
		);
	},
	{ timeout: 120000 },
);

test('notices: the logged-in roles read the issued notices; only the office drafts', async ({
	page,
}) => {
	for (const r of ['point', 'stats', 'station']) {
		await login(page, r);
		await menu(page).click();
		await page.getByRole('heading', { name: '通报', exact: true }).waitFor();
		assert.equal(await page.getByRole('link', { name: '起草通报' }).count(), 0);
		// no drafts to choose
		assert.equal(
			await page
				.getByLabel('状态')
				.locator('option', { hasText: '草拟' })
				.count(),
			0,
		);
		await page.locator('table.notices tbody a').first().click();
		await page.locator('.notice-doc').waitFor();
		assert.equal(await page.locator('#actions form').count(), 0);
		await switchUser(page, null);
	}
	await login(page, 'leader');
	await page.goto('/#/notices/new');
	await page.getByRole('heading', { name: '无权访问' }).waitFor();
});
