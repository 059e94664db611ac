import { SegmentedControl } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useMe, useSetLanguage } from './auth';
import { type Language, applyLanguage, currentLanguage, isLanguage } from './i18n';

/** Each language is named in itself, so someone who cannot read the current one still finds theirs. */
const OPTIONS = [
  { value: 'en', label: 'English' },
  { value: 'de', label: 'Deutsch' },
];

/** Logged in, the choice is stored on the user; on the login page, in this browser only. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const me = useMe();
  const setLanguage = useSetLanguage();
  const change = (value: string) => {
    if (!isLanguage(value)) return;
    if (!me.data) return void applyLanguage(value);
    setLanguage.mutate(value as Language, {
      onError: (error) =>
        notifications.show({ color: 'red', title: t('errors.title'), message: error.message }),
    });
  };
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('header.language')}
      data={OPTIONS}
      value={currentLanguage()}
      onChange={change}
    />
  );
}
