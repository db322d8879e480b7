/** One benchmark figure with its target; `npm run bench` prints them in one table. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean;
}
