// The JSON API client. Every failure becomes an ApiError carrying the
// server's problem details, and message() turns it into readable Chinese.

import { fieldName, zhDetail, zhField } from './messages.js';

const BASE = '/api/v1';

export class ApiError extends Error {
	constructor(status, body) {
		super((body && (body.detail || body.title)) || `HTTP ${status}`);
		this.status = status;
		this.body = body || {};
	}
}

const TITLES = {
	0: '无法连接服务器，请检查网络后重试',
	400: '填写的内容有误',
	401: '请先登录',
	403: '您无权进行此操作',
	404: '记录不存在，或不在您的查看范围内',
	409: '当前环节不允许此操作',
	413: '提交的内容过长',
	414: '请求过长',
	429: '操作过于频繁，请稍后再试',
	500: '服务器出错，请稍后再试',
	503: '服务暂时不可用，请稍后再试',
};

// The readable message of a failed request. A 400's field errors are listed
// by the name the page gives each field (names: field -> label), else the
// field's own name.
export function message(err, names = {}) {
	if (!(err instanceof ApiError))
		return '页面出错：' + (err && err.message ? err.message : String(err));
	let t = TITLES[err.status] || `请求失败（${err.status}）`;
	const retry = err.retryAfter ? `，请在 ${err.retryAfter} 秒后重试` : '';
	if (err.status === 429) t = '操作过于频繁' + (retry || '，请稍后再试');
	const fields = Array.isArray(err.body.errors) ? err.body.errors : [];
	const d = fields.length
		? fields
				.map((e) => `${names[e.field] || fieldName(e.field)}${zhField(e)}`)
				.join('；')
		: zhDetail(err.body.detail);
	return d && err.status !== 401 ? `${t}：${d}` : t;
}

// A request; a body that is a string goes as it is (a CSV file), else as JSON.
export async function api(method, path, body, type = 'text/csv; charset=utf-8') {
	const opt = {
		method,
		credentials: 'same-origin',
		headers: { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' },
	};
	if (typeof body === 'string') {
		opt.headers['Content-Type'] = type;
		opt.body = body;
	} else if (body !== undefined) {
		opt.headers['Content-Type'] = 'application/json';
		opt.body = JSON.stringify(body);
	}
	let res;
	try {
		res = await fetch(BASE + path, opt);
	} catch (e) {
		throw new ApiError(0, { detail: '' });
	}
	const text = await res.text();
	let data = null;
	if (text) {
		try {
			data = JSON.parse(text);
		} catch (e) {
			data = { detail: text.slice(0, 200) };
		}
	}
	if (!res.ok) {
		const e = new ApiError(res.status, data);
		e.retryAfter = res.headers.get('Retry-After');
		throw e;
	}
	return data;
}

export const get = (p) => api('GET', p);
export const post = (p, b) => api('POST', p, b || {});

export function qs(params) {
	const u = new URLSearchParams();
	for (const [k, v] of Object.entries(params || {}))
		if (v !== undefined && v !== null && v !== '') u.set(k, v);
	const s = u.toString();
	return s ? '?' + s : '';
}

// Every page of a list, up to a bound, for small lookups (units, campaigns).
export async function all(path, params, max = 2000) {
	const items = [];
	let cursor = null;
	do {
		const page = await get(
			path + qs(Object.assign({}, params, { limit: 500, cursor })),
		);
		items.push(...page.items);
		cursor = page.next;
	} while (cursor && items.length < max);
	return items;
}

export function downloadUrl(path, params) {
	return BASE + path + qs(params);
}
