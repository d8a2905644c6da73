// The crash test: a mixed write load from several clients against `wubiao serve`, the
// server killed with SIGKILL at random moments and restarted, and after every restart:
//   - every write a client saw acknowledged (2xx, with the id it got) is in the database;
//   - nothing is half-applied: each problem's opinion_count equals its merged opinions,
//     its status is the to_status of its last event, an opinion is merged exactly when it
//     has a problem, and every opinion and problem has its creating event;
//   - `wubiao audit verify` passes and PRAGMA integrity_check is ok.
// Prints one TAP line per kill ("ok N - ...") and a last line "crash: N passed, N failed".
//
//   node tests/crash/crash.mjs [--bin build/wubiao] [--kills 50] [--clients 4] [--seed N]
// The sqlite3 command-line shell reads the database for the checks.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : dflt;
};
const BIN = path.resolve(opt('bin', process.env.WUBIAO_BIN || 'build/wubiao'));
const KILLS = Number(opt('kills', 50));
const CLIENTS = Number(opt('clients', 4));
const SEED = Number(opt('seed', Date.now() % 100000));
let seed = SEED;

// A small PRNG for the moments of the kills, so that a failing run can be retried with
// --seed (the moments repeat; the threads' interleaving does not).
function rnd() {
	seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
	return seed / 4294967296;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wubiao-crash-'));
const db = path.join(tmp, 'crash.db');
const portFile = path.join(tmp, 'port');
const logFile = path.join(tmp, 'server.log');

function run(cmd, argv, input) {
	const r = spawnSync(cmd, argv, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
	return { status: r.status, out: (r.stdout || '') + (r.stderr || '') };
}

function sql(text) {
	const r = run('sqlite3', ['-batch', '-bail', db], text);
	if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.out}`);
	return r.out.trim();
}

// ---- the server ----

let server = null;
let base = '';
let up = false;

async function start() {
	fs.rmSync(portFile, { force: true });
	const log = fs.openSync(logFile, 'a');
	server = spawn(
		BIN,
		[
			'serve',
			'--db',
			db,
			'--listen',
			'127.0.0.1:0',
			'--port-file',
			portFile,
			'--threads',
			'4',
			'--sweep-minutes',
			'0',
			'--public-rate',
			'100000',
		],
		{ stdio: ['ignore', log, log], env: { ...process.env, WUBIAO_LOG: 'warn' } },
	);
	fs.closeSync(log);
	const exited = new Promise((r) => server.once('exit', (code, sig) => r({ code, sig })));
	server.exited = exited;
	for (let i = 0; i < 1000; i++) {
		if (fs.existsSync(portFile)) {
			base = `http://127.0.0.1:${fs.readFileSync(portFile, 'utf8').trim()}`;
			up = true;
			return;
		}
		if (server.exitCode !== null) break;
		await sleep(10);
	}
	throw new Error(`the server did not start; log:\n${fs.readFileSync(logFile, 'utf8')}`);
}

async function kill() {
	up = false;
	server.kill('SIGKILL');
	await server.exited;
}

// ---- HTTP ----

const tokens = {};

// @return {status, json} or {status: 0} when the outcome is unknown (no answer).
async function call(method, url, who, body) {
	if (!up) return { status: 0 };
	const headers = { 'Content-Type': 'application/json' };
	if (who) headers.Authorization = `Bearer ${tokens[who]}`;
	try {
		const res = await fetch(base + '/api/v1' + url, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(10000),
		});
		const text = await res.text();
		let json = null;
		try {
			json = JSON.parse(text);
		} catch {
			/* not JSON */
		}
		return { status: res.status, json, text };
	} catch {
		return { status: 0 };
	}
}

// ---- the clients ----

const acked = { opinions: [], merges: [], stages: [] }; // what clients saw acknowledged
const unexpected = []; // answers that are wrong whatever happened before
let stopping = false;
let campaignId = 0;
let unitId = 0;

function note(what, r) {
	if (r.status >= 500) unexpected.push(`${what}: ${r.status} ${r.text}`);
}

