// What a first-time user found (part A of the issue of that name), each as it was met:
// a success that looked like a failure, a download of another form than the one chosen,
// and a unit name that became markup in the dashboard's tooltip.
import assert from 'node:assert/strict';
import {
	test,
	login,
	logins,
	switchUser,
	problemIn,
	openProblem,
	openAction,
	JSON_HEADERS,
} from './lib.mjs';

test('a unit that returns a problem lands on its list with 已退回, not on "no such record"', async ({
	page,
	errors,
}) => {
	page.on('dialog', (d) => d.accept());
	await login(page, 'unit-jw');
	await openProblem(page, await problemIn(page, 'dispatched'));
	const form = await openAction(page, '退回');
	await form
		.getByLabel('退回理由（不属于本单位职责的说明）')
		.fill('该问题属于区住建委职责，请转办');
	await form.locator('button[type=submit]').click();
	await page.waitForFunction(() => location.hash === '#/problems');
	await page.locator('#msg .flash.ok', { hasText: '退回' }).waitFor();
	assert.equal(await page.getByText('记录不存在').count(), 0);
	assert.deepEqual(errors, []);
});

test('the forms page downloads the form chosen, at once, and says which on the button', async ({
	page,
}) => {
	await login(page, 'admin');
	await page.goto('/#/forms');
	await page.getByLabel('表格', { exact: true }).selectOption('3');
	const xlsx = page.getByRole('link', { name: /下载 表3 意见反馈表（XLSX）/ });
	await xlsx.waitFor();
	assert.match(await xlsx.getAttribute('href'), /\/forms\/3\?.*format=xlsx/);
	assert.equal(await page.getByRole('link', { name: /表1/ }).count(), 0);
});

test('a unit name with markup stays text in the dashboard tooltip', async ({ page }) => {
	await login(page, 'admin');
	// the first department of the ranking gets a name made of markup
	const s = await page.request.get('/api/v1/campaigns/1/scores');
	const first = (await s.json()).items.find((it) => it.composite !== null);
	const name = `<img id="pwn" src="x">${first.name}`;
	const r = await page.request.patch(`/api/v1/units/${first.id}`, {
		headers: JSON_HEADERS,
		data: { name },
	});
	assert.equal(r.status(), 200);
	try {
		await switchUser(page, 'admin');
		await page.goto('/#/dashboard');
		const chart = page.locator('#chart-composite');
		await chart.waitFor();
		await page.waitForTimeout(500);
		const box = await chart.boundingBox();
		// the first bar, at the top of the chart
		await page.mouse.move(box.x + 160, box.y + 21);
		await page.mouse.move(box.x + 170, box.y + 22);
		const tip = page
			.locator('div', { hasText: '综合得分' })
			.filter({ hasText: '<img' })
			.last();
		await tip.waitFor({ timeout: 5000 });
		assert.equal(await page.locator('#pwn').count(), 0);
	} finally {
		await page.request.patch(`/api/v1/units/${first.id}`, {
			headers: JSON_HEADERS,
			data: { name: first.name },
		});
	}
});

test('the public gives two opinions in a row: the 类别 stays chosen, a receipt works as typed', async ({
	page,
	errors,
}) => {
	await page.goto('/#/public');
	const receipts = [];
	for (let i = 0; i < 2; i++) {
		await page.getByLabel('您要反映的单位').selectOption({ index: 1 });
		assert.ok(await page.getByLabel('行风（服务态度、作风纪律）').isChecked());
		await page
			.getByLabel('意见内容')
			.fill(`办事大厅叫号系统经常出错，第${i + 1}次反映`);
		await page.getByRole('button', { name: /提交/ }).click();
		const code = page.locator('.receipt [data-receipt]');
		await page.waitForFunction((seen) => {
			const el = document.querySelector('.receipt [data-receipt]');
			return el && !seen.includes(el.textContent);
		}, receipts);
		receipts.push(await code.textContent());
	}
	// typed in small letters with a hyphen, it is found
	const r = receipts[1];
	await page.goto('/#/public/track');
	await page.getByLabel('回执号').fill(`${r.slice(0, 4)}-${r.slice(4)}`.toLowerCase());
	await page.getByRole('button', { name: '查询' }).click();
	await page.getByText('您的意见已收到').waitFor();
	assert.deepEqual(errors, []);
});

