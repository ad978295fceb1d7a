import { RequestRejected } from './RequestRejected.ts';
import { searchParamsToRecord } from './searchParams.ts';

/** `IApiRequest.content`: JSON for JSON, fields for forms, else the text; `undefined` when empty. */
export function parseContent(contentType: string | undefined, body: Buffer): unknown {
  if (body.length === 0) {
    return undefined;
  }
  const text = body.toString('utf8');
  const mime = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mime === 'application/json' || mime.endsWith('+json')) {
    try {
      return JSON.parse(text);
    } catch {
      throw new RequestRejected(400, 'invalid_json');
    }
  }
  if (mime === 'application/x-www-form-urlencoded') {
    return searchParamsToRecord(new URLSearchParams(text));
  }
  return text;
}
