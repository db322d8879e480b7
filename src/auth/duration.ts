const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const MAX_SECONDS = 3650 * 86_400;

/**
 * Parses a duration such as `90s`, `15m`, `12h`, `30d` or `2w` into seconds.
 * @throws naming the value when it is not a positive whole number with one of those units, or exceeds ten years.
 * @example parseDuration("30d") // 2592000
 */
export function parseDuration(text: string): number {
  const match = /^(\d{1,6})([smhdw])$/.exec(text.trim());
  const unit = match?.[2];
  if (!match || unit === undefined) {
    throw new Error(
      `"${text}" is not a duration: use a whole number and a unit s, m, h, d or w (for example 30d)`,
    );
  }
  const seconds = Number(match[1]) * (UNIT_SECONDS[unit] ?? 0);
  if (seconds <= 0) throw new Error(`duration "${text}" must be longer than zero`);
  if (seconds > MAX_SECONDS) throw new Error(`duration "${text}" is longer than the ten years allowed`);
  return seconds;
}
