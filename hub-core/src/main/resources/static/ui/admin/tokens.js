// API tokens of every user: created for integrations, shown once (the hub keeps only a hash), revoked.
import { html, ref, reactive, computed } from '../lib.js';
import { api, query } from '../api.js';
import { messages, formatTime } from '../i18n.js';
import { session, toast } from '../store.js';
import { Modal, Field, CopyField, Badge } from '../components.js';
import { useLoad, loadState, applyProblem, useConfirm, PageHead, useFirstFocus, showFirstError } from './shared.js';

const t = messages({
  en: {
    title: 'API tokens', newToken: 'New token', owner: 'User', ownerHint: 'The token acts with this user\'s rights.',
    purpose: 'What it is for', expires: 'Expires', expiresHint: 'Leave empty for a token that does not expire.',
    prefix: 'Starts with', created: 'Created', lastUsed: 'Last used', never: 'never', revoked: 'revoked',
    expired: 'expired', valid: 'valid', revoke: 'Revoke', revokeTitle: 'Revoke token',
    revokeText: 'Revoke token "{name}"? Integrations using it stop working at once.', revokedDone: 'Token revoked',
    createdTitle: 'Token created', token: 'Token',
    onceWarning: 'Copy the token now: it is not shown again. The hub keeps only a hash of it.',
    usage: 'Send it as "Authorization: Bearer <token>".', showRevoked: 'Show revoked tokens', done: 'Done',
  },
  ru: {
    title: 'API-токены', newToken: 'Новый токен', owner: 'Пользователь',
    ownerHint: 'Токен действует с правами этого пользователя.', purpose: 'Назначение', expires: 'Действует до',
    expiresHint: 'Оставьте пустым для бессрочного токена.', prefix: 'Начало', created: 'Создан',
    lastUsed: 'Использован', never: 'никогда', revoked: 'отозван', expired: 'истёк', valid: 'действует',
    revoke: 'Отозвать', revokeTitle: 'Отзыв токена',
    revokeText: 'Отозвать токен «{name}»? Интеграции, которые им пользуются, сразу перестанут работать.',
    revokedDone: 'Токен отозван', createdTitle: 'Токен создан', token: 'Токен',
    onceWarning: 'Скопируйте токен сейчас: больше он показан не будет. Хаб хранит только его хеш.',
    usage: 'Передавайте его в заголовке «Authorization: Bearer <токен>».', showRevoked: 'Показывать отозванные',
    done: 'Готово',
  },
});

const TokenForm = {
  props: { users: Array },
  emits: ['close', 'created'],
  setup(props, { emit }) {
    const form = reactive({ name: '', userId: String(session.me.user.id), expiresAt: '' });
    const errors = reactive({});
    const formError = ref('');
    const busy = ref(false);
    const formEl = useFirstFocus();
    const submit = async e => {
      e.preventDefault();
      busy.value = true;
      formError.value = '';
      try {
        const created = await api.post('/api/v1/tokens', {
          name: form.name.trim(), userId: Number(form.userId),
          expiresAt: form.expiresAt ? new Date(form.expiresAt).toISOString() : null,
        });
        emit('created', created);
      } catch (err) {
        formError.value = applyProblem(err, errors, ['name', 'userId', 'expiresAt']);
        showFirstError(formEl);
      } finally {
        busy.value = false;
      }
    };
    return () => html`
      <${Modal} title=${t('newToken')} onClose=${() => emit('close')}>${() => html`
        <form class="admin-form" onSubmit=${submit} novalidate ref=${formEl}>
          <${Field} label=${t('purpose')} error=${errors.name}>${() => html`
            <input data-testid="token-name" required maxlength="200" value=${form.name}
                   onInput=${e => (form.name = e.target.value)} />`}<//>
          <${Field} label=${t('owner')} hint=${t('ownerHint')} error=${errors.userId}>${() => html`
            <select data-testid="token-user" onChange=${e => (form.userId = e.target.value)}>
              ${props.users.filter(u => u.enabled).map(u => html`
                <option value=${String(u.id)} selected=${String(u.id) === form.userId}>
                  ${u.displayName} (${u.username})</option>`)}
            </select>`}<//>
          <${Field} label=${t('expires')} hint=${t('expiresHint')} error=${errors.expiresAt}>${() => html`
            <input type="datetime-local" data-testid="token-expires" value=${form.expiresAt}
                   onInput=${e => (form.expiresAt = e.target.value)} />`}<//>
          ${formError.value && html`<p class="form-error" role="alert" data-testid="form-error">${formError.value}</p>`}
          <div class="form-actions">
            <button type="button" onClick=${() => emit('close')}>${t('cancel')}</button>
            <button type="submit" class="primary" disabled=${busy.value} data-testid="token-save">${t('create')}</button>
          </div>
        </form>`}<//>`;
  },
};

