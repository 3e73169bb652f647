// Channel accounts: messenger and mailbox connections wired to lines. The settings form comes from the plugin's
// schema (settings-form.js); after a save the account (re)starts and its status is polled until it settles, so the
// admin sees RUNNING, or FAILED with the reason.
import { html, ref, reactive, computed, onBeforeUnmount } from '../lib.js';
import { api } from '../api.js';
import { messages, formatTime, locale } from '../i18n.js';
import { toast, showError } from '../store.js';
import { Modal, Field, CopyField, Badge } from '../components.js';
import { useLoad, loadState, applyProblem, useConfirm, PageHead, useFirstFocus, showFirstError } from './shared.js';
import SettingsForm, { settingsState, settingsPayload } from './settings-form.js';

const t = messages({
  en: {
    title: 'Channel accounts', newAccount: 'Connect an account', editAccount: 'Account "{name}"', type: 'Channel',
    chooseType: 'Choose a channel…', line: 'Line', chooseLine: 'Choose a line…', enabled: 'Enabled',
    enabledHint: 'An enabled account starts at once and runs until disabled.', settings: 'Settings',
    RUNNING: 'running', STOPPED: 'stopped', FAILED: 'failed', disabled: 'disabled', checking: 'checking…',
    problem: 'Problem', webhook: 'Webhook URL', embed: 'Code for the website',
    embedHint: 'Put it into the pages of the site, before </body>. Try it first on', demo: 'the demo page', sharedWebhook: 'Shared webhook URL of the channel type',
    webhookGuess: 'The hub\'s public URL (HUB_PUBLIC_URL) is not configured, so this address is made from the address '
      + 'of this page; platforms must be able to reach it.',
    noTypes: 'No running plugin provides a channel. Upload or start one on the Plugins page.',
    noLines: 'There are no lines yet. Create a line first.', pluginsLink: 'Plugins', linesLink: 'Lines',
    pluginDown: 'The plugin providing "{type}" is not running, so its settings cannot be shown or changed. Name, line '
      + 'and enabled can still change.',
    loadingSchema: 'Loading the settings form…', enable: 'Enable', disable: 'Disable', saved: 'Account saved',
    deleted: 'Account deleted', deleteTitle: 'Delete channel account',
    deleteText: 'Delete "{name}"? It stops at once; its sessions and messages stay.', updated: 'Changed {time}',
    noSettings: 'This channel has no settings.',
  },
  ru: {
    title: 'Каналы', newAccount: 'Подключить канал', editAccount: 'Канал «{name}»', type: 'Тип канала',
    chooseType: 'Выберите тип…', line: 'Линия', chooseLine: 'Выберите линию…', enabled: 'Включён',
    enabledHint: 'Включённый канал запускается сразу и работает, пока его не отключат.', settings: 'Настройки',
    RUNNING: 'работает', STOPPED: 'остановлен', FAILED: 'ошибка', disabled: 'отключён', checking: 'проверка…',
    problem: 'Проблема', webhook: 'Адрес вебхука', embed: 'Код для сайта',
    embedHint: 'Вставьте его в страницы сайта перед </body>. Сначала попробуйте на', demo: 'демо-странице', sharedWebhook: 'Общий адрес вебхука для этого типа',
    webhookGuess: 'Публичный адрес хаба (HUB_PUBLIC_URL) не задан, поэтому адрес составлен из адреса этой страницы; '
      + 'он должен быть доступен платформе.',
    noTypes: 'Ни один запущенный плагин не предоставляет канал. Загрузите или запустите плагин на странице «Плагины».',
    noLines: 'Линий пока нет. Сначала создайте линию.', pluginsLink: 'Плагины', linesLink: 'Линии',
    pluginDown: 'Плагин для «{type}» не запущен, поэтому его настройки нельзя показать или изменить. Название, линию '
      + 'и включение изменить можно.',
    loadingSchema: 'Загрузка формы настроек…', enable: 'Включить', disable: 'Отключить', saved: 'Канал сохранён',
    deleted: 'Канал удалён', deleteTitle: 'Удаление канала',
    deleteText: 'Удалить «{name}»? Он сразу остановится; его обращения и сообщения сохранятся.',
    updated: 'Изменён {time}', noSettings: 'У этого канала нет настроек.',
  },
});

