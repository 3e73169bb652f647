// A small bar chart drawn as inline SVG (no chart library): one bar per item, its value above it, its label below.
// The SVG scales to its container's width; colours come from app.css (.rp-bar, .rp-axis).
import { html } from '../lib.js';

const WIDTH = 600;
const HEIGHT = 200;
const TOP = 18;
const BOTTOM = 22;

export default {
  props: {
    items: { type: Array, required: true }, // [{ label, value, title }]
    label: { type: String, required: true }, // what the chart shows, for screen readers
    testid: { type: String, default: null },
  },
  setup(props) {
    return () => {
      const items = props.items;
      const max = Math.max(1, ...items.map(i => i.value));
      const slot = WIDTH / Math.max(1, items.length);
      const bar = Math.max(2, Math.min(slot * 0.7, 72));
      const plot = HEIGHT - TOP - BOTTOM;
      // with many bars (24 hours) every label would overlap: every third one is shown
      const every = items.length > 12 ? 3 : 1;
      return html`
        <svg class="rp-chart" viewBox=${`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label=${props.label}
             data-testid=${props.testid} preserveAspectRatio="xMidYMid meet">
          <line class="rp-axis" x1="0" x2=${WIDTH} y1=${HEIGHT - BOTTOM} y2=${HEIGHT - BOTTOM} />
          ${items.map((item, i) => {
            const h = Math.round((item.value / max) * plot);
            const x = i * slot + (slot - bar) / 2;
            const y = HEIGHT - BOTTOM - h;
            return html`
              <g key=${item.label} class="rp-bar-group" data-value=${item.value}>
                <title>${item.title || `${item.label}: ${item.value}`}</title>
                <rect class="rp-bar" x=${x} y=${y} width=${bar} height=${Math.max(h, item.value ? 1 : 0)} rx="2" />
                ${item.value > 0 && html`<text class="rp-value" x=${x + bar / 2} y=${y - 4}>${item.value}</text>`}
                ${i % every === 0 && html`
                  <text class="rp-label" x=${x + bar / 2} y=${HEIGHT - 6}>${item.label}</text>`}
              </g>`;
          })}
        </svg>`;
    };
  },
};
