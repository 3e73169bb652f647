// Reply templates and articles in the reply box: typing "/" at the start of a word opens a list of the templates
// usable in the session whose tag starts with what follows (any alphabet), and of the articles whose title contains
// it. Up/Down move, Enter or a click chooses, Escape closes. A template is filled in by the hub (its preview), so every
// client of the API gets the same text; the text replaces the typed "/tag" and can be edited before it is sent. A
// template's files go with the reply: the reply is then sent through the template, with the edited text.
import { html, ref, computed, nextTick } from '../lib.js';
import { api } from '../api.js';
import { messages } from '../i18n.js';

const t = messages({
  en: {
    label: 'Templates and articles', templates: 'Templates', articles: 'Articles', noMatch: 'Nothing starts with /{prefix}',
    templateFiles: 'Files of template /{tag}', removeTemplateFiles: 'Do not send the files of template /{tag}',
    hint: 'Up/Down to choose, Enter to insert, Escape to close',
  },
  ru: {
    label: 'Шаблоны и статьи', templates: 'Шаблоны', articles: 'Статьи', noMatch: 'Ничего не начинается с /{prefix}',
    templateFiles: 'Файлы шаблона /{tag}', removeTemplateFiles: 'Не отправлять файлы шаблона /{tag}',
    hint: 'Вверх/вниз — выбор, Enter — вставить, Escape — закрыть',
  },
});

// "/" at the start of the text or after a space, then the tag typed so far, right before the caret
const TRIGGER = /(^|\s)\/([\p{L}\p{M}\p{N}_-]*)$/u;
let ids = 0;

/**
 * The picker of one reply box.
 * @param sessionId () => the session's id
 * @param text      the box's text (a ref)
 * @param box       the textarea (a ref)
 * @param enabled   () => whether the box replies to the client now (templates are replies)
 * @returns {onKey(e) -> whether it handled the key, update(), hide(), reset(), attached (a ref: the template whose files go
 *           with the reply, or null), inputAttrs(), render(), renderAttached()}
 */
