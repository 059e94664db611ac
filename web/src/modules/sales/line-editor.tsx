import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  Input,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FieldProblem } from '../../app/api';
import { useFormat } from '../../app/use-format';
import { type EntityMeta, label, localName } from '../../views/meta';
import { DecimalInput } from '../../views/record/decimal-input';
import { type FieldInputProps, useProblemText } from '../../views/record/field-input';
import { isDraft } from '../../views/record/form-values';
import { titleOf, useRecordsById } from '../../views/record/link-data';
import { LinkPicker } from '../../views/record/link-picker';
import { recordHref } from '../../views/record/record-href';
import { type Line, emptyLine, liveTotals, withItem } from './lines';
import { readItem, useTaxTemplates } from './sales-data';
import { TotalsPanel } from './totals-panel';
import './texts';

export interface LinesFieldProps extends FieldInputProps {
  /** Quotations and orders tax their lines; an opportunity's products of interest are priced without. */
  withTaxes: boolean;
  /** The document's entity, whose total fields label the totals. */
  document: EntityMeta | undefined;
}

/**
 * The lines of a quotation, sales order or opportunity as a table: an item picker that fills description, unit,
 * rate and taxes as the server would, numbers in the user's notation, each line's amount and the totals below
 * recomputed on every key stroke by the server's rounding rule. Read-only documents show the same table as text.
 */
