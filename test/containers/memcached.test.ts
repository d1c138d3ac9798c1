import { describeServerSpecs } from './spec-suite';

// Text and binary protocols (binary-*.yaml) alike.
describeServerSpecs('memcached');
