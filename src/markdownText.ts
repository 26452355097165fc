/**
 * Text (an error message, a path, a name) made safe to put in a MarkdownString: markdown's
 * punctuation is escaped, and the spaces stay spaces so the text wraps as a sentence.
 */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, '\\$&');
}
