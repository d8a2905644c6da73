// Accessibility: every page each role can reach, and the public's, checked with axe
// (WCAG 2.0/2.1 A and AA); a serious or critical violation fails, named with its rule,
// its page and the first elements it was found on. Then the focus after a move and after
// an action, which axe does not see.
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { test, login, logins, problemIn, openProblem, openAction, JSON_HEADERS } from './lib.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// The pages behind a list, one of each kind: a problem, an opinion, a survey, its calls, a
// responsibility letter, the year's assessment, a unit's register of people, a fault case,
// a first contact and the counts of the register, a notice, its composer and its public page,
// a set of pledges and its public page.
const DETAIL = [
	/^#\/problems\/\d+$/,
	/^#\/opinions\/\d+$/,
	/^#\/surveys\/\d+$/,
	/^#\/surveys\/\d+\/call$/,
	/^#\/targets\/\d+\/\d+$/,
	/^#\/targets\/\d+\/assessment$/,
	/^#\/units\/\d+\/people$/,
	/^#\/faults\/\d+$/,
	/^#\/contacts\/\d+$/,
	/^#\/contacts\?view=counts/,
	/^#\/notices\/\d+$/,
	/^#\/notices\/new$/,
	/^#\/notices\/\d+\/edit$/,
	/^#\/public\/notices\/\d+$/,
	/^#\/pledges\/\d+(\?|$)/,
	/^#\/public\/pledges\/\d+(\?|$)/,
];

// Waits until the page shown has loaded what it shows.
async function settle(page) {
	await page.waitForFunction(() => {
		const main = document.getElementById('main');
		return (
			document.body.dataset.ready === '1' &&
			!main.hasAttribute('aria-busy') &&
			!main.textContent.includes('加载中')
		);
	});
	await page.waitForTimeout(150);
}

async function audit(page, where, found) {
	const r = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	for (const v of r.violations) {
		if (v.impact !== 'serious' && v.impact !== 'critical') continue;
		const targets = v.nodes
			.slice(0, 3)
			.map((n) => n.target.join(' '))
			.join(' | ');
		found.push(`${v.id} (${v.impact}) on ${where}: ${targets} — ${v.help}`);
	}
}

// Visits @p start, the menu's pages, and one page of each kind linked from them (and what
// @p also(hash) adds); returns the violations found and the pages seen.
async function walk(page, start, also = () => []) {
	const found = [];
	const seen = new Set();
	const queue = [...start];
	const kinds = new Set();
	while (queue.length) {
		const hash = queue.shift();
		if (seen.has(hash)) continue;
		seen.add(hash);
		await page.goto('/' + hash);
		await settle(page);
		await audit(page, hash, found);
		const hrefs = (sel) =>
			page.$$eval(sel, (as) => as.map((a) => a.getAttribute('href')));
		for (const l of also(hash)) if (!seen.has(l)) queue.push(l);
		for (const l of await hrefs('#nav a, #who a'))
			if (l !== '#/login' && !seen.has(l) && !queue.includes(l)) queue.push(l);
		for (const l of await hrefs('#main a[href^="#/"]')) {
			const k = DETAIL.findIndex((re) => re.test(l));
			if (k >= 0 && !kinds.has(k)) {
				kinds.add(k);
				queue.push(l);
			}
		}
	}
	return { found, seen: [...seen] };
}

// Prints every violation (the failure's message holds only the count).
function report(found, seen) {
	if (process.env.WEB_VERBOSE) console.log(`  # visited ${seen.join(' ')}`);
	for (const f of found) console.log(`  # axe: ${f}`);
	assert.equal(found.length, 0, `${found.length} serious violations on ${seen.length} pages`);
}

