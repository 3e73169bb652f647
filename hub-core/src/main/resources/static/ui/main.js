// The web UI: login, then the inbox (operators), the supervisor panel and the admin console, chosen by the user's
// roles. Hash routes (router.js); real-time updates from the events WebSocket (events.js).
import { createApp, html, ref, computed, watch } from './lib.js';
import { api, onUnauthorized } from './api.js';
import { messages, locale, LOCALES } from './i18n.js';
import { session, roles, loadMe, toasts, showError } from './store.js';
import { route, navigate } from './router.js';
import * as events from './events.js';
import Inbox from './inbox/inbox.js';
import Supervisor from './supervisor/supervisor.js';
import Admin from './admin/admin.js';
import Reports, { reportsLabel } from './reports/reports.js';

const t = messages({
  en: {
    title: 'Lines hub', username: 'User name', password: 'Password', login: 'Log in', logout: 'Log out',
    inbox: 'Inbox', supervisor: 'Supervision', admin: 'Administration', online: 'Online', away: 'Away',
    offline: 'Offline', myStatus: 'My status', loginFailed: 'Could not log in', disconnected: 'Reconnecting…',
    noAccess: 'Your user has no lines yet. Ask an administrator to add you to a line.',
    mainNav: 'Main', loginHint: 'The administrator\'s password is printed in the hub\'s log on first start.',
  },
  ru: {
    title: 'Lines hub', username: 'Имя пользователя', password: 'Пароль', login: 'Войти', logout: 'Выйти',
    inbox: 'Входящие', supervisor: 'Контроль', admin: 'Администрирование', online: 'В сети', away: 'Отошёл',
    offline: 'Не в сети', myStatus: 'Мой статус', loginFailed: 'Не удалось войти', disconnected: 'Переподключение…',
    noAccess: 'У вашего пользователя пока нет линий. Попросите администратора добавить вас в линию.',
    mainNav: 'Главное', loginHint: 'Пароль администратора выводится в журнал хаба при первом запуске.',
  },
});

const LanguageSwitch = {
  setup() {
    return () => html`
      <label class="lang-switch">
        <span class="sr-only">${t('language')}</span>
        <select aria-label=${t('language')} data-testid="language" value=${locale.value}
                onChange=${e => (locale.value = e.target.value)}>
          ${LOCALES.map(l => html`<option value=${l} selected=${l === locale.value}>${l === 'ru' ? 'Русский' : 'English'}</option>`)}
        </select>
      </label>`;
  },
};

const Login = {
  setup() {
    const username = ref('');
    const password = ref('');
    const error = ref('');
    const busy = ref(false);
    const submit = async e => {
      e.preventDefault();
      busy.value = true;
      error.value = '';
      try {
        await api.post('/api/v1/auth/login', { username: username.value, password: password.value });
        await loadMe();
      } catch (err) {
        error.value = err.status === 401 ? t('loginFailed') : err.message;
      } finally {
        busy.value = false;
      }
    };
    return () => html`
      <main class="login">
        <form class="card login-card" onSubmit=${submit} aria-labelledby="login-title">
          <div class="login-head"><img src="/favicon.svg" alt="" width="32" height="32" />
            <h1 id="login-title">${t('title')}</h1><${LanguageSwitch} /></div>
          <label class="field"><span class="field-label">${t('username')}</span>
            <input name="username" autocomplete="username" required value=${username.value}
                   onInput=${e => (username.value = e.target.value)} /></label>
          <label class="field"><span class="field-label">${t('password')}</span>
            <input name="password" type="password" autocomplete="current-password" required value=${password.value}
                   onInput=${e => (password.value = e.target.value)} /></label>
          ${error.value && html`<p class="form-error" role="alert">${error.value}</p>`}
          <button class="primary" type="submit" disabled=${busy.value}>${t('login')}</button>
          <p class="hint">${t('loginHint')}</p>
        </form>
      </main>`;
  },
};

