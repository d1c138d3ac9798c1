import { describeServerSpecs } from './spec-suite';

describeServerSpecs('memcached');
