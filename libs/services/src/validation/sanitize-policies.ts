import type { IOptions } from 'sanitize-html';

/**
 * `strict` (the default): light formatting and http(s)/mailto links; no scripts, styles, event handlers, frames,
 * forms, media or inline CSS. `text`: no markup at all (text kept, HTML special characters escaped).
 */
export type SanitizePolicyName = 'strict' | 'text';

export const SANITIZE_POLICIES: Readonly<Record<SanitizePolicyName, IOptions>> = Object.freeze({
  strict: {
    allowedTags: ['a', 'b', 'i', 'em', 'strong', 'u', 'p', 'br', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre'],
    allowedAttributes: { a: ['href', 'title'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: {},
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    enforceHtmlBoundary: false,
  },
  text: {
    allowedTags: [],
    allowedAttributes: {},
    disallowedTagsMode: 'discard',
  },
});