const STATUS_KIND = { RUNNING: 'ok', STOPPED: 'muted', FAILED: 'bad' };
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** RUNNING / STOPPED / FAILED, "disabled", and "checking…" while a save settles. */
const StatusBadges = {
  props: { account: Object, checking: Boolean },
  setup(props) {
    return () => {
      const a = props.account;
      const kind = a.status === 'RUNNING' && a.problem ? 'warn' : STATUS_KIND[a.status] || 'muted';
      return html`<span class="badges">
        <span data-testid="account-status" data-status=${a.status}><${Badge} kind=${kind} text=${t(a.status)} /></span>
        ${!a.enabled && html`<${Badge} kind="muted" text=${t('disabled')} />`}
        ${props.checking && html`<span class="hint" data-testid="account-checking" role="status">${t('checking')}</span>`}
      </span>`;
    };
  },
};

/** A web chat account's line for a website's pages, and the hub's demo page that embeds it. */
const WidgetEmbed = {
  props: { url: String },
  setup(props) {
    return () => {
      const u = new URL(props.url, location.href);
      const key = u.pathname.split('/').filter(Boolean).pop();
      const snippet = `<script src="${u.origin}/widget.js" data-account="${key}" data-lang="${locale.value}" async></script>`;
      return html`
        <div class="field" data-testid="account-embed">
          <span class="field-label">${t('embed')}</span>
          <${CopyField} value=${snippet} label=${t('embed')} />
          <small class="hint">${t('embedHint')}
            <a href=${'/demo/?account=' + encodeURIComponent(key) + '&lang=' + locale.value} target="_blank"
               rel="noopener" data-testid="account-demo">${t('demo')}</a></small>
        </div>`;
    };
  },
};

/** Where platforms deliver this account's webhooks, to copy into the platform's settings. */
const WebhookUrls = {
  props: { account: Object },
  setup(props) {
    return () => {
      const a = props.account;
      const url = a.webhookUrl || location.origin + a.webhookPath;
      return html`
        <div class="field" data-testid="account-webhook-url" data-url=${url}>
          <span class="field-label">${t('webhook')}</span>
          <${CopyField} value=${url} label=${t('webhook')} />
          ${!a.webhookUrl && html`<small class="hint">${t('webhookGuess')}</small>`}
        </div>
        ${a.sharedWebhookUrl && html`
          <div class="field" data-testid="account-shared-webhook-url">
            <span class="field-label">${t('sharedWebhook')}</span>
            <${CopyField} value=${a.sharedWebhookUrl} label=${t('sharedWebhook')} />
          </div>`}
        ${a.type === 'webchat' && html`<${WidgetEmbed} url=${url} />`}`;
    };
  },
};

