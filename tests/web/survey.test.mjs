// The statistics bureau's survey through the UI, as role stats runs it: from the frame's
// import to the published results, with the office publishing and a unit reading its own
// row, and someone answering by one-time code on the public page.
import assert from 'node:assert/strict';
import { test, login, shot, switchUser } from './lib.mjs';

const UNITS = ['dept-jw', 'str-dh'];

function frameCsv() {
	const rows = ['unit_code,respondent_id,stratum,name,phone'];
	for (const u of UNITS)
		for (let i = 1; i <= 5; i++)
			rows.push(
				`${u},${u}-w${i},${i % 2 ? '党员' : '群众'},受访者${i},1370000${1000 + i}`,
			);
	return rows.join('\n') + '\n';
}

async function onPage(page, text) {
	await page.getByText(text, { exact: false }).first().waitFor();
}

test(
	'survey: stats imports the frame, commits, draws, calls by keyboard; the office publishes; a unit reads its row',
	async ({ page, errors }) => {
		page.on('dialog', (d) => d.accept());
		// a campaign of its own: the demo's already has both rounds
		await login(page, 'admin');
		const camp = await page.request.post('/api/v1/campaigns', {
			headers: { 'X-Requested-With': 'test' },
			data: {
				name: '测评演练',
				year: 2026,
				phases: [
					{
						kind: 'evaluate',
						starts_on: '2026-01-01',
						ends_on: '2026-12-31',
					},
				],
			},
		});
		assert.equal(camp.status(), 201);
		const cid = (await camp.json()).id;

		await switchUser(page, 'tongji');
		await page.goto(`/#/surveys?campaign_id=${cid}`);
		await page.getByLabel('轮次').selectOption('baseline');
		await page.getByLabel('允许误差').fill('0.5');
		await page.getByLabel('每单位最少样本').fill('2');
		await page.getByRole('button', { name: '新建' }).click();
		await page.getByRole('heading', { name: '下一步' }).waitFor();

		// a bad frame: its lines, and nothing imported
		const file = page.getByLabel('抽样框文件');
		await file.setInputFiles({
			name: 'bad.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from('unit_code,respondent_id\nnope,1\ndept-jw,1\n'),
		});
		await page.getByRole('button', { name: '导入' }).click();
		await onPage(page, '第 3 行：受访者编号 1 重复（另见第 2 行）');
		await page.getByLabel('抽样框文件').setInputFiles({
			name: 'frame.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from(frameCsv()),
		});
		await page.getByRole('button', { name: '导入' }).click();
		await onPage(page, '已导入 2 个单位的 10 人');

		// one more item of 效能
		const items = page.getByLabel('问卷项目');
		await items.fill((await items.inputValue()) + '\n效能|网上办事');
		await page.getByRole('button', { name: '保存问卷' }).click();
		await onPage(page, '问卷已保存');
		await onPage(page, '【效能】网上办事');

		await page.getByRole('button', { name: '承诺种子' }).click();
		await onPage(page, '种子的哈希已记录');
		const hash = await page.locator('dd code').first().textContent();
		assert.match(hash, /^[0-9a-f]{64}$/);
		await page.getByRole('button', { name: '封存抽样框' }).click();
		await onPage(page, '各单位样本量已确定');
		await page.getByRole('button', { name: '抽样' }).click();
		await onPage(page, '已抽样，开始调查');
		const seed = await page.locator('dd code').nth(1).textContent();
		assert.match(seed, /^[0-9a-f]{64}$/);
		await shot(page, 'survey-drawn');

		// a letter with a code for one person of the street
		await page.getByLabel('单位', { exact: true }).selectOption({ label: '东湖街道' });
		await page.getByRole('button', { name: '生成代码' }).click();
		const code = await page.locator('.step table code').first().textContent();
		assert.match(code, /^[0-9A-Z]{10}$/);
		const url = page.url();

		// the public answers with the code, typed with a hyphen
		await switchUser(page, null);
		await page.goto('/#/public/survey');
		await page.getByLabel('代码').fill(code.slice(0, 5) + '-' + code.slice(5));
		await page.getByRole('button', { name: '开始填写' }).click();
		await onPage(page, '东湖街道');
		await page.locator('input[type=radio]').first().focus();
		for (let k = 0; k < 13; k++) await page.keyboard.press('1');
		await page.getByRole('button', { name: '提交问卷' }).click();
		await onPage(page, '问卷已提交');

		await login(page, 'tongji');
		await page.goto(url);
		// the phone interviews: answers by the keys 1–4
		await page.getByRole('link', { name: '电话访问' }).click();
		let completed = 0;
		for (let i = 0; i < 6; i++) {
			await page.getByRole('heading', { name: '电话访问' }).waitFor();
			await page.locator('.card h2, .view p').first().waitFor();
			if (await page.getByText('所有样本都已访问').count()) break;
			assert.ok(await page.getByText('电话').count());
			if (i % 3 === 2) {
				await page.getByRole('button', { name: '拒访' }).click();
				await onPage(page, '已记录：拒访');
				continue;
			}
			await page.locator('input[type=radio]').first().focus();
			const n = await page.locator('fieldset.q').count();
			assert.equal(n, 13);
			for (let k = 0; k < n; k++)
				await page.keyboard.press(k % 4 === 3 ? '2' : '1');
			await page.getByRole('button', { name: '保存并访问下一位' }).click();
			await onPage(page, '已保存访问结果');
			completed++;
		}
		assert.ok(completed >= 3);

		await page.goto(url);
		await page.getByRole('button', { name: '结束调查' }).click();
		await onPage(page, '调查已结束');
		await onPage(page, '测评结果');
		await shot(page, 'survey-results');

		await switchUser(page, 'admin');
		await page.goto(url);
		await page.getByLabel('测评结果通报').fill('关于测评演练普查满意度测评结果的通报');
		await page.getByRole('button', { name: '公布' }).click();
		await onPage(page, '测评结果已公布');
		await onPage(page, '已公布，冻结');

		// the unit: the notice and its own row, no names, no sample
		await switchUser(page, 'unit-jw');
		await page.goto(`/#/surveys?campaign_id=${cid}`);
		await page.getByRole('link', { name: /测评演练/ }).click();
		await onPage(page, '关于测评演练普查满意度测评结果的通报');
		await page.locator('table').first().waitFor();
		assert.equal(await page.getByText('东湖街道').count(), 0);
		assert.equal(await page.getByText('受访者').count(), 0);
		assert.equal(await page.getByText('样本名单').count(), 0);
		await shot(page, 'survey-unit');
		// requests that answered 400 (the bad frame) log nothing else
		assert.deepEqual(
			errors.filter((e) => !/status of 400/.test(e)),
			[],
		);
	},
	{ timeout: 90000 },
);
