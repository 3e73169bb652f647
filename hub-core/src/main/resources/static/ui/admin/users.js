// Users: create with a password, change their name, email, admin flag, groups and password, disable them.
// Users are never erased (their messages keep their name): "delete" in the API disables.
import { html, ref, reactive, computed } from '../lib.js';
import { api } from '../api.js';
import { messages } from '../i18n.js';
import { session, loadMe, toast, showError } from '../store.js';
import { Modal, Field, Badge } from '../components.js';
import { useLoad, loadState, applyProblem, useConfirm, PageHead, Checklist, useFirstFocus, showFirstError } from './shared.js';

const t = messages({
  en: {
    title: 'Users', newUser: 'New user', editUser: 'User "{name}"', username: 'User name', displayName: 'Display name',
    usernameHint: 'Letters, digits, dots, dashes, underscores and @; cannot change later.',
    email: 'Email', password: 'Password', newPassword: 'New password', passwordHint: 'At least 8 characters.',
    keepPassword: 'Leave empty to keep the current password.', admin: 'Administrator',
    adminHint: 'Administers the hub: lines, users, channels, plugins.', enabled: 'May log in',
    groups: 'Groups', noGroups: 'No groups yet; create them on the Groups page.', roles: 'Roles',
    disabled: 'Disabled', active: 'Active', ONLINE: 'Online', AWAY: 'Away', OFFLINE: 'Offline',
    saved: 'User saved', disable: 'Disable', enable: 'Enable', disableTitle: 'Disable user',
    disableText: 'Disable "{name}"? They can no longer log in and their API tokens are revoked. Their messages keep '
      + 'their name; you can enable them again later.',
    disabledDone: 'User disabled', enabledDone: 'User enabled', you: 'you', groupsFailed: 'Groups not saved: {reason}',
  },
  ru: {
    title: 'Пользователи', newUser: 'Новый пользователь', editUser: 'Пользователь «{name}»',
    username: 'Имя пользователя', displayName: 'Отображаемое имя',
    usernameHint: 'Буквы, цифры, точки, дефисы, подчёркивания и @; потом изменить нельзя.',
    email: 'Эл. почта', password: 'Пароль', newPassword: 'Новый пароль', passwordHint: 'Не меньше 8 символов.',
    keepPassword: 'Оставьте пустым, чтобы не менять пароль.', admin: 'Администратор',
    adminHint: 'Управляет хабом: линиями, пользователями, каналами, плагинами.', enabled: 'Может входить',
    groups: 'Группы', noGroups: 'Групп пока нет; создайте их на странице «Группы».', roles: 'Роли',
    disabled: 'Отключён', active: 'Активен', ONLINE: 'В сети', AWAY: 'Отошёл', OFFLINE: 'Не в сети',
    saved: 'Пользователь сохранён', disable: 'Отключить', enable: 'Включить', disableTitle: 'Отключение пользователя',
    disableText: 'Отключить «{name}»? Пользователь больше не сможет войти, его API-токены будут отозваны. Его '
      + 'сообщения сохранят имя; включить его снова можно позже.',
    disabledDone: 'Пользователь отключён', enabledDone: 'Пользователь включён', you: 'вы',
    groupsFailed: 'Группы не сохранены: {reason}',
  },
});

const FIELDS = ['username', 'displayName', 'email', 'password'];

/** The user's groups live on the groups (memberIds): changes PUT each group whose membership changed. */
async function saveMembership(userId, groups, wanted) {
  const changed = groups.filter(g => g.memberIds.includes(userId) !== wanted.includes(g.id));
  for (const g of changed) {
    const members = new Set(g.memberIds);
    if (wanted.includes(g.id)) members.add(userId); else members.delete(userId);
    await api.put('/api/v1/groups/' + g.id, { name: g.name, description: g.description, memberIds: [...members] });
  }
}

