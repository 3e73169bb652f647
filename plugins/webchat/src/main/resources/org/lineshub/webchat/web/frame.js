// The Lines hub web chat frame: one visitor's conversation, live over the account's socket. It runs on the hub's
// origin under a policy that allows this file and frame.css only: no inline script or style, nothing of other sites.
const TEXTS = {
  en: {
    title: 'Chat with us', greeting: 'Hello! How can we help you?', online: 'We are online',
    away: 'We are away now', offline: 'We are away right now. Leave a message and we will answer as soon as we can.',
    close: 'Close chat', messages: 'Messages', placeholder: 'Write a message…', send: 'Send',
    attach: 'Attach a file', name: 'Your name', email: 'Your email', message: 'Message', start: 'Start chat',
    skip: 'Skip', intro: 'How should we call you and where can we answer?', thanks: 'Thank you! We will answer soon.',
    sending: 'Sending…', failed: 'Not sent', retry: 'Retry', lost: 'Connection lost. Reconnecting…',
    refused: 'The chat is not available here.', tooLarge: 'The file is larger than {0} MB', file: 'File',
    optional: '(optional)',
    codes: {
      'rate-limited': 'Too many messages. Wait a minute, please.', 'too-long': 'The message is too long.',
      'name-required': 'Please give your name.', 'email-required': 'Please give your email address.',
      'invalid-email': 'This is not an email address.', 'too-large': 'The file is too large.',
      'unknown-visitor': 'The chat was restarted. Try again.', 'not-stored': 'Not saved. Try again.',
    },
  },
  ru: {
    title: 'Напишите нам', greeting: 'Здравствуйте! Чем можем помочь?', online: 'Мы на связи',
    away: 'Сейчас нас нет на месте', offline: 'Сейчас никого нет на месте. Оставьте сообщение, и мы ответим, как только сможем.',
    close: 'Закрыть чат', messages: 'Сообщения', placeholder: 'Напишите сообщение…', send: 'Отправить',
    attach: 'Прикрепить файл', name: 'Ваше имя', email: 'Ваш email', message: 'Сообщение', start: 'Начать чат',
    skip: 'Пропустить', intro: 'Как к вам обращаться и куда ответить?', thanks: 'Спасибо! Мы скоро ответим.',
    sending: 'Отправляется…', failed: 'Не отправлено', retry: 'Повторить', lost: 'Нет соединения. Подключаемся…',
    refused: 'Чат здесь недоступен.', tooLarge: 'Файл больше {0} МБ', file: 'Файл', optional: '(необязательно)',
    codes: {
      'rate-limited': 'Слишком много сообщений. Подождите минуту.', 'too-long': 'Сообщение слишком длинное.',
      'name-required': 'Укажите, пожалуйста, имя.', 'email-required': 'Укажите, пожалуйста, email.',
      'invalid-email': 'Это не адрес электронной почты.', 'too-large': 'Файл слишком большой.',
      'unknown-visitor': 'Чат перезапущен. Попробуйте ещё раз.', 'not-stored': 'Не сохранено. Попробуйте ещё раз.',
    },
  },
};
const lang = document.documentElement.lang === 'ru' ? 'ru' : 'en';
const L = TEXTS[lang];
const SOURCE = 'lineshub-webchat';
const INLINE = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
const account = location.pathname.replace(/\/frame$/, '');
const embedded = window.parent !== window;

const storage = {
  get(k) { try { return localStorage.getItem(account + ':' + k); } catch { return null; } },
  set(k, v) {
    try { if (v == null || v === '') localStorage.removeItem(account + ':' + k); else localStorage.setItem(account + ':' + k, v); } catch { /* storage off */ }
  },
};

// the host page passes a known visitor in the fragment; drop it from the address once read
const hint = new URLSearchParams(location.hash.slice(1));
if (location.hash) history.replaceState(null, '', location.pathname + location.search);

const state = {
  token: storage.get('token'), name: hint.get('name') || storage.get('name') || '',
  email: hint.get('email') || storage.get('email') || '', introDone: storage.get('intro') === '1',
  config: {}, online: true, ready: false, offlineSent: false, visible: !embedded,
  messages: new Map(), pending: new Map(), readUpTo: 0, seenUpTo: Number(storage.get('seen')) || 0,
};

