/**
 * The report's only stylesheet, inlined in the page: system fonts (no web fonts), light and dark
 * themes from `prefers-color-scheme`, categorical colours for components (Tableau 10, lighter in
 * the dark theme), and print rules for A4 and Letter (the reader's paper size; margins fit both).
 */
export const REPORT_CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--surface:#f6f8fa;--accent:#0969da;--bad:#cf222e;--bad-bg:#ffebe9;--warn:#9a6700;--ok:#1a7f37;--track:#e6eaef;--fill:#2f81f7;
--k0:#4e79a7;--k1:#f28e2b;--k2:#e15759;--k3:#76b7b2;--k4:#59a14f;--k5:#edc948;--k6:#b07aa1;--k7:#ff9da7;--k8:#9c755f;--k9:#bab0ac;--shared:#8c959f;--waste:#c9ced4}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--border:#3d444d;--surface:#151b23;--accent:#4493f8;--bad:#ff7b72;--bad-bg:#3c1618;--warn:#d29922;--ok:#3fb950;--track:#262c36;--fill:#4493f8;
--k0:#6f9fd8;--k1:#ffa552;--k2:#ff7b7d;--k3:#8fd3cd;--k4:#7fc46f;--k5:#f5d76e;--k6:#cf9bc1;--k7:#ffb3bb;--k8:#c39a80;--k9:#cfc6c2;--shared:#6e7781;--waste:#454c56}}
*{box-sizing:border-box}
html{background:var(--bg);color:var(--fg)}
body{margin:0 auto;max-width:1120px;padding:24px 28px 48px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif;background:var(--bg);color:var(--fg)}
h1{font-size:1.75rem;margin:0 0 4px}h2{font-size:1.35rem;margin:40px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--border)}h3{font-size:1.08rem;margin:24px 0 8px}
p{margin:6px 0}a{color:var(--accent)}small,.muted{color:var(--muted)}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.86em}
.meta{color:var(--muted);margin:0 0 12px}.meta span+span::before{content:" · "}
.desc{font-size:1.05rem;margin:8px 0 16px}
nav.toc ol{margin:4px 0;padding-left:20px;columns:2 260px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:10px;margin:14px 0}
.card{border:1px solid var(--border);border-radius:8px;padding:8px 12px;background:var(--surface);break-inside:avoid}
.card .k{display:block;font-size:.8rem;color:var(--muted)}.card .v{display:block;font-size:1.2rem;font-weight:600;overflow-wrap:anywhere}
.card.wide{grid-column:1/-1}.card.bad{border-color:var(--bad)}.card.bad .v{color:var(--bad)}.card.ok .v{color:var(--ok)}
.card .v.small{font-size:.92rem;font-weight:500}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:8px 0;font-size:.9rem;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--border);padding:5px 8px;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid var(--border);white-space:nowrap}
td.num,th.num{text-align:right;white-space:nowrap}
td small{display:block;font-size:.78rem}tbody th{font-weight:500}
tr.bottleneck>*:first-child{box-shadow:inset 3px 0 0 var(--accent)}
tr.violated>*:first-child{box-shadow:inset 3px 0 0 var(--bad)}
tr.total th,tr.total td{font-weight:600;border-top:2px solid var(--border)}
.tag{display:inline-block;font-size:.72rem;padding:0 6px;border-radius:10px;border:1px solid var(--border);color:var(--muted);white-space:nowrap;margin-left:4px}
.tag.b{border-color:var(--accent);color:var(--accent)}.tag.v{border-color:var(--bad);color:var(--bad)}
.binding small{max-width:26em}
.util{white-space:nowrap}.util svg{vertical-align:middle;margin-right:6px}
.over{color:var(--warn)}.sat{color:var(--bad)}
ul.violations{list-style:none;padding:0;margin:8px 0}
ul.violations li{border-left:3px solid var(--bad);background:var(--bad-bg);padding:6px 10px;margin:6px 0;border-radius:0 6px 6px 0;break-inside:avoid}
ul.violations .remedy{display:block;color:var(--fg);font-size:.9rem}
p.ok{color:var(--ok);font-weight:600}
details{margin:8px 0}summary{cursor:pointer;color:var(--accent)}
.explain dl{margin:4px 0 12px}.explain dt{font-weight:600;margin-top:10px}.explain dd{margin:2px 0 2px 16px}
.explain .f{font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.84rem;white-space:pre-wrap;overflow-wrap:anywhere}
.explain .binds{color:var(--accent);font-weight:600}
div.chart-block{margin:16px 0;padding:12px;border:1px solid var(--border);border-radius:8px;break-inside:avoid}div.chart-block figure{margin:0}
figcaption{color:var(--muted);font-size:.88rem;margin-top:6px}
svg.chart{display:block;max-width:100%;height:auto;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif}
svg.chart text{fill:var(--fg);font-size:12px}svg.chart .tick,svg.chart .note{fill:var(--muted);font-size:11px}
svg.chart .grid{stroke:var(--border);stroke-width:1}svg.chart .axis{stroke:var(--muted);stroke-width:1}
svg.chart .total{font-weight:600}
.node .box{fill:var(--surface);stroke:var(--border);stroke-width:1.5}
.node.bottleneck .box{stroke:var(--accent);stroke-width:3}.node.violated .box{stroke:var(--bad);stroke-width:2.5}
.node.bottleneck.violated .box{stroke:var(--bad);stroke-width:3.5}
.node.async .box{stroke-dasharray:6 4}
.node.clients .box{fill:var(--bg);stroke:var(--muted);stroke-dasharray:3 3}
.node .name{font-weight:600;font-size:13px}.node .sub{font-size:11px;fill:var(--muted)}
.node .badge{font-size:10px;font-weight:700;fill:var(--accent);letter-spacing:.04em;text-transform:uppercase}
.util-track{fill:var(--track)}.util-fill{fill:var(--fill)}.util-fill.over{fill:var(--warn)}.util-fill.sat{fill:var(--bad)}
.util-target{stroke:var(--fg);stroke-width:1.5}
.edge{fill:none;stroke:var(--muted);stroke-width:1.5}.edge.back,.edge.inferred{stroke-dasharray:5 4}.arrowhead{fill:var(--muted)}
.k0{--c:var(--k0)}.k1{--c:var(--k1)}.k2{--c:var(--k2)}.k3{--c:var(--k3)}.k4{--c:var(--k4)}.k5{--c:var(--k5)}.k6{--c:var(--k6)}.k7{--c:var(--k7)}.k8{--c:var(--k8)}.k9{--c:var(--k9)}.shared{--c:var(--shared)}.waste{--c:var(--waste)}
.stripe,.seg{fill:var(--c)}
svg.chart .line{fill:none;stroke:var(--c);stroke-width:2;stroke-linejoin:round}svg.chart .line.path{--c:var(--accent);stroke-width:2.5}
svg.chart .rule{stroke:var(--bad);stroke-dasharray:6 4;stroke-width:1.2}svg.chart .mark{stroke:var(--muted);stroke-dasharray:2 3}svg.chart .rule-label{fill:var(--bad);font-size:11px}svg.chart .mark-label{fill:var(--muted);font-size:11px}
svg.chart .bar-low{fill:var(--k0)}svg.chart .bar-high{fill:var(--k1)}svg.chart .base{stroke:var(--fg);stroke-width:1.5}svg.chart .event{stroke:var(--warn);stroke-width:1.5}svg.chart .event.violation{stroke:var(--bad)}.seg{stroke:var(--bg);stroke-width:1}
ul.legend{list-style:none;padding:0;margin:8px 0 0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.85rem}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;background:var(--c);margin-right:6px;vertical-align:-1px}
ul.notes{padding-left:20px;color:var(--muted);font-size:.9rem}
.warn{color:var(--warn)}
pre.source{background:var(--surface);border:1px solid var(--border);border-radius:8px;padding:10px 0;overflow-x:auto;line-height:1.45;counter-reset:line}
pre.source .l{display:block;padding:0 12px 0 0;white-space:pre}
pre.source .l::before{content:attr(data-n);display:inline-block;width:3.2em;padding-right:1em;text-align:right;color:var(--muted);user-select:none}
pre.source .l:target{background:var(--bad-bg)}
.y-c{color:var(--ok);font-style:italic}.y-k{color:var(--accent)}
footer{margin-top:40px;color:var(--muted);font-size:.85rem;border-top:1px solid var(--border);padding-top:8px}
@media print{
@page{margin:14mm 12mm}
html,body{background:#fff;color:#000}
body{max-width:none;padding:0;font-size:10.5pt}
:root{--bg:#fff;--fg:#000;--muted:#4a4f55;--border:#bbb;--surface:#f4f4f4;--bad-bg:#fff0f0}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
nav.toc,details.data{display:none}
h2{break-after:avoid}h3{break-after:avoid}
section.phase{break-before:page}
.scroll{overflow:visible}
table{width:100%;font-size:8.5pt}th,td{padding:3px 4px}thead{display:table-header-group}tr{break-inside:avoid}
td.num,th.num,thead th,.util,.tag{white-space:normal}.util svg{width:48px}
pre.source .l{white-space:pre-wrap;overflow-wrap:anywhere}
a{color:inherit;text-decoration:none}
details::details-content{content-visibility:visible;display:block;height:auto}
details>summary{color:var(--fg);font-weight:600;list-style:none}
}
`.trim();
