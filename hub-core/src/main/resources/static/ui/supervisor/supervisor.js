// The supervisor's page (#/supervisor): the operators of the supervised lines and their active sessions, kept
// current by the events socket. Filters live in the route (#/supervisor?line=3&channel=telegram&sort=lastActivity),
// so a reload or a shared link shows the same view.
import { html, reactive, computed, watch, onMounted, onBeforeUnmount } from '../lib.js';
import { api, query } from '../api.js';
import { messages } from '../i18n.js';
import { route, navigate } from '../router.js';
import { subscribe } from '../events.js';
import { session as login } from '../store.js';
import { useClock, learnSkew } from '../clock.js';
import OperatorsPanel from './operators-panel.js';
import ActiveSessions from './active-sessions.js';
import AssignDialog from './assign-dialog.js';

const t = messages({
  en: {
    title: 'Supervision', line: 'Line', allLines: 'All my lines', channel: 'Channel', allChannels: 'All channels',
    sort: 'Sort by', duration: 'Duration (longest first)', lastActivity: 'Last activity (most recent first)',
    created: 'Creation (newest first)', filters: 'Filters',
  },
  ru: {
    title: 'Контроль', line: 'Линия', allLines: 'Все мои линии', channel: 'Канал', allChannels: 'Все каналы',
    sort: 'Сортировка', duration: 'Длительность (дольше сверху)',
    lastActivity: 'Последняя активность (свежие сверху)', created: 'Создание (новые сверху)', filters: 'Фильтры',
  },
});

const SORTS = ['duration', 'lastActivity', 'created'];
const DEFAULT_SORT = 'duration';
/** The most sessions one load shows; the API pages past it. */
const LIMIT = 200;
/** The browser's time zone, so that "today" in the operators' figures is the supervisor's day. */
const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Orders sessions as the API does for the sort, after an event changed their times. */
function compare(sort) {
  const time = (s, key) => Date.parse(s[key]) || 0;
  if (sort === 'lastActivity') return (a, b) => time(b, 'lastMessageAt') - time(a, 'lastMessageAt') || b.id - a.id;
  if (sort === 'created') return (a, b) => time(b, 'createdAt') - time(a, 'createdAt') || b.id - a.id;
  return (a, b) => time(a, 'createdAt') - time(b, 'createdAt') || a.id - b.id;
}

