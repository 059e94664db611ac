import { ActionBar, Button, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../app/i18n';
import { useFormat } from '../app/use-format';
import { BulkDeleteModal } from './bulk-delete';
import type { EntityMeta } from './meta';

interface SelectionActionsProps {
  entity: EntityMeta;
  selected: Set<string>;
  titleOf: (id: string) => string;
  language: Language;
  onClear: () => void;
  /** The ids that left the list (trashed); they leave the selection. */
  onDeleted: (ids: string[]) => void;
}

/** A bar that floats over the list while rows are selected: how many, delete them, clear the selection. */
export function SelectionActions({
  entity,
  selected,
  titleOf,
  language,
  onClear,
  onDeleted,
}: SelectionActionsProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const [deleting, setDeleting] = useState(false);
  return (
    <>
      {/* Below modals (200), so the confirmation covers the bar rather than the other way round. */}
      <ActionBar
        opened={selected.size > 0}
        onClose={onClear}
        zIndex={150}
        aria-label={t('list.select.actions')}
      >
        <Text size="sm" fw={600} px="xs" data-testid="selection-count">
          {t('list.select.selected', { count: selected.size, n: format.number(selected.size) })}
        </Text>
        <ActionBar.Divider />
        <Button
          color="red"
          variant="light"
          size="xs"
          leftSection={<IconTrash size={16} />}
          onClick={() => setDeleting(true)}
        >
          {t('list.bulkDelete.button')}
        </Button>
        <ActionBar.CloseButton aria-label={t('list.select.clear')} />
      </ActionBar>
      <BulkDeleteModal
        entity={entity}
        ids={[...selected]}
        titleOf={titleOf}
        language={language}
        opened={deleting}
        onClose={() => setDeleting(false)}
        onDeleted={onDeleted}
      />
    </>
  );
}
