// Outgoing webhooks: subscriptions that post hub events to other systems (#/admin/webhooks), and each
// subscription's deliveries with their results and "send again" (#/admin/webhooks/<id>).
import { html, ref, reactive } from '../lib.js';
import { api, page } from '../api.js';
import { messages, formatTime } from '../i18n.js';
import { toast, showError } from '../store.js';
import { route, navigate } from '../router.js';
import { Modal, Field, Badge } from '../components.js';
import { useLoad, loadState, applyProblem, useConfirm, PageHead, useFirstFocus, showFirstError, Checklist, intOrNull }
  from './shared.js';

const t = messages({
  en: {
    title: 'Webhooks', newSubscription: 'New subscription', editTitle: 'Webhook subscription', url: 'URL',
    urlHint: 'http:// or https://; events are posted here as JSON.', events: 'Events', secret: 'Secret',
    secretHint: 'Signs every request (X-Hub-Signature-256). Stored encrypted; never shown.', change: 'Change',
    keep: 'Keep the stored secret', enabled: 'Enabled', disabled: 'Disabled', line: 'Line', allLines: 'All lines',
    lineHint: 'Only events of this line\'s sessions.', deliveries: 'Deliveries', created: 'Subscription created',
    saved: 'Subscription saved', deleteTitle: 'Delete subscription', deleted: 'Subscription deleted',
    deleteText: 'Delete the subscription to {url}? Its deliveries, pending ones too, are deleted with it.',
    intro: 'Each event is stored with the change that caused it and posted until the receiver answers 2xx: retried '
      + 'with growing pauses for 24 hours, in order per session. Receivers check the X-Hub-Signature-256 header.',
    'session.created': 'Session created', 'session.assigned': 'Session assigned',
    'session.transferred': 'Session transferred', 'session.closed': 'Session closed',
    'message.created': 'Message created', 'sla.breached': 'SLA breached',
    back: 'All subscriptions', event: 'Event', session: 'Session', attempts: 'Attempts', lastResult: 'Last result',
    time: 'Time', nextAttempt: 'next attempt {time}', sendAgain: 'Send again', sentAgain: 'The delivery is queued again',
    more: 'Show more', PENDING: 'Pending', DELIVERED: 'Delivered', FAILED: 'Failed', deliveryId: 'Delivery id',
    noDeliveries: 'No deliveries yet.', needUrl: 'Enter the address to post events to.',
    badUrl: 'The address starts with http:// or https://.', needEvents: 'Choose at least one event.',
    needSecret: 'Enter a secret: receivers check the signature with it.',
  },
  ru: {
    title: 'Вебхуки', newSubscription: 'Новая подписка', editTitle: 'Подписка на события', url: 'URL',
    urlHint: 'http:// или https://; события отправляются сюда в JSON.', events: 'События', secret: 'Секрет',
    secretHint: 'Подписывает каждый запрос (X-Hub-Signature-256). Хранится в зашифрованном виде; не показывается.',
    change: 'Изменить', keep: 'Оставить сохранённый секрет', enabled: 'Включена', disabled: 'Выключена',
    line: 'Линия', allLines: 'Все линии', lineHint: 'Только события сессий этой линии.', deliveries: 'Доставки',
    created: 'Подписка создана', saved: 'Подписка сохранена', deleteTitle: 'Удаление подписки',
    deleted: 'Подписка удалена',
    deleteText: 'Удалить подписку на {url}? Её доставки, в том числе ожидающие, будут удалены вместе с ней.',
    intro: 'Каждое событие сохраняется вместе с изменением, которое его вызвало, и отправляется, пока получатель не '
      + 'ответит 2xx: повторы с растущими паузами в течение 24 часов, по порядку внутри сессии. Получатель '
      + 'проверяет заголовок X-Hub-Signature-256.',
    'session.created': 'Сессия создана', 'session.assigned': 'Сессия назначена',
    'session.transferred': 'Сессия передана', 'session.closed': 'Сессия закрыта',
    'message.created': 'Новое сообщение', 'sla.breached': 'Нарушен SLA',
    back: 'Все подписки', event: 'Событие', session: 'Сессия', attempts: 'Попытки', lastResult: 'Последний результат',
    time: 'Время', nextAttempt: 'следующая попытка {time}', sendAgain: 'Отправить снова',
    sentAgain: 'Доставка снова в очереди', more: 'Показать ещё', PENDING: 'Ожидает', DELIVERED: 'Доставлено',
    FAILED: 'Не доставлено', deliveryId: 'Id доставки', noDeliveries: 'Доставок пока нет.',
    needUrl: 'Укажите адрес, на который отправлять события.', badUrl: 'Адрес начинается с http:// или https://.',
    needEvents: 'Выберите хотя бы одно событие.', needSecret: 'Укажите секрет: по нему получатель проверяет подпись.',
  },
});

