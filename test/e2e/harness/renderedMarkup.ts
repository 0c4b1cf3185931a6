import type { FrameLocator } from 'playwright-core';

/** The slice of the DOM the check walks; the suite's tsconfig has no DOM library. */
interface MarkupNode {
  readonly tagName: string;
  readonly attributes: ArrayLike<{ readonly name: string }>;
  readonly shadowRoot: { querySelectorAll(selector: string): ArrayLike<MarkupNode> } | null;
  querySelectorAll(selector: string): ArrayLike<MarkupNode>;
}

/**
 * Evidence that text from an image was rendered as markup in a webview document: `img` elements,
 * elements carrying an event-handler attribute (`onerror`, `onload`, …, in shadow roots too), and
 * the text missing from `textSelector`'s elements. Empty when every such string stayed text.
 */
export async function renderedMarkupEvidence(document: FrameLocator, text: string, textSelector: string): Promise<string[]> {
  // No named functions inside: tsx (esbuild keepNames) would wrap them in a `__name` helper that
  // does not exist in the page.
  const evidence = await document.locator('html').evaluate((root: MarkupNode) => {
    const found: string[] = [];
    const scopes: { querySelectorAll(selector: string): ArrayLike<MarkupNode> }[] = [root];
    for (let scope = scopes.pop(); scope; scope = scopes.pop()) {
      for (const element of Array.from(scope.querySelectorAll('*'))) {
        const tag = element.tagName.toLowerCase();
        const handlers = Array.from(element.attributes)
          .map((attribute) => attribute.name)
          .filter((name) => name.startsWith('on'));
        if (tag === 'img') {
          found.push('an <img> element');
        }
        if (handlers.length > 0) {
          found.push(`a <${tag}> element with ${handlers.join(', ')}`);
        }
        if (element.shadowRoot) {
          scopes.push(element.shadowRoot);
        }
      }
    }
    return found;
  });
  const texts = await document.locator(textSelector).allTextContents();
  if (!texts.some((shown) => shown.includes(text))) {
    evidence.push(`no ${textSelector} element shows ${JSON.stringify(text)} as text (they show ${JSON.stringify(texts)})`);
  }
  return evidence;
}
