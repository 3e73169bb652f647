// The inbox's shared state: the user's lines with their queue counters, and the session lists of the groups
// (Queue, Mine, Active, Closed) for the chosen line. Lists are loaded a page at a time and then kept current from
// the events socket (docs/events.md) without reloading; after a reconnect ('resync') everything is loaded again.
// Sessions are kept once, by id, so a session shown in two groups (Queue and Active) changes in both at once.
import { reactive, computed } from '../lib.js';
import { api, page, query } from '../api.js';
import { session as auth } from '../store.js';

export const GROUPS = ['queue', 'mine', 'active', 'closed'];
// queue and active: who waits longest first; mine and closed: latest activity first (SessionSort on the server)
const SORT = { queue: 'waiting', mine: 'lastActivity', active: 'waiting', closed: 'lastActivity' };
const PAGE = 50;
// fields of a session that are left out when null (docs/events.md: "fields whose value is null are left out"), so
// that one missing from a change means the value went away
const NULLABLE = ['operatorId', 'waitingSince'];

export const inbox = reactive({
  lines: [],        // GET /api/v1/lines: the lines the user has a role on (all for admins), with `unassigned`
  directory: [],    // GET /api/v1/lines/directory: every line's id and name
  lineId: null,     // the line filter; null for all of the user's lines
  sessions: {},     // id -> session (SessionView, kept current from events)
  lists: Object.fromEntries(GROUPS.map(g => [g, { ids: [], next: null, loading: false, error: '', token: 0 }])),
  openId: null,     // the session shown in the conversation: its messages count as read
});


const me = () => auth.me?.user;

/** The user's roles on a line, as UserAccess has them (admins supervise everywhere). */
export function rolesOn(lineId) {
  const admin = !!me()?.admin;
  const names = inbox.lines.find(l => l.id === lineId)?.myRoles
    || auth.me?.lines?.find(l => l.lineId === lineId)?.roles || [];
  return {
    admin,
    operator: names.includes('OPERATOR'),
    supervisor: admin || names.includes('SUPERVISOR'),
    reader: names.includes('READER'),
  };
}

/** Whether the user may see a session, by the same rule as UserAccess.canSeeSession. */
export function canSee(s) {
  const r = rolesOn(s.lineId);
  if (r.supervisor || r.reader) return true;
  if (!r.operator) return false;
  return s.status === 'QUEUED' || s.status === 'CLOSED' || s.operatorId === me()?.id;
}

/** The lines the filter covers: the chosen one, or all of the user's. */
const filteredLines = computed(() => inbox.lineId == null ? inbox.lines
  : inbox.lines.filter(l => l.id === inbox.lineId));

/** Which groups the user gets for the current filter: Mine for operators, Active for who sees whole lines. */
export const visibleGroups = computed(() => {
  const roles = filteredLines.value.map(l => rolesOn(l.id));
  return GROUPS.filter(g => g === 'mine' ? roles.some(r => r.operator)
    : g === 'active' ? roles.some(r => r.supervisor || r.reader) : true);
});

export function lineName(id) {
  return (inbox.lines.find(l => l.id === id) || inbox.directory.find(l => l.id === id))?.name || '#' + id;
}

function belongs(group, s) {
  if (!canSee(s)) return false;
  if (!inbox.lines.some(l => l.id === s.lineId)) return false;
  if (inbox.lineId != null && s.lineId !== inbox.lineId) return false;
  switch (group) {
    case 'queue': return s.status === 'QUEUED';
    case 'mine': return s.status === 'ASSIGNED' && s.operatorId === me()?.id;
    case 'active': return s.status === 'QUEUED' || s.status === 'ASSIGNED';
    case 'closed': return s.status === 'CLOSED';
    default: return false;
  }
}

const time = iso => (iso ? Date.parse(iso) : NaN);
const COMPARE = {
  // sessions nobody waits on last, as the server's waiting_order has them
  waiting: (a, b) => (time(a.waitingSince) || Infinity) - (time(b.waitingSince) || Infinity) || a.id - b.id,
  lastActivity: (a, b) => time(b.lastMessageAt) - time(a.lastMessageAt) || b.id - a.id,
};

function place(group, s) {
  const list = inbox.lists[group];
  const compare = COMPARE[SORT[group]];
  const had = list.ids.includes(s.id);
  const fits = belongs(group, s);
  if (!had && !fits) return;
  const ids = list.ids.filter(id => id !== s.id);
  if (fits) {
    let at = ids.findIndex(id => inbox.sessions[id] && compare(s, inbox.sessions[id]) < 0);
    if (at < 0) at = ids.length;
    // past the loaded page's end while more pages exist: the next page brings it, in its place
    if (!(at === ids.length && list.next)) ids.splice(at, 0, s.id);
  }
  list.ids = ids;
}

/**
 * Adds or changes a session and moves it into the groups it now belongs to.
 * @param data     the session: from the REST API (complete, with `unread`) or from an event (without the operator's
 *                 name and the user's unread count, which are kept from before)
 */
