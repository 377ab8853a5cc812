// Runs before the first paint so the page never flashes the wrong theme.
(function () {
  var root = document.documentElement;
  function apply() {
    var stored = null;
    try { stored = localStorage.getItem('vigil-theme'); } catch (e) {}
    var theme = stored === 'light' || stored === 'dark'
      ? stored
      : (window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
    root.dataset.theme = theme;
    root.style.colorScheme = theme;
    return stored;
  }
  apply();
  if (window.matchMedia) {
    var query = window.matchMedia('(prefers-color-scheme: dark)');
    var onChange = function () { apply(); window.dispatchEvent(new Event('vigil-theme-change')); };
    if (query.addEventListener) query.addEventListener('change', onChange);
  }
})();
