import type { RegisterVolunteerRequest } from '../../../shared/people/contract/volunteers';

/**
 * The 志愿者 section as data (D2): the one organisation on screen, which the list shows and the
 * register form registers into. The form had kept an organisation of its own (a select set once,
 * when the section opened): after picking another village above it, a person was registered into
 * the first one. Now there is one organisation, and what is sent is what is shown.
 */
export interface RegisterForm {
  readonly name: string;
  readonly phone: string;
  readonly externalId: string;
  /** The 更多信息 part, all optional (order No. 67 第五条): empty when not filled in. */
  readonly gender?: string;
  readonly idType?: string;
  readonly idNumber?: string;
  /** Written as people write a list: 理发、维修家电 or 理发，维修家电 or with spaces. */
  readonly skills?: string;
  readonly serviceIntentions?: string;
}

/** A list typed in one box: split at Chinese and Western commas, 、, semicolons and spaces. */
export function listOf(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[，,、;；\s]+/u)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export interface VolunteersState {
  /** The organisation on screen. */
  readonly orgId: string | undefined;
  readonly phase: 'editing' | 'sending';
  /** The registration being sent: its organisation is the one on screen when it was submitted. */
  readonly sending: RegisterVolunteerRequest | undefined;
  /** The last volunteer registered, and where. */
  readonly registered: { readonly name: string; readonly orgId: string } | undefined;
}

export type VolunteersEvent =
  | { readonly type: 'orgPicked'; readonly orgId: string }
  | { readonly type: 'registerSubmitted'; readonly form: RegisterForm }
  | { readonly type: 'registered'; readonly name: string }
  | { readonly type: 'registerFailed' };

export function openedVolunteers(orgId: string | undefined): VolunteersState {
  return { orgId, phase: 'editing', sending: undefined, registered: undefined };
}

/** The registration the form stands for, into the organisation on screen. */
export function registrationOf(orgId: string, form: RegisterForm): RegisterVolunteerRequest {
  const externalId = form.externalId.trim();
  const idNumber = form.idNumber?.trim() ?? '';
  const skills = listOf(form.skills);
  const intentions = listOf(form.serviceIntentions);
  return {
    name: form.name.trim(),
    phone: form.phone.trim(),
    orgId,
    ...(externalId === '' ? {} : { externalId }),
    ...(form.gender === 'male' || form.gender === 'female' ? { gender: form.gender } : {}),
    // The type only with a number: a 居民身份证 when none is picked.
    ...(idNumber === ''
      ? {}
      : {
          idNumber,
          idType: (form.idType || 'resident-id') as NonNullable<RegisterVolunteerRequest['idType']>,
        }),
    ...(skills.length === 0 ? {} : { skills }),
    ...(intentions.length === 0 ? {} : { serviceIntentions: intentions }),
  };
}

export function reduceVolunteers(state: VolunteersState, event: VolunteersEvent): VolunteersState {
  switch (event.type) {
    case 'orgPicked':
      return { ...state, orgId: event.orgId };
    case 'registerSubmitted':
      if (state.phase === 'sending' || state.orgId === undefined) return state;
      return { ...state, phase: 'sending', sending: registrationOf(state.orgId, event.form) };
    case 'registered':
      if (state.sending === undefined) return state;
      return {
        ...state,
        phase: 'editing',
        registered: { name: event.name, orgId: state.sending.orgId },
        sending: undefined,
      };
    case 'registerFailed':
      return { ...state, phase: 'editing', sending: undefined };
  }
}
