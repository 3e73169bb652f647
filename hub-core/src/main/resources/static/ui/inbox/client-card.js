// The client card beside the conversation: name, contacts, channel identities with profile links, and the
// client's sessions with who handled them (a click opens one).
import { html, ref, watch, onMounted, onBeforeUnmount } from '../lib.js';
import { api } from '../api.js';
import { messages, formatTime } from '../i18n.js';
import * as events from '../events.js';
import { lineName } from './inbox-state.js';

const t = messages({
  en: {
    card: 'Client card', email: 'Email', phone: 'Phone', identities: 'Channels', profile: 'Profile',
    sessions: 'Sessions', count: '{shown} of {total} in all', clientSince: 'Client since {date}',
    QUEUED: 'In the queue', ASSIGNED: 'Assigned', CLOSED: 'Closed', SPAM: 'Spam', nobody: 'nobody',
    handledBy: 'Handled by {name}', current: 'open now', toConversation: 'Back to the conversation',
  },
  ru: {
    card: 'Карточка клиента', email: 'Эл. почта', phone: 'Телефон', identities: 'Каналы', profile: 'Профиль',
    sessions: 'Сессии', count: '{shown} из {total}', clientSince: 'Клиент с {date}',
    QUEUED: 'В очереди', ASSIGNED: 'Назначена', CLOSED: 'Закрыта', SPAM: 'Спам', nobody: 'никто',
    handledBy: 'Вёл: {name}', current: 'открыта сейчас', toConversation: 'Назад к переписке',
  },
});

const STATUS_KIND = { QUEUED: 'warn', ASSIGNED: 'ok', CLOSED: 'muted', SPAM: 'bad' };

function initials(name) {
  return (name || '?').split(/\s+/).filter(Boolean).slice(0, 2).map(w => w[0].toUpperCase()).join('');
}

export default {
  props: { clientId: Number, sessionId: Number },
  emits: ['hide'],
  setup(props, { emit }) {
    const card = ref(null);
    const error = ref('');
    const load = async () => {
      const id = props.clientId;
      error.value = '';
      try {
        const loaded = await api.get('/api/v1/clients/' + id);
        if (id === props.clientId) card.value = loaded;
      } catch (e) {
        if (id === props.clientId) error.value = e.message;
      }
    };
    watch(() => props.clientId, () => {
      card.value = null;
      load();
    }, { immediate: true });

    // the client's sessions change status as they are taken, transferred, closed; a new one may open
    let timer = null;
    const onFrame = frame => {
      const s = frame.data?.session;
      if (frame.type === 'resync' || (frame.type.startsWith('session.') && s?.clientId === props.clientId)) {
        clearTimeout(timer);
        timer = setTimeout(load, 500);
      }
    };
    let unsubscribe = null;
    onMounted(() => (unsubscribe = events.subscribe(onFrame)));
    onBeforeUnmount(() => {
      unsubscribe?.();
      clearTimeout(timer);
    });

    return () => {
      const c = card.value;
      return html`
        <aside class="client-card" data-testid="client-card" aria-label=${t('card')}>
          <button type="button" class="back-button card-back" onClick=${() => emit('hide')}>← ${t('toConversation')}</button>
          ${error.value && html`<p class="form-error" role="alert">${error.value}</p>`}
          ${!c && !error.value && html`<p class="muted">${t('loading')}</p>`}
          ${c && html`
            <div class="client-head">
              <span class="avatar" aria-hidden="true">${initials(c.displayName)}</span>
              <div><h2 data-testid="client-name">${c.displayName}</h2>
                <div class="muted">${t('clientSince', { date: formatTime(c.createdAt, true) })}</div></div>
            </div>
            <dl class="client-contacts">
              ${c.email && html`<dt>${t('email')}</dt><dd><a href=${'mailto:' + c.email}>${c.email}</a></dd>`}
              ${c.phone && html`<dt>${t('phone')}</dt><dd><a href=${'tel:' + c.phone}>${c.phone}</a></dd>`}
            </dl>
            <h3>${t('identities')}</h3>
            <ul class="identities">
              ${c.identities.map(i => html`
                <li key=${i.id} data-testid="client-identity">
                  <span class="badge channel">${i.channelType}</span>
                  <span>${i.displayName || i.externalUserId}</span>
                  ${i.username && html`<span class="muted">@${i.username}</span>`}
                  ${i.profileUrl && /^https?:\/\//.test(i.profileUrl) && html`
                    <a href=${i.profileUrl} target="_blank" rel="noopener noreferrer">${t('profile')}</a>`}
                </li>`)}
            </ul>
            <h3>${t('sessions')} <span class="muted">${t('count', { shown: c.sessions.length, total: c.sessionCount })}</span></h3>
            <ul class="client-sessions">
              ${c.sessions.map(s => html`
                <li key=${s.id}>
                  <a href=${'#/inbox/' + s.id} class=${{ current: s.id === props.sessionId }}
                     data-testid="client-session" data-session-id=${s.id}
                     aria-current=${s.id === props.sessionId ? 'page' : null}>
                    <span class="row-main"><span>${formatTime(s.createdAt, true)}</span>
                      <span class=${['badge', STATUS_KIND[s.status]]}>${t(s.status)}</span></span>
                    <span class="muted">${lineName(s.lineId)} · ${s.channelType} · ${
                      t('handledBy', { name: s.operatorName || t('nobody') })}${
                      s.id === props.sessionId ? ' · ' + t('current') : ''}</span>
                  </a>
                </li>`)}
            </ul>`}
        </aside>`;
    };
  },
};
