import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMENT_LIMITS, isSafeWebsite, validateCommentInput } from './comment.js';

const length = (value: string) => [...value].length;

describe('validateCommentInput on arbitrary input', () => {
  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        validateCommentInput(input);
        validateCommentInput({ ...(typeof input === 'object' ? input : {}), article: input, content: input });
      }),
      { numRuns: 2000 },
    );
  });

  it('only ever accepts values that respect every limit', () => {
    const field = fc.oneof(fc.string({ maxLength: 120 }), fc.string({ maxLength: 6000 }), fc.anything());
    fc.assert(
      fc.property(
        fc.record(
          {
            article: field,
            authorName: field,
            authorEmail: fc.oneof(fc.emailAddress(), field),
            content: field,
            authorWebsite: fc.oneof(
              fc.webUrl(),
              fc.constantFrom('javascript:alert(1)', 'data:text/html,x'),
              field,
            ),
            parent: field,
          },
          { requiredKeys: [] },
        ),
        (input) => {
          const result = validateCommentInput(input);
          if (!result.ok) {
            expect(Object.keys(result.errors).length).toBeGreaterThan(0);
            return;
          }
          const { value } = result;
          expect(value.article.trim()).toBe(value.article);
          expect(value.article).not.toBe('');
          expect(length(value.authorName)).toBeGreaterThanOrEqual(COMMENT_LIMITS.authorName.min);
          expect(length(value.authorName)).toBeLessThanOrEqual(COMMENT_LIMITS.authorName.max);
          expect(length(value.authorEmail)).toBeLessThanOrEqual(COMMENT_LIMITS.authorEmail.max);
          expect(value.authorEmail).toMatch(/^[^\s@]+@[^\s@]+$/);
          expect(length(value.content)).toBeGreaterThanOrEqual(COMMENT_LIMITS.content.min);
          expect(length(value.content)).toBeLessThanOrEqual(COMMENT_LIMITS.content.max);
          if (value.authorWebsite !== undefined) expect(isSafeWebsite(value.authorWebsite)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never accepts a website that is not http or https', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('javascript', 'data', 'vbscript', 'file', 'ftp', 'JaVaScRiPt'),
        fc.string({ maxLength: 40 }),
        (scheme, rest) => {
          expect(isSafeWebsite(`${scheme}:${rest}`)).toBe(false);
        },
      ),
    );
  });
});
