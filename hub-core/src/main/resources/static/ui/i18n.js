// Russian and English. The browser's language by default, switchable, remembered in localStorage.
// Each module keeps its own dictionary next to its code:
//   const t = messages({ en: { hello: 'Hello, {name}' }, ru: { hello: 'Здравствуйте, {name}' } });
//   t('hello', { name })
// A key missing in the current language falls back to English and is recorded in window.__i18nMissing, which the
// browser tests check stays empty.
import { ref, watch } from './lib.js';

export const LOCALES = ['en', 'ru'];
const STORAGE_KEY = 'lineshub.locale';

function initial() {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (LOCALES.includes(saved)) return saved;
  const browser = (navigator.languages || [navigator.language || 'en']).map(l => String(l).slice(0, 2).toLowerCase());
  return browser.find(l => LOCALES.includes(l)) || 'en';
}

/** The current language, reactive: components that call t() re-render when it changes. */
export const locale = ref(initial());
document.documentElement.lang = locale.value;
watch(locale, l => {
  localStorage.setItem(STORAGE_KEY, l);
  document.documentElement.lang = l;
});

window.__i18nMissing = window.__i18nMissing || [];

const common = {
  en: {
    save: 'Save', cancel: 'Cancel', delete: 'Delete', edit: 'Edit', create: 'Create', close: 'Close', add: 'Add',
    loading: 'Loading…', none: 'Nothing here yet', error: 'Error', yes: 'Yes', no: 'No', search: 'Search',
    refresh: 'Refresh', copy: 'Copy', copied: 'Copied', confirmDelete: 'Delete "{name}"?', back: 'Back',
    language: 'Language', set: 'set', notSet: 'not set', name: 'Name', actions: 'Actions', status: 'Status',
  },
  ru: {
    save: 'Сохранить', cancel: 'Отмена', delete: 'Удалить', edit: 'Изменить', create: 'Создать', close: 'Закрыть',
    add: 'Добавить', loading: 'Загрузка…', none: 'Пока ничего нет', error: 'Ошибка', yes: 'Да', no: 'Нет',
    search: 'Поиск', refresh: 'Обновить', copy: 'Копировать', copied: 'Скопировано',
    confirmDelete: 'Удалить «{name}»?', back: 'Назад', language: 'Язык', set: 'задан', notSet: 'не задан',
    name: 'Название', actions: 'Действия', status: 'Статус',
  },
};

function format(text, params) {
  return params ? text.replace(/\{(\w+)\}/g, (m, k) => (params[k] ?? m)) : text;
}

/** @returns t(key, params): the text in the current language, common words included. */
export function messages(dict) {
  return (key, params) => {
    const l = locale.value;
    let text = dict[l]?.[key] ?? common[l]?.[key];
    if (text === undefined) {
      const missing = `${l}:${key}`;
      if (!window.__i18nMissing.includes(missing)) window.__i18nMissing.push(missing);
      text = dict.en?.[key] ?? common.en[key] ?? key;
    }
    return format(text, params);
  };
}

/** Dates and times in the current language. */
export function formatTime(iso, withDate) {
  if (!iso) return '';
  const d = new Date(iso);
  const today = new Date().toDateString() === d.toDateString();
  return d.toLocaleString(locale.value, withDate || !today
    ? { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }
    : { hour: '2-digit', minute: '2-digit' });
}

/** 75 → "1:15", 3700 → "1:01:40". */
export function formatDuration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return (h ? h + ':' : '') + mm + ':' + String(r).padStart(2, '0');
}
