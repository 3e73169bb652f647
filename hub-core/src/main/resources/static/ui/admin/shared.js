// What the admin pages share: loading a page's data, the problem+json field of a failed request, a confirmation
// dialog, a checkbox list, and the page's heading with its actions.
import { html, reactive, ref, computed, onMounted, nextTick } from '../lib.js';
import { messages } from '../i18n.js';
import { Modal } from '../components.js';

const t = messages({
  en: { filter: 'Filter', retry: 'Try again', loadFailed: 'Could not load: {reason}', nothingMatches: 'Nothing matches' },
  ru: {
    filter: 'Фильтр', retry: 'Повторить', loadFailed: 'Не удалось загрузить: {reason}',
    nothingMatches: 'Ничего не найдено',
  },
});

/**
 * Loads a page's data when it mounts; reload() again after a change.
 * @param fn async () => data
 * @returns [state {data, loading, error}, reload]
 */
export function useLoad(fn) {
  const state = reactive({ data: null, loading: true, error: null });
  const reload = async () => {
    state.loading = true;
    try {
      state.data = await fn();
      state.error = null;
    } catch (e) {
      state.error = e;
    } finally {
      state.loading = false;
    }
  };
  onMounted(reload);
  return [state, reload];
}

/** Loading, failure and "nothing yet" for a page whose data has not arrived or is empty; null when there is data. */
export function loadState(state, reload, isEmpty) {
  if (state.error && !state.data) {
    return html`<div class="empty-state" role="alert">
      <p>${t('loadFailed', { reason: state.error.message })}</p>
      <button type="button" onClick=${reload}>${t('retry')}</button></div>`;
  }
  if (!state.data) return html`<p class="empty-state">${t('loading')}</p>`;
  if (isEmpty) return html`<p class="empty-state">${t('none')}</p>`;
  return null;
}

/**
 * The field a 400 names and its message: {field: 'settings.botToken', message}; field is null when the problem names
 * none.
 */
export function problemOf(e) {
  return { field: e?.body?.field || null, message: e?.message || String(e) };
}

/**
 * Puts a refused save's reason next to the field it names, when the form shows that field (fields: the names, or a
 * test of a name); otherwise returns it, for the whole form.
 */
export function applyProblem(e, errors, fields) {
  const { field, message } = problemOf(e);
  Object.keys(errors).forEach(k => delete errors[k]);
  if (field && (typeof fields === 'function' ? fields(field) : fields.includes(field))) {
    errors[field] = message;
    return '';
  }
  return message;
}

/** A page's heading with its actions on the right. */
export const PageHead = {
  props: { title: String },
  setup(props, { slots }) {
    return () => html`
      <div class="admin-head">
        <h1>${props.title}</h1>
        <div class="admin-head-actions">${slots.default?.()}</div>
      </div>`;
  },
};

/**
 * Asks before something that cannot be undone. The action's failure (e.g. 409 "the line still has accounts") is
 * shown in the dialog.
 */
export const ConfirmDialog = {
  props: { title: String, text: String, confirmLabel: String, action: Function },
  emits: ['close', 'done'],
  setup(props, { emit }) {
    const busy = ref(false);
    const error = ref('');
    const confirm = async () => {
      busy.value = true;
      error.value = '';
      try {
        await props.action();
        emit('done');
        emit('close');
      } catch (e) {
        error.value = e.message;
      } finally {
        busy.value = false;
      }
    };
    return () => html`
      <${Modal} title=${props.title} onClose=${() => emit('close')}>${() => html`
        <p>${props.text}</p>
        ${error.value && html`<p class="form-error" role="alert" data-testid="confirm-error">${error.value}</p>`}
        <div class="form-actions">
          <button type="button" onClick=${() => emit('close')}>${t('cancel')}</button>
          <button type="button" class="danger" disabled=${busy.value} onClick=${confirm}
                  data-testid="confirm-ok">${props.confirmLabel || t('delete')}</button>
        </div>`}<//>`;
  },
};

/** A confirmation dialog a page opens with ask({title, text, confirmLabel, action}) and renders with dialog(). */
export function useConfirm(onDone) {
  const pending = ref(null);
  const ask = options => (pending.value = options);
  const dialog = () => pending.value && html`
    <${ConfirmDialog} ...${pending.value} onClose=${() => (pending.value = null)} onDone=${onDone} />`;
  return { ask, dialog };
}

/**
 * Checkboxes for choosing several of a list (groups, members), with a filter once the list is long.
 * items: [{id, label, hint}], selected: array of ids; emits update with the new array.
 */
export const Checklist = {
  props: { legend: String, items: Array, selected: Array, testid: String, emptyText: String },
  emits: ['update'],
  setup(props, { emit }) {
    const filter = ref('');
    const shown = computed(() => {
      const f = filter.value.trim().toLowerCase();
      return f ? props.items.filter(i => (i.label + ' ' + (i.hint || '')).toLowerCase().includes(f)) : props.items;
    });
    const toggle = (id, on) => {
      const set = new Set(props.selected);
      if (on) set.add(id); else set.delete(id);
      emit('update', [...set]);
    };
    return () => html`
      <fieldset class="checklist" data-testid=${props.testid}>
        <legend class="field-label">${props.legend}</legend>
        ${props.items.length > 8 && html`
          <input type="search" class="checklist-filter" aria-label=${t('filter') + ': ' + props.legend}
                 placeholder=${t('filter')} value=${filter.value} onInput=${e => (filter.value = e.target.value)} />`}
        ${props.items.length === 0 ? html`<p class="hint">${props.emptyText || t('none')}</p>` : html`
          <div class="checklist-items">
            ${shown.value.map(i => html`
              <label key=${i.id} class="check">
                <input type="checkbox" checked=${props.selected.includes(i.id)} value=${i.id}
                       onChange=${e => toggle(i.id, e.target.checked)} />
                <span>${i.label}${i.hint && html` <span class="muted">${i.hint}</span>`}</span>
              </label>`)}
            ${shown.value.length === 0 && html`<p class="hint">${t('nothingMatches')}</p>`}
          </div>`}
      </fieldset>`;
  },
};

/**
 * A ref for a dialog's form whose first field gets the focus when it opens (the dialog itself focuses its close
 * button, which comes first), so a keyboard user can type at once.
 */
export function useFirstFocus() {
  const form = ref(null);
  onMounted(() => nextTick(() => form.value
    ?.querySelector('input:not([disabled]):not([readonly]):not([type=hidden]), select:not([disabled]), '
      + 'textarea:not([disabled])')
    ?.focus()));
  return form;
}

/** After a refused save: brings the first error of the form into view and focuses its field. */
export function showFirstError(form) {
  nextTick(() => {
    const error = form.value?.querySelector('.field-error, .form-error');
    if (!error) return;
    error.scrollIntoView({ block: 'center' });
    error.closest('.field, fieldset')?.querySelector('input:not([disabled]), select:not([disabled]), textarea, button')
      ?.focus({ preventScroll: true });
  });
}

/** A whole number from a form input, or null when it is empty. */
export function intOrNull(v) {
  if (v === '' || v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : null;
}
