// How long the client has waited for an answer (a session's waitingSince), ticking with the UI's clock and coloured
// as the wait grows: calm under 2 minutes, a warning under 5, an alarm past that. The inbox and the supervisor page
// show the same timer.
import { html } from './lib.js';
import { messages } from './i18n.js';
import { secondsSince, humanDuration } from './clock.js';

const t = messages({
  en: { waiting: 'Waiting for an answer: {time}' },
  ru: { waiting: 'Ждёт ответа: {time}' },
});

export function waitLevel(seconds) {
  return seconds < 120 ? 'wait-ok' : seconds < 300 ? 'wait-warn' : 'wait-bad';
}

export default {
  props: { since: String },
  setup(props) {
    return () => {
      const seconds = secondsSince(props.since);
      if (seconds == null) return null;
      const text = humanDuration(seconds);
      return html`<span class=${['wait', waitLevel(seconds)]} data-testid="waiting"
                        title=${t('waiting', { time: text })} aria-label=${t('waiting', { time: text })}>${text}</span>`;
    };
  },
};
