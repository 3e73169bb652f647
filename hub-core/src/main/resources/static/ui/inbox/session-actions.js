// What the user may do with the open session: take it from the queue, transfer, close (with a reason), and for
// supervisors assign it to an operator or reopen it. Buttons appear only when the hub would allow the action; its
// refusal (someone took the session first, the operator is offline...) is shown as it says it.
import { html, ref } from '../lib.js';
import { api } from '../api.js';
import { messages } from '../i18n.js';
import { session as auth, showError, toast } from '../store.js';
import { navigate } from '../router.js';
import { Modal, Field } from '../components.js';
import { rolesOn, canSee, upsertSession } from './inbox-state.js';
import TransferDialog, { lineOperators, operatorLabel } from './transfer-dialog.js';

const t = messages({
  en: {
    take: 'Take', transfer: 'Transfer…', closeSession: 'Close…', reopen: 'Reopen', assign: 'Assign…',
    closeTitle: 'Close the session', reason: 'Reason (optional)', closeHint: 'The history stays; a new message from '
      + 'the client opens a new session.', confirmClose: 'Close the session', assignTitle: 'Assign to an operator',
    operator: 'Operator', assignSubmit: 'Assign', choose: 'Choose an operator', noOperators: 'The line has no operators',
    transferred: 'The session was transferred', taken: 'The session is yours', sessionActions: 'Session actions',
    block: 'Block client…', blockTitle: 'Block the client', blockHint: 'The session moves to spam; the client\'s '
      + 'messages are kept there and nobody is notified. An admin can unblock it.', comment: 'Comment (optional)',
    expires: 'Blocked until (optional)', blockSubmit: 'Block', blocked: 'The client is blocked',
    unblock: 'Unblock', unblockLabel: 'Unblock the client: delete the rules that block them and put the session back '
      + 'in the queue', unblocked: 'The session is back in the queue',
  },
  ru: {
    take: 'Взять', transfer: 'Передать…', closeSession: 'Закрыть…', reopen: 'Открыть снова', assign: 'Назначить…',
    closeTitle: 'Закрыть сессию', reason: 'Причина (необязательно)', closeHint: 'История сохранится; новое сообщение '
      + 'клиента откроет новую сессию.', confirmClose: 'Закрыть сессию', assignTitle: 'Назначить оператору',
    operator: 'Оператор', assignSubmit: 'Назначить', choose: 'Выберите оператора', noOperators: 'На линии нет операторов',
    transferred: 'Сессия передана', taken: 'Сессия ваша', sessionActions: 'Действия с сессией',
    block: 'Заблокировать…', blockTitle: 'Заблокировать клиента', blockHint: 'Сессия уйдёт в спам; сообщения '
      + 'клиента сохранятся там, уведомлений не будет. Администратор может разблокировать.',
    comment: 'Комментарий (необязательно)', expires: 'Заблокирован до (необязательно)', blockSubmit: 'Заблокировать',
    blocked: 'Клиент заблокирован', unblock: 'Разблокировать',
    unblockLabel: 'Разблокировать клиента: удалить блокирующие его правила и вернуть сессию в очередь',
    unblocked: 'Сессия снова в очереди',
  },
});

const CloseDialog = {
  props: { session: Object },
  emits: ['close', 'done'],
  setup(props, { emit }) {
    const reason = ref('');
    const error = ref('');
    const busy = ref(false);
    const submit = async e => {
      e.preventDefault();
      busy.value = true;
      error.value = '';
      try {
        emit('done', await api.post(`/api/v1/sessions/${props.session.id}/close`,
          { reason: reason.value.trim() || null }));
      } catch (err) {
        error.value = err.message;
      } finally {
        busy.value = false;
      }
    };
    return () => html`
      <${Modal} title=${t('closeTitle')} onClose=${() => emit('close')}>${() => html`
        <form class="dialog-form" onSubmit=${submit}>
          <${Field} label=${t('reason')} hint=${t('closeHint')}>${() => html`
            <textarea data-testid="close-reason" rows="2" maxlength="1000" value=${reason.value}
                      onInput=${e => (reason.value = e.target.value)}></textarea>`}<//>
          ${error.value && html`<p class="form-error" role="alert">${error.value}</p>`}
          <div class="form-actions">
            <button type="button" onClick=${() => emit('close')}>${t('cancel')}</button>
            <button type="submit" class="primary" data-testid="close-submit" disabled=${busy.value}>
              ${t('confirmClose')}</button>
          </div>
        </form>`}<//>`;
  },
};

// the block confirmation: a comment and an optional expiry go with the rule
const BlockDialog = {
  props: { session: Object },
  emits: ['close', 'done'],
  setup(props, { emit }) {
    const comment = ref('');
    const expires = ref('');
    const error = ref('');
    const busy = ref(false);
    const submit = async e => {
      e.preventDefault();
      busy.value = true;
      error.value = '';
      try {
        emit('done', await api.post(`/api/v1/sessions/${props.session.id}/block`, {
          comment: comment.value.trim() || null,
          expiresAt: expires.value ? new Date(expires.value).toISOString() : null,
        }));
      } catch (err) {
        error.value = err.message;
      } finally {
        busy.value = false;
      }
    };
    return () => html`
      <${Modal} title=${t('blockTitle')} onClose=${() => emit('close')}>${() => html`
        <form class="dialog-form" onSubmit=${submit}>
          <p class="hint">${t('blockHint')}</p>
          <${Field} label=${t('comment')}>${() => html`
            <textarea data-testid="block-comment" rows="2" maxlength="1000" value=${comment.value}
                      onInput=${e => (comment.value = e.target.value)}></textarea>`}<//>
          <${Field} label=${t('expires')}>${() => html`
            <input type="datetime-local" data-testid="block-expires" value=${expires.value}
                   onInput=${e => (expires.value = e.target.value)} />`}<//>
          ${error.value && html`<p class="form-error" role="alert">${error.value}</p>`}
          <div class="form-actions">
            <button type="button" onClick=${() => emit('close')}>${t('cancel')}</button>
            <button type="submit" class="danger" data-testid="block-submit" disabled=${busy.value}>
              ${t('blockSubmit')}</button>
          </div>
        </form>`}<//>`;
  },
};

