// Merging opinions at a station: the bar that shows what the ticked opinions can become,
// the picker that finds a problem by its number, unit or title, the warning before
// opinions go into another unit's problem, and the title suggested for a new problem.
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { test, login, shot, JSON_HEADERS } from './lib.mjs';

const stamp = Date.now().toString(36);

// 区政务服务中心 and 区税务局: two units the first station follows.
const ZWFW = 33;
const SWJ = 30;

// The serious or critical violations axe finds on the page as it is.
async function axe(page) {
	const r = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	return r.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

// Records an opinion as the signed-in user; answers it.
async function opinion(page, target, content) {
	const r = await page.request.post('/api/v1/opinions', {
		headers: JSON_HEADERS,
		data: {
			target_unit_id: target,
			dimension: 'efficiency',
			source: 'public',
			channel: 'form',
			content,
		},
	});
	assert.equal(r.status(), 201, await r.text());
	return r.json();
}

// The inbox of received opinions about @p unit, with the row of @p o ticked.
async function tick(page, unit, o) {
	await page.goto(`/#/opinions?status=received&target_unit_id=${unit}`);
	await page.getByRole('checkbox', { name: `选择意见 ${o.id}` }).check();
}

function inViewport(box, size) {
	return box && box.y >= 0 && box.y + box.height <= size.height && box.height > 0;
}

test('merge: ticking one opinion shows the bar of actions at once, in the window', async ({
	page,
	errors,
}) => {
	await login(page, 'admin');
	await page.goto('/#/opinions?status=received');
	const bar = page.getByRole('region', { name: '所选意见的操作' });
	const first = page.locator('table tbody tr').first().getByRole('checkbox');
	await first.check();
	await bar.getByText('已选 1 条意见').waitFor();
	await shot(page, 'station-inbox-bar', { fullPage: false });
	const size = page.viewportSize();
	assert.ok(inViewport(await bar.boundingBox(), size), 'the bar is in the window');
	for (const name of ['汇总为问题', '并入已有问题', '取消选择'])
		assert.ok(await bar.getByRole('button', { name }).isVisible(), name);
	// it stays in sight while the list scrolls
	await page.mouse.wheel(0, 600);
	await page.waitForTimeout(200);
	assert.ok(inViewport(await bar.boundingBox(), size), 'the bar stays in the window');
	// and its 汇总为问题 goes to the form, with the title to check
	await bar.getByRole('button', { name: '汇总为问题' }).click();
	await page.waitForFunction(() => document.activeElement?.name === 'title');
	// 取消选择 unticks every opinion and the bar goes
	await bar.getByRole('button', { name: '取消选择' }).click();
	assert.equal(await first.isChecked(), false);
	assert.equal(await bar.getByRole('button', { name: '取消选择' }).count(), 0);
	assert.equal(await page.getByRole('heading', { name: /已选/ }).count(), 0);
	assert.deepEqual(errors, []);
});

test('merge: the picker finds a problem by a word of its title and shows its unit; into another unit it warns and asks first', async ({
	page,
	errors,
}) => {
	await login(page, 'station1');
	// a problem about 区税务局 with a word of its own in the title
	const word = `自助终端${stamp}`;
	const seed = await opinion(
		page,
		SWJ,
		`办税服务厅的自助终端经常死机，只能排队找人工（${stamp}）`,
	);
	const r = await page.request.post('/api/v1/problems', {
		headers: JSON_HEADERS,
		data: {
			campaign_id: seed.campaign_id,
			target_unit_id: SWJ,
			dimension: 'efficiency',
			title: `办税服务厅${word}故障无人修`,
			opinion_ids: [seed.id],
		},
	});
	assert.equal(r.status(), 201, await r.text());
	const problem = await r.json();
	// an opinion about 区政务服务中心
	const o = await opinion(page, ZWFW, `政务大厅的自助终端打印不出回执（${stamp}）`);
	await tick(page, ZWFW, o);
	await page
		.getByRole('region', { name: '所选意见的操作' })
		.getByRole('button', { name: '并入已有问题' })
		.click();
	const box = page.getByRole('combobox', { name: '查找问题（编号、单位或标题）' });
	await page.waitForFunction(
		() => document.activeElement?.getAttribute('role') === 'combobox',
	);
	await box.fill(word);
	const listbox = page.getByRole('listbox', { name: '可并入的问题' });
	const option = listbox.getByRole('option', { name: new RegExp(word) });
	await option.waitFor();
	await shot(page, 'station-merge-picker', { fullPage: false });
	assert.deepEqual(await axe(page), [], 'the picker open');
	const text = await option.textContent();
	assert.ok(text.includes(`问题 ${problem.id}`), text);
	assert.ok(text.includes('区税务局'), text);
	assert.equal(await listbox.getByRole('option').count(), 1);
	// by the keyboard
	await box.press('ArrowDown');
	assert.equal(await option.getAttribute('aria-selected'), 'true');
	await box.press('Enter');
	assert.match(await box.inputValue(), new RegExp(`问题 ${problem.id} · 区税务局`));
	// the warning names both units, and 并入 waits for the confirmation
	const form = page.getByRole('form', { name: '并入已有问题' });
	const warning = form.getByText(
		/注意：所选意见反映的是区政务服务中心，而问题 \d+ 的被评议单位是区税务局/,
	);
	await warning.waitFor();
	await shot(page, 'station-merge-warning', { fullPage: false });
	assert.deepEqual(await axe(page), [], 'the warning shown');
	await form.getByRole('button', { name: '并入', exact: true }).click();
	await form.getByText('请确认后再并入').waitFor();
	let now = await (await page.request.get(`/api/v1/opinions/${o.id}`)).json();
	assert.equal(now.status, 'received', 'not merged without the confirmation');
	await form.getByLabel('确认并入其他单位的问题').check();
	await form.getByRole('button', { name: '并入', exact: true }).click();
	await page.waitForURL(new RegExp(`#/problems/${problem.id}$`));
	now = await (await page.request.get(`/api/v1/opinions/${o.id}`)).json();
	assert.equal(now.status, 'merged');
	assert.equal(now.problem_id, problem.id);
	assert.deepEqual(errors, []);
});

test('merge: into a problem of the same unit, found by its number, no warning is shown', async ({
	page,
	errors,
}) => {
	await login(page, 'station1');
	const list = await (
		await page.request.get(
			`/api/v1/problems?target_unit_id=${ZWFW}&status=dispatched,acknowledged&limit=1`,
		)
	).json();
	const p = list.items[0];
	const o = await opinion(page, ZWFW, `综合窗口收件后一直没有消息（${stamp}）`);
	await tick(page, ZWFW, o);
	const box = page.getByRole('combobox', { name: '查找问题（编号、单位或标题）' });
	await box.fill(String(p.id));
	const option = page.getByRole('option', { name: new RegExp(`^问题 ${p.id}\\b`) });
	await option.click();
	await page.getByText(`将 1 条意见并入`).waitFor();
	assert.equal(await page.getByText('确认并入其他单位的问题').isVisible(), false);
	await page
		.getByRole('form', { name: '并入已有问题' })
		.getByRole('button', { name: '并入', exact: true })
		.click();
	await page.waitForURL(new RegExp(`#/problems/${p.id}$`));
	assert.deepEqual(errors, []);
});

test('merge: the suggested title ends where a clause ends, not in the middle of a word', async ({
	page,
	errors,
}) => {
	await login(page, 'station1');
	const content = `政务服务中心综合窗口的工作人员态度冷淡，咨询问题时爱答不理，还让群众自己去网上查询，一连跑了三趟才把营业执照变更办下来（${stamp}）`;
	const o = await opinion(page, ZWFW, content);
	await tick(page, ZWFW, o);
	const title = await page.getByLabel('问题标题').inputValue();
	assert.ok(title.length > 0 && title.length <= 30, title);
	assert.ok(!title.includes('…'), title);
	assert.ok(content.startsWith(title), title);
	assert.match(content.charAt(title.length), /[。；，！？\s]/u, title);
	assert.equal(title, '政务服务中心综合窗口的工作人员态度冷淡，咨询问题时爱答不理');
	// and the rule itself, on a few texts
	const cut = await page.evaluate(async () => {
		const m = await import('/app/opinions.js');
		return [
			m.suggestTitle('  大厅空调坏了一个月没人修。  '),
			m.suggestTitle(
				'窗口人员 上班时间玩手机 看视频 还大声喧哗 群众排队很久也没人理会 投诉无门',
			),
			m.suggestTitle(
				'一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十',
			),
			m.clauseCut(
				'叫号系统经常出错，群众等了一上午，最后还是没有办成事情，只好第二天再来',
				20,
			),
		];
	});
	assert.equal(cut[0], '大厅空调坏了一个月没人修');
	assert.equal(cut[1], '窗口人员 上班时间玩手机 看视频 还大声喧哗');
	assert.equal(cut[2], '一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十…');
	assert.deepEqual(cut[3], { text: '叫号系统经常出错，群众等了一上午', cut: true });
	assert.deepEqual(errors, []);
});
