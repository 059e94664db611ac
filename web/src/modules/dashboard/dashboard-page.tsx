import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/auth';
import { useFormat } from '../../app/use-format';
import { PageHeader } from '../../app/page-header';
import { PlaceholderPanel } from '../../app/placeholder-page';

/** The start page after login. Its figures (pipeline, tasks, targets) come with the reports capability. */
export default function DashboardPage() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  return (
    <>
      <PageHeader title={t('dashboard.welcome', { name: user.fullName })} />
      <Text mb="lg" c="dimmed" data-testid="today">
        {t('dashboard.today', { date: format.longDate(new Date()) })}
      </Text>
      <PlaceholderPanel section="dashboard" />
    </>
  );
}
