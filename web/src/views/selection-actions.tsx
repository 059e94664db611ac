import { ActionBar, Button, Text } from '@mantine/core';
import { IconArrowMerge, IconTrash } from '@tabler/icons-react';
import { type ReactNode, Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../app/i18n';
import { useFormat } from '../app/use-format';
import { BulkDeleteModal } from './bulk-delete';
import { MAX_MERGED, canMerge, mergeableCount } from './merge';
import type { EntityMeta } from './meta';

// Merging is rare next to selecting: the dialog arrives when it opens.
const MergeDialog = lazy(() => import('./merge-dialog'));

interface SelectionActionsProps {
  entity: EntityMeta;
  selected: Set<string>;
  titleOf: (id: string) => string;
  language: Language;
  onClear: () => void;
  /** The screen's own actions for the selection (see EntityListProps.selectionActions). */
  extra?: ReactNode;
  /** The ids that left the list (trashed); they leave the selection. */
  onDeleted: (ids: string[]) => void;
}

/**
 * A bar that floats over the list while rows are selected: how many, merge them (contacts, customers), delete
 * them, clear the selection.
 */
export function SelectionActions({
  entity,
  selected,
  titleOf,
  language,
  onClear,
  extra,
  onDeleted,
}: SelectionActionsProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const [deleting, setDeleting] = useState(false);
  const [merging, setMerging] = useState(false);
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
        {extra}
        {canMerge(entity) && (
          <Button
            variant="light"
            size="xs"
            leftSection={<IconArrowMerge size={16} />}
            disabled={!mergeableCount(selected.size)}
            title={
              selected.size > MAX_MERGED + 1 ? t('list.merge.tooMany', { max: MAX_MERGED + 1 }) : undefined
            }
            onClick={() => setMerging(true)}
          >
            {t('list.merge.button')}
          </Button>
        )}
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
      {merging && (
        <Suspense fallback={null}>
          <MergeDialog
            entity={entity}
            ids={[...selected]}
            language={language}
            onClose={() => setMerging(false)}
            // The survivor alone is no selection anyone asked for: the bar goes with the merged rows.
            onMerged={onClear}
          />
        </Suspense>
      )}
    </>
  );
}