/** The new token, once: the hub cannot show it again. */
const CreatedToken = {
  props: { token: String },
  emits: ['close'],
  setup(props, { emit }) {
    return () => html`
      <${Modal} title=${t('createdTitle')} onClose=${() => emit('close')}>${() => html`
        <p class="notice warn" role="alert">${t('onceWarning')}</p>
        <div class="field" data-testid="token-value" data-token=${props.token}>
          <span class="field-label">${t('token')}</span>
          <${CopyField} value=${props.token} label=${t('token')} />
        </div>
        <p class="hint">${t('usage')}</p>
        <div class="form-actions">
          <button type="button" class="primary" onClick=${() => emit('close')}>${t('done')}</button>
        </div>`}<//>`;
  },
};

export default {
  setup() {
    const [state, reload] = useLoad(async () => {
      const [tokens, users] = await Promise.all([api.get('/api/v1/tokens' + query({ all: true })),
        api.get('/api/v1/users')]);
      users.sort((a, b) => a.displayName.localeCompare(b.displayName));
      return { tokens, users };
    });
    const creating = ref(false);
    const created = ref(null);
    const showRevoked = ref(false);
    const confirm = useConfirm(() => { toast(t('revokedDone')); reload(); });
    const userName = computed(() => Object.fromEntries((state.data?.users || []).map(u => [u.id, u.username])));
    const stateOf = tk => tk.revokedAt ? ['muted', t('revoked')]
      : tk.expiresAt && new Date(tk.expiresAt) < new Date() ? ['warn', t('expired')] : ['ok', t('valid')];
    const revoke = tk => confirm.ask({
      title: t('revokeTitle'), text: t('revokeText', { name: tk.name }), confirmLabel: t('revoke'),
      action: () => api.del('/api/v1/tokens/' + tk.id),
    });
    const onCreated = result => {
      creating.value = false;
      created.value = result.token;
      reload();
    };
    return () => {
      const all = state.data?.tokens || [];
      const tokens = showRevoked.value ? all : all.filter(tk => !tk.revokedAt);
      return html`
        <${PageHead} title=${t('title')}>${() => html`
          <label class="check"><input type="checkbox" checked=${showRevoked.value}
                 onChange=${e => (showRevoked.value = e.target.checked)} /> ${t('showRevoked')}</label>
          <button type="button" onClick=${reload} disabled=${state.loading}>${t('refresh')}</button>
          <button type="button" class="primary" data-testid="token-create" disabled=${!state.data}
                  onClick=${() => (creating.value = true)}>${t('newToken')}</button>`}<//>
        ${loadState(state, reload, tokens.length === 0) || html`
          <div class="table-wrap">
            <table class="grid admin-table">
              <thead><tr>
                <th scope="col">${t('purpose')}</th><th scope="col">${t('owner')}</th>
                <th scope="col">${t('prefix')}</th><th scope="col">${t('status')}</th>
                <th scope="col">${t('created')}</th><th scope="col">${t('expires')}</th>
                <th scope="col">${t('lastUsed')}</th><th scope="col">${t('actions')}</th>
              </tr></thead>
              <tbody>
                ${tokens.map(tk => {
                  const [kind, label] = stateOf(tk);
                  return html`
                    <tr key=${tk.id} data-testid="token-row" data-token-id=${tk.id}>
                      <td class="strong">${tk.name}</td>
                      <td>${userName.value[tk.userId] || '#' + tk.userId}</td>
                      <td class="nowrap"><code>${tk.prefix}…</code></td>
                      <td><${Badge} kind=${kind} text=${label} /></td>
                      <td class="nowrap">${formatTime(tk.createdAt, true)}</td>
                      <td class="nowrap">${tk.expiresAt ? formatTime(tk.expiresAt, true) : t('never')}</td>
                      <td class="nowrap">${tk.lastUsedAt ? formatTime(tk.lastUsedAt, true) : t('never')}</td>
                      <td class="row-actions">${tk.revokedAt ? null : html`
                        <button type="button" class="danger" data-testid="token-revoke" onClick=${() => revoke(tk)}>
                          ${t('revoke')}</button>`}</td>
                    </tr>`;
                })}
              </tbody>
            </table>
          </div>`}
        ${creating.value && html`<${TokenForm} users=${state.data.users} onClose=${() => (creating.value = false)}
                                               onCreated=${onCreated} />`}
        ${created.value && html`<${CreatedToken} token=${created.value} onClose=${() => (created.value = null)} />`}
        ${confirm.dialog()}`;
    };
  },
};