test('when the login has ended, the next action shows the login page, then comes back', async ({
	page,
}) => {
	await login(page, 'admin');
	await page.goto('/#/opinions/new');
	await page.getByLabel('意见内容').waitFor();
	// the session ends behind the page's back (expired, or ended elsewhere)
	const r = await page.request.delete('/api/v1/session', { headers: JSON_HEADERS });
	assert.equal(r.status(), 204);
	await page
		.getByLabel('被评议单位', { exact: true })
		.selectOption({ label: '区不动产登记中心（部门）' });
	await page.getByLabel('意见来源').selectOption('public');
	await page.getByLabel('意见内容').fill('大厅空调坏了一个月没人修');
	await page.getByRole('button', { name: '保存并出具回执' }).click();
	await page.waitForFunction(() => location.hash === '#/login');
	await page.locator('#msg .flash.error', { hasText: '登录已过期' }).waitFor();
	assert.equal(await page.getByRole('button', { name: '退出' }).count(), 0);
	// signing in again goes back to where the user was
	await page.getByLabel('用户名').fill('admin');
	await page.getByLabel('密码').fill(logins.admin.password);
	await page.getByRole('button', { name: '登录' }).click();
	await page.waitForFunction(() => location.hash === '#/opinions/new');
});

test('the dashboard says what its bar colours mean', async ({ page, errors }) => {
	await login(page, 'leader');
	await page.goto('/#/dashboard');
	const legend = page.locator('.legend-line');
	await legend.waitFor();
	for (const word of ['优秀', '良好', '合格', '不合格', '数据不足'])
		assert.ok((await legend.textContent()).includes(word), word);
	assert.equal(await legend.locator('.swatch').count(), 5);
	assert.deepEqual(errors, []);
});

// The figures a chart draws, and those of the table under it, as the page shows them.
async function chartAndTable(page, id) {
	return page.evaluate((id) => {
		const el = document.getElementById(id);
		const o = window.echarts.getInstanceByDom(el).getOption();
		const table = el.closest('section').querySelector('details.chart-table table');
		const rows = [...table.tBodies[0].rows].map((tr) =>
			[...tr.cells].map((c) => c.textContent),
		);
		const values = (s) => s.data.map((d) => (d && typeof d === 'object' ? d.value : d));
		return {
			categories: o.yAxis?.[0]?.data || o.xAxis?.[0]?.data || [],
			series: o.series.map((s) => ({
				name: s.name,
				type: s.type,
				data: s.data,
				values: values(s),
			})),
			head: [...table.tHead.rows[0].cells].map((c) => c.textContent),
			rows,
		};
	}, id);
}

