/** Small formatting helpers for the report. */

export function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const align = headers.map((_, i) => (i === 0 ? '---' : '---:'));
  return [line(headers), line(align), ...rows.map(line)].join('\n');
}

/** 12345.6 -> '12,346'; small numbers keep `digits` decimals. */
export function num(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function ms(n: number): string {
  return n < 10 ? `${n.toFixed(2)} ms` : n < 100 ? `${n.toFixed(1)} ms` : `${num(n)} ms`;
}

export function ratio(n: number): string {
  return n >= 10 ? `${n.toFixed(0)}×` : `${n.toFixed(2)}×`;
}

export function verdict(ok: boolean): string {
  return ok ? 'met' : '**not met**';
}

export function bytes(n: number): string {
  return `${num(n)} B`;
}
