// The page loads cleanly, ECharts is served, and an administrator can log in.
import { test, login, logins, shot, ROOT } from './lib.mjs';

test('home page loads with no console errors and no failed requests', async ({
	page,
	errors,
	failed,
}) => {
	await page.goto('/');
	await page.waitForLoadState('networkidle');
	await shot(page, 'smoke-home');
	if (errors.length) throw new Error('console errors:\n' + errors.join('\n'));
	if (failed.length) throw new Error('failed requests:\n' + failed.join('\n'));
});

test('/vendor/echarts.min.js is served as JavaScript', async ({ page }) => {
	const r = await page.request.get('/vendor/echarts.min.js');
	if (r.status() !== 200) throw new Error(`status ${r.status()}`);
	const type = r.headers()['content-type'] || '';
	if (!/^(text|application)\/(javascript|ecmascript)\b/.test(type))
		throw new Error(`content-type ${type}`);
	const body = await r.text();
	if (!body.includes('echarts')) throw new Error('body is not ECharts');
});

test('admin logs in through the form and sees 退出', async ({ page, errors }) => {
	const admin = logins.admin;
	await page.goto('/#/login');
	await page.getByLabel('用户名').fill(admin.username);
	await page.getByLabel('密码').fill(admin.password);
	await page.getByRole('button', { name: '登录' }).click();
	await page.getByRole('button', { name: '退出' }).waitFor();
	await shot(page, 'smoke-admin-home');
	if (errors.length) throw new Error('console errors:\n' + errors.join('\n'));
});

test('every role logs in with login()', async ({ page }) => {
	for (const role of ['admin', 'leader', 'station', 'point', 'unit']) {
		await login(page, role);
		await page.getByRole('button', { name: '退出' }).click();
		await page.getByRole('button', { name: '登录' }).waitFor();
	}
});

// The modules form a tree: main.js (the pages and the shell) at the top, router.js and
// components.js below the pages; no page imports main.js back, and no module keeps a
// copy of the server's rules (the stage actions come with each problem).
test('web/app modules: none imports main.js; no copy of the state machine', async () => {
	const { readdirSync, readFileSync } = await import('node:fs');
	const { join } = await import('node:path');
	const dir = join(ROOT, 'web', 'app');
	for (const f of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
		const src = readFileSync(join(dir, f), 'utf8');
		if (f !== 'main.js' && /from '\.\/main\.js'/.test(src))
			throw new Error(`${f} imports main.js`);
		if (
			/\b(STAGES|ACTIVE)\b\s*=/.test(src) ||
			/function can\([^)]*\)\s*\{[^}]*role\(\)/.test(src)
		)
			throw new Error(
				`${f} keeps a copy of the state machine or the permissions`,
			);
	}
});
