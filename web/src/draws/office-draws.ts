import type { DrawViewBody as Draw, DrawRequest } from '../../../shared/draws/contract/draws';
import { call, isCode, isMissingRoute } from '../platform/api';
import { chinaMonth } from '../platform/clock';
import { formValues, h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { formatDateTime, formatNumber, points, t } from '../platform/i18n';
import { monthPicker } from '../platform/month-picker';
import { busy, field, type Office, sectionFrame } from '../platform/office';

/**
 * 抽奖: the monthly draw. Commit first (the SHA-256 of a secret seed is published), run after the
 * month ends, and publish the proof: the seed, the entrant list's hash and the winners. The page
 * checks the seed against the commitment itself.
 */
export function renderDraws(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.draws.title', 'office.draws.lead');
  const month = monthPicker({ id: 'draw-month', value: chinaMonth() });
  const result = h('div', { class: 'draw' });
  month.addEventListener('change', () => void load(office, month.value, result));
  show(body, field(t('office.draws.month'), month), result);
  void load(office, month.value, result);
  return root;
}

async function seedMatches(seed: string, commitment: string): Promise<boolean> {
  const pairs = seed.match(/../g) ?? [];
  const bytes = new Uint8Array(pairs.map((pair) => Number.parseInt(pair, 16)));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const hex = [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return hex === commitment;
}

async function load(office: Office, month: string, result: HTMLElement): Promise<void> {
  if (!/^\d{4}-\d{2}$/.test(month)) return;
  show(result, h('p', { class: 'loading' }, t('common.loading')));
  let draw: Draw | undefined;
  try {
    draw = await call<Draw>('GET', `/draws/${month}`);
  } catch (error) {
    if (isMissingRoute(error) || !isCode(error, 'NOT_FOUND')) {
      show(result, h('p', { class: isMissingRoute(error) ? 'not-yet' : 'warning' }, describeError(error)));
      return;
    }
  }
  const reload = () => void load(office, month, result);
  if (draw === undefined) {
    show(
      result,
      h('p', { class: 'hint' }, t('office.draws.none')),
      office.isAdmin ? commitForm(office, month, undefined, reload) : null,
    );
    return;
  }
  const fact = (label: string, value: string | HTMLElement) => [h('dt', null, label), h('dd', null, value)];
  const drawn = draw.status === 'committed' ? undefined : draw;
  const winners = drawn?.winners ?? [];
  const verdict = h('span', { class: 'mono' }, draw.commitment);
  if (drawn !== undefined) {
    const seed = drawn.seed;
    void seedMatches(seed, draw.commitment).then((ok) => {
      verdict.after(
        h(
          'span',
          { class: ok ? 'ok' : 'warning' },
          ok ? t('office.draws.seedOk') : t('office.draws.seedBad'),
        ),
      );
    });
  }
  show(
    result,
    h(
      'dl',
      { class: 'facts' },
      fact(
        t('office.draws.status'),
        t(draw.status === 'committed' ? 'office.draws.committed' : 'office.draws.drawn'),
      ),
      fact(t('office.draws.winners'), formatNumber(draw.winnerCount)),
      fact(t('office.draws.prize'), points(draw.prizePoints)),
      fact(t('office.draws.minHours'), formatNumber(draw.minHours)),
      fact(t('office.draws.commitment'), verdict),
      fact(t('office.draws.committedAt'), formatDateTime(draw.committedAt)),
      draw.status === 'committed'
        ? fact(t('office.draws.drawableFrom'), formatDateTime(draw.drawableFrom))
        : [],
      drawn === undefined ? [] : fact(t('office.draws.seed'), h('span', { class: 'mono' }, drawn.seed)),
      drawn === undefined
        ? []
        : fact(t('office.draws.entrantsHash'), h('span', { class: 'mono' }, drawn.entrantsHash)),
      drawn === undefined ? [] : fact(t('office.draws.entrants'), formatNumber(drawn.entrantCount)),
      fact(t('office.draws.algorithm'), h('span', { class: 'mono' }, draw.algorithm)),
    ),
    winners.length === 0
      ? null
      : h(
          'div',
          null,
          h('h3', null, t('office.draws.winnerList')),
          h(
            'ol',
            { class: 'winners' },
            winners.map((winner) =>
              h(
                'li',
                null,
                winner.displayName ?? '',
                ' ',
                h('span', { class: 'mono hint' }, winner.volunteerId),
                ' · ',
                t('office.draws.tickets', { n: formatNumber(winner.tickets) }),
              ),
            ),
          ),
          h('p', { class: 'hint' }, t('office.draws.verify')),
        ),
    draw.status === 'committed' && office.isAdmin ? commitForm(office, month, draw, reload) : null,
    draw.status === 'committed' && office.isAdmin ? runButton(office, month, reload) : null,
  );
}

function commitForm(office: Office, month: string, draw: Draw | undefined, reload: () => void): HTMLElement {
  const form = h(
    'form',
    { class: 'form-grid', id: 'draw-form' },
    h('h3', null, draw === undefined ? t('office.draws.commit') : t('office.draws.change')),
    field(
      t('office.draws.winners'),
      h('input', {
        name: 'winners',
        type: 'number',
        min: 1,
        required: true,
        value: String(draw?.winnerCount ?? 5),
      }),
    ),
    field(
      t('office.draws.prize'),
      h('input', {
        name: 'prizePoints',
        type: 'number',
        min: 1,
        required: true,
        value: String(draw?.prizePoints ?? 50),
      }),
    ),
    field(
      t('office.draws.minHours'),
      h('input', {
        name: 'minHours',
        type: 'number',
        min: 0,
        step: 0.25,
        value: String(draw?.minHours ?? 0),
      }),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, t('office.draws.commitButton')),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      const values = formValues(form);
      try {
        const body: DrawRequest = {
          winners: Number(values.winners),
          prizePoints: Number(values.prizePoints),
          minHours: Number(values.minHours || '0'),
        };
        await call('PUT', `/draws/${month}`, { body });
        office.shell.notify('ok', t('office.draws.committedNotice'));
        reload();
      } catch (error) {
        office.onError(error);
      }
    });
  });
  return form;
}

function runButton(office: Office, month: string, reload: () => void): HTMLElement {
  const button: HTMLButtonElement = h(
    'button',
    {
      type: 'button',
      class: 'button',
      onclick: async () => {
        button.disabled = true;
        try {
          await call('POST', `/draws/${month}/run`, { retry: true });
          office.shell.notify('ok', t('office.draws.ran'));
          reload();
        } catch (error) {
          office.onError(error);
          button.disabled = false;
        }
      },
    },
    t('office.draws.run'),
  );
  return h('div', { class: 'actions' }, button);
}
