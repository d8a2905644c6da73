// The UI takes the day, the time and the countdowns from the server, never from the
// browser: a browser on the other side of the world still sees the district's time
// (Asia/Shanghai, the default) and deadlines counted in working days on its calendar.
import { test, login, env } from './lib.mjs';

// 'YYYY-MM-DDTHH:MM' in Beijing time, @p ms milliseconds since the epoch.
const beijing = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 16);

test("the district's time and working-day countdowns, in a browser far from Beijing", async ({
	baseURL,
}) => {
	const context = await env.browser.newContext({
		baseURL,
		locale: 'zh-CN',
		timezoneId: 'America/Los_Angeles',
		viewport: { width: 1280, height: 800 },
	});
	try {
		const page = await context.newPage();
		await login(page, 'point');
		await page.goto('/#/opinions/new');
		const before = Date.now();
		const shown = await page.getByLabel('收到时间').inputValue();
		if (
			shown !== beijing(before) &&
			shown !== beijing(before - 60e3) &&
			shown !== beijing(before + 60e3)
		)
			throw new Error(
				`收到时间 defaults to ${shown}, not Beijing's ${beijing(before)}`,
			);

		await page.getByRole('button', { name: '退出' }).click();
		await login(page, 'unit');
		const list = await page.evaluate(async () =>
			(
				await fetch('/api/v1/problems?limit=100', {
					credentials: 'same-origin',
				})
			).json(),
		);
		const p = list.items.find((x) => x.workdays_left !== null);
		if (!p) throw new Error('no problem of the unit has a countdown');
		const want =
			p.workdays_left > 0
				? `剩 ${p.workdays_left} 个工作日`
				: p.workdays_left < 0
					? `已逾期 ${-p.workdays_left} 个工作日`
					: p.overdue
						? '已逾期'
						: '今日到期';
		await page.goto(`/#/problems/${p.id}`);
		await page.locator('.status-line').getByText(want, { exact: true }).waitFor();
		// every countdown on the list speaks of working days
		await page.goto('/#/problems');
		await page.locator('tbody tr').first().waitFor();
		const texts = await page.locator('tbody .badge').allTextContents();
		if (texts.some((t) => / 天$/.test(t)))
			throw new Error(`a countdown in calendar days: ${texts.join(', ')}`);
	} finally {
		await context.close();
	}
});
