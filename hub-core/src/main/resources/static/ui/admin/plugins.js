// Plugins: what is loaded from the plugin directory, with state and error; upload a jar, start, stop, unload.
import { html, ref } from '../lib.js';
import { request, api } from '../api.js';
import { messages } from '../i18n.js';
import { toast, showError } from '../store.js';
import { Badge } from '../components.js';
import { useLoad, loadState, useConfirm, PageHead } from './shared.js';

const t = messages({
  en: {
    title: 'Plugins', plugin: 'Plugin', version: 'Version', provides: 'Provides', file: 'File', upload: 'Upload a plugin',
    uploadHint: 'A plugin .jar: it is stored in the plugin directory and loaded at once, without a restart.',
    uploading: 'Uploading {file}…', uploaded: 'Plugin {id} loaded: {state}', uploadFailed: 'The plugin did not load',
    start: 'Start', stop: 'Stop', unload: 'Unload', started: 'Plugin {id} started', stopped: 'Plugin {id} stopped',
    deleteTitle: 'Unload plugin',
    deleteText: 'Unload "{id}" and delete its file? Its channel accounts stop until a plugin for their type is loaded '
      + 'again.', deleted: 'Plugin unloaded', STARTED: 'started', STOPPED: 'stopped', FAILED: 'failed',
    RESOLVED: 'resolved', CREATED: 'created', DISABLED: 'disabled', UNLOADED: 'unloaded',
  },
  ru: {
    title: 'Плагины', plugin: 'Плагин', version: 'Версия', provides: 'Предоставляет', file: 'Файл',
    upload: 'Загрузить плагин',
    uploadHint: 'Файл .jar плагина: он сохраняется в каталог плагинов и загружается сразу, без перезапуска.',
    uploading: 'Загрузка {file}…', uploaded: 'Плагин {id} загружен: {state}', uploadFailed: 'Плагин не загрузился',
    start: 'Запустить', stop: 'Остановить', unload: 'Выгрузить', started: 'Плагин {id} запущен',
    stopped: 'Плагин {id} остановлен', deleteTitle: 'Выгрузка плагина',
    deleteText: 'Выгрузить «{id}» и удалить его файл? Его каналы остановятся, пока плагин для их типа не будет '
      + 'загружен снова.', deleted: 'Плагин выгружен', STARTED: 'запущен', STOPPED: 'остановлен', FAILED: 'ошибка',
    RESOLVED: 'готов', CREATED: 'создан', DISABLED: 'отключён', UNLOADED: 'выгружен',
  },
});

const KIND = { STARTED: 'ok', FAILED: 'bad', STOPPED: 'muted', DISABLED: 'muted' };
const stateText = s => (['STARTED', 'STOPPED', 'FAILED', 'RESOLVED', 'CREATED', 'DISABLED', 'UNLOADED'].includes(s)
  ? t(s) : s);

export default {
  setup() {
    const [state, reload] = useLoad(() => api.get('/api/v1/plugins'));
    const uploading = ref('');
    const result = ref(null); // {kind, text}: what the last upload got
    const busy = ref('');
    const confirm = useConfirm(() => { toast(t('deleted')); reload(); });

    const upload = async e => {
      const file = e.target.files[0];
      if (!file) return;
      const data = new FormData();
      data.append('file', file);
      uploading.value = file.name;
      result.value = null;
      try {
        const info = await request('POST', '/api/v1/plugins', data);
        result.value = info.state === 'FAILED'
          ? { kind: 'bad', text: t('uploadFailed') + ': ' + (info.error || info.file) }
          : { kind: 'ok', text: t('uploaded', { id: info.id, state: stateText(info.state) }) };
      } catch (err) {
        result.value = { kind: 'bad', text: t('uploadFailed') + ': ' + err.message };
      } finally {
        uploading.value = '';
        e.target.value = '';
        reload();
      }
    };
    const act = async (p, action) => {
      busy.value = p.id;
      try {
        await api.post('/api/v1/plugins/' + encodeURIComponent(p.id) + '/' + action);
        toast(t(action === 'start' ? 'started' : 'stopped', { id: p.id }));
      } catch (err) {
        showError(err);
      } finally {
        busy.value = '';
        reload();
      }
    };
    const remove = p => confirm.ask({
      title: t('deleteTitle'), text: t('deleteText', { id: p.id }), confirmLabel: t('unload'),
      action: () => api.del('/api/v1/plugins/' + encodeURIComponent(p.id)),
    });

    return () => {
      const plugins = state.data || [];
      return html`
        <${PageHead} title=${t('title')}>${() => html`
          <button type="button" onClick=${reload} disabled=${state.loading}>${t('refresh')}</button>`}<//>
        <div class="card upload-card">
          <label class="field">
            <span class="field-label">${t('upload')}</span>
            <input type="file" accept=".jar,application/java-archive" data-testid="plugin-upload"
                   disabled=${!!uploading.value} onChange=${upload} />
            <small class="hint">${t('uploadHint')}</small>
          </label>
          ${uploading.value && html`<p class="hint" role="status">${t('uploading', { file: uploading.value })}</p>`}
          ${result.value && html`<p class=${['notice', result.value.kind]} role=${result.value.kind === 'bad' ? 'alert' : 'status'}
                                    data-testid="plugin-upload-result">${result.value.text}</p>`}
        </div>
        ${loadState(state, reload, plugins.length === 0) || html`
          <div class="table-wrap">
            <table class="grid admin-table">
              <thead><tr>
                <th scope="col">${t('plugin')}</th><th scope="col">${t('version')}</th>
                <th scope="col">${t('status')}</th><th scope="col">${t('provides')}</th>
                <th scope="col">${t('file')}</th><th scope="col">${t('actions')}</th>
              </tr></thead>
              <tbody>
                ${plugins.map(p => html`
                  <tr key=${p.id} data-testid="plugin-row" data-plugin-id=${p.id}>
                    <td><div class="strong">${p.id}</div>
                      ${p.description && html`<div class="hint">${p.description}</div>`}
                      ${p.provider && html`<div class="hint">${p.provider}</div>`}</td>
                    <td class="nowrap">${p.version || '—'}</td>
                    <td><span data-testid="plugin-state" data-state=${p.state}>
                      <${Badge} kind=${KIND[p.state] || 'info'} text=${stateText(p.state)} /></span>
                      ${p.error && html`<div class="error-cell" data-testid="plugin-error">${p.error}</div>`}</td>
                    <td class="small">${[...(p.channelTypes || []), ...(p.extensionPoints || [])
                      .filter(x => x !== 'ChannelConnector')].join(', ')}</td>
                    <td class="small"><code>${p.file}</code></td>
                    <td class="row-actions">
                      ${p.version && (p.state === 'STARTED'
                        ? html`<button type="button" data-testid="plugin-stop" disabled=${busy.value === p.id}
                                       onClick=${() => act(p, 'stop')}>${t('stop')}</button>`
                        : html`<button type="button" data-testid="plugin-start" disabled=${busy.value === p.id}
                                       onClick=${() => act(p, 'start')}>${t('start')}</button>`)}
                      <button type="button" class="danger" data-testid="plugin-delete" onClick=${() => remove(p)}>
                        ${t('unload')}</button>
                    </td>
                  </tr>`)}
              </tbody>
            </table>
          </div>`}
        ${confirm.dialog()}`;
    };
  },
};
