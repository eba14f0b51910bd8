/** Money in gate messages and tables. */
import { formatNumber, formatUsd } from '../units/format.js';

/** "$1,234.50" for USD; "1,234.5 EUR" for other currencies. */
export function money(amount: number, currency: string): string {
  return currency === 'USD' ? formatUsd(amount) : `${formatNumber(amount)} ${currency}`;
}
