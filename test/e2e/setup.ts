// End-to-end tests boot real guests: minutes, not the unit-test default of five seconds.
import { jest } from '@jest/globals';

jest.setTimeout(600_000);
