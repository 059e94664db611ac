import { Badge, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NAV_ITEMS, type NavKey } from './nav';
import { PageHeader } from './page-header';

// Screens that never stood in as placeholders: settings, and My day and the calendar, which came with their pages.
export type PlaceholderKey = Exclude<NavKey, 'settings' | 'myDay' | 'calendar'>;

/** Stands in for a capability that has not landed yet, saying what it will do. */
export function PlaceholderPanel({ section }: { section: PlaceholderKey }) {
  const { t } = useTranslation();
  const item = NAV_ITEMS.find((entry) => entry.key === section);
  return (
    <Paper withBorder radius="lg" p="xl" data-testid="placeholder">
      <Stack align="center" gap="sm" py="xl" maw={520} mx="auto" ta="center">
        {item && (
          <ThemeIcon size={56} radius="xl" variant="light">
            <item.icon size={30} stroke={1.5} />
          </ThemeIcon>
        )}
        <Badge variant="light" color="gray">
          {t('placeholder.badge')}
        </Badge>
        <Text fw={600} size="lg">
          {t('placeholder.text')}
        </Text>
        <Text c="dimmed">{t(`placeholder.${section}`)}</Text>
      </Stack>
    </Paper>
  );
}

export default function PlaceholderPage({ section }: { section: PlaceholderKey }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t(`nav.${section}`)} />
      <PlaceholderPanel section={section} />
    </>
  );
}
