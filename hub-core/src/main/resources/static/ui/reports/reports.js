// Reports (#/reports), for supervisors and admins: operator efficiency and line efficiency of one line over a period,
// with CSV downloads of both and of the sessions themselves. Days are the browser's: its time zone goes with every
// request, and the hours of the load chart are its hours.
import { html, reactive, computed, watch, onMounted } from '../lib.js';
import { api, query } from '../api.js';
import { messages, locale, formatDuration } from '../i18n.js';
import { session as login } from '../store.js';
import BarChart from './bar-chart.js';

const t = messages({
  en: {
    title: 'Reports', line: 'Line', from: 'From', to: 'To', zone: 'Time zone', noLines: 'You supervise no line.',
    operators: 'Operator efficiency', lineTitle: 'Line efficiency', operator: 'Operator',
    handled: 'Sessions handled', closed: 'Closed', avgFirst: 'Avg first response', p90First: '90% first response',
    avgHandling: 'Avg handling time', sent: 'Messages sent', breaches: 'SLA breaches', online: 'Time online',
    away: 'Time away', noOperators: 'No operators on this line.', received: 'Sessions received',
    closedSessions: 'Sessions closed', avgQueue: 'Avg wait in queue', p90Queue: '90% wait in queue',
    withinSla: 'Answered within SLA', byChannel: 'Sessions by channel', byHour: 'Load by hour of the day',
    csvOperators: 'Operators CSV', csvLine: 'Line CSV', csvSessions: 'Sessions CSV', downloads: 'Downloads',
    badPeriod: 'Choose a start day on or before the end day.', noSessions: 'No sessions in this period.',
    hourChart: 'Sessions received per hour of the day, {zone}', channelChart: 'Sessions received per channel',
  },
  ru: {
    title: 'Отчёты', line: 'Линия', from: 'С', to: 'По', zone: 'Часовой пояс',
    noLines: 'Вы не руководите ни одной линией.',
    operators: 'Эффективность операторов', lineTitle: 'Эффективность линии', operator: 'Оператор',
    handled: 'Обработано сессий', closed: 'Закрыто', avgFirst: 'Ср. первый ответ', p90First: '90% первый ответ',
    avgHandling: 'Ср. время обработки', sent: 'Отправлено сообщений', breaches: 'Нарушения SLA',
    online: 'Время в сети', away: 'Время «отошёл»', noOperators: 'На линии нет операторов.',
    received: 'Поступило сессий', closedSessions: 'Закрыто сессий', avgQueue: 'Ср. ожидание в очереди',
    p90Queue: '90% ожидание в очереди', withinSla: 'Отвечено в срок SLA', byChannel: 'Сессии по каналам',
    byHour: 'Нагрузка по часам суток', csvOperators: 'CSV операторов', csvLine: 'CSV линии',
    csvSessions: 'CSV сессий', downloads: 'Выгрузки', badPeriod: 'Начало периода должно быть не позже конца.',
    noSessions: 'За этот период сессий нет.', hourChart: 'Поступившие сессии по часам суток, {zone}',
    channelChart: 'Поступившие сессии по каналам',
  },
});

const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
/** The CSV downloads: the path under /api/v1/reports/ and the button's text. */
const DOWNLOADS = [['operators', 'csvOperators'], ['lines', 'csvLine'], ['sessions.csv', 'csvSessions']];
const pad = n => String(n).padStart(2, '0');
const day = d => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const duration = s => (s == null ? '—' : formatDuration(s));
const percent = x => (x == null ? '—' : `${Math.round(x * 1000) / 10}%`);

/** The label of the main navigation's entry for this page. */
export function reportsLabel() {
  return t('title');
}

