// Parked input: webhook bodies and updates a plugin could not map, newest first, with the payload on demand.
import { html, ref, reactive } from '../lib.js';
import { api, query } from '../api.js';
import { messages, formatTime } from '../i18n.js';
import { useLoad, loadState, PageHead } from './shared.js';

const t = messages({
  en: {
    title: 'Parked input', time: 'Time', account: 'Account', reason: 'Reason', externalId: 'Platform id',
    payload: 'Payload', show: 'Show', hide: 'Hide', allAccounts: 'All accounts', limit: 'Show last',
    intro: 'Input the hub could not turn into messages: unmappable updates, malformed webhook bodies, messages that '
      + 'could not be stored. Look at the payload to see what the platform sent.',
    deletedAccount: 'deleted account #{id}',
  },
  ru: {
    title: 'Отложенный ввод', time: 'Время', account: 'Канал', reason: 'Причина', externalId: 'Id на платформе',
    payload: 'Содержимое', show: 'Показать', hide: 'Скрыть', allAccounts: 'Все каналы', limit: 'Показывать последние',
    intro: 'Входящие данные, которые хаб не смог превратить в сообщения: нераспознанные обновления, испорченные тела '
      + 'вебхуков, сообщения, которые не удалось сохранить. По содержимому видно, что прислала платформа.',
    deletedAccount: 'удалённый канал #{id}',
  },
});

/** The payload, pretty-printed when it is JSON. */
function pretty(payload) {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

export default {
  setup() {
    const filter = reactive({ accountId: '', limit: '100' });
    const [state, reload] = useLoad(async () => {
      const [letters, accounts] = await Promise.all([
        api.get('/api/v1/dead-letters' + query({ accountId: filter.accountId, limit: filter.limit })),
        api.get('/api/v1/channel-accounts')]);
      return { letters, accounts };
    });
    const open = ref(new Set());
    const toggle = id => {
      const s = new Set(open.value);
      if (s.has(id)) s.delete(id); else s.add(id);
      open.value = s;
    };
    const change = (key, value) => {
      filter[key] = value;
      reload();
    };
    return () => {
      const letters = state.data?.letters || [];
      const accounts = state.data?.accounts || [];
      const accountName = id => id == null ? '—'
        : accounts.find(a => a.id === id)?.name || t('deletedAccount', { id });
      return html`
        <${PageHead} title=${t('title')}>${() => html`
          <label class="inline-field"><span>${t('account')}</span>
            <select data-testid="dead-letter-account" onChange=${e => change('accountId', e.target.value)}>
              <option value="" selected=${filter.accountId === ''}>${t('allAccounts')}</option>
              ${accounts.map(a => html`<option value=${String(a.id)} selected=${String(a.id) === filter.accountId}>${a.name}</option>`)}
            </select></label>
          <label class="inline-field"><span>${t('limit')}</span>
            <select onChange=${e => change('limit', e.target.value)}>
              ${['50', '100', '500', '1000'].map(n => html`<option value=${n} selected=${n === filter.limit}>${n}</option>`)}
            </select></label>
          <button type="button" onClick=${reload} disabled=${state.loading}>${t('refresh')}</button>`}<//>
        <p class="hint">${t('intro')}</p>
        ${loadState(state, reload, letters.length === 0) || html`
          <div class="table-wrap">
            <table class="grid admin-table">
              <thead><tr>
                <th scope="col">${t('time')}</th><th scope="col">${t('account')}</th>
                <th scope="col">${t('reason')}</th><th scope="col">${t('externalId')}</th>
                <th scope="col">${t('payload')}</th>
              </tr></thead>
              <tbody>
                ${letters.flatMap(d => [html`
                  <tr key=${d.id} data-testid="dead-letter-row" data-dead-letter-id=${d.id}>
                    <td class="nowrap">${formatTime(d.createdAt, true)}</td>
                    <td>${accountName(d.accountId)}</td>
                    <td class="error-cell">${d.reason}</td>
                    <td>${d.externalId ? html`<code>${d.externalId}</code>` : '—'}</td>
                    <td><button type="button" data-testid="dead-letter-toggle" aria-expanded=${open.value.has(d.id) ? 'true' : 'false'}
                                aria-controls=${'payload-' + d.id} onClick=${() => toggle(d.id)}>
                      ${open.value.has(d.id) ? t('hide') : t('show')}</button></td>
                  </tr>`,
                  open.value.has(d.id) && html`
                  <tr key=${'p' + d.id} class="payload-row">
                    <td colspan="5"><pre class="payload" id=${'payload-' + d.id} data-testid="dead-letter-payload"
                                         tabindex="0">${pretty(d.payload)}</pre></td>
                  </tr>`])}
              </tbody>
            </table>
          </div>`}`;
    };
  },
};
