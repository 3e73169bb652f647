// The demo page embeds the web chat of the account named in ?account=<webhook key>, in the language of ?lang= or
// the browser, exactly as a website would: through the hub's /widget.js loader.
(function () {
  var params = new URLSearchParams(location.search);
  var lang = params.get('lang') || ((navigator.language || 'en').slice(0, 2) === 'ru' ? 'ru' : 'en');
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-' + lang + ']').forEach(function (el) {
    el.textContent = el.getAttribute('data-' + lang);
  });
  var account = params.get('account');
  if (!account) {
    document.getElementById('missing').hidden = false;
    return;
  }
  var script = document.createElement('script');
  script.src = '/widget.js';
  script.async = true;
  script.dataset.account = account;
  script.dataset.lang = lang;
  document.body.appendChild(script);
})();
