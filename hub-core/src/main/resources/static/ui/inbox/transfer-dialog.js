// Transferring a session: to the queue of its line or of another line, or to an operator of that line, with a
// reason that the history keeps. Only supervisors may list a line's operators (GET /api/v1/operators); an operator
// transfers to a line's queue.
import { html, ref, computed, watch } from '../lib.js';
import { api } from '../api.js';
import { messages } from '../i18n.js';
import { Modal, Field } from '../components.js';
import { inbox } from './inbox-state.js';

const t = messages({
  en: {
    title: 'Transfer the session', line: 'Line', operator: 'Operator', queue: 'The line\'s queue (no operator)',
    reason: 'Reason', reasonHint: 'Kept in the session\'s history; colleagues see it.', transfer: 'Transfer',
    current: '{name} (current)', offline: '{name} (offline)', away: '{name} (away)',
    nothing: 'Choose another line or an operator.', operatorsFailed: 'Could not load the operators: {error}',
  },
  ru: {
    title: 'Передать сессию', line: 'Линия', operator: 'Оператор', queue: 'Очередь линии (без оператора)',
    reason: 'Причина', reasonHint: 'Сохраняется в истории сессии, коллеги её видят.', transfer: 'Передать',
    current: '{name} (текущая)', offline: '{name} (не в сети)', away: '{name} (отошёл)',
    nothing: 'Выберите другую линию или оператора.', operatorsFailed: 'Не удалось загрузить операторов: {error}',
  },
});

/** Operators of a line for a picker; null when the user may not list them (not a supervisor of the line). */
export async function lineOperators(lineId) {
  return api.get('/api/v1/lines/' + lineId + '/operators');
}

/** An operator's option text with their status. */
export function operatorLabel(o) {
  return o.status === 'OFFLINE' ? t('offline', { name: o.name }) : o.status === 'AWAY' ? t('away', { name: o.name })
    : o.name;
}

export default {
  props: { session: Object },
  emits: ['close', 'done'],
  setup(props, { emit }) {
    const lineId = ref(props.session.lineId);
    const operatorId = ref('');
    const reason = ref('');
    const operators = ref([]);
    const loadError = ref('');
    const error = ref('');
    const busy = ref(false);
    const lines = computed(() => inbox.directory.length ? inbox.directory : inbox.lines);

    watch(lineId, async id => {
      operatorId.value = '';
      operators.value = [];
      loadError.value = '';
      try {
        const list = await lineOperators(id);
        if (id !== lineId.value) return;
        operators.value = list;
      } catch (e) {
        loadError.value = t('operatorsFailed', { error: e.message });
      }
    }, { immediate: true });

    // moving a queued session to its own queue changes nothing
    const changes = computed(() => lineId.value !== props.session.lineId || operatorId.value !== ''
      || props.session.status !== 'QUEUED');

    const submit = async e => {
      e.preventDefault();
      if (!changes.value) {
        error.value = t('nothing');
        return;
      }
      busy.value = true;
      error.value = '';
      try {
        const done = await api.post(`/api/v1/sessions/${props.session.id}/transfer`, {
          toLineId: lineId.value,
          toOperatorId: operatorId.value === '' ? null : operatorId.value,
          reason: reason.value.trim() || null,
        });
        emit('done', done);
      } catch (err) {
        error.value = err.message;
      } finally {
        busy.value = false;
      }
    };

    return () => html`
      <${Modal} title=${t('title')} onClose=${() => emit('close')}>${() => html`
        <form class="dialog-form" onSubmit=${submit}>
          <${Field} label=${t('line')}>${() => html`
            <select data-testid="transfer-line" value=${lineId.value}
                    onChange=${e => (lineId.value = Number(e.target.value))}>
              ${lines.value.map(l => html`<option key=${l.id} value=${l.id} selected=${l.id === lineId.value}>
                ${l.id === props.session.lineId ? t('current', { name: l.name }) : l.name}</option>`)}
            </select>`}<//>
          <${Field} label=${t('operator')}
                    error=${loadError.value}>${() => html`
            <select data-testid="transfer-operator"
                    onChange=${e => (operatorId.value = e.target.value === '' ? '' : Number(e.target.value))}>
              <option value="" selected=${operatorId.value === ''}>${t('queue')}</option>
              ${operators.value.map(o => html`
                <option key=${o.userId} value=${o.userId} selected=${o.userId === operatorId.value}
                        disabled=${o.status === 'OFFLINE'
                          || (o.userId === props.session.operatorId && lineId.value === props.session.lineId)}>
                  ${operatorLabel(o)}</option>`)}
            </select>`}<//>
          <${Field} label=${t('reason')} hint=${t('reasonHint')}>${() => html`
            <textarea data-testid="transfer-reason" rows="2" maxlength="1000" value=${reason.value}
                      onInput=${e => (reason.value = e.target.value)}></textarea>`}<//>
          ${error.value && html`<p class="form-error" role="alert">${error.value}</p>`}
          <div class="form-actions">
            <button type="button" onClick=${() => emit('close')}>${t('cancel')}</button>
            <button type="submit" class="primary" data-testid="transfer-submit" disabled=${busy.value}>
              ${t('transfer')}</button>
          </div>
        </form>`}<//>`;
  },
};
