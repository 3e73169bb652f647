// The blacklist: rules that block clients (by their id on a channel, address, domain or phone), and the spam their
// messages land in, where an admin takes a session back to the queue and may delete the rule with it.
import { html, ref, reactive } from '../lib.js';
import { api, query } from '../api.js';
import { messages, formatTime } from '../i18n.js';
import { toast } from '../store.js';
import { Modal, Field, Badge } from '../components.js';
import { useLoad, loadState, applyProblem, useConfirm, PageHead, useFirstFocus, showFirstError, intOrNull }
  from './shared.js';

const t = messages({
  en: {
    title: 'Blacklist', rules: 'Rules', spam: 'Spam', newRule: 'New rule', kind: 'Blocks by', value: 'Value',
    IDENTITY: 'User id on a channel', EMAIL: 'Email address', DOMAIN: 'Email domain', PHONE: 'Phone number',
    channelType: 'Channel type', account: 'Channel account', anyAccount: 'Every account of the type',
    comment: 'Comment', expires: 'Expires', expiresHint: 'Leave empty for a rule that does not expire.',
    never: 'never', expired: 'expired', active: 'active', createdBy: 'Created by', created: 'Created',
    valueHints: 'Identity: the user id as the channel reports it. Email: name@example.com. Domain: example.com '
      + '(its subdomains too). Phone: digits, + and separators are ignored.',
    deleteTitle: 'Delete rule', deleteText: 'Delete the rule for "{value}"? Senders it blocked are no longer blocked.',
    deleted: 'Rule deleted', createdDone: 'Rule created',
    rulesIntro: 'Messages of a blocked client are kept in a spam session: nobody is notified, no queue counts them, '
      + 'routing and auto-replies never see them. A rule applies from the client\'s next message.',
    spamIntro: 'Sessions of blocked clients. Taking one out of spam puts it into the queue, where routing picks it up.',
    client: 'Client', line: 'Line', channel: 'Channel', lastMessage: 'Last message', unblock: 'Unblock…',
    unblockTitle: 'Take the session out of spam', removeRule: 'Also delete the rules that block this client',
    removeRuleHint: 'Otherwise the client\'s next message puts the session back into spam. Domain rules stay.',
    unblockSubmit: 'Back to the queue', unblocked: 'The session is back in the queue', open: 'Open',
    lineFilter: 'Line', allLines: 'All lines', chooseType: 'Choose a channel type',
    needValue: 'Enter the value to block.', needScope: 'Choose the channel type or the account the id belongs to.',
  },
  ru: {
    title: 'Чёрный список', rules: 'Правила', spam: 'Спам', newRule: 'Новое правило', kind: 'Блокирует по',
    value: 'Значение', IDENTITY: 'Id пользователя в канале', EMAIL: 'Адрес почты', DOMAIN: 'Почтовый домен',
    PHONE: 'Номер телефона', channelType: 'Тип канала', account: 'Канал', anyAccount: 'Все каналы этого типа',
    comment: 'Комментарий', expires: 'Действует до', expiresHint: 'Оставьте пустым для бессрочного правила.',
    never: 'бессрочно', expired: 'истекло', active: 'действует', createdBy: 'Создал', created: 'Создано',
    valueHints: 'Id: как его сообщает канал. Почта: name@example.com. Домен: example.com (и его поддомены). '
      + 'Телефон: цифры, + и разделители не учитываются.',
    deleteTitle: 'Удаление правила',
    deleteText: 'Удалить правило для «{value}»? Клиенты, которых оно блокировало, больше не заблокированы.',
    deleted: 'Правило удалено', createdDone: 'Правило создано',
    rulesIntro: 'Сообщения заблокированного клиента хранятся в сессии со статусом «спам»: никто не получает '
      + 'уведомлений, очереди их не считают, маршрутизация и автоответы их не видят. Правило действует со '
      + 'следующего сообщения клиента.',
    spamIntro: 'Сессии заблокированных клиентов. Сессия, выведенная из спама, попадает в очередь и распределяется.',
    client: 'Клиент', line: 'Линия', channel: 'Канал', lastMessage: 'Последнее сообщение',
    unblock: 'Разблокировать…', unblockTitle: 'Вывести сессию из спама',
    removeRule: 'Удалить и правила, которые блокируют этого клиента',
    removeRuleHint: 'Иначе следующее сообщение клиента вернёт сессию в спам. Правила по домену останутся.',
    unblockSubmit: 'Вернуть в очередь', unblocked: 'Сессия снова в очереди', open: 'Открыть',
    lineFilter: 'Линия', allLines: 'Все линии', chooseType: 'Выберите тип канала',
    needValue: 'Укажите, что заблокировать.', needScope: 'Выберите тип канала или канал, к которому относится id.',
  },
});

