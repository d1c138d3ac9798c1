import { describeServerSpecs } from './spec-suite';

describeServerSpecs('mqtt');
