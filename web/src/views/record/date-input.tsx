import { ActionIcon, TextInput, type TextInputProps } from '@mantine/core';
import { IconCalendar } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../app/i18n';
import { datePlaceholder, formatLocalDate, parseLocalDate } from './dates';
import { isDraft } from './form-values';
import { isoToLocalInput, localInputToIso } from './zoned-time';

interface DateInputProps extends Omit<TextInputProps, 'value' | 'onChange'> {
  /** "2026-12-31" (date), an ISO instant (with time), "" for none, or a draft being fixed. */
  value: unknown;
  onChange: (value: unknown) => void;
  language: Language;
  withTime: boolean;
  /** The user's time zone: date-times are typed and shown in it. */
  timeZone: string | undefined;
}

/**
 * A date or date-time typed in the user's language ("31.12.2026 14:30"), with the browser's calendar behind a
 * button. Date-times are wall-clock time in the user's time zone and stored as UTC instants.
 */
export function DateInput({ value, onChange, language, withTime, timeZone, ...props }: DateInputProps) {
  const { t } = useTranslation();
  const picker = useRef<HTMLInputElement>(null);
  const [typing, setTyping] = useState<string | null>(null);
  const stored = typeof value === 'string' ? value : '';
  const local = withTime ? isoToLocalInput(stored, timeZone) : stored;
  const shown = typing ?? (isDraft(value) ? value.draft : local ? formatLocalDate(local, language) : '');
  const accept = (canonical: string | null) => {
    if (canonical === null) return onChange('');
    onChange(withTime ? (localInputToIso(canonical, timeZone) ?? '') : canonical);
  };
  return (
    <TextInput
      {...props}
      value={shown}
      placeholder={datePlaceholder(language, withTime)}
      autoComplete="off"
      onFocus={() => setTyping(shown)}
      onBlur={() => setTyping(null)}
      onChange={(event) => {
        const text = event.currentTarget.value;
        setTyping(text);
        const parsed = parseLocalDate(text, language, withTime);
        if (parsed === undefined) onChange({ draft: text, code: 'format' });
        else accept(parsed);
      }}
      rightSection={
        <>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={t('record.calendar')}
            disabled={props.disabled}
            onClick={() => picker.current?.showPicker?.()}
          >
            <IconCalendar size={16} />
          </ActionIcon>
          {/* The browser's calendar, opened by the button; the text field stays what the user reads. */}
          <input
            ref={picker}
            type={withTime ? 'datetime-local' : 'date'}
            tabIndex={-1}
            aria-hidden
            value={local}
            onChange={(event) => {
              setTyping(null);
              accept(event.currentTarget.value || null);
            }}
            style={{ position: 'absolute', right: 0, bottom: 0, width: 1, height: 1, opacity: 0, border: 0 }}
          />
        </>
      }
    />
  );
}
