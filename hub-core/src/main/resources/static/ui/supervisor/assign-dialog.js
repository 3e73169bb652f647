// Assigning a session to an operator of its line: a queued session is assigned, one already in progress is
// transferred (with an optional reason kept in its history). Offline operators cannot get sessions, so they are shown
// but not offered.
import { html, ref, reactive, onMounted } from '../lib.js';
import { api } from '../api.js';
import { messages } from '../i18n.js';
import { Modal, Field } from '../components.js';
import { toast } from '../store.js';
import { statusText } from './operators-panel.js';

const t = messages({
  en: {
    assignTitle: 'Assign the session with {name}', reassignTitle: 'Reassign the session with {name}',
    operator: 'Operator', choose: 'Choose an operator', reason: 'Reason (kept in the history)',
    assign: 'Assign', reassign: 'Reassign', current: 'now', open: '{n} open', noOperators: 'The line has no operators.',
    assigned: 'Assigned to {name}', offlineHint: 'Offline operators cannot get sessions.',
  },
  ru: {
    assignTitle: 'Назначить сессию с {name}', reassignTitle: 'Переназначить сессию с {name}',
    operator: 'Оператор', choose: 'Выберите оператора', reason: 'Причина (сохранится в истории)',
    assign: 'Назначить', reassign: 'Переназначить', current: 'сейчас', open: 'открытых: {n}',
    noOperators: 'На линии нет операторов.', assigned: 'Назначено: {name}',
    offlineHint: 'Операторам не в сети сессии не назначаются.',
  },
});

export default {
  props: { session: Object },
  emits: ['close', 'done'],
  setup(props, { emit }) {
    const state = reactive({ operators: null, error: '', busy: false });
    const operatorId = ref('');
    const reason = ref('');
    const queued = props.session.status === 'QUEUED';
    const name = props.session.clientName || '#' + props.session.clientId;

    onMounted(async () => {
      try {
        state.operators = await api.get('/api/v1/operators?lineId=' + props.session.lineId);
      } catch (e) {
        state.operators = [];
        state.error = e.message;
      }
    });

    const selectable = op => op.status !== 'OFFLINE' && op.userId !== props.session.operatorId;
    const submit = async e => {
      e.preventDefault();
      const id = Number(operatorId.value);
      if (!id) return;
      state.busy = true;
      state.error = '';
      try {
        const view = queued
          ? await api.post(`/api/v1/sessions/${props.session.id}/assign`, { operatorId: id })
          : await api.post(`/api/v1/sessions/${props.session.id}/transfer`,
            { toOperatorId: id, reason: reason.value.trim() || null });
        toast(t('assigned', { name: view.operatorName || '' }));
        emit('done', view);
      } catch (err) {
        state.error = err.message;
      } finally {
        state.busy = false;
      }
    };

    return () => html`
      <${Modal} title=${t(queued ? 'assignTitle' : 'reassignTitle', { name })} onClose=${() => emit('close')}>
        ${() => html`
          <form class="sv-assign" onSubmit=${submit}>
            ${state.operators === null ? html`<p class="muted">${t('loading')}</p>`
              : state.operators.length === 0 && !state.error ? html`<p class="muted">${t('noOperators')}</p>`
              : html`
                <${Field} label=${t('operator')} hint=${t('offlineHint')}>
                  ${() => html`
                    <select data-testid="assign-operator" required value=${operatorId.value}
                            onChange=${e => (operatorId.value = e.target.value)}>
                      <option value="" selected=${operatorId.value === ''}>${t('choose')}</option>
                      ${state.operators.map(op => html`
                        <option key=${op.userId} value=${op.userId} disabled=${!selectable(op)}
                                selected=${String(op.userId) === operatorId.value}>
                          ${op.name} — ${statusText(op.status)}, ${t('open', { n: op.openSessions })}${
                            op.userId === props.session.operatorId ? ' (' + t('current') + ')' : ''}
                        </option>`)}
                    </select>`}
                <//>
                ${!queued && html`
                  <${Field} label=${t('reason')}>
                    ${() => html`<input data-testid="assign-reason" maxlength="1000" value=${reason.value}
                                        onInput=${e => (reason.value = e.target.value)} />`}
                  <//>`}`}
            ${state.error && html`<p class="form-error" role="alert">${state.error}</p>`}
            <div class="form-actions">
              <button type="button" onClick=${() => emit('close')}>${t('cancel')}</button>
              <button type="submit" class="primary" data-testid="assign-submit"
                      disabled=${state.busy || !operatorId.value}>${t(queued ? 'assign' : 'reassign')}</button>
            </div>
          </form>`}
      <//>`;
  },
};
