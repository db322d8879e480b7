const ENCODED_RUN = /(?:%[0-9a-fA-F]{2})+/g;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decodes one layer of percent-encoding. Sequences that are not `%` plus two hex digits stay as
 * they are; byte runs that are not valid UTF-8 (overlong forms such as `%c0%ae` included) make the
 * result undefined, because different decoders disagree about them.
 *
 * @example percentDecodeOnce("/a%2Fb") // "/a/b"
 */
export function percentDecodeOnce(text: string): string | undefined {
  if (!text.includes("%")) return text;
  let invalid = false;
  const decoded = text.replace(ENCODED_RUN, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    try {
      return strictUtf8.decode(bytes);
    } catch {
      invalid = true;
      return run;
    }
  });
  return invalid ? undefined : decoded;
}