const StatusSwitch = {
  setup() {
    const change = async e => {
      const status = e.target.value;
      const before = session.me.user.status;
      try {
        session.me.user = await api.put('/api/v1/me/status', { status });
      } catch (err) {
        e.target.value = before;
        showError(err);
      }
    };
    return () => {
      const status = session.me.user.status;
      return html`
        <label class=${['status-switch', 'status-' + status.toLowerCase()]}>
          <span class="sr-only">${t('myStatus')}</span>
          <select aria-label=${t('myStatus')} data-testid="my-status" onChange=${change}>
            ${['ONLINE', 'AWAY', 'OFFLINE'].map(s => html`
              <option value=${s} selected=${s === status}>${t(s.toLowerCase())}</option>`)}
          </select>
        </label>`;
    };
  },
};

const Shell = {
  setup() {
    const sections = computed(() => [
      (roles.value.operator || roles.value.supervisor || roles.value.reader) && { path: '/inbox', label: t('inbox') },
      roles.value.supervisor && { path: '/supervisor', label: t('supervisor') },
      roles.value.supervisor && { path: '/reports', label: reportsLabel() },
      roles.value.admin && { path: '/admin', label: t('admin') },
    ].filter(Boolean));
    // the first allowed section when the route names none or one the user may not open
    watch([() => route.parts[0], sections], () => {
      const current = '/' + (route.parts[0] || '');
      if (sections.value.length && !sections.value.some(s => s.path === current)) navigate(sections.value[0].path);
    }, { immediate: true });
    const onEvent = frame => {
      if (frame.type === 'operator.status' && frame.data.userId === session.me?.user.id) {
        session.me.user.status = frame.data.status;
      }
    };
    events.subscribe(onEvent);
    const logout = async () => {
      try {
        await api.post('/api/v1/auth/logout');
      } finally {
        events.stop();
        session.me = null;
      }
    };
    return () => {
      const section = route.parts[0];
      return html`
        <div class="shell">
          <header class="topbar">
            <a class="brand" href="#/"><img src="/favicon.svg" alt="" width="24" height="24" /> ${t('title')}</a>
            <nav aria-label=${t('mainNav')}>
              ${sections.value.map(s => html`
                <a href=${'#' + s.path} class=${{ active: '/' + section === s.path }}
                   aria-current=${'/' + section === s.path ? 'page' : null}>${s.label}</a>`)}
            </nav>
            <span class="spacer"></span>
            ${!events.connected.value && html`<span class="badge warn" role="status">${t('disconnected')}</span>`}
            ${(roles.value.operator || roles.value.supervisor) && html`<${StatusSwitch} />`}
            <${LanguageSwitch} />
            <span class="who" title=${session.me.user.username}>${session.me.user.displayName || session.me.user.username}</span>
            <button class="link" onClick=${logout} data-testid="logout">${t('logout')}</button>
          </header>
          ${sections.value.length === 0 ? html`<main class="empty-state">${t('noAccess')}</main>`
            : section === 'supervisor' ? html`<${Supervisor} />`
            : section === 'admin' ? html`<${Admin} />`
            : section === 'reports' ? html`<${Reports} />`
            : section === 'inbox' ? html`<${Inbox} />` : null}
        </div>`;
    };
  },
};

const Toasts = {
  setup() {
    return () => html`
      <div class="toasts" role="status" aria-live="polite">
        ${toasts.map(x => html`<div key=${x.id} class=${['toast', x.kind]}>${x.text}</div>`)}
      </div>`;
  },
};

const App = {
  setup() {
    onUnauthorized(() => {
      events.stop();
      session.me = null;
    });
    watch(() => session.me?.user?.id, id => (id ? events.start() : events.stop()));
    loadMe();
    return () => html`
      ${!session.checked ? html`<main class="empty-state">${t('loading')}</main>`
        : session.me ? html`<${Shell} />` : html`<${Login} />`}
      <${Toasts} />`;
  },
};

createApp(App).mount('#app');
