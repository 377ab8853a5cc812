/**
 * A Lua script run by hash (EVALSHA), loaded on first use and again after a Redis restart
 * (which empties the script cache). Scripts make read-modify-write steps atomic across processes.
 */
import { createHash } from 'node:crypto';
import { ErrorReply } from '@redis/client';
import type { RedisClient } from './redis-connection.ts';

export class LuaScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: RedisClient, keys: string[], args: (string | number)[]): Promise<unknown> {
    const options = { keys, arguments: args.map(String) };
    try {
      return await client.evalSha(this.sha, options);
    } catch (e) {
      if (!(e instanceof ErrorReply) || !e.message.startsWith('NOSCRIPT')) throw e;
      return client.eval(this.source, options);
    }
  }
}
