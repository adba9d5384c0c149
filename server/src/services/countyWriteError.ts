/** A county write refused for a reason staff can act on; nothing was changed. */
export class CountyWriteError extends Error {
  override name = 'CountyWriteError';
  constructor(
    readonly code: 'UNKNOWN_CASE' | 'AMBIGUOUS_RECEIPT' | 'ILLEGAL_TRANSITION' | 'REASON_REQUIRED' | 'UNKNOWN_TICKET' | 'AMBIGUOUS_TICKET',
    message: string,
  ) {
    super(message);
  }
}