export default {
  setup() {
    const state = reactive({
      lines: [], channelTypes: [], sessions: [], operators: [], capped: 0,
      sessionsLoading: true, operatorsLoading: true, sessionsError: '', operatorsError: '', assigning: null,
    });
    const filters = computed(() => ({
      lineId: Number(route.params.line) || null,
      channel: route.params.channel || '',
      sort: SORTS.includes(route.params.sort) ? route.params.sort : DEFAULT_SORT,
    }));
    const supervised = computed(() => new Set(state.lines.map(l => l.id)));
    const lineNames = computed(() => Object.fromEntries(state.lines.map(l => [l.id, l.name])));
    const channelNames = computed(() => Object.fromEntries(state.channelTypes.map(c => [c.type, c.displayName])));
    const channelOptions = computed(() => {
      const types = new Set([...state.channelTypes.map(c => c.type), ...state.sessions.map(s => s.channelType)]);
      if (filters.value.channel) types.add(filters.value.channel);
      return [...types].sort();
    });

    const setFilter = (key, value) => {
      const next = { ...filters.value, [key]: value };
      navigate('/supervisor' + query({
        line: next.lineId || null, channel: next.channel || null,
        sort: next.sort === DEFAULT_SORT ? null : next.sort,
      }));
    };

    async function loadLines() {
      const [lines, types] = await Promise.all([
        api.get('/api/v1/lines'),
        api.get('/api/v1/channel-types').catch(() => []),
      ]);
      const admin = !!login.me?.user?.admin;
      state.lines = lines.filter(l => admin || (l.myRoles || []).includes('SUPERVISOR'))
        .sort((a, b) => a.name.localeCompare(b.name));
      state.channelTypes = types;
    }

    // a newer load wins over an older one still on its way
    let sessionsTicket = 0;
    async function loadSessions() {
      const ticket = ++sessionsTicket;
      const f = filters.value;
      state.sessionsLoading = true;
      try {
        const found = await api.get('/api/v1/sessions' + query({
          view: 'active', lineId: f.lineId, channel: f.channel, sort: f.sort, limit: LIMIT,
        }));
        if (ticket !== sessionsTicket) return;
        // operators of other lines see those lines' queues too; this page shows the supervised lines only
        state.sessions = found.filter(s => supervised.value.has(s.lineId));
        state.capped = found.length >= LIMIT ? LIMIT : 0;
        state.sessionsError = '';
      } catch (e) {
        if (ticket === sessionsTicket) state.sessionsError = e.message;
      } finally {
        if (ticket === sessionsTicket) state.sessionsLoading = false;
      }
    }

    let operatorsTicket = 0;
    async function loadOperators() {
      const ticket = ++operatorsTicket;
      state.operatorsLoading = true;
      try {
        const rows = await api.get('/api/v1/operators' + query({ lineId: filters.value.lineId, zone: ZONE }));
        if (ticket !== operatorsTicket) return;
        const timed = rows.find(r => r.lastReplyAt && r.secondsSinceLastReply != null);
        if (timed) learnSkew(timed.lastReplyAt, timed.secondsSinceLastReply);
        state.operators = rows;
        state.operatorsError = '';
      } catch (e) {
        if (ticket === operatorsTicket) state.operatorsError = e.message;
      } finally {
        if (ticket === operatorsTicket) state.operatorsLoading = false;
      }
    }

    async function loadAll() {
      try {
        await loadLines();
      } catch (e) {
        state.sessionsError = e.message;
      }
      await Promise.all([loadSessions(), loadOperators()]);
    }

    // events come in bursts (a transfer is three frames): one reload per burst
    const timers = {};
    const later = (what, fn, ms) => {
      clearTimeout(timers[what]);
      timers[what] = setTimeout(fn, ms);
    };
    const reloadSessions = () => later('sessions', loadSessions, 250);
    const reloadOperators = () => later('operators', loadOperators, 1000);

    const concerns = d => supervised.value.has(d.session?.lineId) || supervised.value.has(d.previousLineId);
    function onMessage(frame) {
      const d = frame.data;
      const s = state.sessions.find(x => x.id === d.session?.id);
      if (s) {
        s.lastMessageAt = d.session.lastMessageAt || s.lastMessageAt;
        s.waitingSince = d.session.waitingSince || null;
        if (filters.value.sort === 'lastActivity') state.sessions.sort(compare('lastActivity'));
      }
      const m = d.message || {};
      if (m.direction === 'OUTBOUND' && m.authorUserId) {
        const op = state.operators.find(o => o.userId === m.authorUserId);
        if (op) op.lastReplyAt = frame.at;
        // a session's first reply moves its operator's average
        if (s && !s.firstResponseAt) {
          s.firstResponseAt = frame.at;
          reloadOperators();
        }
      }
    }
    const onEvent = frame => {
      const type = frame.type || '';
      if (type === 'resync') {
        loadAll();
      } else if (type.startsWith('session.') && concerns(frame.data || {})) {
        reloadSessions();
        reloadOperators();
      } else if (type === 'message.created' && concerns(frame.data || {})) {
        onMessage(frame);
      } else if (type === 'operator.status') {
        const op = state.operators.find(o => o.userId === frame.data.userId);
        if (op) op.status = frame.data.status;
      }
    };

    let unsubscribe = null;
    let stopClock = null;
    onMounted(() => {
      unsubscribe = subscribe(onEvent);
      stopClock = useClock();
      loadAll();
    });
    onBeforeUnmount(() => {
      unsubscribe?.();
      stopClock?.();
      Object.values(timers).forEach(clearTimeout);
    });
    watch(() => `${filters.value.lineId}|${filters.value.channel}|${filters.value.sort}`, loadSessions);
    watch(() => filters.value.lineId, loadOperators);

    const assigned = () => {
      state.assigning = null;
      loadSessions();
      loadOperators();
    };

    return () => {
      const f = filters.value;
      return html`
        <main class="page sv-page" aria-labelledby="sv-title">
          <div class="sv-head">
            <h1 id="sv-title">${t('title')}</h1>
            <label class="sv-filter">
              <span>${t('line')}</span>
              <select data-testid="filter-line" onChange=${e => setFilter('lineId', Number(e.target.value) || null)}>
                <option value="" selected=${!f.lineId}>${t('allLines')}</option>
                ${state.lines.map(l => html`
                  <option key=${l.id} value=${l.id} selected=${l.id === f.lineId}>${l.name}</option>`)}
              </select>
            </label>
          </div>
          <div class="sv-grid">
            <${ActiveSessions} sessions=${state.sessions} lineNames=${lineNames.value}
                channelNames=${channelNames.value} loading=${state.sessionsLoading} error=${state.sessionsError}
                capped=${state.capped} onAssign=${s => (state.assigning = s)}>
              ${() => html`
                <label class="sv-filter">
                  <span>${t('channel')}</span>
                  <select data-testid="filter-channel" onChange=${e => setFilter('channel', e.target.value)}>
                    <option value="" selected=${!f.channel}>${t('allChannels')}</option>
                    ${channelOptions.value.map(c => html`
                      <option key=${c} value=${c} selected=${c === f.channel}>${channelNames.value[c] || c}</option>`)}
                  </select>
                </label>
                <label class="sv-filter">
                  <span>${t('sort')}</span>
                  <select data-testid="sort" onChange=${e => setFilter('sort', e.target.value)}>
                    ${SORTS.map(s => html`<option key=${s} value=${s} selected=${s === f.sort}>${t(s)}</option>`)}
                  </select>
                </label>`}
            <//>
            <${OperatorsPanel} operators=${state.operators} loading=${state.operatorsLoading}
                error=${state.operatorsError} />
          </div>
          ${state.assigning && html`<${AssignDialog} session=${state.assigning}
              onClose=${() => (state.assigning = null)} onDone=${assigned} />`}
        </main>`;
    };
  },
};
