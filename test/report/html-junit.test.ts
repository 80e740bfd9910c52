import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dropForbidden, escapeXmlAttr } from '../../src/report/escape.js';
import { duration, toHtml } from '../../src/report/html.js';
import { toJunit } from '../../src/report/junit.js';
import { buildReport } from '../../src/report/model.js';
import {
  BIG_PROJECT,
  BIG_TASK,
  NASTY_NAMES,
  finishedRun,
  killedRun,
  runStart,
} from './journal-fixture.js';
import { findAll, readXml } from './xml-reader.js';

const FORBIDDEN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

describe('report.html', () => {
  it('escapes markup, quotes and ampersands in every name', () => {
    const page = toHtml(buildReport(finishedRun()));

    assert.ok(!page.includes('<script>'));
    assert.ok(page.includes(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    ));
    assert.ok(page.includes('say &quot;hi&quot; &amp; &#39;bye&#39;, ok'));
    assert.ok(page.includes('bad &lt;value&gt; &amp; &quot;x&quot;\nok'));
    assert.ok(page.includes('manifests/&lt;b&gt;odd&lt;/b&gt;'));
  });

  it('keeps non-Latin text and drops control characters', () => {
    const page = toHtml(buildReport(finishedRun()));

    assert.ok(page.includes(NASTY_NAMES.chinese));
    assert.ok(page.includes('请求过于频繁'));
    assert.ok(!FORBIDDEN_XML.test(page));
    assert.ok(page.includes('bell\uFFFD and nul\uFFFD and esc\uFFFD'));
  });

  it('loads nothing from outside: no script, link, src or remote URL', () => {
    const page = toHtml(buildReport(finishedRun()));

    assert.doesNotMatch(page, /<script|<link|<img|<iframe|@import|url\(/i);
    assert.doesNotMatch(page, /\ssrc\s*=/i);
    const hrefs = [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    assert.ok(hrefs.length > 0);
    assert.ok(hrefs.every((h) => h!.startsWith('#ws-')));
    assert.match(page, /Content-Security-Policy" content="default-src 'none'/);
  });

  it('inlines its stylesheet unescaped, quotes of font names intact', () => {
    const page = toHtml(buildReport(finishedRun()));

    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
    assert.ok(style.includes('"Segoe UI"'));
    assert.ok(!style.includes('&quot;'));
  });

  it('shows the run facts an auditor asks for', () => {
    const page = toHtml(buildReport(finishedRun()));

    for (const fact of [
      '20260301T080000Z-a1b2c3',
      '2026-03-01 08:00:00 UTC',
      '2026-03-01 08:03:07 UTC',
      '3 min 8 s',
      'dwmigrate 0.1.0',
      'LTAI****9xQz',
      'https://dataworks.cn-hangzhou.aliyuncs.com',
      'a'.repeat(64),
      '0123456789abcdef0123456789abcdef01234567',
      'uncommitted changes',
      'concurrency',
      'Completed with failures',
    ]) {
      assert.ok(page.includes(fact), `missing ${fact}`);
    }
  });

  it('draws an SVG chart labelled with every outcome count', () => {
    const page = toHtml(buildReport(finishedRun()));

    const svg = /<svg[\s\S]*?<\/svg>/.exec(page)?.[0] ?? '';
    assert.match(svg, /aria-label="Outcomes: failed 2, not-started 1, /);
    assert.match(svg, /created 3, existing 1"/);
    assert.match(svg, /<title>Outcomes of 7 tasks<\/title>/);
  });

  it('lists failures first in each workspace, workspaces with failures first',
    () => {
      const page = toHtml(buildReport(finishedRun()));

      const at = (text: string): number => page.indexOf(text);
      const pipes = at('<td class="text">a | b | c</td>');
      const script = at('&lt;script&gt;alert');
      assert.ok(pipes > 0 && script > pipes);
      const chinese = at(`<td class="text">${NASTY_NAMES.chinese}</td>`);
      const newline = at('<td class="text">line one\nline two');
      assert.ok(chinese > 0 && newline > chinese);
      assert.ok(at(BIG_TASK) > 0);
    });

  it('names an interrupted run once, with the recorded reason', () => {
    const records = finishedRun();
    const end = records.at(-1)!;
    Object.assign(end, {
      exitCode: 130, reason: 'interrupted: interrupted by a signal',
    });

    const page = toHtml(buildReport(records));

    assert.ok(page.includes('>Interrupted: interrupted by a signal</p>'));
  });

  it('gives every task table the same fixed columns', () => {
    const page = toHtml(buildReport(finishedRun()));

    const tables = page.match(/<table class="tasks">\n<colgroup>/g) ?? [];
    assert.equal(tables.length, 2);
    assert.ok(page.includes('<p class="detail muted">request\n' +
      '<span class="mono">req-'));
    assert.ok(page.includes(
      'manifests/<wbr><span class="nowrap">orders.yaml:15</span>'));
  });

  it('keeps a file:line whole, but lets a very long file name break', () => {
    const records = finishedRun();
    const long = 'manifests/' + 'x'.repeat(40) + '.yaml';
    for (const r of records) {
      if (r.type === 'outcome' && r.source) r.source.file = long;
    }

    const page = toHtml(buildReport(records));

    assert.ok(!page.includes('<span class="nowrap">xxx'));
    assert.ok(page.includes(`manifests/<wbr>${'x'.repeat(40)}.yaml:3`));
  });

  it('shows name conflicts in the banner, summary, index and task row',
    () => {
      const page = toHtml(buildReport(finishedRun()));

      assert.ok(page.includes('<p class="status warn">Conflicts: 1 task ' +
        'shares its name with other tasks on the server;'));
      assert.ok(page.includes('Name conflicts:\n<span class="badge ' +
        'o-failed">1</span>'));
      assert.ok(page.includes('<th class="num">conflicts</th>'));
      assert.match(page, /<p class="detail conflict">[^]*?conflict<\/span>/);
      assert.ok(page.includes('<span class="mono">7000000000000000003'));
    });

  it('shows no conflict banner when no name is shared', () => {
    const page = toHtml(buildReport(killedRun()));

    assert.ok(!page.includes('Conflicts:'));
    assert.ok(page.includes('Name conflicts:\n<span class="badge ' +
      'o-created">0</span>'));
  });

  it('scales each outcome bar to the total, not to the largest', () => {
    const page = toHtml(buildReport(finishedRun()));

    // 3 created of 7 tasks, in a 394-wide bar area: 168.86, not full.
    assert.ok(page.includes('width="168.86" height="18"'));
    assert.ok(!page.includes('width="394.00" height="18"'));
  });

  it('puts the workspace index and each task table in a scroll box', () => {
    const page = toHtml(buildReport(finishedRun()));

    assert.ok(page.includes('<div class="scroll"><table class="index">'));
    assert.equal(
      (page.match(/<div class="scroll"><table class="tasks">/g) ?? []).length,
      2);
    assert.match(page, /\.tasks td \{ overflow-wrap: anywhere; \}/);
  });

  it('says a killed run did not finish and lists its unfinished task', () => {
    const page = toHtml(buildReport(killedRun()));

    assert.ok(page.includes('Did not finish: no end recorded'));
    assert.ok(page.includes('<span class="badge o-unfinished">unfinished'));
    assert.ok(page.includes('not in a git repository'));
  });

  it('renders a run without tasks, chart included', () => {
    const report = buildReport([runStart('r0', '2026-03-03T00:00:00.000Z')]);

    const page = toHtml(report);

    assert.ok(page.includes('This run had no tasks.'));
    assert.match(page, /<title>Outcomes of 0 tasks<\/title>/);
    assert.doesNotMatch(page, /NaN|Infinity/);
  });

  it('words durations for people', () => {
    assert.equal(duration('2026-01-01T00:00:00Z', '2026-01-01T01:02:03Z'),
      '1 h 2 min 3 s');
    assert.equal(duration('2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
      'under a second');
    assert.equal(duration('x', 'y'), 'unknown duration');
  });
});

describe('junit.xml', () => {
  it('is well-formed XML with a suite per workspace and a case per task',
    () => {
      const xml = toJunit(buildReport(finishedRun()));

      const root = readXml(xml);
      const suites = findAll(root, 'testsuite');
      assert.equal(root.name, 'testsuites');
      assert.deepEqual(root.attrs.tests, '7');
      assert.deepEqual(suites.map((s) => s.attrs.name),
        ['10001 (cn-hangzhou)', `${BIG_PROJECT} (cn-shanghai)`]);
      assert.deepEqual(suites.map((s) => s.attrs.tests), ['4', '3']);
      assert.equal(root.attrs.time, '187.500');
    });

  it('round-trips every task name exactly, newlines included', () => {
    const report = buildReport(finishedRun());

    const cases = findAll(readXml(toJunit(report)), 'testcase');

    assert.deepEqual(
      cases.map((c) => [c.attrs.classname, c.attrs.name]),
      report.tasks.map((t) => [t.projectId, dropForbidden(t.name)]),
    );
  });

  it('marks failures with the error, and not-started tasks as skipped', () => {
    const xml = toJunit(buildReport(finishedRun()));

    const root = readXml(xml);
    const failures = findAll(root, 'failure');
    const skipped = findAll(root, 'skipped');
    assert.equal(root.attrs.failures, '2');
    assert.equal(root.attrs.skipped, '1');
    assert.deepEqual(failures.map((f) => f.attrs.type),
      ['InvalidParameter', 'Throttling.User']);
    assert.equal(failures[0]!.attrs.message, 'bad <value> & "x"\nok');
    assert.match(failures[0]!.text, /request ID: req-15-7F3A/);
    assert.equal(skipped[0]!.attrs.message, 'not-started');
  });

  it('is well-formed with no suites for a run without tasks', () => {
    const report = buildReport([runStart('r0', '2026-03-03T00:00:00.000Z')]);

    const root = readXml(toJunit(report));

    assert.equal(root.attrs.tests, '0');
    assert.equal(findAll(root, 'testsuite').length, 0);
  });

  it('writes no character XML 1.0 forbids', () => {
    const xml = toJunit(buildReport(finishedRun()));

    assert.ok(!FORBIDDEN_XML.test(xml));
    assert.ok(xml.includes('bell\uFFFD and nul\uFFFD and esc\uFFFD'));
  });

  it('shows a name conflict as a property and in system-out, not a failure',
    () => {
      const root = readXml(toJunit(buildReport(finishedRun())));

      const cases = findAll(root, 'testcase');
      const hit = cases.find((c) => c.attrs.name === NASTY_NAMES.quotes)!;
      const props = findAll(hit, 'property');
      assert.deepEqual(props.map((p) => [p.attrs.name, p.attrs.value]),
        [['conflicts', '7000000000000000003']]);
      assert.match(findAll(hit, 'system-out')[0]!.text,
        /CONFLICT: same name also on the server: 7000000000000000003/);
      assert.equal(findAll(hit, 'failure').length, 0);
      assert.equal(root.attrs.failures, '2');
    });

  it('counts conflicts in the suite properties of their workspace', () => {
    const root = readXml(toJunit(buildReport(finishedRun())));

    const counts = findAll(root, 'testsuite').map((s) =>
      findAll(s, 'property').find((p) => p.attrs.name === 'conflicts')
        ?.attrs.value);
    assert.deepEqual(counts, ['1', undefined]);
  });

  it('counts unfinished tasks of a killed run as skipped', () => {
    const root = readXml(toJunit(buildReport(killedRun())));

    const skipped = findAll(root, 'skipped');
    assert.equal(root.attrs.skipped, '1');
    assert.match(skipped[0]!.attrs.message!, /^unfinished/);
    assert.equal(root.attrs.time, undefined);
  });
});

describe('escaping', () => {
  it('keeps tabs and line ends in attributes as character references', () => {
    assert.equal(escapeXmlAttr('a\tb\nc\rd'), 'a&#9;b&#10;c&#13;d');
  });

  it('replaces unpaired surrogates but keeps real pairs', () => {
    assert.equal(dropForbidden('x\uD800y'), 'x\uFFFDy');
    assert.equal(dropForbidden('y\uDC00'), 'y\uFFFD');
    assert.equal(dropForbidden('😀'), '😀');
    assert.equal(dropForbidden('\uFFFE\uFFFF'), '\uFFFD\uFFFD');
  });
});
