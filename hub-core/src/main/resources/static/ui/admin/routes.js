// Integration routes: the files loaded from the hub's routes/ directory, with their route ids or why they failed.
import { html } from '../lib.js';
import { api } from '../api.js';
import { messages } from '../i18n.js';
import { Badge } from '../components.js';
import { useLoad, loadState, PageHead } from './shared.js';

const t = messages({
  en: {
    title: 'Routes', file: 'File', routes: 'Routes', loaded: 'loaded', failed: 'failed',
    intro: 'Camel route files (YAML or XML) from the routes directory. They are reloaded when a file changes.',
  },
  ru: {
    title: 'Маршруты', file: 'Файл', routes: 'Маршруты', loaded: 'загружен', failed: 'ошибка',
    intro: 'Файлы маршрутов Camel (YAML или XML) из каталога routes. Они перезагружаются при изменении файла.',
  },
});

export default {
  setup() {
    const [state, reload] = useLoad(() => api.get('/api/v1/routes'));
    return () => {
      const files = state.data || [];
      return html`
        <${PageHead} title=${t('title')}>${() => html`
          <button type="button" onClick=${reload} disabled=${state.loading}>${t('refresh')}</button>`}<//>
        <p class="hint">${t('intro')}</p>
        ${loadState(state, reload, files.length === 0) || html`
          <div class="table-wrap">
            <table class="grid admin-table">
              <thead><tr>
                <th scope="col">${t('file')}</th><th scope="col">${t('status')}</th><th scope="col">${t('routes')}</th>
              </tr></thead>
              <tbody>
                ${files.map(f => html`
                  <tr key=${f.file} data-testid="route-row" data-file=${f.file}>
                    <td><code>${f.file}</code></td>
                    <td>${f.error ? html`<${Badge} kind="bad" text=${t('failed')} />` : html`<${Badge} kind="ok" text=${t('loaded')} />`}
                      ${f.error && html`<div class="error-cell pre" data-testid="route-error">${f.error}</div>`}</td>
                    <td class="small">${(f.routeIds || []).map(id => html`<div key=${id}><code>${id}</code></div>`)}</td>
                  </tr>`)}
              </tbody>
            </table>
          </div>`}`;
    };
  },
};
