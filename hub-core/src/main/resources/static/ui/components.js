// Small pieces every page uses. Accessible: every control has a label; dialogs trap nothing but close on Escape.
import { html, ref, onMounted, onBeforeUnmount, nextTick } from './lib.js';
import { messages } from './i18n.js';

const t = messages({ en: {}, ru: {} });

/** A modal dialog: <${Modal} title="..." onClose=${fn}>${() => body}<//> (children as a slot function). */
export const Modal = {
  props: { title: String, wide: Boolean },
  emits: ['close'],
  setup(props, { slots, emit }) {
    const box = ref(null);
    const onKey = e => e.key === 'Escape' && emit('close');
    // where the keyboard was before the dialog opened (its button), to go back there when it closes
    const opener = document.activeElement;
    onMounted(() => {
      document.addEventListener('keydown', onKey);
      // the first field of the dialog's body, else its first button; never the close button of the header
      nextTick(() => (box.value?.querySelector('.modal-body :is(input,select,textarea):not([disabled])')
        || box.value?.querySelector('.modal-body button'))?.focus());
    });
    onBeforeUnmount(() => {
      document.removeEventListener('keydown', onKey);
      if (opener && opener !== document.body && opener.isConnected) opener.focus();
    });
    return () => html`
      <div class="modal-backdrop" onClick=${e => e.target === e.currentTarget && emit('close')}>
        <div class=${['modal', props.wide && 'wide']} role="dialog" aria-modal="true" aria-label=${props.title}
             ref=${box}>
          <header><h2>${props.title}</h2>
            <button class="icon" aria-label=${t('close')} title=${t('close')} onClick=${() => emit('close')}>×</button>
          </header>
          <div class="modal-body">${slots.default?.()}</div>
        </div>
      </div>`;
  },
};

/** A labelled form field: <${Field} label="Name">${() => html`<input ...>`}<//> */
export const Field = {
  props: { label: String, hint: String, error: String },
  setup(props, { slots }) {
    return () => html`
      <label class="field">
        <span class="field-label">${props.label}</span>
        ${slots.default?.()}
        ${props.hint && html`<small class="hint">${props.hint}</small>`}
        ${props.error && html`<small class="field-error" role="alert">${props.error}</small>`}
      </label>`;
  },
};

/** Text that copies itself to the clipboard with a button. */
export const CopyField = {
  props: { value: String, label: String },
  setup(props) {
    const done = ref(false);
    const copy = async () => {
      try {
        await navigator.clipboard.writeText(props.value);
      } catch {
        const input = document.createElement('textarea');
        input.value = props.value;
        document.body.append(input);
        input.select();
        document.execCommand('copy');
        input.remove();
      }
      done.value = true;
      setTimeout(() => (done.value = false), 1500);
    };
    return () => html`
      <div class="copy-field">
        <input readonly value=${props.value} aria-label=${props.label} onFocus=${e => e.target.select()} />
        <button type="button" onClick=${copy}>${done.value ? t('copied') : t('copy')}</button>
      </div>`;
  },
};

/** A status badge: <${Badge} kind="ok|warn|bad|muted" text="..." /> */
export const Badge = {
  props: { kind: String, text: String },
  setup(props) {
    return () => html`<span class=${['badge', props.kind || 'muted']}>${props.text}</span>`;
  },
};
