// The reply box: Enter sends, Shift+Enter starts a new line; files go with a reply; the switch makes the text an
// internal comment that the client never sees. The hub's refusal (a closed session, a reply window...) is shown as
// it says it. Typing "/" at the start of a word offers reply templates and articles (template-picker.js).
import { html, ref, computed, watch, nextTick } from '../lib.js';
import { api, request } from '../api.js';
import { messages } from '../i18n.js';
import { useTemplatePicker } from './template-picker.js';

const t = messages({
  en: {
    reply: 'Reply to the client', comment: 'Internal comment for colleagues', send: 'Send', attach: 'Attach files',
    internal: 'Internal comment', removeFile: 'Remove {name}', placeholderReply: 'Reply… (Enter sends, Shift+Enter: new line)',
    placeholderComment: 'Comment for colleagues, the client does not see it…', noFilesInComment: 'Comments carry text only',
    twoKindsOfFiles: 'Send either your files or the template\'s files',
  },
  ru: {
    reply: 'Ответ клиенту', comment: 'Внутренний комментарий для коллег', send: 'Отправить',
    attach: 'Прикрепить файлы', internal: 'Внутренний комментарий', removeFile: 'Убрать {name}',
    placeholderReply: 'Ответ… (Enter — отправить, Shift+Enter — новая строка)',
    placeholderComment: 'Комментарий для коллег, клиент его не увидит…',
    noFilesInComment: 'Комментарий — только текст',
    twoKindsOfFiles: 'Отправьте либо свои файлы, либо файлы шаблона',
  },
});

// unsent texts by session, so that looking at another session does not lose a draft
const drafts = new Map();

export default {
  props: {
    sessionId: Number,
    canReply: Boolean,
    canComment: Boolean,
    reason: String,       // why the user may not answer the client, shown in place of the reply
  },
  emits: ['sent'],
  setup(props, { emit }) {
    const text = ref(drafts.get(props.sessionId) || '');
    // the user's choice; where only a comment is possible the switch shows on and cannot be changed
    const internal = ref(false);
    const files = ref([]);
    const busy = ref(false);
    const error = ref('');
    const box = ref(null);
    watch(text, v => drafts.set(props.sessionId, v));
    const mode = computed(() => props.canReply ? (internal.value ? 'internal' : 'reply')
      : props.canComment ? 'internal' : null);
    const picker = useTemplatePicker({ sessionId: () => props.sessionId, text, box,
      enabled: () => mode.value === 'reply' });

    const send = async () => {
      const body = text.value;
      const withFiles = mode.value === 'reply' && files.value.length > 0;
      const template = mode.value === 'reply' ? picker.attached.value : null;
      if (busy.value || !mode.value || (!body.trim() && !withFiles && !template)) return;
      if (withFiles && template) { error.value = t('twoKindsOfFiles'); return; }
      busy.value = true;
      error.value = '';
      const path = `/api/v1/sessions/${props.sessionId}/messages`;
      try {
        let sent;
        if (withFiles) {
          const form = new FormData();
          if (body.trim()) form.append('text', body);
          files.value.forEach(f => form.append('files', f));
          sent = await request('POST', path, form);
        } else if (template) {
          // the template's files go with the text as it is in the box now
          sent = await api.post(`/api/v1/sessions/${props.sessionId}/templates/${template.templateId}/send`,
            { text: body });
        } else {
          sent = await api.post(path, { text: body, internal: mode.value === 'internal' });
        }
        text.value = '';
        files.value = [];
        picker.reset();
        emit('sent', sent);
      } catch (e) {
        error.value = e.message;
      } finally {
        busy.value = false;
        nextTick(() => box.value?.focus());
      }
    };
    const onKey = e => {
      if (picker.onKey(e)) return;
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        send();
      }
    };
    const pick = e => {
      files.value = [...files.value, ...e.target.files];
      e.target.value = '';
    };

    return () => {
      const disabled = !mode.value;
      const isComment = mode.value === 'internal';
      return html`
        <form class=${['reply-box', { internal: isComment }]} data-testid="reply-box"
              onSubmit=${e => { e.preventDefault(); send(); }}>
          ${props.reason && html`<p class="reply-reason" data-testid="reply-disabled">${props.reason}</p>`}
          ${files.value.length > 0 && html`
            <ul class="reply-files">
              ${files.value.map((f, i) => html`<li key=${i}>${f.name}
                <button type="button" class="icon" aria-label=${t('removeFile', { name: f.name })}
                        onClick=${() => files.value.splice(i, 1)}>×</button></li>`)}
            </ul>`}
          ${picker.render()}
          ${picker.renderAttached()}
          <textarea ref=${box} ...${picker.inputAttrs()} data-testid="reply-text" rows="3" disabled=${disabled}
                    aria-label=${isComment ? t('comment') : t('reply')}
                    placeholder=${disabled ? '' : isComment ? t('placeholderComment') : t('placeholderReply')}
                    value=${text.value} onInput=${e => { text.value = e.target.value; picker.update(); }}
                    onClick=${picker.update} onBlur=${picker.hide} onKeydown=${onKey}></textarea>
          ${error.value && html`<p class="form-error" role="alert" data-testid="reply-error">${error.value}</p>`}
          <div class="reply-tools">
            <label class=${['check', 'internal-switch', { disabled: !props.canReply || !props.canComment }]}>
              <input type="checkbox" role="switch" data-testid="reply-internal" checked=${isComment}
                     disabled=${!props.canReply || !props.canComment}
                     onChange=${e => (internal.value = e.target.checked)} />
              ${t('internal')}
            </label>
            <label class=${['button', 'attach', { disabled: disabled || isComment }]}
                   title=${isComment ? t('noFilesInComment') : t('attach')}>
              ${t('attach')}
              <input type="file" multiple class="sr-only" data-testid="reply-files"
                     disabled=${disabled || isComment} onChange=${pick} />
            </label>
            <span class="spacer"></span>
            <button type="submit" class="primary" data-testid="reply-send"
                    disabled=${disabled || busy.value}>${t('send')}</button>
          </div>
        </form>`;
    };
  },
};
