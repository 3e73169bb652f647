// The UI's clock: the hub's time, ticking each second while a page uses it, so that durations and "time
// since" stay current without reloading. The hub's time is the browser's corrected by the skew seen in the hub's
// answers, so a browser whose clock is off still shows true durations.
import { ref } from './lib.js';
import { messages, formatDuration } from './i18n.js';

const t = messages({
  en: { days: '{n} d {rest}' },
  ru: { days: '{n} дн. {rest}' },
});

/** Milliseconds the browser's clock runs ahead of the hub's. */
let skew = 0;
/** The hub's time now, in epoch milliseconds; ticks each second while started. */
export const now = ref(Date.now());
let users = 0;
let timer = null;

function tick() {
  now.value = Date.now() - skew;
}

/** Starts the ticking for one user; returns a function that stops it for that user. */
export function useClock() {
  users++;
  if (!timer) {
    tick();
    timer = setInterval(tick, 1000);
  }
  return () => {
    users--;
    if (users === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/**
 * Learns the skew from a time the hub reported together with how long ago it was, as the operators panel does
 * (lastReplyAt, secondsSinceLastReply). A skew under two seconds is rounding and ignored.
 */
export function learnSkew(iso, secondsAgo) {
  if (!iso || secondsAgo == null) return;
  const hubNow = Date.parse(iso) + secondsAgo * 1000;
  const seen = Date.now() - hubNow;
  skew = Math.abs(seen) < 2000 ? 0 : seen;
  tick();
}

/** @returns seconds from an ISO time to now, never negative; null without a time */
export function secondsSince(iso) {
  return iso ? Math.max(0, (now.value - Date.parse(iso)) / 1000) : null;
}

/** A duration for people: 4:05, 1:02:03, and past a day "2 d 3:04:05". */
export function humanDuration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 86400) return formatDuration(s);
  return t('days', { n: Math.floor(s / 86400), rest: formatDuration(s % 86400) });
}
