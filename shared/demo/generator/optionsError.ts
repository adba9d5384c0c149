/** Options the generator cannot honour (a size out of range, a budget past the field limit): the caller's to fix. */
export class DemoOptionsError extends RangeError {
  override name = 'DemoOptionsError';
}
