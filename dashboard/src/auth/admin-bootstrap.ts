/**
 * VIGIL_ADMIN_EMAIL + VIGIL_ADMIN_PASSWORD create the admin on start when there is no user yet,
 * for deployments that cannot click through the first-run setup. Never logs the address or the
 * password.
 */
import type { FastifyBaseLogger } from 'fastify';
import { ConfigError, type ConfigStore } from '@vigil/core/configdb/config-store';

export async function createAdminFromEnv(
  users: ConfigStore['users'],
  admin: { email?: string | undefined; password?: string | undefined },
  log: FastifyBaseLogger,
): Promise<boolean> {
  if (!admin.email || !admin.password) return false;
  if ((await users.count()) > 0) return false;
  try {
    await users.create(admin.email, admin.password);
  } catch (err) {
    // another instance starting at the same moment created it
    if (err instanceof ConfigError && err.code === 'conflict') return false;
    if (err instanceof ConfigError) throw new Error(`VIGIL_ADMIN_EMAIL / VIGIL_ADMIN_PASSWORD: ${err.message}`);
    throw err;
  }
  log.info('created the admin account from VIGIL_ADMIN_EMAIL and VIGIL_ADMIN_PASSWORD');
  return true;
}
