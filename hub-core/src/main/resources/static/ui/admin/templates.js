// Reply templates (operators insert them by typing /tag in the reply box; the hub fills in the placeholders) and
// articles (links to web pages operators insert in a reply).
import { html, ref, reactive, computed } from '../lib.js';
import { api, request } from '../api.js';
import { messages } from '../i18n.js';
import { toast } from '../store.js';
import { Modal, Field } from '../components.js';
import { useLoad, loadState, applyProblem, useConfirm, PageHead, Checklist, useFirstFocus, showFirstError } from './shared.js';

const t = messages({
  en: {
    title: 'Templates', newTemplate: 'New template', editTemplate: 'Template /{tag}', tag: 'Tag',
    tagHint: 'Operators type /tag in the reply box. Letters of any alphabet, digits, - and _.',
    text: 'Text', textHint: 'Placeholders: {client.name}, {operator.name} (who answers), {line.name}. One without a '
      + 'value is left out, with the spacing around it tidied.',
    lines: 'Lines', linesHint: 'None chosen: every line.', channels: 'Channels', channelsHint: 'None chosen: every channel.',
    files: 'Files', filesHint: 'Sent with every reply that uses the template, where the channel can send files.',
    addFiles: 'Add files', removeFile: 'Remove {name}', everywhere: 'all', saved: 'Template saved',
    deleted: 'Deleted', deleteTitle: 'Delete template', deleteText: 'Delete template /{tag}? Replies already sent keep their text.',
    articles: 'Articles', newArticle: 'New article', editArticle: 'Article "{title}"', articleTitle: 'Title',
    url: 'Link', urlHint: 'An http or https address.', summary: 'Short text', articleSaved: 'Article saved',
    deleteArticleTitle: 'Delete article', deleteArticleText: 'Delete article "{title}"?', noArticles: 'No articles yet.',
    noTemplates: 'No templates yet.', readOnly: 'Only admins change this template',
    needName: 'Enter a name.', needTag: 'Enter a tag.', needText: 'Enter the text.',
    badTag: 'Only letters, digits, - and _, without spaces.', needTitle: 'Enter a title.', needUrl: 'Enter a link.',
  },
  ru: {
    title: 'Шаблоны', newTemplate: 'Новый шаблон', editTemplate: 'Шаблон /{tag}', tag: 'Тег',
    tagHint: 'Оператор набирает /тег в поле ответа. Буквы любого алфавита, цифры, - и _.',
    text: 'Текст', textHint: 'Подстановки: {client.name}, {operator.name} (кто отвечает), {line.name}. Подстановка без '
      + 'значения опускается, пробелы вокруг неё приводятся в порядок.',
    lines: 'Линии', linesHint: 'Ничего не выбрано — все линии.', channels: 'Каналы',
    channelsHint: 'Ничего не выбрано — все каналы.', files: 'Файлы',
    filesHint: 'Отправляются с каждым ответом по шаблону, если канал умеет отправлять файлы.',
    addFiles: 'Добавить файлы', removeFile: 'Убрать {name}', everywhere: 'все', saved: 'Шаблон сохранён',
    deleted: 'Удалено', deleteTitle: 'Удаление шаблона',
    deleteText: 'Удалить шаблон /{tag}? Уже отправленные ответы сохранят свой текст.',
    articles: 'Статьи', newArticle: 'Новая статья', editArticle: 'Статья «{title}»', articleTitle: 'Заголовок',
    url: 'Ссылка', urlHint: 'Адрес http или https.', summary: 'Краткий текст', articleSaved: 'Статья сохранена',
    deleteArticleTitle: 'Удаление статьи', deleteArticleText: 'Удалить статью «{title}»?', noArticles: 'Статей пока нет.',
    noTemplates: 'Шаблонов пока нет.', readOnly: 'Этот шаблон меняют только администраторы',
    needName: 'Укажите название.', needTag: 'Укажите тег.', needText: 'Укажите текст.',
    badTag: 'Только буквы, цифры, - и _, без пробелов.', needTitle: 'Укажите заголовок.', needUrl: 'Укажите ссылку.',
  },
});

// the tag as operators type it after "/": letters of any alphabet, digits, - and _
const TAG = /^[\p{L}\p{M}\p{Nd}_-]+$/u;

/** Puts the user's-language reason next to each empty required field; true when there is none. */
function checkRequired(errors, required) {
  Object.keys(errors).forEach(k => delete errors[k]);
  Object.entries(required).forEach(([field, [value, message]]) => { if (!value.trim()) errors[field] = t(message); });
  return Object.keys(errors).length === 0;
}

