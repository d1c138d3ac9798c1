import { describeServerSpecs } from './spec-suite';

describeServerSpecs('smtp');
