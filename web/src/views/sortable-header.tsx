import { Badge, Group, Table, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** Long labels ("Default payment terms") wrap between words rather than hide behind an ellipsis. */
const WRAP = { lineHeight: 1.25, overflowWrap: 'normal', whiteSpace: 'normal' } as const;

interface SortableHeaderProps {
  label: string;
  sortable: boolean;
  direction: 'asc' | 'desc' | undefined;
  /** The column's place among several sort keys (1, 2 …); left out when the list sorts by one key only. */
  position?: number | undefined;
  align?: 'left' | 'right';
  /** `additive`: shift was held, so the column joins the sort instead of replacing it. */
  onSort: (additive: boolean) => void;
}

/**
 * A column header; a click sorts by the column on the server, a shift-click adds it as a further sort key
 * (fields that cannot be sorted are plain text).
 */
export function SortableHeader({ label, sortable, direction, position, align, onSort }: SortableHeaderProps) {
  const { t } = useTranslation();
  const ariaSort = direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none';
  const justify = align === 'right' ? 'flex-end' : 'flex-start';
  if (!sortable) {
    return (
      <Table.Th style={{ textAlign: align }}>
        <Text fw={600} size="sm" style={WRAP}>
          {label}
        </Text>
      </Table.Th>
    );
  }
  const Icon = direction === 'asc' ? IconArrowUp : direction === 'desc' ? IconArrowDown : IconArrowsSort;
  return (
    <Table.Th aria-sort={ariaSort}>
      <Tooltip label={t('list.sortHint')} openDelay={600} withinPortal>
        <UnstyledButton
          onClick={(event: MouseEvent) => onSort(event.shiftKey)}
          aria-description={t('list.sortHint')}
          style={{ display: 'flex', width: '100%', justifyContent: justify }}
        >
          <Group gap={4} wrap="nowrap" justify={justify} style={{ minWidth: 0 }}>
            <Text fw={600} size="sm" style={WRAP}>
              {label}
            </Text>
            <Icon size={14} stroke={1.8} opacity={direction ? 1 : 0.4} style={{ flexShrink: 0 }} />
            {position !== undefined && (
              <Badge size="xs" variant="light" circle aria-hidden style={{ flexShrink: 0 }}>
                {position}
              </Badge>
            )}
          </Group>
        </UnstyledButton>
      </Tooltip>
    </Table.Th>
  );
}
