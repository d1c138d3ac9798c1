import { describeServerSpecs } from './spec-suite';

describeServerSpecs('http');