const TemplateForm = {
  props: { template: Object, lines: Array, channelTypes: Array },
  emits: ['close', 'saved'],
  setup(props, { emit }) {
    const tpl = props.template;
    const form = reactive({
      name: tpl?.name || '', tag: tpl?.tag || '', text: tpl?.text || '',
      lineIds: [...(tpl?.lineIds || [])], channelTypes: [...(tpl?.channelTypes || [])],
    });
    const files = ref([...(tpl?.files || [])]);   // stored files; removed at once
    const added = ref([]);                          // picked files; uploaded after the template is saved
    const errors = reactive({});
    const formError = ref('');
    const busy = ref(false);
    const formEl = useFirstFocus();
    // channel types of running plugins, plus any the template names whose plugin is not running now
    const types = computed(() => [...new Set([...props.channelTypes.map(c => c.type), ...form.channelTypes])]
      .map(type => ({ id: type, label: props.channelTypes.find(c => c.type === type)?.displayName || type })));
    const removeStored = async f => {
      try {
        await api.del(`/api/v1/templates/${tpl.id}/files/${f.id}`);
        files.value = files.value.filter(x => x.id !== f.id);
        emit('saved');
      } catch (e) {
        formError.value = e.message;
      }
    };
    const submit = async e => {
      e.preventDefault();
      formError.value = '';
      // "/tag" is how operators use it, and so how admins tend to write it
      form.tag = form.tag.trim().replace(/^\//, '');
      const ok = checkRequired(errors, { name: [form.name, 'needName'], tag: [form.tag, 'needTag'],
        text: [form.text, 'needText'] });
      if (ok && !TAG.test(form.tag)) errors.tag = t('badTag');
      if (Object.keys(errors).length) { showFirstError(formEl); return; }
      busy.value = true;
      const body = { name: form.name.trim(), tag: form.tag, text: form.text, lineIds: form.lineIds,
        channelTypes: form.channelTypes };
      try {
        const saved = tpl ? await api.put('/api/v1/templates/' + tpl.id, body) : await api.post('/api/v1/templates', body);
        if (added.value.length) {
          const data = new FormData();
          added.value.forEach(f => data.append('files', f));
          await request('POST', `/api/v1/templates/${saved.id}/files`, data);
        }
        toast(t('saved'));
        emit('saved');
        emit('close');
      } catch (err) {
        formError.value = applyProblem(err, errors, ['name', 'tag', 'text', 'lineIds', 'channelTypes', 'files']);
        showFirstError(formEl);
      } finally {
        busy.value = false;
      }
    };
    return () => html`
      <${Modal} wide title=${tpl ? t('editTemplate', { tag: tpl.tag }) : t('newTemplate')} onClose=${() => emit('close')}>${() => html`
        <form class="admin-form" onSubmit=${submit} novalidate ref=${formEl}>
          <${Field} label=${t('name')} error=${errors.name}>${() => html`
            <input data-testid="template-name" required maxlength="200" value=${form.name}
                   onInput=${e => (form.name = e.target.value)} />`}<//>
          <${Field} label=${t('tag')} hint=${t('tagHint')} error=${errors.tag}>${() => html`
            <input data-testid="template-tag" required maxlength="65" value=${form.tag}
                   onInput=${e => (form.tag = e.target.value)} />`}<//>
          <${Field} label=${t('text')} hint=${t('textHint')} error=${errors.text}>${() => html`
            <textarea data-testid="template-text" rows="5" maxlength="10000" value=${form.text}
                      onInput=${e => (form.text = e.target.value)}></textarea>`}<//>
          <${Checklist} legend=${t('lines')} testid="template-lines" items=${props.lines.map(l => ({ id: l.id, label: l.name }))}
                        selected=${form.lineIds} onUpdate=${ids => (form.lineIds = ids)} />
          <p class="hint">${t('linesHint')}</p>
          ${errors.lineIds && html`<p class="field-error" role="alert">${errors.lineIds}</p>`}
          <${Checklist} legend=${t('channels')} testid="template-channels" items=${types.value}
                        selected=${form.channelTypes} onUpdate=${ids => (form.channelTypes = ids)} />
          <p class="hint">${t('channelsHint')}</p>
          ${errors.channelTypes && html`<p class="field-error" role="alert">${errors.channelTypes}</p>`}
          <fieldset class="template-form-files">
            <legend class="field-label">${t('files')}</legend>
            <ul class="reply-files">
              ${files.value.map(f => html`<li key=${'s' + f.id}>${f.fileName}
                <button type="button" class="icon" aria-label=${t('removeFile', { name: f.fileName })}
                        onClick=${() => removeStored(f)}>×</button></li>`)}
              ${added.value.map((f, i) => html`<li key=${'a' + i}>${f.name}
                <button type="button" class="icon" aria-label=${t('removeFile', { name: f.name })}
                        onClick=${() => added.value.splice(i, 1)}>×</button></li>`)}
            </ul>
            <label class="button attach">${t('addFiles')}
              <input type="file" multiple class="sr-only" data-testid="template-files"
                     onChange=${e => { added.value = [...added.value, ...e.target.files]; e.target.value = ''; }} />
            </label>
            <small class="hint">${t('filesHint')}</small>
            ${errors.files && html`<p class="field-error" role="alert">${errors.files}</p>`}
          </fieldset>
          ${formError.value && html`<p class="form-error" role="alert" data-testid="form-error">${formError.value}</p>`}
          <div class="form-actions">
            <button type="button" onClick=${() => emit('close')}>${t('cancel')}</button>
            <button type="submit" class="primary" disabled=${busy.value} data-testid="template-save">${t('save')}</button>
          </div>
        </form>`}<//>`;
  },
};

const ArticleForm = {
  props: { article: Object },
  emits: ['close', 'saved'],
  setup(props, { emit }) {
    const a = props.article;
    const form = reactive({ title: a?.title || '', url: a?.url || '', summary: a?.summary || '' });
    const errors = reactive({});
    const formError = ref('');
    const busy = ref(false);
    const formEl = useFirstFocus();
    const submit = async e => {
      e.preventDefault();
      formError.value = '';
      if (!checkRequired(errors, { title: [form.title, 'needTitle'], url: [form.url, 'needUrl'] })) {
        showFirstError(formEl);
        return;
      }
      busy.value = true;
      const body = { title: form.title.trim(), url: form.url.trim(), summary: form.summary.trim() || null };
      try {
        if (a) await api.put('/api/v1/articles/' + a.id, body); else await api.post('/api/v1/articles', body);
        toast(t('articleSaved'));
        emit('saved');
        emit('close');
      } catch (err) {
        formError.value = applyProblem(err, errors, ['title', 'url', 'summary']);
        showFirstError(formEl);
      } finally {
        busy.value = false;
      }
    };
    return () => html`
      <${Modal} title=${a ? t('editArticle', { title: a.title }) : t('newArticle')} onClose=${() => emit('close')}>${() => html`
        <form class="admin-form" onSubmit=${submit} novalidate ref=${formEl}>
          <${Field} label=${t('articleTitle')} error=${errors.title}>${() => html`
            <input data-testid="article-title" required maxlength="200" value=${form.title}
                   onInput=${e => (form.title = e.target.value)} />`}<//>
          <${Field} label=${t('url')} hint=${t('urlHint')} error=${errors.url}>${() => html`
            <input data-testid="article-url" type="url" required maxlength="2000" value=${form.url}
                   onInput=${e => (form.url = e.target.value)} />`}<//>
          <${Field} label=${t('summary')} error=${errors.summary}>${() => html`
            <textarea data-testid="article-summary" rows="2" maxlength="1000" value=${form.summary}
                      onInput=${e => (form.summary = e.target.value)}></textarea>`}<//>
          ${formError.value && html`<p class="form-error" role="alert" data-testid="form-error">${formError.value}</p>`}
          <div class="form-actions">
            <button type="button" onClick=${() => emit('close')}>${t('cancel')}</button>
            <button type="submit" class="primary" disabled=${busy.value} data-testid="article-save">${t('save')}</button>
          </div>
        </form>`}<//>`;
  },
};

export default {
  setup() {
    const [state, reload] = useLoad(async () => {
      const [templates, articles, lines, channelTypes] = await Promise.all([
        api.get('/api/v1/templates'), api.get('/api/v1/articles'), api.get('/api/v1/lines'),
        api.get('/api/v1/channel-types').catch(() => [])]);
      return { templates, articles, lines, channelTypes };
    });
    const editing = ref(null);
    const editingArticle = ref(null);
    const confirm = useConfirm(() => { toast(t('deleted')); reload(); });
    const lineName = computed(() => Object.fromEntries((state.data?.lines || []).map(l => [l.id, l.name])));
    const removeTemplate = tpl => confirm.ask({
      title: t('deleteTitle'), text: t('deleteText', { tag: tpl.tag }),
      action: () => api.del('/api/v1/templates/' + tpl.id),
    });
    const removeArticle = a => confirm.ask({
      title: t('deleteArticleTitle'), text: t('deleteArticleText', { title: a.title }),
      action: () => api.del('/api/v1/articles/' + a.id),
    });
    const scope = (ids, names) => (ids.length ? ids.map(names).join(', ') : t('everywhere'));
    return () => {
      const templates = state.data?.templates || [];
      const articles = state.data?.articles || [];
      return html`
        <${PageHead} title=${t('title')}>${() => html`
          <button type="button" onClick=${reload} disabled=${state.loading}>${t('refresh')}</button>
          <button type="button" class="primary" data-testid="template-create" disabled=${!state.data}
                  onClick=${() => (editing.value = {})}>${t('newTemplate')}</button>`}<//>
        ${loadState(state, reload, false) || html`
          ${templates.length === 0 ? html`<p class="empty-state">${t('noTemplates')}</p>` : html`
          <div class="table-wrap">
            <table class="grid admin-table">
              <thead><tr>
                <th scope="col">${t('tag')}</th><th scope="col">${t('name')}</th><th scope="col">${t('text')}</th>
                <th scope="col">${t('lines')}</th><th scope="col">${t('channels')}</th><th scope="col">${t('actions')}</th>
              </tr></thead>
              <tbody>
                ${templates.map(tpl => html`
                  <tr key=${tpl.id} data-testid="template-row" data-template-id=${tpl.id}>
                    <td class="strong">/${tpl.tag}</td>
                    <td>${tpl.name}${tpl.files.length > 0 && html`<div class="hint">${t('files')}: ${tpl.files.map(f => f.fileName).join(', ')}</div>`}</td>
                    <td class="small template-text-cell">${tpl.text}</td>
                    <td class="small">${scope(tpl.lineIds, id => lineName.value[id] || '#' + id)}</td>
                    <td class="small">${scope(tpl.channelTypes, x => x)}</td>
                    <td class="row-actions">
                      ${tpl.editable ? html`
                        <button type="button" data-testid="template-edit" aria-label=${t('edit') + ': /' + tpl.tag}
                                onClick=${() => (editing.value = { template: tpl })}>${t('edit')}</button>
                        <button type="button" class="danger" data-testid="template-delete"
                                aria-label=${t('delete') + ': /' + tpl.tag} onClick=${() => removeTemplate(tpl)}>
                          ${t('delete')}</button>` : html`<span class="hint">${t('readOnly')}</span>`}
                    </td>
                  </tr>`)}
              </tbody>
            </table>
          </div>`}
          <div class="admin-head template-articles-head">
            <h2>${t('articles')}</h2>
            <div class="admin-head-actions">
              <button type="button" class="primary" data-testid="article-create"
                      onClick=${() => (editingArticle.value = {})}>${t('newArticle')}</button>
            </div>
          </div>
          ${articles.length === 0 ? html`<p class="empty-state">${t('noArticles')}</p>` : html`
          <div class="table-wrap">
            <table class="grid admin-table">
              <thead><tr>
                <th scope="col">${t('articleTitle')}</th><th scope="col">${t('url')}</th>
                <th scope="col">${t('summary')}</th><th scope="col">${t('actions')}</th>
              </tr></thead>
              <tbody>
                ${articles.map(a => html`
                  <tr key=${a.id} data-testid="article-row" data-article-id=${a.id}>
                    <td class="strong">${a.title}</td>
                    <td class="small"><a href=${a.url} target="_blank" rel="noopener noreferrer">${a.url}</a></td>
                    <td class="small">${a.summary || ''}</td>
                    <td class="row-actions">
                      <button type="button" data-testid="article-edit" aria-label=${t('edit') + ': ' + a.title}
                              onClick=${() => (editingArticle.value = { article: a })}>${t('edit')}</button>
                      <button type="button" class="danger" data-testid="article-delete"
                              aria-label=${t('delete') + ': ' + a.title} onClick=${() => removeArticle(a)}>
                        ${t('delete')}</button>
                    </td>
                  </tr>`)}
              </tbody>
            </table>
          </div>`}`}
        ${editing.value && html`<${TemplateForm} template=${editing.value.template} lines=${state.data.lines}
                                                 channelTypes=${state.data.channelTypes}
                                                 onClose=${() => (editing.value = null)} onSaved=${reload} />`}
        ${editingArticle.value && html`<${ArticleForm} article=${editingArticle.value.article}
                                                       onClose=${() => (editingArticle.value = null)} onSaved=${reload} />`}
        ${confirm.dialog()}`;
    };
  },
};
