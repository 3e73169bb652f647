// Lines: their routing, limits and timers, and which groups operate, supervise, read and write to them.
import { html, ref, reactive, computed } from '../lib.js';
import { api } from '../api.js';
import { messages } from '../i18n.js';
import { toast } from '../store.js';
import { Modal, Field, Badge } from '../components.js';
import { useLoad, loadState, applyProblem, useConfirm, PageHead, intOrNull, useFirstFocus, showFirstError } from './shared.js';
import { SlaSection, SLA_FIELDS, slaFormOf, slaBody } from './line-sla.js';

const t = messages({
  en: {
    title: 'Lines', newLine: 'New line', editLine: 'Line "{name}"', routing: 'Routing',
    MANUAL: 'Queue (operators take)', ROUND_ROBIN: 'Round robin', LEAST_BUSY: 'Least busy',
    MANUAL_hint: 'Sessions wait in the queue; the first operator to take one gets it.',
    ROUND_ROBIN_hint: 'Each new session goes to the next online operator with room, in turn.',
    LEAST_BUSY_hint: 'Each new session goes to the online operator with the fewest open sessions.',
    maxSessions: 'Sessions per operator', maxSessionsHint: 'The most open sessions one operator holds; 0 for no limit.',
    autoClose: 'Auto-close after, hours', autoCloseHint: 'Close sessions after this many hours without messages; 0 never.',
    offerTimeout: 'Offer timeout, seconds',
    offerTimeoutHint: 'A routed session nobody answered within this time goes to the next operator; 0 never.',
    showOperatorName: 'Clients see the operator\'s name (otherwise the line\'s name)',
    allowOffline: 'Operators may go offline while holding open sessions of this line',
    access: 'Access by group', group: 'Group', OPERATOR: 'Operators', SUPERVISOR: 'Supervisors', READER: 'Readers',
    WRITER: 'Writers', WRITER_hint: 'internal users who write to the line as clients',
    noGroups: 'There are no groups yet. Create groups of users first, then give them roles here.',
    groupsLink: 'Groups', queue: 'Queue', noLimit: 'no limit', never: 'never', hours: '{n} h', seconds: '{n} s',
    saved: 'Line saved', deleted: 'Line deleted', deleteTitle: 'Delete line',
    deleteText: 'Delete line "{name}"? Only a line without channel accounts and sessions can be deleted.',
    limits: 'Limits', groups: 'Groups', perOperator: 'Per operator', autoCloseShort: 'Auto-close',
    offerShort: 'Offer timeout',
  },
  ru: {
    title: 'Линии', newLine: 'Новая линия', editLine: 'Линия «{name}»', routing: 'Распределение',
    MANUAL: 'Очередь (берут сами)', ROUND_ROBIN: 'По кругу', LEAST_BUSY: 'Наименее занятому',
    MANUAL_hint: 'Обращения ждут в очереди; их берёт первый освободившийся оператор.',
    ROUND_ROBIN_hint: 'Каждое новое обращение получает следующий оператор в сети, у которого есть место.',
    LEAST_BUSY_hint: 'Каждое новое обращение получает оператор в сети с наименьшим числом открытых обращений.',
    maxSessions: 'Обращений на оператора',
    maxSessionsHint: 'Сколько открытых обращений может быть у одного оператора; 0 — без ограничения.',
    autoClose: 'Автозакрытие через, часов',
    autoCloseHint: 'Закрывать обращения, в которых столько часов нет сообщений; 0 — никогда.',
    offerTimeout: 'Время на ответ, секунд',
    offerTimeoutHint: 'Назначенное обращение без ответа за это время переходит к следующему оператору; 0 — никогда.',
    showOperatorName: 'Клиенты видят имя оператора (иначе — название линии)',
    allowOffline: 'Операторы могут уходить из сети, не закрыв обращения этой линии',
    access: 'Доступ групп', group: 'Группа', OPERATOR: 'Операторы', SUPERVISOR: 'Супервизоры', READER: 'Читатели',
    WRITER: 'Писатели', WRITER_hint: 'внутренние пользователи, пишущие в линию как клиенты',
    noGroups: 'Групп пока нет. Сначала создайте группы пользователей, затем назначьте им роли здесь.',
    groupsLink: 'Группы', queue: 'Очередь', noLimit: 'без ограничения', never: 'никогда', hours: '{n} ч',
    seconds: '{n} с', saved: 'Линия сохранена', deleted: 'Линия удалена', deleteTitle: 'Удаление линии',
    deleteText: 'Удалить линию «{name}»? Удалить можно только линию без каналов и обращений.',
    limits: 'Ограничения', groups: 'Группы', perOperator: 'На оператора', autoCloseShort: 'Автозакрытие',
    offerShort: 'Время на ответ',
  },
});