const UserForm = {
  props: { user: Object, groups: Array },
  emits: ['close', 'saved'],
  setup(props, { emit }) {
    const u = props.user;
    const form = reactive({
      username: u?.username || '', displayName: u?.displayName || '', email: u?.email || '', password: '',
      admin: !!u?.admin, enabled: u ? u.enabled : true, groupIds: [...(u?.groupIds || [])],
    });
    const errors = reactive({});
    const formError = ref('');
    const busy = ref(false);
    const formEl = useFirstFocus();
    const submit = async e => {
      e.preventDefault();
      busy.value = true;
      formError.value = '';
      const body = {
        username: form.username.trim(), displayName: form.displayName.trim(), email: form.email.trim() || null,
        password: form.password || null, admin: form.admin, enabled: form.enabled,
      };
      let saved;
      try {
        saved = u ? await api.put('/api/v1/users/' + u.id, body) : await api.post('/api/v1/users', body);
      } catch (err) {
        formError.value = applyProblem(err, errors, FIELDS);
        showFirstError(formEl);
        busy.value = false;
        return;
      }
      try {
        await saveMembership(saved.id, props.groups, form.groupIds);
        toast(t('saved'));
      } catch (err) {
        toast(t('groupsFailed', { reason: err.message }), 'error');
      }
      busy.value = false;
      // the top bar shows the logged-in user's name and what they may open
      if (saved.id === session.me?.user?.id) loadMe();
      emit('saved');
      emit('close');
    };
    const text = (key, label, attrs, hint) => html`
      <${Field} label=${label} hint=${hint} error=${errors[key]}>${() => html`
        <input ...${attrs} value=${form[key]} onInput=${e => (form[key] = e.target.value)} />`}<//>`;
    return () => html`
      <${Modal} wide title=${u ? t('editUser', { name: u.username }) : t('newUser')} onClose=${() => emit('close')}>${() => html`
        <form class="admin-form" onSubmit=${submit} novalidate ref=${formEl}>
          <div class="form-grid">
            ${text('username', t('username'), { 'data-testid': 'user-username', required: true, maxlength: 100,
              autocomplete: 'off', disabled: !!u }, u ? null : t('usernameHint'))}
            ${text('displayName', t('displayName'), { 'data-testid': 'user-display-name', required: true, maxlength: 200 })}
            ${text('email', t('email'), { 'data-testid': 'user-email', type: 'email', maxlength: 320 })}
            ${text('password', u ? t('newPassword') : t('password'), { 'data-testid': 'user-password',
              type: 'password', autocomplete: 'new-password', required: !u, minlength: 8, maxlength: 200 },
              u ? t('keepPassword') : t('passwordHint'))}
          </div>
          <div class="admin-checks">
            <label class="check"><input type="checkbox" data-testid="user-admin" checked=${form.admin}
                   onChange=${e => (form.admin = e.target.checked)} />
              <span>${t('admin')} <span class="hint">${t('adminHint')}</span></span></label>
            <label class="check"><input type="checkbox" data-testid="user-enabled" checked=${form.enabled}
                   onChange=${e => (form.enabled = e.target.checked)} /> ${t('enabled')}</label>
          </div>
          <${Checklist} legend=${t('groups')} testid="user-groups" emptyText=${t('noGroups')}
                        items=${props.groups.map(g => ({ id: g.id, label: g.name, hint: g.description }))}
                        selected=${form.groupIds} onUpdate=${ids => (form.groupIds = ids)} />
          ${formError.value && html`<p class="form-error" role="alert" data-testid="form-error">${formError.value}</p>`}
          <div class="form-actions">
            <button type="button" onClick=${() => emit('close')}>${t('cancel')}</button>
            <button type="submit" class="primary" disabled=${busy.value} data-testid="user-save">${t('save')}</button>
          </div>
        </form>`}<//>`;
  },
};

export default {
  setup() {
    const [state, reload] = useLoad(async () => {
      const [users, groups] = await Promise.all([api.get('/api/v1/users'), api.get('/api/v1/groups')]);
      users.sort((a, b) => a.username.localeCompare(b.username));
      return { users, groups };
    });
    const editing = ref(null);
    const confirm = useConfirm(() => { toast(t('disabledDone')); reload(); });
    const groupName = computed(() => Object.fromEntries((state.data?.groups || []).map(g => [g.id, g.name])));
    const disable = user => confirm.ask({
      title: t('disableTitle'), text: t('disableText', { name: user.username }), confirmLabel: t('disable'),
      action: () => api.del('/api/v1/users/' + user.id),
    });
    const enable = async user => {
      try {
        await api.put('/api/v1/users/' + user.id, {
          username: user.username, displayName: user.displayName, email: user.email, admin: user.admin, enabled: true,
        });
        toast(t('enabledDone'));
        reload();
      } catch (e) {
        showError(e);
      }
    };
    return () => {
      const users = state.data?.users || [];
      const me = session.me?.user?.id;
      return html`
        <${PageHead} title=${t('title')}>${() => html`
          <button type="button" onClick=${reload} disabled=${state.loading}>${t('refresh')}</button>
          <button type="button" class="primary" data-testid="user-create" disabled=${!state.data}
                  onClick=${() => (editing.value = {})}>${t('newUser')}</button>`}<//>
        ${loadState(state, reload, users.length === 0) || html`
          <div class="table-wrap">
            <table class="grid admin-table">
              <thead><tr>
                <th scope="col">${t('username')}</th><th scope="col">${t('displayName')}</th>
                <th scope="col">${t('email')}</th><th scope="col">${t('status')}</th>
                <th scope="col">${t('groups')}</th><th scope="col">${t('actions')}</th>
              </tr></thead>
              <tbody>
                ${users.map(u => html`
                  <tr key=${u.id} data-testid="user-row" data-user-id=${u.id} class=${{ 'row-off': !u.enabled }}>
                    <td><button type="button" class="link strong" onClick=${() => (editing.value = { user: u })}>
                      ${u.username}</button>${u.id === me && html` <span class="muted">(${t('you')})</span>`}</td>
                    <td>${u.displayName}</td>
                    <td>${u.email || html`<span class="muted">—</span>`}</td>
                    <td><span class="badges">
                      ${u.enabled ? html`<${Badge} kind=${u.status === 'ONLINE' ? 'ok' : u.status === 'AWAY' ? 'warn' : 'muted'}
                                                  text=${t(u.status)} />`
                        : html`<${Badge} kind="bad" text=${t('disabled')} />`}
                      ${u.admin && html`<${Badge} kind="info" text=${t('admin')} />`}
                    </span></td>
                    <td class="small">${u.groupIds.map(id => groupName.value[id] || '#' + id).join(', ')}</td>
                    <td class="row-actions">
                      <button type="button" data-testid="user-edit" onClick=${() => (editing.value = { user: u })}>
                        ${t('edit')}</button>
                      ${u.enabled
                        ? html`<button type="button" class="danger" data-testid="user-disable" onClick=${() => disable(u)}>
                            ${t('disable')}</button>`
                        : html`<button type="button" data-testid="user-enable" onClick=${() => enable(u)}>
                            ${t('enable')}</button>`}
                    </td>
                  </tr>`)}
              </tbody>
            </table>
          </div>`}
        ${editing.value && html`<${UserForm} user=${editing.value.user} groups=${state.data.groups}
                                             onClose=${() => (editing.value = null)} onSaved=${reload} />`}
        ${confirm.dialog()}`;
    };
  },
};
