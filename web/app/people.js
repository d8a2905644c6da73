// A unit's register of its people (人员名册): kept by the office and the unit itself, read
// by leaders; the office links an account to the person who uses it. The targets are split
// down to these people (分解到人).

import { h, add, field, scrollBox, labelCells } from './dom.js';
import { api, get, post, all, message } from './api.js';
import { role, unitName, onSubmit, showError } from './ui.js';
import { section } from './components.js';
import { go } from './router.js';
import { ownUnit } from './yearend.js';

let seq = 0;

const again = (id, text) => go(`#/units/${id}/people?t=${Date.now()}`, text);

function personFields(p = {}) {
	return [
		h(
			'div',
			{ class: 'grid' },
			field(
				'姓名',
				h('input', {
					name: 'name',
					maxlength: 50,
					autocomplete: 'off',
					value: p.name || '',
				}),
			),
			field(
				'职务',
				h('input', {
					name: 'post',
					maxlength: 50,
					autocomplete: 'off',
					value: p.post || '',
				}),
			),
			field(
				'职级',
				h('input', {
					name: 'rank',
					maxlength: 30,
					autocomplete: 'off',
					value: p.rank || '',
				}),
			),
		),
		h(
			'label',
			{ class: 'inline' },
			h('input', {
				type: 'checkbox',
				name: 'party_member',
				checked: !!p.party_member,
			}),
			'中共党员',
		),
	];
}

const read = (form) => ({
	name: form.name.value.trim(),
	post: form.post.value.trim(),
	rank: form.rank.value.trim(),
	party_member: form.party_member.checked,
});

// A person's change in a dialog: name, post, rank, Party member.
function editDialog(p) {
	const id = 'person-dlg' + ++seq;
	const dialog = h('dialog', { class: 'action-dialog', 'aria-labelledby': id + '-title' });
	const problem = h('div', { class: 'form-error', role: 'alert' });
	const form = h(
		'form',
		{ class: 'action', novalidate: true },
		h('h3', { id: id + '-title' }, `修改人员：${p.name}`),
		personFields(p),
		problem,
		h(
			'div',
			{ class: 'form-buttons' },
			h(
				'button',
				{
					type: 'button',
					class: 'secondary',
					onclick: () => dialog.close(),
				},
				'取消',
			),
			h('button', { type: 'submit', class: 'primary' }, '保存'),
		),
	);
	add(dialog, form);
	onSubmit(form, async () => {
		problem.textContent = '';
		try {
			await api('PATCH', `/people/${p.id}`, read(form));
		} catch (e) {
			problem.textContent = message(e);
			throw e;
		}
		dialog.close();
		again(p.unit_id, `${form.name.value.trim()} 的信息已保存`);
	});
	const open = h(
		'button',
		{ type: 'button', class: 'secondary small', 'aria-haspopup': 'dialog' },
		'修改',
	);
	open.setAttribute('aria-label', `修改 ${p.name}`);
	open.addEventListener('click', () => {
		dialog.showModal();
		form.name.focus();
	});
	dialog.addEventListener('close', () => {
		if (open.isConnected) open.focus();
	});
	return h('span', {}, open, dialog);
}

// Marks a person as having left, or back at work.
function activeButton(p) {
	const b = h(
		'button',
		{ type: 'button', class: p.active ? 'danger small' : 'secondary small' },
		p.active ? '标记离任' : '恢复在职',
	);
	b.setAttribute('aria-label', `${p.active ? '标记离任' : '恢复在职'}：${p.name}`);
	b.addEventListener('click', async () => {
		b.disabled = true;
		try {
			await api('PATCH', `/people/${p.id}`, { active: !p.active });
			again(
				p.unit_id,
				p.active ? `${p.name} 已标记为离任` : `${p.name} 已恢复在职`,
			);
		} catch (e) {
			showError(e);
		} finally {
			b.disabled = false;
		}
	});
	return b;
}

