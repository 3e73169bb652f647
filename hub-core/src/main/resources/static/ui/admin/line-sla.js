// The SLA section of the line form: deadlines for the first answer and for resolution, and the working time they
// count (a weekly schedule in a time zone, without holidays). The API's `sla` object, edited as text per weekday.
import { html } from '../lib.js';
import { messages } from '../i18n.js';
import { Field } from '../components.js';
import { intOrNull } from './shared.js';

const t = messages({
  en: {
    title: 'SLA', firstResponse: 'First answer within, minutes', resolution: 'Resolution within, minutes',
    deadlineHint: '0 for no deadline. Counts from when the session started (or was reopened).',
    clock: 'Time that counts', AROUND_THE_CLOCK: 'Around the clock', WORKING_HOURS: 'Working hours only',
    timeZone: 'Time zone', timeZoneHint: 'An IANA name, e.g. Europe/Moscow.',
    week: 'Working hours', weekHint: 'Per day, intervals like 09:00-13:00, 14:00-18:00; empty for a day off; '
      + '24:00 ends the day.',
    holidays: 'Holidays', holidaysHint: 'Dates without working time, YYYY-MM-DD, one per line.',
    MONDAY: 'Monday', TUESDAY: 'Tuesday', WEDNESDAY: 'Wednesday', THURSDAY: 'Thursday', FRIDAY: 'Friday',
    SATURDAY: 'Saturday', SUNDAY: 'Sunday',
  },
  ru: {
    title: 'SLA', firstResponse: 'Первый ответ в течение, минут', resolution: 'Решение в течение, минут',
    deadlineHint: '0 — без срока. Отсчёт от начала сессии (или её повторного открытия).',
    clock: 'Какое время считается', AROUND_THE_CLOCK: 'Круглосуточно', WORKING_HOURS: 'Только рабочее время',
    timeZone: 'Часовой пояс', timeZoneHint: 'Имя IANA, например Europe/Moscow.',
    week: 'Рабочее время', weekHint: 'По дням — интервалы вида 09:00-13:00, 14:00-18:00; пусто — выходной; '
      + '24:00 — конец дня.',
    holidays: 'Праздники', holidaysHint: 'Нерабочие даты, ГГГГ-ММ-ДД, по одной в строке.',
    MONDAY: 'Понедельник', TUESDAY: 'Вторник', WEDNESDAY: 'Среда', THURSDAY: 'Четверг', FRIDAY: 'Пятница',
    SATURDAY: 'Суббота', SUNDAY: 'Воскресенье',
  },
});

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
const CLOCKS = ['AROUND_THE_CLOCK', 'WORKING_HOURS'];

/** The request fields whose problems the section shows next to its inputs. */
export const SLA_FIELDS = ['sla.firstResponseMinutes', 'sla.resolutionMinutes', 'sla.clock', 'sla.timeZone',
  'sla.week', 'sla.holidays', ...DAYS.map(d => 'sla.week.' + d)];

function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch {
    return '';
  }
}

/** The form's state from a line's `sla` (or a new line). */
export function slaFormOf(sla) {
  const week = {};
  DAYS.forEach(d => (week[d] = (sla?.week?.[d] || []).map(h => h.from + '-' + h.to).join(', ')));
  // an office week to start from, until working hours were saved
  if (!DAYS.some(d => week[d])) ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].forEach(d => (week[d] = '09:00-18:00'));
  return {
    firstResponseMinutes: String(sla?.firstResponseMinutes ?? 0),
    resolutionMinutes: String(sla?.resolutionMinutes ?? 0),
    clock: sla?.clock || 'AROUND_THE_CLOCK',
    timeZone: sla?.timeZone || browserZone(),
    week,
    holidays: (sla?.holidays || []).join('\n'),
  };
}

/** The API's `sla` object from the form; the hub checks the times and dates and names what it cannot use. */
export function slaBody(f) {
  const week = {};
  DAYS.forEach(d => {
    const intervals = f.week[d].split(',').map(x => x.trim()).filter(Boolean).map(x => {
      const [from, to] = x.split('-').map(p => p.trim());
      return { from, to: to || null };
    });
    if (intervals.length) week[d] = intervals;
  });
  const minutes = v => intOrNull(v) || null;
  return {
    firstResponseMinutes: minutes(f.firstResponseMinutes), resolutionMinutes: minutes(f.resolutionMinutes),
    clock: f.clock, timeZone: f.timeZone.trim() || null, week,
    holidays: f.holidays.split(/[\s,]+/).filter(Boolean),
  };
}

export const SlaSection = {
  props: { form: Object, errors: Object },
  setup(props) {
    return () => {
      const f = props.form;
      const e = props.errors;
      const hours = f.clock === 'WORKING_HOURS';
      return html`
        <fieldset class="settings-fieldset line-sla" data-testid="line-sla">
          <legend>${t('title')}</legend>
          <div class="form-grid">
            <${Field} label=${t('firstResponse')} hint=${t('deadlineHint')}
                      error=${e['sla.firstResponseMinutes']}>${() => html`
              <input type="number" min="0" max="525600" step="1" inputmode="numeric"
                     data-testid="line-sla-first-response" value=${f.firstResponseMinutes}
                     onInput=${ev => (f.firstResponseMinutes = ev.target.value)} />`}<//>
            <${Field} label=${t('resolution')} hint=${t('deadlineHint')} error=${e['sla.resolutionMinutes']}>${() => html`
              <input type="number" min="0" max="525600" step="1" inputmode="numeric"
                     data-testid="line-sla-resolution" value=${f.resolutionMinutes}
                     onInput=${ev => (f.resolutionMinutes = ev.target.value)} />`}<//>
            <${Field} label=${t('clock')} error=${e['sla.clock']}>${() => html`
              <select data-testid="line-sla-clock" onChange=${ev => (f.clock = ev.target.value)}>
                ${CLOCKS.map(c => html`<option value=${c} selected=${c === f.clock}>${t(c)}</option>`)}
              </select>`}<//>
            ${hours && html`
              <${Field} label=${t('timeZone')} hint=${t('timeZoneHint')} error=${e['sla.timeZone']}>${() => html`
                <input data-testid="line-sla-time-zone" maxlength="64" autocomplete="off" value=${f.timeZone}
                       onInput=${ev => (f.timeZone = ev.target.value)} />`}<//>`}
          </div>
          ${hours && html`
            <div class="line-sla-week" role="group" aria-label=${t('week')}>
              <p class="hint">${t('week')}: ${t('weekHint')}</p>
              ${e['sla.week'] && html`<small class="field-error" role="alert">${e['sla.week']}</small>`}
              ${DAYS.map(d => html`
                <${Field} key=${d} label=${t(d)} error=${e['sla.week.' + d]}>${() => html`
                  <input data-testid=${'line-sla-day-' + d} value=${f.week[d]}
                         onInput=${ev => (f.week[d] = ev.target.value)} />`}<//>`)}
            </div>
            <${Field} label=${t('holidays')} hint=${t('holidaysHint')} error=${e['sla.holidays']}>${() => html`
              <textarea rows="3" data-testid="line-sla-holidays" value=${f.holidays}
                        onInput=${ev => (f.holidays = ev.target.value)}></textarea>`}<//>`}
        </fieldset>`;
    };
  },
};
