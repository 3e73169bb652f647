// One entry of a conversation: the client's message, a reply with its delivery status, an internal comment, or a
// system event; images inline, other files as downloads; a client's edits with their earlier versions.
import { html, ref } from '../lib.js';
import { api } from '../api.js';
import { messages, formatTime } from '../i18n.js';
import { Modal } from '../components.js';

const t = messages({
  en: {
    PENDING: 'Sending…', SENT: 'Sent', DELIVERED: 'Delivered', READ: 'Read', FAILED: 'Not delivered',
    retrying: 'Will retry: {reason}', retry: 'Retry', internal: 'Internal comment', edited: 'edited',
    deleted: 'deleted by the client', history: 'Earlier versions', EDITED: 'Before an edit',
    DELETED: 'Before deletion', noHistory: 'No earlier versions', download: 'Download {name}',
    image: 'Image {name}', subject: 'Subject', showHistory: 'Show earlier versions of this message',
    client: 'Client', you: 'You',
  },
  ru: {
    PENDING: 'Отправляется…', SENT: 'Отправлено', DELIVERED: 'Доставлено', READ: 'Прочитано',
    FAILED: 'Не доставлено', retrying: 'Будет повтор: {reason}', retry: 'Повторить',
    internal: 'Внутренний комментарий', edited: 'изменено', deleted: 'удалено клиентом',
    history: 'Прежние версии', EDITED: 'До изменения', DELETED: 'До удаления', noHistory: 'Прежних версий нет',
    download: 'Скачать {name}', image: 'Изображение {name}', subject: 'Тема',
    showHistory: 'Показать прежние версии сообщения', client: 'Клиент', you: 'Вы',
  },
});

const STATUS_ICON = { PENDING: '◷', SENT: '✓', DELIVERED: '✓✓', READ: '✓✓', FAILED: '⚠' };

/** The text with every case-insensitive occurrence of the search marked. */
export function highlight(text, search) {
  if (!text) return '';
  const q = (search || '').trim();
  if (!q) return text;
  const out = [];
  const lower = text.toLowerCase();
  const needle = q.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
    if (at > from) out.push(text.slice(from, at));
    out.push(html`<mark>${text.slice(at, at + q.length)}</mark>`);
    from = at + q.length;
  }
  out.push(text.slice(from));
  return out;
}

function size(bytes) {
  if (bytes == null) return '';
  return bytes < 1024 ? bytes + ' B' : bytes < 1048576 ? (bytes / 1024).toFixed(0) + ' KB'
    : (bytes / 1048576).toFixed(1) + ' MB';
}

// the hub shows raster images in place (AttachmentController), everything else is a download
const INLINE = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/avif'];
const isImage = a => a.kind === 'IMAGE' && (!a.mimeType || INLINE.includes(a.mimeType.toLowerCase()));

const Attachments = {
  props: { files: Array },
  setup(props) {
    return () => html`
      <div class="attachments">
        ${props.files.map(a => isImage(a)
          ? html`<a key=${a.id} class="attachment-image" href=${a.url} target="_blank" rel="noopener">
              <img src=${a.url} alt=${t('image', { name: a.fileName || '' })} loading="lazy" /></a>`
          : html`<a key=${a.id} class="attachment-file" href=${a.url} download=${a.fileName || ''}
                    aria-label=${t('download', { name: a.fileName || a.kind })}>
              <span>${a.fileName || a.kind}</span> <small class="muted">${size(a.size)}</small></a>`)}
      </div>`;
  },
};

const History = {
  props: { messageId: Number },
  emits: ['close'],
  setup(props, { emit }) {
    const versions = ref(null);
    const error = ref('');
    api.get(`/api/v1/messages/${props.messageId}/history`)
      .then(v => (versions.value = v), e => (error.value = e.message));
    return () => html`
      <${Modal} title=${t('history')} onClose=${() => emit('close')}>${() => html`
        ${error.value && html`<p class="form-error" role="alert">${error.value}</p>`}
        ${!versions.value && !error.value && html`<p class="muted">${t('loading')}</p>`}
        ${versions.value && !versions.value.length && html`<p class="muted">${t('noHistory')}</p>`}
        <ol class="revisions">
          ${(versions.value || []).map((v, i) => html`
            <li key=${i}><div class="muted">${t(v.kind)} · ${formatTime(v.changedAt, true)}</div>
              <div class="message-text">${v.text}</div></li>`)}
        </ol>`}<//>`;
  },
};

export default {
  props: { m: Object, search: String },
  emits: ['retry'],
  setup(props, { emit }) {
    const showHistory = ref(false);
    return () => {
      const m = props.m;
      const status = m.direction === 'OUTBOUND' ? m.deliveryStatus || 'PENDING' : null;
      if (m.direction === 'SYSTEM') {
        return html`
          <li class="message system" data-testid="message" data-direction="SYSTEM" data-status="" data-message-id=${m.id}>
            <span>${highlight(m.text, props.search)}</span>
            <time datetime=${m.sortTime}>${formatTime(m.sortTime)}</time>
          </li>`;
      }
      const files = Array.isArray(m.attachments) ? m.attachments : [];
      return html`
        <li class=${['message', m.direction.toLowerCase(), { failed: status === 'FAILED' }]} data-testid="message"
            data-direction=${m.direction} data-status=${status || ''} data-message-id=${m.id}>
          <div class="bubble">
            <div class="message-head">
              ${m.direction === 'INTERNAL' && html`<span class="internal-label">${t('internal')}</span>`}
              <span class="author">${m.authorName || (m.direction === 'INBOUND' ? t('client') : '')}</span>
              <time datetime=${m.sortTime} title=${formatTime(m.sortTime, true)}>${formatTime(m.sortTime)}</time>
            </div>
            ${m.subject && html`<div class="message-subject"><span class="sr-only">${t('subject')}: </span>${
              highlight(m.subject, props.search)}</div>`}
            ${m.text && html`<div class=${['message-text', { deleted: m.deletedAt }]}>${
              highlight(m.text, props.search)}</div>`}
            ${files.length > 0 && html`<${Attachments} files=${files} />`}
            <div class="message-foot">
              ${m.editedAt && html`<button type="button" class="link tiny" title=${t('showHistory')}
                                           onClick=${() => (showHistory.value = true)}>${t('edited')}</button>`}
              ${m.deletedAt && html`<span class="badge warn">${t('deleted')}</span>`}
              ${status && html`<span class=${['delivery', 'delivery-' + status.toLowerCase()]}
                                     data-testid="delivery-status">${STATUS_ICON[status] || ''} ${t(status)}</span>`}
            </div>
            ${status === 'PENDING' && m.deliveryError && html`
              <div class="delivery-error muted">${t('retrying', { reason: m.deliveryError })}</div>`}
            ${status === 'FAILED' && html`
              <div class="delivery-error" role="status">
                <span data-testid="delivery-error">${m.deliveryError || t('FAILED')}</span>
                <button type="button" class="small" data-testid="message-retry" disabled=${m.retrying}
                        onClick=${() => emit('retry', m)}>${t('retry')}</button>
                ${m.retryError && html`<span class="form-error" role="alert">${m.retryError}</span>`}
              </div>`}
          </div>
          ${showHistory.value && html`<${History} messageId=${m.id} onClose=${() => (showHistory.value = false)} />`}
        </li>`;
    };
  },
};
