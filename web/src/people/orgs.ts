import { call } from '../platform/api';
import { formValues, h, show } from '../platform/dom';
import { type MessageKey, t } from '../platform/i18n';
import { newId } from '../platform/ids';
import {
  busy,
  field,
  type Office,
  type Org,
  orgOptions,
  orgsOrFailure,
  sectionFrame,
} from '../platform/office';

/** A new organisation's id: `org-` and 10 random base32 characters (50 bits), made once per form. */
export const newOrgId = (random?: (bytes: Uint8Array) => Uint8Array): string => newId('org', random);

/** 组织: the county's tree (county → towns → villages, and the specialist teams); admins edit it. */
const LEVELS = ['county', 'town', 'village', 'team', 'group'] as const;

export function renderOrgs(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.orgs.title', 'office.orgs.lead');
  void load(office, body);
  return root;
}

function tree(orgs: readonly Org[], onEdit: ((org: Org) => void) | undefined): HTMLElement {
  const children = new Map<string | undefined, Org[]>();
  const ids = new Set(orgs.map((org) => org.orgId));
  for (const org of orgs) {
    // A coordinator's subtree starts below the county: its top has a parent not in the list.
    const parent = org.parentId !== undefined && ids.has(org.parentId) ? org.parentId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), org]);
  }
  const branch = (parent: string | undefined, depth: number): HTMLElement | null => {
    const below = children.get(parent);
    if (below === undefined || depth > 8) return null;
    return h(
      'ul',
      { class: depth === 0 ? 'org-tree' : undefined },
      below.map((org) =>
        h(
          'li',
          { 'data-org': org.orgId },
          h(
            'div',
            { class: 'org-node' },
            h('span', { class: 'org-name' }, org.name),
            h('span', { class: `badge badge-${org.level}` }, t(`org.level.${org.level}` as MessageKey)),
            onEdit === undefined
              ? null
              : h(
                  'button',
                  { type: 'button', class: 'link-button', onclick: () => onEdit(org) },
                  t('common.edit'),
                ),
          ),
          branch(org.orgId, depth + 1),
        ),
      ),
    );
  };
  return branch(undefined, 0) ?? h('p', { class: 'hint' }, t('office.orgs.empty'));
}

async function load(office: Office, body: HTMLElement): Promise<void> {
  const orgs = await orgsOrFailure(office, body);
  if (orgs === undefined) return;
  const form = h('form', { class: 'form-grid', id: 'org-form' });
  const fill = (org?: Org) => {
    show(
      form,
      h('h3', null, org === undefined ? t('office.orgs.add') : t('office.orgs.editing', { name: org.name })),
      // The id is the system's: made here for a new organisation (staff never invent ASCII ids),
      // kept for an existing one; only names are shown.
      h('input', { type: 'hidden', name: 'orgId', value: org?.orgId ?? newOrgId() }),
      field(
        t('office.orgs.name'),
        h('input', { name: 'name', required: true, maxlength: 100, value: org?.name ?? '' }),
      ),
      field(
        t('office.orgs.level'),
        h(
          'select',
          { name: 'level' },
          LEVELS.map((level) =>
            h(
              'option',
              { value: level, selected: org?.level === level },
              t(`org.level.${level}` as MessageKey),
            ),
          ),
        ),
      ),
      field(
        t('office.orgs.parent'),
        h(
          'select',
          { name: 'parentId' },
          h('option', { value: '' }, t('office.orgs.noParent')),
          orgOptions(orgs, org?.parentId),
        ),
      ),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'button primary' }, t('common.save')),
        org === undefined
          ? null
          : h('button', { type: 'button', class: 'button', onclick: () => fill() }, t('common.cancel')),
      ),
    );
    form.scrollIntoView({ block: 'nearest' });
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      const values = formValues(form);
      try {
        await call('PUT', `/orgs/${encodeURIComponent(values.orgId ?? '')}`, {
          body: {
            name: values.name,
            level: values.level,
            ...(values.parentId ? { parentId: values.parentId } : {}),
          },
        });
        office.shell.notify('ok', t('common.saved'));
        office.forget();
        await load(office, body);
      } catch (error) {
        office.onError(error);
      }
    });
  });
  show(body, tree(orgs, office.isAdmin ? fill : undefined), office.isAdmin ? form : null);
  if (office.isAdmin) fill();
}
