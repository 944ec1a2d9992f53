// docs/inputs.md is the full reference users look things up in: a row for every input and output
// of action.yml, and none for a name action.yml does not have.
import { actionInterface, readRepoFile, tableRows } from './workflow-shape.js';

const rows = tableRows(readRepoFile('docs/inputs.md'));
const { inputs, outputs } = actionInterface();

describe('docs/inputs.md', () => {
  it('has a row for every input and output of action.yml', () => {
    expect([...inputs, ...outputs].filter((name) => !rows.has(name))).toEqual([]);
  });

  it('has no row for a name action.yml lacks', () => {
    expect([...rows.keys()].filter((name) => !inputs.has(name) && !outputs.has(name))).toEqual([]);
  });
});
