/**
 * Calendar months as the API names them (YYYY-MM), counted from January of year 0 so that month arithmetic is
 * integer arithmetic. Shared by the forecast's server and its page.
 */
export const monthIndex = (month: string): number =>
  Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

export const monthOf = (index: number): string =>
  `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
