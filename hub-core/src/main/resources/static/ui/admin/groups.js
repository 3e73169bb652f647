// Groups of users: lines give roles to groups, so a user's access is the sum of their groups' roles.
import { html, ref, reactive, computed } from '../lib.js';
import { api } from '../api.js';
import { messages } from '../i18n.js';
import { toast } from '../store.js';
import { Modal, Field } from '../components.js';
import { useLoad, loadState, applyProblem, useConfirm, PageHead, Checklist, useFirstFocus, showFirstError } from './shared.js';

const t = messages({
  en: {
    title: 'Groups', newGroup: 'New group', editGroup: 'Group "{name}"', description: 'Description',
    members: 'Members', lines: 'Roles on lines', noUsers: 'No users yet.', saved: 'Group saved',
    deleted: 'Group deleted', deleteTitle: 'Delete group',
    deleteText: 'Delete group "{name}"? Its members lose the roles on lines it gave them.',
    OPERATOR: 'operator', SUPERVISOR: 'supervisor', READER: 'reader', WRITER: 'writer', disabled: 'disabled',
  },
  ru: {
    title: 'Группы', newGroup: 'Новая группа', editGroup: 'Группа «{name}»', description: 'Описание',
    members: 'Участники', lines: 'Роли на линиях', noUsers: 'Пользователей пока нет.', saved: 'Группа сохранена',
    deleted: 'Группа удалена', deleteTitle: 'Удаление группы',
    deleteText: 'Удалить группу «{name}»? Её участники потеряют роли на линиях, которые она давала.',
    OPERATOR: 'оператор', SUPERVISOR: 'супервизор', READER: 'читатель', WRITER: 'писатель', disabled: 'отключён',
  },
});

const ROLE_FIELD = {
  OPERATOR: 'operatorGroupIds', SUPERVISOR: 'supervisorGroupIds', READER: 'readerGroupIds', WRITER: 'writerGroupIds',
};

const GroupForm = {
  props: { group: Object, users: Array },
  emits: ['close', 'saved'],
  setup(props, { emit }) {
    const g = props.group;
    const form = reactive({ name: g?.name || '', description: g?.description || '', memberIds: [...(g?.memberIds || [])] });
    const errors = reactive({});
    const formError = ref('');
    const busy = ref(false);
    const formEl = useFirstFocus();
    const submit = async e => {
      e.preventDefault();
      busy.value = true;
      formError.value = '';
      const body = { name: form.name.trim(), description: form.description.trim() || null, memberIds: form.memberIds };
      try {
        if (g) await api.put('/api/v1/groups/' + g.id, body); else await api.post('/api/v1/groups', body);
        toast(t('saved'));
        emit('saved');
        emit('close');
      } catch (err) {
        formError.value = applyProblem(err, errors, ['name', 'description', 'memberIds']);
        showFirstError(formEl);
      } finally {
        busy.value = false;
      }
    };
    return () => html`
      <${Modal} title=${g ? t('editGroup', { name: g.name }) : t('newGroup')} onClose=${() => emit('close')}>${() => html`
        <form class="admin-form" onSubmit=${submit} novalidate ref=${formEl}>
          <${Field} label=${t('name')} error=${errors.name}>${() => html`
            <input data-testid="group-name" required maxlength="200" value=${form.name}
                   onInput=${e => (form.name = e.target.value)} />`}<//>
          <${Field} label=${t('description')} error=${errors.description}>${() => html`
            <textarea data-testid="group-description" rows="2" maxlength="1000" value=${form.description}
                      onInput=${e => (form.description = e.target.value)}></textarea>`}<//>
          <${Checklist} legend=${t('members')} testid="group-members" emptyText=${t('noUsers')}
                        items=${props.users.map(u => ({ id: u.id, label: u.displayName,
                          hint: u.username + (u.enabled ? '' : ', ' + t('disabled')) }))}
                        selected=${form.memberIds} onUpdate=${ids => (form.memberIds = ids)} />
          ${errors.memberIds && html`<p class="field-error" role="alert">${errors.memberIds}</p>`}
          ${formError.value && html`<p class="form-error" role="alert" data-testid="form-error">${formError.value}</p>`}
          <div class="form-actions">
            <button type="button" onClick=${() => emit('close')}>${t('cancel')}</button>
            <button type="submit" class="primary" disabled=${busy.value} data-testid="group-save">${t('save')}</button>
          </div>
        </form>`}<//>`;
  },
};

export default {
  setup() {
    const [state, reload] = useLoad(async () => {
      const [groups, users, lines] = await Promise.all([
        api.get('/api/v1/groups'), api.get('/api/v1/users'), api.get('/api/v1/lines')]);
      users.sort((a, b) => a.displayName.localeCompare(b.displayName));
      return { groups, users, lines };
    });
    const editing = ref(null);
    const confirm = useConfirm(() => { toast(t('deleted')); reload(); });
    const userName = computed(() => Object.fromEntries((state.data?.users || []).map(u => [u.id, u.displayName])));
    const rolesOf = group => (state.data?.lines || []).flatMap(line => Object.entries(ROLE_FIELD)
      .filter(([, field]) => (line[field] || []).includes(group.id))
      .map(([role]) => line.name + ' (' + t(role) + ')'));
    const remove = group => confirm.ask({
      title: t('deleteTitle'), text: t('deleteText', { name: group.name }),
      action: () => api.del('/api/v1/groups/' + group.id),
    });
    return () => {
      const groups = state.data?.groups || [];
      return html`
        <${PageHead} title=${t('title')}>${() => html`
          <button type="button" onClick=${reload} disabled=${state.loading}>${t('refresh')}</button>
          <button type="button" class="primary" data-testid="group-create" disabled=${!state.data}
                  onClick=${() => (editing.value = {})}>${t('newGroup')}</button>`}<//>
        ${loadState(state, reload, groups.length === 0) || html`
          <div class="table-wrap">
            <table class="grid admin-table">
              <thead><tr>
                <th scope="col">${t('name')}</th><th scope="col">${t('members')}</th>
                <th scope="col">${t('lines')}</th><th scope="col">${t('actions')}</th>
              </tr></thead>
              <tbody>
                ${groups.map(g => html`
                  <tr key=${g.id} data-testid="group-row" data-group-id=${g.id}>
                    <td><button type="button" class="link strong" onClick=${() => (editing.value = { group: g })}>
                      ${g.name}</button>${g.description && html`<div class="hint">${g.description}</div>`}</td>
                    <td class="small">${g.memberIds.map(id => userName.value[id] || '#' + id).join(', ')}</td>
                    <td class="small">${rolesOf(g).join(', ')}</td>
                    <td class="row-actions">
                      <button type="button" data-testid="group-edit" onClick=${() => (editing.value = { group: g })}>
                        ${t('edit')}</button>
                      <button type="button" class="danger" data-testid="group-delete" onClick=${() => remove(g)}>
                        ${t('delete')}</button>
                    </td>
                  </tr>`)}
              </tbody>
            </table>
          </div>`}
        ${editing.value && html`<${GroupForm} group=${editing.value.group} users=${state.data.users}
                                              onClose=${() => (editing.value = null)} onSaved=${reload} />`}
        ${confirm.dialog()}`;
    };
  },
};
