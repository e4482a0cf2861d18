import type { Me } from './api';
import { k } from './i18n';
import { hasRole } from './session';

export interface NavItem {
  href: string;
  label: string;
}

// Who works with the people registry (the server enforces the same; viewers and admins see
// only aggregates and the organisation's set-up).
export function seesPeople(me: Me | undefined): boolean {
  return hasRole(me, 'manager', 'supervisor', 'counsellor', 'facilitator', 'me_officer');
}

// Who works with the programme's activities: the same staff (AccessPolicy: managers plan them,
// the others read them, facilitators record their sessions).
export function seesActivities(me: Me | undefined): boolean {
  return hasRole(me, 'manager', 'supervisor', 'counsellor', 'facilitator', 'me_officer');
}

// Who works with counselling cases (AccessPolicy: counsellors and supervisors their own, managers
// and M&E officers the organisation's; the M&E officer without what was said).
export function seesCases(me: Me | undefined): boolean {
  return hasRole(me, 'manager', 'supervisor', 'counsellor', 'me_officer');
}

// Who works with referrals (AccessPolicy: managers, supervisors and counsellors make them; the
// M&E officer reads them). The directory of services is everyone's in the organisation.
export function seesReferrals(me: Me | undefined): boolean {
  return hasRole(me, 'manager', 'supervisor', 'counsellor', 'me_officer');
}

// Who works with the mediation register: the programme staff (AccessPolicy kMediation; counsellors
// and facilitators see the cases they mediate).
export function seesMediations(me: Me | undefined): boolean {
  return hasRole(me, 'manager', 'supervisor', 'counsellor', 'facilitator', 'me_officer');
}

// Who reads the reporting dashboards: managers and M&E officers (internal and shared figures),
// viewers of the organisation or of a donor or coordination body the programme names, and the
// programme's other staff, and the former owner's advisors after a handover while its support lasts
// (shared figures only; the server decides which).
export function seesReports(me: Me | undefined): boolean {
  return hasRole(me, 'manager', 'me_officer', 'viewer', 'supervisor', 'counsellor', 'facilitator', 'advisor');
}

// Who works with handovers (AccessPolicy kHandover): the sender's managers plan them, its managers
// and admins approve and package them; the receiver's managers and admins verify and accept them.
export function seesHandovers(me: Me | undefined): boolean {
  return hasRole(me, 'admin', 'manager');
}

// Navigation by role: admins run the organisation, managers their programmes, the programme staff
// the people they serve; everyone has a home page and their account.
export function navFor(me: Me | undefined): NavItem[] {
  const items: NavItem[] = [{ href: '/', label: k('nav.home') }];
  if (seesPeople(me)) items.push({ href: '/persons', label: k('nav.persons') });
  if (seesActivities(me)) {
    items.push({ href: '/activities', label: k('nav.activities') }, { href: '/activities/week', label: k('nav.my_week') });
  }
  if (hasRole(me, 'counsellor')) items.push({ href: '/cases/mine', label: k('nav.caseload') });
  if (hasRole(me, 'manager', 'supervisor')) items.push({ href: '/cases/queue', label: k('nav.supervision_queue') });
  if (hasRole(me, 'manager', 'me_officer')) items.push({ href: '/cases', label: k('nav.cases') });
  if (seesReferrals(me)) items.push({ href: '/referrals', label: k('nav.referrals') });
  items.push({ href: '/services', label: k('nav.services') });
  if (seesMediations(me)) items.push({ href: '/mediations', label: k('nav.mediations') });
  if (seesReports(me)) items.push({ href: '/reports', label: k('nav.reports') });
  if (seesHandovers(me)) items.push({ href: '/handovers', label: k('nav.handovers') });
  if (hasRole(me, 'admin')) {
    items.push(
      { href: '/organizations', label: k('nav.organizations') },
      { href: '/sites', label: k('nav.sites') },
      { href: '/programmes', label: k('nav.programmes') },
      { href: '/users', label: k('nav.users') },
    );
  } else if (hasRole(me, 'manager')) {
    items.push({ href: '/programmes', label: k('nav.programmes') }, { href: '/sites', label: k('nav.sites') });
  }
  items.push({ href: '/account', label: k('nav.account') });
  return items;
}
