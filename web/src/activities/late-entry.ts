import type {
  ActivityView,
  AttendeeView,
  LateEntryRequest,
} from '../../../shared/activities/contract/activities';
import type { OrgVolunteerPage } from '../../../shared/people/contract/volunteers';
import { call } from '../platform/api';
import { h, show } from '../platform/dom';
import { formatNumber, t } from '../platform/i18n';
import { busy, field, type Office, type Org, orgOptions } from '../platform/office';
import { shrinkPhoto } from './photo';
import { chinaInstant, chinaParts, PHOTO_CHARS_MAX } from './plan';
import { explain } from './words';

/**
 * 补录: attendance entered afterwards by who runs the activity, for someone who signed the paper
 * sheet instead of scanning: who (picked from an organisation's volunteers), when they came and
 * left, why, and the evidence — a photo of the sheet (shrunk on a canvas to a small JPEG before it
 * is sent) or a few words, or both. It counts once the county office approves it.
 */
const VOLUNTEERS_LIMIT = 100;

export function lateEntryForm(
  office: Office,
  activity: ActivityView,
  orgs: readonly Org[],
  onSaved: (attendee: AttendeeView) => void,
): HTMLElement {
  const start = chinaParts(activity.start);
  // Nobody leaves in the future: an activity still running ends, for the form, now.
  const end = chinaParts(new Date(Math.min(Date.parse(activity.end), Date.now())).toISOString());
  const org = h(
    'select',
    { name: 'org', id: 'late-org', 'aria-label': t('activities.late.org') },
    orgOptions(orgs, activity.teamOrgId),
  );
  const volunteer = h('select', { name: 'volunteerId', id: 'late-volunteer' });
  const inDate = h('input', { type: 'date', name: 'inDate', id: 'late-in-date', value: start.date });
  const inTime = h('input', { type: 'time', name: 'inTime', id: 'late-in-time', value: start.time });
  const outDate = h('input', { type: 'date', name: 'outDate', id: 'late-out-date', value: end.date });
  const outTime = h('input', { type: 'time', name: 'outTime', id: 'late-out-time', value: end.time });
  const reason = h('input', { name: 'reason', id: 'late-reason', maxlength: 500 });
  const text = h('textarea', { name: 'evidence', id: 'late-text', rows: 3, maxlength: 500 });
  const photoInput = h('input', {
    type: 'file',
    name: 'photo',
    id: 'late-photo',
    accept: 'image/*',
    capture: 'environment',
  });
  const preview = h('div', { class: 'late-preview', id: 'late-preview', 'aria-live': 'polite' });
  const problem = h('p', { class: 'warning', 'aria-live': 'polite' });
  let photo: string | undefined;

  photoInput.addEventListener('change', () => {
    const file = photoInput.files?.[0];
    photo = undefined;
    if (file === undefined) {
      show(preview);
      return;
    }
    show(preview, h('p', { class: 'loading' }, t('activities.late.shrinking')));
    void shrinkPhoto(file).then((shrunk) => {
      photo = shrunk;
      show(
        preview,
        shrunk === undefined
          ? h('p', { class: 'warning' }, t('activities.late.photoUnreadable'))
          : [
              h('img', {
                src: shrunk,
                alt: t('activities.late.photoAlt'),
                style: 'max-width: 100%; max-height: 12rem; border: 2px solid #6b6b6b',
              }),
              h(
                'p',
                { class: 'hint', 'data-chars': shrunk.length },
                t('activities.late.photoSize', {
                  kb: formatNumber(Math.round((shrunk.length * 3) / 4 / 1024)),
                  max: formatNumber(Math.round((PHOTO_CHARS_MAX * 3) / 4 / 1024)),
                }),
              ),
            ],
      );
    });
  });

  // Only the answer for the organisation chosen last is shown (an earlier one may come later).
  let asked = 0;
  const loadVolunteers = async () => {
    const mine = ++asked;
    show(volunteer, h('option', { value: '' }, t('common.loading')));
    try {
      const page = await call<OrgVolunteerPage>('GET', `/orgs/${encodeURIComponent(org.value)}/volunteers`, {
        query: { limit: VOLUNTEERS_LIMIT },
      });
      if (mine !== asked) return;
      show(
        volunteer,
        h(
          'option',
          { value: '' },
          page.volunteers.length === 0
            ? t('activities.late.nobodyHere')
            : t('activities.late.chooseVolunteer'),
        ),
        page.volunteers.map((person) => h('option', { value: person.id }, `${person.name} ${person.phone}`)),
      );
    } catch (error) {
      if (mine === asked) show(volunteer, h('option', { value: '' }, explain(error)));
    }
  };
  org.addEventListener('change', () => void loadVolunteers());
  void loadVolunteers();

  const form: HTMLFormElement = h(
    'form',
    {
      class: 'form-grid',
      id: 'late-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        problem.textContent = '';
        const signedInAt = chinaInstant(inDate.value, inTime.value);
        const signedOutAt = chinaInstant(outDate.value, outTime.value);
        const said = text.value.trim();
        const why = reason.value.trim();
        const missing =
          volunteer.value === ''
            ? 'activities.late.needVolunteer'
            : signedInAt === undefined || signedOutAt === undefined
              ? 'activities.late.needTimes'
              : Date.parse(signedOutAt) <= Date.parse(signedInAt)
                ? 'activities.late.outBeforeIn'
                : why === ''
                  ? 'activities.late.needReason'
                  : said === '' && photo === undefined
                    ? 'activities.late.needEvidence'
                    : undefined;
        if (missing !== undefined || signedInAt === undefined || signedOutAt === undefined) {
          problem.textContent = t(missing ?? 'activities.late.needTimes');
          return;
        }
        const body: LateEntryRequest = {
          volunteerId: volunteer.value,
          signedInAt,
          signedOutAt,
          reason: why,
          evidence: { ...(said === '' ? {} : { text: said }), ...(photo === undefined ? {} : { photo }) },
        };
        void busy(form, async () => {
          try {
            const attendee = await call<AttendeeView>(
              'POST',
              `/activities/${encodeURIComponent(activity.activityId)}/late-entries`,
              { body, retry: true },
            );
            office.shell.notify('ok', t('activities.late.saved', { name: attendee.displayName }));
            // The times stay (the next person on the sheet came at the same time, often).
            volunteer.value = '';
            reason.value = '';
            text.value = '';
            photoInput.value = '';
            photo = undefined;
            show(preview);
            onSaved(attendee);
          } catch (error) {
            problem.textContent = explain(error);
            office.onError(error);
          }
        });
      },
    },
    h('p', { class: 'hint' }, t('activities.late.lead')),
    field(t('activities.late.org'), org),
    field(t('activities.late.volunteer'), volunteer),
    h(
      'div',
      { class: 'inline-form' },
      field(t('activities.late.inDate'), inDate),
      field(t('activities.late.inTime'), inTime),
    ),
    h(
      'div',
      { class: 'inline-form' },
      field(t('activities.late.outDate'), outDate),
      field(t('activities.late.outTime'), outTime),
    ),
    field(t('activities.late.reason'), reason),
    field(t('activities.late.text'), text),
    field(t('activities.late.photo'), photoInput),
    preview,
    problem,
    h('button', { type: 'submit', class: 'button primary', id: 'late-submit' }, t('activities.late.submit')),
  );
  return form;
}
