import { describeServerSpecs } from './spec-suite';

describeServerSpecs('postgres');
