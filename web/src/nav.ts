import type { Me } from './api';
import { k } from './i18n';
import { hasRole } from './session';

export interface NavItem {
  href: string;
  label: string;
}

// Navigation by role: admins run the organisation, managers their programmes, everyone else
// (until their capabilities arrive) has a home page and their account.
export function navFor(me: Me | undefined): NavItem[] {
  const items: NavItem[] = [{ href: '/', label: k('nav.home') }];
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
