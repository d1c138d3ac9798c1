// tcpspec HTML report: view toggles and copying a replay command. No network.
(function () {
  'use strict';
  var body = document.body;
  function bind(id, cls) {
    var box = document.getElementById(id);
    if (!box) return;
    var apply = function () {
      body.classList.toggle(cls, box.checked);
    };
    box.addEventListener('change', apply);
    apply();
  }
  bind('failures-only', 'failures-only');
  bind('text-only', 'text-only');
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      var text = button.getAttribute('data-copy') || '';
      var done = function () {
        button.textContent = 'copied';
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () {
          button.textContent = 'select and copy';
        });
      }
    });
  });
  // A link to a cell (from the matrix grid) opens that spec's section.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.tagName === 'DETAILS') el.open = true;
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
})();