test('the dashboard at 1366×768: nothing cut, every chart also as a table of its figures, the unranked last', async ({
	page,
	errors,
}) => {
	await page.setViewportSize({ width: 1366, height: 768 });
	await login(page, 'admin');
	// the top department has too little data to be ranked
	let unranked = '';
	await page.route(
		(url) =>
			/\/api\/v1\/campaigns\/\d+\/scores$/.test(url.pathname) &&
			url.searchParams.get('level') === 'unit' &&
			!url.searchParams.has('month') &&
			!url.searchParams.has('dimension'),
		async (route) => {
			const res = await route.fetch();
			const body = await res.json();
			const it = body.items.find((x) => x.group === 'department' && x.rank === 1);
			Object.assign(it, {
				insufficient_data: true,
				rank: null,
				rank_low: null,
				rank_high: null,
			});
			unranked = it.name;
			await route.fulfill({ response: res, json: body });
		},
	);
	await page.goto('/#/dashboard');
	await page.locator('#main [data-charts=ready]').waitFor();
	const wide = () =>
		page.evaluate(() => ({
			page: [document.documentElement.scrollWidth, innerWidth],
			cut: [...document.querySelectorAll('.table-wrap')]
				.filter((w) => w.offsetParent && w.scrollWidth > w.clientWidth + 1)
				.map(
					(w) =>
						`${w.getAttribute('aria-label')}: ${w.scrollWidth} > ${w.clientWidth}`,
				),
		}));
	let w = await wide();
	assert.ok(w.page[0] <= w.page[1], `the page is ${w.page[0]} px wide in ${w.page[1]}`);
	assert.deepEqual(w.cut, []);

	// the composite: the bars in the table's order, the unranked after the ranked
	for (const d of await page.locator('details.chart-table').all())
		await d.locator('summary').click();
	const bar = await chartAndTable(page, 'chart-composite');
	assert.deepEqual(bar.head, ['单位', '等次', '综合得分', '95%区间']);
	assert.deepEqual(
		bar.categories,
		bar.rows.map((r) => r[0]),
	);
	assert.deepEqual(
		bar.series[0].values.map((v) => (v === null ? '—' : v.toFixed(1))),
		bar.rows.map((r) => r[2]),
	);
	assert.equal(bar.categories.at(-1), unranked);
	assert.equal(bar.rows.at(-1)[1], '数据不足');

	// the funnel: each form's count, and its labels whole inside the chart
	const funnel = await chartAndTable(page, 'chart-funnel');
	assert.deepEqual(
		funnel.series[0].data.map((d) => [d.name, String(d.value)]),
		funnel.rows,
	);
	assert.equal(funnel.rows.length, 5);
	const labels = await page.evaluate(() => {
		const c = window.echarts.getInstanceByDom(document.getElementById('chart-funnel'));
		const data = c.getModel().getSeriesByIndex(0).getData();
		const out = [];
		for (let i = 0; i < data.count(); i++) {
			const t = data.getItemGraphicEl(i).getTextContent();
			const r = t.getBoundingRect().clone();
			r.applyTransform(t.getComputedTransform());
			out.push({
				text: t.style.text,
				left: r.x,
				right: r.x + r.width,
				width: c.getWidth(),
			});
		}
		return out;
	});
	for (const l of labels)
		assert.ok(
			l.left >= 0 && l.right <= l.width,
			`${l.text}: ${l.left}–${l.right} in ${l.width}`,
		);

	// the rates by month
	const trend = await chartAndTable(page, 'chart-trend');
	assert.deepEqual(trend.head, ['月份', ...trend.series.map((s) => s.name)]);
	assert.deepEqual(
		trend.categories,
		trend.rows.map((r) => r[0]),
	);
	trend.series.forEach((s, k) =>
		assert.deepEqual(
			s.values.map((v) => (v === null || v === undefined ? '无数据' : v + '%')),
			trend.rows.map((r) => r[k + 1]),
		),
	);

	// the tables opened, still nothing wider than the page
	w = await wide();
	assert.ok(w.page[0] <= w.page[1], `the page is ${w.page[0]} px wide in ${w.page[1]}`);
	assert.deepEqual(w.cut, []);
	assert.deepEqual(errors, []);
});

// A4 landscape less its 10 mm margins, in CSS pixels (96 per inch).
const LANDSCAPE_WIDTH = Math.floor(((297 - 20) / 25.4) * 96);

