// JSON bodies are checked for nesting depth and string length before they are parsed: a deeply
// nested body would otherwise reach the (recursive) validators and end in a stack overflow and a 500.
// One linear pass over the text, brackets inside strings not counted; then Fastify's own parser
// (which refuses __proto__ and constructor poisoning).
import type { FastifyInstance } from 'fastify';
import { HttpError } from './http-errors';

/** Deeper than any card or batch needs (a card's conditions nest a handful of levels). */
export const MAX_JSON_DEPTH = 64;
/** Longer than any field allows (a card's text is the longest); counted in UTF-16 units as written. */
export const MAX_JSON_STRING_LENGTH = 20_000;

const QUOTE = 34;
const BACKSLASH = 92;
const OPENERS = new Set([91, 123]); // [ {
const CLOSERS = new Set([93, 125]); // ] }

/** The limit a JSON text breaks, or undefined. Malformed text is left to the parser to refuse. */
export function jsonLimitProblem(text: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
      if (i - start - 1 > MAX_JSON_STRING_LENGTH)
        return `request body holds a string longer than ${MAX_JSON_STRING_LENGTH} characters`;
    } else if (OPENERS.has(c)) {
      if (++depth > MAX_JSON_DEPTH) return `request body nested deeper than ${MAX_JSON_DEPTH} levels`;
    } else if (CLOSERS.has(c)) depth--;
  }
  return undefined;
}

export function limitedJsonParser(app: FastifyInstance) {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string; // parseAs: 'string'
    const problem = jsonLimitProblem(text);
    if (problem) return done(new HttpError(400, problem), undefined);
    parse(req, text, done);
  });
}