function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c != null && c !== false) el.append(c);
  return el;
}
function icon(d) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}
function field(label, type, autocomplete, multiline) {
  const input = multiline ? h('textarea', { rows: '4', maxlength: '4000' })
    : h('input', { type, autocomplete, maxlength: type === 'email' ? '254' : '100' });
  const hint = h('span', { class: 'hint' });
  return { input, hint, label: h('label', { class: 'field' }, h('span', {}, label, ' ', hint), input) };
}
const fmt = (s, ...a) => s.replace(/\{(\d)\}/g, (_, i) => a[i]);
const reason = (code, text) => L.codes[code] || text || L.failed;
const uid = () => [...crypto.getRandomValues(new Uint8Array(16))].map(b => b.toString(16).padStart(2, '0')).join('');
const post = m => { if (embedded) window.parent.postMessage({ source: SOURCE, ...m }, '*'); };

// the page
const avatar = h('img', { class: 'avatar', alt: '', hidden: true });
const title = h('h1', { class: 'title' });
const subtitle = h('p', { class: 'subtitle' });
const closer = h('button', { type: 'button', class: 'close', 'aria-label': L.close, title: L.close, hidden: !embedded,
  onclick: () => post({ type: 'close' }) }, icon('M6 6l12 12M18 6L6 18'));
const notice = h('p', { class: 'notice', role: 'status', hidden: true });
const away = h('p', { class: 'away', hidden: true });
const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': L.messages, tabindex: '0' });

const introName = field(L.name, 'text', 'name');
const introEmail = field(L.email, 'email', 'email');
const skip = h('button', { type: 'button', class: 'plain', onclick: () => finishIntro(false) }, L.skip);
const intro = h('form', { class: 'intro', hidden: true, onsubmit: e => { e.preventDefault(); finishIntro(true); } },
  h('p', { text: L.intro }), introName.label, introEmail.label,
  h('div', { class: 'row' }, skip, h('button', { type: 'submit', class: 'primary' }, L.start)));

const offName = field(L.name, 'text', 'name');
const offEmail = field(L.email, 'email', 'email');
const offMessage = field(L.message, null, null, true);
const offText = h('p', {});
const offError = h('p', { class: 'error', role: 'alert' });
const offSend = h('button', { type: 'submit', class: 'primary' }, L.send);
const offline = h('form', { class: 'offline', hidden: true, onsubmit: sendOffline },
  offText, offName.label, offEmail.label, offMessage.label, offError, h('div', { class: 'row' }, offSend));

const files = h('input', { type: 'file', multiple: true, hidden: true, tabindex: '-1',
  onchange: async () => {
    const chosen = [...files.files];
    files.value = '';
    // one after another, so they arrive in the order chosen
    for (const file of chosen) await upload(file);
  } });
const attach = h('button', { type: 'button', class: 'attach', 'aria-label': L.attach, title: L.attach,
  onclick: () => files.click() }, icon('M16.5 6.5l-7.8 7.8a2 2 0 0 0 2.8 2.8l7.8-7.8a4 4 0 0 0-5.7-5.7l-8 8a6 6 0 0 0 8.5 8.5l7-7'));
const input = h('textarea', { rows: '1', maxlength: '4000', placeholder: L.placeholder, 'aria-label': L.placeholder,
  onkeydown: e => { if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); sendText(); } },
  oninput: grow });
const composer = h('form', { class: 'composer', onsubmit: e => { e.preventDefault(); sendText(); } },
  files, attach, input, h('button', { type: 'submit', class: 'send', 'aria-label': L.send, title: L.send },
    icon('M3 20l18-8L3 4v6l12 2-12 2z')));

document.title = L.title;
document.body.append(h('div', { class: 'chat' },
  h('header', { class: 'head' }, avatar, h('div', { class: 'titles' }, title, subtitle), closer),
  notice, away, log, intro, offline, composer));

function grow() {
  input.style.height = 'auto';
  input.style.height = Math.min(input.scrollHeight, 120) + 'px';
}

