import assert from 'node:assert/strict';
import path from 'node:path';
import { loadApps } from '../../../src/models/load-apps.js';
import { ModelDefinitionError } from '../../../src/errors.js';
import { FIXTURES } from '../../support/projects.js';

function app(situation: string) {
  return [{ label: 'library', path: path.join(FIXTURES, 'bad', situation, 'library') }];
}

describe('loadApps with a wrong models.ts', () => {
  const cases: Array<[string, RegExp]> = [
    ['model-charfield-without-maxlength', /^Book\.title: CharField needs 'maxLength'$/],
    ['model-unknown-relation', /^Book\.publisher: the target 'library\.Publisher' does not exist/],
    ['model-syntax-error', /^line \d+:\d+: /],
    ['model-reserved-name', /^Book\.pk: 'pk' is a reserved name$/],
  ];
  for (const [situation, message] of cases) {
    it(`names models.ts and the problem: ${situation}`, async () => {
      await assert.rejects(loadApps(app(situation)), (e: unknown) => {
        assert.ok(e instanceof ModelDefinitionError, String(e));
        assert.match(e.message, message);
        assert.equal(e.file, path.join(FIXTURES, 'bad', situation, 'library', 'models.ts'));
        return true;
      });
    });
  }
});