const AssignDialog = {
  props: { session: Object },
  emits: ['close', 'done'],
  setup(props, { emit }) {
    const operators = ref(null);
    const operatorId = ref('');
    const error = ref('');
    const busy = ref(false);
    lineOperators(props.session.lineId).then(list => (operators.value = list || []), e => (error.value = e.message));
    const submit = async e => {
      e.preventDefault();
      if (operatorId.value === '') return;
      busy.value = true;
      error.value = '';
      try {
        emit('done', await api.post(`/api/v1/sessions/${props.session.id}/assign`, { operatorId: operatorId.value }));
      } catch (err) {
        error.value = err.message;
      } finally {
        busy.value = false;
      }
    };
    return () => html`
      <${Modal} title=${t('assignTitle')} onClose=${() => emit('close')}>${() => html`
        <form class="dialog-form" onSubmit=${submit}>
          <${Field} label=${t('operator')}
                    hint=${operators.value && !operators.value.length ? t('noOperators') : ''}>${() => html`
            <select data-testid="assign-operator" required
                    onChange=${e => (operatorId.value = e.target.value === '' ? '' : Number(e.target.value))}>
              <option value="" selected=${operatorId.value === ''}>${operators.value ? t('choose') : t('loading')}</option>
              ${(operators.value || []).map(o => html`
                <option key=${o.userId} value=${o.userId} selected=${o.userId === operatorId.value}
                        disabled=${o.status === 'OFFLINE' || o.userId === props.session.operatorId}>
                  ${operatorLabel(o)}</option>`)}
            </select>`}<//>
          ${error.value && html`<p class="form-error" role="alert">${error.value}</p>`}
          <div class="form-actions">
            <button type="button" onClick=${() => emit('close')}>${t('cancel')}</button>
            <button type="submit" class="primary" data-testid="assign-submit"
                    disabled=${busy.value || operatorId.value === ''}>${t('assignSubmit')}</button>
          </div>
        </form>`}<//>`;
  },
};

export default {
  props: { session: Object },
  setup(props) {
    const dialog = ref(null);   // 'transfer' | 'close' | 'assign' | 'block'
    const busy = ref(false);

    // the hub answers every action with the session after it; a session that left the user's sight goes away
    const apply = (done, notice) => {
      dialog.value = null;
      if (!done) return;
      upsertSession(done);
      if (notice) toast(notice);
      if (!canSee(done)) navigate('/inbox');
    };
    const act = async (path, notice, body) => {
      busy.value = true;
      try {
        apply(await api.post(`/api/v1/sessions/${props.session.id}/${path}`, body), notice);
      } catch (e) {
        showError(e);
      } finally {
        busy.value = false;
      }
    };

    return () => {
      const s = props.session;
      const roles = rolesOn(s.lineId);
      const open = s.status === 'QUEUED' || s.status === 'ASSIGNED';
      const mine = s.status === 'ASSIGNED' && s.operatorId === auth.me?.user.id;
      const handles = mine || roles.supervisor;
      return html`
        <div class="session-actions" role="group" aria-label=${t('sessionActions')}>
          ${s.status === 'QUEUED' && roles.operator && html`
            <button type="button" class="primary" data-testid="action-take" disabled=${busy.value}
                    onClick=${() => act('take', t('taken'))}>${t('take')}</button>`}
          ${open && roles.supervisor && html`
            <button type="button" data-testid="action-assign" onClick=${() => (dialog.value = 'assign')}>
              ${t('assign')}</button>`}
          ${open && handles && html`
            <button type="button" data-testid="action-transfer" onClick=${() => (dialog.value = 'transfer')}>
              ${t('transfer')}</button>`}
          ${open && handles && html`
            <button type="button" data-testid="action-close" onClick=${() => (dialog.value = 'close')}>
              ${t('closeSession')}</button>`}
          ${open && (roles.operator || roles.supervisor) && html`
            <button type="button" data-testid="action-block" onClick=${() => (dialog.value = 'block')}>
              ${t('block')}</button>`}
          ${s.status === 'SPAM' && auth.me?.user.admin && html`
            <button type="button" data-testid="action-unblock" disabled=${busy.value} title=${t('unblockLabel')}
                    aria-label=${t('unblockLabel')}
                    onClick=${() => act('unblock', t('unblocked'), { removeRule: true })}>${t('unblock')}</button>`}
          ${s.status === 'CLOSED' && roles.supervisor && html`
            <button type="button" data-testid="action-reopen" disabled=${busy.value}
                    onClick=${() => act('reopen')}>${t('reopen')}</button>`}
          ${dialog.value === 'transfer' && html`<${TransferDialog} session=${s} onClose=${() => (dialog.value = null)}
                                                 onDone=${done => apply(done, t('transferred'))} />`}
          ${dialog.value === 'close' && html`<${CloseDialog} session=${s} onClose=${() => (dialog.value = null)}
                                              onDone=${done => apply(done)} />`}
          ${dialog.value === 'block' && html`<${BlockDialog} session=${s} onClose=${() => (dialog.value = null)}
                                              onDone=${done => apply(done, t('blocked'))} />`}
          ${dialog.value === 'assign' && html`<${AssignDialog} session=${s} onClose=${() => (dialog.value = null)}
                                               onDone=${done => apply(done)} />`}
        </div>`;
    };
  },
};
