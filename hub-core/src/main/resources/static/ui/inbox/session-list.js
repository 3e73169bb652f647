// The inbox's left column: the line filter with counters, the groups (Queue, Mine, Active, Closed) and the
// sessions of the chosen group, each with its waiting timer.
import { html, computed, watch } from '../lib.js';
import { messages, formatTime } from '../i18n.js';
import {
  inbox, visibleGroups, loadGroup, setLine, unreadOf, queueCount, lineName, rolesOn,
} from './inbox-state.js';
import WaitTimer from '../wait-timer.js';
import SlaBadge from '../sla-badge.js';
import * as notify from './notify.js';

const t = messages({
  en: {
    lines: 'Lines', allLines: 'All lines', groups: 'Session groups', queue: 'Queue', mine: 'Mine',
    active: 'Active', closed: 'Closed', queued: '{n} in the queue', unread: '{n} unread in my sessions',
    loadMore: 'Load more', empty: 'No sessions here',
    notifyOn: 'Turn on notifications', notifyOff: 'Turn off notifications',
    notifyBlocked: 'The browser blocks notices from this site: only the sound plays.',
    notifyHint: 'A notice and a sound for each new session on your lines.', sessions: 'Sessions',
    noOperator: 'No operator',
  },
  ru: {
    lines: 'Линии', allLines: 'Все линии', groups: 'Группы сессий', queue: 'Очередь', mine: 'Мои',
    active: 'Активные', closed: 'Закрытые', queued: 'В очереди: {n}', unread: 'Непрочитанных в моих сессиях: {n}',
    loadMore: 'Загрузить ещё', empty: 'Здесь нет сессий',
    notifyOn: 'Включить уведомления', notifyOff: 'Выключить уведомления',
    notifyBlocked: 'Браузер запретил уведомления этого сайта: звучит только сигнал.',
    notifyHint: 'Уведомление и звук при каждой новой сессии на ваших линиях.', sessions: 'Сессии',
    noOperator: 'Без оператора',
  },
});

const Counter = {
  props: { n: Number, kind: String, label: String },
  setup(props) {
    return () => props.n > 0
      ? html`<span class=${['badge', props.kind]} title=${props.label} aria-label=${props.label}>${props.n}</span>`
      : null;
  },
};

const SessionRow = {
  props: { s: Object, current: Boolean, showLine: Boolean, showOperator: Boolean },
  setup(props) {
    return () => {
      const s = props.s;
      return html`
        <li>
          <a class=${['session-row', { current: props.current, unread: s.unread > 0 }]} href=${'#/inbox/' + s.id}
             data-testid="session-row" data-session-id=${s.id} aria-current=${props.current ? 'page' : null}>
            <span class="row-main">
              <span class="row-name">${s.clientName || '#' + s.clientId}</span>
              <time class="row-time" datetime=${s.lastMessageAt}>${formatTime(s.lastMessageAt)}</time>
            </span>
            <span class="row-meta">
              <span class="badge channel">${s.channelType}</span>
              <span class="row-info">${[
                props.showLine && lineName(s.lineId),
                props.showOperator && (s.operatorId ? s.operatorName || '…' : t('noOperator')),
              ].filter(Boolean).join(' · ')}</span>
              <${WaitTimer} since=${s.waitingSince} />
              <${SlaBadge} session=${s} />
              <${Counter} n=${s.unread} kind="bad" label=${t('unread', { n: s.unread })} />
            </span>
          </a>
        </li>`;
    };
  },
};

const NotifySwitch = {
  setup() {
    return () => html`
      <div class="notify-switch">
        ${notify.enabled.value
          ? html`<button type="button" class="link" data-testid="notify-off" onClick=${notify.disable}>
              ${t('notifyOff')}</button>`
          : html`<button type="button" data-testid="notify-on" title=${t('notifyHint')} onClick=${notify.enable}>
              ${t('notifyOn')}</button>`}
        ${notify.enabled.value && notify.permission.value === 'denied'
          && html`<small class="hint">${t('notifyBlocked')}</small>`}
      </div>`;
  },
};

