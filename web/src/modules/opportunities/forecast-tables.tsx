import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../app/language';
import type { Formatter } from '../../app/format';
import type { Accuracy, AccuracyCell, Forecast, ForecastAmounts, ForecastGroup } from './forecast-api';

/**
 * The forecast's two tables: a row per group and currency (amounts are never added across currencies), a column
 * per month. Numbers arrive as exact decimal strings and go to Intl as they are.
 */

const monthName = (language: Language, month: string) =>
  new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-US', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${month}-01T00:00:00Z`));

interface RowName {
  key: string | null;
  name: string | null;
  nameDe: string | null;
  currency: string;
}

function useRowName(groupBy: ForecastGroup, language: Language) {
  const { t } = useTranslation('opportunities');
  return (row: RowName) =>
    (language === 'de' && row.nameDe) ||
    row.name ||
    (groupBy === 'team' ? t('forecast.noTeam') : t('forecast.noOwner'));
}

function AmountsCell({
  amounts,
  currency,
  format,
}: {
  amounts: ForecastAmounts;
  currency: string;
  format: Formatter;
}) {
  const { t } = useTranslation('opportunities');
  const line = (label: string, amount: string, strong = false) => (
    <Text size="xs" fw={strong ? 600 : undefined} style={{ whiteSpace: 'nowrap' }}>
      {label}: {format.money(amount, currency)}
    </Text>
  );
  const attainment =
    amounts.quota !== null && Number(amounts.quota) > 0
      ? format.percent(((Number(amounts.closed) / Number(amounts.quota)) * 100).toFixed(1))
      : null;
  return (
    <>
      {line(t('forecast.closed'), amounts.closed, true)}
      {line(t('forecast.commit'), amounts.commit)}
      {line(t('forecast.bestCase'), amounts.bestCase)}
      {line(t('forecast.pipelineCategory'), amounts.pipeline)}
      {line(t('forecast.weighted'), amounts.weighted)}
      {amounts.quota !== null && line(t('forecast.quota'), amounts.quota)}
      {attainment && (
        <Text size="xs" c="dimmed">
          {t('forecast.attainment', { percent: attainment })}
        </Text>
      )}
    </>
  );
}

/**
 * The frame both tables share: the group's column and one per month (and a total), a row per group and currency
 * whose cells `cell` and `total` draw.
 */
function GroupTable<Row extends RowName>(props: {
  testId: string;
  groupBy: ForecastGroup;
  language: Language;
  months: string[];
  rows: Row[];
  cell: (row: Row, month: string) => ReactNode;
  total?: (row: Row) => ReactNode;
}) {
  const { testId, groupBy, language, months, rows, cell, total } = props;
  const { t } = useTranslation('opportunities');
  const nameOf = useRowName(groupBy, language);
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table withTableBorder withColumnBorders verticalSpacing="xs" data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t(`forecast.${groupBy}`)}</Table.Th>
            {months.map((month) => (
              <Table.Th key={month}>{monthName(language, month)}</Table.Th>
            ))}
            {total && <Table.Th>{t('forecast.total')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={`${row.key}|${row.currency}`}>
              <Table.Th scope="row">
                <Text size="sm" fw={600}>
                  {nameOf(row)}
                </Text>
                <Text size="xs" c="dimmed">
                  {row.currency}
                </Text>
              </Table.Th>
              {months.map((month) => (
                <Table.Td key={month} valign="top">
                  {cell(row, month)}
                </Table.Td>
              ))}
              {total && <Table.Td valign="top">{total(row)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const EMPTY = <Text c="dimmed">–</Text>;

export function ForecastTable(props: {
  forecast: Forecast;
  groupBy: ForecastGroup;
  language: Language;
  format: Formatter;
}) {
  const { forecast, groupBy, language, format } = props;
  return (
    <GroupTable
      testId="forecast-table"
      groupBy={groupBy}
      language={language}
      months={forecast.months}
      rows={forecast.rows}
      cell={(row, month) => {
        const amounts = row.months.find((candidate) => candidate.month === month);
        return !amounts || (amounts.count === 0 && amounts.quota === null) ? (
          EMPTY
        ) : (
          <AmountsCell amounts={amounts} currency={row.currency} format={format} />
        );
      }}
      total={(row) => <AmountsCell amounts={row.total} currency={row.currency} format={format} />}
    />
  );
}

function AccuracyCellView({
  cell,
  currency,
  format,
}: {
  cell: AccuracyCell;
  currency: string;
  format: Formatter;
}) {
  const { t } = useTranslation('opportunities');
  return (
    <>
      <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
        {t('forecast.forecastAsOf', { date: format.date(cell.asOf) })}:{' '}
        {format.money(cell.weighted, currency)}
      </Text>
      <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
        {t('forecast.won')}: {format.money(cell.won, currency)}
      </Text>
      {cell.accuracy !== null && (
        <Text size="xs" fw={600}>
          {t('forecast.ratio')}: {format.percent((Number(cell.accuracy) * 100).toFixed(1))}
        </Text>
      )}
    </>
  );
}

export function AccuracyTable(props: {
  accuracy: Accuracy;
  groupBy: ForecastGroup;
  language: Language;
  format: Formatter;
}) {
  const { accuracy, groupBy, language, format } = props;
  return (
    <GroupTable
      testId="accuracy-table"
      groupBy={groupBy}
      language={language}
      months={accuracy.months}
      rows={accuracy.rows}
      cell={(row, month) => {
        const cell = row.months.find((candidate) => candidate.month === month);
        return cell ? <AccuracyCellView cell={cell} currency={row.currency} format={format} /> : '–';
      }}
    />
  );
}
