/**
 * Escaping for the markup formats (report.html, junit.xml). Task names come
 * from manifests and error messages from the service: both may hold markup,
 * quotes, newlines or control characters, so every value goes through here.
 */

/*
 * Characters XML 1.0 forbids even as character references: C0 controls
 * other than tab, LF and CR, unpaired surrogates, U+FFFE and U+FFFF.
 */
const XML_FORBIDDEN = new RegExp(
  '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]' +
    '|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])' +
    '|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
  'g',
);

/** Replace characters XML 1.0 (and sane HTML) cannot carry with U+FFFD. */
export function dropForbidden(value: string): string {
  return value.replace(XML_FORBIDDEN, '\uFFFD');
}

const TEXT_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for an XML or HTML element body or a quoted attribute. */
export function escapeText(value: string): string {
  return dropForbidden(value).replace(/[&<>"']/g, (c) => TEXT_ENTITIES[c]!);
}

/**
 * Escape an XML attribute value. Tabs and line ends become character
 * references, because a parser would otherwise normalise them to spaces.
 */
export function escapeXmlAttr(value: string): string {
  return escapeText(value)
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
