/** What the line editor reads besides the document: the tax templates to offer and sum, and an item when picked. */
import { useQuery } from '@tanstack/react-query';
import { get } from '../../app/api';
import { listUrl } from '../../views/list-query';
import { parseSort } from '../../views/sort';
import type { ItemChoice, TaxTemplateChoice } from './lines';

/** A company has a handful of tax templates; more than this many would be a list nobody picks from. */
const TEMPLATE_LIMIT = 200;

interface TemplateRow extends Omit<TaxTemplateChoice, 'rate'> {
  rate: string | number;
}

/** Every tax template, the default first; rates as decimal strings for the totals. */
export function useTaxTemplates(enabled = true) {
  return useQuery({
    queryKey: ['tax-templates', 'choices'],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const url = listUrl(
        'tax-templates',
        { sort: parseSort('name'), filters: [] },
        { fields: ['id', 'name', 'nameDe', 'rate', 'inclusive', 'isDefault'], limit: TEMPLATE_LIMIT },
      );
      const rows = (await get<{ data: TemplateRow[] }>(url)).data;
      return rows
        .map((row): TaxTemplateChoice => ({ ...row, rate: String(row.rate) }))
        .sort((a, b) => Number(Boolean(b.isDefault)) - Number(Boolean(a.isDefault)));
    },
  });
}

/** One item, as picking it into a line needs it. */
export async function readItem(id: string): Promise<ItemChoice> {
  return (await get<{ data: ItemChoice }>(`/api/v1/items/${encodeURIComponent(id)}`)).data;
}
