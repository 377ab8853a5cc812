/** Progress lines on stderr, so stdout carries only the report. */
const started = Date.now();

export function progress(section: string, message: string): void {
  const elapsed = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[bench ${elapsed}s] ${section}: ${message}\n`);
}
