// Hash routes: #/inbox, #/inbox/42, #/supervisor, #/admin/lines ... The current route is reactive.
import { reactive } from './lib.js';

export const route = reactive({ path: '/', parts: [], params: {} });

function parse() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, qs] = hash.split('?');
  route.path = path;
  route.parts = path.split('/').filter(Boolean);
  route.params = Object.fromEntries(new URLSearchParams(qs || ''));
}
window.addEventListener('hashchange', parse);
parse();

export function navigate(path) {
  if (location.hash !== '#' + path) location.hash = path;
}
