// Run by test/unit/tcpspec-jest.test.ts in a jest of its own: one passing and one failing spec as jest tests.
import { describeSpecs } from '../../../src/jest';

describeSpecs([process.env.TCPSPEC_JEST_SPECS!], { title: 'specs as tests' });
