import { describeServerSpecs } from './spec-suite';

describeServerSpecs('nats');
