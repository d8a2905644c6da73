// Backup while serving, and restore: `wubiao backup` runs three times while clients keep
// writing; each copy must open, pass PRAGMA integrity_check and `wubiao audit verify`, and
// hold every write acknowledged before it started. Then the server is killed (leaving its
// WAL behind), the last copy is restored over the live file with
// `wubiao backup --db COPY --to LIVE`, and the server must serve from it.
// Prints TAP lines and a last line "backup: N passed, N failed".
//
//   node tests/crash/backup.mjs [--bin build/wubiao]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const i = args.indexOf('--bin');
const BIN = path.resolve(i >= 0 ? args[i + 1] : process.env.WUBIAO_BIN || 'build/wubiao');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wubiao-backup-'));
const live = path.join(tmp, 'live.db');
const portFile = path.join(tmp, 'port');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let n = 0,
	failed = 0;
function check(ok, what) {
	n++;
	if (!ok) failed++;
	console.log(`${ok ? 'ok' : 'not ok'} ${n} - ${what}`);
	return ok;
}

function run(argv) {
	const r = spawnSync(BIN, argv, {
		encoding: 'utf8',
		env: { ...process.env, WUBIAO_LOG: 'warn' },
	});
	return { status: r.status, out: (r.stdout || '') + (r.stderr || '') };
}
// Run without blocking the event loop, so the clients keep writing meanwhile.
function runAsync(argv) {
	return new Promise((resolve) => {
		const p = spawn(BIN, argv, { env: { ...process.env, WUBIAO_LOG: 'warn' } });
		let out = '';
		p.stdout.on('data', (d) => {
			out += d;
		});
		p.stderr.on('data', (d) => {
			out += d;
		});
		p.on('exit', (status) => resolve({ status, out }));
	});
}
function sql(db, q) {
	const r = spawnSync('sqlite3', ['-batch', db, q], { encoding: 'utf8' });
	return (r.stdout || '').trim() + (r.status ? ` (sqlite3 failed: ${r.stderr})` : '');
}

let server = null,
	base = '';
async function start() {
	fs.rmSync(portFile, { force: true });
	server = spawn(
		BIN,
		[
			'serve',
			'--db',
			live,
			'--listen',
			'127.0.0.1:0',
			'--port-file',
			portFile,
			'--sweep-minutes',
			'0',
		],
		{ stdio: 'ignore', env: { ...process.env, WUBIAO_LOG: 'warn' } },
	);
	server.exited = new Promise((r) => server.once('exit', r));
	for (let k = 0; k < 1000 && !fs.existsSync(portFile); k++) await sleep(10);
	base = `http://127.0.0.1:${fs.readFileSync(portFile, 'utf8').trim()}`;
}