const AccountForm = {
  props: { account: Object, lines: Array, types: Array, checking: Boolean },
  emits: ['close', 'saved'],
  setup(props, { emit }) {
    const a = props.account;
    const onlyLine = props.lines.length === 1 ? String(props.lines[0].id) : '';
    const form = reactive({ type: a?.type || '', name: a?.name || '', lineId: a ? String(a.lineId) : onlyLine,
      enabled: a ? a.enabled : true });
    const schema = reactive({ loading: false, descriptor: null, missing: false, state: null });
    const errors = reactive({});
    const formError = ref('');
    const busy = ref(false);
    const formEl = useFirstFocus();

    const loadSchema = async type => {
      Object.assign(schema, { loading: !!type, descriptor: null, missing: false, state: null });
      if (!type) return;
      // the list names the types of running plugins: no need to ask for one that is not there
      if (!props.types.some(x => x.type === type)) {
        Object.assign(schema, { loading: false, missing: true });
        return;
      }
      try {
        const d = await api.get('/api/v1/channel-types/' + encodeURIComponent(type));
        if (form.type !== type) return; // the admin chose another type meanwhile
        schema.descriptor = d;
        schema.state = settingsState(d.settings, a);
      } catch (e) {
        if (e.status === 404) schema.missing = true; else formError.value = e.message;
      } finally {
        if (form.type === type) schema.loading = false;
      }
    };
    loadSchema(form.type);

    const chooseType = type => {
      form.type = type;
      Object.keys(errors).forEach(k => delete errors[k]);
      loadSchema(type);
    };

    const submit = async e => {
      e.preventDefault();
      busy.value = true;
      formError.value = '';
      const body = {
        type: form.type, name: form.name.trim(), lineId: form.lineId ? Number(form.lineId) : null, enabled: form.enabled,
        settings: schema.descriptor ? settingsPayload(schema.descriptor.settings, a, schema.state) : undefined,
      };
      try {
        const saved = a ? await api.put('/api/v1/channel-accounts/' + a.id, body)
          : await api.post('/api/v1/channel-accounts', body);
        toast(t('saved'));
        emit('saved', saved);
        emit('close');
      } catch (err) {
        formError.value = applyProblem(err, errors, field => ['type', 'name', 'lineId'].includes(field)
          || !!schema.descriptor?.settings.some(s => 'settings.' + s.name === field));
        showFirstError(formEl);
      } finally {
        busy.value = false;
      }
    };

    const description = computed(() => schema.descriptor?.description
      || props.types.find(x => x.type === form.type)?.description || '');

    // the account as polled now, not as it was when the dialog opened
    const summary = cur => html`
      <div class="account-summary">
        <div class="status-line"><${StatusBadges} account=${cur} checking=${props.checking} />
          <span class="hint">${t('updated', { time: formatTime(cur.updatedAt, true) })}</span></div>
        ${(cur.lastError || cur.problem) && html`<p class="notice bad" role="alert">${cur.lastError || cur.problem}</p>`}
        <${WebhookUrls} account=${cur} />
      </div>`;

    return () => html`
      <${Modal} wide title=${a ? t('editAccount', { name: a.name }) : t('newAccount')} onClose=${() => emit('close')}>${() => html`
        <form class="admin-form" onSubmit=${submit} novalidate ref=${formEl} data-testid="account-form">
          ${props.account && summary(props.account)}
          ${!a && props.types.length === 0 && html`
            <p class="notice warn">${t('noTypes')} <a href="#/admin/plugins">${t('pluginsLink')}</a></p>`}
          ${props.lines.length === 0 && html`
            <p class="notice warn">${t('noLines')} <a href="#/admin/lines">${t('linesLink')}</a></p>`}
          <div class="form-grid">
            <${Field} label=${t('type')} hint=${description.value} error=${errors.type}>${() => html`
              <select data-testid="account-type" disabled=${!!a} onChange=${e => chooseType(e.target.value)}>
                ${!a && html`<option value="" selected=${form.type === ''}>${t('chooseType')}</option>`}
                ${a && !props.types.some(x => x.type === a.type) && html`<option value=${a.type} selected>${a.type}</option>`}
                ${props.types.map(x => html`<option value=${x.type} selected=${x.type === form.type}>${x.displayName}</option>`)}
              </select>`}<//>
            <${Field} label=${t('name')} error=${errors.name}>${() => html`
              <input data-testid="account-name" required maxlength="200" value=${form.name}
                     onInput=${e => (form.name = e.target.value)} />`}<//>
            <${Field} label=${t('line')} error=${errors.lineId}>${() => html`
              <select data-testid="account-line" onChange=${e => (form.lineId = e.target.value)}>
                ${!form.lineId && html`<option value="" selected>${t('chooseLine')}</option>`}
                ${props.lines.map(l => html`<option value=${String(l.id)} selected=${String(l.id) === form.lineId}>${l.name}</option>`)}
              </select>`}<//>
          </div>
          <label class="check account-enabled"><input type="checkbox" data-testid="account-enabled" checked=${form.enabled}
                 onChange=${e => (form.enabled = e.target.checked)} />
            <span>${t('enabled')} <span class="hint">${t('enabledHint')}</span></span></label>
          ${form.type && html`
            <fieldset class="settings-fieldset">
              <legend>${t('settings')}</legend>
              ${schema.loading && html`<p class="hint">${t('loadingSchema')}</p>`}
              ${schema.missing && html`<p class="notice warn">${t('pluginDown', { type: form.type })}</p>`}
              ${schema.descriptor && (schema.descriptor.settings.length === 0 ? html`<p class="hint">${t('noSettings')}</p>`
                : html`<${SettingsForm} fields=${schema.descriptor.settings} account=${a} state=${schema.state}
                                        errors=${errors} />`)}
            </fieldset>`}
          ${formError.value && html`<p class="form-error" role="alert" data-testid="form-error">${formError.value}</p>`}
          <div class="form-actions">
            <button type="button" onClick=${() => emit('close')}>${t('cancel')}</button>
            <button type="submit" class="primary" disabled=${busy.value || schema.loading} data-testid="account-save">
              ${t('save')}</button>
          </div>
        </form>`}<//>`;
  },
};

