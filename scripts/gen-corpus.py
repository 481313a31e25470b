#!/usr/bin/env python3
"""gen-corpus.py - deterministic tree of Markdown progress documents for benchmarking progdb.

Usage:
    scripts/gen-corpus.py OUTDIR --files N [--seed S] [--jobs J] [--per-file] [--force]
    scripts/gen-corpus.py OUTDIR --mutate PERCENT [--seed S]

Generate mode writes N Markdown files to OUTDIR/<team>/<project>/... and prints one
summary line. The files look like the progress paperwork that teams keep in their
repositories: implementation trackers with emoji phase headings, nested task lists
with inline dates, `← **CURRENT STEP**` markers and `**Progress**: x/y` claims;
progress logs with dated entries and weekly summaries; status pages with risk tables,
risk bullet blocks, tech-debt and performance tables; burndown tables; milestone
checklists; spec-kit and Kiro task lists; Obsidian-style notes; implementation plans
whose example checklists sit inside code fences; and a few placeholder templates.
File sizes range from 2 KB to 40 KB (mean about 9.5 KB). About 2% of the files use
CRLF line endings, 0.5% start with a UTF-8 BOM and 0.5% are mojibake: the UTF-8
text was decoded as Mac OS Roman and saved again as UTF-8.

Each file is built from its own random generator, seeded from --seed and the file's
path. The same arguments therefore give a byte-identical tree, whatever --jobs is.

OUTDIR/.gen-corpus.json holds exact counts. The generator counts what it emits; it
does not parse the files afterwards. The counting rules are in its "definitions"
key. Briefly: task items are GFM task-list items outside code fences and HTML
comments, and headings are ATX headings outside code. --per-file also writes the
counts of every file.

Mutate mode edits an existing generated tree in place. The same tree and the same
arguments give the same result. It picks PERCENT% of the non-template files
(at least one). In each picked file it ticks 1-3 open boxes (adding a completion
date), adds one open item next to an existing one, and appends or edits one row of
a burndown table when the file has one. It then updates the counts in
.gen-corpus.json and records the mutation there. Use it to measure re-ingest of a
slightly changed tree, e.g. `--mutate 1`.

Only the Python standard library is used.
"""
import argparse
import datetime
import json
import os
import random
import re
import shutil
import string
import sys
import time

GEN_VERSION = 1
MIN_BYTES = 2 * 1024
MAX_BYTES = 40 * 1024
META_NAME = ".gen-corpus.json"

DAY0 = datetime.date(2025, 6, 2)          # a Monday
DATES = [(DAY0 + datetime.timedelta(days=i)).isoformat() for i in range(240)]
LAST_DAY = 199                            # 2025-12-18


class Rng(random.Random):
    """random.Random with cheaper choice/randint (one random() call each, still deterministic)."""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))


_FIELDS = {}


def fields_of(tpl):
    """Placeholder names used by a str.format template (cached)."""
    f = _FIELDS.get(tpl)
    if f is None:
        f = tuple(sorted({name for _, name, _, _ in string.Formatter().parse(tpl) if name}))
        _FIELDS[tpl] = f
    return f


def cap(s):
    """Upper-case the first letter only (str.capitalize would lower-case names)."""
    return s[:1].upper() + s[1:]


def weekday(i):
    return i % 7                          # DAY0 is a Monday


def bizday(i):
    """Move a day index forward to the next Monday-Friday day."""
    w = i % 7
    return i + (7 - w if w >= 5 else 0)


# ----------------------------------------------------------------------------
# vocabulary
# ----------------------------------------------------------------------------
TEAMS = ["payments-platform", "data-infra", "identity", "search-relevance", "mobile-core",
         "growth-eng", "sre", "ml-platform", "billing", "risk-eng", "checkout", "catalog",
         "messaging", "storage", "devtools", "security-eng", "analytics", "fulfillment",
         "support-tools", "edge-network", "compliance", "api-platform", "web-frontend",
         "observability"]
PROJ_HEAD = ["usage", "ledger", "invoice", "event", "session", "token", "profile", "order",
             "refund", "catalog", "price", "inventory", "audit", "consent", "flag", "report",
             "alert", "queue", "blob", "image", "notify", "webhook", "geo", "tax", "fraud"]
PROJ_TAIL = ["sync", "pipeline", "service", "gateway", "migration", "v2", "rewrite", "exporter",
             "indexer", "cache", "api", "backfill", "dashboard", "worker", "store", "router"]
TICKET_PREFIX = ["BILL", "DATA", "IAM", "SRCH", "MOB", "GRW", "OPS", "MLP", "PAY", "RISK",
                 "CHK", "CAT", "MSG", "STO", "DEVX", "SEC", "ANL", "FUL", "SUP", "EDGE"]
PEOPLE = ["Ana Ruiz", "Dan Okoro", "Priya Raman", "Kwame Mensah", "Lea Hoffmann",
          "Tomasz Wójcik", "Mei Lin", "Jorge Santos", "Sofia Rossi", "Arjun Mehta",
          "Chloé Martin", "Yusuf Demir", "Hannah Schmidt", "Ken Watanabe", "Zara Ahmed",
          "Mateo García", "Ingrid Larsen", "Noah Williams", "Aisha Bello", "Pavel Novák"]
COMPONENTS = ["PlanCache", "LedgerWriter", "EventRouter", "TokenIssuer", "SessionStore",
              "RateLimiter", "InvoiceBuilder", "SchemaRegistryClient", "OffsetTracker",
              "RetryScheduler", "AuditSink", "WebhookSender", "TenantResolver", "QuotaManager",
              "ExportWriter", "SearchIndexer", "ConsentChecker", "FlagClient", "ReplayWorker",
              "MetricsReporter", "ConfigWatcher", "PriceCalculator", "DedupFilter",
              "BatchCommitter", "HealthProber", "ShardBalancer", "ThumbnailRenderer",
              "NotificationFanout", "GeoResolver", "FraudScorer"]
MODULES = ["ingest", "rating", "ledger", "export", "auth", "api", "workers", "storage",
           "billing", "search", "notify", "common", "config", "telemetry", "jobs"]
FILEBASES = ["client", "handler", "store", "writer", "reader", "router", "policy", "schema",
             "retry", "cache", "metrics", "config", "models", "service", "worker", "validator",
             "mapper", "loader", "scheduler", "sink"]
LANGS = [("go", "go test ./..."), ("py", "pytest -q"), ("ts", "npm test"), ("rs", "cargo test"),
         ("kt", "./gradlew test")]
TECH = ["Redis", "Postgres", "Kafka", "S3", "BigQuery", "Elasticsearch", "gRPC", "Terraform",
        "Helm", "Temporal", "ClickHouse", "DynamoDB", "SQS", "Envoy", "OpenTelemetry",
        "Prometheus", "Snowflake", "Airflow", "dbt", "Flink"]
AREAS = ["retry backoff", "idempotency keys", "schema evolution", "tenant isolation",
         "pagination", "rate limiting", "clock skew", "partial failures", "PII redaction",
         "connection pooling", "cold starts", "cache invalidation", "backpressure",
         "dead-letter handling", "timezone handling", "currency rounding", "large payloads",
         "token refresh", "batch sizing", "graceful shutdown", "leader election",
         "hot partitions", "empty batches", "duplicate deliveries"]
PHASES = ["Discovery & Design", "Foundation", "Core Implementation", "Integration",
          "Hardening", "Performance", "Data Migration", "Rollout", "Cleanup & Handover",
          "Observability", "Security Review", "Beta", "General Availability",
          "Layer 1 - Unit Tests", "Layer 2 - Integration Tests", "Layer 3 - Production Tests"]
PHASE_TRACKS = [
    ["Discovery & Design", "Foundation", "Core Implementation", "Integration", "Hardening",
     "Rollout", "Cleanup & Handover"],
    ["Research & Planning", "Layer 1 - Unit Tests", "Layer 2 - Integration Tests",
     "Layer 3 - Production Tests", "Completion & Documentation"],
    ["Foundation", "Data Migration", "Performance", "Security Review", "Beta",
     "General Availability"],
    ["Design", "Read Path", "Write Path", "Backfill", "Observability", "Cutover", "Decommission"],
]
MILESTONES = ["Cache layer", "Schema registry", "Repository layer", "Event store",
              "Rate limiting", "Auth hardening", "Backfill jobs", "Search indexing",
              "Audit trail", "Tenant isolation", "Retry policy", "Export pipeline",
              "Webhook delivery", "Admin console", "Cost controls", "Dead-letter replay",
              "Data retention", "SLO dashboards", "Canary tooling", "Config service",
              "Database foundation", "Read path", "Write path", "Access control"]
LABELS = ["Design doc approved", "Spike completed", "Schema migration", "Interface defined",
          "Unit tests", "Integration tests", "Load test", "Failover test", "Code review",
          "Security review", "Runbook", "Dashboards", "Alerts", "Feature flag", "Canary",
          "Rollout", "Backfill", "Docs updated", "Config documented", "Cleanup", "Benchmarks",
          "Error handling", "Metrics", "Tracing", "Contract tests", "Fixtures", "CI pipeline",
          "Helm chart", "Terraform module", "Data validation", "Access review",
          "On-call handover", "Deprecation notice", "Rollback plan", "SLOs defined",
          "Capacity plan", "API docs", "Migration script", "Dry run", "Sign-off",
          "🔄 Code review prompt generated", "👥 Code review completed", "📝 PHASE COMPLETE"]
DETAILS = ["{c} handles {a}", "{n} tests covering {a} in `{f}`", "{t} client wired into {c}",
           "`{f}` refactored, no behaviour change", "{a} covered for {c} ({n}/{n} passing)",
           "reviewed by {p}, comments addressed", "p99 {n} ms on staging (target {n2} ms)",
           "staging run against {t}, no errors", "documented in `docs/{m}/{b}.md`",
           "alert fires after {n} min of {a}", "flag `{m}_{b}_enabled` defaults to off",
           "{n}% of traffic for 48h, no alerts", "old {t} code path removed",
           "checked against the {t} snapshot", "paired with {p} on {a}", "tracked in {tk}",
           "{c} emits {a} metrics", "fixtures for {a} shared via `{f}`",
           "edge case: {a} with {t} down", "approved by {p} in {tk}"]
VERBS = ["Add", "Implement", "Wire up", "Migrate", "Document", "Benchmark", "Refactor", "Remove",
         "Backfill", "Validate", "Instrument", "Harden", "Load-test", "Review", "Split",
         "Deprecate", "Fix", "Investigate", "Write tests for", "Automate"]
