// A channel account's settings form, generated from its plugin's schema (SettingField: name, type, required,
// secret, defaultValue, description, options). Secrets are write-only: a stored one shows as "set" and is sent only
// when the admin changes or removes it, since on update the hub keeps every setting the request does not name.
import { html, reactive, computed, watch } from '../lib.js';
import { messages } from '../i18n.js';
import { Badge } from '../components.js';

const t = messages({
  en: {
    change: 'Change', keep: 'Keep the current one', remove: 'Remove', undo: 'Undo', removed: 'will be removed',
    defaultIs: 'default: {value}', noValue: '—', required: 'required', secretHint: 'Stored encrypted; never shown.',
    newValue: 'New value', secretAgain: 'Changing {fields} needs this secret entered again: the hub does not send a '
      + 'stored secret to a new address.',
    default: 'default',
  },
  ru: {
    change: 'Изменить', keep: 'Оставить прежнее', remove: 'Удалить', undo: 'Вернуть', removed: 'будет удалено',
    defaultIs: 'по умолчанию: {value}', noValue: '—', required: 'обязательно',
    secretHint: 'Хранится в зашифрованном виде; не показывается.', newValue: 'Новое значение',
    secretAgain: 'При изменении {fields} этот секрет нужно ввести снова: хаб не отправляет сохранённый секрет на '
      + 'новый адрес.',
    default: 'по умолчанию',
  },
});

const ACRONYMS = { imap: 'IMAP', smtp: 'SMTP', url: 'URL', api: 'API', id: 'ID', oauth: 'OAuth', mb: 'MB',
  http: 'HTTP', ssl: 'SSL', tls: 'TLS', vk: 'VK', sms: 'SMS' };

