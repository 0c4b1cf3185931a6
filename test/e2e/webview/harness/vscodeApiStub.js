// What VS Code puts in a webview before the extension's script runs: acquireVsCodeApi (once per
// page), with state kept across reloads (sessionStorage here), plus the test's own recorders: every
// message the webview posts, whether any section was rendered when it posted, and CSP violations.
(function () {
  const recorder = { posted: [], violations: [], dialogs: [] };
  window.__hardenTest = recorder;
  document.addEventListener('securitypolicyviolation', (event) => {
    recorder.violations.push({ directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample, source: event.sourceFile + ':' + event.lineNumber + ':' + event.columnNumber });
  });
  let acquired = false;
  window.acquireVsCodeApi = function () {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage(message) {
        recorder.posted.push({
          // Messages cross to the host as JSON-like clones; keep a clone, not a live object.
          message: JSON.parse(JSON.stringify(message)),
          sectionsRendered: document.querySelectorAll('[data-section]').length,
          loadingShown: document.querySelectorAll('[data-loading]').length > 0,
        });
      },
      getState() {
        const saved = sessionStorage.getItem('vscode-webview-state');
        return saved === null ? undefined : JSON.parse(saved);
      },
      setState(state) {
        sessionStorage.setItem('vscode-webview-state', JSON.stringify(state));
        return state;
      },
    });
  };
})();