OBJECTS = ["{a} in {c}", "`{f}`", "the {t} client", "{c} retries", "{a} handling",
           "metrics for {c}", "the {m} migration", "{c} config loading", "error paths in `{f}`",
           "the {t} dashboard", "{a} edge cases", "the {m} module docs", "{c} on {t}",
           "{c} ({tk})", "{a} for {m}"]
OBJECTS_NOFILE = [x for x in OBJECTS if "{f}" not in x and "{tk}" not in x]
RISKS = ["{t} capacity not available before the gate review", "{c} regresses p99 latency",
         "Schema drift between {t} and {c}", "Key engineer ({p}) out during rollout",
         "Flaky integration tests on {t}", "Data loss during {a}", "{t} version deprecation",
         "Cost overrun on {t}", "Scope creep from {a} requests", "Security review delayed",
         "Vendor API rate limits hit during backfill", "{a} not covered by tests"]
MITIGATIONS = ["Stage the rollout behind a flag", "Pin the {t} version", "Add a chaos test for {a}",
               "Pair {p} with a backup owner", "Budget alert at 80%", "Benchmark gate in CI",
               "Weekly sync with the {t} team", "Retry with capped backoff",
               "Dry run on a production snapshot", "Escalate {tk}"]
DEBT = ["Hard-coded {a} limits in {c}", "Duplicated {a} logic in `{f}`", "No pagination in {c}",
        "Synchronous {t} call on the request path", "Missing index for {m} lookups",
        "Test fixtures share mutable state", "Config loaded twice at startup",
        "Temporary flag for {a} never removed", "Broad exception handler in {c}",
        "Magic numbers in `{f}`", "Manual {t} migration step", "{c} has no timeout on {t}"]
IMPACTS = ["Slows down every deploy", "+{n} ms on the request path", "Flaky tests in CI",
           "Cannot tune without a deploy", "Hides {t} errors", "Pages on-call at night",
           "Blocks Milestone {ms}", "Wrong numbers on the dashboard", "Delays {a} work",
           "Customer-visible errors during {a}", "Extra {t} cost"]
STORIES = ["Operators can replay failed {m} events", "Finance can reconcile {m} totals",
           "Admins can configure {a} per tenant", "Developers get alerts on {a}",
           "Support can look up a tenant's {m} history", "Re-running a {m} job is safe",
           "Partners receive {m} webhooks", "Auditors can export the {m} trail"]
OPERATIONS = ["Rate one event", "Write one batch", "Cold start", "Cache hit", "Cache miss",
              "Search query", "Export one tenant", "Token refresh", "Replay 10k events",
              "Schema lookup", "Dedup check", "Render invoice"]
LESSONS = ["Research first saved us from a rewrite", "Updating the tracker after every step keeps it honest",
           "Testing {a} early in integration would have saved a week",
           "Pairing with {p} on {t} paid off", "Review steps have to be explicit checklist items",
           "Load tests need production-shaped data", "Feature flags made the rollback boring"]
NOTES = ["PR #{n}{n}", "Implementation file: `{f}`", "Test file: `tests/{f}`", "Test coverage: {n}%",
         "Owner: {p}", "Notes: {a} still needs a decision", "Follow-up: {tk}",
         "Lines of code: {n}{n}", "Reviewed by {p}", "Depends on {c}", "See `docs/{m}/{b}.md`"]
ISSUES = ["{c} dropped messages during {a}", "Integration tests flaky on {t}",
          "{t} client leaked connections", "Wrong results for {a}", "{c} crashed on empty input",
          "Staging deploy failed on the {t} migration", "Duplicate rows after {a}"]
STATUS_EMOJI_DONE = ["✅", "✔️", "🟢"]
STATUS_EMOJI_WIP = ["🚧", "⏳", "🔄", "🟡"]
RISK_STATUS = ["Open", "Open", "Open", "Mitigating", "Monitoring", "Closed"]
LEVELS = ["Low", "Medium", "High"]
SEVERITY = ["Critical", "High", "Medium", "Low"]
PRIORITY = ["P0", "P1", "P2", "P3", "High", "Medium", "Low"]
DEBT_STATUS = ["Open", "Open", "In Progress", "Scheduled", "Resolved"]
BLOCKERS = ["None", "None", "None", "None", "Staging access", "Waiting on {p}", "{t} quota",
            "Flaky CI", "Security review", "{tk}", "Code freeze"]
PLACEHOLDERS = ["[SCENARIO_NAME]", "[YYYY-MM-DD]", "[Date]", "{object_name}", "[X/Y items]",
                "[Description]", "[NAME]", "[ROLE]", "{file_path}", "[Component Name]",
                "[Milestone X.Y]", "[percentage]%", "[number]", "TBD"]

KINDS = [("tracker", 21), ("log", 20), ("milestone", 11), ("status", 16), ("speckit", 9),
         ("plan", 6), ("burndown", 6), ("kiro", 6), ("notes", 4), ("template", 1)]
KIND_SCALE = {"tracker": 1.15, "log": 1.2, "milestone": 1.15, "status": 1.0, "speckit": 0.85,
              "plan": 1.0, "burndown": 0.55, "kiro": 0.6, "notes": 0.35, "template": 0.5}


