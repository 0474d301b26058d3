import { renderCalendar } from '../activities/calendar';
import { renderLateQueue } from '../activities/late-queue';
import { renderOrganiser } from '../activities/organiser';
import { renderDonations } from '../donations/office-donations';
import { renderDraws } from '../draws/office-draws';
import { renderApprovals } from '../earning/approvals';
import { renderHandEntry } from '../earning/hand-entry';
import { renderRecords } from '../earning/records';
import { renderStaff } from '../identity/office-staff';
import { renderAdjust } from '../ledger/adjust';
import { renderEnterOrder } from '../orders/enter-order';
import { renderDispatch, renderTeamOrders } from '../orders/office-orders';
import { renderScorecards } from '../orders/scorecards';
import { renderOrgs } from '../people/orgs';
import { renderVolunteers } from '../people/volunteers';
import { h, show } from '../platform/dom';
import { type MessageKey, t } from '../platform/i18n';
import { makeOffice, type Office } from '../platform/office';
import { mountShell, requireRole } from '../platform/shell';
import { renderCertificates } from '../records/office-certificates';
import { renderCorrections } from '../records/office-corrections';
import { renderRecordEntries } from '../records/office-entries';
import { renderReport } from '../reports/report';
import { renderStores } from '../stores/office-stores';

/**
 * 管理: the county office (admins) and town coordinators, in a browser. One section at a time,
 * named in the address (#approvals), each loading what it shows when it is opened.
 */
interface Section {
  id: string;
  titleKey: MessageKey;
  adminOnly: boolean;
  /** Only for a coordinator (a team's own work); the office has its own section for it. */
  coordinatorOnly?: true;
  render: (office: Office) => HTMLElement;
}

const SECTIONS: readonly Section[] = [
  { id: 'approvals', titleKey: 'office.nav.approvals', adminOnly: false, render: renderApprovals },
  { id: 'enter-hours', titleKey: 'office.nav.enterHours', adminOnly: false, render: renderHandEntry },
  { id: 'records', titleKey: 'office.nav.records', adminOnly: true, render: renderRecords },
  { id: 'corrections', titleKey: 'office.nav.corrections', adminOnly: false, render: renderCorrections },
  {
    id: 'record-entries',
    titleKey: 'office.nav.recordEntries',
    adminOnly: false,
    render: renderRecordEntries,
  },
  { id: 'adjust', titleKey: 'office.nav.adjust', adminOnly: true, render: renderAdjust },
  { id: 'dispatch', titleKey: 'office.nav.dispatch', adminOnly: true, render: renderDispatch },
  {
    id: 'team-orders',
    titleKey: 'office.nav.teamOrders',
    adminOnly: false,
    coordinatorOnly: true,
    render: renderTeamOrders,
  },
  { id: 'enter-order', titleKey: 'office.nav.enterOrder', adminOnly: false, render: renderEnterOrder },
  { id: 'volunteers', titleKey: 'office.nav.volunteers', adminOnly: false, render: renderVolunteers },
  { id: 'orgs', titleKey: 'office.nav.orgs', adminOnly: false, render: renderOrgs },
  { id: 'stores', titleKey: 'office.nav.stores', adminOnly: true, render: renderStores },
  { id: 'donations', titleKey: 'office.nav.donations', adminOnly: true, render: renderDonations },
  { id: 'draws', titleKey: 'office.nav.draws', adminOnly: true, render: renderDraws },
  { id: 'report', titleKey: 'office.nav.report', adminOnly: true, render: renderReport },
  { id: 'scorecards', titleKey: 'office.nav.scorecards', adminOnly: true, render: renderScorecards },
  { id: 'staff', titleKey: 'office.nav.staff', adminOnly: true, render: renderStaff },
  { id: 'activities', titleKey: 'office.nav.activities', adminOnly: false, render: renderOrganiser },
  {
    id: 'activity-calendar',
    titleKey: 'office.nav.activityCalendar',
    adminOnly: true,
    render: renderCalendar,
  },
  { id: 'late-entries', titleKey: 'office.nav.lateEntries', adminOnly: true, render: renderLateQueue },
  { id: 'certificates', titleKey: 'office.nav.certificates', adminOnly: true, render: renderCertificates },
];

async function main(): Promise<void> {
  const session = await requireRole(['admin', 'coordinator'], 'office.title');
  if (session === undefined) return;
  const shell = mountShell('office.title', session);
  document.body.classList.add('wide');
  const office = makeOffice(session, shell);
  const isCoordinator = session.claims.groups.includes('coordinator');
  const sections = SECTIONS.filter(
    (section) =>
      (office.isAdmin || !section.adminOnly) && (isCoordinator || section.coordinatorOnly !== true),
  );
  const nav = h('nav', { class: 'section-nav', 'aria-label': t('office.nav.label') });
  const content = h('div', { id: 'section' });
  show(shell.main, nav, content);

  const open = () => {
    const wanted = location.hash.slice(1);
    const section = sections.find((candidate) => candidate.id === wanted) ?? sections[0];
    if (section === undefined) return;
    show(
      nav,
      sections.map((candidate) =>
        h(
          'a',
          {
            href: `#${candidate.id}`,
            class: candidate === section ? 'active' : undefined,
            'aria-current': candidate === section ? 'page' : undefined,
          },
          t(candidate.titleKey),
        ),
      ),
    );
    shell.clearNotice();
    show(content, section.render(office));
  };
  window.addEventListener('hashchange', open);
  open();
  document.body.dataset.ready = 'true';
}

void main();
