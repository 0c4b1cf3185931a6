// Evaluated in the page by largeTable.test.ts: measurements of the writable-paths table, taken in
// the page so the figures are the browser's own (performance.now), not the test's round trips.
(() => {
  /** Resolves after the next frame has been produced (rAF, then a task after it). */
  const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const viewport = () => document.querySelector('[data-section="writable"] [role="grid"]');

  window.__tableTimings = {
    /** `state` posted → its table painted; the state was stored in window.__bigState beforehand. */
    async renderState() {
      const start = performance.now();
      window.postMessage({ type: 'state', state: window.__bigState }, '*');
      while (!document.querySelector('[data-row-path]')) await new Promise((resolve) => requestAnimationFrame(resolve));
      await painted();
      return performance.now() - start;
    },
    /** A jump to the bottom (End key, dragging the thumb) until the last rows are painted. */
    async jumpToEnd() {
      const grid = viewport();
      const start = performance.now();
      grid.scrollTop = grid.scrollHeight;
      await painted();
      return { ms: performance.now() - start, scrollTop: grid.scrollTop };
    },
    /** Scrolls top to bottom a viewport per frame, as a fast wheel does; frame times in ms. */
    async scrollThrough() {
      const grid = viewport();
      grid.scrollTop = 0;
      await painted();
      const frames = [];
      const start = performance.now();
      let last = start;
      while (grid.scrollTop + grid.clientHeight < grid.scrollHeight - 1) {
        grid.scrollTop += grid.clientHeight;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const now = performance.now();
        frames.push(now - last);
        last = now;
      }
      await painted();
      frames.sort((a, b) => a - b);
      return { ms: performance.now() - start, frames: frames.length, p50: frames[Math.floor(frames.length / 2)], worst: frames[frames.length - 1] };
    },
    rowsInDom() {
      return document.querySelectorAll('[data-row-path]').length;
    },
  };
})()
