// A session's SLA at a glance: the time left until its next deadline (the first answer while nobody has answered,
// then the resolution), amber when less than a fifth of the time is left, red once the deadline passed. The inbox
// and the supervisor page show the same badge; nothing shows for a session without deadlines or once it is closed.
import { html } from './lib.js';
import { messages } from './i18n.js';
import { now, humanDuration } from './clock.js';

const t = messages({
  en: {
    firstResponse: 'First answer due in {time}', resolution: 'Resolution due in {time}',
    firstResponseBreached: 'First answer deadline missed', resolutionBreached: 'Resolution deadline missed',
    breached: 'SLA', left: 'SLA {time}',
  },
  ru: {
    firstResponse: 'Первый ответ нужен через {time}', resolution: 'Решение нужно через {time}',
    firstResponseBreached: 'Срок первого ответа нарушен', resolutionBreached: 'Срок решения нарушен',
    breached: 'SLA', left: 'SLA {time}',
  },
});

/** The share of the time left below which the badge turns amber. */
const WARN_SHARE = 0.2;

/** @returns the deadline that matters now: {kind, due, start, breached}, or null */
export function nextDeadline(s) {
  const sla = s?.sla;
  if (!sla || s.status === 'CLOSED' || s.status === 'SPAM') return null;
  if (sla.firstResponseDueAt && !s.firstResponseAt) {
    return { kind: 'firstResponse', due: sla.firstResponseDueAt, start: s.createdAt, breached: sla.firstResponseBreached };
  }
  if (sla.resolutionDueAt) {
    return { kind: 'resolution', due: sla.resolutionDueAt, start: sla.startedAt || s.createdAt,
      breached: sla.resolutionBreached };
  }
  return null;
}

export default {
  props: { session: Object },
  setup(props) {
    return () => {
      const d = nextDeadline(props.session);
      if (!d) return null;
      const left = (Date.parse(d.due) - now.value) / 1000;
      const total = Math.max(1, (Date.parse(d.due) - Date.parse(d.start)) / 1000);
      const level = d.breached || left <= 0 ? 'sla-bad' : left / total < WARN_SHARE ? 'sla-warn' : 'sla-ok';
      const label = level === 'sla-bad' ? t(d.kind + 'Breached') : t(d.kind, { time: humanDuration(left) });
      return html`<span class=${['sla', level]} data-testid="sla" data-sla-level=${level.slice(4)}
                        data-sla-deadline=${d.kind} title=${label} aria-label=${label}>${
                          // named: next to the queue's waiting timer, a bare time would read as another one
                          level === 'sla-bad' ? t('breached') : t('left', { time: humanDuration(left) })}</span>`;
    };
  },
};
