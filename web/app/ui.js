// Shared state of the pages: the signed-in user and the server's facts,
// look-ups of units and campaigns, messages, form submission with field errors.

import { h, clear } from './dom.js';
import { get, all, message, ApiError } from './api.js';
import { label } from './labels.js';
import { zhField } from './messages.js';

export const app = {
	user: null, // {id, username, display_name, role, unit_id}
	units: new Map(), // id → unit
	campaigns: [],
	permissions: [], // what the user's role may do, as the server says
	problemPath: [], // a problem's states in order, as the server says
	clock: null, // the server's clock: {offset: ms ahead of this browser, zone: '+08:00'}
};

export function role() {
	return app.user ? app.user.role : null;
}

// Take the user and the server's facts from GET or POST /session.
export function setSession(s) {
	app.user = s ? s.user : null;
	app.permissions = s ? s.permissions : [];
	app.problemPath = s ? s.problem_path : [];
	app.clock = s
		? { offset: Date.parse(s.now) - Date.now(), zone: s.now.slice(19) || 'Z' }
		: null;
}

export function may(permission) {
	return app.permissions.includes(permission);
}

// The district's date and time now, from the server's clock and time zone (not the
// browser's): 'YYYY-MM-DDTHH:MM', with the zone in app.clock.zone.
export function nowLocal() {
	const c = app.clock || { offset: 0, zone: 'Z' };
	const m = /^([+-])(\d{2}):(\d{2})$/.exec(c.zone);
	const zoneMs = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60000 : 0;
	return new Date(Date.now() + c.offset + zoneMs).toISOString().slice(0, 16);
}

// The district's date today.
export function today() {
	return nowLocal().slice(0, 10);
}

// A 'YYYY-MM-DDTHH:MM' time of the district as RFC 3339 with its offset.
export function districtTime(local) {
	return `${local.length === 16 ? local + ':00' : local}${app.clock ? app.clock.zone : 'Z'}`;
}

export async function loadDirectory() {
	app.units.clear();
	const units =
		app.user && app.user.role !== 'unit'
			? await all('/units')
			: await get('/public/units').then((r) => r.items);
	for (const u of units) app.units.set(u.id, u);
	app.campaigns = app.user ? await all('/campaigns') : [];
}

export function unitName(id) {
	if (id === null || id === undefined) return '';
	const u = app.units.get(id);
	if (u) return u.name;
	if (app.user && id === app.user.unit_id && app.user.unit_name) return app.user.unit_name;
	return '单位' + id;
}

export function responsibleUnits() {
	return [...app.units.values()].filter(
		(u) => u.kind === 'department' || u.kind === 'street',
	);
}

// The campaign running today, else the latest one.
export function currentCampaign() {
	const t = today();
	const c = app.campaigns.find(
		(c) =>
			c.phases.length &&
			c.phases[0].starts_on <= t &&
			t <= c.phases[c.phases.length - 1].ends_on,
	);
	return c || app.campaigns[app.campaigns.length - 1] || null;
}

/* ---- messages ---- */

export function flash(text, kind = 'ok') {
	const box = document.getElementById('msg');
	clear(
		box,
		h(
			'div',
			{ class: 'flash ' + kind },
			text,
			h(
				'button',
				{
					type: 'button',
					class: 'link close',
					'aria-label': '关闭提示',
					onclick: () => clear(box),
				},
				'×',
			),
		),
	);
	if (kind === 'error') box.scrollIntoView({ block: 'nearest' });
}

export function clearFlash() {
	clear(document.getElementById('msg'));
}

// Show a failed request: the general message on top, each field's message
// under its control when the form has it.
export function showError(err, form) {
	// The login ended (expired, or ended elsewhere): the login page, and back here after.
	if (err instanceof ApiError && err.status === 401 && app.user) {
		setSession(null);
		localStorage.removeItem('signed-in');
		sessionStorage.setItem('after-login', location.hash);
		sessionStorage.setItem('login-ended', '1');
		location.hash = '#/login';
		return;
	}
	const names = {};
	const fields =
		err instanceof ApiError && Array.isArray(err.body.errors) ? err.body.errors : [];
	if (form) {
		for (const el of form.querySelectorAll('.field-error')) clear(el);
		for (const fe of fields) {
			const ctl = form.querySelector(`[name="${CSS.escape(fe.field)}"]`);
			const lab =
				ctl &&
				ctl.id &&
				form.querySelector(`label[for="${CSS.escape(ctl.id)}"]`);
			if (lab) names[fe.field] = `“${lab.textContent.trim()}”`;
			const slot = ctl && document.getElementById(ctl.id + '-err');
			if (slot) {
				slot.textContent = zhField(fe);
				ctl.setAttribute('aria-invalid', 'true');
			}
		}
	}
	flash(message(err, names), 'error');
	const bad = form && form.querySelector('[aria-invalid=true]');
	if (bad) bad.focus();
}

// Wire a form: on submit run fn(form), with the submit buttons disabled
// while it runs; errors land in the message area and under the fields.
export function onSubmit(form, fn) {
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearFlash(); // an earlier message no longer applies
		const buttons = form.querySelectorAll('button[type=submit]');
		buttons.forEach((b) => (b.disabled = true));
		for (const el of form.querySelectorAll('[aria-invalid]'))
			el.removeAttribute('aria-invalid');
		for (const el of form.querySelectorAll('.field-error')) clear(el);
		try {
			await fn(form, ev.submitter);
		} catch (e) {
			showError(e, form);
		} finally {
			buttons.forEach((b) => (b.disabled = false));
		}
	});
	return form;
}
