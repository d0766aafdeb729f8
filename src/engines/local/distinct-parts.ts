import pl from 'nodejs-polars';

/**
 * The rows of a `buckets: distinct` table as the buckets of users produce them (time: one row per start time, a
 * start time shared by users of different buckets). Made distinct whenever the held rows double, so what is held
 * stays near the distinct count however many buckets run, at an amortised cost of one more pass over the rows.
 */
export class DistinctParts {
  private frames: pl.DataFrame[] = [];
  private rows = 0;
  private distinctRows = 0;

  add(frame: pl.DataFrame): void {
    this.frames.push(frame);
    this.rows += frame.height;
    if (this.rows > 2 * Math.max(this.distinctRows, 100_000)) this.compact();
  }

  /** Every row added, each once (one bucket's frame is distinct already: its model's DISTINCT made it so). */
  all(): pl.DataFrame {
    if (this.frames.length > 1) this.compact();
    return this.frames[0];
  }

  private compact(): void {
    const distinct = pl.concat(this.frames, { how: 'vertical', rechunk: false }).unique();
    this.frames = [distinct];
    this.rows = this.distinctRows = distinct.height;
  }
}
