// Lines hub web chat: the launcher a website embeds with
//   <script src="https://HUB/webhooks/KEY/widget.js" data-lang="ru" async></script>
// (optional data-name, data-email, data-position="left"). It adds a button and, once opened, an iframe with the chat
// frame from the hub. Everything lives in a closed shadow root: no globals, no styles in or out.
(function () {
  'use strict';
  var config = /*config*/null || {};
  var me = document.currentScript;
  if (!me || !me.src) { return; }
  var base = me.src.replace(/[?#].*$/, '').replace(/widget\.js$/, '');
  var hub = new URL(base).origin;
  if (document.querySelector('[data-lineshub-chat="' + base + '"]')) { return; }
  var data = me.dataset;
  var lang = (data.lang || navigator.language || 'en').slice(0, 2).toLowerCase() === 'ru' ? 'ru' : 'en';
  var text = {
    en: { open: 'Open chat', close: 'Close chat', title: 'Chat with us', unread: 'new messages' },
    ru: { open: 'Открыть чат', close: 'Закрыть чат', title: 'Напишите нам', unread: 'новых сообщений' }
  }[lang];
  var memory = 'lineshub-chat:' + base;

  function remember(store, key, value) {
    try {
      if (value) { window[store].setItem(memory + key, '1'); } else { window[store].removeItem(memory + key); }
    } catch (e) { /* storage may be off: the widget still works, it only forgets */ }
  }
  function recalls(store, key) {
    try { return window[store].getItem(memory + key) === '1'; } catch (e) { return false; }
  }

  var host = document.createElement('div');
  host.setAttribute('data-lineshub-chat', base);
  var root = host.attachShadow({ mode: 'closed' });
  var side = data.position === 'left' ? 'left' : 'right';
  var css = ':host{all:initial}' +
    '.launcher{position:fixed;bottom:20px;' + side + ':20px;width:56px;height:56px;border:0;border-radius:50%;' +
    'color:#fff;cursor:pointer;box-shadow:0 4px 16px rgba(0,0,0,.25);z-index:2147483000;display:flex;' +
    'align-items:center;justify-content:center;padding:0}' +
    '.launcher:focus-visible{outline:3px solid #111;outline-offset:3px}' +
    '.launcher svg{width:28px;height:28px;fill:currentColor}' +
    '.badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;box-sizing:border-box;' +
    'border-radius:10px;background:#dc2626;color:#fff;font:600 12px/20px system-ui,sans-serif;text-align:center}' +
    '.badge[hidden],.panel[hidden]{display:none}' +
    '.panel{position:fixed;bottom:88px;' + side + ':20px;width:370px;height:600px;max-height:calc(100vh - 110px);' +
    'border-radius:14px;overflow:hidden;box-shadow:0 12px 40px rgba(0,0,0,.28);z-index:2147483000;background:#fff}' +
    '.panel iframe{display:block;width:100%;height:100%;border:0}' +
    '@media (max-width:480px){.panel{top:0;left:0;right:0;bottom:0;width:auto;height:auto;max-height:none;' +
    'border-radius:0}.open .launcher{display:none}}';
  if (root.adoptedStyleSheets && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
    // constructed stylesheets are not inline styles: they work under the strictest page policy
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else {
    var style = document.createElement('style');
    style.textContent = css;
    root.appendChild(style);
  }

  var box = document.createElement('div');
  var launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.style.background = /^#[0-9a-f]{6}$/i.test(config.color || '') ? config.color : '#2563eb';
  launcher.setAttribute('aria-label', text.open + ': ' + (config.title || text.title));
  launcher.setAttribute('aria-expanded', 'false');
  var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  var path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z');
  svg.appendChild(path);
  launcher.appendChild(svg);
  var badge = document.createElement('span');
  badge.className = 'badge';
  badge.hidden = true;
  launcher.appendChild(badge);
  var panel = document.createElement('div');
  panel.className = 'panel';
  panel.hidden = true;
  panel.id = 'lineshub-chat-panel';
  launcher.setAttribute('aria-controls', panel.id);
  box.appendChild(panel);
  box.appendChild(launcher);
  root.appendChild(box);

  var frame = null;
  var ready = false;
  function load() {
    if (frame) { return; }
    var visitor = new URLSearchParams();
    // the visitor's details travel in the fragment: never sent to the server, never in its logs
    if (data.name) { visitor.set('name', data.name); }
    if (data.email) { visitor.set('email', data.email); }
    frame = document.createElement('iframe');
    frame.title = config.title || text.title;
    frame.src = base + 'frame?lang=' + lang + (visitor.toString() ? '#' + visitor : '');
    frame.setAttribute('allow', 'clipboard-write');
    panel.appendChild(frame);
  }
  function tell(message) {
    // only once the frame said it is ready: before, its window is still about:blank of the host's origin
    if (ready) { frame.contentWindow.postMessage(message, hub); }
  }
  function open() {
    load();
    panel.hidden = false;
    box.className = 'open';
    launcher.setAttribute('aria-expanded', 'true');
    launcher.setAttribute('aria-label', text.close);
    remember('sessionStorage', ':open', true);
    tell({ source: 'lineshub-webchat', type: 'visible', visible: true });
    if (frame) { frame.focus(); }
  }
  function close() {
    panel.hidden = true;
    box.className = '';
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-label', text.open + ': ' + (config.title || text.title));
    remember('sessionStorage', ':open', false);
    tell({ source: 'lineshub-webchat', type: 'visible', visible: false });
    launcher.focus();
  }
  launcher.addEventListener('click', function () { if (panel.hidden) { open(); } else { close(); } });

  window.addEventListener('message', function (event) {
    if (!frame || event.source !== frame.contentWindow || event.origin !== hub) { return; }
    var m = event.data || {};
    if (m.source !== 'lineshub-webchat') { return; }
    if (m.type === 'ready') {
      ready = true;
      // a frame still loading when the panel opened could not take the focus then
      if (!panel.hidden) { frame.focus(); }
      tell({ source: 'lineshub-webchat', type: 'visible', visible: !panel.hidden });
    } else if (m.type === 'close') {
      close();
    } else if (m.type === 'active') {
      // a visitor with a conversation gets the frame at once on later pages, so answers and the badge arrive
      remember('localStorage', ':active', true);
    } else if (m.type === 'unread') {
      var n = Math.max(0, Math.min(99, m.count | 0));
      badge.hidden = n === 0;
      badge.textContent = n ? String(n) : '';
      launcher.setAttribute('aria-label', (panel.hidden ? text.open : text.close) + (n ? ' (' + n + ' ' + text.unread + ')' : ''));
    }
  });

  function start() {
    document.body.appendChild(host);
    if (recalls('sessionStorage', ':open')) { open(); } else if (recalls('localStorage', ':active')) { load(); }
  }
  if (document.body) { start(); } else { document.addEventListener('DOMContentLoaded', start); }
})();
