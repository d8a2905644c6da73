// A small DOM builder. Text always goes in as text nodes, never as markup, so
// everything shown from the server is escaped by construction.

export function h(tag, attrs, ...children) {
	const el = document.createElement(tag);
	for (const [k, v] of Object.entries(attrs || {})) {
		if (v === null || v === undefined || v === false) continue;
		if (k.startsWith('on') && typeof v === 'function')
			el.addEventListener(k.slice(2), v);
		else if (k === 'class') el.className = v;
		else if (k === 'dataset') Object.assign(el.dataset, v);
		else if (k === 'value' && 'value' in el) el.value = v;
		else if (k === 'checked') {
			// the default too, so that a form's reset() comes back to it
			el.checked = el.defaultChecked = !!v;
		} else if (k === 'selected' || k === 'disabled') el[k] = !!v;
		else el.setAttribute(k, v === true ? '' : String(v));
	}
	append(el, children);
	return el;
}

function append(el, children) {
	for (const c of children) {
		if (c === null || c === undefined || c === false) continue;
		if (Array.isArray(c)) append(el, c);
		else if (c instanceof Node) el.appendChild(c);
		else el.appendChild(document.createTextNode(String(c)));
	}
}

// Append children, skipping null, undefined and false (Node.append would
// write them out as text).
export function add(el, ...children) {
	append(el, children);
	return el;
}

// Text for places that take markup (a chart's tooltip): every character that could start
// markup escaped.
export function esc(s) {
	return String(s ?? '').replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
	);
}

// The attributes of a box that scrolls a wide table sideways: it takes the focus, so the
// keyboard can scroll it, and is named (after the table's caption, or what it lists).
export function scrollBox(name) {
	return { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': name };
}

// Each body cell of @p table captioned with its column's heading (data-label), for the
// narrow screens where the rows show as cards.
export function labelCells(table) {
	const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
	for (const tr of table.tBodies[0]?.rows || [])
		[...tr.cells].forEach((c, i) => {
			if (heads[i] && !c.dataset.label) c.dataset.label = heads[i];
		});
	return table;
}

export function clear(el, ...children) {
	el.replaceChildren();
	append(el, children);
	return el;
}

let seq = 0;

// A labelled field: the label names the control, and a slot below it takes
// the server's message for that field.
export function field(text, control, hint) {
	if (!control.id) control.id = 'f' + ++seq;
	const err = h('div', { class: 'field-error', id: control.id + '-err', role: 'alert' });
	const help = hint ? h('div', { class: 'hint', id: control.id + '-hint' }, hint) : null;
	control.setAttribute('aria-describedby', help ? `${help.id} ${err.id}` : err.id);
	return h(
		'div',
		{ class: 'field', dataset: { field: control.name || '' } },
		h('label', { for: control.id }, text),
		control,
		help,
		err,
	);
}

export function select(name, options, value, extra) {
	const s = h('select', Object.assign({ name }, extra || {}));
	for (const [v, t] of options)
		s.appendChild(
			h('option', { value: v, selected: String(v) === String(value ?? '') }, t),
		);
	return s;
}

export function optionsOf(map, blank) {
	const o = Object.entries(map);
	return blank !== undefined ? [['', blank], ...o] : o;
}

// Read a form's named controls into an object; empty strings are left out.
export function formData(form) {
	const out = {};
	for (const el of form.elements) {
		if (!el.name || el.disabled) continue;
		if (el.type === 'checkbox') out[el.name] = el.checked;
		else if (el.type === 'radio') {
			if (el.checked) out[el.name] = el.value;
		} else if (el.value.trim() !== '') out[el.name] = el.value;
	}
	return out;
}

// Times are shown as the server wrote them, in the district's own offset,
// whatever the browser's time zone.
export function fmtTime(s) {
	if (!s) return '';
	const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(s);
	return m ? `${m[1]} ${m[2]}` : s;
}

export function pct(v) {
	return v === null || v === undefined ? '—' : (v * 100).toFixed(1) + '%';
}
