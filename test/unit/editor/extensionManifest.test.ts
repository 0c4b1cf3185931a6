import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_IDS } from '../../../src/core/editor/commandIds';

interface PackageJson {
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    menus: Record<string, Array<{ command: string }>>;
    viewsContainers: { activitybar: Array<{ id: string; title: string; icon: string }> };
    views: Record<string, Array<{ id: string; name: string }>>;
    configuration: { properties: Record<string, { type: string; default: unknown }> };
  };
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;

describe('the extension manifest (package.json)', () => {
  it('contributes exactly the commands the registry handles, titled as the contract says', () => {
    assert.deepEqual(pkg.contributes.commands.map((command) => command.command).sort(), [...COMMAND_IDS].sort());
    const titles = Object.fromEntries(pkg.contributes.commands.map((command) => [command.command, command.category ? `${command.category}: ${command.title}` : command.title]));
    assert.equal(titles['harden.profileImage'], 'Harden: Profile Image…');
    assert.equal(titles['harden.previewHardening'], 'Harden: Preview Hardening');
    assert.equal(titles['harden.verify'], 'Harden: Verify Hardened Run');
    assert.equal(titles['harden.apply'], 'Harden: Apply Hardening');
    assert.equal(titles['harden.lintDockerfile'], 'Harden: Lint Dockerfile');
    assert.equal(titles['harden.refreshManifests'], 'Harden: Refresh Manifests');
    assert.equal(titles['harden.showLog'], 'Harden: Show Log');
    assert.equal(titles['harden.revealInExplorer'], 'Reveal in Explorer');
  });

  it('refers only to contributed commands in menus', () => {
    const known = new Set(COMMAND_IDS as readonly string[]);
    for (const [menu, items] of Object.entries(pkg.contributes.menus)) {
      for (const item of items) assert.ok(known.has(item.command), `${menu} names ${item.command}`);
    }
  });

  it('activates lazily, on the events the contract lists', () => {
    assert.deepEqual([...pkg.activationEvents].sort(), ['onLanguage:dockerfile', 'onView:harden.manifests', 'onWebviewPanel:harden.preview', 'workspaceContains:**/.harden/*/manifest.yaml'].sort());
    assert.ok(!pkg.activationEvents.includes('*'));
  });

  it('declares limited support in untrusted workspaces and restricts harden.dockerHost', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['harden.dockerHost']);
    const settings = pkg.contributes.configuration.properties;
    assert.deepEqual(settings['harden.dockerHost'], { ...settings['harden.dockerHost'], type: 'string', default: '' });
    assert.deepEqual(settings['harden.profile.timeoutSeconds'], { ...settings['harden.profile.timeoutSeconds'], type: 'number', default: 120 });
    assert.deepEqual(settings['harden.lint.enabled'], { ...settings['harden.lint.enabled'], type: 'boolean', default: true });
  });

  it('has the Harden view container with the Manifest Explorer', () => {
    assert.deepEqual(pkg.contributes.viewsContainers.activitybar, [{ id: 'harden', title: 'Harden', icon: 'media/harden.svg' }]);
    assert.ok(existsSync('media/harden.svg'));
    assert.deepEqual(pkg.contributes.views.harden.map((view) => [view.id, view.name]), [['harden.manifests', 'Manifest Explorer']]);
  });

  it('targets a VS Code no newer than 1.139, with matching API types', () => {
    const engine = /^\^1\.(\d+)\.\d+$/.exec(pkg.engines.vscode);
    assert.ok(engine, pkg.engines.vscode);
    assert.ok(Number(engine[1]) <= 139);
    const types = /^~?\^?1\.(\d+)\./.exec(pkg.devDependencies['@types/vscode']);
    assert.ok(types && Number(types[1]) <= Number(engine[1]), '@types/vscode must not be newer than engines.vscode');
    assert.equal(pkg.main, './dist/extension.js');
  });

  it('packages from an allow-list', () => {
    const lines = readFileSync('.vscodeignore', 'utf8').split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
    assert.equal(lines[0], '**');
    assert.ok(lines.slice(1).every((line) => line.startsWith('!')), 'every line after ** lets something in');
    assert.match(pkg.scripts.package, /vsce package --no-dependencies/);
  });
});

describe('the vscode boundary', () => {
  const importsVscode = /(?:from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/;
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
    });

  it('lets only src/extension import vscode', () => {
    const offenders = files('src').filter((file) => !file.startsWith(join('src', 'extension')) && importsVscode.test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders, []);
  });

  it('keeps src/extension thin: no file there parses YAML, Dockerfiles or diffs itself', () => {
    const heavy = /from ['"](yaml|dockerfile-ast|diff)['"]/;
    assert.deepEqual(files(join('src', 'extension')).filter((file) => heavy.test(readFileSync(file, 'utf8'))), []);
  });
});