// what is shown
const ask = k => state.config[k] && state.config[k] !== 'hidden';
const required = k => state.config[k] === 'required';
const wrote = () => [...state.messages.values()].some(m => m.inbound) || state.pending.size > 0;

function render() {
  const c = state.config;
  title.textContent = c.title || L.title;
  const answers = [...state.messages.values()].filter(m => !m.inbound).sort((a, b) => a.id - b.id);
  const last = answers[answers.length - 1];
  subtitle.textContent = last && last.author ? last.author : state.online ? L.online : L.away;
  avatar.hidden = !c.avatarUrl;
  if (c.avatarUrl && avatar.getAttribute('src') !== c.avatarUrl) avatar.src = c.avatarUrl;
  const offlineMode = state.ready && !state.online && c.offlineForm && !state.offlineSent;
  const missing = (required('askName') && !state.name) || (required('askEmail') && !state.email);
  const wanted = !state.introDone && !wrote() && ((ask('askName') && !state.name) || (ask('askEmail') && !state.email));
  const introMode = state.ready && !offlineMode && (missing || wanted);
  intro.hidden = !introMode;
  offline.hidden = !offlineMode;
  composer.hidden = introMode || offlineMode;
  away.hidden = state.online || offlineMode || !state.ready;
  away.textContent = c.offlineText || L.offline;
  offText.textContent = c.offlineText || L.offline;
  if (introMode) {
    form(introName, ask('askName'), required('askName'), state.name);
    form(introEmail, ask('askEmail'), required('askEmail'), state.email);
    skip.hidden = missing;
  }
  if (offlineMode) {
    form(offName, ask('askName'), required('askName'), state.name);
    form(offEmail, c.askEmail !== 'hidden', c.askEmail !== 'hidden', state.email);
  }
  attach.disabled = !state.ready;
  renderLog();
}
function form(f, shown, needed, value) {
  f.label.hidden = !shown;
  f.input.required = shown && needed;
  f.hint.textContent = shown && !needed ? L.optional : '';
  if (!f.input.value && value) f.input.value = value;
}

