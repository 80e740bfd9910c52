import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  LoadedFile,
  Span,
  TaskDecl,
  WorkspaceDecl,
  Written,
} from '../../src/manifest/model.js';
import { duplicateNames } from '../../src/manifest/rules/duplicate-names.js';
import {
  nameControlChar,
  nameTooLong,
  nameWhitespace,
} from '../../src/manifest/rules/name-shape.js';
import {
  projectIdFormat,
  projectIdRange,
} from '../../src/manifest/rules/project-id.js';
import {
  missingRegion,
  unknownRegion,
} from '../../src/manifest/rules/region.js';
import { sinceRange } from '../../src/manifest/rules/since-range.js';
import {
  missingExportMode,
  sinceIgnored,
  sinceRequired,
} from '../../src/manifest/rules/task-fields.js';
import {
  labelConflict,
  regionConflict,
  workspaceWithoutTasks,
} from '../../src/manifest/rules/workspace-consistency.js';
import { yaml11Reading } from '../../src/manifest/rules/yaml11.js';
import { NOW } from './helpers.js';

const AT: Span = [3, 5, 3, 10];

function written<T>(value: T, path: string, at: Span = AT): Written<T> {
  return { value, at, path };
}

function task(name: string, extra: Partial<TaskDecl> = {}): TaskDecl {
  const path = 'workspaces[0].exports[0]';
  return { name: written(name, `${path}.name`), at: AT, path, ...extra };
}

function workspace(
  projectId: string,
  extra: Partial<WorkspaceDecl> = {},
): WorkspaceDecl {
  return {
    projectId: written(projectId, 'workspaces[0].projectId'),
    region: written('cn-hangzhou', 'workspaces[0].region'),
    path: 'workspaces[0]',
    tasks: [],
    declaredTasks: 0,
    ...extra,
  };
}

function file(name: string, workspaces: WorkspaceDecl[]): LoadedFile {
  return { file: name, workspaces, diagnostics: [] };
}

const codes = (diags: readonly { code: string }[]) => diags.map((d) => d.code);

describe('projectId rules', () => {
  it('accept plain decimal digits', () => {
    assert.deepEqual(codes(projectIdFormat(workspace('10001'), 'f')), []);
  });

  it('refuse a leading zero and suggest the decimal reading', () => {
    const [d] = projectIdFormat(workspace('0123'), 'f');

    assert.equal(d?.code, 'PROJECT_ID_FORMAT');
    assert.match(d?.hint ?? '', /write 123/);
  });

  it('refuse underscores, signs, hex and zero', () => {
    for (const id of ['1_000', '-5', '+5', '0x10', '1e3', '0']) {
      assert.deepEqual(codes(projectIdFormat(workspace(id), 'f')),
        ['PROJECT_ID_FORMAT'], id);
    }
  });

  it('refuse ids beyond the largest Java long only', () => {
    const max = '9223372036854775807';

    assert.deepEqual(codes(projectIdRange(workspace(max), 'f')), []);
    assert.deepEqual(codes(projectIdRange(workspace('9223372036854775808'),
      'f')), ['PROJECT_ID_RANGE']);
  });
});

describe('region rules', () => {
  it('require a region', () => {
    const ws = workspace('1');
    delete ws.region;

    assert.deepEqual(codes(missingRegion(ws, 'f')), ['MISSING_REGION']);
  });

  it('stay quiet about a region whose own value is already an error', () => {
    const ws = workspace('1', { regionTainted: true });
    delete ws.region;

    assert.deepEqual(codes(missingRegion(ws, 'f')), []);
  });

  it('suggest the region meant by a typo', () => {
    const ws = workspace('1', {
      region: written('cn-shangai', 'workspaces[0].region'),
    });

    const [d] = unknownRegion(ws, 'f');

    assert.equal(d?.severity, 'warning');
    assert.match(d?.hint ?? '', /cn-shanghai/);
  });

  it('know finance and government cloud regions', () => {
    const ws = workspace('1', {
      region: written('cn-shanghai-finance-1', 'workspaces[0].region'),
    });

    assert.deepEqual(codes(unknownRegion(ws, 'f')), []);
  });
});

