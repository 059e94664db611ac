import Big from 'big.js';
import { toCardinal as germanWords } from 'n2words/de-DE';
import { toCardinal as englishWords } from 'n2words/en-US';
import { minorUnits } from '../../shared/document-totals.js';

/**
 * An amount in words as documents print it: the whole units in words, the fraction as "/100" (so the words never
 * round; /1000 for currencies of three decimals), and the currency code: "one thousand two hundred thirty-four and 56/100 EUR",
 * "eintausendzweihundertvierunddreißig und 56/100 EUR". Words from n2words (German compounds as German writes
 * them); the amount is split as a decimal, never through floating point.
 */
export function amountInWords(amount: string, currency: string, language: 'en' | 'de'): string {
  const places = minorUnits(currency);
  const value = new Big(amount).abs().round(places, 1);
  const whole = value.round(0, 0);
  const fraction = value.minus(whole).times(new Big(10).pow(places)).toFixed(0);
  const words = (language === 'de' ? germanWords : englishWords)(BigInt(whole.toFixed(0)));
  const and = language === 'de' ? 'und' : 'and';
  const text =
    Number(fraction) === 0
      ? `${words} ${currency}`
      : `${words} ${and} ${fraction.padStart(places, '0')}/${10 ** places} ${currency}`;
  return language === 'de' ? text : text.charAt(0).toUpperCase() + text.slice(1);
}
