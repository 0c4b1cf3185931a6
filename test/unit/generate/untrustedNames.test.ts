import { strict as assert } from 'node:assert';
import { Document, parseAllDocuments } from 'yaml';
import { applyTargets } from '../../../src/core/editor/applyTargets';
import type { GeneratedFile } from '../../../src/core/generate/generateOptions';
import { table } from '../../../src/core/generate/markdownText';
import { asComment } from '../../../src/core/generate/yamlNodes';
import type { HardeningManifest } from '../../../src/core/manifest/manifestTypes';
import { renderHardeningFiles } from '../../../src/core/profile/hardeningOutput';
import { loadRecording, manifestFrom, recordedFacts } from '../recordedFixture';
import { rawUnprintables, readWithPyYaml, sanitized } from '../untrustedText';

const OPTIONS = { command: 'harden profile harden-fixture/control-names:test', outputDir: '.harden/control-names' };

/** The names test/fixtures/control-names/names.py creates: each is a writable path of the recording. */
const PLANTED = [
  '/srv/cr/carriage\rreturn',
  '/srv/lf/line\nfeed',
  '/srv/nel/next\u0085line: injected',
  '/srv/ls/line\u2028separator',
  '/srv/ps/paragraph\u2029separator',
  '/srv/esc/escape\x1b]0;title\x07',
  '/srv/c1/csi\u009bclear',
  '/srv/bidi/txt.\u202eexe',
  '/srv/yaml/key: value # not | a comment',
];
const PROGRAM = '/srv/bin/touch\u2028me: now #\u0085x';

function readYaml(text: string, version: '1.1' | '1.2'): unknown[] {
  return parseAllDocuments(text, { version }).map((document) => {
    assert.deepEqual(document.errors, [], `YAML ${version} errors`);
    return document.toJS();
  });
}

function yamlFiles(files: GeneratedFile[]): GeneratedFile[] {
  return files.filter((file) => file.path.endsWith('.yaml'));
}

/** Table rows of a Markdown text whose cell count differs from their header's, or that carry raw unprintables. */
function brokenTableRows(markdown: string): string[] {
  const cells = (row: string): number => row.split(/(?<!\\)\|/).length;
  const lines = markdown.split('\n');
  const broken: string[] = [];
  lines.forEach((line, index) => {
    if (!line.startsWith('|')) {
      // A row that a raw line break cut in two leaves its second half outside the table.
      if (index > 0 && lines[index - 1].startsWith('|') && line !== '') broken.push(line);
      return;
    }
    let header = index;
    while (header > 0 && lines[header - 1].startsWith('|')) header -= 1;
    if (cells(line) !== cells(lines[header]) || rawUnprintables(line).length > 0) broken.push(line);
  });
  return broken;
}