const KINDS = ['IDENTITY', 'EMAIL', 'DOMAIN', 'PHONE'];

/** The ISO time of a datetime-local input's value, or null when it is empty. */
const isoOrNull = local => (local ? new Date(local).toISOString() : null);

const RuleForm = {
  props: { accounts: Array },
  emits: ['close', 'created'],
  setup(props, { emit }) {
    const form = reactive({ kind: 'IDENTITY', channelType: '', accountId: '', value: '', comment: '', expiresAt: '' });
    const errors = reactive({});
    const formError = ref('');
    const busy = ref(false);
    const formEl = useFirstFocus();
    const types = [...new Set(props.accounts.map(a => a.type))].sort();
    // an id means something on one channel type only: with a single type there is nothing to choose
    if (types.length === 1) form.channelType = types[0];
    // an account of another type no longer fits, and its option is gone from the list
    const chooseType = type => {
      form.channelType = type;
      if (type && props.accounts.find(a => String(a.id) === form.accountId)?.type !== type) form.accountId = '';
    };
    /** The problems the hub would refuse the rule for, told in the user's language before asking it. */
    const check = () => {
      Object.keys(errors).forEach(k => delete errors[k]);
      if (!form.value.trim()) errors.value = t('needValue');
      if (form.kind === 'IDENTITY' && !form.channelType && !form.accountId) errors.channelType = t('needScope');
      return Object.keys(errors).length === 0;
    };
    const submit = async e => {
      e.preventDefault();
      formError.value = '';
      if (!check()) { showFirstError(formEl); return; }
      busy.value = true;
      const identity = form.kind === 'IDENTITY';
      try {
        emit('created', await api.post('/api/v1/blacklist', {
          kind: form.kind, value: form.value.trim(), comment: form.comment.trim() || null,
          channelType: identity && form.channelType ? form.channelType : null,
          accountId: identity ? intOrNull(form.accountId) : null, expiresAt: isoOrNull(form.expiresAt),
        }));
      } catch (err) {
        formError.value = applyProblem(err, errors, ['kind', 'channelType', 'accountId', 'value', 'comment',
          'expiresAt']);
        showFirstError(formEl);
      } finally {
        busy.value = false;
      }
    };
    return () => html`
      <${Modal} title=${t('newRule')} onClose=${() => emit('close')}>${() => html`
        <form class="admin-form" onSubmit=${submit} novalidate ref=${formEl}>
          <${Field} label=${t('kind')} error=${errors.kind}>${() => html`
            <select data-testid="blacklist-kind" onChange=${e => (form.kind = e.target.value)}>
              ${KINDS.map(k => html`<option value=${k} selected=${k === form.kind}>${t(k)}</option>`)}
            </select>`}<//>
          ${form.kind === 'IDENTITY' && html`
            <${Field} label=${t('channelType')} error=${errors.channelType}>${() => html`
              <select data-testid="blacklist-channel-type" onChange=${e => chooseType(e.target.value)}>
                <option value="" selected=${form.channelType === ''}>${t('chooseType')}</option>
                ${types.map(ty => html`<option value=${ty} selected=${ty === form.channelType}>${ty}</option>`)}
              </select>`}<//>
            <${Field} label=${t('account')} error=${errors.accountId}>${() => html`
              <select data-testid="blacklist-account" onChange=${e => (form.accountId = e.target.value)}>
                <option value="" selected=${form.accountId === ''}>${t('anyAccount')}</option>
                ${props.accounts.filter(a => !form.channelType || a.type === form.channelType).map(a => html`
                  <option value=${String(a.id)} selected=${String(a.id) === form.accountId}>
                    ${a.name} (${a.type})</option>`)}
              </select>`}<//>`}
          <${Field} label=${t('value')} hint=${t('valueHints')} error=${errors.value}>${() => html`
            <input data-testid="blacklist-value" required maxlength="191" value=${form.value}
                   onInput=${e => (form.value = e.target.value)} />`}<//>
          <${Field} label=${t('comment')} error=${errors.comment}>${() => html`
            <textarea data-testid="blacklist-comment" rows="2" maxlength="1000" value=${form.comment}
                      onInput=${e => (form.comment = e.target.value)}></textarea>`}<//>
          <${Field} label=${t('expires')} hint=${t('expiresHint')} error=${errors.expiresAt}>${() => html`
            <input type="datetime-local" data-testid="blacklist-expires" value=${form.expiresAt}
                   onInput=${e => (form.expiresAt = e.target.value)} />`}<//>
          ${formError.value && html`<p class="form-error" role="alert" data-testid="form-error">${formError.value}</p>`}
          <div class="form-actions">
            <button type="button" onClick=${() => emit('close')}>${t('cancel')}</button>
            <button type="submit" class="primary" disabled=${busy.value} data-testid="blacklist-save">
              ${t('create')}</button>
          </div>
        </form>`}<//>`;
  },
};