export function useTemplatePicker({ sessionId, text, box, enabled }) {
  const listId = 'template-picker-' + (++ids);
  const token = ref(null);      // {start, end, prefix} of the "/tag" being typed, or null when closed
  const items = ref([]);        // [{kind: 'template'|'article', key, item}]
  const active = ref(0);
  const loaded = ref(false);
  const dismissed = ref(null);  // the token's start the user closed with Escape, until they type elsewhere
  const attached = ref(null);   // {templateId, tag, files}
  const failed = ref('');       // why the hub could not fill the chosen template in
  let seq = 0;
  let timer = null;

  const open = computed(() => token.value !== null && enabled());

  const load = prefix => {
    clearTimeout(timer);
    const mine = ++seq;
    timer = setTimeout(async () => {
      try {
        const found = await api.get(`/api/v1/sessions/${sessionId()}/templates?prefix=${encodeURIComponent(prefix)}`);
        if (mine !== seq) return;
        items.value = [
          ...found.templates.map(x => ({ kind: 'template', key: 't' + x.id, item: x })),
          ...found.articles.map(x => ({ kind: 'article', key: 'a' + x.id, item: x })),
        ];
        active.value = 0;
        loaded.value = true;
      } catch {
        if (mine === seq) { items.value = []; loaded.value = true; }
      }
    }, 120);
  };

  /** Looks at the text before the caret: opens, filters or closes the list. */
  const update = () => {
    const el = box.value;
    if (!el || !enabled()) { token.value = null; return; }
    const caret = el.selectionStart;
    const match = el.selectionEnd === caret && TRIGGER.exec(text.value.slice(0, caret));
    if (!match) { token.value = null; dismissed.value = null; return; }
    const start = caret - match[2].length - 1;
    if (dismissed.value === start) { token.value = null; return; }
    const changed = !token.value || token.value.prefix !== match[2];
    token.value = { start, end: caret, prefix: match[2] };
    if (changed) { loaded.value = false; failed.value = ''; load(match[2]); }
  };

  const close = () => {
    if (token.value) dismissed.value = token.value.start;
    token.value = null;
    seq++;
  };

  /** Puts text in place of the "/tag" and the caret after it. */
  const replace = insert => {
    const { start, end } = token.value;
    text.value = text.value.slice(0, start) + insert + text.value.slice(end);
    token.value = null;
    const caret = start + insert.length;
    nextTick(() => { box.value?.focus(); box.value?.setSelectionRange(caret, caret); });
  };

  const choose = async entry => {
    if (!entry || !token.value) return;
    const chosen = token.value;
    if (entry.kind === 'article') { replace(entry.item.linkText); return; }
    try {
      const filled = await api.post(`/api/v1/sessions/${sessionId()}/templates/${entry.item.id}/preview`, {});
      if (token.value !== chosen && token.value !== null) return;
      token.value = chosen;
      replace(filled.text);
      attached.value = filled.files.length ? { templateId: entry.item.id, tag: entry.item.tag, files: filled.files }
        : null;
    } catch (e) {
      failed.value = e.message;
    }
  };

  const scrollActive = () => nextTick(() => document.getElementById(`${listId}-${active.value}`)
    ?.scrollIntoView({ block: 'nearest' }));

  const onKey = e => {
    if (!open.value) return false;
    const n = items.value.length;
    if (e.key === 'Escape') { e.preventDefault(); close(); return true; }
    if (e.key === 'ArrowDown' && n) { e.preventDefault(); active.value = (active.value + 1) % n; scrollActive(); return true; }
    if (e.key === 'ArrowUp' && n) { e.preventDefault(); active.value = (active.value - 1 + n) % n; scrollActive(); return true; }
    if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey && !e.isComposing && n && loaded.value) {
      e.preventDefault();
      choose(items.value[active.value]);
      return true;
    }
    return false;
  };

  const reset = () => { token.value = null; attached.value = null; dismissed.value = null; };
  const hide = () => { token.value = null; seq++; };

  const inputAttrs = () => ({
    'aria-autocomplete': 'list',
    'aria-controls': open.value ? listId : null,
    'aria-expanded': open.value ? 'true' : 'false',
    'aria-activedescendant': open.value && items.value.length ? `${listId}-${active.value}` : null,
  });

  const option = (entry, i) => {
    const { kind, item } = entry;
    return html`
      <li key=${entry.key} id=${`${listId}-${i}`} role="option" aria-selected=${i === active.value ? 'true' : 'false'}
          class=${['template-option', { active: i === active.value }]} data-testid="template-option"
          data-kind=${kind} data-template-id=${kind === 'template' ? item.id : null}
          data-article-id=${kind === 'article' ? item.id : null}
          onMousedown=${e => e.preventDefault()} onMouseenter=${() => (active.value = i)}
          onClick=${() => choose(entry)}>
        ${kind === 'template'
          ? html`<span class="template-tag">/${item.tag}</span> <span class="strong">${item.name}</span>
                 <span class="template-snippet muted">${item.text}</span>`
          : html`<span class="strong">${item.title}</span> <span class="template-snippet muted">${item.url}</span>`}
      </li>`;
  };

  const render = () => {
    if (!open.value) return null;
    const list = items.value;
    const firstArticle = list.findIndex(x => x.kind === 'article');
    return html`
      <div class="template-picker" data-testid="template-picker">
        ${loaded.value && list.length === 0
          ? html`<p class="hint" role="status">${t('noMatch', { prefix: token.value.prefix })}</p>`
          : html`
            <ul id=${listId} role="listbox" aria-label=${t('label')} class="template-options">
              ${list.map((entry, i) => [
                i === 0 && entry.kind === 'template'
                  && html`<li key="h-t" role="presentation" class="template-group">${t('templates')}</li>`,
                i === firstArticle && html`<li key="h-a" role="presentation" class="template-group">${t('articles')}</li>`,
                option(entry, i),
              ])}
            </ul>`}
        ${failed.value && html`<p class="form-error" role="alert">${failed.value}</p>`}
        <small class="hint">${t('hint')}</small>
      </div>`;
  };

  const renderAttached = () => attached.value && enabled() && html`
    <div class="template-files" data-testid="template-files">
      <span class="muted">${t('templateFiles', { tag: attached.value.tag })}:</span>
      ${attached.value.files.map(f => html`<span key=${f.id} class="template-file">${f.fileName}</span>`)}
      <button type="button" class="icon" aria-label=${t('removeTemplateFiles', { tag: attached.value.tag })}
              title=${t('removeTemplateFiles', { tag: attached.value.tag })}
              onClick=${() => (attached.value = null)}>×</button>
    </div>`;

  return { onKey, update, hide, reset, attached, inputAttrs, render, renderAttached };
}
