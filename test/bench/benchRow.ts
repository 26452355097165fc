/** One line of the benchmark table: our time against a reference tool's, side by side in one run. */
export interface BenchRow {
  readonly name: string;
  /** Our median, in `unit`. */
  readonly ours: number;
  /** The reference's median, in `unit`. */
  readonly reference: number;
  readonly referenceName: string;
  readonly unit: 'ms';
  /** ours / reference: below 1 is faster than the reference. */
  readonly ratio: number;
}
