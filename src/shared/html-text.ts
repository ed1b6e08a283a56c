/**
 * Text as HTML that reads as that text: in an element's content or a quoted attribute value. The one escaping of the
 * client and the server (the appendix grid's markup, the charts' tooltips).
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/gu, (c) => ESCAPES[c]!);
