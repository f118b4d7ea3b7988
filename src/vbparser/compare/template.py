"""The Jinja2 template of the HTML report: one self-contained page, no script, no CDN.

Kept in a module (not a package data file) so that the report needs nothing installed
beside the code. Autoescaping is on: every value from a document is escaped.
"""

TEMPLATE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
:root { --err: #b91c1c; --warn: #b45309; --note: #1d4ed8; --line: #d1d5db; --muted: #6b7280; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans", "DejaVu Sans", "Segoe UI", Arial, sans-serif; margin: 0;
       color: #111827; background: #f9fafb; line-height: 1.45; }
header { background: #111827; color: #f9fafb; padding: 18px 28px; }
header h1 { margin: 0 0 6px; font-size: 22px; }
header p { margin: 0; color: #d1d5db; }
main { padding: 12px 28px 40px; max-width: 1400px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px;
          padding: 14px 18px; margin: 16px 0; }
h2 { font-size: 18px; margin: 0 0 10px; }
h3 { font-size: 15px; margin: 14px 0 6px; }
.counts span { display: inline-block; margin-right: 14px; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px;
         font-weight: 600; color: #fff; white-space: nowrap; }
.badge.error { background: var(--err); } .badge.warning { background: var(--warn); }
.badge.notice { background: var(--note); }
.lvl { display: inline-block; min-width: 70px; font-size: 11px; text-transform: uppercase;
       color: #fff; border-radius: 4px; padding: 1px 6px; margin-right: 6px; text-align: center; }
.lvl.central { background: #6b7280; } .lvl.province { background: #1d4ed8; }
.lvl.district { background: #7c3aed; } .lvl.commune { background: #047857; }
.lvl.branch { background: #b45309; } .lvl.unknown { background: #9ca3af; }
ul.tree, ul.tree ul { list-style: none; margin: 0; padding-left: 22px; }
ul.tree { padding-left: 0; }
ul.tree li { margin: 4px 0; position: relative; }
ul.tree ul li::before { content: "└"; position: absolute; left: -16px; color: var(--muted); }
.plan-label { font-weight: 600; }
.muted { color: var(--muted); font-size: 13px; }
.via { font-size: 12px; color: var(--muted); border: 1px solid var(--line); border-radius: 4px;
       padding: 0 4px; margin-left: 4px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; vertical-align: top;
         text-align: left; }
th { background: #f3f4f6; position: sticky; top: 0; }
tr.finding.error td:first-child { border-left: 4px solid var(--err); }
tr.finding.warning td:first-child { border-left: 4px solid var(--warn); }
tr.finding.notice td:first-child { border-left: 4px solid var(--note); }
blockquote { margin: 4px 0; padding: 4px 8px; background: #fef3c7; border-left: 3px solid #f59e0b;
             white-space: pre-wrap; word-break: break-word; }
blockquote.upper { background: #e0e7ff; border-left-color: #6366f1; }
.span { font-size: 11px; color: var(--muted); }
code { font-size: 13px; }
svg.timeline { background: #fff; max-width: 1100px; }
svg.timeline text { font-size: 11px; fill: #374151; }
svg.timeline text.band { font-weight: 700; text-transform: uppercase; fill: #111827; }
svg.timeline text.lane { text-anchor: end; }
svg.timeline text.tick { text-anchor: middle; fill: var(--muted); font-size: 10px; }
svg.timeline line.axis { stroke: #9ca3af; }
svg.timeline line.tick { stroke: #f3f4f6; }
svg.timeline line.lane { stroke: #e5e7eb; }
svg.timeline rect.issued { fill: #9ca3af; }
svg.timeline circle.conflict { stroke: #7f1d1d; stroke-width: 2; }
svg.timeline circle.beyond { stroke: #111827; stroke-width: 1; stroke-dasharray: 2 1; }
svg.timeline text.beyond { font-weight: 700; }
svg.timeline line.join { stroke: #dc2626; stroke-width: 1.5; stroke-dasharray: 4 3; }
.legend span { margin-right: 14px; font-size: 13px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 50%;
            margin-right: 4px; vertical-align: middle; }
details { margin: 4px 0; }
summary { cursor: pointer; }
</style>
</head>
<body>
<header>
<h1>{{ title }}</h1>
<p>{{ plans|length }} document(s) · {{ links|length }} link(s) between plans ·
{{ findings|length }} finding(s)</p>
</header>
<main>
<section id="summary">
<h2>Summary</h2>
<p class="counts">
{% for sev in ("error", "warning", "notice") %}
<span><span class="badge {{ sev }}">{{ sev }}</span> {{ counts.get(sev, 0) }}</span>
{% endfor %}
</p>
{% if not findings %}<p>No inconsistencies found.</p>{% endif %}
</section>

<section id="hierarchy">
<h2>Plan hierarchy</h2>
<ul class="tree">
{% for node in roots recursive %}
<li data-doc="{{ node.doc_id }}"><span class="lvl {{ node.level or 'unknown' }}">{{ node.level or "level ?" }}</span>
<span class="plan-label">{{ node.label }}</span>
<span>{{ node.issuer or "" }}</span>
<span class="muted">{{ node.date or "undated" }}{% if node.province %} · {{ node.province }}{% endif %} · {{ node.file }}</span>
{% if node.link %}<span class="via" title="how this plan was linked to its upper plan">{{ node.relation }} · {{ node.link }}</span>{% endif %}
{% for sev in ("error", "warning", "notice") %}{% if node.counts.get(sev) %}
<span class="badge {{ sev }}">{{ node.counts[sev] }} {{ sev }}</span>{% endif %}{% endfor %}
{% if node.children %}<ul>{{ loop(node.children) }}</ul>{% endif %}
</li>
{% endfor %}
</ul>
</section>

{% if timelines %}
<section id="timeline">
<h2>Deadlines per level</h2>
<p class="legend">
{% for level, colour in legend %}<span><i style="background: {{ colour }}"></i>{{ level }} plan</span>{% endfor %}
<span><i style="background: #dc2626"></i>deadline named by a finding</span>
<span>▮ issue date</span>
</p>
{% for t in timelines %}
<h3>{{ t.title }}</h3>
{{ t.svg }}
{% endfor %}
</section>
{% endif %}

<section id="findings">
<h2>Findings</h2>
<table>
<thead><tr><th>#</th><th>Severity</th><th>Rule</th><th>Plan</th><th>Finding</th>
<th>Evidence (plan)</th><th>Evidence (upper plan)</th></tr></thead>
<tbody>
{% for f in findings %}
<tr class="finding {{ f.severity }}" id="f-{{ f.finding_id }}">
<td>{{ loop.index }}</td>
<td><span class="badge {{ f.severity }}">{{ f.severity }}</span></td>
<td><code title="{{ rule_summaries.get(f.rule, '') }}">{{ f.rule }}</code></td>
<td><b>{{ f.lower_label or "" }}</b><br><span class="muted">{{ f.lower_file }}</span></td>
<td>{{ f.message }}</td>
<td>{% if f.lower_quote %}<blockquote>{{ f.lower_quote }}</blockquote>
<span class="span">chars {{ f.lower_span[0] }}–{{ f.lower_span[1] }}</span>{% endif %}
{% for e in f.also %}<blockquote>{{ e.quote }}</blockquote><span class="span">chars {{ e.span[0] }}–{{ e.span[1] }}</span>{% endfor %}</td>
<td>{% if f.upper_label %}<b>{{ f.upper_label }}</b> <span class="muted">{{ f.upper_file }}</span>{% endif %}
{% if f.upper_quote %}<blockquote class="upper">{{ f.upper_quote }}</blockquote>
<span class="span">chars {{ f.upper_span[0] }}–{{ f.upper_span[1] }}</span>{% endif %}</td>
</tr>
{% endfor %}
</tbody>
</table>
</section>

<section id="rules">
<h2>Rules</h2>
{% for r in rules %}
<details><summary><span class="badge {{ r.severity }}">{{ r.severity }}</span>
<code>{{ r.id }}</code> — {{ r.summary }}</summary>
<p>{{ r.doc }}</p></details>
{% endfor %}
</section>
</main>
</body>
</html>
"""