describe('task field rules', () => {
  const incremental = written<'INCREMENTAL'>('INCREMENTAL',
    'workspaces[0].defaults.exportMode');
  const full = written<'FULL'>('FULL', 'workspaces[0].exports[0].exportMode');
  const since = (path: string) => written(1735660800000, path);

  it('require an export mode', () => {
    assert.deepEqual(codes(missingExportMode(task('t'), 'f')),
      ['MISSING_EXPORT_MODE']);
  });

  it('name the defaults an inherited INCREMENTAL comes from', () => {
    const [d] = sinceRequired(task('t', { exportMode: incremental }), 'f');

    assert.equal(d?.code, 'SINCE_REQUIRED');
    assert.match(d?.message ?? '', /set at workspaces\[0\]\.defaults/);
  });

  it('skip tasks with a schema error of their own', () => {
    const t = task('t', { exportMode: incremental, tainted: true });

    assert.deepEqual(codes(sinceRequired(t, 'f')), []);
    assert.deepEqual(codes(missingExportMode(task('t', { tainted: true }),
      'f')), []);
  });

  it('warn about a since written on a FULL task', () => {
    const own = since('workspaces[0].exports[0].incrementalSince');

    assert.deepEqual(codes(sinceIgnored(task('t', {
      exportMode: full,
      incrementalSince: own,
    }), 'f')), ['SINCE_IGNORED']);
  });

  it('do not warn about a since inherited by a FULL task', () => {
    const inherited = since('defaults.incrementalSince');

    assert.deepEqual(codes(sinceIgnored(task('t', {
      exportMode: full,
      incrementalSince: inherited,
    }), 'f')), []);
  });
});

describe('name rules', () => {
  it('find leading and trailing white space', () => {
    assert.deepEqual(codes(nameWhitespace(task(' a'), 'f')),
      ['NAME_WHITESPACE']);
    assert.deepEqual(codes(nameWhitespace(task('a\t'), 'f')),
      ['NAME_WHITESPACE']);
    assert.deepEqual(codes(nameWhitespace(task('a b'), 'f')), []);
  });

  it('find control and invisible characters and say which', () => {
    const [bell] = nameControlChar(task('a\u0007b'), 'f');
    const [zeroWidth] = nameControlChar(task('a\u200bb'), 'f');

    assert.match(bell?.message ?? '', /U\+0007 at position 2/);
    assert.match(zeroWidth?.message ?? '', /U\+200B/);
    assert.deepEqual(codes(nameControlChar(task('订单_全量'), 'f')), []);
  });

  it('allow 128 characters and no more', () => {
    assert.deepEqual(codes(nameTooLong(task('x'.repeat(128)), 'f')), []);
    assert.deepEqual(codes(nameTooLong(task('x'.repeat(129)), 'f')),
      ['NAME_TOO_LONG']);
  });
});