const views = new Map();
function renderLog() {
  const bottom = log.scrollHeight - log.scrollTop - log.clientHeight < 48;
  const items = [{ key: 'greeting', inbound: false, text: state.config.greeting || L.greeting }];
  items.push(...[...state.messages.values()].sort((a, b) => a.id - b.id).map(m => ({ key: 'm' + m.id, ...m })));
  items.push(...[...state.pending.values()].map(p => ({ key: 'p' + p.clientId, inbound: true, pending: p,
    text: p.text, files: p.file ? [{ name: p.file.name }] : [] })));
  const nodes = items.map(item => {
    const sig = JSON.stringify([item, item.pending && item.pending.failed, item.pending && item.pending.reason, state.token]);
    const known = views.get(item.key);
    if (known && known.sig === sig) return known.node;
    const node = bubble(item);
    views.set(item.key, { sig, node });
    return node;
  });
  log.replaceChildren(...nodes);
  if (bottom) log.scrollTop = log.scrollHeight;
}
function bubble(m) {
  const parts = [];
  if (!m.inbound && m.author) parts.push(h('div', { class: 'author', text: m.author }));
  if (m.text) parts.push(h('div', { class: 'text' }, linkify(m.text)));
  for (const f of m.files || []) parts.push(attachment(f));
  const meta = h('div', { class: 'meta' });
  if (m.pending) {
    meta.append(m.pending.failed ? h('span', { class: 'failed', text: m.pending.reason || L.failed }) : L.sending);
    if (m.pending.failed) meta.append(' ', h('button', { type: 'button', class: 'plain', onclick: () => retry(m.pending) }, L.retry));
  } else if (m.at) {
    meta.textContent = new Date(m.at).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  }
  const face = !m.inbound && state.config.avatarUrl ? h('img', { class: 'face', src: state.config.avatarUrl, alt: '' }) : null;
  return h('div', { class: 'msg ' + (m.inbound ? 'mine' : 'theirs') }, face, h('div', { class: 'bubble' }, parts, meta));
}
function linkify(text) {
  return text.split(/(https?:\/\/[^\s<>"]+)/g).map((part, i) => i % 2
    ? h('a', { href: part, target: '_blank', rel: 'noopener noreferrer nofollow' }, part) : part);
}
function attachment(f) {
  if (!f.url) return h('div', { class: 'file', text: f.name || L.file });
  const url = f.url + '?token=' + encodeURIComponent(state.token || '');
  if (INLINE.includes(f.type)) {
    return h('a', { href: url, target: '_blank', rel: 'noopener', class: 'image' }, h('img', { src: url, alt: f.name || L.file }));
  }
  const size = f.size == null ? '' : f.size < 1048576 ? ` (${Math.ceil(f.size / 1024)} KB)` : ` (${(f.size / 1048576).toFixed(1)} MB)`;
  return h('a', { href: url, download: f.name || '', class: 'file' }, (f.name || L.file) + size);
}

// the socket
let socket = null;
let attempts = 0;
let pinger = 0;
let pongWait = 0;
function connect() {
  const url = new URL('live', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  const ws = new WebSocket(url);
  socket = ws;
  ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', token: state.token, name: state.name || null,
    email: state.email || null, lang }));
  ws.onmessage = e => { try { handle(JSON.parse(e.data)); } catch (err) { console.warn('chat frame not handled', err); } };
  ws.onclose = e => {
    if (socket !== ws) return;
    socket = null;
    state.ready = false;
    clearInterval(pinger);
    clearTimeout(pongWait);
    notice.textContent = e.code === 1008 ? e.reason || L.refused : L.lost;
    notice.classList.remove('ok');
    notice.hidden = false;
    render();
    attempts++;
    const wait = e.code === 1008 ? 60000 : Math.min(30000, 1000 * 2 ** Math.min(attempts, 5));
    setTimeout(connect, wait * (0.5 + Math.random() / 2));
  };
}
function send(frame) {
  if (!socket || socket.readyState !== WebSocket.OPEN) return false;
  socket.send(JSON.stringify(frame));
  return true;
}
function handle(f) {
  if (f.type === 'welcome') {
    state.token = f.token;
    storage.set('token', f.token);
    state.config = f.config || {};
    state.online = f.online;
    state.ready = true;
    attempts = 0;
    if (/^#[0-9a-f]{6}$/i.test(state.config.color || '')) document.documentElement.style.setProperty('--accent', state.config.color);
    remember(f.visitor || {});
    f.history.forEach(m => state.messages.set(m.id, m));
    notice.hidden = true;
    clearInterval(pinger);
    pinger = setInterval(ping, 25000);
    // what was written while the connection was away goes now; the ids keep a second send from storing twice
    for (const p of state.pending.values()) if (!p.file && !p.failed) send({ type: 'message', id: p.clientId, text: p.text });
    if (f.history.length) post({ type: 'active' });
    render();
    // the panel opened before the chat was ready: the first field the visitor needs gets the focus now
    if (state.visible && [document.body, log].includes(document.activeElement)) focusFirst();
    seen();
  } else if (f.type === 'message') {
    if (f.clientId) state.pending.delete(f.clientId);
    if (f.message.id) state.messages.set(f.message.id, f.message);
    if (f.message.inbound) post({ type: 'active' });
    render();
    if (!f.message.inbound) seen();
  } else if (f.type === 'error') {
    const p = f.clientId && state.pending.get(f.clientId);
    if (p) {
      p.failed = true;
      p.reason = reason(f.code, f.reason);
    } else {
      flash(reason(f.code, f.reason));
    }
    render();
  } else if (f.type === 'status') {
    state.online = f.online;
    render();
  } else if (f.type === 'profile') {
    remember(f);
    render();
  } else if (f.type === 'pong') {
    clearTimeout(pongWait);
  }
}
function ping() {
  if (send({ type: 'ping' })) {
    clearTimeout(pongWait);
    pongWait = setTimeout(() => socket && socket.close(), 10000);
  }
}
function remember(v) {
  if (v.name) state.name = v.name;
  if (v.email) state.email = v.email;
  storage.set('name', state.name);
  storage.set('email', state.email);
}
let flashTimer = 0;
function flash(text, ok) {
  notice.textContent = text;
  notice.classList.toggle('ok', !!ok);
  notice.hidden = false;
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => { if (state.ready) notice.hidden = true; }, 5000);
}

