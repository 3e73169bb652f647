// The events WebSocket (/api/v1/events, docs/events.md): reconnects on its own with backoff and, after a reconnect,
// tells subscribers to catch up ({type: 'resync'}), since events are not replayed.
import { ref } from './lib.js';

export const connected = ref(false);
const handlers = new Set();
let socket = null;
let attempt = 0;
let pinger = null;
let stopped = true;
let everOpened = false;

/** @returns a function that unsubscribes */
export function subscribe(fn) {
  handlers.add(fn);
  return () => handlers.delete(fn);
}

function emit(frame) {
  handlers.forEach(fn => {
    try {
      fn(frame);
    } catch (e) {
      console.warn('event handler failed', e);
    }
  });
}

export function start() {
  if (!stopped) return;
  stopped = false;
  open();
}

export function stop() {
  stopped = true;
  clearInterval(pinger);
  if (socket) socket.close();
  socket = null;
  connected.value = false;
  everOpened = false;
}

function open() {
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/events';
  const ws = new WebSocket(url);
  socket = ws;
  ws.onopen = () => {
    attempt = 0;
    connected.value = true;
    clearInterval(pinger);
    pinger = setInterval(() => ws.readyState === 1 && ws.send('{"type":"ping"}'), 25000);
    if (everOpened) emit({ type: 'resync', data: {} });
    everOpened = true;
  };
  ws.onmessage = e => {
    let frame;
    try {
      frame = JSON.parse(e.data);
    } catch {
      return;
    }
    if (frame.type !== 'pong') emit(frame);
  };
  ws.onclose = () => {
    if (socket !== ws) return;
    connected.value = false;
    clearInterval(pinger);
    if (stopped) return;
    const delay = Math.min(10000, 500 * 2 ** attempt++) + Math.random() * 300;
    setTimeout(() => !stopped && socket === ws && open(), delay);
  };
}