# ----------------------------------------------------------------------------
# output model: every block goes through Out, which keeps the counts
# ----------------------------------------------------------------------------
class Out:
    """Lines of one document plus the counts of what was emitted."""

    def __init__(self):
        self.lines = []
        self.n = 0
        self.c = dict.fromkeys(COUNT_KEYS, 0)

    def ln(self, s=""):
        self.lines.append(s)
        self.n += len(s) + 1

    def blank(self):
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
            self.n += 1

    def h(self, level, text):
        self.blank()
        self.ln("#" * level + " " + text)
        self.c["headings"] += 1

    def para(self, text):
        self.blank()
        self.ln(text)

    def hr(self):
        self.blank()
        self.ln("---")
        self.ln("")

    def bullets(self, rows, ordered=False):
        self.blank()
        for i, s in enumerate(rows):
            if isinstance(s, tuple):            # (text, [sub bullets])
                s, subs = s
            else:
                subs = ()
            mark = f"{i + 1}." if ordered else "-"
            self.ln(f"{mark} {s}")
            pad = " " * (len(mark) + 1)
            for sub in subs:
                self.ln(f"{pad}- {sub}")

    def tasks(self, tree, bullet="-", quote=""):
        """Emit a task list. tree: list of nodes [state, text, children, notes]."""
        self.blank()
        self._tasks(tree, "", 1, bullet, quote)

    def _tasks(self, nodes, indent, depth, bullet, quote):
        c = self.c
        for i, (state, text, kids, notes) in enumerate(nodes):
            mark = f"{i + 1}." if bullet == "1." else bullet
            self.ln(f"{quote}{indent}{mark} [{state}] {text}")
            if state == " ":
                c["items"] += 1
                c["d%d" % depth] += 1
            elif state in "xX":
                c["items"] += 1
                c["done"] += 1
                c["d%d" % depth] += 1
            else:
                c["nonstandard_markers"] += 1
            sub = indent + " " * (len(mark) + 1)
            for nt in notes:
                self.ln(f"{quote}{sub}- {nt}")
            if kids:
                self._tasks(kids, sub, depth + 1, "-", quote)

    def table(self, kind, header, rows, style="pipes"):
        self.blank()
        if style == "aligned":
            w = [max(3, len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
            fmt = lambda r: "| " + " | ".join(x.ljust(w[i]) for i, x in enumerate(r)) + " |"
            self.ln(fmt(header))
            self.ln("|" + "|".join("-" * (x + 2) for x in w) + "|")
            for r in rows:
                self.ln(fmt(r))
        elif style == "bare":
            self.ln(" | ".join(header))
            self.ln(" | ".join(":---" if i == 0 else "---" for i in range(len(header))))
            for r in rows:
                self.ln(" | ".join(r))
        else:
            self.ln("| " + " | ".join(header) + " |")
            self.ln("|" + "|".join("-" * (len(h) + 2) for h in header) + "|")
            for r in rows:
                self.ln("| " + " | ".join(r) + " |")
        self.ln("")
        self.c["tables"] += 1
        self.c["table_rows"] += len(rows)
        if kind:
            self.c[kind + "_rows"] += len(rows)

    def fence(self, lang, lines, fakes=0, ticks="```"):
        """A fenced code block; fakes = checkbox-looking lines it holds (not items)."""
        self.blank()
        self.ln(ticks + lang)
        for s in lines:
            self.ln(s)
        self.ln(ticks[0] * len(ticks))
        self.c["fake_in_code"] += fakes


COUNT_KEYS = ["items", "done", "d1", "d2", "d3", "headings", "tables", "table_rows",
              "risk_rows", "debt_rows", "burndown_rows", "perf_rows", "risk_bullets",
              "progress_claims", "current_step_markers", "log_entries", "weekly_summaries",
              "fake_in_code", "fake_in_html_comment", "nonstandard_markers", "nospace_markers",
              "not_a_heading"]


# ----------------------------------------------------------------------------
# per-document context and phrase helpers
# ----------------------------------------------------------------------------
NUMBERS = (3, 4, 5, 8, 12, 15, 20, 25, 40, 60, 90)


class Ctx:
    """Project-level facts shared by every file of one project, plus the file's rng."""

    def __init__(self, seed, team, proj, r):
        pr = Rng(f"{seed}/project/{team}/{proj}")
        self.team, self.proj, self.r = team, proj, r
        self.title = proj.replace("-", " ").title()
        self.start = pr.randint(0, 110)
        self.asof = min(self.start + pr.randint(35, 95), LAST_DAY)
        self.people = pr.sample(PEOPLE, 6)
        self.comps = pr.sample(COMPONENTS, 7)
        self.tech = pr.sample(TECH, 5)
        self.mods = pr.sample(MODULES, 4)
        self.lang = pr.choice(LANGS)
        self.tk = pr.choice(TICKET_PREFIX)
        self.nphase = pr.randint(3, 6)
        names = pr.sample(MILESTONES, 12)
        self.milestones = []                  # (id "2.1", name)
        k = 0
        for ph in range(1, self.nphase + 1):
            for m in range(1, pr.randint(2, 4) + 1):
                self.milestones.append((f"{ph}.{m}", names[k % len(names)]))
                k += 1
        # how far along the project is: index of the current phase (nphase = all done)
        self.cur_phase = min(self.nphase, int(pr.random() * (self.nphase + 0.7)))
        self.template = False

    # -- small phrase makers ------------------------------------------------
    def f(self):
        r = self.r
        return f"{r.choice(self.mods)}/{r.choice(FILEBASES)}.{self.lang[0]}"

    def fill(self, tpl):
        r = self.r
        if self.template:
            return tpl.format(c="[Component Name]", a="[area]", t="[Technology]", f="{file_path}",
                              n="[number]", n2="[number]", p="[NAME]", m="{object_name}",
                              b="[feature]", tk="[TICKET]", ms="[X.Y]")
        names = fields_of(tpl)
        if not names:
            return tpl
        kw = {}
        for k in names:
            if k == "c":
                kw[k] = r.choice(self.comps)
            elif k == "a":
                kw[k] = r.choice(AREAS)
            elif k == "t":
                kw[k] = r.choice(self.tech)
            elif k == "f":
                kw[k] = self.f()
            elif k == "n":
                kw[k] = r.choice(NUMBERS)
            elif k == "n2":
                kw[k] = r.choice((10, 50, 100, 250))
            elif k == "p":
                kw[k] = r.choice(self.people)
            elif k == "m":
                kw[k] = r.choice(self.mods)
            elif k == "b":
                kw[k] = r.choice(FILEBASES)
            elif k == "ms":
                kw[k] = r.choice(self.milestones)[0]
            else:
                kw[k] = f"{self.tk}-{r.randint(100, 2999)}"
        return tpl.format(**kw)

    def date(self, lo=None, hi=None):
        lo = self.start if lo is None else lo
        hi = self.asof if hi is None else hi
        return DATES[bizday(self.r.randint(lo, max(lo, hi)))]

    def task_text(self):
        r = self.r
        x = r.random()
        if x < 0.5:
            return f"**{self.fill(r.choice(LABELS))}**: {self.fill(r.choice(DETAILS))}"
        if x < 0.85:
            return f"{r.choice(VERBS)} {self.fill(r.choice(OBJECTS))}"
        return f"{r.choice(VERBS)} {self.fill(r.choice(OBJECTS))} ({self.fill(r.choice(DETAILS))})"

    def done_suffix(self, lo=None, hi=None):
        r = self.r
        x = r.random()
        if self.template or x < 0.35:
            return ""
        d = self.date(lo, hi)
        if x < 0.7:
            return f" ✅ {d}"
        if x < 0.85:
            return f" (done {d})"
        if x < 0.93:
            return f" — merged {d} (#{r.randint(40, 1900)})"
        return f" ({d})"

    def open_suffix(self):
        r = self.r
        x = r.random()
        if self.template or x < 0.7:
            return ""
        if x < 0.82:
            return f" 📅 {DATES[bizday(self.asof + r.randint(1, 25))]}"
        if x < 0.9:
            return f" (owner: {r.choice(self.people)})"
        if x < 0.95:
            return f" — blocked on {self.tk}-{r.randint(100, 2999)}"
        return " ⏫"

    def item(self, done, lo=None, hi=None, text=None):
        t = text or self.task_text()
        if done:
            return ["x" if self.r.random() < 0.93 else "X", t + self.done_suffix(lo, hi), [], []]
        return [" ", t + self.open_suffix(), [], []]

    def tree(self, n, frac, lo=None, hi=None, nest=0.3, notes=0.4):
        """n top-level items (plus nested ones); the first frac of them (in order) done."""
        r = self.r
        nodes, flat = [], []
        for _ in range(n):
            top = self.item(False)
            nodes.append(top)
            flat.append(top)
            if r.random() < nest:
                for _ in range(r.randint(1, 2)):
                    kid = self.item(False)
                    top[2].append(kid)
                    flat.append(kid)
                    if r.random() < 0.15:
                        for _ in range(r.randint(1, 2)):
                            g = self.item(False)
                            kid[2].append(g)
                            flat.append(g)
            if r.random() < notes:
                top[3] = [self.fill(x) for x in r.sample(NOTES, r.randint(1, 2))]
        ndone = int(round(len(flat) * frac))
        if 0 < frac < 1 and r.random() < 0.3:        # a little out-of-order work
            ndone = max(0, ndone - 1)
        for i, node in enumerate(flat):
            done = i < ndone
            if 0 < frac < 1 and r.random() < 0.06:
                done = not done
            if done:
                node[0] = "x" if r.random() < 0.93 else "X"
                node[1] = node[1].split(" 📅 ")[0].split(" (owner:")[0].split(" — blocked")[0]
                node[1] = node[1].replace(" ⏫", "") + self.done_suffix(lo, hi)
        return nodes, flat

    def mark_current(self, flat, o):
        for node in flat:
            if node[0] == " ":
                node[1] += " ← **CURRENT STEP**"
                o.c["current_step_markers"] += 1
                return True
        return False

    def progress(self, o, flat, key="Progress", stale_ok=True):
        tot = len(flat)
        done = sum(1 for x in flat if x[0] in "xX")
        if stale_ok and self.r.random() < 0.12 and done > 1:
            done -= self.r.randint(1, min(3, done))        # claim not updated yet
        pct = round(100 * done / tot) if tot else 0
        o.para(f"**{key}**: {done}/{tot} items ({pct}%)")
        o.c["progress_claims"] += 1


# ----------------------------------------------------------------------------
# traps and shared blocks
# ----------------------------------------------------------------------------
def fenced_example(o, ctx):
    """A fenced block holding checkbox-looking lines, which are not work items."""
    r = ctx.r
    x = r.random()
    if x < 0.35:
        ms, _ = r.choice(ctx.milestones)
        lines = ["## YYYY-MM-DD - Milestone X.Y - Component", "", "### Completed Items",
                 "- [x] Checklist item description (from the milestone doc)",
                 "  - Implementation file: `src/[module]/[file]`", "  - Test coverage: [percentage]%",
                 "- [ ] Item still in progress", "", "### Next Steps", "- [ ] Next task"]
        o.fence("markdown", lines, 3)
    elif x < 0.55:
        lines = [f"{r.choice(('✅', 'PASS'))} {r.randint(40, 400)} tests passing",
                 f"⚠️ {r.randint(1, 9)} tests skipped ({r.choice(AREAS)})",
                 "- [x] lint", "- [x] unit", "- [ ] integration (needs staging)"]
        o.fence("text", lines, 3)
    elif x < 0.7:
        lines = ["# Verification checklist (copy into the PR description)",
                 "- [ ] Tests added", "- [ ] Docs updated", "- [ ] Dashboards checked",
                 "- [ ] Rollback plan written"]
        o.fence("", lines, 4, ticks="~~~")
    elif x < 0.82:
        lines = ["Use this layout for a milestone section:", "", "```markdown",
                 "### Milestone X.Y: Name", "**Progress**: X/Y items (P%)",
                 "- [ ] **Label**: detail", "  - [ ] Sub-task", "```"]
        o.fence("markdown", lines, 2, ticks="````")
    else:
        lines = ["import re, pathlib", "text = pathlib.Path('CHECKLIST.md').read_text()",
                 "total = len(re.findall(r'- \\[ \\]', text))",
                 "done = len(re.findall(r'- \\[x\\]', text))",
                 "print(f'{done}/{total + done}')"]
        o.fence("python", lines, 0)


def sprinkle_trap(o, ctx):
    """Rare lines that look like items or headings but are not."""
    r = ctx.r
    x = r.random()
    if x < 0.2:
        o.blank()
        o.ln("<!--")
        o.ln(f"- [ ] TODO: re-enable the {r.choice(AREAS)} test once {ctx.tk}-{r.randint(100, 2999)} lands")
        o.ln("-->")
        o.c["fake_in_html_comment"] += 1
    elif x < 0.4:
        o.para(f"Tick boxes with `- [x]`, not `- [X]` or `- [✓]`; leave `- [ ]` for open work.")
    elif x < 0.55:
        o.para("**Ready for merge**: [ ] Yes / [ ] No")
    elif x < 0.7:
        o.blank()
        o.ln(f"- [x]{ctx.task_text()}")
        o.c["nospace_markers"] += 1
    elif x < 0.85:
        o.blank()
        for st in r.sample(["/", "-", "~", ">", "!"], 2):
            o.ln(f"- [{st}] {ctx.task_text()}")
            o.c["nonstandard_markers"] += 1
    else:
        o.para("##Conclusion")
        o.c["not_a_heading"] += 1
        o.ln(f"Nothing blocking beyond {r.choice(AREAS)}.")


def risk_table(o, ctx, n):
    r = ctx.r
    with_id = r.random() < 0.4               # real registers do both
    head = (["ID"] if with_id else []) + ["Risk", r.choice(("Probability", "Likelihood")),
                                          "Impact", "Mitigation", "Owner", "Status"]
    if not with_id and r.random() < 0.5:
        head = head[:4]
    rows = []
    for i in range(n):
        row = ([f"R-{i + 1:02d}"] if with_id else []) + [
            ctx.fill(r.choice(RISKS)), r.choice(LEVELS), r.choice(LEVELS),
            ctx.fill(r.choice(MITIGATIONS)), r.choice(ctx.people), r.choice(RISK_STATUS)]
        rows.append(row[:len(head)])
    o.table("risk", head, rows, r.choice(("pipes", "pipes", "aligned", "bare")))


def risk_bullets(o, ctx, n, resolved=False):
    r = ctx.r
    rows = []
    for i in range(n):
        subs = [f"**Severity**: {r.choice(SEVERITY)}"]
        if resolved:
            subs += [f"**Resolution**: {ctx.fill(r.choice(MITIGATIONS))}",
                     f"**Resolved Date**: {ctx.date()}"]
        else:
            subs += [f"**Impact**: {ctx.fill(r.choice(IMPACTS))}",
                     f"**Mitigation**: {ctx.fill(r.choice(MITIGATIONS))}",
                     f"**Owner**: {r.choice(ctx.people)}",
                     f"**Status**: {r.choice(RISK_STATUS[:-1])}"]
        rows.append((f"**Risk**: {ctx.fill(r.choice(RISKS))}", subs))
    o.bullets(rows, ordered=True)
    o.c["risk_bullets"] += n


def debt_table(o, ctx, n):
    r = ctx.r
    rows = [[f"TD-{i + 1:03d}", ctx.fill(r.choice(DEBT)), ctx.fill(r.choice(IMPACTS)),
             r.choice(PRIORITY), f"Milestone {r.choice(ctx.milestones)[0]}", r.choice(DEBT_STATUS)]
            for i in range(n)]
    o.table("debt", ["Item", "Description", "Impact", "Priority", "Planned Resolution", "Status"],
            rows, r.choice(("pipes", "aligned")))


def perf_table(o, ctx, n):
    r = ctx.r
    rows = []
    for op in r.sample(OPERATIONS, n):
        base = r.randint(5, 400)
        cur = max(1, int(base * r.uniform(0.2, 1.3)))
        tgt = max(1, int(base * r.uniform(0.3, 0.9)))
        rows.append([op, f"{base} ms", f"{cur} ms", f"{tgt} ms",
                     "✅ Met" if cur <= tgt else r.choice(("❌ Missed", "⚠️ Close", "⏳ Pending"))])
    o.table("perf", ["Operation", "Baseline", "Current", "Target", "Status"], rows)


def burndown_table(o, ctx, scope=None, days=None):
    r = ctx.r
    scope = scope or r.randint(12, 45)
    days = days or r.randint(8, 22)
    d = bizday(max(ctx.start, ctx.asof - days * 7 // 5 - 2))
    rem = scope
    rows = []
    blocker = None
    held = 0
    for day in range(days):
        if blocker and held < 4 and r.random() < 0.5:
            done = 0
            held += 1
        else:
            blocker = None
            done = 0 if day == 0 else min(rem, r.choice((0, 1, 1, 2, 2, 3, 4)))
            if day and r.random() < 0.12:
                blocker = ctx.fill(r.choice(BLOCKERS[4:]))
                held = 0
        rem -= done
        rows.append([DATES[d], str(rem), str(done), blocker or "None"])
        d = bizday(d + 1)
        if d > ctx.asof + 3:
            break
    o.table("burndown", ["Date", "Remaining Items", "Completed Today", "Blockers"], rows)
    return scope, rem


def emoji_status_list(o, ctx, n):
    r = ctx.r
    rows = []
    for _ in range(n):
        x = r.random()
        if x < 0.4:
            k = r.randint(10, 300)
            rows.append(f"{r.choice(STATUS_EMOJI_DONE)} {k}/{k} {r.choice(('tests passing', 'checks green', 'migrations applied'))}")
        elif x < 0.75:
            rows.append(f"{r.choice(STATUS_EMOJI_WIP)} {cap(ctx.fill(r.choice(OBJECTS)))}")
        else:
            rows.append(f"{r.choice(('⚠️', '❌', '🔴'))} {ctx.fill(r.choice(RISKS))}")
    o.bullets(rows)


# ----------------------------------------------------------------------------
# document kinds
# ----------------------------------------------------------------------------
def phase_emoji(state, r):
    if state == "done":
        return "✅"
    if state == "wip":
        return r.choice(("⏳", "🚧", "🔄", "⏳"))
    return r.choice(("⏸️", "⏸️", "📋", "🔒"))


def doc_tracker(o, ctx, goal):
    r = ctx.r
    scen = f"{r.choice(ctx.comps)} {r.choice(AREAS).title()}"
    o.h(1, f"{scen} Implementation Tracker")
    o.blank()
    o.ln(f"**Scenario**: {cap(ctx.fill(r.choice(DETAILS)))}")
    o.ln(f"**Start Date**: {DATES[bizday(ctx.start)]}")
    o.ln(f"**Owner**: {ctx.people[0]}")
    st = "Complete" if ctx.cur_phase >= ctx.nphase else f"Phase {ctx.cur_phase + 1} in progress"
    o.ln(f"**Status**: {st}")
    o.hr()
    nph = max(ctx.nphase, min(9, int(goal / 2600)))
    cur = min(nph, ctx.cur_phase)
    names = r.choice(PHASE_TRACKS)[:nph]
    names += [f"Follow-up {k + 1}" for k in range(nph - len(names))]
    span = max(1, ctx.asof - ctx.start)
    if r.random() < 0.6:
        o.h(2, "Phase Overview")
        rows = []
        for i in range(nph):
            st = "✅ Complete" if i < cur else ("⏳ In Progress" if i == cur else "⏸️ Not Started")
            rows.append([f"Phase {i + 1}", names[i], st, r.choice(ctx.people),
                         DATES[bizday(ctx.start + span * (i + 1) // nph)]])
        o.table(None, ["Phase", "Name", "Status", "Owner", "Target"], rows,
                r.choice(("pipes", "aligned")))
    o.h(2, "🚨 IMPLEMENTATION PROGRESS TRACKER")
    marked = False
    for i in range(nph):
        state = "done" if i < cur else ("wip" if i == cur else "todo")
        lo = ctx.start + span * i // nph
        hi = ctx.start + span * (i + 1) // nph
        frac = 1.0 if state == "done" else (r.uniform(0.15, 0.85) if state == "wip" else 0.0)
        head = f"{phase_emoji(state, r)} Phase {i + 1}: {names[i]}"
        if state == "done" and r.random() < 0.3:
            head += r.choice((" — COMPLETE", " ✅ COMPLETE", " (COMPLETE)"))
        elif state == "wip" and r.random() < 0.3:
            head += " (IN PROGRESS)"
        o.h(3, head)
        if r.random() < 0.4:
            o.para(f"**Exit criteria**: {ctx.fill(r.choice(DETAILS))}. Owner: {r.choice(ctx.people)}.")
        nodes, flat = ctx.tree(r.randint(4, 8), frac, lo, hi, nest=0.25, notes=0.5)
        if state == "done" and r.random() < 0.08:      # declared complete, one box still open
            flat[-1][0] = " "
            flat[-1][1] = re.sub(r" (✅ |\(done |— merged |\()\d{4}.*$", "", flat[-1][1])
        if state == "todo" and r.random() < 0.1:       # someone started early
            flat[0][0] = "x"
        if state == "wip" and not marked and r.random() < 0.85:
            marked = ctx.mark_current(flat, o)
        claim = r.random()
        if claim < 0.25:
            ctx.progress(o, flat)
        o.tasks(nodes, bullet=r.choice(("-", "-", "-", "-", "*", "1.")))
        if 0.25 <= claim < 0.45:
            ctx.progress(o, flat)
        o.blank()
        if state == "done":
            o.ln(f"**🛡️ CHECKPOINT**: ✅ Phase {i + 1} complete - proceeded to Phase {i + 2}")
        elif state == "wip":
            o.ln(f"**🛡️ CHECKPOINT**: ⏳ Phase {i + 1} in progress - cannot proceed until all items are checked")
        else:
            o.ln(f"**🛡️ CHECKPOINT**: 🔒 Phase {i + 1} blocked - cannot start until Phase {i} is complete")
        o.hr()
    o.h(2, "📋 Implementation Timeline & Details")
    i = 0
    while o.n < goal * 0.82:
        lo = ctx.start + span * (i % nph) // nph
        state = "done" if i < cur else ("wip" if i == cur else "todo")
        o.h(3, f"{names[i % nph]} ({DATES[bizday(lo)]})")
        o.para(f"**Objective**: {cap(ctx.fill(r.choice(DETAILS)))}")
        if r.random() < 0.5:
            o.para(f"{cap(ctx.fill(r.choice(DETAILS)))}; {ctx.fill(r.choice(DETAILS))}. "
                   f"{ctx.fill(r.choice(LESSONS))}.")
        for sub in r.sample(("Implementation Checklist", "Code Review Requirements",
                             "Validation Checklist", "Philosophy Check"), r.randint(1, 2)):
            word = {"done": "✅ COMPLETE", "wip": "⏳ IN PROGRESS", "todo": "⏸️ NOT STARTED"}[state]
            o.h(4, f"{sub} {word}")
            frac = 1.0 if state == "done" else (r.uniform(0.2, 0.8) if state == "wip" else 0.0)
            nodes, _ = ctx.tree(r.randint(3, 6), frac, lo, lo + 10, nest=0.15)
            o.tasks(nodes)
        if r.random() < 0.7:
            o.para(f"**Validation**: `make test-{ctx.mods[0]}` → {r.randint(10, 90)} tests pass")
        if r.random() < 0.4:
            o.para(f"**Issues found**: {ctx.fill(r.choice(ISSUES))}; fixed in `{ctx.f()}`.")
        if r.random() < 0.12:
            fenced_example(o, ctx)
        if r.random() < 0.08:
            sprinkle_trap(o, ctx)
        i += 1
    o.hr()
    o.h(2, "🐛 Issues and Resolutions")
    for _ in range(r.randint(1, 3)):
        o.h(3, f"Issue: {ctx.fill(r.choice(ISSUES))}")
        o.bullets([f"**Problem**: {ctx.fill(r.choice(ISSUES))} ({ctx.tk}-{r.randint(100, 2999)})",
                   f"**Root cause**: {r.choice(AREAS)} in `{ctx.f()}`",
                   f"**Solution**: {ctx.fill(r.choice(MITIGATIONS))}",
                   f"**Prevention**: {ctx.fill(r.choice(LESSONS))}"])
    o.h(2, "🔧 Key Technical Decisions")
    while o.n < goal * 0.93:
        o.h(4, f"{r.choice(ctx.comps)}: {r.choice(AREAS)}")
        o.bullets([f"**Decision**: {ctx.fill(r.choice(MITIGATIONS))}",
                   f"**Rationale**: {ctx.fill(r.choice(DETAILS))}",
                   f"**Alternatives considered**: {r.choice(ctx.tech)}, {r.choice(TECH)}"])
    o.h(2, "📚 Lessons Learned")
    o.h(3, "What Worked Well")
    o.bullets([ctx.fill(x) for x in r.sample(LESSONS, 3)])
    o.h(3, "What Could Be Improved")
    o.bullets([ctx.fill(x) for x in r.sample(LESSONS, 2)])


def doc_log(o, ctx, goal):
    r = ctx.r
    o.h(1, f"{ctx.title} Progress Log")
    o.para("Newest entries at the bottom. Weekly summaries go in every Friday.")
    if r.random() < 0.5:
        fenced_example(o, ctx)
    o.hr()
    n_entries = max(3, int(goal / 1100))
    span = max(10, ctx.asof - ctx.start)
    d = bizday(max(ctx.start, ctx.asof - n_entries * 2))
    week = d // 7
    mils = ctx.milestones
    mi = r.randint(0, max(0, len(mils) - 3))
    progress = {m[0]: [0, r.randint(8, 30)] for m in mils}
    while o.n < goal:
        mid, mname = mils[min(mi, len(mils) - 1)]
        comp = r.choice(ctx.comps)
        o.h(2, f"{DATES[d]} - Milestone {mid} - {r.choice((mname, comp))}")
        o.c["log_entries"] += 1
        o.h(3, "Completed Items")
        k = r.randint(2, 5)
        nodes = []
        for _ in range(k):
            it = ctx.item(True, d, d)
            if r.random() < 0.35:
                it[3] = [f"Implementation file: `{ctx.f()}`", f"Test coverage: {r.randint(60, 99)}%"]
            nodes.append(it)
        if r.random() < 0.3:
            nodes.append(ctx.item(False))
        o.tasks(nodes)
        p = progress[mid]
        p[0] = min(p[1], p[0] + k)
        if r.random() < 0.5:
            o.h(3, "Technical Decisions")
            o.bullets([f"Decision {j + 1}: Chose {r.choice(TECH)} over {r.choice(TECH)} for {r.choice(AREAS)}"
                       for j in range(r.randint(1, 2))])
        if r.random() < 0.4:
            o.h(3, "Challenges Encountered")
            o.bullets([(f"Challenge {j + 1}: {ctx.fill(r.choice(RISKS))}",
                        [f"Resolution: {ctx.fill(r.choice(MITIGATIONS))}",
                         f"Time impact: {r.randint(1, 12)} hours"]) for j in range(r.randint(1, 2))])
        if r.random() < 0.12:
            o.h(3, "Performance Metrics")
            perf_table(o, ctx, r.randint(2, 4))
        elif r.random() < 0.3:
            o.h(3, "Performance Metrics")
            o.bullets([f"Benchmark: {r.choice(OPERATIONS)} takes {r.randint(1, 90)}ms (target was {r.randint(5, 100)}ms)",
                       f"Load test: handles {r.randint(2, 40)}k requests/second"])
        o.h(3, "Next Steps")
        if r.random() < 0.4:
            o.tasks([ctx.item(False) for _ in range(r.randint(1, 3))])
        else:
            o.bullets([f"Immediate next task: {r.choice(VERBS)} {ctx.fill(r.choice(OBJECTS))}",
                       f"Blocking conditions: {ctx.fill(r.choice(BLOCKERS))}"])
        if r.random() < 0.05:
            sprinkle_trap(o, ctx)
        nd = bizday(d + r.choice((1, 1, 2, 3)))
        if nd // 7 != week or weekday(d) == 4:
            monday = week * 7
            o.h(2, f"Week of {DATES[monday]} - Weekly Summary")
            o.c["weekly_summaries"] += 1
            o.h(3, "Milestone Progress")
            rows = []
            for m in mils[max(0, mi - 1):mi + 2]:
                a, b = progress[m[0]]
                rows.append(f"Milestone {m[0]}: {a}/{b} items - {round(100 * a / b)}% complete")
            o.bullets(rows)
            o.h(3, "Key Achievements")
            o.bullets([ctx.task_text() for _ in range(r.randint(2, 3))], ordered=True)
            o.h(3, "Blockers and Risks")
            if r.random() < 0.6:
                o.bullets([(f"Blocker: {ctx.fill(r.choice(RISKS))}",
                            [f"**Impact**: Milestone {mid} {r.choice(('load test', 'rollout', 'review', 'sign-off'))}",
                             f"**Mitigation**: {ctx.fill(r.choice(MITIGATIONS))}",
                             f"**ETA**: {DATES[bizday(d + r.randint(2, 10))]}"])], ordered=True)
            else:
                o.bullets(["None this week"])
            o.h(3, "Next Week's Goals")
            o.bullets([f"Complete Milestone {mid}", f"Begin Milestone {mils[min(mi + 1, len(mils) - 1)][0]}"],
                      ordered=True)
            if r.random() < 0.4:
                o.h(3, "Resource Needs")
                o.tasks([ctx.item(False) for _ in range(r.randint(1, 2))])
            week = nd // 7
            if p[0] >= p[1] or r.random() < 0.25:
                mi = min(mi + 1, len(mils) - 1)
        d = min(nd, LAST_DAY + 11)             # the log never runs past 2025-12-29


def doc_milestone(o, ctx, goal):
    r = ctx.r
    ph = r.randint(1, ctx.nphase)
    o.h(1, f"Phase {ph} Implementation Checklist")
    o.para(f"**Document Purpose**: Every checklist item for Phase {ph} of {ctx.title}. "
           f"Tick items as they land and keep the progress lines current.")
    o.blank()
    o.ln(f"**Last Updated**: {DATES[bizday(ctx.asof)]}")
    o.ln(f"**Owner**: {ctx.people[1]}")
    mils = [m for m in ctx.milestones if m[0].startswith(f"{ph}.")] or ctx.milestones[:2]
    base = 1.0 if ph <= ctx.cur_phase else (0.5 if ph == ctx.cur_phase + 1 else 0.1)
    k = 0
    while o.n < goal * 0.85:
        mid, mname = mils[k % len(mils)]
        if k >= len(mils):
            mid = f"{ph}.{k + 1}"
            mname = r.choice(MILESTONES)
        k += 1
        frac = max(0.0, min(1.0, base * r.uniform(0.3, 1.4)))
        o.h(2, f"Milestone {mid}: {mname}")
        if r.random() < 0.6:
            o.bullets([f"**Owner**: {r.choice(ctx.people)}", f"**Target**: {DATES[bizday(ctx.asof + r.randint(-20, 20))]}",
                       f"**Dependencies**: {r.choice(('None', 'Milestone ' + r.choice(ctx.milestones)[0], r.choice(ctx.tech) + ' access'))}"])
        if r.random() < 0.25:
            o.h(3, "Dependencies")
            o.table(None, ["Dependency", "Team", "Needed by", "State"],
                    [[f"{r.choice(ctx.tech)} {r.choice(('cluster', 'quota', 'access', 'schema'))}", r.choice(TEAMS),
                      DATES[bizday(ctx.asof + r.randint(-10, 15))], r.choice(("Ready", "Requested", "Blocked"))]
                     for _ in range(r.randint(2, 4))])
        allflat = []
        groups = r.sample(("Design", "Implementation", "Testing", "Documentation", "Rollout",
                           "Observability", "Security", "Data"), r.randint(2, 4))
        bodies = []
        for g in groups:
            nodes, flat = ctx.tree(r.randint(2, 5), frac, nest=0.25, notes=0.55)
            allflat += flat
            bodies.append((g, nodes))
        claim = r.random() < 0.7
        if claim:
            ctx.progress(o, allflat)
        for g, nodes in bodies:
            o.h(3, g)
            if r.random() < 0.35:
                o.para(f"{cap(ctx.fill(r.choice(DETAILS)))}. {ctx.fill(r.choice(LESSONS))}.")
            o.tasks(nodes, bullet=r.choice(("-", "-", "-", "*")))
            if r.random() < 0.3:
                o.h(4, r.choice(("Notes", "Open questions", "Links")))
                o.bullets([ctx.fill(x) for x in r.sample(NOTES, 2)])
        if r.random() < 0.4:
            o.para(f"**Acceptance**: {ctx.fill(r.choice(DETAILS))}")
        if r.random() < 0.12:
            o.h(3, f"Milestone {mid} Burndown")
            burndown_table(o, ctx, scope=len(allflat), days=r.randint(5, 12))
        if r.random() < 0.08:
            sprinkle_trap(o, ctx)
        if r.random() < 0.06:
            o.blank()
            o.ln("<details>")
            o.ln("<summary>Archived items</summary>")
            nodes, _ = ctx.tree(r.randint(2, 4), 1.0, nest=0)
            o.tasks(nodes)
            o.blank()
            o.ln("</details>")
    o.hr()
    o.h(2, "Progress Verification Checklist")
    for g in r.sample(("Code Quality", "Documentation", "Infrastructure", "Review"), r.randint(2, 4)):
        o.h(3, g)
        nodes, _ = ctx.tree(r.randint(3, 5), r.choice((0.0, 0.5, 1.0)), nest=0)
        o.tasks(nodes)
    if r.random() < 0.3:
        fenced_example(o, ctx)


def doc_status(o, ctx, goal):
    r = ctx.r
    o.h(1, r.choice((f"{ctx.title} — Project Status", "Implementation Status",
                     f"{ctx.title} Status Report")))
    o.blank()
    st = "Complete" if ctx.cur_phase >= ctx.nphase else r.choice(("In Progress", "In Progress", "At Risk", "Blocked"))
    o.ln(f"**Status**: {st}")
    o.ln(f"**Phase**: {min(ctx.cur_phase + 1, ctx.nphase)} of {ctx.nphase}")
    o.ln(f"**Last Updated**: {DATES[bizday(ctx.asof)]}")
    o.ln(f"**Owner**: {ctx.people[0]}")
    o.hr()
    o.h(2, "Snapshot")
    emoji_status_list(o, ctx, r.randint(4, 8))
    o.h(2, "Overall Progress")
    tot = r.randint(80, 240)
    a = r.randint(tot // 5, tot * 4 // 5)
    b = r.randint(0, (tot - a) // 3)
    c = r.randint(0, (tot - a - b) // 4)
    rows = [["Total checklist items", str(tot), "100%"]]
    for name, v in (("Completed items", a), ("In progress items", b), ("Blocked items", c),
                    ("Not started items", tot - a - b - c)):
        rows.append([name, str(v), f"{round(100 * v / tot)}%"])
    o.table(None, ["Metric", "Count", "Percentage"], rows)
    o.h(2, "Milestone Status")
    for mid, mname in ctx.milestones[:r.randint(3, 7)]:
        o.h(3, f"Milestone {mid}: {mname}")
        y = r.randint(5, 24)
        x = r.randint(0, y)
        subs = [f"**Status**: {'Complete' if x == y else ('Not Started' if x == 0 else 'In Progress')}",
                f"**Progress**: {x}/{y} items ({round(100 * x / y)}%)",
                f"**Started**: {ctx.date()}", f"**Estimated Completion**: {DATES[bizday(ctx.asof + r.randint(1, 20))]}"]
        o.c["progress_claims"] += 1
        o.blank()
        for s in subs:
            o.ln(f"- {s}")
    o.h(2, "Risk Register")
    risk_table(o, ctx, r.randint(3, 8))
    o.h(3, "Active Risks")
    risk_bullets(o, ctx, r.randint(2, 4))
    o.h(3, "Resolved Risks")
    risk_bullets(o, ctx, r.randint(1, 3), resolved=True)
    o.h(2, "Technical Debt")
    debt_table(o, ctx, r.randint(3, 8))
    o.h(2, "Performance")
    perf_table(o, ctx, r.randint(3, 6))
    if r.random() < 0.35:
        mid, _ = r.choice(ctx.milestones)
        o.h(2, f"Milestone {mid} Burndown")
        burndown_table(o, ctx, days=r.randint(5, 12))
    o.h(2, "Action Items")
    while o.n < goal:
        o.h(3, f"{r.choice(('This week', 'Carried over', 'Follow-ups', 'Next sprint'))} ({r.choice(ctx.people)})")
        nodes, _ = ctx.tree(r.randint(4, 8), r.uniform(0.1, 0.7), nest=0.2)
        o.tasks(nodes)
        if r.random() < 0.15:
            o.h(3, "Test Suite Status")
            o.fence("", [f"✅ {r.randint(100, 900)} tests passing", f"⚠️ {r.randint(1, 9)} skipped",
                         f"Total: {r.randint(100, 900)} tests"], 0)
        if r.random() < 0.05:
            sprinkle_trap(o, ctx)


def doc_burndown(o, ctx, goal):
    r = ctx.r
    o.h(1, f"{ctx.title} Burndown")
    o.para("Updated at the end of each working day. Remaining counts open boxes in the milestone checklist.")
    if r.random() < 0.25:
        o.h(2, "Template")
        o.fence("markdown", ["## Milestone X.Y Burndown", "",
                             "| Date | Remaining Items | Completed Today | Blockers |",
                             "|------|-----------------|-----------------|----------|",
                             "| Day 1 | 20 | 0 | None |"], 0)
    for mid, mname in r.sample(ctx.milestones, len(ctx.milestones)):
        if o.n >= goal:
            break
        o.h(2, f"Milestone {mid} Burndown")
        o.para(f"Scope: {mname}.")
        scope, rem = burndown_table(o, ctx)
        o.para(f"{rem} of {scope} items left. " + r.choice((
            "On track.", "About two days behind.", "Flat days were blocked.",
            "Scope grew mid-sprint, see below.")))
        o.h(3, "Scope changes")
        o.tasks([ctx.item(r.random() < 0.5) for _ in range(r.randint(2, 6))])


def doc_speckit(o, ctx, goal):
    r = ctx.r
    feat = f"{r.choice(AREAS).title()} for {r.choice(ctx.comps)}"
    o.h(1, f"Tasks: {feat}")
    o.blank()
    o.ln(f"**Input**: Design documents from `/specs/{r.randint(1, 40):03d}-{ctx.proj}/`")
    o.ln("**Prerequisites**: plan.md, spec.md, data-model.md")
    o.h(2, "Format: `[ID] [P?] [Story] Description`")
    o.bullets(["**[P]**: Can run in parallel (different files, no dependencies)",
               "**[Story]**: Which user story this task belongs to (e.g. US1, US2)"])
    tid = 1
    ph = 1
    done_until = r.randint(0, 60)
    while o.n < goal * 0.92:
        o.hr()
        if ph == 1:
            title = "Setup"
        elif ph == 2:
            title = "Foundational (Blocking Prerequisites)"
        else:
            title = f"User Story {ph - 2} - {ctx.fill(r.choice(STORIES))} (Priority: P{min(ph - 2, 3)})"
        o.h(2, f"Phase {ph}: {title}")
        o.para(f"**Goal**: {cap(ctx.fill(r.choice(DETAILS)))}")
        if ph > 2:
            o.para(f"**Independent Test**: {cap(ctx.fill(r.choice(DETAILS)))}; "
                   f"run `{ctx.lang[1]}` against a fresh {r.choice(ctx.tech)} instance.")
        groups = [None] if ph <= 2 else ["Tests for User Story %d" % (ph - 2), "Implementation for User Story %d" % (ph - 2)]
        for g in groups:
            if g:
                o.h(3, g)
            nodes = []
            for _ in range(r.randint(3, 6)):
                tags = (" [P]" if r.random() < 0.4 else "") + (f" [US{ph - 2}]" if ph > 2 else "")
                obj = ctx.fill(r.choice(OBJECTS_NOFILE))
                text = f"T{tid:03d}{tags} {r.choice(VERBS)} {obj} in `{ctx.f()}`"
                done = tid <= done_until
                nodes.append(["X" if done and r.random() < 0.7 else ("x" if done else " "), text, [], []])
                tid += 1
            o.tasks(nodes)
        o.para(f"**Checkpoint**: {cap(ctx.fill(r.choice(DETAILS)))}")
        ph += 1
    o.h(2, "Dependencies & Execution Order")
    o.bullets(["Setup → Foundational → user stories in priority order",
               "Tests are written first and must fail before implementation",
               "[P] tasks = different files, no dependencies"])
    o.h(2, "Parallel Example")
    o.fence("bash", [f'Task: "T{r.randint(1, tid):03d} {r.choice(VERBS)} {ctx.f()}"',
                     f'Task: "T{r.randint(1, tid):03d} {r.choice(VERBS)} {ctx.f()}"'], 0)


def doc_kiro(o, ctx, goal):
    r = ctx.r
    o.h(1, "Implementation Plan")
    n = 1
    done_until = r.randint(0, 12)
    while o.n < goal:
        o.blank()
        done = n <= done_until
        o.ln(f"- [{'x' if done else ' '}] {n}. {r.choice(VERBS)} {ctx.fill(r.choice(OBJECTS))}")
        o.c["items"] += 1
        o.c["d1"] += 1
        o.c["done"] += done
        for k in range(1, r.randint(1, 5) + 1):
            if r.random() < 0.25:                 # optional task: "- [ ]*" is not a GFM task
                o.ln(f"  - [ ]* {n}.{k} Write {r.choice(('unit', 'property', 'integration'))} tests for {r.choice(ctx.comps)}")
            else:
                sd = done or (n == done_until + 1 and r.random() < 0.5)
                o.ln(f"  - [{'x' if sd else ' '}] {n}.{k} {r.choice(VERBS)} {ctx.fill(r.choice(OBJECTS))}")
                o.c["items"] += 1
                o.c["d2"] += 1
                o.c["done"] += sd
            for _ in range(r.randint(0, 2)):
                o.ln(f"    - {cap(ctx.fill(r.choice(DETAILS)))}")
            o.ln(f"    - _Requirements: {r.randint(1, 6)}.{r.randint(1, 5)}, {r.randint(1, 6)}.{r.randint(1, 5)}_")
        n += 1
        if r.random() < 0.1:
            o.blank()
            o.ln(f"- [ ] {n}. Checkpoint - make sure all tests pass, ask the user if questions arise")
            o.c["items"] += 1
            o.c["d1"] += 1
            n += 1


def doc_notes(o, ctx, goal):
    r = ctx.r
    day = DATES[bizday(ctx.asof - r.randint(0, 10))]
    o.ln("---")
    o.ln(f"tags: [daily, {ctx.proj}]")
    o.ln(f"created: {day}")
    o.ln("---")
    o.ln("")
    o.c["front_matter"] = 1
    o.h(1, f"{day} — {r.choice(('review queue', 'daily note', 'follow-ups'))}")
    sections = ["Reviews", "Chasing", "Done today", "Someday", "Meetings"]
    i = 0
    while o.n < goal or i < 2:
        o.h(2, sections[i % len(sections)] + ("" if i < len(sections) else f" ({i // len(sections) + 1})"))
        o.blank()
        for _ in range(r.randint(3, 7)):
            x = r.random()
            t = ctx.task_text()
            if x < 0.35:
                pri = r.choice(("", " ⏫", " 🔼", " 🔽", " 🔺"))
                o.ln(f"- [ ] {t} 📅 {DATES[bizday(ctx.asof + r.randint(0, 14))]}{pri}")
                o.c["items"] += 1
                o.c["d1"] += 1
            elif x < 0.7:
                tail = f" 🆔 {r.choice(FILEBASES)}{r.randint(1, 9)}" if r.random() < 0.2 else ""
                o.ln(f"- [x] {t} ✅ {ctx.date(ctx.asof - 14)}{tail}")
                o.c["items"] += 1
                o.c["done"] += 1
                o.c["d1"] += 1
            elif x < 0.9:
                st = r.choice(("/", "-", ">", "!"))
                extra = f" [completion:: {ctx.date(ctx.asof - 7)}]" if r.random() < 0.3 else ""
                o.ln(f"- [{st}] {t}{extra}")
                o.c["nonstandard_markers"] += 1
            else:
                o.ln(f"- {t} [due:: {DATES[bizday(ctx.asof + r.randint(1, 9))]}]")
        if r.random() < 0.1:          # task items inside a blockquote still count
            o.tasks([[" ", f"Follow-up from retro: {ctx.task_text()}", [], []]], quote="> ")
        i += 1
    o.h(2, "Query")
    o.fence("tasks", ["not done", f"path includes {ctx.proj}", "sort by due"], 0)


def doc_plan(o, ctx, goal):
    r = ctx.r
    o.h(1, r.choice(("IMPLEMENTATION PLAN", f"{ctx.title} Implementation Plan", "Progress Tracking Guide")))
    o.h(2, "Metadata")
    o.table(None, ["Field", "Value"], [["**Project ID**", f"`{ctx.tk}-2025-{r.randint(1, 12):02d}-{r.randint(1, 99):03d}`"],
                                       ["**Plan Version**", f"`1.{r.randint(0, 9)}.0`"],
                                       ["**Status**", r.choice(("`IN_PROGRESS`", "`APPROVED`", "`REVIEW`"))],
                                       ["**Owner**", ctx.people[0]]])
    o.h(2, "1. Plan Overview")
    o.h(3, "1.1 Summary")
    o.para(f"Move {r.choice(ctx.comps)} onto {r.choice(ctx.tech)} without downtime, in {ctx.nphase} phases.")
    o.h(3, "1.2 Success Criteria")
    o.bullets([cap(ctx.fill(r.choice(DETAILS))) for _ in range(3)])
    o.h(2, "2. Implementation Steps")
    step = 1
    while o.n < goal * 0.8:
        o.h(3, f"Phase {step}: {PHASES[(step - 1) % len(PHASES)]}")
        for s in range(1, r.randint(2, 4) + 1):
            o.h(4, f"Step {step}.{s}: {r.choice(VERBS)} {ctx.fill(r.choice(OBJECTS))}")
            o.bullets([f"Object: `{ctx.f()}`", f"Dependencies: {r.choice(ctx.comps)}"])
            if r.random() < 0.5:
                nodes, _ = ctx.tree(r.randint(2, 6), r.choice((0.0, 0.3, 0.7, 1.0)), nest=0.2)
                o.tasks(nodes)
            if r.random() < 0.25:
                o.fence("bash", [f"make migrate STEP={step}.{s}", f"{ctx.lang[1]}"], 0)
        if r.random() < 0.35:
            fenced_example(o, ctx)
        step += 1
    o.h(2, "3. Quality Gates")
    for g in range(1, 4):
        o.h(3, f"Gate {g}: {r.choice(('Code Complete', 'Integration Verified', 'Documentation Complete', 'Review and Approval'))}")
        nodes, _ = ctx.tree(r.randint(3, 5), r.choice((0.0, 0.5, 1.0)), nest=0)
        o.tasks(nodes)
    if r.random() < 0.3:
        sprinkle_trap(o, ctx)


def doc_template(o, ctx, goal):
    r = ctx.r
    ctx.template = True
    o.h(1, r.choice(("[SCENARIO_NAME] Implementation Tracker", "Milestone [X.Y] Completion Report",
                     "[Component Name] Progress Log")))
    o.blank()
    o.ln("**Scenario**: [Description]")
    o.ln("**Start Date**: [YYYY-MM-DD]")
    o.ln("**Status**: [Research/Layer 1/Layer 2/Complete]")
    o.ln("**Progress**: [X/Y items] ([percentage]%)")
    o.hr()
    i = 1
    while o.n < goal:
        o.h(3, f"{r.choice(('⚙️', '🔗', '🎯', '🧪', '📦'))} Phase {i}: [Phase name]")
        o.tasks([[" ", f"**{r.choice(LABELS)}**: {r.choice(PLACEHOLDERS)} {r.choice(PLACEHOLDERS)}", [], []]
                 for _ in range(r.randint(4, 7))])
        o.para(f"**🛡️ CHECKPOINT**: Cannot proceed until all Phase {i} items checked")
        if r.random() < 0.3:
            o.table(None, ["Risk", "Probability", "Impact", "Mitigation"],
                    [["[Description]", "[Low/Medium/High]", "[Low/Medium/High]", "[Plan]"]])
        i += 1
    o.hr()
    o.h(2, "Notes")
    o.para("Object: {object_name} — File: {file_path}")


BUILDERS = {"tracker": doc_tracker, "log": doc_log, "milestone": doc_milestone,
            "status": doc_status, "burndown": doc_burndown, "speckit": doc_speckit,
            "kiro": doc_kiro, "notes": doc_notes, "plan": doc_plan, "template": doc_template}


# ----------------------------------------------------------------------------
# layout: which file goes where (cheap, done in the parent process)
# ----------------------------------------------------------------------------
def name_for(kind, r, used, ctxm):
    """Relative path of a new file of this kind inside one project."""
    mid = r.choice(ctxm)
    for attempt in range(50):
        if kind == "tracker":
            p = r.choice(("IMPLEMENTATION_TRACKER.md", "docs/trackers/{s}_TRACKER.md", "docs/{ph}/{s}-tracker.md"))
        elif kind == "log":
            p = r.choice(("PROGRESS_LOG.md", "docs/progress/{mo}.md", "docs/{ph}/PROGRESS_LOG.md", "WORKLOG.md"))
        elif kind == "milestone":
            p = r.choice(("docs/{ph}/IMPLEMENTATION_CHECKLIST.md", "milestones/M{mid}-{s}.md", "CHECKLIST.md"))
        elif kind == "status":
            p = r.choice(("STATUS.md", "PROJECT_STATUS.md", "docs/status/{mo}.md", "docs/{ph}/IMPLEMENTATION_STATUS.md"))
        elif kind == "burndown":
            p = r.choice(("BURNDOWN.md", "milestones/M{mid}-burndown.md", "docs/{ph}/BURNDOWN.md"))
        elif kind == "speckit":
            p = "specs/{n3}-{s}/tasks.md"
        elif kind == "kiro":
            p = "specs/{s}/tasks.md"
        elif kind == "notes":
            p = "notes/{day}.md"
        elif kind == "plan":
            p = r.choice(("PLAN.md", "docs/{ph}/PLAN.md", "docs/plans/{s}.md"))
        else:
            p = r.choice(("templates/tracker-template.md", "templates/{s}-template.md"))
        p = p.format(s=r.choice(COMPONENTS).lower() if attempt < 10 else f"{r.choice(COMPONENTS).lower()}-{attempt}",
                     ph=f"phase-{r.randint(1, 6)}", mo=DATES[r.randrange(0, LAST_DAY, 7)][:10],
                     mid=mid, n3=f"{r.randint(1, 60):03d}", day=DATES[bizday(r.randint(60, LAST_DAY))])
        if p not in used:
            used.add(p)
            return p
    p = f"docs/misc/{kind}-{len(used)}.md"
    used.add(p)
    return p


def plan_tree(n, seed):
    """List of (relpath, kind, team, project, encoding) for n files."""
    r = Rng(f"{seed}/layout")
    kinds = [k for k, _ in KINDS]
    weights = [w for _, w in KINDS]
    out = []
    projects = set()
    while len(out) < n:
        team = r.choice(TEAMS)
        for _ in range(50):
            proj = f"{r.choice(PROJ_HEAD)}-{r.choice(PROJ_TAIL)}"
            if (team, proj) not in projects:
                break
        else:
            proj = f"{proj}-{len(projects)}"
        projects.add((team, proj))
        size = min(n - len(out), max(1, int(r.lognormvariate(2.9, 0.6))))
        used = set()
        mids = [f"{a}.{b}" for a in range(1, 6) for b in range(1, 4)]
        for _ in range(size):
            kind = r.choices(kinds, weights)[0]
            rel = name_for(kind, r, used, mids)
            x = r.random()
            enc = "crlf" if x < 0.02 else "mojibake" if x < 0.025 else "bom" if x < 0.03 else ""
            out.append((f"{team}/{proj}/{rel}", kind, team, proj, enc))
    return out


# ----------------------------------------------------------------------------
# file generation (runs in worker processes)
# ----------------------------------------------------------------------------
def build(args):
    outdir, seed, rel, kind, team, proj, enc = args
    shrink = 1.0
    while True:
        data, c = render(seed, rel, kind, team, proj, enc, shrink)
        if len(data) <= MAX_BYTES:
            break
        shrink *= 0.8                 # rare: emoji-heavy or mojibake text ran long
    path = os.path.join(outdir, rel)
    with open(path, "wb") as fh:
        fh.write(data)
    c["bytes"] = len(data)
    c["template"] = int(kind == "template")
    c["crlf"] = int(enc == "crlf")
    c["mojibake"] = int(enc == "mojibake")
    c["bom"] = int(enc == "bom")
    return rel, kind, c


def render(seed, rel, kind, team, proj, enc, shrink):
    """Bytes of one file and its counts."""
    r = Rng(f"{seed}/file/{rel}")
    ctx = Ctx(seed, team, proj, r)
    goal = r.lognormvariate(8.975, 0.55) * KIND_SCALE[kind]
    if enc == "mojibake":
        goal *= 0.6
    goal = max(2300.0, min(36000.0, goal)) * shrink
    o = Out()
    o.c["front_matter"] = 0
    BUILDERS[kind](o, ctx, goal)
    while o.n < MIN_BYTES + 150:      # never below the minimum size
        o.h(2, "Notes")
        o.bullets([cap(ctx.fill(r.choice(DETAILS))) for _ in range(6)])
    text = "\n".join(o.lines).rstrip("\n") + "\n"
    if enc == "mojibake":
        text = text.encode("utf-8").decode("mac_roman")
    if enc == "crlf":
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if enc == "bom":
        data = b"\xef\xbb\xbf" + data
    return data, o.c


DEFINITIONS = {
    "files": "Markdown files written (every file ends in .md)",
    "bytes": "sum of file sizes in bytes, as written (BOM and CR included)",
    "items": "GFM task-list items: list items whose text starts with '[ ]', '[x]' or '[X]' followed by a space, "
             "in -, *, + or ordered lists, nested or inside a blockquote; not inside fenced code or HTML blocks",
    "done": "items marked x or X", "open": "items marked with a space",
    "depth": "[depth1, depth2, depth3]: nesting level of items (top level = 1)",
    "headings": "ATX headings outside code (YAML front matter of notes files is not content; skip it and a leading BOM)",
    "tables": "GFM tables outside code", "table_rows": "table body rows (header and delimiter rows excluded)",
    "risk_rows": "body rows of tables whose header has Risk, Probability|Likelihood, Impact[, Mitigation, Owner, Status]",
    "debt_rows": "body rows of 'Item | Description | Impact | Priority | Planned Resolution | Status' tables (TD-NNN)",
    "burndown_rows": "body rows of 'Date | Remaining Items | Completed Today | Blockers' tables",
    "perf_rows": "body rows of 'Operation | Baseline | Current | Target | Status' tables",
    "risk_bullets": "list items starting with '**Risk**:' (risk register bullet blocks, active and resolved)",
    "progress_claims": "declared '**Progress**: x/y items (p%)' lines (some are stale on purpose)",
    "current_step_markers": "items carrying '← **CURRENT STEP**'",
    "log_entries": "headings 'YYYY-MM-DD - Milestone X.Y - Name'",
    "weekly_summaries": "headings 'Week of YYYY-MM-DD - Weekly Summary'",
    "fake_in_code": "checkbox-looking lines inside fenced code (```, ~~~, ````): not items",
    "fake_in_html_comment": "checkbox lines inside <!-- --> blocks: not items",
    "nonstandard_markers": "'- [/]', '- [-]', '- [~]', '- [>]', '- [!]' list items: not GFM items",
    "nospace_markers": "'- [x]Text' with no space after ']': not items",
    "not_a_heading": "'##Conclusion' lines (no space after #): not headings",
    "template_files": "placeholder documents under templates/ (their items are counted in items too)",
}


def summarize(results):
    tot = dict.fromkeys(COUNT_KEYS, 0)
    ext = {"template_files": 0, "crlf_files": 0, "mojibake_files": 0, "bom_files": 0, "front_matter_files": 0}
    kinds = {}
    nbytes = 0
    for rel, kind, c in results:
        for k in COUNT_KEYS:
            tot[k] += c[k]
        nbytes += c["bytes"]
        ext["template_files"] += c["template"]
        ext["crlf_files"] += c["crlf"]
        ext["mojibake_files"] += c["mojibake"]
        ext["bom_files"] += c["bom"]
        ext["front_matter_files"] += c["front_matter"]
        kinds[kind] = kinds.get(kind, 0) + 1
    totals = {"files": len(results), "bytes": nbytes, "items": tot["items"], "done": tot["done"],
              "open": tot["items"] - tot["done"], "depth": [tot["d1"], tot["d2"], tot["d3"]],
              "headings": tot["headings"], "tables": tot["tables"], "table_rows": tot["table_rows"]}
    for k in COUNT_KEYS[8:]:
        totals[k] = tot[k]
    totals.update(ext)
    return totals, dict(sorted(kinds.items()))


def per_file_entry(c):
    return {"bytes": c["bytes"], "items": c["items"], "done": c["done"], "headings": c["headings"],
            "tables": c["tables"], "table_rows": c["table_rows"]}


def write_meta(outdir, meta):
    with open(os.path.join(outdir, META_NAME), "w", encoding="utf-8") as fh:
        json.dump(meta, fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.write("\n")


def cmd_generate(a):
    t0 = time.monotonic()
    out = a.outdir
    if os.path.isdir(out) and os.listdir(out):
        if not a.force:
            sys.exit(f"gen-corpus: {out} is not empty (use --force to replace a generated tree)")
        if not os.path.exists(os.path.join(out, META_NAME)):
            sys.exit(f"gen-corpus: {out} has no {META_NAME}; refusing to delete it")
        shutil.rmtree(out)
    os.makedirs(out, exist_ok=True)
    layout = plan_tree(a.files, a.seed)
    for d in sorted({os.path.dirname(rel) for rel, *_ in layout}):
        os.makedirs(os.path.join(out, d), exist_ok=True)
    jobs = [(out, a.seed) + x for x in layout]
    nj = a.jobs if a.jobs > 0 else (os.cpu_count() or 1)
    if nj > 1 and len(jobs) > 200:
        import multiprocessing
        with multiprocessing.Pool(nj) as pool:
            results = list(pool.imap(build, jobs, chunksize=64))
    else:
        results = [build(j) for j in jobs]
    totals, kinds = summarize(results)
    meta = {"generator": "progdb scripts/gen-corpus.py", "version": GEN_VERSION, "seed": a.seed,
            "totals": totals, "kinds": kinds, "definitions": DEFINITIONS, "mutations": []}
    if a.per_file:
        meta["per_file"] = {rel: per_file_entry(c) for rel, _, c in sorted(results, key=lambda x: x[0])}
    write_meta(out, meta)
    dt = time.monotonic() - t0
    print(f"gen-corpus: {totals['files']} files, {totals['bytes'] / 1e6:.1f} MB, {totals['items']} items "
          f"({totals['done']} done), {totals['headings']} headings, {totals['tables']} tables "
          f"({totals['table_rows']} rows) in {dt:.1f}s -> {out}")


# ----------------------------------------------------------------------------
# mutate mode
# ----------------------------------------------------------------------------
ITEM_RE = re.compile(r"^( *)([-*+]|\d+[.)]) \[( |x|X)\] (.*)$")
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
BURN_HEAD = "| Date | Remaining Items | Completed Today | Blockers |"


def scan(lines):
    """Indices of real task lines and of burndown tables (header index, last row index)."""
    items, burns = [], []
    fence = None
    in_comment = False
    i = 0
    while i < len(lines):
        s = lines[i]
        if fence:
            m = FENCE_RE.match(s)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not s.strip(" `~"):
                fence = None
        elif in_comment:
            if "-->" in s:
                in_comment = False
        elif FENCE_RE.match(s):
            fence = FENCE_RE.match(s).group(1)
        elif s.startswith("<!--") and "-->" not in s:
            in_comment = True
        elif ITEM_RE.match(s):
            items.append(i)
        elif s == BURN_HEAD:
            j = i + 2
            while j < len(lines) and lines[j].startswith("|"):
                j += 1
            if j - 1 >= i + 2:
                burns.append((i, j - 1))
            i = j
            continue
        i += 1
    return items, burns


def mutate_file(path, r, day, stats):
    with open(path, "rb") as fh:
        raw = fh.read()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8") if bom else raw.decode("utf-8")
    crlf = "\r\n" in text
    lines = text.split("\r\n" if crlf else "\n")
    items, burns = scan(lines)
    if not items and not burns:
        return 0
    open_ = [i for i in items if ITEM_RE.match(lines[i]).group(3) == " "]
    for i in sorted(r.sample(open_, min(len(open_), r.randint(1, 3)))):
        s = lines[i]
        if "← **CURRENT STEP**" in s:
            s = s.replace(" ← **CURRENT STEP**", "")
            stats["current_step_markers"] -= 1
        s = s.replace("[ ]", "[x]", 1)
        s = re.sub(r" 📅 \d{4}-\d\d-\d\d", "", s)
        lines[i] = s + (f" ✅ {day}" if r.random() < 0.7 else f" (done {day})")
        stats["ticked"] += 1
    if items:
        at = r.choice(items)
        m = ITEM_RE.match(lines[at])
        bullet = m.group(2)
        if bullet[0].isdigit():
            bullet = f"{int(bullet[:-1]) + 1}{bullet[-1]}"
        new = f"{m.group(1)}{bullet} [ ] {r.choice(VERBS)} {r.choice(OBJECTS).format(c=r.choice(COMPONENTS), a=r.choice(AREAS), t=r.choice(TECH), f=r.choice(FILEBASES) + '.md', m=r.choice(MODULES), tk='FOLLOWUP-' + str(r.randint(1, 999)))} (added {day})"
        lines.insert(at + 1, new)
        stats["added"] += 1
        stats["_added_indent"].append(len(m.group(1)))
        burns = [(h + (h > at), e + (e > at)) for h, e in burns]
    if burns:
        h, e = r.choice(burns)
        cells = [x.strip() for x in lines[e].strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"\d{4}-\d\d-\d\d", cells[0]) and cells[1].isdigit() and r.random() < 0.6:
            d = datetime.date.fromisoformat(cells[0]) + datetime.timedelta(days=1)
            while d.weekday() >= 5:
                d += datetime.timedelta(days=1)
            k = min(int(cells[1]), r.randint(0, 3))
            lines.insert(e + 1, f"| {d.isoformat()} | {int(cells[1]) - k} | {k} | None |")
            stats["burndown_rows_added"] += 1
        elif len(cells) == 4 and cells[1].isdigit() and cells[2].isdigit():
            k = 1 if int(cells[1]) > 0 else 0
            cells[1] = str(int(cells[1]) - k)
            cells[2] = str(int(cells[2]) + k)
            cells[3] = "None" if cells[3] != "None" else r.choice(("Flaky CI", "Staging access", "Code review"))
            lines[e] = "| " + " | ".join(cells) + " |"
            stats["burndown_rows_edited"] += 1
    text = ("\r\n" if crlf else "\n").join(lines)
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    with open(path, "wb") as fh:
        fh.write(data)
    stats["bytes_delta"] += len(data) - len(raw)
    return len(data) - len(raw)


def cmd_mutate(a):
    t0 = time.monotonic()
    out = a.outdir
    mp = os.path.join(out, META_NAME)
    if not os.path.exists(mp):
        sys.exit(f"gen-corpus: {mp} not found; --mutate needs a tree made by this script")
    with open(mp, encoding="utf-8") as fh:
        meta = json.load(fh)
    files = []
    for root, dirs, names in os.walk(out):
        dirs.sort()
        for nm in names:
            if nm.endswith(".md"):
                rel = os.path.relpath(os.path.join(root, nm), out).replace(os.sep, "/")
                if not rel.split("/")[2:3] == ["templates"]:
                    files.append(rel)
    files.sort()
    rnd = len(meta.get("mutations", []))
    r = Rng(f"{a.seed}/mutate/{a.mutate}/{rnd}")
    k = max(1, round(len(files) * a.mutate / 100)) if files else 0
    chosen = sorted(r.sample(files, min(k, len(files))))
    day = DATES[bizday(LAST_DAY + 3 + 2 * rnd)] if LAST_DAY + 3 + 2 * rnd < len(DATES) - 3 else DATES[-3]
    stats = {"ticked": 0, "added": 0, "burndown_rows_added": 0, "burndown_rows_edited": 0,
             "bytes_delta": 0, "current_step_markers": 0, "_added_indent": []}
    changed = 0
    pf = meta.get("per_file")
    for rel in chosen:
        before = dict(stats)
        delta = mutate_file(os.path.join(out, rel), r, day, stats)
        if stats["ticked"] != before["ticked"] or stats["added"] != before["added"] or delta:
            changed += 1
        if pf is not None and rel in pf:
            e = pf[rel]
            e["bytes"] += stats["bytes_delta"] - before["bytes_delta"]
            e["items"] += stats["added"] - before["added"]
            e["done"] += stats["ticked"] - before["ticked"]
            e["table_rows"] += stats["burndown_rows_added"] - before["burndown_rows_added"]
    t = meta["totals"]
    t["bytes"] += stats["bytes_delta"]
    t["items"] += stats["added"]
    t["done"] += stats["ticked"]
    t["open"] = t["items"] - t["done"]
    t["table_rows"] += stats["burndown_rows_added"]
    t["burndown_rows"] += stats["burndown_rows_added"]
    t["current_step_markers"] += stats["current_step_markers"]
    for ind in stats.pop("_added_indent"):
        # added items sit next to an existing item at the same indentation
        t["depth"][0 if ind == 0 else (1 if ind <= 3 else 2)] += 1
    meta.setdefault("mutations", []).append(
        {"percent": a.mutate, "seed": a.seed, "date": day, "files_changed": changed,
         "ticked": stats["ticked"], "added": stats["added"],
         "burndown_rows_added": stats["burndown_rows_added"],
         "burndown_rows_edited": stats["burndown_rows_edited"], "bytes_delta": stats["bytes_delta"],
         "paths": chosen})
    write_meta(out, meta)
    print(f"gen-corpus: mutated {changed} of {len(files)} files: {stats['ticked']} ticked, "
          f"{stats['added']} added, {stats['burndown_rows_added']} burndown rows added, "
          f"{stats['burndown_rows_edited']} edited in {time.monotonic() - t0:.1f}s -> {out}")


def main():
    ap = argparse.ArgumentParser(description="Generate (or mutate) a synthetic tree of Markdown progress documents.")
    ap.add_argument("outdir")
    ap.add_argument("--files", type=int, help="number of files to generate")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--jobs", type=int, default=0, help="worker processes (default: all CPUs)")
    ap.add_argument("--per-file", action="store_true", help="also record per-file counts in " + META_NAME)
    ap.add_argument("--force", action="store_true", help="replace an existing generated tree")
    ap.add_argument("--mutate", type=float, metavar="PERCENT", help="edit PERCENT%% of an existing tree in place")
    a = ap.parse_args()
    if a.mutate is not None:
        if a.files is not None:
            ap.error("--mutate and --files are exclusive")
        if not 0 < a.mutate <= 100:
            ap.error("--mutate takes a percentage in (0, 100]")
        cmd_mutate(a)
    else:
        if a.files is None or a.files < 1:
            ap.error("--files N (N >= 1) is required")
        cmd_generate(a)


if __name__ == "__main__":
    main()