// what the visitor does
function focusFirst() {
  const form = [intro, offline].find(f => !f.hidden);
  const field = form && [...form.querySelectorAll('input, textarea')].find(f => !f.closest('label').hidden && !f.value);
  (field || (composer.hidden ? null : input) || log).focus();
}
function finishIntro(save) {
  if (save) {
    remember({ name: introName.input.value.trim(), email: introEmail.input.value.trim() });
    send({ type: 'profile', name: state.name || null, email: state.email || null });
  }
  state.introDone = true;
  storage.set('intro', '1');
  render();
  focusFirst();
}
function sendText() {
  const text = input.value.trim();
  if (!text) return;
  const p = { clientId: uid(), text };
  state.pending.set(p.clientId, p);
  input.value = '';
  grow();
  if (state.ready) send({ type: 'message', id: p.clientId, text });
  render();
  log.scrollTop = log.scrollHeight;
}
function retry(p) {
  p.failed = false;
  if (p.file) upload(p.file, p);
  else if (state.ready) send({ type: 'message', id: p.clientId, text: p.text });
  render();
}
async function upload(file, again) {
  const p = again || { clientId: uid(), file };
  state.pending.set(p.clientId, p);
  const mb = state.config.maxFileMb || 10;
  if (file.size > mb * 1048576) {
    p.failed = true;
    p.reason = fmt(L.tooLarge, mb);
    render();
    return;
  }
  render();
  log.scrollTop = log.scrollHeight;
  const headers = { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) };
  if (state.name) headers['X-Visitor-Name'] = encodeURIComponent(state.name);
  if (state.email) headers['X-Visitor-Email'] = encodeURIComponent(state.email);
  try {
    const r = await fetch(`upload?token=${encodeURIComponent(state.token)}&id=${p.clientId}`, { method: 'POST', headers, body: file });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(reason(body.code, body.reason || body.detail));
    state.pending.delete(p.clientId);
    state.messages.set(body.id, body);
    post({ type: 'active' });
  } catch (e) {
    p.failed = true;
    p.reason = e.message || L.failed;
  }
  render();
}
async function sendOffline(e) {
  e.preventDefault();
  offSend.disabled = true;
  offError.textContent = '';
  const body = { token: state.token, id: uid(), lang, name: offName.input.value.trim() || null,
    email: offEmail.input.value.trim() || null, message: offMessage.input.value.trim() };
  try {
    const r = await fetch('offline', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(reason(answer.code, answer.reason || answer.detail));
    state.token = answer.token;
    storage.set('token', answer.token);
    remember(body);
    state.messages.set(answer.message.id, answer.message);
    state.offlineSent = true;
    offMessage.input.value = '';
    post({ type: 'active' });
    flash(L.thanks, true);
    render();
  } catch (err) {
    offError.textContent = err.message || L.failed;
  } finally {
    offSend.disabled = false;
  }
}

// read receipts and the launcher's badge
function seen() {
  let newest = 0;
  for (const m of state.messages.values()) if (!m.inbound && m.id > newest) newest = m.id;
  if (state.visible && document.visibilityState === 'visible') {
    if (newest > state.seenUpTo) {
      state.seenUpTo = newest;
      storage.set('seen', String(newest));
    }
    if (newest > state.readUpTo && send({ type: 'read', upTo: newest })) state.readUpTo = newest;
  }
  let unread = 0;
  for (const m of state.messages.values()) if (!m.inbound && m.id > state.seenUpTo) unread++;
  post({ type: 'unread', count: unread });
}
window.addEventListener('message', e => {
  if (e.source !== window.parent || !e.data || e.data.source !== SOURCE || e.data.type !== 'visible') return;
  state.visible = !!e.data.visible;
  if (state.visible) focusFirst();
  seen();
});
document.addEventListener('visibilitychange', seen);
document.addEventListener('keydown', e => { if (e.key === 'Escape' && embedded) post({ type: 'close' }); });

render();
connect();
post({ type: 'ready' });
