// The widgets pages are made of: status and countdown badges, a paged
// table, sections and definition lists, the receipt print.

import { h, add, clear, scrollBox, labelCells } from './dom.js';
import { get, post, qs, ApiError } from './api.js';
import { label } from './labels.js';
import { showError, flash } from './ui.js';
import { focusHeading } from './router.js';

export function statusBadge(p) {
	return h('span', { class: 'badge st-' + p.status }, label('problemStatus', p.status));
}

// Working days left to a deadline, or how many it is late, as the server's calendar
// counts them (workdays_left); null when there is no countdown: the date alone.
export function workdaysBadge(due, left, soon = 3) {
	if (!due) return h('span', { class: 'muted' }, '—');
	if (left === null || left === undefined) return h('span', { class: 'muted' }, due);
	const title = '期限 ' + due;
	if (left < 0)
		return h('span', { class: 'badge overdue', title }, `已逾期 ${-left} 个工作日`);
	return h(
		'span',
		{ class: 'badge ' + (left <= soon ? 'soon' : 'ok'), title },
		left === 0 ? '今日到期' : `剩 ${left} 个工作日`,
	);
}

// A problem's countdown while it is worked on; its deadline otherwise.
export function countdown(p) {
	if (p.overdue && p.workdays_left === 0)
		return h('span', { class: 'badge overdue', title: '期限 ' + p.due_on }, '已逾期');
	return workdaysBadge(p.due_on, p.workdays_left);
}

export function flagMark(p) {
	if (!p.flagged) return null;
	return h(
		'span',
		{ class: 'badge flag', title: p.flag_due_on ? '挂牌期限 ' + p.flag_due_on : '' },
		p.delisted ? '已摘牌' : '挂牌',
	);
}

// One step of a way through stages: done (✓), now (（当前）) or still to come; told in
// words and marks, not by its colour alone.
export function stageStep(text, state, bad = false) {
	return h(
		'li',
		{
			class: [state, bad ? 'bad' : ''].join(' ').trim() || null,
			'aria-current': state === 'now' ? 'step' : null,
		},
		state === 'done' ? h('span', { 'aria-hidden': 'true' }, '✓ ') : null,
		text,
		state === 'done' ? h('span', { class: 'sr-only' }, '（已完成）') : null,
		state === 'now' ? '（当前）' : null,
	);
}

// A table whose rows come a page at a time, with a "more" button; @p name names it.
export function pagedTable(path, params, head, row, empty = '暂无记录', name = '列表') {
	const tbody = h('tbody');
	const more = h('button', { type: 'button', class: 'secondary' }, '加载更多');
	const note = h('p', { class: 'muted', role: 'status' });
	const table = h(
		'div',
		scrollBox(name),
		h(
			'table',
			{ class: 'cards' },
			h(
				'thead',
				{},
				h(
					'tr',
					{},
					head.map((t) => h('th', { scope: 'col' }, t)),
				),
			),
			tbody,
		),
	);
	let cursor = null;
	let count = 0;
	async function load() {
		more.disabled = true;
		try {
			const page = await get(
				path + qs(Object.assign({}, params, { cursor, limit: 50 })),
			);
			for (const it of page.items) tbody.appendChild(row(it));
			labelCells(tbody.closest('table'));
			count += page.items.length;
			cursor = page.next;
			more.hidden = !cursor;
			note.textContent = count
				? `已显示 ${count} 条${cursor ? '' : '，全部'}`
				: empty;
		} catch (e) {
			showError(e);
		} finally {
			more.disabled = false;
		}
	}
	more.addEventListener('click', load);
	load();
	return {
		el: h('div', {}, table, note, more),
		tbody,
		reload: () => {
			clear(tbody);
			cursor = null;
			count = 0;
			return load();
		},
	};
}

export function section(title, ...body) {
	return h('section', { class: 'card' }, h('h2', {}, title), ...body);
}

export function dl(pairs) {
	return h(
		'dl',
		{ class: 'kv' },
		pairs
			.filter((p) => p && p[1] !== null && p[1] !== undefined && p[1] !== '')
			.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
	);
}

// Print one receipt alone, for the opinion giver to keep.
export function printReceipt(box) {
	box.classList.add('printing');
	document.body.classList.add('print-receipt');
	const done = () => {
		box.classList.remove('printing');
		document.body.classList.remove('print-receipt');
		window.removeEventListener('afterprint', done);
	};
	window.addEventListener('afterprint', done);
	window.print();
}

let foldSeq = 0;

// A filter form that folds under a 筛选 button on narrow screens (app.css): the button and
// the form, in a box.
export function foldedFilters(form) {
	if (!form.id) form.id = 'filters' + ++foldSeq;
	const box = h('div', { class: 'filter-box' });
	const toggle = h(
		'button',
		{
			type: 'button',
			class: 'secondary filter-toggle',
			'aria-expanded': 'false',
			'aria-controls': form.id,
		},
		'筛选',
	);
	toggle.addEventListener('click', () => {
		const open = toggle.getAttribute('aria-expanded') !== 'true';
		toggle.setAttribute('aria-expanded', String(open));
		box.classList.toggle('open', open);
	});
	return add(box, toggle, form);
}

/**
 * Load a record's page: the first visit says that it loads; a reload after an action keeps
 * the page shown until the new one is ready. Returns what @p load returns.
 */
export async function loadRecord(main, load) {
	const loading = main.firstChild
		? null
		: h('p', { class: 'loading', role: 'status' }, '加载中…');
	add(main, loading);
	main.setAttribute('aria-busy', 'true');
	try {
		return await load();
	} finally {
		main.removeAttribute('aria-busy');
		if (loading) loading.remove();
	}
}

/**
 * The step of a record's page: post @p body to @p path, then draw the page again with
 * @p redraw and say @p msg. A step refused because the record changed meanwhile (409, or
 * when @p changed says so) draws the record as it is now before the error is shown;
 * @p mapError may turn the error into another (a field error) before it is thrown.
 */
export function recordStep(redraw, { changed, mapError } = {}) {
	return async (path, body, msg) => {
		try {
			await post(path, body);
		} catch (e) {
			if (e instanceof ApiError && (changed ? changed(e) : e.status === 409)) {
				await redraw();
				focusHeading();
			}
			throw mapError ? mapError(e) : e;
		}
		await redraw();
		flash(msg);
		focusHeading();
	};
}
