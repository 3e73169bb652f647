// Active sessions of the supervised lines: who works on what, for how long, how recently, and who waits; each opens
// its conversation and can be assigned or reassigned.
import { html } from '../lib.js';
import { messages, formatTime } from '../i18n.js';
import { secondsSince, humanDuration } from '../clock.js';
import WaitTimer from '../wait-timer.js';
import SlaBadge from '../sla-badge.js';

const t = messages({
  en: {
    title: 'Active sessions', client: 'Client', channel: 'Channel', line: 'Line', operator: 'Operator',
    duration: 'Duration', lastActivity: 'Last activity', waiting: 'Waiting', QUEUED: 'In the queue',
    ASSIGNED: 'In progress', noOperator: 'Nobody yet', assign: 'Assign', reassign: 'Reassign',
    openLabel: 'Open the conversation with {name}', assignLabel: 'Assign the session with {name}',
    reassignLabel: 'Reassign the session with {name}', empty: 'No active sessions', notWaiting: '—', capped: 'Showing the first {n} sessions.',
    sla: 'SLA',
  },
  ru: {
    title: 'Активные сессии', client: 'Клиент', channel: 'Канал', line: 'Линия', operator: 'Оператор',
    duration: 'Длительность', lastActivity: 'Последняя активность', waiting: 'Ожидание', QUEUED: 'В очереди',
    ASSIGNED: 'В работе', noOperator: 'Пока никто', assign: 'Назначить', reassign: 'Переназначить',
    openLabel: 'Открыть переписку с {name}', assignLabel: 'Назначить сессию с {name}',
    reassignLabel: 'Переназначить сессию с {name}', empty: 'Активных сессий нет', notWaiting: '—', capped: 'Показаны первые {n} сессий.',
    sla: 'SLA',
  },
});

const Row = {
  props: { s: Object, lineName: String, channelName: String },
  emits: ['assign'],
  setup(props, { emit }) {
    return () => {
      const s = props.s;
      const name = s.clientName || '#' + s.clientId;
      const waited = secondsSince(s.waitingSince);
      const queued = s.status === 'QUEUED';
      return html`
        <tr data-testid="active-row" data-session-id=${s.id} class=${{ 'sv-queued': queued }}>
          <td class="sv-client" data-label=${t('client')}>
            <a href=${'#/inbox/' + s.id} data-testid="open-session" aria-label=${t('openLabel', { name })}>${name}</a>
          </td>
          <td data-label=${t('channel')}><span class="badge">${props.channelName}</span></td>
          <td data-label=${t('line')}>${props.lineName}</td>
          <td data-label=${t('operator')}>
            ${queued ? html`<span class="badge info">${t('QUEUED')}</span>`
              : s.operatorName || html`<span class="muted">${t('noOperator')}</span>`}
          </td>
          <td class="sv-num" data-label=${t('duration')} data-testid="session-duration">
            ${humanDuration(secondsSince(s.createdAt))}</td>
          <td class="sv-num" data-label=${t('lastActivity')}>
            <time datetime=${s.lastMessageAt}>${formatTime(s.lastMessageAt)}</time></td>
          <td class="sv-num" data-label=${t('waiting')}>
            ${waited == null ? html`<span class="muted">${t('notWaiting')}</span>`
              : html`<${WaitTimer} since=${s.waitingSince} />`}
          </td>
          <td class="sv-num" data-label=${t('sla')}><${SlaBadge} session=${s} /></td>
          <td class="sv-actions">
            <button type="button" data-testid="action-assign" onClick=${() => emit('assign', s)}
                    aria-label=${t(queued ? 'assignLabel' : 'reassignLabel', { name })}>
              ${t(queued ? 'assign' : 'reassign')}</button>
          </td>
        </tr>`;
    };
  },
};

export default {
  props: {
    sessions: Array, lineNames: Object, channelNames: Object, loading: Boolean, error: String, capped: Number,
  },
  emits: ['assign'],
  setup(props, { emit, slots }) {
    return () => {
      const rows = props.sessions || [];
      return html`
        <section class="card sv-panel sv-sessions" data-testid="active-sessions" aria-labelledby="sv-sessions-title">
          <div class="sv-panel-head">
            <h2 id="sv-sessions-title">${t('title')} <span class="muted">${rows.length || ''}</span></h2>
            <div class="sv-panel-tools">${slots.default?.()}</div>
          </div>
          ${props.error && html`<p class="form-error" role="alert">${props.error}</p>`}
          ${rows.length ? html`
            <div class="sv-table-wrap">
              <table class="grid sv-table">
                <thead><tr>
                  <th scope="col">${t('client')}</th><th scope="col">${t('channel')}</th>
                  <th scope="col">${t('line')}</th><th scope="col">${t('operator')}</th>
                  <th scope="col">${t('duration')}</th><th scope="col">${t('lastActivity')}</th>
                  <th scope="col">${t('waiting')}</th><th scope="col">${t('sla')}</th><th scope="col"><span class="sr-only">${t('actions')}</span></th>
                </tr></thead>
                <tbody>
                  ${rows.map(s => html`<${Row} key=${s.id} s=${s} lineName=${props.lineNames[s.lineId] || '#' + s.lineId}
                    channelName=${props.channelNames[s.channelType] || s.channelType}
                    onAssign=${x => emit('assign', x)} />`)}
                </tbody>
              </table>
            </div>
            ${props.capped ? html`<p class="muted sv-note">${t('capped', { n: props.capped })}</p>` : null}`
            : html`<p class="muted sv-note">${props.loading ? t('loading') : t('empty')}</p>`}
        </section>`;
    };
  },
};
