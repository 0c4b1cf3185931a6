// Evaluated in the page (as an expression) by hostileNames.test.ts: walks the document and every
// open shadow root and reports what text-never-markup forbids — images, SVG outside the toolkit's
// own shadow DOM, and any element with an inline event handler attribute (on…).
(() => {
  const found = { img: 0, svgInLightDom: 0, handlers: [] };
  const visit = (root, inShadow) => {
    for (const element of root.querySelectorAll('*')) {
      const tag = element.localName;
      if (tag === 'img') found.img += 1;
      if (tag === 'svg' && !inShadow) found.svgInLightDom += 1;
      for (const attribute of element.attributes) {
        if (attribute.name.startsWith('on')) found.handlers.push(`${tag}[${attribute.name}]`);
      }
      if (element.shadowRoot) visit(element.shadowRoot, true);
    }
  };
  visit(document, false);
  return found;
})()
