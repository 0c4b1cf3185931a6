import { strict as assert } from 'node:assert';
import { DockerfileParser } from 'dockerfile-ast';
import { expandWord, VariableScope } from '../../../src/core/dockerfile/buildVariables';
import { buildStageModel } from '../../../src/core/dockerfile/stageModel';

describe('ARG and ENV substitution', () => {
  const scope = VariableScope.empty
    .withArg('VERSION', { value: '1.2', fromArg: true })
    .withArg('EMPTY', { value: '', fromArg: true })
    .withArg('UNSET', { value: undefined, fromArg: true })
    .withEnv('HOME_DIR', { value: '/srv', fromArg: false });

  it('substitutes $NAME and ${NAME}, and says whether a build arg is involved', () => {
    assert.deepEqual(expandWord('app-$VERSION.tgz', scope), { value: 'app-1.2.tgz', known: true, substituted: true, fromArg: true });
    assert.deepEqual(expandWord('${HOME_DIR}/app', scope), { value: '/srv/app', known: true, substituted: true, fromArg: false });
    assert.deepEqual(expandWord('plain', scope), { value: 'plain', known: true, substituted: false, fromArg: false });
  });

  it('knows :- and :+, and that unset names (a base image ENV, an ARG without default) are unknown', () => {
    assert.equal(expandWord('${EMPTY:-fallback}', scope).value, 'fallback');
    assert.equal(expandWord('${VERSION:+v}${VERSION}', scope).value, 'v1.2');
    assert.equal(expandWord('$JAVA_HOME/bin', scope).known, false);
    assert.equal(expandWord('$UNSET', scope).known, false);
    assert.equal(expandWord('${UNSET:-x}', scope).known, true);
    assert.equal(expandWord('${NOT_DECLARED:-x}', scope).known, false);
  });

  it('removes quotes: single quotes keep $ literal, escapes protect it', () => {
    assert.equal(expandWord('"https://example.com/$VERSION"', scope).value, 'https://example.com/1.2');
    assert.equal(expandWord("'$VERSION'", scope).value, '$VERSION');
    assert.equal(expandWord('\\$VERSION', scope).value, '$VERSION');
    assert.equal(expandWord('`$VERSION', scope, '`').value, '$VERSION');
  });

  it('scopes ARGs as Docker does: global ones reach FROM, a stage sees them only when it declares them again', () => {
    const text = [
      'ARG BASE=debian:12',
      'ARG DIST=https://example.com/a.tgz',
      'FROM ${BASE} AS one',
      'ADD $DIST /a',
      'ARG DIST',
      'ADD $DIST /b',
      'ENV APP=/srv/app',
      'FROM one AS two',
      'ADD $DIST /c',
      'USER $APP',
      '',
    ].join('\n');
    const dockerfile = DockerfileParser.parse(text);
    const model = buildStageModel(dockerfile);
    const instructions = dockerfile.getInstructions();
    const at = (index: number, word: string) => expandWord(word, model.scopeAt(instructions[index] as never));
    assert.equal(model.stages[0]?.baseImage, 'debian:12');
    assert.equal(at(3, '$DIST').known, false, 'not declared in the stage yet');
    assert.equal(at(5, '$DIST').value, 'https://example.com/a.tgz');
    assert.equal(at(8, '$DIST').known, false, 'ARGs end with their stage');
    assert.equal(at(9, '$APP').value, '/srv/app', 'ENV carries over to FROM <stage>');
  });
});
