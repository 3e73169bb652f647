// The UI's one entry to its libraries: Vue's runtime build (no template compiler, so no eval under the CSP) and
// htm, which turns tagged template literals into Vue's h() calls. Components are plain ES modules:
//   export default { props: {...}, setup(props) { ...; return () => html`<div>...</div>`; } }
import { h } from '/webjars/vue/3.5.13/dist/vue.runtime.esm-browser.prod.js';
import htm from '/vendor/htm-3.1.1/htm.module.js';

export * from '/webjars/vue/3.5.13/dist/vue.runtime.esm-browser.prod.js';

/** html`<tag attr=${value} onClick=${fn}>${children}</tag>`, rendered by Vue. */
export const html = htm.bind(h);
