// The SLA section of the line form: deadlines for the first answer and for resolution, and the working time they
// count (a weekly schedule in a time zone, without holidays). The API's `sla` object, edited as text per weekday.
import { html, reactive } from '../lib.js';
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
    badMinutes: 'A whole number of minutes, 0 or more.',
    badHours: 'Write intervals like 09:00-13:00, 14:00-18:00, each ending after it starts.',
    badHoliday: '{value} is not a date: write YYYY-MM-DD.', badZone: 'Unknown time zone: write a name like Europe/Moscow.',
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
    badMinutes: 'Целое число минут, 0 или больше.',
    badHours: 'Пишите интервалы вида 09:00-13:00, 14:00-18:00; конец каждого позже начала.',
    badHoliday: '{value} — не дата: пишите ГГГГ-ММ-ДД.', badZone: 'Неизвестный часовой пояс: пишите имя вида Europe/Moscow.',
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

/** "9", "9:30" or "09:30" as HH:mm (the hub reads only that); anything else as it was typed, for the checks. */
function time(x) {
  const m = /^(\d{1,2})(?::(\d{2}))?$/.exec(x);
  return m ? m[1].padStart(2, '0') + ':' + (m[2] || '00') : x;
}

/** A day's text as intervals [{from, to}]; a dash of any kind separates the ends. */
function intervalsOf(text) {
  return text.split(',').map(x => x.trim()).filter(Boolean).map(x => {
    const [from, to] = x.split(/\s*[-\u2013\u2014]\s*/);
    return { from: time(from), to: to ? time(to) : null };
  });
}

const minuteOf = hhmm => {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm || '');
  return m && (m[1] !== '24' || m[2] === '00') ? Number(m[1]) * 60 + Number(m[2]) : null;
};
const isDate = x => /^\d{4}-\d{2}-\d{2}$/.test(x) && !Number.isNaN(Date.parse(x + 'T00:00:00Z'))
  && new Date(x + 'T00:00:00Z').toISOString().startsWith(x);
const holidaysOf = text => text.split(/[\s,]+/).filter(Boolean);
const knownZone = zone => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** The API's `sla` object from the form; the hub checks the times and dates and names what it cannot use. */
export function slaBody(f) {
  const week = {};
  DAYS.forEach(d => {
    const intervals = intervalsOf(f.week[d]);
    if (intervals.length) week[d] = intervals;
  });
  const minutes = v => intOrNull(v) || null;
  return {
    firstResponseMinutes: minutes(f.firstResponseMinutes), resolutionMinutes: minutes(f.resolutionMinutes),
    clock: f.clock, timeZone: f.timeZone.trim() || null, week,
    // a text that is no date goes as null: the hub then names the field instead of refusing the whole request
    holidays: holidaysOf(f.holidays).map(x => (isDate(x) ? x : null)),
  };
}

/** The section's problems the browser sees itself, by request field, in the user's language. */
function problemsOf(f) {
  const p = {};
  const badMinutes = v => v !== '' && !(Number.isInteger(Number(v)) && Number(v) >= 0);
  if (badMinutes(f.firstResponseMinutes)) p['sla.firstResponseMinutes'] = t('badMinutes');
  if (badMinutes(f.resolutionMinutes)) p['sla.resolutionMinutes'] = t('badMinutes');
  if (f.clock !== 'WORKING_HOURS') return p;
  if (f.timeZone.trim() && !knownZone(f.timeZone.trim())) p['sla.timeZone'] = t('badZone');
  DAYS.forEach(d => {
    const ok = intervalsOf(f.week[d]).every(i => {
      const from = minuteOf(i.from);
      const to = minuteOf(i.to);
      return from !== null && to !== null && from < to;
    });
    if (!ok) p['sla.week.' + d] = t('badHours');
  });
  const wrong = holidaysOf(f.holidays).find(x => !isDate(x));
  if (wrong) p['sla.holidays'] = t('badHoliday', { value: wrong });
  return p;
}

export const SlaSection = {
  props: { form: Object, errors: Object },
  setup(props) {
    // a field's own problem shows once the user left it, or once a save was refused; before the hub's wording
    const touched = reactive({});
    const touch = key => () => (touched[key] = true);
    return () => {
      const f = props.form;
      const own = problemsOf(f);
      const e = props.errors;
      const err = key => ((touched[key] || e[key]) && own[key]) || e[key];
      const hours = f.clock === 'WORKING_HOURS';
      return html`
        <fieldset class="settings-fieldset line-sla" data-testid="line-sla">
          <legend>${t('title')}</legend>
          <div class="form-grid">
            <${Field} label=${t('firstResponse')} hint=${t('deadlineHint')}
                      error=${err('sla.firstResponseMinutes')}>${() => html`
              <input type="number" min="0" max="525600" step="1" inputmode="numeric"
                     data-testid="line-sla-first-response" value=${f.firstResponseMinutes}
                     onBlur=${touch('sla.firstResponseMinutes')}
                     onInput=${ev => (f.firstResponseMinutes = ev.target.value)} />`}<//>
            <${Field} label=${t('resolution')} hint=${t('deadlineHint')} error=${err('sla.resolutionMinutes')}>${() => html`
              <input type="number" min="0" max="525600" step="1" inputmode="numeric"
                     data-testid="line-sla-resolution" value=${f.resolutionMinutes}
                     onBlur=${touch('sla.resolutionMinutes')}
                     onInput=${ev => (f.resolutionMinutes = ev.target.value)} />`}<//>
            <${Field} label=${t('clock')} error=${err('sla.clock')}>${() => html`
              <select data-testid="line-sla-clock" onChange=${ev => (f.clock = ev.target.value)}>
                ${CLOCKS.map(c => html`<option value=${c} selected=${c === f.clock}>${t(c)}</option>`)}
              </select>`}<//>
            ${hours && html`
              <${Field} label=${t('timeZone')} hint=${t('timeZoneHint')} error=${err('sla.timeZone')}>${() => html`
                <input data-testid="line-sla-time-zone" maxlength="64" autocomplete="off" value=${f.timeZone}
                       onBlur=${touch('sla.timeZone')}
                       onInput=${ev => (f.timeZone = ev.target.value)} />`}<//>`}
          </div>
          ${hours && html`
            <div class="line-sla-week" role="group" aria-label=${t('week')}>
              <p class="hint">${t('week')}: ${t('weekHint')}</p>
              ${err('sla.week') && html`<small class="field-error" role="alert">${err('sla.week')}</small>`}
              ${DAYS.map(d => html`
                <${Field} key=${d} label=${t(d)} error=${err('sla.week.' + d)}>${() => html`
                  <input data-testid=${'line-sla-day-' + d} value=${f.week[d]} onBlur=${touch('sla.week.' + d)}
                         onInput=${ev => (f.week[d] = ev.target.value)} />`}<//>`)}
            </div>
            <${Field} label=${t('holidays')} hint=${t('holidaysHint')} error=${err('sla.holidays')}>${() => html`
              <textarea rows="3" data-testid="line-sla-holidays" value=${f.holidays} onBlur=${touch('sla.holidays')}
                        onInput=${ev => (f.holidays = ev.target.value)}></textarea>`}<//>`}
        </fieldset>`;
    };
  },
};
