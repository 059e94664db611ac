import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DocumentTotals } from '../../../../src/shared/document-totals';
import type { Language } from '../../app/i18n';
import { useFormat } from '../../app/use-format';
import { type EntityMeta, fieldOf, label, localName } from '../../views/meta';
import type { TaxTemplateChoice } from './lines';
import './texts';

interface TotalsPanelProps {
  /** The totals of the lines as they stand; null while a number in them cannot be read. */
  totals: DocumentTotals | null;
  /** The form's values: the amount in words the server stored, which fits while the total is unchanged. */
  stored: Record<string, unknown>;
  templates: TaxTemplateChoice[];
  /** The document whose total fields label the rows; without one (an opportunity), one line: the total. */
  document: EntityMeta | undefined;
  currency: string;
  language: Language;
}

const isZero = (amount: string) => Number(amount) === 0;

/** The totals under a document's lines, in the order an invoice reads: net, discount, each tax, grand, rounded. */
export function TotalsPanel({ totals, stored, templates, document, currency, language }: TotalsPanelProps) {
  const { t } = useTranslation('sales');
  const format = useFormat();
  if (!totals)
    return (
      <Text size="sm" c="dimmed" role="status">
        {t('lines.totalsWait')}
      </Text>
    );
  const money = (amount: string) => format.money(amount, currency);
  const fieldLabel = (name: string) => {
    const field = document && fieldOf(document, name);
    return field ? label(field.label, language) : name;
  };
  const rows: { key: string; label: string; amount: string; strong?: boolean }[] = [];
  if (!document)
    rows.push({ key: 'netTotal', label: t('lines.total'), amount: totals.netTotal, strong: true });
  else {
    if (!isZero(totals.discountTotal)) {
      rows.push({
        key: 'totalBeforeDiscount',
        label: fieldLabel('totalBeforeDiscount'),
        amount: totals.totalBeforeDiscount,
      });
      rows.push({
        key: 'discountTotal',
        label: fieldLabel('discountTotal'),
        amount: `-${totals.discountTotal}`,
      });
    }
    rows.push({ key: 'netTotal', label: fieldLabel('netTotal'), amount: totals.netTotal });
    for (const tax of totals.taxes) {
      const template = templates.find((candidate) => candidate.id === tax.taxTemplateId);
      const name = template ? localName(template, language) : format.percent(tax.rate);
      rows.push({
        key: tax.taxTemplateId,
        label: t(tax.inclusive ? 'lines.taxIncluded' : 'lines.taxOn', { tax: name, base: money(tax.base) }),
        amount: tax.amount,
      });
    }
    rows.push({
      key: 'grandTotal',
      label: fieldLabel('grandTotal'),
      amount: totals.grandTotal,
      strong: true,
    });
    if (!isZero(totals.roundingAdjustment)) {
      rows.push({
        key: 'roundingAdjustment',
        label: fieldLabel('roundingAdjustment'),
        amount: totals.roundingAdjustment,
      });
      rows.push({
        key: 'roundedTotal',
        label: fieldLabel('roundedTotal'),
        amount: totals.roundedTotal,
        strong: true,
      });
    }
  }
  // The words are the server's (in the document's language); they fit only the total they were written for.
  const words =
    document &&
    typeof stored.inWords === 'string' &&
    Number(stored.roundedTotal) === Number(totals.roundedTotal)
      ? stored.inWords
      : null;
  return (
    <div data-testid="document-totals" style={{ minWidth: 320 }}>
      <Table withRowBorders={false} verticalSpacing={2}>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key} data-total={row.key}>
              <Table.Td>
                <Text size="sm" fw={row.strong ? 700 : undefined}>
                  {row.label}
                </Text>
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm" fw={row.strong ? 700 : undefined}>
                  {money(row.amount)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {words && (
        <Text size="xs" c="dimmed" ta="right" maw={360} ml="auto">
          {words}
        </Text>
      )}
    </div>
  );
}
