/**
 * One value per content generation (the response cache's `generation`, which moves on whenever
 * content readers can see changes): computed by the first request after a change, shared by every
 * request that arrives while it is being computed, and kept until the generation moves on.
 *
 * A value whose computation overlapped a change may hold the old content: it is handed to the
 * requests that were already waiting for it, but never kept, and a request arriving after the change
 * starts a computation of its own.
 */
export class PerGeneration<T> {
  private kept: { generation: number; value: T } | undefined;
  private computing: { generation: number; value: Promise<T> } | undefined;

  constructor(
    private readonly currentGeneration: () => number,
    private readonly compute: () => Promise<T>,
  ) {}

  get(): Promise<T> {
    const generation = this.currentGeneration();
    if (this.kept !== undefined) {
      if (this.kept.generation === generation) return Promise.resolve(this.kept.value);
      this.kept = undefined;
    }
    if (this.computing?.generation === generation) return this.computing.value;

    const computing = { generation, value: Promise.resolve().then(this.compute) };
    this.computing = computing;
    computing.value
      .then(
        (value) => {
          if (this.currentGeneration() === generation) this.kept = { generation, value };
        },
        // The requests waiting for it get the error; the next one tries again.
        () => undefined,
      )
      .finally(() => {
        if (this.computing === computing) this.computing = undefined;
      });
    return computing.value;
  }
}
