// The receipt an opinion giver keeps: what it says, the address and QR code to follow the
// opinion by, and, on paper, the receipt alone on one A4 page.
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { test, login, shot, ROOT } from './lib.mjs';

const stamp = Date.now().toString(36);

// The path of the dark modules of the QR code of @p text, as the page draws it, worked out
// here with the same generator: equal paths mean the code holds that text.
async function qrPath(text) {
	const { default: qrcode } = await import(
		`${ROOT}/node_modules/qrcode-generator/dist/qrcode.mjs`
	);
	const qr = qrcode(0, 'M');
	qr.addData(text);
	qr.make();
	const n = qr.getModuleCount();
	let d = '';
	for (let r = 0; r < n; r++)
		for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c + 4} ${r + 4}h1v1h-1z`;
	return d;
}

test('receipt: the public gets a receipt with its tracking address and QR code, printed alone on one A4 page', async ({
	page,
	errors,
	baseURL,
}) => {
	await page.goto('/#/public');
	await page.getByLabel('您要反映的单位').selectOption({ label: '区政务服务中心' });
	const content = `政务大厅自助终端打印不出回执，工作人员说只能明天再来（${stamp}）`;
	await page.getByLabel('意见内容').fill(content);
	await page.getByRole('button', { name: '提交意见' }).click();
	const sheet = page.getByRole('region', { name: '意见回执' });
	const code = sheet.locator('[data-receipt]');
	await code.waitFor();
	const receipt = await code.textContent();
	const text = await sheet.textContent();
	for (const part of ['区政务服务中心', content, '网上', receipt])
		assert.ok(text.includes(part), part);
	assert.match(text, /提交时间\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
	// the address to follow it by, in full, and its QR code
	const url = `${baseURL}/#/public/track/${receipt}`;
	const link = sheet.getByRole('link', { name: url });
	assert.equal(await link.getAttribute('href'), url);
	const qr = sheet.getByRole('img', { name: /二维码/ });
	await qr.waitFor();
	assert.ok((await qr.getAttribute('aria-label')).includes(url));
	assert.equal(await qr.locator('path').getAttribute('d'), await qrPath(url));
	assert.ok(await sheet.getByRole('button', { name: '打印回执' }).isVisible());
	const found = (
		await new AxeBuilder({ page })
			.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
			.analyze()
	).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	assert.deepEqual(
		found.map((v) => v.id),
		[],
	);
	await shot(page, 'public-receipt');

	// on paper: the receipt, and nothing else
	await page.emulateMedia({ media: 'print' });
	assert.ok(await sheet.isVisible());
	assert.ok(await qr.isVisible());
	assert.ok(await sheet.getByText(content).isVisible());
	assert.ok(await sheet.getByRole('link', { name: url }).isVisible());
	for (const hidden of [
		page.locator('#nav'),
		page.locator('header.top'),
		page.locator('footer'),
		page.getByRole('heading', { name: '我要提意见' }),
		page.getByRole('form', { name: '我要提意见' }),
		page.getByRole('link', { name: '查询进度' }),
	])
		assert.equal(await hidden.isVisible(), false, String(hidden));
	const buttons = await page.getByRole('button').all();
	for (const b of buttons) assert.equal(await b.isVisible(), false, await b.textContent());
	await shot(page, 'public-receipt-print');
	const pdf = await page.pdf({ preferCSSPageSize: true });
	const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || [];
	assert.equal(pages.length, 1, 'one page');
	const box = pdf.toString('latin1').match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)/);
	// A4 portrait: 595 × 842 points
	assert.ok(box && Math.round(box[1]) === 595 && Math.round(box[2]) === 842, box && box[0]);
	assert.deepEqual(errors, []);
});

test("receipt: a point's receipt names the point that took the opinion and carries the QR code", async ({
	page,
	errors,
	baseURL,
}) => {
	await login(page, 'point01');
	await page.goto('/#/opinions/new');
	await page
		.getByLabel('被评议单位', { exact: true })
		.selectOption({ label: '区政务服务中心（部门）' });
	await page.getByLabel('意见内容').fill(`综合窗口下午四点就不再收件（${stamp}）`);
	await page.getByRole('button', { name: '保存并出具回执' }).click();
	const sheet = page.getByRole('region', { name: '意见回执' });
	const receipt = await sheet.locator('[data-receipt]').textContent();
	const row = sheet.getByRole('row', { name: /收集单位/ });
	assert.match(await row.textContent(), /区政务服务中心综合窗口/);
	const url = `${baseURL}/#/public/track/${receipt}`;
	assert.ok(await sheet.getByRole('link', { name: url }).isVisible());
	await sheet.getByRole('img', { name: /二维码/ }).waitFor();
	await shot(page, 'point-receipt');
	await page.emulateMedia({ media: 'print' });
	assert.equal(await page.getByRole('form', { name: '征求意见表' }).isVisible(), false);
	assert.ok(await sheet.isVisible());
	assert.deepEqual(errors, []);
});
