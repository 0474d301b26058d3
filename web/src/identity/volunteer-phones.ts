import type { ActivationResponse, DeviceList } from '../../../shared/identity/contract/identity';
import { ACTIVATION_TTL_SECONDS } from '../../../shared/identity/rules/devices';
import type { VolunteerProfile } from '../../../shared/people/contract/volunteers';
import { call } from '../platform/api';
import { localDeadline } from '../platform/clock';
import { h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { formatDateTime, formatSeconds, t } from '../platform/i18n';
import type { Office } from '../platform/office';
import { qrSvg } from '../platform/qr';
import { activationLink } from './activation';

/**
 * A volunteer's phones, from their row in the office's list (admins, and coordinators of the
 * volunteer's organisation): 激活手机 makes a one-time code and QR link (15 minutes, once) to show
 * the volunteer, with the time left; 已登录的手机 lists the phones signed in and signs a lost one
 * out at once, after a confirmation.
 */
type Volunteer = Pick<VolunteerProfile, 'id' | 'name'>;

const TTL_MS = ACTIVATION_TTL_SECONDS * 1000;
const TICK_MS = 1000;

/** "123456" as "123 456": easier to read out to an elderly volunteer. */
export const spacedCode = (code: string): string => code.replace(/^(\d{3})(\d{3})$/, '$1 $2');

/** The two buttons for a volunteer's row; their panel opens in a full-width row after `row`. */
export function phoneButtons(office: Office, volunteer: Volunteer, row: HTMLTableRowElement): HTMLElement[] {
  const cell = h('td', { colspan: 4 });
  const panelRow = h('tr', { class: 'phone-panel', hidden: true, 'data-volunteer': volunteer.id }, cell);
  let openKind: 'activate' | 'devices' | undefined;
  const close = () => {
    openKind = undefined;
    panelRow.hidden = true;
    cell.replaceChildren();
  };
  const open = (kind: 'activate' | 'devices') => {
    if (openKind === kind) {
      close();
      return;
    }
    openKind = kind;
    if (!panelRow.isConnected) row.after(panelRow);
    panelRow.hidden = false;
    show(
      cell,
      kind === 'activate'
        ? activationPanel(office, volunteer, close)
        : devicesPanel(office, volunteer, close),
    );
  };
  return [
    h(
      'button',
      {
        type: 'button',
        class: 'link-button',
        'data-action': 'activate-phone',
        onclick: () => open('activate'),
      },
      t('phones.activate'),
    ),
    h(
      'button',
      { type: 'button', class: 'link-button', 'data-action': 'phones', onclick: () => open('devices') },
      t('phones.devices'),
    ),
  ];
}

function closeButton(close: () => void): HTMLElement {
  return h('button', { type: 'button', class: 'button', onclick: close }, t('phones.close'));
}

function activationPanel(office: Office, volunteer: Volunteer, close: () => void): HTMLElement {
  const shown = h(
    'div',
    { class: 'activation-shown', 'aria-live': 'polite' },
    h('p', { class: 'loading' }, t('phones.making')),
  );
  const panel = h(
    'section',
    { class: 'phone-activation' },
    h('h3', null, t('phones.activateTitle', { name: volunteer.name })),
    shown,
    h('div', { class: 'actions' }, closeButton(close)),
  );
  void makeActivation(office, volunteer, shown);
  return panel;
}

async function makeActivation(office: Office, volunteer: Volunteer, holder: HTMLElement): Promise<void> {
  show(holder, h('p', { class: 'loading' }, t('phones.making')));
  let response: Response | undefined;
  let activation: ActivationResponse;
  try {
    activation = await call<ActivationResponse>(
      'POST',
      `/volunteers/${encodeURIComponent(volunteer.id)}/activations`,
      {
        onResponse: (received) => {
          response = received;
        },
      },
    );
  } catch (error) {
    office.onError(error);
    show(holder, h('p', { class: 'warning' }, describeError(error)));
    return;
  }
  const deadlineMs = localDeadline(activation.expiresAt, response, TTL_MS);
  const link = activationLink(location.origin, activation.token);
  const timer = h('p', { class: 'qr-timer', id: 'activation-timer' });
  const again = h(
    'button',
    { type: 'button', class: 'button', onclick: () => void makeActivation(office, volunteer, holder) },
    t('phones.again'),
  );
  const qr = h('div', { class: 'qr-holder', 'data-link': link }, qrSvg(link, t('phones.qrLabel')));
  show(
    holder,
    h(
      'div',
      { class: 'activation-grid' },
      qr,
      h(
        'div',
        { class: 'activation-text' },
        h('p', { class: 'field-label' }, t('phones.codeLabel')),
        h(
          'p',
          { class: 'activation-code', id: 'activation-shown-code', 'data-code': activation.code },
          spacedCode(activation.code),
        ),
        timer,
        h('p', null, t('phones.howTo', { name: volunteer.name, address: `${location.host}/?activate` })),
        again,
      ),
    ),
  );
  const tick = () => {
    if (!timer.isConnected) {
      clearInterval(interval);
      return;
    }
    const left = (deadlineMs - Date.now()) / 1000;
    qr.classList.toggle('expired', left <= 0);
    timer.textContent = left > 0 ? t('phones.expiresIn', { time: formatSeconds(left) }) : t('phones.expired');
    timer.className = left > 0 ? 'qr-timer' : 'qr-timer warning';
  };
  const interval = setInterval(tick, TICK_MS);
  tick();
}

function devicesPanel(office: Office, volunteer: Volunteer, close: () => void): HTMLElement {
  const list = h('div', { class: 'device-list' }, h('p', { class: 'loading' }, t('common.loading')));
  const panel = h(
    'section',
    { class: 'phone-devices' },
    h('h3', null, t('phones.devicesTitle', { name: volunteer.name })),
    h('p', { class: 'hint' }, t('phones.devicesLead')),
    list,
    h('div', { class: 'actions' }, closeButton(close)),
  );
  void loadDevices(office, volunteer, list);
  return panel;
}

async function loadDevices(office: Office, volunteer: Volunteer, list: HTMLElement): Promise<void> {
  let answer: DeviceList;
  try {
    answer = await call<DeviceList>('GET', `/volunteers/${encodeURIComponent(volunteer.id)}/devices`);
  } catch (error) {
    show(list, h('p', { class: 'warning' }, describeError(error)));
    office.onError(error);
    return;
  }
  if (answer.devices.length === 0) {
    show(list, h('p', { class: 'hint' }, t('phones.none', { name: volunteer.name })));
    return;
  }
  show(
    list,
    h(
      'ul',
      { class: 'devices' },
      answer.devices.map((device) => {
        const confirm = h('div', { class: 'confirm', hidden: true });
        const revoke = h(
          'button',
          {
            type: 'button',
            class: 'button',
            'data-action': 'revoke',
            onclick: () => {
              confirm.hidden = false;
              revoke.hidden = true;
            },
          },
          t('phones.revoke'),
        );
        show(
          confirm,
          h('p', null, t('phones.revokeConfirm')),
          h(
            'button',
            {
              type: 'button',
              class: 'button danger',
              'data-action': 'confirm-revoke',
              onclick: (event: Event) => {
                const button = event.currentTarget as HTMLButtonElement;
                button.disabled = true;
                void (async () => {
                  try {
                    await call(
                      'DELETE',
                      `/volunteers/${encodeURIComponent(volunteer.id)}/devices/${encodeURIComponent(device.deviceId)}`,
                    );
                    office.shell.notify('ok', t('phones.revoked'));
                    await loadDevices(office, volunteer, list);
                  } catch (error) {
                    button.disabled = false;
                    office.onError(error);
                  }
                })();
              },
            },
            t('phones.revokeYes'),
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'button',
              onclick: () => {
                confirm.hidden = true;
                revoke.hidden = false;
              },
            },
            t('common.cancel'),
          ),
        );
        return h(
          'li',
          { class: 'device', 'data-device': device.deviceId },
          h('strong', null, device.name ?? t('phones.unnamed')),
          h(
            'span',
            { class: 'hint' },
            [
              t('phones.activated', { date: formatDateTime(device.createdAt) }),
              t('phones.lastUsed', { date: formatDateTime(device.lastUsedAt) }),
              device.hasPin ? t('phones.hasPin') : t('phones.noPin'),
            ].join(' · '),
          ),
          revoke,
          confirm,
        );
      }),
    ),
  );
}
