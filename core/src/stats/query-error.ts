/**
 * A stats query the caller got wrong (bad filter, bad range): a 400 with a message naming the
 * problem, never a 500.
 */
import { HttpError } from '../http/errors.ts';

export class QueryError extends HttpError {
  constructor(message: string) {
    super(400, message);
    this.name = 'QueryError';
  }
}
