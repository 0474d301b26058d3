import type { Inbox } from '../../../shared/messages/contract/inbox';
import { call } from '../platform/api';
import { h, show } from '../platform/dom';
import { formatDateTime, formatNumber, type MessageKey, t } from '../platform/i18n';

/**
 * 消息 on the volunteer's page: what happened to their points and activities, newest first, the new
 * ones marked, and one big button to say they have seen them.
 */
export function inboxSection(
  volunteerId: string,
  onError: (error: unknown) => void,
): { section: HTMLElement; load(): Promise<void> } {
  const badge = h('p', { class: 'hint', id: 'inbox-unread', 'aria-live': 'polite' });
  const list = h('ul', { class: 'inbox', id: 'inbox-list' });
  const markRead: HTMLButtonElement = h(
    'button',
    { type: 'button', class: 'button big', id: 'inbox-read', hidden: true },
    t('inbox.markRead'),
  );
  const base = `/volunteers/${encodeURIComponent(volunteerId)}/inbox`;
  let newest: string | undefined;

  function paint(inbox: Inbox): void {
    newest = inbox.messages[0]?.at;
    badge.textContent =
      inbox.unreadCount > 0 ? t('inbox.unread', { n: formatNumber(inbox.unreadCount) }) : t('inbox.allRead');
    markRead.hidden = inbox.unreadCount === 0;
    if (inbox.messages.length === 0) {
      show(list, h('li', { class: 'hint' }, t('inbox.none')));
      return;
    }
    show(
      list,
      ...inbox.messages.map((message) =>
        h(
          'li',
          { 'data-kind': message.kind, ...(message.unread ? { class: 'unread' } : {}) },
          h(
            'strong',
            null,
            t(`inbox.kind.${message.kind}` as MessageKey, {
              points: formatNumber(Math.abs(message.points ?? 0)),
            }),
          ),
          message.title === undefined ? null : h('span', null, ` · ${message.title}`),
          h('span', { class: 'hint' }, ` · ${formatDateTime(message.at)}`),
        ),
      ),
    );
  }

  async function load(): Promise<void> {
    try {
      paint(await call<Inbox>('GET', base));
    } catch (error) {
      onError(error);
    }
  }

  markRead.onclick = async () => {
    if (newest === undefined) return;
    markRead.disabled = true;
    try {
      paint(await call<Inbox>('POST', `${base}/seen`, { body: { upTo: newest } }));
    } catch (error) {
      onError(error);
    } finally {
      markRead.disabled = false;
    }
  };

  return {
    section: h(
      'section',
      { class: 'card', id: 'inbox' },
      h('h2', null, t('inbox.title')),
      badge,
      list,
      markRead,
    ),
    load,
  };
}