export default {
  props: { currentId: Number, group: String },
  emits: ['group'],
  setup(props, { emit }) {
    const list = computed(() => inbox.lists[props.group]);
    const rows = computed(() => list.value.ids.map(id => inbox.sessions[id]).filter(Boolean));
    const several = computed(() => inbox.lineId == null && inbox.lines.length > 1);
    const groupCount = g => g === 'queue' ? queueCount.value
      : g === 'closed' ? 0 : inbox.lists[g].ids.length;
    // the chosen group may vanish when the line filter changes (Active only on supervised lines)
    watch(visibleGroups, groups => {
      if (groups.length && !groups.includes(props.group)) emit('group', groups[0]);
    });
    const onTabKey = e => {
      const groups = visibleGroups.value;
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = groups[(groups.indexOf(props.group) + step + groups.length) % groups.length];
      emit('group', next);
      e.currentTarget.parentElement.querySelector(`[data-testid="group-${next}"]`)?.focus();
    };
    return () => html`
      <aside class="inbox-list" aria-label=${t('sessions')}>
        <nav class="inbox-lines" aria-label=${t('lines')}>
          <button type="button" class="line-filter" data-testid="line-all" aria-pressed=${inbox.lineId == null}
                  onClick=${() => setLine(null)}>
            <span class="line-name">${t('allLines')}</span>
            <${Counter} n=${inbox.lines.reduce((n, l) => n + (l.unassigned || 0), 0)} kind="info"
                        label=${t('queued', { n: inbox.lines.reduce((n, l) => n + (l.unassigned || 0), 0) })} />
            <${Counter} n=${unreadOf(null)} kind="bad" label=${t('unread', { n: unreadOf(null) })} />
          </button>
          ${inbox.lines.map(l => html`
            <button type="button" key=${l.id} class="line-filter" data-testid=${'line-' + l.id}
                    aria-pressed=${inbox.lineId === l.id} onClick=${() => setLine(l.id)}>
              <span class="line-name">${l.name}</span>
              <${Counter} n=${l.unassigned} kind="info" label=${t('queued', { n: l.unassigned })} />
              <${Counter} n=${unreadOf(l.id)} kind="bad" label=${t('unread', { n: unreadOf(l.id) })} />
            </button>`)}
        </nav>
        <div class="inbox-groups" role="tablist" aria-label=${t('groups')}>
          ${visibleGroups.value.map(g => html`
            <button type="button" role="tab" key=${g} data-testid=${'group-' + g} aria-selected=${props.group === g}
                    tabindex=${props.group === g ? 0 : -1} class=${{ selected: props.group === g }}
                    onClick=${() => emit('group', g)} onKeydown=${onTabKey}>
              ${t(g)}${groupCount(g) > 0 ? html` <span class="group-count">${groupCount(g)}${
                g !== 'queue' && inbox.lists[g].next ? '+' : ''}</span>` : ''}
            </button>`)}
        </div>
        <div class="session-scroll" role="tabpanel" aria-label=${t(props.group)}>
          ${list.value.error && html`<p class="form-error" role="alert">${list.value.error}</p>`}
          <ul class="session-rows">
            ${rows.value.map(s => html`<${SessionRow} key=${s.id} s=${s} current=${s.id === props.currentId}
                                          showLine=${several.value} showOperator=${props.group === 'active'} />`)}
          </ul>
          ${list.value.loading ? html`<p class="muted list-note">${t('loading')}</p>`
            : !rows.value.length && !list.value.error && html`<p class="muted list-note">${t('empty')}</p>`}
          ${list.value.next && !list.value.loading && html`
            <button type="button" class="link load-more" data-testid="load-more"
                    onClick=${() => loadGroup(props.group, true)}>${t('loadMore')}</button>`}
        </div>
        ${inbox.lines.some(l => rolesOn(l.id).operator) && html`<${NotifySwitch} />`}
      </aside>`;
  },
};