const MODES = ['MANUAL', 'ROUND_ROBIN', 'LEAST_BUSY'];
const ROLES = ['OPERATOR', 'SUPERVISOR', 'READER', 'WRITER'];
const ROLE_FIELD = {
  OPERATOR: 'operatorGroupIds', SUPERVISOR: 'supervisorGroupIds', READER: 'readerGroupIds', WRITER: 'writerGroupIds',
};
const FIELDS = ['name', 'routingMode', 'maxSessionsPerOperator', 'autoCloseHours', 'offerTimeoutSeconds',
  ...Object.values(ROLE_FIELD), ...SLA_FIELDS];

function formOf(line) {
  const f = {
    name: line?.name || '', showOperatorName: line ? line.showOperatorName : true,
    routingMode: line?.routingMode || 'MANUAL', maxSessionsPerOperator: String(line?.maxSessionsPerOperator ?? 0),
    autoCloseHours: String(line?.autoCloseHours ?? 0), offerTimeoutSeconds: String(line?.offerTimeoutSeconds ?? 0),
    allowOfflineWithSessions: line ? line.allowOfflineWithSessions : false, sla: slaFormOf(line?.sla),
  };
  ROLES.forEach(r => (f[ROLE_FIELD[r]] = [...(line?.[ROLE_FIELD[r]] || [])]));
  return f;
}

/** Which groups have which role: a checkbox per group and role. */
const GrantMatrix = {
  props: { groups: Array, form: Object, errors: Object },
  setup(props) {
    const toggle = (role, id, on) => {
      const key = ROLE_FIELD[role];
      const set = new Set(props.form[key]);
      if (on) set.add(id); else set.delete(id);
      props.form[key] = [...set];
    };
    return () => html`
      <fieldset class="grant-matrix">
        <legend class="field-label">${t('access')}</legend>
        ${props.groups.length === 0 ? html`
          <p class="hint">${t('noGroups')} <a href="#/admin/groups">${t('groupsLink')}</a></p>` : html`
          <div class="table-wrap">
            <table class="grid compact">
              <thead><tr><th scope="col">${t('group')}</th>
                ${ROLES.map(r => html`<th scope="col" key=${r} title=${r === 'WRITER' ? t('WRITER_hint') : null}>
                  ${t(r)}</th>`)}</tr></thead>
              <tbody>
                ${props.groups.map(g => html`
                  <tr key=${g.id}><th scope="row">${g.name}</th>
                    ${ROLES.map(r => html`<td key=${r} class="center">
                      <input type="checkbox" aria-label=${t(r) + ': ' + g.name}
                             data-testid=${'line-grant-' + r + '-' + g.id}
                             checked=${props.form[ROLE_FIELD[r]].includes(g.id)}
                             onChange=${e => toggle(r, g.id, e.target.checked)} /></td>`)}
                  </tr>`)}
              </tbody>
            </table>
          </div>
          <p class="hint">${t('WRITER')}: ${t('WRITER_hint')}</p>`}
        ${ROLES.map(r => props.errors[ROLE_FIELD[r]]
          && html`<small class="field-error" role="alert">${props.errors[ROLE_FIELD[r]]}</small>`)}
      </fieldset>`;
  },
};

const LineForm = {
  props: { line: Object, groups: Array },
  emits: ['close', 'saved'],
  setup(props, { emit }) {
    const form = reactive(formOf(props.line));
    const errors = reactive({});
    const formError = ref('');
    const busy = ref(false);
    const formEl = useFirstFocus();
    const submit = async e => {
      e.preventDefault();
      busy.value = true;
      formError.value = '';
      const body = {
        ...form, name: form.name.trim(),
        maxSessionsPerOperator: intOrNull(form.maxSessionsPerOperator) ?? 0,
        autoCloseHours: intOrNull(form.autoCloseHours) ?? 0,
        offerTimeoutSeconds: intOrNull(form.offerTimeoutSeconds) ?? 0, sla: slaBody(form.sla),
      };
      try {
        const saved = props.line ? await api.put('/api/v1/lines/' + props.line.id, body)
          : await api.post('/api/v1/lines', body);
        toast(t('saved'));
        emit('saved', saved);
        emit('close');
      } catch (err) {
        formError.value = applyProblem(err, errors, FIELDS);
        showFirstError(formEl);
      } finally {
        busy.value = false;
      }
    };
    const number = (key, label, hint, max, testid) => html`
      <${Field} label=${label} hint=${hint} error=${errors[key]}>${() => html`
        <input type="number" min="0" max=${max} step="1" inputmode="numeric" data-testid=${testid}
               value=${form[key]} onInput=${e => (form[key] = e.target.value)} />`}<//>`;
    return () => html`
      <${Modal} wide title=${props.line ? t('editLine', { name: props.line.name }) : t('newLine')}
                onClose=${() => emit('close')}>${() => html`
        <form class="admin-form" onSubmit=${submit} novalidate ref=${formEl}>
          <div class="form-grid">
            <${Field} label=${t('name')} error=${errors.name}>${() => html`
              <input data-testid="line-name" required maxlength="200" value=${form.name}
                     onInput=${e => (form.name = e.target.value)} />`}<//>
            <${Field} label=${t('routing')} hint=${t(form.routingMode + '_hint')} error=${errors.routingMode}>${() => html`
              <select data-testid="line-routing" onChange=${e => (form.routingMode = e.target.value)}>
                ${MODES.map(m => html`<option value=${m} selected=${m === form.routingMode}>${t(m)}</option>`)}
              </select>`}<//>
            ${number('maxSessionsPerOperator', t('maxSessions'), t('maxSessionsHint'), 1000, 'line-max-sessions')}
            ${number('autoCloseHours', t('autoClose'), t('autoCloseHint'), 8760, 'line-auto-close')}
            ${number('offerTimeoutSeconds', t('offerTimeout'), t('offerTimeoutHint'), 86400, 'line-offer-timeout')}
          </div>
          <div class="admin-checks">
            <label class="check"><input type="checkbox" data-testid="line-show-operator-name"
                   checked=${form.showOperatorName} onChange=${e => (form.showOperatorName = e.target.checked)} />
              ${t('showOperatorName')}</label>
            <label class="check"><input type="checkbox" data-testid="line-allow-offline"
                   checked=${form.allowOfflineWithSessions}
                   onChange=${e => (form.allowOfflineWithSessions = e.target.checked)} />
              ${t('allowOffline')}</label>
          </div>
          <${GrantMatrix} groups=${props.groups} form=${form} errors=${errors} />
          <${SlaSection} form=${form.sla} errors=${errors} />
          ${formError.value && html`<p class="form-error" role="alert" data-testid="form-error">${formError.value}</p>`}
          <div class="form-actions">
            <button type="button" onClick=${() => emit('close')}>${t('cancel')}</button>
            <button type="submit" class="primary" disabled=${busy.value} data-testid="line-save">${t('save')}</button>
          </div>
        </form>`}<//>`;
  },
};

