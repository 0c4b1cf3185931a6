import { strict as assert } from 'node:assert';
import { defaultProductionTag, productionTagProblem } from '../../../src/core/minify/productionTag';

describe('the production image tag', () => {
  it('proposes the name with -prod and the same tag', () => {
    assert.equal(defaultProductionTag('harden-fixture/nginx:test'), 'harden-fixture/nginx-prod:test');
    assert.equal(defaultProductionTag('nginx'), 'nginx-prod:latest');
    assert.equal(defaultProductionTag('registry.local:5000/team/app'), 'app-prod:latest', 'a registry port makes no docker build -t name here');
    assert.equal(defaultProductionTag('app@sha256:0123'), 'app-prod:latest');
    assert.equal(defaultProductionTag('sha256:9eadd9ab31d8'), 'app-prod:latest');
  });

  it('accepts image names and refuses what docker build -t would not take', () => {
    assert.equal(productionTagProblem('harden-fixture/nginx-prod:test'), undefined);
    assert.equal(productionTagProblem('Nginx:prod'), 'Nginx:prod: not an image name (lower-case name, optional :tag).');
    assert.equal(productionTagProblem(''), 'An empty tag: not an image name (lower-case name, optional :tag).');
  });
});
