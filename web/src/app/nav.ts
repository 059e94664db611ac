/**
 * The main navigation, in the order a sales team works: the day's overview, then the funnel from lead to
 * quotation, then communication and figures. `ready: false` marks capabilities that have not landed yet; their
 * route shows a placeholder until a module replaces it.
 */
import {
  IconAddressBook,
  IconBuildingStore,
  IconCalendarCheck,
  IconCalendarMonth,
  IconChartBar,
  IconChartLine,
  IconFileInvoice,
  IconLayoutDashboard,
  IconLayoutKanban,
  IconMail,
  IconSettings,
  IconTargetArrow,
  IconUserPlus,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';

export type NavKey =
  | 'dashboard'
  | 'myDay'
  | 'calendar'
  | 'leads'
  | 'opportunities'
  | 'pipeline'
  | 'forecast'
  | 'customers'
  | 'contacts'
  | 'quotations'
  | 'email'
  | 'reports'
  | 'settings';

export interface NavItem {
  key: NavKey;
  path: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  ready: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { key: 'dashboard', path: '/', icon: IconLayoutDashboard, ready: false },
  { key: 'myDay', path: '/my-day', icon: IconCalendarCheck, ready: true },
  { key: 'calendar', path: '/calendar', icon: IconCalendarMonth, ready: true },
  { key: 'leads', path: '/leads', icon: IconUserPlus, ready: true },
  { key: 'opportunities', path: '/opportunities', icon: IconTargetArrow, ready: true },
  { key: 'pipeline', path: '/pipeline', icon: IconLayoutKanban, ready: true },
  { key: 'forecast', path: '/forecast', icon: IconChartLine, ready: true },
  { key: 'customers', path: '/customers', icon: IconBuildingStore, ready: true },
  { key: 'contacts', path: '/contacts', icon: IconAddressBook, ready: true },
  { key: 'quotations', path: '/quotations', icon: IconFileInvoice, ready: true },
  { key: 'email', path: '/email', icon: IconMail, ready: false },
  { key: 'reports', path: '/reports', icon: IconChartBar, ready: false },
  { key: 'settings', path: '/settings', icon: IconSettings, ready: true },
];

/** Placeholders for the entries whose capability is still to come (all but the dashboard and settings). */
export const PLACEHOLDER_KEYS = NAV_ITEMS.filter((item) => !item.ready && item.path !== '/').map(
  (item) => item.key as Exclude<NavKey, 'dashboard' | 'settings' | 'myDay' | 'calendar'>,
);
