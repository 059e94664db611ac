import { ActionIcon, Input, NativeSelect, Table, Text, Tooltip } from '@mantine/core';
import { IconArrowBackUp } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { FieldInputProps } from '../../views/record/field-input';
import { useProblemText } from '../../views/record/field-input';
import { label } from '../../views/meta';
import { ACTIONS, WILDCARD, asPermissions, grantOf, inheritAll, scopesFor, setGrant } from './grants';

/**
 * A role's permissions as a matrix: one row per entity (and "every other entity" for `*`), one column per
 * action, the scope in each cell. Rows without an entry of their own show what they take from `*`, dimmed.
 */
export function GrantsMatrix({
  field,
  value,
  onChange,
  meta,
  language,
  editable,
  problems,
}: FieldInputProps) {
  const { t } = useTranslation();
  const message = useProblemText();
  const permissions = asPermissions(value);
  const entities = [...meta].sort((a, b) =>
    label(a.labelPlural, language).localeCompare(label(b.labelPlural, language), language),
  );
  const rows = [
    { name: WILDCARD, title: t('settings.grants.everyOther'), owned: true },
    ...entities.map((entity) => ({
      name: entity.name,
      title: label(entity.labelPlural, language),
      owned: entity.owned,
    })),
  ];
  const problem = problems[0];
  const scopeLabel = (scope: string) => t(`settings.grants.scopes.${scope as 'own' | 'team' | 'all'}`);

  return (
    <Input.Wrapper
      label={label(field.label, language)}
      description={t('settings.grants.description')}
      error={problem ? message(problem, 'json') : undefined}
      withAsterisk={field.required && editable}
    >
      <Table.ScrollContainer minWidth={760} mt="xs">
        <Table withTableBorder verticalSpacing={4} fz="sm" data-testid="grants-matrix">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.grants.entity')}</Table.Th>
              {ACTIONS.map((action) => (
                <Table.Th key={action}>{t(`settings.grants.actions.${action}`)}</Table.Th>
              ))}
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => {
              const ownEntry = row.name === WILDCARD || permissions[row.name] !== undefined;
              return (
                <Table.Tr key={row.name}>
                  <Table.Td>
                    <Text size="sm" fw={row.name === WILDCARD ? 600 : 400}>
                      {row.title}
                    </Text>
                    {!ownEntry && (
                      <Text size="xs" c="dimmed">
                        {t('settings.grants.inherited')}
                      </Text>
                    )}
                  </Table.Td>
                  {ACTIONS.map((action) => {
                    const cell = grantOf(permissions, row.name, action);
                    const offered = scopesFor(row.owned);
                    return (
                      <Table.Td key={action}>
                        <NativeSelect
                          size="xs"
                          miw={96}
                          aria-label={`${row.title}: ${t(`settings.grants.actions.${action}`)}`}
                          disabled={!editable}
                          value={cell.scope ?? ''}
                          styles={{
                            input: cell.inherited ? { color: 'var(--mantine-color-dimmed)' } : undefined,
                          }}
                          data={[
                            { value: '', label: t('settings.grants.none') },
                            // A scope set before (or by `*`) stays visible even where it grants nothing.
                            ...[...new Set([...offered, ...(cell.scope ? [cell.scope] : [])])].map(
                              (scope) => ({
                                value: scope,
                                label: scopeLabel(scope),
                              }),
                            ),
                          ]}
                          onChange={(event) =>
                            onChange(
                              setGrant(
                                permissions,
                                row.name,
                                action,
                                (event.currentTarget.value || null) as Parameters<typeof setGrant>[3],
                              ),
                            )
                          }
                        />
                      </Table.Td>
                    );
                  })}
                  <Table.Td>
                    {editable && row.name !== WILDCARD && ownEntry && (
                      <Tooltip label={t('settings.grants.inherit')}>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`${t('settings.grants.inherit')}: ${row.title}`}
                          onClick={() => onChange(inheritAll(permissions, row.name))}
                        >
                          <IconArrowBackUp size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Input.Wrapper>
  );
}
