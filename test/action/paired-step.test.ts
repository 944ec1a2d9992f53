import { BaseCommitMissingError } from '../../src/gate/git-base.js';
import { shallowCheckoutHelp } from '../../src/action/paired-step.js';

describe('shallowCheckoutHelp', () => {
  it('names the commit, why, and exactly what to add to the workflow', () => {
    const sha = 'a'.repeat(40);
    const error = new BaseCommitMissingError('--base-ref', sha, 'is not a commit in this repository', {
      cause: new Error('git exited with 128: fatal: could not read from remote repository'),
    });
    expect(shallowCheckoutHelp(error)).toBe(
      `nicgate: the base could not be measured: commit ${sha} is not in this checkout and fetching it from origin ` +
        'failed (git exited with 128: fatal: could not read from remote repository); judging against the stored ' +
        'baseline instead, where a scenario without stored runs reads as new. Check out the whole history: in ' +
        'the workflow, give `actions/checkout` the input `fetch-depth: 0` (`- uses: actions/checkout@v4` then ' +
        '`with:` `fetch-depth: 0`).',
    );
  });
});
