import { Anchor, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../app/i18n';
import { type EntityMeta, label, useMeta } from '../meta';
import type { Duplicates } from './duplicates';
import { recordHref } from './record-href';
import { inSentence } from './words';

export interface DuplicateDialogProps {
  entity: EntityMeta;
  /** null: closed. */
  duplicates: Duplicates | null;
  language: Language;
  saving: boolean;
  onSaveAnyway: () => void;
  onCancel: () => void;
}

/**
 * The answer to a 409 `duplicates`: the records the new or changed one resembles, each a link to compare with,
 * and the choice to write it anyway (`?duplicates=allow`) or go back to the form. The links open a new tab so
 * the form and what was typed into it stay.
 */
export default function DuplicateDialog(props: DuplicateDialogProps) {
  const { entity, duplicates, language, saving, onSaveAnyway, onCancel } = props;
  const { t } = useTranslation();
  const candidates = duplicates?.candidates ?? [];
  const hidden = duplicates?.hidden ?? 0;
  const meta = useMeta().data ?? [];
  // A candidate of another entity (a customer a new lead resembles) links to its own page and says what it is.
  const otherOf = (name: string | undefined) =>
    name && name !== entity.name ? meta.find((candidate) => candidate.name === name) : undefined;
  const keyName = (key: string) => {
    const keys: Record<string, string> = t('record.duplicates.keys', { returnObjects: true });
    return keys[key] ?? key;
  };
  return (
    <Modal
      opened={duplicates !== null}
      onClose={onCancel}
      title={
        <Group gap="xs">
          <IconCopy size={18} />
          <Text fw={600}>{t('record.duplicates.title')}</Text>
        </Group>
      }
      centered
    >
      <Stack data-testid="duplicate-dialog">
        <Text size="sm">
          {candidates.length > 0
            ? t('record.duplicates.text', {
                count: candidates.length + hidden,
                entity: inSentence(label(entity.label, language), language),
              })
            : t('record.duplicates.onlyHidden')}
        </Text>
        {candidates.length > 0 && (
          <List size="sm" spacing={4} data-testid="duplicate-candidates">
            {candidates.map((candidate) => {
              const other = otherOf(candidate.entity);
              return (
                <List.Item key={`${candidate.entity ?? ''}:${candidate.id}`}>
                  <Anchor
                    href={recordHref((other ?? entity).path, candidate.id)}
                    target="_blank"
                    rel="noopener"
                    size="sm"
                  >
                    {candidate.title || t('record.untitled')}
                  </Anchor>
                  {other && (
                    <Text span size="sm" c="dimmed">
                      {' '}
                      ({label(other.label, language)})
                    </Text>
                  )}
                  {candidate.matches.length > 0 && (
                    <Text span size="xs" c="dimmed" ml="xs">
                      {t('record.duplicates.sameAs', { keys: candidate.matches.map(keyName).join(', ') })}
                    </Text>
                  )}
                </List.Item>
              );
            })}
          </List>
        )}
        {hidden > 0 && candidates.length > 0 && (
          <Text size="sm" c="dimmed">
            {t('record.duplicates.hidden', { count: hidden })}
          </Text>
        )}
        <Text size="sm" c="dimmed">
          {t('record.duplicates.hint')}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} data-autofocus>
            {t('record.duplicates.cancel')}
          </Button>
          <Button color="orange" loading={saving} onClick={onSaveAnyway}>
            {t('record.duplicates.saveAnyway')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
