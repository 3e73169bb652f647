// The REST API from the browser: the session cookie, a CSRF token on changes, problem+json errors as ApiError.
export class ApiError extends Error {
  constructor(status, detail, body) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

const listeners = new Set();
/** Called with no argument when the session ended (401): the app shows the login form. */
export function onUnauthorized(fn) {
  listeners.add(fn);
}

function cookie(name) {
  const found = document.cookie.split('; ').find(c => c.startsWith(name + '='));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : null;
}

async function csrfToken(refresh) {
  if (!refresh) {
    const t = cookie('XSRF-TOKEN');
    if (t) return t;
  }
  const r = await fetch('/api/v1/auth/csrf', { credentials: 'same-origin' });
  return r.ok ? (await r.json()).token : null;
}

/**
 * @param method HTTP method
 * @param path   e.g. /api/v1/sessions?view=queue
 * @param body   an object (sent as JSON), a FormData (multipart), or undefined
 */
export async function request(method, path, body, retried) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin' };
  if (method !== 'GET' && method !== 'HEAD') {
    const token = await csrfToken(retried);
    if (token) headers['X-XSRF-TOKEN'] = token;
  }
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  if (r.status === 403 && !retried && method !== 'GET') {
    // a stale CSRF token (the session changed): fetch a new one once
    return request(method, path, body, true);
  }
  const type = r.headers.get('Content-Type') || '';
  const data = r.status === 204 ? null
    : type.includes('json') ? await r.json().catch(() => null) : await r.text();
  if (r.status === 401 && !path.startsWith('/api/v1/auth/login')) {
    listeners.forEach(fn => fn());
  }
  if (!r.ok) {
    const detail = data && typeof data === 'object' ? (data.detail || data.title) : null;
    throw new ApiError(r.status, detail, data);
  }
  return data;
}

/**
 * GET of a list that pages: { items, next } where next is the path of the next page (from the Link header), or null.
 */
export async function page(path) {
  const r = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (r.status === 401) listeners.forEach(fn => fn());
  const data = await r.json().catch(() => null);
  if (!r.ok) throw new ApiError(r.status, data && (data.detail || data.title), data);
  const link = r.headers.get('Link') || '';
  const m = link.match(/<([^>]+)>\s*;\s*rel="?next"?/);
  let next = null;
  if (m) {
    const url = new URL(m[1], location.href);
    next = url.pathname + url.search;
  }
  return { items: data, next };
}

export const api = {
  get: path => request('GET', path),
  post: (path, body) => request('POST', path, body === undefined ? {} : body),
  put: (path, body) => request('PUT', path, body),
  del: path => request('DELETE', path),
};

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  Object.entries(params).forEach(([k, v]) => {
    if (v === undefined || v === null || v === '') return;
    (Array.isArray(v) ? v : [v]).forEach(x => q.append(k, x));
  });
  const s = q.toString();
  return s ? '?' + s : '';
}
