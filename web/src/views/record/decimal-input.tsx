import { TextInput, type TextInputProps } from '@mantine/core';
import { useState } from 'react';
import type { Language } from '../../app/i18n';
import { isDraft } from './form-values';
import { formatDecimal, parseDecimal } from './numbers';

interface DecimalInputProps extends Omit<TextInputProps, 'value' | 'onChange'> {
  /** A canonical decimal ("1234.5"), "" for none, or a draft the user is still fixing. */
  value: unknown;
  onChange: (value: unknown) => void;
  language: Language;
  /** Money shows cents ("1.234,50"). */
  minFraction?: number;
}

/**
 * A number typed the way the user's language writes it ("1.234,56" in German), kept as a canonical decimal
 * string so money never passes through floating point. What cannot be read stays in the field as typed and
 * is reported at the field when saving.
 */
export function DecimalInput({ value, onChange, language, minFraction = 0, ...props }: DecimalInputProps) {
  const [typing, setTyping] = useState<string | null>(null);
  const shown =
    typing ??
    (isDraft(value)
      ? value.draft
      : typeof value === 'string' && value
        ? formatDecimal(value, language, { minFraction })
        : '');
  return (
    <TextInput
      {...props}
      inputMode="decimal"
      autoComplete="off"
      value={shown}
      onFocus={() => setTyping(shown)}
      onBlur={() => setTyping(null)}
      onChange={(event) => {
        const text = event.currentTarget.value;
        setTyping(text);
        const parsed = parseDecimal(text, language);
        onChange(parsed === undefined ? { draft: text, code: 'number' } : (parsed ?? ''));
      }}
    />
  );
}
