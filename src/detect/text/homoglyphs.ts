/**
 * Homoglyph folding: Cyrillic, Greek and other letters that look like Latin ones are mapped to the
 * Latin letter, so a keyword spelt with look-alikes ("іgnore" with a Cyrillic і) still matches.
 * Fullwidth and mathematical letters are left to NFKC, which folds them first.
 */

const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  а: "a",
  в: "b",
  е: "e",
  ё: "e",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  ѕ: "s",
  і: "i",
  ї: "i",
  ј: "j",
  ԁ: "d",
  ӏ: "l",
  ԛ: "q",
  ԝ: "w",
  ү: "y",
  һ: "h",
  ь: "b",
  ɡ: "g",
  ԍ: "g",
  А: "A",
  В: "B",
  Е: "E",
  К: "K",
  М: "M",
  Н: "H",
  О: "O",
  Р: "P",
  С: "C",
  Т: "T",
  Х: "X",
  У: "Y",
  І: "I",
  Ј: "J",
  Ѕ: "S",
  Ԛ: "Q",
  Ԝ: "W",
  Ү: "Y",
  Һ: "H",
  Ӏ: "I",
  Ԁ: "D",
  // Greek
  α: "a",
  ε: "e",
  ι: "i",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  γ: "y",
  ω: "w",
  Α: "A",
  Β: "B",
  Ε: "E",
  Ζ: "Z",
  Η: "H",
  Ι: "I",
  Κ: "K",
  Μ: "M",
  Ν: "N",
  Ο: "O",
  Ρ: "P",
  Τ: "T",
  Υ: "Y",
  Χ: "X",
  // Armenian, Latin extensions and IPA letters that pass for plain Latin
  օ: "o",
  ս: "u",
  ց: "g",
  ɑ: "a",
  ı: "i",
  ȷ: "j",
  ʏ: "y",
  ɩ: "i",
  ᴅ: "d",
  ꓲ: "I",
  ꓳ: "O",
  ꓚ: "C",
};

// Any confusable letter at all: text without one has nothing to fold.
const ANY_CONFUSABLE = new RegExp(
  `[${Object.keys(CONFUSABLES)
    .map((ch) => `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`)
    .join("")}]`,
  "u",
);
const LATIN_LETTER = /\p{Script=Latin}/u;
const LETTER = /\p{L}/u;
const WORD = /[\p{L}\p{M}]+/gu;

/** What folding changed. */
export interface HomoglyphFold {
  text: string;
  /** Words that mixed Latin letters with look-alikes, as they were written. */
  mixedWords: string[];
  /** Words written wholly in look-alikes inside otherwise Latin text, as they were written. */
  disguisedWords: string[];
}

function latinShare(text: string): number {
  let letters = 0;
  let latin = 0;
  for (const ch of text) {
    if (!LETTER.test(ch)) continue;
    letters += 1;
    if (LATIN_LETTER.test(ch)) latin += 1;
  }
  return letters === 0 ? 0 : latin / letters;
}

/** Maps every confusable letter of `word` to its Latin look-alike. */
export function foldWord(word: string): string {
  let out = "";
  for (const ch of word) out += CONFUSABLES[ch] ?? ch;
  return out;
}

/**
 * Folds look-alike letters to Latin where they disguise Latin words: in words that mix Latin
 * letters with look-alikes, and in words made only of look-alikes when the text around them is
 * mostly Latin. Genuine Cyrillic or Greek prose is left alone.
 */
export function foldHomoglyphs(text: string): HomoglyphFold {
  if (!/[\u0080-\uffff]/.test(text) || !ANY_CONFUSABLE.test(text)) {
    return { text, mixedWords: [], disguisedWords: [] };
  }
  const mostlyLatin = latinShare(text) >= 0.6;
  const mixedWords: string[] = [];
  const disguisedWords: string[] = [];
  const words = [...text.matchAll(WORD)];
  // A word of look-alikes next to a genuine non-Latin word is real Cyrillic or Greek prose.
  const genuine = (index: number): boolean => {
    const word = words[index]?.[0] ?? "";
    return [...word].some((ch) => LETTER.test(ch) && !LATIN_LETTER.test(ch) && CONFUSABLES[ch] === undefined);
  };
  let position = -1;
  const folded = text.replace(WORD, (word) => {
    position += 1;
    let confusable = 0;
    let latin = 0;
    let other = 0;
    for (const ch of word) {
      if (CONFUSABLES[ch] !== undefined) confusable += 1;
      else if (LATIN_LETTER.test(ch)) latin += 1;
      else if (LETTER.test(ch)) other += 1;
    }
    if (confusable === 0) return word;
    if (latin > 0 && other === 0) {
      mixedWords.push(word);
      return foldWord(word);
    }
    if (
      latin === 0 &&
      other === 0 &&
      mostlyLatin &&
      confusable >= 3 &&
      !genuine(position - 1) &&
      !genuine(position + 1)
    ) {
      disguisedWords.push(word);
      return foldWord(word);
    }
    return word;
  });
  return { text: folded, mixedWords, disguisedWords };
}