test("the forms print on A4 landscape: the form's own head, signature lines, no buttons or menus, no table past the edge", async ({
	page,
}) => {
	await login(page, 'admin');
	await page.setViewportSize({ width: LANDSCAPE_WIDTH, height: 700 });
	await page.emulateMedia({ media: 'print' });
	for (const n of [1, 2, 3, 4, 5]) {
		await page.goto(`/#/forms?form=${n}`);
		await page.locator('table.form-table tbody tr').first().waitFor();
		const got = await page.evaluate(() => {
			const shown = (sel) =>
				[...document.querySelectorAll(sel)].filter(
					(e) =>
						getComputedStyle(e).display !== 'none' &&
						e.getClientRects().length,
				).length;
			return {
				hidden: [
					'.top',
					'#nav',
					'button',
					'.button',
					'.filters',
					'.downloads',
				].map((sel) => [sel, shown(sel)]),
				head: document.querySelector('.print-head')?.innerText || '',
				sign: document.querySelector('.print-sign')?.innerText || '',
				signShown: shown('.print-sign'),
				tables: [...document.querySelectorAll('table.form-table')].map(
					(t) => ({
						right: t.getBoundingClientRect().right,
						width: t.scrollWidth,
					}),
				),
				width: document.documentElement.scrollWidth,
			};
		});
		for (const [sel, count] of got.hidden)
			assert.equal(count, 0, `form ${n}: ${sel} printed`);
		assert.match(got.head, new RegExp(`表${n} `));
		assert.match(got.head, /评议活动/);
		assert.match(got.head, /制表单位：.+/);
		assert.match(got.head, /期间：\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/);
		assert.equal(got.signShown, 1);
		for (const w of ['填表人：', '审核人：', '单位（盖章）：', '日期：'])
			assert.ok(got.sign.includes(w), `form ${n}: ${w} in ${got.sign}`);
		for (const t of got.tables)
			assert.ok(
				t.right <= LANDSCAPE_WIDTH && t.width <= LANDSCAPE_WIDTH,
				`form ${n}: a table ${t.width} px wide, to ${t.right}, on ${LANDSCAPE_WIDTH}`,
			);
		assert.ok(
			got.width <= LANDSCAPE_WIDTH,
			`form ${n}: the page is ${got.width} px wide`,
		);
	}
	// the PDF of form 5 (44 rows): landscape A4 pages, a few of them
	await page.goto('/#/forms?form=5');
	await page.locator('table.form-table tbody tr').first().waitFor();
	const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
	const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)];
	assert.ok(boxes.length >= 1 && boxes.length <= 12, `${boxes.length} pages`);
	for (const [, w, h] of boxes) {
		assert.ok(
			Math.abs(w - 841.9) < 2 && Math.abs(h - 595.3) < 2,
			`a page of ${w}×${h} pt`,
		);
	}
});

test('a problem prints on the whole width of the paper, without the menu or the actions', async ({
	page,
}) => {
	await login(page, 'admin');
	await openProblem(page, await problemIn(page, 'answered'));
	await page.emulateMedia({ media: 'print' });
	const got = await page.evaluate(() => {
		const main = document.getElementById('main').getBoundingClientRect();
		const first = document.querySelector('.cols > div').getBoundingClientRect();
		const display = (sel) => getComputedStyle(document.querySelector(sel)).display;
		return {
			main: main.width,
			first: first.width,
			width: innerWidth,
			top: display('.top'),
			nav: display('#nav'),
			aside: display('aside.actions'),
		};
	});
	assert.equal(got.top, 'none');
	assert.equal(got.nav, 'none');
	assert.equal(got.aside, 'none');
	assert.ok(got.main >= got.width - 20, `main is ${got.main} px of ${got.width}`);
	assert.ok(got.first >= got.main - 2, `the problem is ${got.first} px of ${got.main}`);
});

const PHONE = { width: 390, height: 844 };