async function client(c) {
	const point = `point${c % 2}`;
	let fresh = []; // acknowledged opinions of this client not yet merged
	let problem = 0; // the problem being taken through its stages
	let stage = 0; // 0 open, 1 dispatched, 2 acknowledged
	let n = 0;
	while (!stopping) {
		if (!up) {
			await sleep(20);
			continue;
		}
		n++;
		const content = `崩溃测试 client ${c} opinion ${n} seed ${SEED}`;
		const o = await call('POST', '/opinions', point, {
			target_unit_id: unitId,
			campaign_id: campaignId,
			dimension: 'conduct',
			source: 'public',
			channel: 'forum',
			content,
		});
		note('POST /opinions', o);
		if (o.status === 201) {
			acked.opinions.push({ id: o.json.id, content });
			fresh.push(o.json.id);
		}
		if (problem === 0 && fresh.length >= 2) {
			const ids = fresh.splice(0, 2);
			const p = await call('POST', '/problems', 'admin', {
				campaign_id: campaignId,
				target_unit_id: unitId,
				dimension: 'conduct',
				title: `崩溃测试 client ${c} problem ${n}`,
				opinion_ids: ids,
			});
			note('POST /problems', p);
			if (p.status === 201) {
				problem = p.json.id;
				stage = 0;
				for (const id of ids) acked.merges.push({ pid: problem, oid: id });
				acked.stages.push({ pid: problem, kind: 'problem.create' });
			}
			continue;
		}
		if (problem && fresh.length && rnd() < 0.5) {
			const id = fresh.shift();
			const m = await call('POST', `/problems/${problem}/opinions`, 'admin', {
				opinion_ids: [id],
			});
			note('merge', m);
			if (m.status === 200) {
				acked.merges.push({ pid: problem, oid: id });
				acked.stages.push({ pid: problem, kind: 'problem.merge' });
			} else if (m.status === 0) {
				problem = 0; // its state is unknown now: start another one
			}
			continue;
		}
		if (problem) {
			const step = [
				['dispatch', 'admin', { unit_id: unitId }],
				['acknowledge', 'unit', {}],
				['feedback', 'unit', { reply: '已研究', plan: '限期整改' }],
			][stage];
			const s = await call(
				'POST',
				`/problems/${problem}/${step[0]}`,
				step[1],
				step[2],
			);
			note(step[0], s);
			if (s.status === 200) {
				acked.stages.push({ pid: problem, kind: `problem.${step[0]}` });
				stage++;
				if (stage === 3) problem = 0;
			} else {
				problem = 0;
			}
		}
	}
}

// ---- the checks ----

function checks() {
	const errs = [];
	const ic = sql('PRAGMA integrity_check;');
	if (ic !== 'ok') errs.push(`integrity_check: ${ic}`);
	const av = run(BIN, ['audit', 'verify', '--db', db]);
	if (av.status !== 0) errs.push(`audit verify: ${av.out.trim()}`);
	// Snapshot what was acknowledged before the queries start: all of it was committed.
	const ops = acked.opinions.slice(),
		merges = acked.merges.slice(),
		stages = acked.stages.slice();
	const rows = (list, f) => list.map(f).join(',') || 'SELECT NULL WHERE 0';
	const q = `
CREATE TEMP TABLE a_op(id INTEGER, content TEXT);
CREATE TEMP TABLE a_merge(pid INTEGER, oid INTEGER);
CREATE TEMP TABLE a_stage(pid INTEGER, kind TEXT);
${ops.length ? `INSERT INTO a_op VALUES ${rows(ops, (x) => `(${Number(x.id)},'${x.content}')`)};` : ''}
${merges.length ? `INSERT INTO a_merge VALUES ${rows(merges, (x) => `(${Number(x.pid)},${Number(x.oid)})`)};` : ''}
${stages.length ? `INSERT INTO a_stage VALUES ${rows(stages, (x) => `(${Number(x.pid)},'${x.kind}')`)};` : ''}
SELECT 'lost opinions', count(*) FROM a_op a WHERE NOT EXISTS
  (SELECT 1 FROM opinions o WHERE o.id = a.id AND o.content = a.content);
SELECT 'lost merges', count(*) FROM a_merge m WHERE NOT EXISTS
  (SELECT 1 FROM opinions o WHERE o.id = m.oid AND o.problem_id = m.pid AND o.status = 'merged');
SELECT 'lost stage changes', count(*) FROM a_stage s WHERE NOT EXISTS
  (SELECT 1 FROM events e WHERE e.subject_type = 'problem' AND e.subject_id = s.pid AND e.kind = s.kind);
SELECT 'opinion_count not its opinions', count(*) FROM problems p
  WHERE p.opinion_count <> (SELECT count(*) FROM opinions o WHERE o.problem_id = p.id);
SELECT 'status not its last event', count(*) FROM problems p WHERE p.status IS NOT
  (SELECT e.to_status FROM events e WHERE e.subject_type = 'problem' AND e.subject_id = p.id
     AND e.to_status IS NOT NULL ORDER BY e.id DESC LIMIT 1);
SELECT 'merged without a problem or the reverse', count(*) FROM opinions
  WHERE (status = 'merged') <> (problem_id IS NOT NULL);
SELECT 'opinions without their event', count(*) FROM opinions o WHERE NOT EXISTS
  (SELECT 1 FROM events e WHERE e.subject_type = 'opinion' AND e.subject_id = o.id AND e.kind = 'opinion.create');
SELECT 'problems without their event', count(*) FROM problems p WHERE NOT EXISTS
  (SELECT 1 FROM events e WHERE e.subject_type = 'problem' AND e.subject_id = p.id AND e.kind = 'problem.create');
`;
	for (const line of sql(q).split('\n')) {
		const [what, count] = line.split('|');
		if (Number(count) !== 0) errs.push(`${what}: ${count}`);
	}
	return { errs, writes: ops.length + merges.length + stages.length };
}

