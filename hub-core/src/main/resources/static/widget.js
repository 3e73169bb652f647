// Loads the web chat widget of a channel account: <script src="https://hub.example/widget.js"
// data-account="<the account's webhook key>" data-lang="ru" async></script>. The widget itself is served by the
// account's channel plugin at /webhooks/<key>/widget.js; this loader passes every data- attribute on to it.
(function () {
  var me = document.currentScript;
  if (!me || !me.dataset.account) {
    console.warn('Lines hub widget: the script tag needs data-account="<key>"');
    return;
  }
  var hub = new URL(me.src, location.href).origin;
  var script = document.createElement('script');
  script.async = true;
  script.src = hub + '/webhooks/' + encodeURIComponent(me.dataset.account) + '/widget.js';
  Object.keys(me.dataset).forEach(function (k) { script.dataset[k] = me.dataset[k]; });
  (document.head || document.body).appendChild(script);
})();
