import type { StoreItem } from '../../../shared/stores/contract/stores';
import { ApiError, call, isMissingRoute, newIdempotencyKey, outcomeUnknown } from '../platform/api';
import { chinaDate } from '../platform/clock';
import { h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { fieldProblemsOf } from '../platform/field-problems';
import { t } from '../platform/i18n';
import { type Office, type Store, sectionFrame } from '../platform/office';
import {
  DONOR_KINDS,
  DONOR_NAME_MAX,
  type DonationsEvent,
  type DonationsState,
  type DonationView,
  donorKindWords,
  hasReceipt,
  INTAKE_KINDS,
  type IntakeDraft,
  type IntakeField,
  type IntakeKind,
  initialDonations,
  KIND_SHOWS,
  knownDonorNames,
  type LineDraft,
  linesValueFen,
  NOTE_MAX,
  problemsOfIntakeRefusal,
  reduceDonations,
  registerShown,
  registerWords,
  type Say,
  SUPPLIER_NAME_MAX,
  sayText,
  voidProblemOf,
} from './donations-state';
import { disclosureSettingsBox } from './honour-roll-choice';
import { yuanText } from './money';

/**
 * 捐赠与采购 (the county office): goods given (捐赠物资), money given (捐款) or goods bought with county
 * funds (采购) recorded at a store, each with its receipt number to print, the receipt and the
 * thank-you letter; the year's register (登记造册) with 作废 and why. State and rules in
 * donations-state.ts; this is its render and its effects (the store's goods, the register, the
 * intake and the void, each sent with the Idempotency-Key its state keeps).
 */
export function renderDonations(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.donations.title', 'office.donations.lead');
  root.id = 'donations';
  void mount(office, body);
  return root;
}

/** The print page of a record: its receipt, its thank-you letter, or where its goods went. */
export const printHref = (donation: DonationView, view: 'receipt' | 'letter' | 'report'): string =>
  `/donation.html?id=${encodeURIComponent(donation.donationId)}&view=${view}`;

/** A donor's report across all their donations, where the API names the donor. */
export const donorHref = (donorKey: string): string => `/donation.html?donor=${encodeURIComponent(donorKey)}`;

/** A labelled field with the line that shows its problem; `name` as the API's path names it. */
function problemField(label: string, control: HTMLElement, id: string) {
  const problem = h('p', { class: 'field-error', id: `${id}-problem`, hidden: true });
  control.id = id;
  control.setAttribute('aria-describedby', `${id}-problem`);
  const root = h(
    'div',
    { class: 'field' },
    h('label', { class: 'field-label', for: id }, label),
    control,
    problem,
  );
  return {
    root,
    set(say: Say | undefined) {
      root.classList.toggle('has-error', say !== undefined);
      problem.hidden = say === undefined;
      problem.textContent = say === undefined ? '' : sayText(say);
      if (say === undefined) control.removeAttribute('aria-invalid');
      else control.setAttribute('aria-invalid', 'true');
    },
  };
}

async function mount(office: Office, body: HTMLElement): Promise<void> {
  let stores: Store[];
  try {
    stores = await office.stores();
  } catch (error) {
    show(body, h('p', { class: 'warning' }, describeError(error)));
    return;
  }
  const storeName = (storeId: string) => stores.find((store) => store.storeId === storeId)?.name ?? storeId;
  const today = chinaDate();
  let state: DonationsState = initialDonations(newIdempotencyKey(), today.slice(0, 4));
  const itemsOf = new Map<string, Promise<StoreItem[]>>();
  const storeItems = (storeId: string) => {
    let items = itemsOf.get(storeId);
    if (items === undefined) {
      items = call<{ items: StoreItem[] }>('GET', `/stores/${encodeURIComponent(storeId)}/items`).then(
        (answer) => answer.items,
      );
      items.catch(() => itemsOf.delete(storeId));
      itemsOf.set(storeId, items);
    }
    return items;
  };

  /* ----- the form ----- */
  const kindRadios = INTAKE_KINDS.map((kind) =>
    h('input', { type: 'radio', name: 'kind', value: kind, checked: kind === 'donation' }),
  );
  const kindBox = h(
    'fieldset',
    { class: 'choice-row', id: 'donation-kind' },
    h('legend', null, t('donations.field.kind')),
    INTAKE_KINDS.map((kind, index) =>
      h('label', { class: 'radio' }, kindRadios[index], t(`donations.kind.${kind}`)),
    ),
  );
  const donorKind = h(
    'select',
    { name: 'donorKind' },
    DONOR_KINDS.map((kind) => h('option', { value: kind }, donorKindWords(kind))),
  );
  const donorName = h('input', {
    name: 'donor.name',
    maxlength: DONOR_NAME_MAX,
    autocomplete: 'off',
    list: 'donation-donor-names',
  });
  const donorNames = h('datalist', { id: 'donation-donor-names' });
  const receivedOn = h('input', { name: 'receivedOn', type: 'date', value: today, max: today });
  const store = h(
    'select',
    { name: 'storeId' },
    h('option', { value: '' }, t('donations.chooseStore')),
    stores.map((one) => h('option', { value: one.storeId }, one.name)),
  );
  const itemChoice = h('select', { id: 'donation-item', disabled: true }, h('option', { value: '' }, '—'));
  const addLine = h(
    'button',
    { type: 'button', class: 'button', id: 'donation-add-line', disabled: true },
    t('donations.addLine'),
  );
  const linesBody = h('tbody', { id: 'donation-lines' });
  const linesProblem = h('p', { class: 'field-error', id: 'donation-lines-problem', hidden: true });
  const linesTotal = h('p', { class: 'hint', id: 'donation-lines-total' });
  const amount = h('input', { name: 'amountFen', inputmode: 'decimal', autocomplete: 'off', maxlength: 16 });
  const invoiceNumber = h('input', { name: 'invoice.number', maxlength: 32, autocomplete: 'off' });
  const supplier = h('input', {
    name: 'invoice.supplier',
    maxlength: SUPPLIER_NAME_MAX,
    autocomplete: 'off',
  });
  const note = h('textarea', { name: 'note', maxlength: NOTE_MAX, rows: 2 });
  const formProblem = h('p', { class: 'form-problem', id: 'donation-problem', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button primary big', id: 'donation-submit' });

  const fields: Record<Exclude<IntakeField, 'lines' | 'form'>, ReturnType<typeof problemField>> = {
    'donor.name': problemField(t('donations.field.donorName'), donorName, 'donation-donor-name'),
    receivedOn: problemField(t('donations.field.receivedOn'), receivedOn, 'donation-received-on'),
    storeId: problemField(t('donations.field.store'), store, 'donation-store'),
    amountFen: problemField(t('donations.field.amount'), amount, 'donation-amount'),
    'invoice.number': problemField(t('donations.field.invoiceNumber'), invoiceNumber, 'donation-invoice'),
    'invoice.supplier': problemField(t('donations.field.supplier'), supplier, 'donation-supplier'),
    note: problemField(t('donations.field.note'), note, 'donation-note'),
  };
  const donorKindField = problemField(t('donations.field.donorKind'), donorKind, 'donation-donor-kind');
  const donorBox = h(
    'div',
    { id: 'donation-donor' },
    donorKindField.root,
    fields['donor.name'].root,
    donorNames,
  );
  const linesBox = h(
    'div',
    { id: 'donation-goods' },
    h('h3', null, t('donations.goods')),
    h('p', { class: 'hint' }, t('donations.goodsHint')),
    h(
      'div',
      { class: 'inline-form' },
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('donations.item')), itemChoice),
      addLine,
    ),
    h(
      'div',
      { class: 'lines-scroll' },
      h(
        'table',
        { class: 'table donation-lines-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, t('donations.item')),
            h('th', { scope: 'col' }, t('donations.qty')),
            h('th', { scope: 'col' }, t('donations.unitValue')),
            h('th', { scope: 'col' }, t('common.actions')),
          ),
        ),
        linesBody,
      ),
    ),
    linesProblem,
    linesTotal,
  );
  const invoiceBox = h(
    'div',
    { id: 'donation-invoice-box' },
    fields['invoice.number'].root,
    fields['invoice.supplier'].root,
  );
  const form = h(
    'form',
    { class: 'form-grid donation-form', id: 'donation-form', novalidate: true },
    kindBox,
    donorBox,
    fields.receivedOn.root,
    fields.storeId.root,
    linesBox,
    invoiceBox,
    fields.amountFen.root,
    fields.note.root,
    formProblem,
    h('div', { class: 'actions' }, submit),
  );
  const recorded = h('div', { id: 'donation-recorded', 'aria-live': 'polite' });

  /* ----- the register ----- */
  const thisYear = Number(today.slice(0, 4));
  const year = h(
    'select',
    { id: 'donations-year' },
    [0, 1, 2, 3].map((back) =>
      h('option', { value: String(thisYear - back) }, t('donations.year', { year: thisYear - back })),
    ),
  );
  const register = h('div', { id: 'donations-register' });

  // 公示设置: the county's switch of the honour roll on the public notice.
  const honourRoll = disclosureSettingsBox(office.onError);
  show(
    body,
    h('h3', null, t('donations.intakeTitle')),
    form,
    recorded,
    h('h3', null, t('donations.registerTitle')),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('donations.registerYear')), year),
    register,
    h(
      'section',
      { id: 'disclosure-settings' },
      h('h3', null, t('honourRoll.settingsTitle')),
      honourRoll.control,
      h('p', { class: 'hint' }, t('honourRoll.countyHint')),
      honourRoll.status,
    ),
  );
  void honourRoll.load();

  const kindNow = (): IntakeKind =>
    (kindRadios.find((radio) => radio.checked)?.value as IntakeKind | undefined) ?? 'donation';

  const lineRows = () => Array.from(linesBody.querySelectorAll<HTMLTableRowElement>('tr[data-sku]'));
  const linesDraft = (): LineDraft[] =>
    lineRows().map((row) => ({
      sku: row.dataset.sku ?? '',
      qty: row.querySelector<HTMLInputElement>('input[name="qty"]')?.value ?? '',
      unitValue: row.querySelector<HTMLInputElement>('input[name="unitValue"]')?.value ?? '',
    }));
  const showTotal = () => {
    const total = linesValueFen(linesDraft());
    linesTotal.textContent =
      total === undefined || lineRows().length === 0
        ? ''
        : t('donations.linesTotal', { amount: yuanText(total) });
  };

  const loadItems = async () => {
    show(itemChoice, h('option', { value: '' }, '—'));
    itemChoice.disabled = true;
    addLine.disabled = true;
    if (store.value === '') return;
    const storeId = store.value;
    try {
      const items = await storeItems(storeId);
      if (store.value !== storeId) return;
      show(
        itemChoice,
        items.map((item) => h('option', { value: item.sku }, item.name)),
      );
      itemChoice.disabled = items.length === 0;
      addLine.disabled = items.length === 0;
    } catch (error) {
      office.onError(error);
    }
  };

  const addLineRow = () => {
    const sku = itemChoice.value;
    if (sku === '') return;
    const existing = linesBody.querySelector<HTMLTableRowElement>(`tr[data-sku="${CSS.escape(sku)}"]`);
    if (existing !== null) {
      existing.querySelector<HTMLInputElement>('input[name="qty"]')?.focus();
      return;
    }
    const name = itemChoice.selectedOptions[0]?.textContent ?? sku;
    const qty = h('input', {
      name: 'qty',
      inputmode: 'numeric',
      maxlength: 7,
      autocomplete: 'off',
      'aria-label': t('donations.qtyOf', { name }),
      oninput: showTotal,
    });
    const unitValue = h('input', {
      name: 'unitValue',
      inputmode: 'decimal',
      maxlength: 12,
      autocomplete: 'off',
      'aria-label': t('donations.unitValueOf', { name }),
      oninput: showTotal,
    });
    const problem = h('p', { class: 'field-error line-problem', hidden: true });
    // A line being corrected loses its old problem; the form checks it again when sent.
    const corrected = () => {
      problem.hidden = true;
      qty.removeAttribute('aria-invalid');
      unitValue.removeAttribute('aria-invalid');
    };
    qty.addEventListener('input', corrected);
    unitValue.addEventListener('input', corrected);
    const row = h(
      'tr',
      { 'data-sku': sku },
      h('td', { 'data-label': t('donations.item') }, name, problem),
      h('td', { 'data-label': t('donations.qty') }, qty),
      h('td', { 'data-label': t('donations.unitValue') }, unitValue),
      h(
        'td',
        null,
        h(
          'button',
          {
            type: 'button',
            class: 'link-button',
            'aria-label': t('donations.removeLineOf', { name }),
            onclick: () => {
              row.remove();
              showTotal();
            },
          },
          t('donations.removeLine'),
        ),
      ),
    );
    linesBody.append(row);
    qty.focus();
    showTotal();
  };

  const clearForm = () => {
    donorName.value = '';
    amount.value = '';
    invoiceNumber.value = '';
    supplier.value = '';
    note.value = '';
    linesBody.replaceChildren();
    showTotal();
  };

  const showKind = () => {
    const shows = KIND_SHOWS[kindNow()];
    donorBox.hidden = !shows.donor;
    fields.storeId.root.hidden = !shows.store;
    linesBox.hidden = !shows.lines;
    invoiceBox.hidden = !shows.invoice;
    fields.amountFen.root.hidden = !shows.amount;
    const amountLabel = fields.amountFen.root.querySelector('label');
    if (amountLabel !== null)
      amountLabel.textContent =
        kindNow() === 'purchase' ? t('donations.field.invoiceAmount') : t('donations.field.amount');
    donorName.disabled = donorKind.value === 'anonymous';
    fields['donor.name'].root.hidden = donorKind.value === 'anonymous';
  };

  /* ----- paint ----- */
  const renderForm = () => {
    const intake = state.intake;
    const problemAt = (field: IntakeField) =>
      intake.problems.find((problem) => problem.field === field && problem.line === undefined)?.say;
    for (const [field, shown] of Object.entries(fields)) shown.set(problemAt(field as IntakeField));
    const rows = lineRows();
    rows.forEach((row, index) => {
      const says = intake.problems.filter((problem) => problem.field === 'lines' && problem.line === index);
      const problem = row.querySelector<HTMLElement>('.line-problem');
      if (problem !== null) {
        problem.hidden = says.length === 0;
        problem.textContent = says.map((one) => sayText(one.say)).join(' ');
      }
      for (const input of Array.from(row.querySelectorAll('input'))) {
        if (says.length > 0) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
      }
    });
    const lines = problemAt('lines');
    linesProblem.hidden = lines === undefined;
    linesProblem.textContent = lines === undefined ? '' : sayText(lines);
    const whole = problemAt('form');
    formProblem.hidden = whole === undefined;
    formProblem.textContent = whole === undefined ? '' : sayText(whole);
    submit.disabled = intake.phase === 'sending';
    submit.textContent =
      intake.phase === 'sending'
        ? t('donations.sending')
        : intake.phase === 'unknown'
          ? t('donations.sendAgain')
          : t('donations.submit');
    // While a request is out or unanswered, it is the one sent again: the boxes wait.
    const locked = intake.phase !== 'editing';
    for (const control of Array.from(
      form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
        'input, select, textarea',
      ),
    ))
      control.disabled = locked;
    for (const button of Array.from(form.querySelectorAll<HTMLButtonElement>('button[type="button"]')))
      button.disabled = locked;
    if (!locked) {
      showKind();
      itemChoice.disabled = itemChoice.options.length === 0 || itemChoice.value === '';
      addLine.disabled = itemChoice.disabled;
    }
  };

  const printLinks = (donation: DonationView) =>
    h(
      'span',
      { class: 'actions print-links' },
      hasReceipt(donation)
        ? [
            h(
              'a',
              { class: 'button', href: printHref(donation, 'receipt'), 'data-print': 'receipt' },
              t('donations.printReceipt'),
            ),
            h(
              'a',
              { class: 'button', href: printHref(donation, 'letter'), 'data-print': 'letter' },
              t('donations.printLetter'),
            ),
          ]
        : null,
      donation.kind === 'money'
        ? null
        : h(
            'a',
            { class: 'button', href: printHref(donation, 'report'), 'data-print': 'report' },
            t('donations.whereWent'),
          ),
      donation.donorKey === undefined
        ? null
        : h(
            'a',
            { class: 'button', href: donorHref(donation.donorKey), 'data-print': 'donor' },
            t('donations.donorReport'),
          ),
    );

  const renderRecorded = () => {
    const done = state.lastRecorded;
    if (done === undefined) {
      recorded.replaceChildren();
      return;
    }
    show(
      recorded,
      h(
        'div',
        { class: 'done-box', 'data-donation': done.donationId },
        h(
          'p',
          { class: 'lead', id: 'donation-receipt-number' },
          done.receiptNumber === undefined
            ? t('donations.recordedPurchase')
            : t('donations.recorded', { number: done.receiptNumber }),
        ),
        printLinks(done),
      ),
    );
  };

  const voidBox = (donation: DonationView): HTMLElement | null => {
    const voiding = state.voiding;
    if (voiding === undefined || voiding.donationId !== donation.donationId) return null;
    const problem =
      voiding.problem === undefined
        ? null
        : h(
            'p',
            { class: 'form-problem', role: 'alert', id: 'donation-void-problem' },
            sayText(voiding.problem),
          );
    if (voiding.phase === 'asking') {
      const reason = h('input', {
        name: 'reason',
        id: 'donation-void-reason',
        maxlength: NOTE_MAX,
        autocomplete: 'off',
        value: voiding.reason,
      });
      const asking = h(
        'form',
        { class: 'void-box', id: 'donation-void-form', novalidate: true },
        h('label', { class: 'field-label', for: 'donation-void-reason' }, t('donations.void.reason')),
        reason,
        problem,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', class: 'button danger' }, t('donations.void.next')),
          h(
            'button',
            { type: 'button', class: 'button', onclick: () => dispatch({ type: 'voidCancelled' }) },
            t('common.cancel'),
          ),
        ),
      );
      asking.addEventListener('submit', (event) => {
        event.preventDefault();
        dispatch({ type: 'voidReasonGiven', reason: reason.value });
      });
      queueMicrotask(() => reason.focus());
      return asking;
    }
    return h(
      'div',
      {
        class: 'void-box',
        id: 'donation-void-confirm',
        role: 'alertdialog',
        'aria-labelledby': 'donation-void-question',
      },
      h(
        'p',
        { class: 'lead', id: 'donation-void-question' },
        t(
          donation.kind === 'purchase'
            ? 'donations.void.confirmPurchase'
            : donation.lines.length > 0
              ? 'donations.void.confirmGoods'
              : 'donations.void.confirm',
          {
            number: registerWords(donation, storeName).number,
            reason: voiding.reason,
          },
        ),
      ),
      problem,
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'button danger',
            id: 'donation-void-yes',
            disabled: voiding.phase === 'sending',
            onclick: () => dispatch({ type: 'voidConfirmed' }),
          },
          voiding.phase === 'unknown' ? t('donations.sendAgain') : t('donations.void.yes'),
        ),
        voiding.phase === 'confirming'
          ? h(
              'button',
              { type: 'button', class: 'button', onclick: () => dispatch({ type: 'voidCancelled' }) },
              t('common.cancel'),
            )
          : null,
      ),
    );
  };

  const renderRegister = () => {
    const list = state.register;
    const shown = registerShown(state);
    show(
      donorNames,
      knownDonorNames(shown).map((name) => h('option', { value: name })),
    );
    const notice =
      list.phase === 'loading'
        ? h('p', { class: 'loading' }, t('common.loading'))
        : list.phase === 'unavailable'
          ? h('p', { class: 'not-yet' }, t('donations.registerNotYet'))
          : list.phase === 'failed'
            ? h(
                'p',
                { class: 'warning' },
                t('donations.registerFailed'),
                ' ',
                h(
                  'button',
                  { type: 'button', class: 'link-button', onclick: () => askRegister() },
                  t('donations.retry'),
                ),
              )
            : null;
    if (shown.length === 0) {
      show(register, notice, list.phase === 'ready' ? h('p', { class: 'hint' }, t('donations.none')) : null);
      return;
    }
    show(
      register,
      notice,
      h(
        'ul',
        { class: 'donation-register', id: 'donations-list' },
        shown.map((donation) => {
          const words = registerWords(donation, storeName);
          const voided = donation.status === 'voided';
          return h(
            'li',
            {
              class: `donation-row${voided ? ' voided' : ''}`,
              'data-donation': donation.donationId,
              'data-status': donation.status,
            },
            h(
              'p',
              { class: 'donation-head' },
              h('strong', { class: 'mono donation-number' }, words.number),
              ' ',
              h(
                'span',
                {
                  class: `badge ${voided ? 'status-refused' : 'status-settled'}`,
                  'data-status': donation.status,
                },
                words.status,
              ),
            ),
            h(
              'p',
              { class: 'donation-facts' },
              [words.date, words.kind, words.donor, words.store, words.value]
                .filter((part) => part !== '')
                .join(' · '),
            ),
            voided && donation.voidReason !== undefined
              ? h(
                  'p',
                  { class: 'hint donation-void-reason' },
                  t('donations.voidedBecause', { reason: donation.voidReason }),
                )
              : null,
            h(
              'div',
              { class: 'actions' },
              printLinks(donation),
              voided || state.voiding?.donationId === donation.donationId
                ? null
                : h(
                    'button',
                    {
                      type: 'button',
                      class: 'button danger',
                      'data-action': 'void',
                      onclick: () =>
                        dispatch({
                          type: 'voidOpened',
                          donationId: donation.donationId,
                          key: newIdempotencyKey(),
                        }),
                    },
                    t('donations.void.open'),
                  ),
            ),
            voidBox(donation),
          );
        }),
      ),
    );
  };

  const render = () => {
    renderForm();
    renderRecorded();
    renderRegister();
  };

  /* ----- effects ----- */
  const sendIntake = async (sending: DonationsState) => {
    const request = sending.intake.request;
    if (request === undefined) return;
    try {
      const donation = await call<DonationView>('POST', '/donations', {
        body: request,
        idempotencyKey: sending.intake.key,
        onRetry: () => office.shell.notify('info', t('error.NETWORK_RETRYING')),
      });
      dispatch({ type: 'intakeRecorded', donation, nextKey: newIdempotencyKey() });
      clearForm();
      office.forget();
      itemsOf.clear();
      office.shell.notify(
        'ok',
        donation.receiptNumber === undefined
          ? t('donations.recordedPurchase')
          : t('donations.recorded', { number: donation.receiptNumber }),
      );
    } catch (error) {
      if (outcomeUnknown(error)) {
        dispatch({ type: 'intakeUnanswered' });
        return;
      }
      const fields = error instanceof ApiError ? fieldProblemsOf(error.body) : [];
      dispatch({
        type: 'intakeRefused',
        problems: problemsOfIntakeRefusal({ message: describeError(error), fields }),
        nextKey: newIdempotencyKey(),
      });
    }
  };

  const sendVoid = async (sending: DonationsState) => {
    const voiding = sending.voiding;
    if (voiding === undefined) return;
    try {
      const donation = await call<DonationView>(
        'POST',
        `/donations/${encodeURIComponent(voiding.donationId)}/void`,
        {
          body: { reason: voiding.reason },
          idempotencyKey: voiding.key,
        },
      );
      dispatch({ type: 'voided', donation });
      office.shell.notify('ok', t('donations.void.done'));
    } catch (error) {
      if (outcomeUnknown(error)) {
        dispatch({ type: 'voidUnanswered' });
        return;
      }
      const body = error instanceof ApiError ? error.body : {};
      const problem = voidProblemOf(
        {
          code: error instanceof ApiError ? error.code : 'UNKNOWN',
          sku: body.sku,
          stock: body.stock,
          sentence: describeError(error),
        },
        registerShown(state).find((one) => one.donationId === voiding.donationId),
      );
      dispatch({ type: 'voidRefused', problem, nextKey: newIdempotencyKey() });
    }
  };

  async function askRegister(): Promise<void> {
    const wanted = year.value;
    dispatch({ type: 'registerAsked', year: wanted });
    try {
      const answer = await call<{ year: string; donations: DonationView[] }>('GET', '/donations', {
        query: { year: wanted },
      });
      dispatch({ type: 'registerLoaded', year: wanted, donations: answer.donations });
    } catch (error) {
      // Until the register is served (a 404, or a route that answers a list of one), the page
      // still shows what it recorded itself.
      const unavailable =
        isMissingRoute(error) ||
        (error instanceof ApiError && (error.status === 404 || error.status === 405));
      dispatch({ type: 'registerFailed', year: wanted, unavailable });
    }
  }

  function dispatch(event: DonationsEvent): void {
    const before = state;
    state = reduceDonations(state, event);
    render();
    if (state.intake.phase === 'sending' && before.intake.phase !== 'sending') void sendIntake(state);
    if (state.voiding?.phase === 'sending' && before.voiding?.phase !== 'sending') void sendVoid(state);
    if (
      event.type === 'intakeSubmitted' &&
      state.intake.problems.length > 0 &&
      state.intake.phase === 'editing'
    ) {
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    }
  }

  const draft = (): IntakeDraft => ({
    kind: kindNow(),
    donorKind: donorKind.value as IntakeDraft['donorKind'],
    donorName: donorName.value,
    receivedOn: receivedOn.value,
    storeId: store.value,
    lines: linesDraft(),
    amount: amount.value,
    invoiceNumber: invoiceNumber.value,
    supplier: supplier.value,
    note: note.value,
  });

  for (const radio of kindRadios) radio.addEventListener('change', showKind);
  donorKind.addEventListener('change', showKind);
  store.addEventListener('change', () => {
    // Another store's goods are other items: the lines start again.
    linesBody.replaceChildren();
    showTotal();
    void loadItems();
  });
  addLine.addEventListener('click', addLineRow);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    dispatch({ type: 'intakeSubmitted', draft: draft(), today: chinaDate() });
  });
  year.addEventListener('change', () => void askRegister());
  showKind();
  render();
  void askRegister();
}
