/** The browser sections serve the built Next.js dashboard: build it first when its sources changed, as `npm start` does. */
import { runToEnd } from './child.ts';
import { ROOT } from './paths.ts';
import { progress } from './progress.ts';

export async function ensureDashboardBuilt(section: string): Promise<void> {
  progress(section, 'building the dashboard if its sources changed (npm run build:if-stale)');
  await runToEnd('npm', ['run', 'build:if-stale', '--workspace', '@vigil/dashboard', '--silent'], { cwd: ROOT });
}
