import { Button, Group } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isLanguage } from '../../app/i18n';
import { label, useMeta } from '../meta';
import { newRecordHref, trashHref } from './record-href';
import { inSentence } from './words';

/** A list's actions: a new record and the trash, each where the user's role allows. */
export function ListActions({ path }: { path: string }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const entity = useMeta().data?.find((candidate) => candidate.path === path);
  if (!entity) return null;
  return (
    <Group gap="xs" wrap="nowrap">
      {entity.permissions.delete && (
        <Button component={Link} to={trashHref(path)} variant="default" leftSection={<IconTrash size={16} />}>
          {t('record.trashTitle')}
        </Button>
      )}
      {entity.permissions.create && (
        <Button component={Link} to={newRecordHref(path)} leftSection={<IconPlus size={16} />}>
          {t('record.newTitle', { entity: inSentence(label(entity.label, language), language) })}
        </Button>
      )}
    </Group>
  );
}
