/** One answer of `GET /api/v1/processes/:namespec/logs/:channel`, as far as the page needs it. */
export interface LogTailAnswer {
  /** supervisord's window: the end of the log up to `offset`, at most the length asked for. */
  bytes: string;
  /** Size of the log file: where to ask from next time. */
  offset: number;
  /** More was written since the offset asked for than the length asked for: `bytes` is its end. */
  overflow: boolean;
  /** The instance whose log it is (the one that runs, or last ran, the process). */
  instance: string;
}

/** What a log panel shows and where it asks from next. */
export interface LogView {
  text: string;
  /** The offset for the next request; 0 asks for the end of the log. */
  offset: number;
  /** Whose log `text` is; null before the first answer. */
  instance: string | null;
  /** Output before `text` exists but is not shown (too much at once, or cut to the limit). */
  truncated: boolean;
}

export interface LogTailStep {
  view: LogView;
  /** The answer could not be appended (another instance, a shorter log): ask again at once from 0. */
  askAgain: boolean;
}

export const EMPTY_LOG_VIEW: LogView = { text: '', offset: 0, instance: null, truncated: false };

/** The page keeps this much of a log; older lines go. */
export const MAX_LOG_CHARS = 200_000;

/** Put between two pieces of a log when the server skipped what was written between them. */
export const LOG_GAP = '\n[…]\n';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Adds one tail answer to what the panel shows. supervisord answers an offset with the *last*
 * `length` bytes of the log (which may repeat what was already read) and the log's size, so the
 * new part is the last (size − previous offset) bytes of the answer.
 */
export function appendLogTail(view: LogView, answer: LogTailAnswer): LogTailStep {
  if (view.instance === null) {
    return {
      view: limit({
        text: answer.bytes,
        offset: answer.offset,
        instance: answer.instance,
        truncated: answer.overflow,
      }),
      askAgain: false,
    };
  }
  // The process moved to another instance, or the log was cleared or rotated: the offset asked
  // for meant nothing in the file that answered.
  if (answer.instance !== view.instance || answer.offset < view.offset) {
    return { view: { ...EMPTY_LOG_VIEW }, askAgain: true };
  }
  if (answer.overflow) {
    return {
      view: limit({ ...view, text: `${view.text}${LOG_GAP}${answer.bytes}`, offset: answer.offset }),
      askAgain: false,
    };
  }
  const added = answer.offset - view.offset;
  if (added === 0) return { view, askAgain: false };
  return {
    view: limit({ ...view, text: view.text + lastBytes(answer.bytes, added), offset: answer.offset }),
    askAgain: false,
  };
}

/** The last `count` UTF-8 bytes of a string. */
function lastBytes(text: string, count: number): string {
  const bytes = encoder.encode(text);
  if (count >= bytes.length) return text;
  return decoder.decode(bytes.subarray(bytes.length - count));
}

/** Keeps the end of a long log, from a line start when there is one near the cut. */
function limit(view: LogView): LogView {
  if (view.text.length <= MAX_LOG_CHARS) return view;
  const cut = view.text.length - MAX_LOG_CHARS;
  const lineStart = view.text.indexOf('\n', cut);
  const from = lineStart === -1 || lineStart - cut > 1_000 ? cut : lineStart + 1;
  return { ...view, text: view.text.slice(from), truncated: true };
}