export default {
  setup() {
    const [state, reload] = useLoad(async () => {
      const [lines, groups] = await Promise.all([api.get('/api/v1/lines'), api.get('/api/v1/groups')]);
      return { lines, groups };
    });
    const editing = ref(null); // {line} or {} for a new one
    const confirm = useConfirm(() => { toast(t('deleted')); reload(); });
    const groupName = computed(() => Object.fromEntries((state.data?.groups || []).map(g => [g.id, g.name])));
    const grantsText = line => ROLES.map(r => {
      const ids = line[ROLE_FIELD[r]] || [];
      return ids.length ? t(r) + ': ' + ids.map(id => groupName.value[id] || '#' + id).join(', ') : null;
    }).filter(Boolean);
    const remove = line => confirm.ask({
      title: t('deleteTitle'), text: t('deleteText', { name: line.name }),
      action: () => api.del('/api/v1/lines/' + line.id),
    });
    return () => {
      const lines = state.data?.lines || [];
      return html`
        <${PageHead} title=${t('title')}>${() => html`
          <button type="button" onClick=${reload} disabled=${state.loading}>${t('refresh')}</button>
          <button type="button" class="primary" data-testid="line-create" disabled=${!state.data}
                  onClick=${() => (editing.value = {})}>${t('newLine')}</button>`}<//>
        ${loadState(state, reload, lines.length === 0) || html`
          <div class="table-wrap">
            <table class="grid admin-table">
              <thead><tr>
                <th scope="col">${t('name')}</th><th scope="col">${t('routing')}</th>
                <th scope="col">${t('limits')}</th><th scope="col">${t('groups')}</th>
                <th scope="col">${t('queue')}</th><th scope="col">${t('actions')}</th>
              </tr></thead>
              <tbody>
                ${lines.map(l => html`
                  <tr key=${l.id} data-testid="line-row" data-line-id=${l.id}>
                    <td><button type="button" class="link strong" onClick=${() => (editing.value = { line: l })}>
                      ${l.name}</button></td>
                    <td>${t(l.routingMode)}</td>
                    <td class="small">
                      <div>${t('perOperator')}: ${l.maxSessionsPerOperator ?? t('noLimit')}</div>
                      <div>${t('autoCloseShort')}: ${l.autoCloseHours == null ? t('never')
                        : t('hours', { n: l.autoCloseHours })}</div>
                      <div>${t('offerShort')}: ${l.offerTimeoutSeconds == null ? t('never')
                        : t('seconds', { n: l.offerTimeoutSeconds })}</div>
                    </td>
                    <td class="small">${grantsText(l).map(s => html`<div>${s}</div>`)}</td>
                    <td>${l.unassigned > 0 ? html`<${Badge} kind="warn" text=${String(l.unassigned)} />` : '0'}</td>
                    <td class="row-actions">
                      <button type="button" data-testid="line-edit" onClick=${() => (editing.value = { line: l })}>
                        ${t('edit')}</button>
                      <button type="button" class="danger" data-testid="line-delete" onClick=${() => remove(l)}>
                        ${t('delete')}</button>
                    </td>
                  </tr>`)}
              </tbody>
            </table>
          </div>`}
        ${editing.value && html`<${LineForm} line=${editing.value.line} groups=${state.data.groups}
                                             onClose=${() => (editing.value = null)} onSaved=${reload} />`}
        ${confirm.dialog()}`;
    };
  },
};
