// End-to-end tests boot real guests: minutes, not the unit-test default of five seconds.
import { afterEach, jest } from '@jest/globals';
import { endUnfinishedChildren } from './harness.js';

jest.setTimeout(600_000);

// A test that timed out would otherwise leave its CLI measuring beside the next test's guests.
afterEach(endUnfinishedChildren, 120_000);