const tokens = {};
async function call(method, url, who, body) {
	try {
		const res = await fetch(base + '/api/v1' + url, {
			method,
			headers: {
				'Content-Type': 'application/json',
				...(who ? { Authorization: `Bearer ${tokens[who]}` } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		let json = null;
		try {
			json = JSON.parse(text);
		} catch {
			/* not JSON */
		}
		return { status: res.status, json, text };
	} catch (e) {
		return { status: 0, text: String(e) };
	}
}

async function main() {
	let r = run(['demo', '--db', live, '--logins', path.join(tmp, 'logins.txt')]);
	if (!check(r.status === 0, 'wubiao demo')) throw new Error(r.out);
	const logins = fs
		.readFileSync(path.join(tmp, 'logins.txt'), 'utf8')
		.trim()
		.split('\n')
		.map((l) => l.split('\t'));
	await start();
	for (const [name, role] of [
		['admin', 'admin'],
		['point', 'point'],
		['unit', 'unit'],
	]) {
		const row = logins.find((l) => l[1] === role);
		const s = await call('POST', '/session', null, {
			username: row[0],
			password: row[3],
		});
		tokens[name] = s.json.token;
		if (name === 'unit') tokens.unitId = s.json.user.unit_id;
	}
	const acked = [];
	let stop = false,
		errors = 0;
	const client = async (c) => {
		for (let k = 0; !stop; k++) {
			const o = await call('POST', '/opinions', 'point', {
				target_unit_id: tokens.unitId,
				dimension: 'efficiency',
				source: 'public',
				channel: 'questionnaire',
				content: `备份测试 client ${c} opinion ${k}`,
			});
			if (o.status === 201) acked.push(o.json.id);
			else errors++;
		}
	};
	const clients = [0, 1, 2, 3].map(client);
	await sleep(300);
	const copies = [];
	let duringAll = 0;
	for (let k = 1; k <= 3; k++) {
		const copy = path.join(tmp, `copy${k}.db`);
		const before = acked.slice();
		const during = acked.length;
		r = await runAsync(['backup', '--db', live, '--to', copy]);
		check(
			r.status === 0 && /integrity ok, audit log intact/.test(r.out),
			`backup ${k} while serving: ${r.out.trim()}`,
		);
		duringAll += acked.length - during;
		check(
			sql(copy, 'PRAGMA integrity_check') === 'ok',
			`backup ${k}: PRAGMA integrity_check ok`,
		);
		const av = run(['audit', 'verify', '--db', copy]);
		check(av.status === 0, `backup ${k}: wubiao audit verify: ${av.out.trim()}`);
		const ids = new Set(sql(copy, 'SELECT id FROM opinions').split('\n').map(Number));
		const lost = before.filter((id) => !ids.has(id));
		check(
			lost.length === 0,
			`backup ${k}: all ${before.length} opinions acknowledged before it are in the copy (missing: ${lost.slice(0, 5)})`,
		);
		copies.push(copy);
		await sleep(200);
	}
	stop = true;
	await Promise.all(clients);
	check(
		duringAll > 0,
		`the clients went on writing during the backups (${duringAll} opinions acknowledged while they ran)`,
	);
	check(
		errors === 0,
		`the clients' writes all succeeded (${acked.length} opinions, ${errors} errors)`,
	);

	// A crash leaves the live file's WAL behind; the restore must not mix it in.
	server.kill('SIGKILL');
	await server.exited;
	check(fs.existsSync(live + '-wal'), 'the killed server left a WAL behind');
	const copy = copies[copies.length - 1];
	const want = sql(copy, 'SELECT count(*), max(id) FROM opinions');
	r = run(['backup', '--db', copy, '--to', live]);
	check(r.status === 0, `restore: wubiao backup --db COPY --to LIVE: ${r.out.trim()}`);
	check(
		sql(live, 'SELECT count(*), max(id) FROM opinions') === want,
		`restore: the live file holds the copy's opinions (${want})`,
	);
	r = run(['backup', '--db', live, '--to', live]);
	check(r.status === 2, 'backup refuses to copy a file onto itself');

	await start();
	const id = Number(want.split('|')[1]);
	const g = await call('GET', `/opinions/${id}`, 'admin');
	check(
		g.status === 200 && g.json.id === id,
		`served from the restored file: GET /opinions/${id} is ${g.status}`,
	);
	const p = await call('POST', '/opinions', 'point', {
		target_unit_id: tokens.unitId,
		dimension: 'conduct',
		source: 'public',
		channel: 'forum',
		content: '恢复后的第一条意见',
	});
	check(
		p.status === 201 && p.json.id > id,
		`a write after the restore: POST /opinions is ${p.status}`,
	);
	const v = await call('GET', '/audit/verify', 'admin');
	check(
		v.status === 200 && v.json.ok === true,
		`GET /audit/verify after the restore: ${v.text}`,
	);
	server.kill('SIGTERM');
	await server.exited;
}

main()
	.catch((e) => check(false, e.stack || String(e)))
	.finally(() => {
		if (server && server.exitCode === null) server.kill('SIGKILL');
		if (failed === 0 && !process.env.WUBIAO_KEEP_TMP)
			fs.rmSync(tmp, { recursive: true, force: true });
		else console.log(`# kept ${tmp}`);
		console.log(`backup: ${n - failed} passed, ${failed} failed`);
		process.exit(failed ? 1 : 0);
	});
