import { Anchor, Group, Paper, Text } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { type CSSProperties, type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { recordHref } from '../../views/record/record-href';
import type { ConversionCandidate } from './convert-request';
import './texts';

/** The building blocks of the convert dialog's sections: a titled panel, choices, look-alikes as links. */

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Text fw={600} mb="xs">
        {title}
      </Text>
      {children}
    </Paper>
  );
}

/** Which keys a look-alike shares ("Same company"), in the user's language. */
export function useMatchText() {
  const { t } = useTranslation();
  const keys: Record<string, string> = t('record.duplicates.keys', { returnObjects: true });
  return (matches: string[]) =>
    matches.length
      ? t('record.duplicates.sameAs', { keys: matches.map((key) => keys[key] ?? key).join(', ') })
      : '';
}

/** A look-alike's title as a link that opens it beside the dialog (a new tab keeps the choices made). */
export function CandidateLink({ candidate, path }: { candidate: ConversionCandidate; path: string }) {
  const { t } = useTranslation('leads');
  return (
    <Anchor
      href={recordHref(path, candidate.id)}
      target="_blank"
      rel="noopener"
      size="sm"
      title={t('convert.opensInNewTab')}
    >
      <Group gap={4} wrap="nowrap" component="span">
        {candidate.title}
        <IconExternalLink size={14} aria-hidden />
      </Group>
    </Anchor>
  );
}

const CHOICE: CSSProperties = { display: 'flex', gap: 10, alignItems: 'flex-start' };
const RADIO: CSSProperties = {
  width: 18,
  height: 18,
  margin: '1px 0 0',
  flex: 'none',
  accentColor: 'var(--mantine-primary-color-filled)',
};

/**
 * One choice of a group (the inputs share `name`, so arrow keys move between them). A native radio rather than
 * Mantine's: the merge dialog's chunk holds that one, and sharing it would split the chunk and cost the first
 * load of the list (scripts/check-bundle-size.mjs) more than this does.
 */
export function Choice(props: {
  name: string;
  value: string;
  selected: string;
  onSelect: (value: string) => void;
  label: ReactNode;
  description?: ReactNode;
}) {
  const id = useId();
  return (
    <div style={CHOICE}>
      <input
        type="radio"
        id={id}
        name={props.name}
        value={props.value}
        checked={props.selected === props.value}
        onChange={() => props.onSelect(props.value)}
        aria-describedby={props.description ? `${id}-description` : undefined}
        style={RADIO}
      />
      <div>
        <Text component="label" htmlFor={id} size="sm" display="block" style={{ cursor: 'pointer' }}>
          {props.label}
        </Text>
        {props.description && (
          <Text id={`${id}-description`} size="xs" c="dimmed">
            {props.description}
          </Text>
        )}
      </div>
    </div>
  );
}

/** The look-alikes as choices: the title names the choice; what they share and a link to open them below it. */
export function CandidateChoices(props: {
  name: string;
  candidates: ConversionCandidate[];
  path: string;
  selected: string;
  onSelect: (value: string) => void;
}) {
  const { t } = useTranslation('leads');
  const matchText = useMatchText();
  return props.candidates.map((candidate) => (
    <Choice
      key={candidate.id}
      name={props.name}
      value={candidate.id}
      selected={props.selected}
      onSelect={props.onSelect}
      label={candidate.title}
      description={
        <Group gap={6} component="span">
          {matchText(candidate.matches)}
          <Anchor
            href={recordHref(props.path, candidate.id)}
            target="_blank"
            rel="noopener"
            size="xs"
            title={t('convert.opensInNewTab')}
          >
            <Group gap={2} wrap="nowrap" component="span">
              {t('convert.open')}
              <IconExternalLink size={12} aria-hidden />
            </Group>
          </Anchor>
        </Group>
      }
    />
  ));
}