export default {
  setup() {
    const today = new Date();
    const weekAgo = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6);
    const state = reactive({
      lines: [], channelNames: {}, lineId: null, from: day(weekAgo), to: day(today),
      operators: null, line: null, loading: false, error: '', ready: false,
    });
    const periodOk = computed(() => state.from && state.to && state.from <= state.to);
    const params = computed(() => ({ lineId: state.lineId, from: state.from, to: state.to, zone: ZONE }));
    const csv = path => '/api/v1/reports/' + path + query({
      ...params.value, format: path.endsWith('.csv') ? null : 'csv', lang: locale.value,
    });

    onMounted(async () => {
      try {
        const [lines, types] = await Promise.all([
          api.get('/api/v1/lines'),
          api.get('/api/v1/channel-types').catch(() => []),
        ]);
        const admin = !!login.me?.user?.admin;
        state.lines = lines.filter(l => admin || (l.myRoles || []).includes('SUPERVISOR'))
          .sort((a, b) => a.name.localeCompare(b.name));
        state.channelNames = Object.fromEntries(types.map(c => [c.type, c.displayName]));
        state.lineId = state.lines[0]?.id ?? null;
      } catch (e) {
        state.error = e.message;
      } finally {
        state.ready = true;
      }
    });

    // a newer load wins over an older one still on its way
    let ticket = 0;
    async function load() {
      if (!state.lineId || !periodOk.value) return;
      const mine = ++ticket;
      state.loading = true;
      try {
        const q = query(params.value);
        const [operators, line] = await Promise.all([
          api.get('/api/v1/reports/operators' + q), api.get('/api/v1/reports/lines' + q),
        ]);
        if (mine !== ticket) return;
        state.operators = operators.operators;
        state.line = line;
        state.error = '';
      } catch (e) {
        if (mine === ticket) state.error = e.message;
      } finally {
        if (mine === ticket) state.loading = false;
      }
    }
    watch(() => `${state.lineId}|${state.from}|${state.to}`, load);

    const operatorsTable = () => html`
      <section class="card rp-section" aria-labelledby="rp-operators-title">
        <h2 id="rp-operators-title">${t('operators')}</h2>
        ${state.operators.length === 0 ? html`<p class="muted">${t('noOperators')}</p>` : html`
          <div class="table-wrap">
            <table class="grid rp-table" data-testid="report-operators">
              <thead><tr>
                <th scope="col">${t('operator')}</th><th scope="col">${t('handled')}</th>
                <th scope="col">${t('closed')}</th><th scope="col">${t('avgFirst')}</th>
                <th scope="col">${t('p90First')}</th><th scope="col">${t('avgHandling')}</th>
                <th scope="col">${t('sent')}</th><th scope="col">${t('breaches')}</th>
                <th scope="col">${t('online')}</th><th scope="col">${t('away')}</th>
              </tr></thead>
              <tbody>
                ${state.operators.map(o => html`
                  <tr key=${o.userId} data-testid="report-operator-row" data-user-id=${o.userId}>
                    <th scope="row">${o.name}</th>
                    <td class="rp-num">${o.sessionsHandled}</td><td class="rp-num">${o.sessionsClosed}</td>
                    <td class="rp-num">${duration(o.avgFirstResponseSeconds)}</td>
                    <td class="rp-num">${duration(o.p90FirstResponseSeconds)}</td>
                    <td class="rp-num">${duration(o.avgHandlingSeconds)}</td>
                    <td class="rp-num">${o.messagesSent}</td><td class="rp-num">${o.slaBreaches}</td>
                    <td class="rp-num">${duration(o.onlineSeconds)}</td>
                    <td class="rp-num">${duration(o.awaySeconds)}</td>
                  </tr>`)}
              </tbody>
            </table>
          </div>`}
      </section>`;

    const lineSection = () => {
      const l = state.line;
      const figures = [
        ['received', l.sessionsReceived], ['closedSessions', l.sessionsClosed],
        ['avgQueue', duration(l.avgQueueSeconds)], ['p90Queue', duration(l.p90QueueSeconds)],
        ['avgFirst', duration(l.avgFirstResponseSeconds)], ['avgHandling', duration(l.avgHandlingSeconds)],
        ['withinSla', percent(l.answeredWithinSlaShare)],
      ];
      const channels = l.byChannel.map(c => ({ label: state.channelNames[c.channel] || c.channel, value: c.sessions }));
      const hours = l.byHour.map(h => ({
        label: pad(h.hour), value: h.sessions, title: `${pad(h.hour)}:00 — ${h.sessions}`,
      }));
      return html`
        <section class="card rp-section" aria-labelledby="rp-line-title" data-testid="report-lines">
          <h2 id="rp-line-title">${t('lineTitle')}</h2>
          <dl class="rp-figures">
            ${figures.map(([key, value]) => html`
              <div key=${key} class="rp-figure" data-figure=${key}><dt>${t(key)}</dt><dd>${value}</dd></div>`)}
          </dl>
          ${l.sessionsReceived === 0 ? html`<p class="muted">${t('noSessions')}</p>` : html`
            <div class="rp-charts">
              <figure class="rp-figure-chart">
                <figcaption>${t('byHour')}</figcaption>
                <${BarChart} items=${hours} label=${t('hourChart', { zone: ZONE })} testid="report-chart-hours" />
              </figure>
              <figure class="rp-figure-chart">
                <figcaption>${t('byChannel')}</figcaption>
                <${BarChart} items=${channels} label=${t('channelChart')} testid="report-chart-channels" />
              </figure>
            </div>`}
        </section>`;
    };

    return () => html`
      <main class="page rp-page" aria-labelledby="rp-title">
        <div class="rp-head">
          <h1 id="rp-title">${t('title')}</h1>
          ${state.loading && html`<span class="muted" role="status">${t('loading')}</span>`}
        </div>
        ${!state.ready ? html`<p class="muted" role="status">${t('loading')}</p>`
          : state.lines.length === 0 && !state.error ? html`<p class="muted">${t('noLines')}</p>` : html`
          <form class="rp-filters card" onSubmit=${e => e.preventDefault()}>
            <label class="field"><span class="field-label">${t('line')}</span>
              <select data-testid="report-line" onChange=${e => (state.lineId = Number(e.target.value))}>
                ${state.lines.map(l => html`
                  <option key=${l.id} value=${l.id} selected=${l.id === state.lineId}>${l.name}</option>`)}
              </select></label>
            <label class="field"><span class="field-label">${t('from')}</span>
              <input type="date" data-testid="report-from" value=${state.from} max=${state.to}
                     onChange=${e => (state.from = e.target.value)} /></label>
            <label class="field"><span class="field-label">${t('to')}</span>
              <input type="date" data-testid="report-to" value=${state.to} min=${state.from}
                     onChange=${e => (state.to = e.target.value)} /></label>
            <div class="field"><span class="field-label">${t('zone')}</span><span class="rp-zone">${ZONE}</span></div>
            <div class="field rp-downloads"><span class="field-label">${t('downloads')}</span>
              <span class="rp-download-links">
                ${DOWNLOADS.map(([p, k]) => html`
                  <a key=${p} class="rp-button" data-testid="report-csv" data-report=${p.replace('.csv', '')}
                     href=${periodOk.value && state.lineId ? csv(p) : null} download
                     aria-disabled=${periodOk.value && state.lineId ? null : 'true'}>${t(k)}</a>`)}
              </span></div>
          </form>`}
        ${!periodOk.value && html`<p class="form-error" role="alert">${t('badPeriod')}</p>`}
        ${state.error && html`<p class="form-error" role="alert">${state.error}</p>`}
        ${periodOk.value && state.line && html`${lineSection()}`}
        ${periodOk.value && state.operators && html`${operatorsTable()}`}
      </main>`;
  },
};