const STATUS_KIND = { PENDING: 'warn', DELIVERED: 'ok', FAILED: 'bad' };

const SubscriptionForm = {
  props: { subscription: Object, lines: Array, eventTypes: Array },
  emits: ['close', 'saved'],
  setup(props, { emit }) {
    const s = props.subscription;
    const form = reactive({
      url: s?.url || '', events: s ? [...s.events] : [], secret: '', enabled: s ? s.enabled : true,
      lineId: s?.lineId != null ? String(s.lineId) : '',
    });
    // a stored secret stays unless the admin chooses to change it; a new subscription needs one
    const changingSecret = ref(!s?.secretSet);
    const errors = reactive({});
    const formError = ref('');
    const busy = ref(false);
    const formEl = useFirstFocus();
    /** The reasons the hub would refuse the subscription, in the user's language, before asking it. */
    const check = () => {
      Object.keys(errors).forEach(k => delete errors[k]);
      const url = form.url.trim();
      if (!url) errors.url = t('needUrl');
      else if (!/^https?:\/\/\S+$/i.test(url)) errors.url = t('badUrl');
      if (!form.events.length) errors.events = t('needEvents');
      if (changingSecret.value && !form.secret) errors.secret = t('needSecret');
      return Object.keys(errors).length === 0;
    };
    const submit = async e => {
      e.preventDefault();
      formError.value = '';
      if (!check()) { showFirstError(formEl); return; }
      busy.value = true;
      const body = { url: form.url.trim(), events: form.events, enabled: form.enabled, lineId: intOrNull(form.lineId) };
      if (changingSecret.value) body.secret = form.secret;
      try {
        emit('saved', s ? await api.put('/api/v1/webhook-subscriptions/' + s.id, body)
          : await api.post('/api/v1/webhook-subscriptions', body));
      } catch (err) {
        formError.value = applyProblem(err, errors, ['url', 'events', 'secret', 'enabled', 'lineId']);
        showFirstError(formEl);
      } finally {
        busy.value = false;
      }
    };
    return () => html`
      <${Modal} title=${s ? t('editTitle') : t('newSubscription')} onClose=${() => emit('close')}>${() => html`
        <form class="admin-form" onSubmit=${submit} novalidate ref=${formEl}>
          <${Field} label=${t('url')} hint=${t('urlHint')} error=${errors.url}>${() => html`
            <input type="url" data-testid="webhook-url" required maxlength="2000" value=${form.url}
                   placeholder="https://" onInput=${e => (form.url = e.target.value)} />`}<//>
          <div class="field">
            <${Checklist} legend=${t('events')} testid="webhook-events" selected=${form.events}
                          items=${props.eventTypes.map(type => ({ id: type, label: t(type), hint: type }))}
                          onUpdate=${v => (form.events = v)} />
            ${errors.events && html`<small class="field-error" role="alert">${errors.events}</small>`}
          </div>
          ${changingSecret.value ? html`
            <${Field} label=${t('secret')} hint=${t('secretHint')} error=${errors.secret}>${() => html`
              <input type="password" data-testid="webhook-secret" required maxlength="255" autocomplete="new-password"
                     value=${form.secret} onInput=${e => (form.secret = e.target.value)} />`}<//>
            ${s?.secretSet && html`<button type="button" class="link" data-testid="webhook-secret-keep"
                onClick=${() => { changingSecret.value = false; form.secret = ''; }}>${t('keep')}</button>`}` : html`
            <div class="field">
              <span class="field-label">${t('secret')}</span>
              <div class="secret-state">
                <span data-testid="webhook-secret-state" data-set="true"><${Badge} kind="ok" text=${t('set')} /></span>
                <button type="button" data-testid="webhook-secret-change" aria-label=${t('change') + ': ' + t('secret')}
                        onClick=${() => (changingSecret.value = true)}>${t('change')}</button>
              </div>
              <small class="hint">${t('secretHint')}</small>
            </div>`}
          <${Field} label=${t('line')} hint=${t('lineHint')} error=${errors.lineId}>${() => html`
            <select data-testid="webhook-line" onChange=${e => (form.lineId = e.target.value)}>
              <option value="" selected=${form.lineId === ''}>${t('allLines')}</option>
              ${props.lines.map(l => html`
                <option value=${String(l.id)} selected=${String(l.id) === form.lineId}>${l.name}</option>`)}
            </select>`}<//>
          <label class="check"><input type="checkbox" data-testid="webhook-enabled" checked=${form.enabled}
                 onChange=${e => (form.enabled = e.target.checked)} /> ${t('enabled')}</label>
          ${formError.value && html`<p class="form-error" role="alert" data-testid="form-error">${formError.value}</p>`}
          <div class="form-actions">
            <button type="button" onClick=${() => emit('close')}>${t('cancel')}</button>
            <button type="submit" class="primary" disabled=${busy.value} data-testid="webhook-save">
              ${s ? t('save') : t('create')}</button>
          </div>
        </form>`}<//>`;
  },
};

