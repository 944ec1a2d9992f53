// action.yml and the code must agree on every input and output name.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Inputs, MEASURE_INPUTS, Outputs, PAIRED_INPUTS, State } from '../../src/action/names.js';

const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
  name?: string;
  description?: string;
  branding?: { icon?: string; color?: string };
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string; post: string; 'post-if': string };
};

describe('action.yml', () => {
  it('has what the Marketplace asks for: a name, a description under 125 characters, branding', () => {
    expect(action.name).toBe('nicgate');
    expect(action.description?.length).toBeGreaterThan(0);
    // The Marketplace refuses a description of 125 characters or more.
    expect(action.description!.length).toBeLessThan(125);
    expect(action.branding?.icon).toEqual(expect.any(String));
    expect(action.branding?.color).toEqual(expect.any(String));
  });

  it('declares exactly the inputs the code reads, each with a description', () => {
    const read = [...new Set([...MEASURE_INPUTS, ...Object.values(Inputs), ...PAIRED_INPUTS])].sort();
    expect(Object.keys(action.inputs).sort()).toEqual(read);
    for (const [name, input] of Object.entries(action.inputs))
      expect(`${name}: ${input.description}`.length).toBeGreaterThan(name.length + 10);
  });

  it('declares exactly the outputs the code sets', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(Outputs).sort());
  });

  it('runs on node24 with a post step that always runs', () => {
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/post.js',
      'post-if': 'always()',
    });
    expect(Object.values(State)).toHaveLength(2);
  });

  it('defaults the token to the job token and the mode to auto', () => {
    expect(action.inputs['github-token']!.default).toBe('${{ github.token }}');
    expect(action.inputs.mode!.default).toBe('auto');
    expect(action.inputs.repetitions!.default).toBe('5');
  });
});