export default {
  setup() {
    const [state, reload] = useLoad(async () => {
      const [accounts, lines, types] = await Promise.all([api.get('/api/v1/channel-accounts'),
        api.get('/api/v1/lines'), api.get('/api/v1/channel-types')]);
      return { accounts, lines, types };
    });
    const editing = ref(null);
    const checking = reactive({}); // account id → the number of the poll running for it
    let polls = 0;
    let alive = true;
    onBeforeUnmount(() => (alive = false));

    const put = account => {
      const list = state.data.accounts;
      const i = list.findIndex(x => x.id === account.id);
      if (i >= 0) list[i] = account; else list.push(account);
    };
    /** Polls an account after a change until it fails, reports a problem, or has run for a while. */
    const settle = async id => {
      const token = ++polls; // a newer save of the same account takes over its poll
      checking[id] = token;
      for (const wait of [500, 800, 1200, 1500, 2000, 3000, 3000]) {
        await sleep(wait);
        if (!alive || checking[id] !== token) return;
        try {
          const a = await api.get('/api/v1/channel-accounts/' + id);
          put(a);
          if (a.status === 'FAILED' || a.problem || (!a.enabled && a.status === 'STOPPED')) break;
        } catch (e) {
          if (e.status === 404) break;
        }
      }
      if (checking[id] === token) delete checking[id];
    };
    const onSaved = account => {
      put(account);
      settle(account.id);
    };
    const toggle = async a => {
      try {
        onSaved(await api.put('/api/v1/channel-accounts/' + a.id,
          { type: a.type, name: a.name, lineId: a.lineId, enabled: !a.enabled }));
      } catch (e) {
        showError(e);
      }
    };
    const confirm = useConfirm(() => { toast(t('deleted')); reload(); });
    const remove = a => confirm.ask({
      title: t('deleteTitle'), text: t('deleteText', { name: a.name }),
      action: () => api.del('/api/v1/channel-accounts/' + a.id),
    });
    const lineName = computed(() => Object.fromEntries((state.data?.lines || []).map(l => [l.id, l.name])));
    const typeName = computed(() => Object.fromEntries((state.data?.types || []).map(x => [x.type, x.displayName])));
    // the dialog shows the account as the list has it, so polled status shows there too
    const editedAccount = computed(() => editing.value?.id && state.data.accounts.find(x => x.id === editing.value.id));

    return () => {
      const accounts = state.data?.accounts || [];
      return html`
        <${PageHead} title=${t('title')}>${() => html`
          <button type="button" onClick=${reload} disabled=${state.loading}>${t('refresh')}</button>
          <button type="button" class="primary" data-testid="account-create" disabled=${!state.data}
                  onClick=${() => (editing.value = {})}>${t('newAccount')}</button>`}<//>
        ${loadState(state, reload, accounts.length === 0) || html`
          <div class="table-wrap">
            <table class="grid admin-table">
              <thead><tr>
                <th scope="col">${t('name')}</th><th scope="col">${t('type')}</th><th scope="col">${t('line')}</th>
                <th scope="col">${t('status')}</th><th scope="col">${t('problem')}</th>
                <th scope="col">${t('actions')}</th>
              </tr></thead>
              <tbody>
                ${accounts.map(a => html`
                  <tr key=${a.id} data-testid="account-row" data-account-id=${a.id}>
                    <td><button type="button" class="link strong" onClick=${() => (editing.value = { id: a.id })}>
                      ${a.name}</button></td>
                    <td>${typeName.value[a.type] || a.type}</td>
                    <td>${lineName.value[a.lineId] || '#' + a.lineId}</td>
                    <td><${StatusBadges} account=${a} checking=${!!checking[a.id]} /></td>
                    <td class="error-cell" data-testid="account-error">${a.lastError || a.problem || ''}</td>
                    <td class="row-actions">
                      <button type="button" data-testid="account-edit" onClick=${() => (editing.value = { id: a.id })}>
                        ${t('edit')}</button>
                      <button type="button" data-testid="account-toggle" onClick=${() => toggle(a)}>
                        ${a.enabled ? t('disable') : t('enable')}</button>
                      <button type="button" class="danger" data-testid="account-delete" onClick=${() => remove(a)}>
                        ${t('delete')}</button>
                    </td>
                  </tr>`)}
              </tbody>
            </table>
          </div>`}
        ${editing.value && html`<${AccountForm} key=${editing.value.id || 'new'} account=${editedAccount.value || null}
            lines=${state.data.lines} types=${state.data.types} checking=${!!checking[editing.value.id]}
            onClose=${() => (editing.value = null)} onSaved=${onSaved} />`}
        ${confirm.dialog()}`;
    };
  },
};
