/**
 * Country codes as people read them: a name, and a flag as text. The flag is the ISO code in a
 * badge rather than regional-indicator emoji, which many systems (Windows, Linux without an emoji
 * font) draw as bare boxes.
 */

const names = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'region' }) : null;

export function countryFlag(code: string): string {
  return /^[A-Za-z]{2}$/.test(code) ? code.toUpperCase() : '–';
}

export function countryName(code: string): string {
  if (!/^[A-Za-z]{2}$/.test(code)) return code || 'Unknown';
  try {
    return names?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
