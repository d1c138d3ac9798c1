import { describeServerSpecs } from './spec-suite';

describeServerSpecs('redis');
