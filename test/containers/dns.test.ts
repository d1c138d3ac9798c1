import { describeServerSpecs } from './spec-suite';

// Against `dns` (Knot); dns.matrix.yaml runs the same specs against Unbound and BIND (matrix.test.ts).
describeServerSpecs('dns');