test('on a phone the menu folds under 菜单, and a move folds it again', async ({ page }) => {
	await page.setViewportSize(PHONE);
	await login(page, 'station');
	const menu = page.getByRole('button', { name: '菜单' });
	const link = page.locator('#nav a', { hasText: '问题台账' });
	assert.equal(await menu.getAttribute('aria-expanded'), 'false');
	assert.equal(await menu.getAttribute('aria-controls'), 'nav');
	assert.equal(await link.isVisible(), false);
	await menu.click();
	assert.equal(await menu.getAttribute('aria-expanded'), 'true');
	await link.click();
	await page.waitForFunction(() => location.hash === '#/problems');
	await page.waitForFunction(
		() => document.getElementById('menu').getAttribute('aria-expanded') === 'false',
	);
	assert.equal(await link.isVisible(), false);
	// on a desktop there is no such button: the menu shows
	await page.setViewportSize({ width: 1280, height: 800 });
	assert.equal(await menu.isVisible(), false);
	assert.equal(await link.isVisible(), true);
});

test('on a phone a list shows as cards, each value captioned, and its filters fold under 筛选', async ({
	page,
}) => {
	await page.setViewportSize(PHONE);
	await login(page, 'admin');
	for (const list of ['#/problems', '#/opinions']) {
		await page.goto('/' + list);
		const row = page.locator('table.cards tbody tr').first();
		await row.waitFor();
		const got = await page.evaluate(() => {
			const table = document.querySelector('table.cards');
			const tr = table.tBodies[0].rows[0];
			return {
				display: getComputedStyle(tr).display,
				heads: [...table.tHead.rows[0].cells].map((c) => c.textContent),
				labels: [...tr.cells].map((c) => c.dataset.label ?? null),
				right: Math.max(
					...[...table.tBodies[0].rows].map(
						(r) => r.getBoundingClientRect().right,
					),
				),
				width: document.documentElement.scrollWidth,
			};
		});
		assert.equal(got.display, 'block', list);
		assert.deepEqual(got.labels.filter(Boolean), got.heads.filter(Boolean), list);
		assert.ok(
			got.right <= PHONE.width && got.width <= PHONE.width,
			`${list}: ${JSON.stringify(got)}`,
		);
		// the filters: folded, then shown
		const toggle = page.locator('button.filter-toggle');
		const form = page.locator('form.filters');
		assert.equal(await toggle.textContent(), '筛选');
		assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
		assert.equal(await form.isVisible(), false, list);
		await toggle.click();
		assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
		assert.equal(await form.isVisible(), true, list);
		assert.equal(
			await toggle.getAttribute('aria-controls'),
			await form.getAttribute('id'),
		);
	}
});

test('on a phone a button stays at the bottom of a problem and leads to its action form', async ({
	page,
}) => {
	await page.setViewportSize(PHONE);
	await login(page, 'admin');
	await openProblem(page, await problemIn(page, 'dispatched'));
	const jump = page.getByRole('button', { name: '去办理' });
	const inView = async (loc) => {
		const b = await loc.boundingBox();
		return b && b.y >= 0 && b.y + b.height <= PHONE.height;
	};
	assert.ok(await inView(jump), 'the button shows at the top of the page');
	await page.mouse.wheel(0, 900);
	await page.waitForTimeout(200);
	assert.ok(await inView(jump), 'the button shows after a scroll');
	await jump.click();
	const form = page.locator('#actions form.action').first();
	await page.waitForFunction(() => document.activeElement?.closest('#actions form.action'));
	const b = await form.boundingBox();
	assert.ok(b.y >= -1 && b.y < PHONE.height, `the form is at ${b.y}`);
});

test('on a phone the dashboard and the home page are no wider than the screen', async ({
	page,
	errors,
}) => {
	await page.setViewportSize(PHONE);
	await login(page, 'admin');
	for (const hash of ['#/', '#/dashboard', '#/forms']) {
		await page.goto('/' + hash);
		if (hash === '#/dashboard')
			await page.locator('#main [data-charts=ready]').waitFor();
		else await page.locator('#main h1').waitFor();
		await page.waitForTimeout(300);
		const w = await page.evaluate(() => [
			document.documentElement.scrollWidth,
			innerWidth,
		]);
		assert.ok(w[0] <= w[1], `${hash} is ${w[0]} px wide on a screen of ${w[1]}`);
	}
	assert.deepEqual(errors, []);
});
