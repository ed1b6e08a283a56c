/** A document that cannot be imported: a Vietnamese message for the user, an English one for logs. */
export class ImportError extends Error {
  constructor(
    readonly code: 'unreadable' | 'unsupported' | 'empty' | 'too-large' | 'no-appendix',
    readonly messageVi: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}
