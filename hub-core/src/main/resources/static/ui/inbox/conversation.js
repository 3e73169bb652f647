// The open session: its header with the actions, the messages (kept current from the events socket and marked
// read), a search over the conversation and the client's other sessions, and the reply box.
import { html, ref, computed, watch, nextTick, onMounted, onBeforeUnmount } from '../lib.js';
import { api } from '../api.js';
import { messages, formatTime } from '../i18n.js';
import { session as auth } from '../store.js';
import * as events from '../events.js';
import { inbox, rolesOn, canSee, upsertSession, lineName } from './inbox-state.js';
import MessageItem, { highlight } from './message-item.js';
import ReplyBox from './reply-box.js';
import SessionActions from './session-actions.js';
import WaitTimer from '../wait-timer.js';

const t = messages({
  en: {
    conversation: 'Conversation with {name}', client: 'Client', clientCard: 'Show the client card',
    QUEUED: 'In the queue', ASSIGNED: 'Assigned', CLOSED: 'Closed', SPAM: 'Spam', operator: 'Operator: {name}',
    searchLabel: 'Search in the conversation', searchPlaceholder: 'Search…', found: '{n} found', notFound: 'Nothing found',
    elsewhere: 'In the client\'s other sessions', session: 'Session #{id}', noMessages: 'No messages yet',
    readOnly: 'You may read this line\'s sessions but not write in them.',
    closedReason: 'The session is closed: a reply cannot be sent.', closedSupervisor: 'The session is closed: reopen it to answer.',
    spamReason: 'The session is in spam.', takeFirst: 'Take the session to answer the client; you can leave a comment for colleagues.',
    notYours: 'The session is another operator\'s: you can leave a comment for colleagues.',
    gone: 'The session is no longer in your view.', clearSearch: 'Clear the search',
  },
  ru: {
    conversation: 'Переписка с {name}', client: 'Клиент', clientCard: 'Показать карточку клиента',
    QUEUED: 'В очереди', ASSIGNED: 'Назначена', CLOSED: 'Закрыта', SPAM: 'Спам', operator: 'Оператор: {name}',
    searchLabel: 'Поиск по переписке', searchPlaceholder: 'Поиск…', found: 'Найдено: {n}', notFound: 'Ничего не найдено',
    elsewhere: 'В других сессиях клиента', session: 'Сессия №{id}', noMessages: 'Сообщений пока нет',
    readOnly: 'Вы можете читать сессии этой линии, но не писать в них.',
    closedReason: 'Сессия закрыта: ответ отправить нельзя.', closedSupervisor: 'Сессия закрыта: откройте её снова, чтобы ответить.',
    spamReason: 'Сессия в спаме.', takeFirst: 'Возьмите сессию, чтобы ответить клиенту; комментарий для коллег можно оставить.',
    notYours: 'Сессия другого оператора: можно оставить комментарий для коллег.',
    gone: 'Сессия больше вам не видна.', clearSearch: 'Очистить поиск',
  },
});

const STATUS_KIND = { QUEUED: 'warn', ASSIGNED: 'ok', CLOSED: 'muted', SPAM: 'bad' };
const PAGE = 200;

// a session's order (SessionReader.messages): the time, then the platform's number of the message within one second
const byOrder = (a, b) => Date.parse(a.sortTime) - Date.parse(b.sortTime) || (a.sortSeq ?? 0) - (b.sortSeq ?? 0)
  || a.id - b.id;

function matches(m, q) {
  const needle = q.toLowerCase();
  return [m.text, m.subject, m.authorName, ...(Array.isArray(m.attachments) ? m.attachments.map(a => a.fileName) : [])]
    .some(x => x && x.toLowerCase().includes(needle));
}

/** What the user may write in a session, and why not (OperatorMessages.requireMayReply). */
function rights(s) {
  const roles = rolesOn(s.lineId);
  const writer = roles.operator || roles.supervisor;
  const mine = s.operatorId === auth.me?.user.id;
  if (!writer) return { reply: false, comment: false, reason: t('readOnly') };
  if (!canSee(s)) return { reply: false, comment: false, reason: t('gone') };
  switch (s.status) {
    case 'CLOSED': return { reply: false, comment: true, reason: roles.supervisor ? t('closedSupervisor') : t('closedReason') };
    case 'SPAM': return { reply: false, comment: true, reason: t('spamReason') };
    case 'QUEUED': return roles.supervisor ? { reply: true, comment: true } : { reply: false, comment: true, reason: t('takeFirst') };
    default: return mine || roles.supervisor ? { reply: true, comment: true }
      : { reply: false, comment: true, reason: t('notYours') };
  }
}

