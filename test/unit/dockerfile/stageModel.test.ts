import { strict as assert } from 'node:assert';
import { DockerfileParser } from 'dockerfile-ast';
import { baseImageTraits, parseImageReference } from '../../../src/core/dockerfile/baseImage';
import { buildStageModel, inheritedInstructions } from '../../../src/core/dockerfile/stageModel';

describe('stage model', () => {
  const text = 'ARG BASE=node:20\nFROM ${BASE} AS deps\nUSER 1000\nFROM golang AS tools\nFROM DEPS AS app\nCMD ["node"]\n';
  const model = buildStageModel(DockerfileParser.parse(text));

  it('links `FROM <stage>` to the earlier stage, case-insensitively, and resolves ARG bases', () => {
    const app = model.finalStage;
    assert.equal(app?.name, 'app');
    assert.equal(app?.parent?.name, 'deps');
    assert.equal(app?.baseImage, 'node:20');
  });

  it('counts the final stage and its parents as the shipped image, not unrelated stages', () => {
    assert.deepEqual([...model.finalImageStages].map((stage) => stage.name), ['app', 'deps']);
  });

  it('lists inherited instructions oldest first', () => {
    const stage = model.finalStage;
    assert.ok(stage);
    assert.deepEqual(inheritedInstructions(stage).map((instruction) => instruction.getKeyword()), ['USER', 'CMD']);
  });

  it('finds the stage of a line', () => {
    assert.equal(model.stageAt(3)?.name, 'tools');
    assert.equal(model.stageAt(0), undefined);
  });

  it('does not link a stage to itself or to a later stage', () => {
    const self = buildStageModel(DockerfileParser.parse('FROM a AS a\nFROM b AS b\n'));
    assert.equal(self.stages[0]?.parent, undefined);
    assert.equal(self.stages[1]?.baseImage, 'b');
  });
});

describe('base images', () => {
  it('parses registry, path, tag and digest', () => {
    assert.deepEqual(parseImageReference('localhost:5000/library/Node:20@sha256:ab'), { registry: 'localhost:5000', path: 'node', tag: '20', digest: 'sha256:ab' });
  });

  it('knows families, default users and non-root bases', () => {
    assert.equal(baseImageTraits('node:20-alpine').suggestedUser, '1000:1000');
    assert.equal(baseImageTraits('gcr.io/distroless/static-debian12:nonroot').runsAsNonRoot, true);
    assert.equal(baseImageTraits('gcr.io/distroless/static-debian12').runsAsNonRoot, false);
    assert.equal(baseImageTraits('debian:12').fullDistribution, true);
    assert.equal(baseImageTraits('mcr.microsoft.com/windows/nanoserver:ltsc2022').family, 'windows');
    assert.equal(baseImageTraits('registry.access.redhat.com/ubi9/ubi-micro').fullDistribution, false);
    assert.equal(baseImageTraits(undefined).family, 'unknown');
  });
});
