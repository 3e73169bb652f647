// What the whole UI shares: who is logged in, what they may do on which line, and a toast for short notices.
import { reactive, computed } from './lib.js';
import { api } from './api.js';

export const session = reactive({
  me: null,          // GET /api/v1/me: { user, lines: [{ lineId, name, roles }] }
  checked: false,    // whether we asked the hub who we are
});

export const roles = computed(() => {
  const lines = session.me?.lines || [];
  const has = role => lines.some(l => l.roles.includes(role));
  const admin = !!session.me?.user?.admin;
  return { admin, operator: has('OPERATOR'), supervisor: admin || has('SUPERVISOR'), reader: has('READER') };
});

export async function loadMe() {
  try {
    // asked first, so that a logged-out browser gets no 401 (and no console error) before the login form
    const { authenticated } = await api.get('/api/v1/auth/session');
    session.me = authenticated ? await api.get('/api/v1/me') : null;
  } catch {
    session.me = null;
  }
  session.checked = true;
  return session.me;
}

export const toasts = reactive([]);
let toastId = 0;
/** Shows a short notice for a few seconds; kind is 'info' or 'error'. */
export function toast(text, kind = 'info') {
  const id = ++toastId;
  toasts.push({ id, text, kind });
  setTimeout(() => {
    const i = toasts.findIndex(t => t.id === id);
    if (i >= 0) toasts.splice(i, 1);
  }, kind === 'error' ? 8000 : 4000);
}

/** Shows an API error's reason as a toast. */
export function showError(e) {
  toast(e?.message || String(e), 'error');
}