export function LinesField(props: LinesFieldProps) {
  const { field, value, onChange, meta, language, editable, problems, currency, values, withTaxes } = props;
  const { t } = useTranslation('sales');
  const format = useFormat();
  const message = useProblemText();
  const client = useQueryClient();
  const lines = Array.isArray(value) ? (value as Line[]) : [];
  // Picking an item waits for it; what the user typed meanwhile must not be overwritten by the lines of before.
  const latest = useRef(lines);
  useLayoutEffect(() => {
    latest.current = lines;
  });
  const itemEntity = meta.find((entity) => entity.name === 'item');
  const itemRows = useRecordsById(
    editable ? undefined : itemEntity,
    lines.map((line) => line.itemId).filter((id): id is string => typeof id === 'string'),
  );
  const units = itemEntity?.fields.find((candidate) => candidate.name === 'unit')?.options ?? [];
  const templates = useTaxTemplates(withTaxes).data ?? [];
  const documentLanguage = values.language === 'de' ? 'de' : 'en';
  const documentTax = withTaxes && typeof values.taxTemplateId === 'string' ? values.taxTemplateId : null;
  const totals = liveTotals(lines, withTaxes ? templates : [], documentTax, currency);

  const set = (index: number, patch: Partial<Line>) =>
    onChange(latest.current.map((line, i) => (i === index ? { ...line, ...patch } : line)));
  const pick = async (index: number, itemId: string | null) => {
    set(index, { itemId });
    if (!itemId) return;
    try {
      const item = await client.fetchQuery({
        queryKey: ['items', 'choice', itemId],
        queryFn: () => readItem(itemId),
        staleTime: 60_000,
      });
      const line = latest.current[index];
      if (line?.itemId === itemId) set(index, withItem(line, item, documentLanguage, currency));
    } catch {
      // The item could not be read just now: the server fills what the line leaves out when it is saved.
    }
  };
  const problemAt = (index: number, name: string): string | undefined => {
    const found = problems.find((problem) => problem.field === `${field.name}/${index}/${name}`);
    return found ? message(found) : undefined;
  };
  const wholeProblem = problems.find((problem: FieldProblem) => problem.field === field.name);
  const unitLabel = (unit: unknown) => {
    const option = units.find((candidate) => candidate.value === unit);
    return option ? label(option.label, language) : String(unit ?? '');
  };
  const unitOptions = (current: unknown) => {
    const options = units.map((option) => ({ value: option.value, label: label(option.label, language) }));
    // A unit typed through the API stays choosable on the line that has it.
    if (typeof current === 'string' && current && !units.some((option) => option.value === current))
      options.push({ value: current, label: current });
    return options;
  };
  const taxLabel = (id: unknown) => {
    const template = templates.find((candidate) => candidate.id === id);
    return template ? localName(template, language) : t('lines.noTax');
  };
  const amountOf = (line: Line, index: number) => {
    const amount = totals?.lineAmounts[index] ?? line.amount;
    return amount ? format.money(amount, currency) : '—';
  };
  const decimalCell = (line: Line, index: number, name: 'qty' | 'rate' | 'discountPercent') => {
    const current = line[name];
    return (
      <DecimalInput
        aria-label={`${t(`lines.${name}`)} ${index + 1}`}
        value={current}
        language={language}
        minFraction={name === 'rate' ? 2 : 0}
        onChange={(next) => set(index, { [name]: next === '' && name === 'discountPercent' ? null : next })}
        error={
          isDraft(current) ? message({ field: name, message: '', code: 'number' }) : problemAt(index, name)
        }
        styles={{ input: { textAlign: 'right' } }}
      />
    );
  };

  const headers: ReactNode[] = [
    t('lines.item'),
    t('lines.description'),
    t('lines.qty'),
    t('lines.unit'),
    t('lines.rate'),
    t('lines.discountPercent'),
    ...(withTaxes ? [t('lines.tax')] : []),
    t('lines.amount'),
  ];
  const numeric = (index: number) => index >= 2 && index !== 3 && !(withTaxes && index === 6);

  const editableRow = (line: Line, index: number) => (
    <Table.Tr key={line.id ?? `new-${index}`} data-testid={`line-${index}`}>
      <Table.Td miw={220}>
        {itemEntity && (
          <LinkPicker
            target={itemEntity}
            label=""
            withoutOpen
            aria-label={`${t('lines.item')} ${index + 1}`}
            required={false}
            value={typeof line.itemId === 'string' ? line.itemId : null}
            onChange={(next) => void pick(index, next)}
            error={problemAt(index, 'itemId')}
          />
        )}
      </Table.Td>
      <Table.Td miw={200}>
        <TextInput
          aria-label={`${t('lines.description')} ${index + 1}`}
          value={line.description ?? ''}
          onChange={(event) => set(index, { description: event.currentTarget.value })}
          error={problemAt(index, 'description')}
        />
      </Table.Td>
      <Table.Td w={90}>{decimalCell(line, index, 'qty')}</Table.Td>
      <Table.Td w={120}>
        <Select
          aria-label={`${t('lines.unit')} ${index + 1}`}
          data={unitOptions(line.unit)}
          value={typeof line.unit === 'string' ? line.unit : null}
          onChange={(next) => set(index, { unit: next ?? 'unit' })}
          allowDeselect={false}
          error={problemAt(index, 'unit')}
        />
      </Table.Td>
      <Table.Td w={130}>{decimalCell(line, index, 'rate')}</Table.Td>
      <Table.Td w={90}>{decimalCell(line, index, 'discountPercent')}</Table.Td>
      {withTaxes && (
        <Table.Td w={150}>
          <Select
            aria-label={`${t('lines.tax')} ${index + 1}`}
            data={templates.map((template) => ({
              value: template.id,
              label: localName(template, language),
            }))}
            value={typeof line.taxTemplateId === 'string' ? line.taxTemplateId : null}
            onChange={(next) => set(index, { taxTemplateId: next })}
            // Empty, the document's taxes apply: their name says which.
            placeholder={taxLabel(documentTax)}
            clearable
            error={problemAt(index, 'taxTemplateId')}
          />
        </Table.Td>
      )}
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid={`line-${index}-amount`}>
        {amountOf(line, index)}
      </Table.Td>
      <Table.Td w={40}>
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={t('lines.remove', { number: index + 1 })}
          onClick={() => onChange(latest.current.filter((_, i) => i !== index))}
        >
          <IconTrash size={16} />
        </ActionIcon>
      </Table.Td>
    </Table.Tr>
  );

  const readOnlyRow = (line: Line, index: number) => (
    <Table.Tr key={line.id ?? index} data-testid={`line-${index}`}>
      <Table.Td>
        {itemEntity && typeof line.itemId === 'string' ? (
          <Anchor component={Link} to={recordHref(itemEntity.path, line.itemId)} size="sm">
            {titleOf(itemEntity, itemRows.byId.get(line.itemId), line.itemId)}
          </Anchor>
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'pre-line' }}>{line.description}</Table.Td>
      <Table.Td ta="right">{line.qty ? format.number(line.qty) : ''}</Table.Td>
      <Table.Td>{unitLabel(line.unit)}</Table.Td>
      <Table.Td ta="right">{line.rate ? format.money(line.rate, currency) : ''}</Table.Td>
      <Table.Td ta="right">{line.discountPercent ? format.percent(line.discountPercent) : ''}</Table.Td>
      {withTaxes && <Table.Td>{taxLabel(line.taxTemplateId ?? documentTax)}</Table.Td>}
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid={`line-${index}-amount`}>
        {amountOf(line, index)}
      </Table.Td>
    </Table.Tr>
  );

  return (
    <Input.Wrapper
      label={label(field.label, language)}
      error={wholeProblem ? message(wholeProblem) : undefined}
    >
      <Stack gap="sm" mt={4} data-testid={`${field.name}-editor`}>
        <Table.ScrollContainer minWidth={editable ? 1000 : 700}>
          <Table verticalSpacing={6} horizontalSpacing="xs" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                {headers.map((header, index) => (
                  <Table.Th key={String(index)} ta={numeric(index) ? 'right' : undefined}>
                    {header}
                  </Table.Th>
                ))}
                {editable && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={headers.length + 1}>
                    <Text size="sm" c="dimmed">
                      {t('lines.none')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {lines.map((line, index) => (editable ? editableRow(line, index) : readOnlyRow(line, index)))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group justify="space-between" align="flex-start">
          {editable ? (
            <Button
              variant="light"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => onChange([...latest.current, emptyLine()])}
            >
              {t('lines.add')}
            </Button>
          ) : (
            <span />
          )}
          <TotalsPanel
            totals={totals}
            stored={values}
            templates={templates}
            document={withTaxes ? props.document : undefined}
            currency={currency}
            language={language}
          />
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}
