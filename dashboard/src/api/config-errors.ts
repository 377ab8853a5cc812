/** What the config store refuses, as the API answers it: invalid 400, conflict 409, missing 404. */
import { ConfigError } from '@vigil/core/configdb/config-store';
import { HttpError } from '@vigil/core/http/errors';

const STATUS: Record<ConfigError['code'], number> = { invalid: 400, conflict: 409, not_found: 404 };

export async function asHttpErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ConfigError) throw new HttpError(STATUS[err.code], err.message);
    throw err;
  }
}