describe('cross-file rules', () => {
  it('report a repeated name with the place of the first', () => {
    const a = workspace('1', { tasks: [task('orders')] });
    const b = workspace('1', { tasks: [task('orders')] });

    const [d] = duplicateNames([file('a.yaml', [a]), file('b.yaml', [b])]);

    assert.equal(d?.file, 'b.yaml');
    assert.deepEqual(d?.related, [{ file: 'a.yaml', line: 3, column: 5 }]);
    assert.match(d?.message ?? '', /first at a\.yaml:3:5/);
  });

  it('say how many times a name is used when it is used three times', () => {
    const a = workspace('1', { tasks: [task('orders'), task('orders')] });
    const b = workspace('1', { tasks: [task('orders')] });

    const found = duplicateNames([file('a.yaml', [a]), file('b.yaml', [b])]);

    assert.equal(found.length, 2);
    for (const d of found) {
      assert.match(d.message, /is used 3 times in workspace 1;/);
      assert.equal(d.hint, 'rename all but one of the 3 tasks');
    }
  });

  it('say twice when a name is used twice', () => {
    const a = workspace('1', { tasks: [task('orders'), task('orders')] });

    const [d] = duplicateNames([file('a.yaml', [a])]);

    assert.match(d?.message ?? '', /is used twice in workspace 1;/);
  });

  it('allow one name in two workspaces', () => {
    const a = workspace('1', { tasks: [task('orders')] });
    const b = workspace('2', { tasks: [task('orders')] });

    assert.deepEqual(duplicateNames([file('a.yaml', [a, b])]), []);
  });

  it('report one projectId in two regions', () => {
    const a = workspace('1');
    const b = workspace('1', {
      region: written('cn-shanghai', 'workspaces[0].region'),
    });

    const found = regionConflict([file('a.yaml', [a]), file('b.yaml', [b])]);

    assert.deepEqual(codes(found), ['REGION_CONFLICT']);
    assert.equal(found[0]?.file, 'b.yaml');
  });

  it('warn about one projectId with two labels', () => {
    const a = workspace('1', { label: 'x' });
    const b = workspace('1', { label: 'y' });

    assert.deepEqual(codes(labelConflict([file('a.yaml', [a, b])])),
      ['LABEL_CONFLICT']);
  });

  it('point both locations of a label conflict at the labels', () => {
    const a = workspace('1', { label: 'x', labelAt: [4, 12, 4, 13] });
    const b = workspace('1', { label: 'y', labelAt: [6, 14, 6, 15] });

    const found = labelConflict([file('a.yaml', [a]), file('b.yaml', [b])]);

    assert.equal(found.length, 1);
    assert.deepEqual([found[0]?.line, found[0]?.column], [6, 14]);
    assert.deepEqual(found[0]?.related,
      [{ file: 'a.yaml', line: 4, column: 12 }]);
  });

  it('warn about a workspace with no task in any file', () => {
    const empty = workspace('1');
    const elsewhere = workspace('1', { tasks: [task('t')], declaredTasks: 1 });

    assert.deepEqual(codes(workspaceWithoutTasks([file('a', [empty])])),
      ['WORKSPACE_WITHOUT_TASKS']);
    assert.deepEqual(workspaceWithoutTasks([file('a', [empty]),
      file('b', [elsewhere])]), []);
  });

  it('check since against the clock once per place written', () => {
    const mode = written<'INCREMENTAL'>('INCREMENTAL', 'defaults.exportMode');
    const future = written(NOW + 1, 'defaults.incrementalSince');
    const ws = workspace('1', {
      tasks: [
        task('a', { exportMode: mode, incrementalSince: future }),
        task('b', { exportMode: mode, incrementalSince: future }),
      ],
    });

    const found = sinceRange([file('a', [ws])], NOW);

    assert.deepEqual(codes(found), ['SINCE_IN_FUTURE']);
  });

  it('suggest milliseconds for a since given in seconds', () => {
    const mode = written<'INCREMENTAL'>('INCREMENTAL', 'x.exportMode');
    const seconds = written(1735660800, 'x.incrementalSince');
    const ws = workspace('1', {
      tasks: [task('a', { exportMode: mode, incrementalSince: seconds })],
    });

    const [d] = sinceRange([file('a', [ws])], NOW);

    assert.equal(d?.code, 'SINCE_TOO_EARLY');
    assert.match(d?.hint ?? '', /1735660800000/);
  });
});

describe('yaml11Reading', () => {
  it('knows the words YAML 1.1 reads as booleans', () => {
    assert.equal(yaml11Reading('no'), 'false');
    assert.equal(yaml11Reading('On'), 'true');
    assert.equal(yaml11Reading('y'), 'true');
  });

  it('knows YAML 1.1 numbers and dates', () => {
    assert.equal(yaml11Reading('1_000'), 'the number 1000');
    assert.equal(yaml11Reading('0b101'), 'a binary number');
    assert.equal(yaml11Reading('1:30'), 'a base-60 number');
    assert.equal(yaml11Reading('2025-01-01'), 'a date');
  });

  it('leaves ordinary words alone', () => {
    assert.equal(yaml11Reading('orders_full'), undefined);
    assert.equal(yaml11Reading('none'), undefined);
  });
});