/** botToken → "Bot token", imapHost → "IMAP host": plugins name settings, they do not label them. */
export function settingLabel(name) {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase().split(' ');
  const text = words.map(w => ACRONYMS[w] || w).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What the form shows first: the stored value, or for a choice (enum, yes/no) the default it falls back to. */
function initialValue(field, account) {
  const stored = account?.settings?.[field.name];
  if (stored !== undefined && stored !== null) return stored;
  if (field.type === 'ENUM' || field.type === 'BOOLEAN') return field.defaultValue ?? (field.type === 'BOOLEAN' ? 'false' : '');
  return '';
}

/** The form's state for an account (null for a new one). */
export function settingsState(fields, account) {
  const state = reactive({ values: {}, initial: {}, changing: {}, removing: {} });
  fields.forEach(f => {
    state.initial[f.name] = f.secret ? '' : initialValue(f, account);
    state.values[f.name] = state.initial[f.name];
  });
  return state;
}

function secretSet(field, account) {
  return !!account?.secretsSet?.includes(field.name);
}

/**
 * The settings to send: everything given for a new account; for an existing one only what changed (a cleared value
 * as null, which removes it), and a secret only when it was changed or removed.
 */
export function settingsPayload(fields, account, state) {
  const out = {};
  fields.forEach(f => {
    const value = state.values[f.name];
    if (f.secret) {
      if (state.removing[f.name]) out[f.name] = null;
      else if (value !== '') out[f.name] = value;
    } else if (!account) {
      if (value !== '') out[f.name] = value;
    } else if (value !== state.initial[f.name]) {
      out[f.name] = value === '' ? null : value;
    }
  });
  return out;
}

/** The URL settings an edit moves (the hub then wants every stored secret again). */
function movedAddresses(fields, state) {
  const effective = (f, v) => (v === '' || v == null ? f.defaultValue ?? '' : v);
  return fields.filter(f => f.type === 'URL' && !f.secret
    && effective(f, state.values[f.name]) !== effective(f, state.initial[f.name])).map(f => f.name);
}

export default {
  props: { fields: Array, account: Object, state: Object, errors: Object },
  setup(props) {
    const moved = computed(() => (props.account ? movedAddresses(props.fields, props.state) : []));
    // a moved address needs the stored secrets again: open their inputs so the admin sees it before saving
    watch(() => moved.value.length > 0, isMoved => {
      if (!isMoved) return;
      props.fields.filter(f => f.secret && secretSet(f, props.account))
        .forEach(f => { if (!props.state.removing[f.name]) props.state.changing[f.name] = true; });
    });
    const set = (name, value) => (props.state.values[name] = value);
    const id = f => 'setting-input-' + f.name;

    const input = f => {
      const common = { id: id(f), 'data-testid': 'setting-' + f.name, 'aria-required': f.required ? 'true' : null,
        'aria-invalid': props.errors['settings.' + f.name] ? 'true' : null,
        'aria-describedby': 'setting-hint-' + f.name };
      const value = props.state.values[f.name];
      const placeholder = f.defaultValue ? t('defaultIs', { value: f.defaultValue }) : '';
      if (f.secret) {
        return html`<input ...${common} type="password" autocomplete="new-password" value=${value}
                           placeholder=${secretSet(f, props.account) ? t('newValue') : ''}
                           onInput=${e => set(f.name, e.target.value)} />`;
      }
      switch (f.type) {
        case 'ENUM':
          return html`<select ...${common} onChange=${e => set(f.name, e.target.value)}>
            ${(!f.required && !f.defaultValue || value === '') && html`<option value="" selected=${value === ''}>${t('noValue')}</option>`}
            ${f.options.map(o => html`<option value=${o} selected=${o === value}>
              ${o}${o === f.defaultValue ? ' (' + t('default') + ')' : ''}</option>`)}
          </select>`;
        case 'TEXT':
          return html`<textarea ...${common} rows="3" placeholder=${placeholder} value=${value}
                                onInput=${e => set(f.name, e.target.value)}></textarea>`;
        case 'INTEGER':
          return html`<input ...${common} type="number" step="1" inputmode="numeric" placeholder=${placeholder}
                             value=${value} onInput=${e => set(f.name, e.target.value)} />`;
        case 'URL':
          return html`<input ...${common} type="url" inputmode="url" placeholder=${placeholder} value=${value}
                             onInput=${e => set(f.name, e.target.value)} />`;
        default:
          return html`<input ...${common} type="text" placeholder=${placeholder} value=${value}
                             onInput=${e => set(f.name, e.target.value)} />`;
      }
    };

    /** A stored secret: "set", with change and remove; its value is never in the browser. */
    const secretControls = f => {
      const st = props.state;
      if (st.removing[f.name]) {
        return html`<div class="secret-state">
          <span data-testid=${'setting-' + f.name + '-state'} data-set="removed"><${Badge} kind="warn" text=${t('removed')} /></span>
          <button type="button" class="link" onClick=${() => (st.removing[f.name] = false)}>${t('undo')}</button>
        </div>`;
      }
      if (st.changing[f.name]) {
        return html`${input(f)}
          <div class="secret-state">
            <button type="button" class="link" data-testid=${'setting-' + f.name + '-keep'}
                    onClick=${() => { st.changing[f.name] = false; st.values[f.name] = ''; }}>${t('keep')}</button>
          </div>`;
      }
      return html`<div class="secret-state">
        <span data-testid=${'setting-' + f.name + '-state'} data-set="true"><${Badge} kind="ok" text=${t('set')} /></span>
        <button type="button" data-testid=${'setting-' + f.name + '-change'} aria-label=${t('change') + ': ' + settingLabel(f.name)}
                onClick=${() => (st.changing[f.name] = true)}>${t('change')}</button>
        ${!f.required && html`<button type="button" class="link danger-text" data-testid=${'setting-' + f.name + '-remove'}
                aria-label=${t('remove') + ': ' + settingLabel(f.name)}
                onClick=${() => { st.removing[f.name] = true; st.values[f.name] = ''; }}>${t('remove')}</button>`}
      </div>`;
    };

    // the plugin's sentence, then what the form adds; a yes/no box has no placeholder to show its default in
    const hint = f => {
      const parts = [f.description];
      if (f.secret) parts.push(t('secretHint'));
      if (f.type === 'BOOLEAN' && f.defaultValue) {
        parts.push(t('defaultIs', { value: f.defaultValue === 'true' ? t('yes') : t('no') }));
      }
      return parts.filter(Boolean).map(p => (/[.!?]$/.test(p) ? p : p + '.')).join(' ');
    };

    const row = f => {
      const error = props.errors['settings.' + f.name];
      const needsAgain = f.secret && secretSet(f, props.account) && moved.value.length > 0 && !props.state.removing[f.name];
      if (f.type === 'BOOLEAN' && !f.secret) {
        return html`<div class="field setting" key=${f.name}>
          <label class="check" for=${id(f)}>
            <input type="checkbox" id=${id(f)} data-testid=${'setting-' + f.name} aria-describedby=${'setting-hint-' + f.name}
                   checked=${props.state.values[f.name] === 'true'}
                   onChange=${e => set(f.name, e.target.checked ? 'true' : 'false')} />
            <span class="field-label">${settingLabel(f.name)}</span></label>
          <small class="hint" id=${'setting-hint-' + f.name}>${hint(f)}</small>
          ${error && html`<small class="field-error" role="alert">${error}</small>`}
        </div>`;
      }
      return html`<div class=${['field', 'setting', f.type === 'TEXT' && !f.secret && 'wide']} key=${f.name}>
        <label class="field-label" for=${id(f)}>${settingLabel(f.name)}${f.required
          && html`<span class="required" title=${t('required')} aria-hidden="true"> *</span>`}</label>
        ${f.secret && secretSet(f, props.account) ? secretControls(f) : input(f)}
        <small class="hint" id=${'setting-hint-' + f.name}>${hint(f)}</small>
        ${needsAgain && html`<small class="notice-text warn">${t('secretAgain', { fields: moved.value.map(settingLabel).join(', ') })}</small>`}
        ${error && html`<small class="field-error" role="alert" data-testid=${'setting-' + f.name + '-error'}>${error}</small>`}
      </div>`;
    };

    return () => html`<div class="form-grid settings-form">${props.fields.map(row)}</div>`;
  },
};
