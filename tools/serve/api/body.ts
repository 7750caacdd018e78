/**
 * A request's JSON body, capped: a `Content-Length` over the cap is refused before a byte is read, and a
 * body that grows past it while streaming in (chunked) is refused at that moment; the rest is drained,
 * never kept.
 */
import type { IncomingMessage } from 'node:http';
import { ApiError, badRequest } from './errors.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = (limit: number) => new ApiError(413, `The request body is larger than ${limit} bytes.`, { code: 'request_too_large' });

export async function readJson(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) {
    req.resume();
    throw tooLarge(limit);
  }
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Over the cap: stop keeping it and drain the rest (the socket stays usable for the answer).
      chunks.length = 0;
      req.off('data', onData);
      req.resume();
      reject(tooLarge(limit));
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw badRequest(`The request body is not valid JSON: ${(e as Error).message}`, null, 'invalid_json');
  }
}