const Rules = {
  setup() {
    const [state, reload] = useLoad(async () => {
      const [rules, accounts] = await Promise.all([api.get('/api/v1/blacklist'), api.get('/api/v1/channel-accounts')]);
      return { rules, accounts };
    });
    const creating = ref(false);
    const confirm = useConfirm(() => { toast(t('deleted')); reload(); });
    const remove = r => confirm.ask({
      title: t('deleteTitle'), text: t('deleteText', { value: r.value }), confirmLabel: t('delete'),
      action: () => api.del('/api/v1/blacklist/' + r.id),
    });
    const created = () => {
      creating.value = false;
      toast(t('createdDone'));
      reload();
    };
    return () => {
      const rules = state.data?.rules || [];
      const accounts = state.data?.accounts || [];
      const accountName = id => accounts.find(a => a.id === id)?.name || '#' + id;
      const scope = r => r.kind !== 'IDENTITY' ? '' : r.accountId != null ? accountName(r.accountId)
        : r.channelType + ' · ' + t('anyAccount');
      const expired = r => r.expiresAt && new Date(r.expiresAt) <= new Date();
      return html`
        <div class="admin-head-actions blacklist-actions">
          <button type="button" onClick=${reload} disabled=${state.loading}>${t('refresh')}</button>
          <button type="button" class="primary" data-testid="blacklist-create" disabled=${!state.data}
                  onClick=${() => (creating.value = true)}>${t('newRule')}</button>
        </div>
        <p class="hint">${t('rulesIntro')}</p>
        ${loadState(state, reload, rules.length === 0) || html`
          <div class="table-wrap">
            <table class="grid admin-table">
              <thead><tr>
                <th scope="col">${t('kind')}</th><th scope="col">${t('value')}</th><th scope="col">${t('comment')}</th>
                <th scope="col">${t('expires')}</th><th scope="col">${t('createdBy')}</th>
                <th scope="col">${t('created')}</th><th scope="col"><span class="sr-only">${t('actions')}</span></th>
              </tr></thead>
              <tbody>
                ${rules.map(r => html`
                  <tr key=${r.id} data-testid="blacklist-rule" data-rule-id=${r.id}>
                    <td>${t(r.kind)}${scope(r) && html`<div class="muted">${scope(r)}</div>`}</td>
                    <td><code>${r.value}</code></td>
                    <td>${r.comment || '—'}</td>
                    <td class="nowrap">${r.expiresAt ? formatTime(r.expiresAt, true) : t('never')}
                      ${' '}<${Badge} kind=${expired(r) ? 'muted' : 'ok'} text=${expired(r) ? t('expired') : t('active')} /></td>
                    <td>${r.createdByName || '—'}</td>
                    <td class="nowrap">${formatTime(r.createdAt, true)}</td>
                    <td><button type="button" class="danger" data-testid="blacklist-delete"
                                aria-label=${t('delete') + ': ' + r.value} onClick=${() => remove(r)}>
                      ${t('delete')}</button></td>
                  </tr>`)}
              </tbody>
            </table>
          </div>`}
        ${creating.value && html`<${RuleForm} accounts=${accounts} onClose=${() => (creating.value = false)}
                                              onCreated=${created} />`}
        ${confirm.dialog()}`;
    };
  },
};

