/**
 * The report of a client function's failure (fuzzClient, mockServer): the
 * spec's human report, then the conversation of the failing run as it
 * crossed the wire, so the function's error reads beside what it was sent.
 */
import { indent } from '../bytes';
import type { Conversation } from '../peer/client';
import type { Spec } from '../spec/types';
import { formatConversation, LEGEND } from '../transcript/format-transcript';
import { stepLinesOf } from '../transcript/write-transcript';

/** Results made by fuzzClient and mockServer: their reports carry the conversation. */
const inProcess = new WeakSet();

export function markInProcess<R extends object>(result: R): R {
  inProcess.add(result);
  return result;
}

export function isInProcess(result: object): boolean {
  return inProcess.has(result);
}

/** Every connection's conversation in words, under a legend. */
export function conversationReport(conversations: readonly Conversation[], spec: Spec | undefined): string {
  if (conversations.length === 0) return indent('the conversation: no client connected');
  const stepLines = spec ? stepLinesOf(spec) : undefined;
  const parts = conversations.map((c, i) => {
    const title = conversations.length > 1 ? `connection ${c.connection ?? i + 1}` : 'the conversation';
    const text = formatConversation({
      events: c.transcript.events,
      ...(c.failure ? { failure: c.failure } : {}),
      notRun: c.notRun,
      dropped: c.transcript.dropped,
      ...(stepLines ? { stepLines } : {}),
    });
    return `${title} (${LEGEND}):\n${indent(text, '  ')}`;
  });
  return indent(parts.join('\n'));
}
