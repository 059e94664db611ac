import { Group, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

interface SortableHeaderProps {
  label: string;
  sortable: boolean;
  direction: 'asc' | 'desc' | undefined;
  onSort: () => void;
}

/** A column header; a click sorts by the column on the server (fields that cannot be sorted are plain text). */
export function SortableHeader({ label, sortable, direction, onSort }: SortableHeaderProps) {
  const { t } = useTranslation();
  const ariaSort = direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none';
  if (!sortable) {
    return (
      <Table.Th>
        <Text fw={600} size="sm">
          {label}
        </Text>
      </Table.Th>
    );
  }
  const Icon = direction === 'asc' ? IconArrowUp : direction === 'desc' ? IconArrowDown : IconArrowsSort;
  return (
    <Table.Th aria-sort={ariaSort}>
      <UnstyledButton onClick={onSort} title={t('list.sortBy', { field: label })}>
        <Group gap={4} wrap="nowrap">
          <Text fw={600} size="sm">
            {label}
          </Text>
          <Icon size={14} stroke={1.8} opacity={direction ? 1 : 0.4} />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}
