import { describe, expect, it } from 'vitest';
import { mathOf, mathSpans, nextSegment, percentAfter, undoDoubleEscape } from './spans.js';

describe('math segments', () => {
  it('finds $…$, $$…$$, \\(…\\) and \\[…\\] with their positions, bodies trimmed', () => {
    expect(mathSpans('a $x$ b')).toEqual([{ body: 'x', start: 2, end: 5 }]);
    expect(mathSpans('$$x$$')).toEqual([{ body: 'x', start: 0, end: 5 }]);
    expect(mathSpans('\\[ 8 \\] and \\( 9 \\)')).toEqual([
      { body: '8', start: 0, end: 7 },
      { body: '9', start: 12, end: 19 },
    ]);
    expect(mathSpans('x\\(1\\) $2$ \\[3\\]')).toEqual([
      { body: '1', start: 1, end: 6 },
      { body: '2', start: 7, end: 10 },
      { body: '3', start: 11, end: 16 },
    ]);
    expect(mathSpans('$1$$2$')).toEqual([
      { body: '1', start: 0, end: 3 },
      { body: '2', start: 3, end: 6 },
    ]);
  });

  it('lets display math span lines, never inline math', () => {
    expect(mathSpans('\\[a\nb\\]')).toEqual([{ body: 'a\nb', start: 0, end: 7 }]);
    expect(mathSpans('$$a\nb$$')).toEqual([{ body: 'a\nb', start: 0, end: 7 }]);
    expect(mathSpans('\\(a\nb\\)')).toEqual([]);
    expect(mathSpans('$a\nb$ $c$')).toEqual([]);
    expect(nextSegment('$a\nb$', 0)).toEqual({ body: '', end: 1 });
  });

  it('reads \\$ as a dollar sign, inside math and out', () => {
    expect(mathSpans('$\\$5$')).toEqual([{ body: '\\$5', start: 0, end: 5 }]);
    expect(mathSpans('\\$5 and $6$')).toEqual([{ body: '6', start: 8, end: 11 }]);
    expect(mathSpans('\\$')).toEqual([]);
    expect(nextSegment('$\\$$', 0)).toEqual({ body: '\\$', end: 4 });
  });

  it('reads a doubled backslash before a delimiter as a LaTeX line break, so later math is still found', () => {
    expect(mathSpans('a \\\\[2pt] b $x = 5$')).toEqual([{ body: 'x = 5', start: 12, end: 19 }]);
    expect(mathSpans('\\\\(x\\)')).toEqual([]);
    expect(mathSpans('\\\\$5$')).toEqual([{ body: '5', start: 2, end: 5 }]);
    expect(mathSpans('\\\\\\$5')).toEqual([]);
    expect(mathSpans('\\\\\\(x\\)')).toEqual([{ body: 'x', start: 2, end: 7 }]);
  });

  it('closes \\(…\\) at a \\) that follows a backslash (only $ has an escaped form)', () => {
    expect(mathSpans('\\(a\\\\)')).toEqual([{ body: 'a\\', start: 0, end: 6 }]);
  });

  it('skips empty segments and stops at one that never closes', () => {
    expect(mathSpans('$ $ $y$')).toEqual([{ body: 'y', start: 4, end: 7 }]);
    expect(mathSpans('a $$ b')).toEqual([]);
    expect(mathSpans('$x')).toEqual([]);
    expect(nextSegment('$x', 0)).toBeNull();
    expect(nextSegment('x', 0)).toBeNull();
    expect(nextSegment('\\(x\\)', 0)).toEqual({ body: 'x', end: 5 });
    expect(nextSegment('\\[x\\]', 0)).toEqual({ body: 'x', end: 5 });
  });

  it('mathOf keeps a single segment, the value when there is none or words join several', () => {
    expect(mathOf('$5$')).toBe('5');
    expect(mathOf('\\(7\\)')).toBe('7');
    expect(mathOf('  y  ')).toBe('y');
    expect(mathOf('$5$ organ')).toBe('5');
    expect(mathOf('$5$ and $6$')).toBe('$5$ and $6$');
    expect(mathOf('$5$ or so')).toBe('$5$ or so');
    expect(mathOf('$5$, $6$')).toBe('$5$, $6$');
    // The delimiters go before the word check: `5and` is one word, not "and".
    expect(mathOf('\\(5\\)and')).toBe('5');
    expect(mathOf('$5$or')).toBe('5');
  });
});

describe('raw-text clean-ups', () => {
  it('undoes double escaping of known commands only', () => {
    expect(undoDoubleEscape('\\\\frac{1}{2}')).toBe('\\frac{1}{2}');
    expect(undoDoubleEscape('\\\\left(')).toBe('\\left(');
    expect(undoDoubleEscape('\\\\pi')).toBe('\\pi');
    expect(undoDoubleEscape('\\\\\\frac')).toBe('\\\\\\frac');
    expect(undoDoubleEscape('\\\\fracx')).toBe('\\\\fracx');
    expect(undoDoubleEscape('\\\\ 1')).toBe('\\\\ 1');
    expect(undoDoubleEscape('a\\\\b')).toBe('a\\\\b');
    expect(undoDoubleEscape('\\\\frac{1}{\\\\sqrt{2}}')).toBe('\\frac{1}{\\sqrt{2}}');
  });

  it('sees a percent sign or word right after an index', () => {
    expect(percentAfter('28 %', 2)).toBe(true);
    expect(percentAfter('$28$ %', 4)).toBe(true);
    expect(percentAfter('x $$ %', 1)).toBe(true);
    expect(percentAfter('x \\%', 1)).toBe(true);
    expect(percentAfter('x percent', 1)).toBe(true);
    expect(percentAfter('x percentage', 1)).toBe(true);
    expect(percentAfter('x PCT', 1)).toBe(true);
    expect(percentAfter('x percents', 1)).toBe(false);
    expect(percentAfter(`x${' '.repeat(20)}%`, 1)).toBe(false);
    expect(percentAfter('28 and 5%', 2)).toBe(false);
    expect(percentAfter('$28$%', 3)).toBe(true);
  });
});