for (const role of ['admin', 'leader', 'station', 'point', 'unit', 'stats']) {
	test(
		`axe finds nothing serious on the pages of ${role}`,
		async ({ page }) => {
			await login(page, role);
			// the statistics bureau's interviewers' page of a survey, drawn or not
			const calls = (hash) =>
				role === 'stats' && /^#\/surveys\/\d+$/.test(hash)
					? [hash + '/call']
					: [];
			const { found, seen } = await walk(page, ['#/'], calls);
			assert.ok(seen.length >= 3, `visited ${seen.join(' ')}`);
			report(found, seen);
		},
		// the office's walk visits every register's pages: about 90 s here
		{ timeout: 300000 },
	);
}

test(
	'axe finds nothing serious on the public pages',
	async ({ page }) => {
		// a receipt to track
		const units = await (await page.request.get('/api/v1/public/units')).json();
		const r = await page.request.post('/api/v1/public/opinions', {
			headers: JSON_HEADERS,
			data: {
				target_unit_id: units.items[0].id,
				dimension: 'conduct',
				content: '窗口工作人员态度生硬，办事要跑好几趟',
			},
		});
		assert.equal(r.status(), 201, await r.text());
		const receipt = (await r.json()).receipt;
		const { found, seen } = await walk(page, [
			'#/public',
			'#/public/track',
			`#/public/track/${receipt}`,
			'#/public/bulletins',
			'#/public/notices',
			'#/public/pledges',
			'#/public/survey',
			'#/login',
		]);
		report(found, seen);
	},
	{ timeout: 120000 },
);

test("a move by the menu puts the focus on the new page's heading", async ({ page }) => {
	await login(page, 'admin');
	await page.locator('#nav a', { hasText: '问题台账' }).click();
	await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
	assert.equal(await page.evaluate(() => document.activeElement.textContent), '问题台账');
	await page.locator('#nav a', { hasText: '五表下载' }).click();
	await page.waitForFunction(
		() =>
			document.activeElement?.tagName === 'H1' &&
			document.title.startsWith('五表下载'),
	);
});

test('after an action the focus is on the page, not back at the start of the document', async ({
	page,
}) => {
	await login(page, 'admin');
	await openProblem(page, await problemIn(page, 'dispatched'));
	const form = await openAction(page, '问责记录');
	await form.getByLabel('说明').fill('转办后未按时签收，批评教育');
	await form.getByRole('button', { name: '记录问责' }).click();
	await page.locator('#msg .flash.ok', { hasText: '已记录问责' }).waitFor();
	await page.waitForTimeout(200);
	const at = await page.evaluate(() => {
		const a = document.activeElement;
		return a ? a.tagName + (a.closest('#msg') ? ' in #msg' : '') : 'none';
	});
	assert.ok(at === 'H1' || at.endsWith('in #msg'), `the focus is on ${at}`);
});

test('the stages of a problem say which are done and which is now, not by colour alone', async ({
	page,
}) => {
	await login(page, 'admin');
	await openProblem(page, await problemIn(page, 'answered'));
	const steps = page.locator('ol.stages li');
	const texts = await steps.allTextContents();
	assert.ok(texts[0].includes('✓') && texts[0].includes('已完成'), texts[0]);
	const now = page.locator('ol.stages li[aria-current=step]');
	assert.match(await now.textContent(), /（当前）/);
	assert.ok(!texts.at(-1).includes('✓'), texts.at(-1));
});

test(
	'axe finds nothing serious on a phone: the folded menu and filters, lists as cards',
	async ({ page }) => {
		await page.setViewportSize({ width: 390, height: 844 });
		await login(page, 'admin');
		const found = [];
		const seen = [
			'#/',
			'#/problems',
			'#/opinions',
			'#/dashboard',
			`#/problems/${await problemIn(page, 'dispatched')}`,
		];
		for (const hash of seen) {
			await page.goto('/' + hash);
			await settle(page);
			await audit(page, hash + ' (390 px)', found);
		}
		await page.getByRole('button', { name: '菜单' }).click();
		const toggle = page.locator('button.filter-toggle');
		if (await toggle.count()) await toggle.click();
		await audit(page, 'the menu and the filters open (390 px)', found);
		report(found, seen);
	},
	{ timeout: 60000 },
);
