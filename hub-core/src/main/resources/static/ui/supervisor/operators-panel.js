// The operators panel: each operator of the supervised lines with their status, the sessions they hold, the time
// since their last reply (ticking) and their average first response today.
import { html } from '../lib.js';
import { messages, formatTime } from '../i18n.js';
import { secondsSince, humanDuration } from '../clock.js';

const t = messages({
  en: {
    title: 'Operators', ONLINE: 'Online', AWAY: 'Away', OFFLINE: 'Offline', open: 'Open sessions',
    lastReply: 'Since last reply', firstResponse: 'Avg first response today', never: 'no replies yet',
    noData: 'no sessions yet', empty: 'No operators on these lines', lastReplyAt: 'Last reply: {time}',
  },
  ru: {
    title: 'Операторы', ONLINE: 'В сети', AWAY: 'Отошёл', OFFLINE: 'Не в сети', open: 'Открытых сессий',
    lastReply: 'С последнего ответа', firstResponse: 'Ср. первый ответ сегодня', never: 'ещё не отвечал',
    noData: 'пока нет сессий', empty: 'На этих линиях нет операторов', lastReplyAt: 'Последний ответ: {time}',
  },
});

/** The status words, shared with the assign dialog. */
export function statusText(status) {
  return t(status || 'OFFLINE');
}

const STATUS_ORDER = { ONLINE: 0, AWAY: 1, OFFLINE: 2 };

const OperatorRow = {
  props: { op: Object },
  setup(props) {
    return () => {
      const op = props.op;
      const since = secondsSince(op.lastReplyAt);
      const status = op.status || 'OFFLINE';
      return html`
        <li class="sv-operator" data-testid="operator-row" data-user-id=${op.userId}>
          <div class="sv-operator-head">
            <span class=${['sv-dot', 'sv-dot-' + status.toLowerCase()]} aria-hidden="true"></span>
            <span class="sv-operator-name">${op.name}</span>
            <span class=${['badge', status === 'ONLINE' ? 'ok' : status === 'AWAY' ? 'warn' : 'muted']}
                  data-testid="operator-status">${statusText(status)}</span>
          </div>
          <dl class="sv-figures">
            <div><dt>${t('open')}</dt><dd data-testid="operator-open">${op.openSessions}</dd></div>
            <div><dt>${t('lastReply')}</dt>
              <dd data-testid="operator-last-reply"
                  title=${op.lastReplyAt ? t('lastReplyAt', { time: formatTime(op.lastReplyAt, true) }) : null}>
                ${since == null ? html`<span class="muted" aria-hidden="true">—</span><span class="sr-only">${t('never')}</span>`
                  : humanDuration(since)}</dd></div>
            <div><dt>${t('firstResponse')}</dt>
              <dd data-testid="operator-first-response">
                ${op.avgFirstResponseSecondsToday == null
                  ? html`<span class="muted" aria-hidden="true">—</span><span class="sr-only">${t('noData')}</span>`
                  : humanDuration(op.avgFirstResponseSecondsToday)}</dd></div>
          </dl>
        </li>`;
    };
  },
};

export default {
  props: { operators: Array, loading: Boolean, error: String },
  setup(props) {
    return () => {
      // online first, then away, then offline; by name within each
      const rows = [...(props.operators || [])].sort((a, b) =>
        (STATUS_ORDER[a.status] ?? 3) - (STATUS_ORDER[b.status] ?? 3) || a.name.localeCompare(b.name));
      return html`
        <section class="card sv-panel sv-operators" data-testid="operators-panel" aria-labelledby="sv-operators-title">
          <h2 id="sv-operators-title">${t('title')} <span class="muted">${rows.length || ''}</span></h2>
          ${props.error && html`<p class="form-error" role="alert">${props.error}</p>`}
          ${rows.length ? html`<ul class="sv-operator-list">
              ${rows.map(op => html`<${OperatorRow} key=${op.userId} op=${op} />`)}</ul>`
            : html`<p class="muted sv-note">${props.loading ? t('loading') : t('empty')}</p>`}
        </section>`;
    };
  },
};
