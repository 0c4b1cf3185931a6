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

describe('stage roles', () => {
  const roles = (text: string) => {
    const model = buildStageModel(DockerfileParser.parse(text));
    return model.stages.map((stage) => `${stage.name ?? stage.index}:${model.roleOf(stage)}`);
  };

  it('the final stage is a target; stages it copies from are build stages', () => {
    assert.deepEqual(roles('FROM golang AS build\nRUN go build\nFROM alpine\nCOPY --from=build /app /app\n'), ['build:build', '1:target']);
    assert.deepEqual(roles('FROM golang\nRUN go build\nFROM alpine\nCOPY --from=0 /app /app\n'), ['0:build', '1:target']);
  });

  it('a stage with its own CMD or a release name that nothing consumes is a target too (built with --target)', () => {
    assert.deepEqual(
      roles('FROM golang AS build\nFROM debian:12 AS release-debian\nCOPY --from=build /app /app\nCMD ["/app"]\nFROM alpine AS release-alpine\nCOPY --from=build /app /app\nCMD ["/app"]\n'),
      ['build:build', 'release-debian:target', 'release-alpine:target'],
    );
    assert.deepEqual(roles('FROM node AS base\nCMD ["node"]\nFROM base AS dev\nRUN npm i\nFROM base AS production\nCMD ["node", "server.js"]\n'), [
      'base:build',
      'dev:build',
      'production:target',
    ]);
  });

  it('a last stage that only tests what an earlier release target built is not the image', () => {
    assert.deepEqual(roles('FROM python AS app\nCMD ["python", "app.py"]\nFROM app AS test\nRUN pytest\n'), ['app:target', 'test:build']);
  });

  it('a FROM scratch stage of files and nothing to run is an export stage', () => {
    assert.deepEqual(roles('FROM golang AS build\nFROM scratch AS binaries\nCOPY --from=build /out/ /\n'), ['build:build', 'binaries:export']);
    assert.deepEqual(roles('FROM golang AS build\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n'), ['build:build', '1:target']);
  });

  it('links RUN --mount=from= and COPY --from=$ARG to the stages they read', () => {
    const model = buildStageModel(DockerfileParser.parse('FROM alpine AS deps\nFROM alpine AS build\nARG SRC=deps\nCOPY --from=$SRC /a /a\nRUN --mount=type=bind,from=deps,target=/d true\n'));
    assert.deepEqual(model.readers(model.stages[0] as never).map((stage) => stage.name), ['build']);
  });
});

describe('base image families', () => {
  it('knows openSUSE, codename-tagged Debian and Ubuntu images, RHEL relatives and chiseled images', () => {
    assert.equal(baseImageTraits('opensuse/leap:15.6').family, 'suse');
    assert.equal(baseImageTraits('registry.suse.com/bci/bci-base:15.6').family, 'suse');
    assert.equal(baseImageTraits('example.com/team/runtime:2.1-trixie-slim').family, 'debian');
    assert.equal(baseImageTraits('eclipse-temurin:21-jre-noble').family, 'debian');
    assert.equal(baseImageTraits('container-registry.oracle.com/os/oraclelinux:9-slim').family, 'rhel');
    assert.equal(baseImageTraits('mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled').family, 'distroless');
    assert.equal(baseImageTraits('mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled').runsAsNonRoot, true);
  });

  it('suggests the README ids: node 1000, distroless and scratch 65532, other distributions 10001', () => {
    assert.equal(baseImageTraits('alpine:3.20').suggestedUser, '10001:10001');
    assert.equal(baseImageTraits('debian:bookworm-slim').suggestedUser, '10001:10001');
    assert.equal(baseImageTraits('opensuse/leap:15.6').suggestedUser, '10001:10001');
    assert.equal(baseImageTraits('gcr.io/distroless/static-debian12').suggestedUser, '65532:65532');
  });
});
