import { Button, Popover, Select, Stack, Text } from '@mantine/core';
import { IconFilterPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../app/i18n';
import { FilterValueInput } from './filter-value-input';
import { type UiOperator, filterableFields, isComplete, toFilter, uiOperators, valueKind } from './filters';
import type { ListFilter } from './list-query';
import { type EntityMeta, type FieldMeta, label } from './meta';

interface FilterBuilderProps {
  entity: EntityMeta;
  meta: EntityMeta[];
  language: Language;
  onAdd: (filter: ListFilter) => void;
}

/** The operator's words: a datetime or date field reads "is before" rather than "is less than". */
export function useOperatorLabel() {
  const { t } = useTranslation();
  return (field: FieldMeta, operator: UiOperator): string => {
    const dated = field.type === 'date' || field.type === 'datetime';
    if (dated && (['eq', 'lt', 'lte', 'gt', 'gte', 'between'] as const).includes(operator as 'eq')) {
      return t(`list.dateOps.${operator as 'eq' | 'lt' | 'lte' | 'gt' | 'gte' | 'between'}`);
    }
    return t(`list.ops.${operator}`);
  };
}

/** "Filter" → field, condition (the operators /meta lists for it), value → one more condition, ANDed. */
export function FilterBuilder({ entity, meta, language, onAdd }: FilterBuilderProps) {
  const { t } = useTranslation();
  const operatorLabel = useOperatorLabel();
  const [opened, setOpened] = useState(false);
  const fields = filterableFields(entity).sort((a, b) =>
    label(a.label, language).localeCompare(label(b.label, language), language),
  );
  const [fieldName, setFieldName] = useState<string | null>(null);
  const [operator, setOperator] = useState<UiOperator | null>(null);
  const [value, setValue] = useState('');
  const field = fields.find((candidate) => candidate.name === fieldName);
  const operators = field ? uiOperators(field) : [];
  const kind = field && operator ? valueKind(field, operator) : 'none';

  const chooseField = (name: string | null) => {
    const next = fields.find((candidate) => candidate.name === name);
    const first = next ? uiOperators(next)[0] : undefined;
    setFieldName(name);
    setOperator(first ?? null);
    setValue(next && first && valueKind(next, first) === 'boolean' ? 'true' : '');
  };
  const chooseOperator = (next: UiOperator | null) => {
    setOperator(next);
    setValue(field && next && valueKind(field, next) === 'boolean' ? 'true' : '');
  };
  const ready = field !== undefined && operator !== null && isComplete(kind, value);
  const add = () => {
    if (!ready) return;
    onAdd(toFilter(field, operator, value.trim()));
    setOpened(false);
    chooseField(null);
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={340} shadow="md" trapFocus>
      <Popover.Target>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconFilterPlus size={16} />}
          onClick={() => setOpened((open) => !open)}
        >
          {t('list.filter.button')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            add();
          }}
        >
          <Stack gap="sm" data-testid="filter-builder">
            <Text fw={600} size="sm">
              {t('list.filter.title')}
            </Text>
            <Select
              label={t('list.filter.field')}
              data={fields.map((candidate) => ({
                value: candidate.name,
                label: label(candidate.label, language),
              }))}
              value={fieldName}
              onChange={chooseField}
              searchable
              comboboxProps={{ withinPortal: false }}
              data-autofocus
            />
            {field && (
              <Select
                label={t('list.filter.operator')}
                data={operators.map((op) => ({ value: op, label: operatorLabel(field, op) }))}
                value={operator}
                onChange={(next) => chooseOperator(next as UiOperator | null)}
                allowDeselect={false}
                comboboxProps={{ withinPortal: false }}
              />
            )}
            {field && operator && (
              <FilterValueInput
                // A new field or condition starts with an empty input of its own kind.
                key={`${field.name}|${operator}`}
                field={field}
                kind={kind}
                value={value}
                onChange={setValue}
                meta={meta}
                language={language}
              />
            )}
            <Button type="submit" size="xs" disabled={!ready}>
              {t('list.filter.add')}
            </Button>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