/** One subscription's deliveries, newest first, a page at a time. */
const Deliveries = {
  props: { id: Number },
  setup(props) {
    const base = '/api/v1/webhook-subscriptions/' + props.id;
    const [state, reload] = useLoad(async () => {
      const [subscription, first] = await Promise.all([api.get(base), page(base + '/deliveries')]);
      return { subscription, items: first.items, next: first.next };
    });
    const busy = ref(false);
    const more = async () => {
      busy.value = true;
      try {
        const next = await page(state.data.next);
        state.data.items.push(...next.items);
        state.data.next = next.next;
      } catch (e) {
        showError(e);
      } finally {
        busy.value = false;
      }
    };
    const sendAgain = async d => {
      try {
        await api.post(base + '/deliveries/' + d.id + '/redeliver');
        toast(t('sentAgain'));
        reload();
      } catch (e) {
        showError(e);
      }
    };
    // the error names the status when there is one ("HTTP 503", "gave up after 34 attempts: HTTP 500")
    const result = d => d.lastError || (d.lastStatusCode != null ? 'HTTP ' + d.lastStatusCode : '');
    return () => {
      const items = state.data?.items || [];
      return html`
        <${PageHead} title=${t('deliveries') + (state.data ? ': ' + state.data.subscription.url : '')}>${() => html`
          <a href="#/admin/webhooks" data-testid="webhook-back">${t('back')}</a>
          <button type="button" onClick=${reload} disabled=${state.loading}>${t('refresh')}</button>`}<//>
        ${state.data && items.length === 0 ? html`<p class="empty-state">${t('noDeliveries')}</p>`
          : loadState(state, reload, false) || html`
          <div class="table-wrap">
            <table class="grid admin-table" data-testid="webhook-deliveries">
              <thead><tr>
                <th scope="col">${t('time')}</th><th scope="col">${t('event')}</th><th scope="col">${t('session')}</th>
                <th scope="col">${t('status')}</th><th scope="col">${t('attempts')}</th>
                <th scope="col">${t('lastResult')}</th><th scope="col">${t('actions')}</th>
              </tr></thead>
              <tbody>
                ${items.map(d => html`
                  <tr key=${d.id} data-testid="webhook-delivery-row" data-delivery-id=${d.id} data-status=${d.status}>
                    <td class="nowrap" title=${t('deliveryId') + ': ' + d.id}>${formatTime(d.createdAt, true)}</td>
                    <td><code>${d.eventType}</code></td>
                    <td>${d.sessionId != null ? html`<a href=${'#/inbox/' + d.sessionId}>#${d.sessionId}</a>` : '—'}</td>
                    <td class="nowrap"><${Badge} kind=${STATUS_KIND[d.status]} text=${t(d.status)} />
                      ${d.status === 'PENDING' && d.nextAttemptAt && html`
                        <div class="muted">${t('nextAttempt', { time: formatTime(d.nextAttemptAt) })}</div>`}</td>
                    <td>${d.attempts}</td>
                    <td class=${{ 'error-cell': d.status !== 'DELIVERED' && !!d.lastError }}>
                      ${result(d) || '—'}${d.lastAttemptAt && html`
                        <div class="muted">${formatTime(d.lastAttemptAt, true)}</div>`}</td>
                    <td class="row-actions">${d.status !== 'PENDING' ? html`
                      <button type="button" data-testid="webhook-redeliver" onClick=${() => sendAgain(d)}
                              aria-label=${t('sendAgain') + ': ' + d.eventType + ' ' + formatTime(d.createdAt, true)}>
                        ${t('sendAgain')}</button>` : null}</td>
                  </tr>`)}
              </tbody>
            </table>
          </div>
          ${state.data.next && html`
            <p><button type="button" data-testid="webhook-deliveries-more" disabled=${busy.value} onClick=${more}>
              ${t('more')}</button></p>`}`}`;
    };
  },
};

const Subscriptions = {
  setup() {
    const [state, reload] = useLoad(async () => {
      const [subscriptions, lines, eventTypes] = await Promise.all([api.get('/api/v1/webhook-subscriptions'),
        api.get('/api/v1/lines'), api.get('/api/v1/webhook-subscriptions/event-types')]);
      return { subscriptions, lines, eventTypes };
    });
    // null: no dialog; {}: a new subscription; else the subscription being edited
    const editing = ref(null);
    const confirm = useConfirm(() => { toast(t('deleted')); reload(); });
    const remove = s => confirm.ask({
      title: t('deleteTitle'), text: t('deleteText', { url: s.url }), confirmLabel: t('delete'),
      action: () => api.del('/api/v1/webhook-subscriptions/' + s.id),
    });
    const saved = () => {
      toast(editing.value?.id ? t('saved') : t('created'));
      editing.value = null;
      reload();
    };
    return () => {
      const subscriptions = state.data?.subscriptions || [];
      const lineName = id => state.data?.lines.find(l => l.id === id)?.name || '#' + id;
      return html`
        <${PageHead} title=${t('title')}>${() => html`
          <button type="button" onClick=${reload} disabled=${state.loading}>${t('refresh')}</button>
          <button type="button" class="primary" data-testid="webhook-create" disabled=${!state.data}
                  onClick=${() => (editing.value = {})}>${t('newSubscription')}</button>`}<//>
        <p class="hint">${t('intro')}</p>
        ${loadState(state, reload, subscriptions.length === 0) || html`
          <div class="table-wrap">
            <table class="grid admin-table">
              <thead><tr>
                <th scope="col">${t('url')}</th><th scope="col">${t('events')}</th><th scope="col">${t('line')}</th>
                <th scope="col">${t('status')}</th><th scope="col">${t('secret')}</th>
                <th scope="col">${t('actions')}</th>
              </tr></thead>
              <tbody>
                ${subscriptions.map(s => html`
                  <tr key=${s.id} data-testid="webhook-row" data-subscription-id=${s.id}>
                    <td class="webhook-url"><code>${s.url}</code></td>
                    <td><div class="badges">${s.events.map(e => html`<${Badge} key=${e} kind="info" text=${t(e)} />`)}</div></td>
                    <td>${s.lineId != null ? lineName(s.lineId) : t('allLines')}</td>
                    <td><${Badge} kind=${s.enabled ? 'ok' : 'muted'} text=${s.enabled ? t('enabled') : t('disabled')} /></td>
                    <td>${s.secretSet ? html`<${Badge} kind="ok" text=${t('set')} />` : t('notSet')}</td>
                    <td class="row-actions">
                      <button type="button" data-testid="webhook-deliveries-open" aria-label=${t('deliveries') + ': ' + s.url}
                              onClick=${() => navigate('/admin/webhooks/' + s.id)}>${t('deliveries')}</button>
                      <button type="button" data-testid="webhook-edit" aria-label=${t('edit') + ': ' + s.url}
                              onClick=${() => (editing.value = s)}>${t('edit')}</button>
                      <button type="button" class="danger" data-testid="webhook-delete"
                              aria-label=${t('delete') + ': ' + s.url} onClick=${() => remove(s)}>${t('delete')}</button>
                    </td>
                  </tr>`)}
              </tbody>
            </table>
          </div>`}
        ${editing.value && html`<${SubscriptionForm} subscription=${editing.value.id ? editing.value : null}
            lines=${state.data.lines} eventTypes=${state.data.eventTypes}
            onClose=${() => (editing.value = null)} onSaved=${saved} />`}
        ${confirm.dialog()}`;
    };
  },
};

export default {
  setup() {
    return () => {
      const id = intOrNull(route.parts[2]);
      return id != null ? html`<${Deliveries} key=${id} id=${id} />` : html`<${Subscriptions} />`;
    };
  },
};
