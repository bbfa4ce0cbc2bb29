/**
 * Reads the first bytes of a stream without losing them: the head is returned for
 * inspection, and `whole` yields the head and then the rest, unread, for the store.
 */
import { Readable } from 'node:stream';

export interface StreamHead {
  readonly head: Buffer;
  readonly whole: Readable;
}

export function readHead(source: Readable, size: number): Promise<StreamHead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const done = (ended: boolean) => {
      source.off('data', onData).off('end', onEnd).off('error', onError);
      const head = Buffer.concat(chunks);
      async function* rest() {
        yield head;
        if (!ended) for await (const chunk of source) yield chunk as Buffer;
      }
      const whole = Readable.from(rest(), { objectMode: false });
      // The multipart stream reports a cut at the size limit on itself: keep it visible to the store.
      Object.defineProperty(whole, 'truncated', { get: () => (source as { truncated?: boolean }).truncated === true });
      resolve({ head: head.subarray(0, size), whole });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= size) {
        source.pause();
        done(false);
      }
    };
    const onEnd = () => done(true);
    const onError = (err: Error) => {
      source.off('data', onData).off('end', onEnd);
      reject(err);
    };
    source.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

/** Reads a stream to its end and throws nothing: for a refused upload, so the request can finish. */
export function discard(stream: Readable): void {
  stream.on('error', () => {});
  stream.resume();
}