const UnblockDialog = {
  props: { session: Object },
  emits: ['close', 'done'],
  setup(props, { emit }) {
    const removeRule = ref(true);
    const error = ref('');
    const busy = ref(false);
    const submit = async e => {
      e.preventDefault();
      busy.value = true;
      error.value = '';
      try {
        emit('done', await api.post(`/api/v1/sessions/${props.session.id}/unblock`, { removeRule: removeRule.value }));
      } catch (err) {
        error.value = err.message;
      } finally {
        busy.value = false;
      }
    };
    return () => html`
      <${Modal} title=${t('unblockTitle')} onClose=${() => emit('close')}>${() => html`
        <form class="dialog-form" onSubmit=${submit}>
          <p>${props.session.clientName}</p>
          <label class="check">
            <input type="checkbox" data-testid="unblock-remove-rule" checked=${removeRule.value}
                   onChange=${e => (removeRule.value = e.target.checked)} /> ${t('removeRule')}</label>
          <p class="hint">${t('removeRuleHint')}</p>
          ${error.value && html`<p class="form-error" role="alert">${error.value}</p>`}
          <div class="form-actions">
            <button type="button" onClick=${() => emit('close')}>${t('cancel')}</button>
            <button type="submit" class="primary" data-testid="unblock-submit" disabled=${busy.value}>
              ${t('unblockSubmit')}</button>
          </div>
        </form>`}<//>`;
  },
};

const Spam = {
  setup() {
    const lineId = ref('');
    const [state, reload] = useLoad(async () => {
      const [sessions, lines] = await Promise.all([
        api.get('/api/v1/sessions' + query({ status: 'SPAM', lineId: lineId.value, sort: 'lastActivity', limit: 200 })),
        api.get('/api/v1/lines')]);
      return { sessions, lines };
    });
    const unblocking = ref(null);
    const done = () => {
      unblocking.value = null;
      toast(t('unblocked'));
      reload();
    };
    return () => {
      const sessions = state.data?.sessions || [];
      const lines = state.data?.lines || [];
      const lineName = id => lines.find(l => l.id === id)?.name || '#' + id;
      return html`
        <div class="admin-head-actions blacklist-actions">
          <label class="inline-field"><span>${t('lineFilter')}</span>
            <select data-testid="spam-line" onChange=${e => { lineId.value = e.target.value; reload(); }}>
              <option value="" selected=${lineId.value === ''}>${t('allLines')}</option>
              ${lines.map(l => html`<option value=${String(l.id)} selected=${String(l.id) === lineId.value}>${l.name}</option>`)}
            </select></label>
          <button type="button" onClick=${reload} disabled=${state.loading}>${t('refresh')}</button>
        </div>
        <p class="hint">${t('spamIntro')}</p>
        ${loadState(state, reload, sessions.length === 0) || html`
          <div class="table-wrap">
            <table class="grid admin-table">
              <thead><tr>
                <th scope="col">${t('client')}</th><th scope="col">${t('line')}</th><th scope="col">${t('channel')}</th>
                <th scope="col">${t('lastMessage')}</th><th scope="col"><span class="sr-only">${t('actions')}</span></th>
              </tr></thead>
              <tbody>
                ${sessions.map(s => html`
                  <tr key=${s.id} data-testid="spam-session" data-session-id=${s.id}>
                    <td><a href=${'#/inbox/' + s.id}>${s.clientName}</a></td>
                    <td>${lineName(s.lineId)}</td>
                    <td>${s.channelType}</td>
                    <td class="nowrap">${formatTime(s.lastMessageAt, true)}</td>
                    <td><button type="button" data-testid="spam-unblock" onClick=${() => (unblocking.value = s)}>
                      ${t('unblock')}</button></td>
                  </tr>`)}
              </tbody>
            </table>
          </div>`}
        ${unblocking.value && html`<${UnblockDialog} session=${unblocking.value}
                                                     onClose=${() => (unblocking.value = null)} onDone=${done} />`}`;
    };
  },
};

export default {
  setup() {
    const tab = ref('rules');
    return () => html`
      <${PageHead} title=${t('title')}>${() => html`
        <div class="blacklist-tabs" role="group" aria-label=${t('title')}>
          ${['rules', 'spam'].map(k => html`
            <button type="button" key=${k} class=${{ primary: tab.value === k }} data-testid=${'blacklist-tab-' + k}
                    aria-pressed=${tab.value === k ? 'true' : 'false'} onClick=${() => (tab.value = k)}>
              ${t(k)}</button>`)}
        </div>`}<//>
      ${tab.value === 'rules' ? html`<${Rules} key="rules" />` : html`<${Spam} key="spam" />`}`;
  },
};
