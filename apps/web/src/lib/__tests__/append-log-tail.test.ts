import { describe, expect, it } from 'vitest';
import {
  appendLogTail,
  EMPTY_LOG_VIEW,
  LOG_GAP,
  MAX_LOG_CHARS,
  type LogTailAnswer,
  type LogView,
} from '../append-log-tail';

const onN1 = (text: string, offset: number, truncated = false): LogView => ({
  text,
  offset,
  instance: 'n1',
  truncated,
});
const answer = (bytes: string, offset: number, overflow = false, instance = 'n1'): LogTailAnswer => ({
  bytes,
  offset,
  overflow,
  instance,
});

describe('appendLogTail, following supervisord’s tail answers', () => {
  it.each([
    {
      name: 'first answer, short log: the whole log',
      view: EMPTY_LOG_VIEW,
      answer: answer('one\ntwo\n', 8),
      expected: { view: onN1('one\ntwo\n', 8), askAgain: false },
    },
    {
      name: 'first answer, log longer than asked: its end, earlier output marked as not shown',
      view: EMPTY_LOG_VIEW,
      answer: answer('the end\n', 90_000, true),
      expected: { view: onN1('the end\n', 90_000, true), askAgain: false },
    },
    {
      name: 'first answer, no log file yet: nothing, asked again from 0 next time',
      view: EMPTY_LOG_VIEW,
      answer: answer('', 0),
      expected: { view: onN1('', 0), askAgain: false },
    },
    {
      name: 'nothing new: the same view',
      view: onN1('one\n', 4),
      answer: answer('', 4),
      expected: { view: onN1('one\n', 4), askAgain: false },
    },
    {
      name: 'new lines, the window repeating what was read: only the new part is added',
      view: onN1('one\ntwo\n', 8),
      answer: answer('one\ntwo\nthree\n', 14),
      expected: { view: onN1('one\ntwo\nthree\n', 14), askAgain: false },
    },
    {
      name: 'new part counted in bytes, not characters',
      view: onN1('é\n', 3),
      answer: answer('é\nnaïve\n', 10),
      expected: { view: onN1('é\nnaïve\n', 10), askAgain: false },
    },
    {
      name: 'more written than asked for: a gap, then the end',
      view: onN1('old\n', 4),
      answer: answer('newest\n', 50_000, true),
      expected: { view: onN1(`old\n${LOG_GAP}newest\n`, 50_000), askAgain: false },
    },
    {
      name: 'log cleared or rotated (shorter than before): start over at once',
      view: onN1('a long log\n', 11),
      answer: answer('', 3),
      expected: { view: EMPTY_LOG_VIEW, askAgain: true },
    },
    {
      name: 'the process now runs on another instance: start over at once on its log',
      view: onN1('from n1\n', 8),
      answer: answer('from n1\nfrom n2\n', 16, false, 'n2'),
      expected: { view: EMPTY_LOG_VIEW, askAgain: true },
    },
  ])('$name', ({ view, answer: tail, expected }) => {
    expect(appendLogTail(view, tail)).toEqual(expected);
  });

  it('keeps the end of a log over the limit, from a line start', () => {
    const line = `${'x'.repeat(99)}\n`;
    const long = line.repeat(MAX_LOG_CHARS / line.length);
    const { view } = appendLogTail(onN1(long, long.length), answer(`${long}last line\n`, long.length + 10));
    expect(view.text.length).toBeLessThanOrEqual(MAX_LOG_CHARS);
    expect(view.text.endsWith('last line\n')).toBe(true);
    expect(view.text.startsWith('x')).toBe(true);
    expect(view.truncated).toBe(true);
  });
});
