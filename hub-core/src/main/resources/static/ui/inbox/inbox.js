// The operator's inbox (#/inbox, #/inbox/<session id>): the lines and session groups on the left, the open
// conversation in the middle, the client card on the right. In a narrow window one column shows at a time: the
// list, the conversation (with a back button), or the card.
import { html, ref, computed, watch, onMounted, onBeforeUnmount } from '../lib.js';
import { messages } from '../i18n.js';
import { route, navigate } from '../router.js';
import * as events from '../events.js';
import { inbox, applyEvent, reloadAll, lineName, visibleGroups } from './inbox-state.js';
import { useClock } from '../clock.js';
import { announce } from './notify.js';
import SessionList from './session-list.js';
import Conversation from './conversation.js';
import ClientCard from './client-card.js';

const t = messages({
  en: {
    choose: 'Choose a session on the left.', newSession: 'New session: {name}', onLine: 'Line {line}, {channel}',
    assigned: 'A session was given to you: {name}',
  },
  ru: {
    choose: 'Выберите сессию слева.', newSession: 'Новая сессия: {name}', onLine: 'Линия {line}, {channel}',
    assigned: 'Вам передана сессия: {name}',
  },
});

const GROUP_KEY = 'lineshub.inbox.group';

export default {
  setup() {
    const group = ref(sessionStorage.getItem(GROUP_KEY) || 'queue');
    watch(group, g => sessionStorage.setItem(GROUP_KEY, g));
    const showCard = ref(false);
    const sessionId = computed(() => {
      const id = route.parts[0] === 'inbox' ? Number(route.parts[1]) : NaN;
      return Number.isInteger(id) && id > 0 ? id : null;
    });
    watch(sessionId, () => (showCard.value = false));
    const open = computed(() => sessionId.value && inbox.sessions[sessionId.value]);

    const onFrame = frame => {
      const fresh = applyEvent(frame);
      if (!fresh) return;
      const name = fresh.clientName || '#' + fresh.clientId;
      const title = frame.type === 'session.created' ? t('newSession', { name }) : t('assigned', { name });
      announce(title, t('onLine', { line: lineName(fresh.lineId), channel: fresh.channelType }),
        'session-' + fresh.id, () => navigate('/inbox/' + fresh.id));
    };
    let unsubscribe = null;
    let releaseClock = null;
    onMounted(() => {
      releaseClock = useClock();
      unsubscribe = events.subscribe(onFrame);
      reloadAll().then(() => {
        if (!visibleGroups.value.includes(group.value)) group.value = visibleGroups.value[0] || 'queue';
      });
    });
    onBeforeUnmount(() => {
      releaseClock?.();
      unsubscribe?.();
    });

    return () => html`
      <main class=${['inbox', { 'has-session': !!sessionId.value, 'show-card': showCard.value && !!open.value }]}>
        <${SessionList} currentId=${sessionId.value} group=${group.value} onGroup=${g => (group.value = g)} />
        ${sessionId.value
          ? html`<${Conversation} key=${sessionId.value} sessionId=${sessionId.value}
                                  onBack=${() => navigate('/inbox')} onCard=${() => (showCard.value = !showCard.value)} />`
          : html`<section class="conversation conversation-empty"><p class="empty-state">${t('choose')}</p></section>`}
        ${open.value && html`<${ClientCard} clientId=${open.value.clientId} sessionId=${sessionId.value}
                                            onHide=${() => (showCard.value = false)} />`}
      </main>`;
  },
};