describe('names with line breaks and control characters, from a recorded profile (control-names)', () => {
  let manifest: HardeningManifest;
  let files: GeneratedFile[];
  /** The same profile with every unprintable character replaced by `_`: the shape the files must keep. */
  let tameFiles: GeneratedFile[];

  before(async () => {
    const recording = loadRecording('control-names');
    manifest = manifestFrom(recording, await recordedFacts(recording));
    files = renderHardeningFiles(manifest, OPTIONS);
    tameFiles = renderHardeningFiles(sanitized(manifest), OPTIONS);
  });

  it('is a recording whose writable paths, writers and programs hold the planted names', () => {
    const paths = manifest.writablePaths.map((path) => path.path);
    for (const planted of PLANTED) assert.ok(paths.includes(planted), `no writable path ${JSON.stringify(planted)} in ${JSON.stringify(paths)}`);
    const writers = manifest.writablePaths.flatMap((path) => path.evidence.writers.map((writer) => writer.program));
    assert.ok(writers.includes(PROGRAM), `no writer ${JSON.stringify(PROGRAM)}`);
    assert.ok(manifest.writablePaths.some((path) => path.mount.type === 'volume' && PLANTED.includes(path.path)), 'no data path among the planted names');
    assert.deepEqual(files.map((file) => file.path), ['manifest.yaml', 'compose.hardened.yaml', 'k8s/deployment-patch.yaml', 'k8s/persistent-volume-claims.yaml', 'report.md', 'profile-settings.yaml']);
  });

  it('writes no raw line break but the line feed, and no control character, in any file', () => {
    for (const file of files) assert.deepEqual(rawUnprintables(file.content), [], file.path);
  });

  it('the check finds a raw NEL in a comment, a Markdown row and a value written the way the yaml package does by default', () => {
    const rawComment = new Document({ services: { app: { image: 'x' } } });
    rawComment.commentBefore = ` e.g. ${PLANTED[2]}`;
    assert.deepEqual(rawUnprintables(rawComment.toString()), ['line 1: U+0085']);
    assert.deepEqual(rawUnprintables(table(['Path'], [[PLANTED[2]]]).join('\n')), ['line 3: U+0085']);
    assert.ok(rawUnprintables(new Document(manifest).toString({ lineWidth: 0 })).length > 0);
    // …and the comment builder the generators use does not leave one.
    const escaped = new Document({ services: { app: { image: 'x' } } });
    escaped.commentBefore = asComment([`e.g. ${PLANTED[2]}`]);
    assert.deepEqual(rawUnprintables(escaped.toString()), []);
  });

  for (const version of ['1.2', '1.1'] as const) {
    it(`YAML ${version} reads exactly the keys and values of the same profile with tame names`, () => {
      for (const [index, file] of yamlFiles(files).entries()) {
        // sanitized() on both sides also turns YAML 1.1 timestamps (the manifest's dates) into the same strings.
        assert.deepEqual(sanitized(readYaml(file.content, version)), sanitized(readYaml(yamlFiles(tameFiles)[index].content, version)), file.path);
      }
    });
  }

  it('reads the manifest back with every name exactly as traced', () => {
    const [read] = readYaml(files[0].content, '1.2');
    assert.deepEqual(read, JSON.parse(JSON.stringify(manifest)));
  });

  it('mounts every writable path under its exact name in Compose and Kubernetes', () => {
    const paths = manifest.writablePaths.map((path) => path.path).sort();
    const [compose] = readYaml(files[1].content, '1.1') as Array<{ services: Record<string, { tmpfs: string[]; volumes: string[] }> }>;
    const service = compose.services['control-names'];
    const mounted = [...service.tmpfs.map((entry) => paths.find((path) => entry.startsWith(`${path}:`))), ...service.volumes.map((entry) => entry.slice(entry.indexOf(':') + 1))];
    assert.deepEqual(mounted.sort(), paths);
    const [patch] = readYaml(files[2].content, '1.1') as Array<{ spec: { template: { spec: { containers: Array<{ volumeMounts: Array<{ mountPath: string }> }> } } } }>;
    assert.deepEqual(patch.spec.template.spec.containers[0].volumeMounts.map((mount) => mount.mountPath).sort(), paths);
  });

  it('keeps each Markdown table row on one line with its cells', () => {
    const report = files[4].content;
    assert.ok(report.includes('| `/srv/nel/next\\x85line: injected` |'), 'the NEL path is not shown escaped in the table');
    assert.deepEqual(brokenTableRows(report), []);
  });

  it('the row check catches a row that a raw NEL or line feed went into', () => {
    assert.equal(brokenTableRows(table(['Path', 'Kind'], [[PLANTED[2], 'data']]).join('\n')).length, 1);
    assert.equal(brokenTableRows(table(['Path', 'Kind'], [[PLANTED[1], 'scratch']]).join('\n')).length, 2);
  });

  it('writes the files Apply writes with the same escapes, also when merging into an existing Compose file', () => {
    const targets = applyTargets(manifest, '.harden/control-names/manifest.yaml', 'services:\n  other:\n    image: other\n');
    for (const target of targets) assert.deepEqual(rawUnprintables(target.content), [], target.path);
    const [merged] = readYaml(targets[0].content, '1.1') as Array<{ services: Record<string, unknown> }>;
    assert.deepEqual(Object.keys(merged.services), ['other', 'control-names']);
  });

  describe('as PyYAML (YAML 1.1, the reader of Compose 1.x) reads them', function () {
    const injected = `services:\n  app:\n    # e.g. /srv/a\u0085    privileged: true\n    image: x\n`;
    const rawValue = () => new Document({ path: PLANTED[6] }).toString();
    let read: unknown[] = [];
    let generated: GeneratedFile[] = [];

    before(function () {
      generated = yamlFiles(files).filter((file) => file.path !== 'manifest.yaml');
      const all = readWithPyYaml([...generated.map((file) => file.content), injected, rawValue()]);
      if (!all) this.skip();
      read = all;
    });

    it('reads the same Compose and Kubernetes files as the yaml package', () => {
      generated.forEach((file, index) => assert.deepEqual(read[index], readYaml(file.content, '1.2'), file.path));
    });

    it('would have read a key out of a comment with a raw NEL, and rejected a raw C1 control in a value', () => {
      assert.deepEqual(read[generated.length], [{ services: { app: { privileged: true, image: 'x' } } }]);
      assert.match(JSON.stringify(read[generated.length + 1]), /unacceptable character #x009b/);
    });
  });
});
