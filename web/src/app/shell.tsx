import {
  AppShell,
  Avatar,
  Burger,
  Button,
  Group,
  NavLink,
  ScrollArea,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLogout } from '@tabler/icons-react';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { NotificationBell } from '../modules/notifications/notification-bell';
import { useLogout, useUser } from './auth';
import { GlobalSearch } from './global-search';
import { LanguageSwitch } from './language-switch';
import { Logo } from './logo';
import { NAV_ITEMS, type NavItem } from './nav';
import { PageLoader } from './page-loader';

const ProfileDialog = lazy(() => import('./profile-dialog'));

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase();
}

function isActive(item: NavItem, pathname: string): boolean {
  return item.path === '/'
    ? pathname === '/'
    : pathname === item.path || pathname.startsWith(`${item.path}/`);
}

/** The frame around every screen after login: header (user, language, logout) and the main navigation. */
export default function Shell() {
  const { t } = useTranslation();
  const user = useUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure();
  const [profileOpen, setProfileOpen] = useState(false);
  const settings = NAV_ITEMS.filter((item) => item.key === 'settings');
  const main = NAV_ITEMS.filter((item) => item.key !== 'settings');

  const navLink = (item: NavItem) => (
    <NavLink
      key={item.key}
      component={Link}
      to={item.path}
      label={t(`nav.${item.key}`)}
      leftSection={<item.icon size={18} stroke={1.6} />}
      active={isActive(item, pathname)}
      onClick={close}
      variant="light"
      style={{ borderRadius: 'var(--mantine-radius-md)' }}
    />
  );

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <Logo />
          </Group>
          <GlobalSearch />
          <Group gap="md" wrap="nowrap">
            <NotificationBell />
            <LanguageSwitch />
            <Tooltip label={t('header.signedInAs', { name: user.email })}>
              <UnstyledButton onClick={() => setProfileOpen(true)} aria-label={t('profile.title')}>
                <Group gap={8} wrap="nowrap" data-testid="current-user">
                  <Avatar size={32} radius="xl" color="indigo">
                    {initials(user.fullName)}
                  </Avatar>
                  <div>
                    <Text size="sm" fw={600} lh={1.2}>
                      {user.fullName}
                    </Text>
                    <Text size="xs" c="dimmed" lh={1.2} visibleFrom="md">
                      {user.role}
                    </Text>
                  </div>
                </Group>
              </UnstyledButton>
            </Tooltip>
            {profileOpen && (
              <Suspense fallback={null}>
                <ProfileDialog opened onClose={() => setProfileOpen(false)} />
              </Suspense>
            )}
            <Button
              variant="subtle"
              color="gray"
              size="sm"
              leftSection={<IconLogout size={16} />}
              loading={logout.isPending}
              onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/login') })}
            >
              {t('header.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t('nav.label')} component="nav">
        <AppShell.Section grow component={ScrollArea}>
          {main.map(navLink)}
        </AppShell.Section>
        <AppShell.Section pt="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
          {settings.map(navLink)}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main bg="gray.0">
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