// ---- the run ----

async function main() {
	let r = run(BIN, [
		'demo',
		'--db',
		db,
		'--logins',
		path.join(tmp, 'logins.txt'),
		'--seed',
		'1',
	]);
	if (r.status !== 0) throw new Error(`wubiao demo failed: ${r.out}`);
	const logins = fs
		.readFileSync(path.join(tmp, 'logins.txt'), 'utf8')
		.trim()
		.split('\n')
		.map((l) => l.split('\t'));
	const byRole = (role) => logins.filter((l) => l[1] === role);
	await start();
	const login = async (name, row) => {
		const s = await call('POST', '/session', null, {
			username: row[0],
			password: row[3],
		});
		if (s.status !== 200) throw new Error(`login ${row[0]}: ${s.status} ${s.text}`);
		tokens[name] = s.json.token;
		return s.json.user;
	};
	await login('admin', byRole('admin')[0]);
	await login('point0', byRole('point')[0]);
	await login('point1', byRole('point')[1]);
	const unit = await login('unit', byRole('unit')[0]);
	unitId = unit.unit_id;
	const camps = await call('GET', '/campaigns', 'admin');
	campaignId = camps.json.items[0].id;

	const workers = [];
	for (let c = 0; c < CLIENTS; c++) workers.push(client(c));
	let passed = 0,
		failed = 0,
		before = 0;
	for (let k = 1; k <= KILLS; k++) {
		await sleep(150 + rnd() * 600);
		await kill();
		await start();
		const { errs, writes } = checks();
		if (unexpected.length) errs.push(...unexpected.splice(0));
		if (errs.length === 0) {
			passed++;
			console.log(
				`ok ${k} - kill ${k}: ${writes} acknowledged writes (${writes - before} new) all present, nothing half-applied, audit and integrity ok`,
			);
		} else {
			failed++;
			console.log(`not ok ${k} - kill ${k} (seed ${SEED}): ${errs.join('; ')}`);
		}
		before = writes;
	}
	stopping = true;
	await Promise.all(workers);
	const kinds = {};
	for (const s of acked.stages) kinds[s.kind] = (kinds[s.kind] || 0) + 1;
	console.log(
		`# acknowledged: ${acked.opinions.length} opinions, ${acked.merges.length} merged opinions, ` +
			Object.entries(kinds)
				.map(([k, v]) => `${v} ${k}`)
				.join(', '),
	);
	if (acked.opinions.length < KILLS) {
		failed++;
		console.log(
			`not ok ${KILLS + 1} - only ${acked.opinions.length} opinions were acknowledged in ${KILLS} rounds`,
		);
	}
	server.kill('SIGTERM');
	const ex = await server.exited;
	if (ex.code !== 0) {
		failed++;
		console.log(
			`not ok ${KILLS + 2} - the server did not stop cleanly on SIGTERM (${ex.code} ${ex.sig})`,
		);
	}
	if (failed === 0 && !process.env.WUBIAO_KEEP_TMP)
		fs.rmSync(tmp, { recursive: true, force: true });
	else console.log(`# kept ${tmp}`);
	console.log(`crash: ${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main().catch((e) => {
	console.log(`not ok 1 - ${e.stack || e}`);
	console.log('crash: 0 passed, 1 failed');
	if (server) server.kill('SIGKILL');
	process.exit(1);
});
