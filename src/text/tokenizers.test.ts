import { describe, expect, it } from 'vitest';
import { pyRstrip, pySplit, pyStrip } from './python-str.js';
import { isZhChar, tokenize13a, tokenizeChar, tokenizeIntl, tokenizeNone, tokenizeZh } from './tokenizers.js';

describe('Python str semantics', () => {
  it('splits on Python whitespace, not JS \\s', () => {
    expect(pySplit('  a\tb\u00a0c\u001fd\u0085e  ')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(pySplit('a\ufeffb')).toEqual(['a\ufeffb']); // BOM is JS whitespace but not Python's
    expect(pySplit('')).toEqual([]);
    expect(pyStrip('\u3000x\u2028')).toBe('x');
    expect(pyRstrip(' x \n')).toBe(' x');
  });
});

describe('13a (sacreBLEU Tokenizer13a)', () => {
  it('matches the vector in paper-methods §7 (checked against sacreBLEU)', () => {
    expect(tokenize13a('Hello, world. It costs $3.50 - 2-3 items!').join(' ')).toBe(
      'Hello , world . It costs $ 3.50 - 2 - 3 items !',
    );
  });

  it('unescapes four entities, drops <skipped>, joins hyphenated lines', () => {
    expect(tokenize13a('Tom &amp; Jerry &lt;b&gt; &quot;x&quot; &apos;')).toEqual([
      'Tom',
      '&',
      'Jerry',
      '<',
      'b',
      '>',
      '"',
      'x',
      '"',
      '&',
      'apos',
      ';',
    ]);
    expect(tokenize13a('a <skipped> long-\nword\nnext')).toEqual(['a', 'longword', 'next']);
  });

  it('keeps numbers with . and , together, splits them elsewhere', () => {
    expect(tokenize13a('1,000.5 and 3. end,')).toEqual(['1,000.5', 'and', '3', '.', 'end', ',']);
    expect(tokenize13a("don't e.g. U.S.")).toEqual(["don't", 'e', '.', 'g', '.', 'U', '.', 'S', '.']);
  });
});

describe('other sacreBLEU tokenizers', () => {
  it('intl splits Unicode punctuation and symbols, except punctuation inside numbers', () => {
    expect(tokenizeIntl('“Hi”… 3.5€ a-b')).toEqual(['“', 'Hi', '”', '…', '3.5', '€', 'a', '-', 'b']);
  });

  it('char makes every non-space code point a token (emoji stay whole)', () => {
    expect(tokenizeChar('ab 🙂c')).toEqual(['a', 'b', '🙂', 'c']);
  });

  it('none splits on whitespace only', () => {
    expect(tokenizeNone(' a,b  c ')).toEqual(['a,b', 'c']);
  });

  it('zh splits CJK characters, then applies 13a regexps without unescaping', () => {
    expect(tokenizeZh('模型 奖励很好。')).toEqual(['模', '型', '奖', '励', '很', '好', '。']);
    expect(tokenizeZh('a &amp; b')).toEqual(['a', '&', 'amp', ';', 'b']);
  });

  it('zh reproduces sacreBLEU range quirks: U+2001..U+2A6D are split, Extension B is not', () => {
    expect(isZhChar(0x201c)).toBe(true); // “ falls in the misread "\u20000" range
    expect(isZhChar(0x2000)).toBe(false);
    expect(isZhChar(0x20000)).toBe(false);
    expect(tokenizeZh('“quoted” text…')).toEqual(['“', 'quoted', '”', 'text', '…']);
  });
});