export default {
  props: { sessionId: Number },
  emits: ['back', 'card'],
  setup(props, { emit }) {
    const list = ref([]);
    const loading = ref(true);
    const error = ref('');
    const search = ref('');
    const elsewhere = ref([]);
    const scroller = ref(null);
    const s = computed(() => inbox.sessions[props.sessionId]);
    let alive = true;

    const nearBottom = () => {
      const el = scroller.value;
      return !el || el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    };
    const toBottom = () => nextTick(() => {
      if (scroller.value) scroller.value.scrollTop = scroller.value.scrollHeight;
    });

    let lastRead = 0;
    const markRead = () => {
      const last = list.value[list.value.length - 1];
      if (!last || document.visibilityState !== 'visible' || last.id <= lastRead) return;
      lastRead = last.id;
      if (inbox.sessions[props.sessionId]) inbox.sessions[props.sessionId].unread = 0;
      api.post(`/api/v1/sessions/${props.sessionId}/read`, { messageId: last.id }).catch(() => {});
    };

    const loadMessages = async () => {
      const all = [];
      for (let after = 0; ;) {
        const page = await api.get(`/api/v1/sessions/${props.sessionId}/messages?after=${after}&limit=${PAGE}`);
        all.push(...page);
        if (page.length < PAGE) break;
        after = page[page.length - 1].id;
      }
      return all;
    };

    const load = async () => {
      loading.value = true;
      error.value = '';
      try {
        const [session, all] = await Promise.all([api.get('/api/v1/sessions/' + props.sessionId), loadMessages()]);
        if (!alive) return;
        upsertSession(session);
        list.value = all;
        toBottom();
        markRead();
      } catch (e) {
        error.value = e.message;
      } finally {
        loading.value = false;
      }
    };

    // an event names a message's attachments by count only; the full list comes with a reload, as do a client's
    // edits (whose earlier versions the history holds)
    let reloadTimer = null;
    const reloadSoon = () => {
      clearTimeout(reloadTimer);
      reloadTimer = setTimeout(async () => {
        try {
          const stay = nearBottom();
          list.value = await loadMessages();
          if (stay) toBottom();
          markRead();
        } catch {
          // the session left the user's sight; its events say so
        }
      }, 300);
    };

    const add = m => {
      const at = list.value.findIndex(x => x.id === m.id);
      if (at >= 0) {
        list.value[at] = { ...list.value[at], ...m };
        return;
      }
      const stay = nearBottom();
      list.value = [...list.value, m].sort(byOrder);
      if (stay || m.authorUserId === auth.me?.user.id) toBottom();
    };

    const onFrame = frame => {
      const m = frame.data?.message;
      if (frame.type === 'resync') return load();
      if (!m || m.sessionId !== props.sessionId) return;
      const known = list.value.find(x => x.id === m.id);
      if (frame.type === 'message.created') {
        if (known) return;
        if (m.attachments > 0) return reloadSoon();
        add({ ...m, attachments: [], createdAt: frame.at });
        markRead();
      } else if (frame.type === 'message.updated') {
        if (!known || m.direction === 'INBOUND') return reloadSoon();
        // fields left out of an event are null: a delivery error that went away must go here too
        add({ ...m, attachments: known.attachments, deliveryError: m.deliveryError ?? null,
          deliveryStatus: m.deliveryStatus ?? known.deliveryStatus });
      }
    };

    const retry = async m => {
      m.retrying = true;
      m.retryError = '';
      try {
        const updated = await api.post(`/api/v1/messages/${m.id}/retry`);
        if (updated && updated.id) add({ ...updated, retrying: false });
        else add({ id: m.id, deliveryStatus: 'PENDING', deliveryError: null });
      } catch (e) {
        m.retryError = e.message;
      } finally {
        m.retrying = false;
      }
    };

    // the client's earlier sessions are searched on the hub (which answers with this one's matches too); the open
    // session's loaded messages are filtered right here, as the user types
    let searchTimer = null;
    watch(search, q => {
      clearTimeout(searchTimer);
      elsewhere.value = [];
      if (q.trim().length < 2) return;
      searchTimer = setTimeout(async () => {
        try {
          const found = await api.get(`/api/v1/sessions/${props.sessionId}/messages?limit=100&q=`
            + encodeURIComponent(q.trim()));
          if (search.value === q) elsewhere.value = found.filter(m => m.sessionId !== props.sessionId);
        } catch {
          elsewhere.value = [];
        }
      }, 400);
    });
    const shown = computed(() => {
      const q = search.value.trim();
      return q ? list.value.filter(m => matches(m, q)) : list.value;
    });

    const onVisible = () => markRead();
    let unsubscribe = null;
    onMounted(() => {
      inbox.openId = props.sessionId;
      unsubscribe = events.subscribe(onFrame);
      document.addEventListener('visibilitychange', onVisible);
      load();
    });
    onBeforeUnmount(() => {
      alive = false;
      if (inbox.openId === props.sessionId) inbox.openId = null;
      unsubscribe?.();
      document.removeEventListener('visibilitychange', onVisible);
      clearTimeout(reloadTimer);
      clearTimeout(searchTimer);
    });

    const header = session => html`
      <header class="conv-head">
        <button type="button" class="back-button conv-back" data-testid="conversation-back" onClick=${() => emit('back')}>
          ← ${t('back')}</button>
        <div class="conv-title">
          <h2>${session.clientName || '#' + session.clientId}</h2>
          <div class="conv-meta">
            <span class="badge channel">${session.channelType}</span>
            <span>${lineName(session.lineId)}</span>
            <span class=${['badge', STATUS_KIND[session.status]]} data-testid="session-status">${t(session.status)}</span>
            ${session.operatorId && html`<span class="muted">${t('operator', { name: session.operatorName || '…' })}</span>`}
            <${WaitTimer} since=${session.waitingSince} />
          </div>
        </div>
        <${SessionActions} session=${session} />
        <button type="button" class="card-button" data-testid="show-client-card" aria-label=${t('clientCard')}
                onClick=${() => emit('card')}>${t('client')}</button>
      </header>`;

    const searchBar = () => {
      const q = search.value.trim();
      return html`
        <div class="conv-search" role="search">
          <input type="search" data-testid="search-messages" aria-label=${t('searchLabel')}
                 placeholder=${t('searchPlaceholder')} value=${search.value}
                 onInput=${e => (search.value = e.target.value)}
                 onKeydown=${e => e.key === 'Escape' && (search.value = '')} />
          ${q && html`<span class="muted" role="status">${shown.value.length ? t('found', { n: shown.value.length })
            : t('notFound')}</span>`}
        </div>
        ${elsewhere.value.length > 0 && html`
          <details class="search-elsewhere" open data-testid="search-elsewhere">
            <summary>${t('elsewhere')} (${elsewhere.value.length})</summary>
            <ul>
              ${elsewhere.value.map(m => html`
                <li key=${m.id}><a href=${'#/inbox/' + m.sessionId}>
                  <span class="muted">${t('session', { id: m.sessionId })} · ${formatTime(m.sortTime, true)}</span>
                  <span class="snippet">${highlight(m.text || m.subject || '', q)}</span></a></li>`)}
            </ul>
          </details>`}`;
    };

    return () => {
      const session = s.value;
      if (!session) {
        return html`
          <section class="conversation" data-testid="conversation">
            <header class="conv-head"><button type="button" class="back-button conv-back" onClick=${() => emit('back')}>
              ← ${t('back')}</button></header>
            <p class=${error.value ? 'form-error empty-state' : 'muted empty-state'} role=${error.value ? 'alert' : null}>
              ${error.value || t('loading')}</p>
          </section>`;
      }
      const may = rights(session);
      return html`
        <section class="conversation" data-testid="conversation" data-session-id=${session.id}
                 aria-label=${t('conversation', { name: session.clientName || '' })}>
          ${header(session)}
          ${searchBar()}
          ${error.value && html`<p class="form-error" role="alert">${error.value}</p>`}
          <ol class="messages" ref=${scroller} aria-live="polite" aria-busy=${loading.value}>
            ${shown.value.map(m => html`<${MessageItem} key=${m.id} m=${m} search=${search.value.trim()}
                                                        onRetry=${retry} />`)}
            ${!loading.value && !list.value.length && html`<li class="muted list-note">${t('noMessages')}</li>`}
          </ol>
          <${ReplyBox} key=${session.id} sessionId=${session.id} canReply=${may.reply} canComment=${may.comment}
                       reason=${may.reason || ''} onSent=${m => add(m)} />
        </section>`;
    };
  },
};
