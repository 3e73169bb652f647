// Desktop notices and a short sound when a new session arrives on the user's lines. Off until the user turns them
// on with a button (the browser's permission prompt is never opened on load); the choice is kept in localStorage.
import { ref } from '../lib.js';

const KEY = 'lineshub.inbox.notify';
export const supported = typeof window.Notification === 'function';
export const enabled = ref(localStorage.getItem(KEY) === 'on');
export const permission = ref(supported ? Notification.permission : 'denied');

let audio = null;

// Browsers start an AudioContext made before any click suspended (and say so in the console), so it is made on
// the user's first gesture.
function prepareAudio() {
  if (audio || typeof window.AudioContext !== 'function') return;
  audio = new AudioContext();
}
function onFirstGesture() {
  if (enabled.value) prepareAudio();
  window.removeEventListener('pointerdown', onFirstGesture);
  window.removeEventListener('keydown', onFirstGesture);
}
window.addEventListener('pointerdown', onFirstGesture);
window.addEventListener('keydown', onFirstGesture);

/** Called from the button's click: asks the browser's permission, then remembers the choice. */
export async function enable() {
  prepareAudio();
  if (supported && Notification.permission === 'default') {
    permission.value = await Notification.requestPermission();
  }
  enabled.value = true;
  localStorage.setItem(KEY, 'on');
  chime();
}

export function disable() {
  enabled.value = false;
  localStorage.setItem(KEY, 'off');
}

/** Two short rising tones, made with WebAudio: no sound file to load. */
function chime() {
  if (!audio || audio.state !== 'running') return;
  const start = audio.currentTime;
  [660, 990].forEach((frequency, i) => {
    const at = start + i * 0.16;
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.type = 'sine';
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.18, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.15);
    tone.connect(gain).connect(audio.destination);
    tone.start(at);
    tone.stop(at + 0.16);
  });
}

/**
 * @param title   the notice's title
 * @param body    its text
 * @param tag     replaces an earlier notice with the same tag
 * @param onOpen  called when the user clicks the notice
 */
export function announce(title, body, tag, onOpen) {
  if (!enabled.value) return;
  chime();
  if (supported && Notification.permission === 'granted') {
    const n = new Notification(title, { body, tag, icon: '/favicon.svg' });
    n.onclick = () => {
      window.focus();
      onOpen();
      n.close();
    };
  }
}