export function upsertSession(data) {
  if (!data?.id) return;
  const known = inbox.sessions[data.id];
  const complete = 'unread' in data;
  const s = complete ? { ...data } : { unread: 0, ...known, ...data };
  NULLABLE.forEach(k => { if (!(k in data)) s[k] = null; });
  if (!complete && known && known.operatorId !== s.operatorId) {
    s.operatorName = null;
    if (s.operatorId != null && canSee(s)) refreshOperatorName(s.id);
  }
  inbox.sessions[s.id] = s;
  GROUPS.forEach(g => place(g, s));
}

// an event's session carries the operator's id only; the name comes with the session from the REST API
async function refreshOperatorName(id) {
  try {
    const fresh = await api.get('/api/v1/sessions/' + id);
    if (inbox.sessions[id] && inbox.sessions[id].operatorId === fresh.operatorId) {
      inbox.sessions[id].operatorName = fresh.operatorName;
    }
  } catch {
    // no longer visible: the session events already took it out of the lists
  }
}

/** Loads a group's first page (or, with more, the next one). */
export async function loadGroup(group, more) {
  const list = inbox.lists[group];
  if (more && !list.next) return;
  const token = more ? list.token : ++list.token;
  const path = more ? list.next
    : '/api/v1/sessions' + query({ view: group, lineId: inbox.lineId, sort: SORT[group], limit: PAGE });
  list.loading = true;
  list.error = '';
  try {
    const { items: data, next } = await page(path);
    if (token !== list.token) return;
    const ids = more ? [...list.ids] : [];
    data.forEach(s => {
      inbox.sessions[s.id] = s;
      if (!ids.includes(s.id)) ids.push(s.id);
    });
    list.ids = ids;
    list.next = next;
  } catch (e) {
    if (token === list.token) list.error = e.message;
  } finally {
    if (token === list.token) list.loading = false;
  }
}

export async function loadLines() {
  const [lines, directory] = await Promise.all([api.get('/api/v1/lines'), api.get('/api/v1/lines/directory')]);
  inbox.lines = lines;
  inbox.directory = directory;
  if (inbox.lineId != null && !lines.some(l => l.id === inbox.lineId)) inbox.lineId = null;
}

/** Loads the lines and every group the user gets, from scratch. */
export async function reloadAll() {
  // what was missed while disconnected makes kept sessions stale; the open one reloads itself
  const open = inbox.sessions[inbox.openId];
  inbox.sessions = open ? { [open.id]: open } : {};
  // the lists name only sessions kept above until their groups load again
  GROUPS.forEach(g => (inbox.lists[g].ids = inbox.lists[g].ids.filter(id => inbox.sessions[id])));
  try {
    await loadLines();
  } catch (e) {
    GROUPS.forEach(g => (inbox.lists[g].error = e.message));
    return;
  }
  GROUPS.forEach(g => {
    if (visibleGroups.value.includes(g)) loadGroup(g);
    else inbox.lists[g].ids = [];
  });
}

export function setLine(lineId) {
  inbox.lineId = lineId;
  GROUPS.forEach(g => {
    inbox.lists[g].ids = [];
    inbox.lists[g].next = null;
    if (visibleGroups.value.includes(g)) loadGroup(g);
  });
}

/** Unread messages of a line's open sessions the lists hold. */
export function unreadOf(lineId) {
  // what waits for the user's own answer: unread messages of the sessions assigned to them (every queued session
  // is unread by nature, and its count is the queue's)
  return Object.values(inbox.sessions)
    .filter(s => (lineId == null || s.lineId === lineId) && s.status === 'ASSIGNED' && s.operatorId === me()?.id)
    .reduce((sum, s) => sum + (s.unread || 0), 0);
}

/** Sessions queued on the lines the filter covers. */
export const queueCount = computed(() => filteredLines.value.reduce((sum, l) => sum + (l.unassigned || 0), 0));

/** The client's messages and colleagues' comments count as unread (SessionQueries.unread). */
function countsAsUnread(m) {
  return m.direction === 'INBOUND' || (m.direction === 'INTERNAL' && m.authorUserId !== me()?.id);
}

/**
 * Applies one frame of the events socket to the lists and counters.
 * @returns the session a client's message just opened on a line the user operates, for a notice; else null
 */
export function applyEvent(frame) {
  const d = frame.data || {};
  if (frame.type === 'resync') {
    reloadAll();
    return null;
  }
  if (frame.type === 'counters.changed') {
    const line = inbox.lines.find(l => l.id === d.lineId);
    if (line) line.unassigned = d.unassigned;
    return null;
  }
  if (frame.type.startsWith('session.') && d.session) {
    upsertSession(d.session);
    const s = d.session;
    if (frame.type === 'session.created' && s.status === 'QUEUED' && rolesOn(s.lineId).operator) return s;
    // routing or a supervisor gave a session to this user
    if (frame.type === 'session.assigned' && s.operatorId === me()?.id && d.actorUserId !== me()?.id) return s;
    return null;
  }
  if (frame.type.startsWith('message.') && d.session) {
    upsertSession(d.session);
    const s = inbox.sessions[d.session.id];
    if (frame.type === 'message.created' && s && d.message && countsAsUnread(d.message) && s.id !== inbox.openId) {
      s.unread = (s.unread || 0) + 1;
    }
  }
  return null;
}
