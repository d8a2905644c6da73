// Runs the browser tests: node tests/web/run.mjs [FILTER]
//
// Builds nothing: uses $WUBIAO_BIN or build/wubiao. Creates a demo district in a fresh temp
// dir, serves it on a free port of 127.0.0.1 with --web web, drives Debian's chromium with
// playwright-core, runs every tests/web/*.test.mjs (only tests whose name contains FILTER,
// when given), and ends with the line "web: N passed, N failed". Exit 0 when all passed.
// Without chromium or playwright-core the suite is skipped, or failed when CI=true.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, logins, parseLogins, tests, shot, ROOT, SHOTS } from './lib.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const BIN = process.env.WUBIAO_BIN || join(ROOT, 'build', 'wubiao');
const filter = process.argv[2] || '';
const ci = process.env.CI === 'true';

function unavailable(why) {
	if (ci) {
		console.log(`not ok 1 - web: ${why}`);
		console.log('web: 0 passed, 1 failed');
		process.exit(1);
	}
	console.log(`ok 1 # SKIP web: ${why}`);
	console.log('web: 0 passed, 0 failed, 1 skipped');
	process.exit(0);
}

let chromium;
try {
	({ chromium } = await import('playwright-core'));
} catch (e) {
	unavailable(`playwright-core is not installed (npm ci): ${e.message}`);
}
if (!existsSync(CHROMIUM)) unavailable(`${CHROMIUM} is missing (apt-get install chromium)`);
if (!existsSync(BIN)) {
	console.log(`web: ${BIN} is missing (make)`);
	console.log('web: 0 passed, 1 failed');
	process.exit(1);
}

let server = null;
let browser = null;
let dir = '';

function cleanup() {
	if (server && server.exitCode === null && server.signalCode === null) {
		try {
			server.kill('SIGTERM');
		} catch {
			/* gone */
		}
	}
	server = null;
	if (dir && !process.env.WEB_KEEP) {
		try {
			rmSync(dir, { recursive: true, force: true });
		} catch {
			/* best effort */
		}
	}
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
	process.on(sig, async () => {
		try {
			await browser?.close();
		} catch {
			/* gone */
		}
		cleanup();
		process.exit(130);
	});

function withTimeout(promise, ms, what) {
	let timer;
	return Promise.race([
		promise,
		new Promise((_, reject) => {
			timer = setTimeout(
				() => reject(new Error(`${what}: timed out after ${ms} ms`)),
				ms,
			);
		}),
	]).finally(() => clearTimeout(timer));
}

async function startServer() {
	dir = mkdtempSync(join(tmpdir(), 'wubiao-web-'));
	env.dir = dir;
	env.db = join(dir, 'wubiao.db');
	const logFile = join(dir, 'logins.txt');
	env.key = join(dir, 'wubiao.key');
	for (const args of [
		['init', '--db', env.db, '--key-file', env.key],
		['demo', '--db', env.db, '--key-file', env.key, '--logins', logFile],
	]) {
		const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: 120000 });
		if (r.status !== 0)
			throw new Error(
				`wubiao ${args[0]} failed (${r.status ?? r.signal}): ${r.stderr}${r.stdout}`,
			);
	}
	Object.assign(logins, parseLogins(readFileSync(logFile, 'utf8')));
	const portFile = join(dir, 'port');
	server = spawn(
		BIN,
		[
			'serve',
			'--db',
			env.db,
			'--listen',
			'127.0.0.1:0',
			'--port-file',
			portFile,
			'--web',
			join(ROOT, 'web'),
			'--key-file',
			env.key,
		],
		{ stdio: ['ignore', 'ignore', 'pipe'] },
	);
	let stderr = '';
	server.stderr.on('data', (d) => {
		stderr = (stderr + d).slice(-4000);
	});
	const deadline = Date.now() + 15000;
	while (!existsSync(portFile)) {
		if (server.exitCode !== null || server.signalCode !== null)
			throw new Error(`wubiao serve exited: ${stderr}`);
		if (Date.now() > deadline) throw new Error(`wubiao serve did not start: ${stderr}`);
		await new Promise((r) => setTimeout(r, 50));
	}
	env.baseURL = `http://127.0.0.1:${readFileSync(portFile, 'utf8').trim()}`;
}

async function runOne(t) {
	const context = await browser.newContext({
		baseURL: env.baseURL,
		locale: 'zh-CN',
		viewport: { width: 1280, height: 800 },
	});
	const page = await context.newPage();
	const errors = [];
	const failed = [];
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(m.text());
	});
	page.on('pageerror', (e) => errors.push(String(e)));
	page.on('requestfailed', (r) =>
		failed.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`),
	);
	page.on('response', (r) => {
		if (r.status() >= 400)
			failed.push(`${r.request().method()} ${r.url()}: ${r.status()}`);
	});
	page.setDefaultTimeout(Math.min(10000, t.timeout));
	try {
		await withTimeout(
			t.fn({ page, context, errors, failed, baseURL: env.baseURL }),
			t.timeout,
			t.name,
		);
		return null;
	} catch (e) {
		let where = '';
		try {
			where = await withTimeout(shot(page, 'fail-' + t.name), 5000, 'screenshot');
		} catch {
			/* page gone */
		}
		return { error: e, where, errors, failed, url: page.url() };
	} finally {
		await withTimeout(context.close(), 5000, 'close').catch(() => {});
	}
}

let pass = 0;
let fail = 0;
try {
	// The failure screenshots of an earlier run would only mislead.
	if (existsSync(SHOTS))
		for (const f of readdirSync(SHOTS).filter((n) => n.startsWith('fail-')))
			rmSync(join(SHOTS, f));
	const files = readdirSync(new URL('.', import.meta.url))
		.filter((f) => f.endsWith('.test.mjs'))
		.sort();
	for (const f of files) await import(new URL(f, import.meta.url));
	await startServer();
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
		],
	});
	env.browser = browser;
	let n = 0;
	for (const t of tests) {
		if (filter && !t.name.includes(filter)) continue;
		n++;
		const t0 = Date.now();
		const r = await runOne(t);
		const ms = Date.now() - t0;
		if (!r) {
			pass++;
			console.log(`ok ${n} - ${t.name} (${ms} ms)`);
			continue;
		}
		fail++;
		console.log(`not ok ${n} - ${t.name} (${ms} ms)`);
		console.log(
			`  # ${String(r.error?.stack || r.error)
				.replace(/\x1b\[[0-9;]*m/g, '')
				.split('\n')
				.slice(0, 6)
				.join('\n  # ')}`,
		);
		console.log(`  # at ${r.url}`);
		if (r.where) console.log(`  # screenshot: ${r.where}`);
		for (const e of r.errors.slice(0, 10)) console.log(`  # console: ${e}`);
		for (const e of r.failed.slice(0, 10)) console.log(`  # request: ${e}`);
	}
} catch (e) {
	fail++;
	console.log(`not ok - harness: ${e.stack || e}`);
} finally {
	try {
		await browser?.close();
	} catch {
		/* gone */
	}
	cleanup();
}
console.log(`web: ${pass} passed, ${fail} failed`);
process.exitCode = fail === 0 && pass > 0 ? 0 : 1;