export async function peoplePage(main, m) {
	const unitId = Number(m[0]);
	const admin = role() === 'admin';
	const [list, users] = await Promise.all([
		get(`/units/${unitId}/people`),
		admin ? all('/users') : null,
	]);
	const people = list.items;
	const accounts = (users || []).filter((u) => u.unit_id === unitId);
	const keeps = admin || ownUnit(unitId);
	const name = unitName(unitId);
	const linked = (p) =>
		accounts
			.filter((u) => u.person_id === p.id)
			.map((u) => `${u.display_name}（${u.username}）`)
			.join('、') || '—';
	const head = [
		'姓名',
		'职务',
		'职级',
		'中共党员',
		'状态',
		admin ? '使用的账号' : null,
		keeps ? '操作' : null,
	].filter(Boolean);
	const table = h(
		'table',
		{ class: 'cards people' },
		h(
			'thead',
			{},
			h(
				'tr',
				{},
				head.map((t) => h('th', { scope: 'col' }, t)),
			),
		),
		h(
			'tbody',
			{},
			people.map((p) =>
				h(
					'tr',
					{
						class: p.active ? null : 'left',
						dataset: { person: p.id },
					},
					h('th', { scope: 'row' }, p.name),
					h('td', {}, p.post || '—'),
					h('td', {}, p.rank || '—'),
					h('td', {}, p.party_member ? '是' : '否'),
					h(
						'td',
						{},
						h(
							'span',
							{
								class:
									'badge ' +
									(p.active ? 'ok' : ''),
							},
							p.active ? '在职' : '已离任',
						),
					),
					admin ? h('td', {}, linked(p)) : null,
					keeps
						? h(
								'td',
								{ class: 'row-actions' },
								editDialog(p),
								' ',
								activeButton(p),
							)
						: null,
				),
			),
		),
	);
	labelCells(table);
	add(
		main,
		h(
			'p',
			{},
			h(
				'a',
				{ href: '#/targets' },
				role() === 'unit' ? '← 目标责任书' : '← 目标管理',
			),
		),
		h('h1', {}, `${name}人员名册`),
		section(
			`人员（${people.length} 人）`,
			h(
				'p',
				{ class: 'hint' },
				'责任书的考核项目分解到名册中的在职人员；人员离任后，已分解的项目仍保留，但不能再分给他。',
			),
			people.length
				? h('div', scrollBox('人员名册'), table)
				: h('p', { class: 'muted' }, '名册中还没有人员。'),
		),
		keeps ? addSection(unitId) : null,
		admin ? accountsSection(unitId, accounts, people) : null,
	);
}

function addSection(unitId) {
	const form = h(
		'form',
		{
			class: 'step person-form',
			novalidate: true,
			'aria-labelledby': 'person-add-title',
		},
		h('h2', { id: 'person-add-title' }, '新增人员'),
		personFields(),
		h(
			'div',
			{ class: 'form-buttons' },
			h('button', { type: 'submit', class: 'primary' }, '新增'),
		),
	);
	form.classList.add('card');
	onSubmit(form, async () => {
		const body = read(form);
		await post(`/units/${unitId}/people`, body);
		again(unitId, `已新增 ${body.name}`);
	});
	return form;
}

// The office links each account of the unit to the person who uses it.
function accountsSection(unitId, accounts, people) {
	const rows = accounts.map((u) => {
		const sel = h(
			'select',
			{ name: 'person_id' },
			h('option', { value: '' }, '（不关联）'),
			people.map((p) =>
				h(
					'option',
					{ value: p.id, selected: p.id === u.person_id },
					`${p.name}${p.post ? '（' + p.post + '）' : ''}${p.active ? '' : '（已离任）'}`,
				),
			),
		);
		const form = h(
			'form',
			{
				class: 'account-link',
				novalidate: true,
				'aria-label': `账号 ${u.username} 关联的人员`,
			},
			field(`${u.display_name}（${u.username}）`, sel),
			h('button', { type: 'submit', class: 'secondary' }, '保存'),
		);
		onSubmit(form, async () => {
			await api('PUT', `/users/${u.id}/person`, {
				person_id: sel.value ? Number(sel.value) : null,
			});
			again(unitId, `账号 ${u.username} 的关联人员已保存`);
		});
		return form;
	});
	return section(
		'账号关联人员',
		h(
			'p',
			{ class: 'hint' },
			'账号关联到名册中的人员后，该账号的“我的目标”显示分解给此人的考核项目。',
		),
		rows.length ? rows : h('p', { class: 'muted' }, '本单位没有登录账号。'),
	);
}
