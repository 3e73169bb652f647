// The admin console: one page per thing an admin configures, chosen by #/admin/<page> (lines by default).
import { html, ref, watch, nextTick, onMounted } from '../lib.js';
import { messages } from '../i18n.js';
import { route } from '../router.js';
import Lines from './lines.js';
import Users from './users.js';
import Groups from './groups.js';
import Tokens from './tokens.js';
import Accounts from './accounts.js';
import Plugins from './plugins.js';
import Routes from './routes.js';
import DeadLetters from './dead-letters.js';
import Templates from './templates.js';
import Blacklist from './blacklist.js';
import Webhooks from './webhooks.js';

const t = messages({
  en: {
    nav: 'Administration', lines: 'Lines', users: 'Users', groups: 'Groups', tokens: 'API tokens',
    accounts: 'Channel accounts', plugins: 'Plugins', routes: 'Routes', 'dead-letters': 'Parked input',
    templates: 'Templates', blacklist: 'Blacklist', webhooks: 'Webhooks',
  },
  ru: {
    nav: 'Администрирование', lines: 'Линии', users: 'Пользователи', groups: 'Группы', tokens: 'API-токены',
    accounts: 'Каналы', plugins: 'Плагины', routes: 'Маршруты', 'dead-letters': 'Отложенный ввод',
    templates: 'Шаблоны', blacklist: 'Чёрный список', webhooks: 'Вебхуки',
  },
});

const PAGES = {
  lines: Lines, users: Users, groups: Groups, tokens: Tokens, accounts: Accounts, plugins: Plugins,
  routes: Routes, 'dead-letters': DeadLetters,
  templates: Templates,
  blacklist: Blacklist,
  webhooks: Webhooks,
};

export default {
  setup() {
    const nav = ref(null);
    // on a phone the tabs scroll sideways: keep the open one in view
    const showActive = () => nextTick(() => nav.value?.querySelector('.active')
      ?.scrollIntoView({ block: 'nearest', inline: 'nearest' }));
    onMounted(showActive);
    watch(() => route.parts[1], showActive);
    return () => {
      const current = PAGES[route.parts[1]] ? route.parts[1] : 'lines';
      const Page = PAGES[current];
      return html`
        <div class="admin">
          <nav class="admin-nav" aria-label=${t('nav')} ref=${nav}>
            ${Object.keys(PAGES).map(key => html`
              <a key=${key} href=${'#/admin/' + key} class=${{ active: key === current }}
                 aria-current=${key === current ? 'page' : null} data-testid=${'admin-nav-' + key}>${t(key)}</a>`)}
          </nav>
          <main class="page admin-page" data-testid=${'admin-page-' + current}>
            <${Page} key=${current} />
          </main>
        </div>`;
    };
  },
};
