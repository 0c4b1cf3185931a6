import { strict as assert } from 'node:assert';
import { containerCommand } from '../../../src/core/run/containerCommand';

describe('the command a container runs', () => {
  const image = { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'] };

  it('is the image entrypoint followed by its cmd, or by the cmd given', () => {
    assert.deepEqual(containerCommand({}, image), ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
    assert.deepEqual(containerCommand({ cmd: ['nginx', '-t'] }, image), ['/docker-entrypoint.sh', 'nginx', '-t']);
  });

  it('drops the image cmd when the entrypoint is overridden, as docker run --entrypoint does', () => {
    assert.deepEqual(containerCommand({ entrypoint: ['/bin/app'] }, image), ['/bin/app']);
    assert.notDeepEqual(containerCommand({ entrypoint: ['/bin/app'] }, image), ['/bin/app', ...image.cmd]);
    assert.deepEqual(containerCommand({ entrypoint: ['/bin/app'], cmd: ['--port', '1'] }, { entrypoint: null, cmd: null }), ['/bin/app', '--port', '1']);
  });
});
