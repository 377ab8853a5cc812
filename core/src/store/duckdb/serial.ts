/** Runs async tasks one at a time: a DuckDB connection takes one statement at a time. */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  /** tasks queued or running */
  private queued = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    this.queued++;
    const result = this.tail.then(task, task).finally(() => this.queued--);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** nothing runs and nothing waits */
  idle(): boolean {
    return this.queued === 0;
  }
}
