// Every error and console.error of the page lands in #console-errors, so a headless browser's
// --dump-dom shows them (the report tests read it back; a reader never sees it).
(function () {
  var pending = [];
  function record(text) {
    var el = document.getElementById('console-errors');
    if (!el) { pending.push(text); return; }
    while (pending.length) el.appendChild(document.createTextNode(pending.shift() + '\n'));
    el.appendChild(document.createTextNode(text + '\n'));
  }
  window.__recordError = record;
  window.addEventListener('error', function (e) {
    record('error: ' + (e.message || (e.target && e.target.outerHTML) || 'resource failed'));
  }, true);
  window.addEventListener('unhandledrejection', function (e) { record('unhandled rejection: ' + e.reason); });
  var original = console.error;
  console.error = function () {
    record('console.error: ' + Array.prototype.map.call(arguments, String).join(' '));
    return original.apply(console, arguments);
  };
  document.addEventListener('DOMContentLoaded', function () { if (pending.length) record(pending.pop()); });
})();
