import { strict as assert } from 'node:assert';
import { taggedImages } from '../../../src/core/editor/localImages';

describe('local images for the picker', () => {
  it('lists every tag, newest first, without untagged images', () => {
    const images = taggedImages([
      { Id: 'sha256:old', RepoTags: ['debian:12', 'debian:bookworm'], Created: 100, Size: 1 },
      { Id: 'sha256:none', RepoTags: ['<none>:<none>'], Created: 300, Size: 1 },
      { Id: 'sha256:dangling', RepoTags: undefined, Created: 400, Size: 1 },
      { Id: 'sha256:new', RepoTags: ['harden-example/notes:latest'], Created: 200, Size: 2 },
    ]);
    assert.deepEqual(
      images.map((image) => [image.reference, image.id]),
      [
        ['harden-example/notes:latest', 'sha256:new'],
        ['debian:12', 'sha256:old'],
        ['debian:bookworm', 'sha256:old'],
      ],
    );
  });
});
