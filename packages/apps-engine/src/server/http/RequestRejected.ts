/** An inbound request the host answers itself with `status` and `{ "error": code }`. */
export class RequestRejected extends Error {
  override readonly name = 'RequestRejected';

  constructor(
    readonly status: number,
    readonly code: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(code);
  }
}
