import { describeServerSpecs } from './spec-suite';

// Infrastructure checks written in hex until the struct specs (specs/dns) land.
describeServerSpecs('dns', { folder: 'test/containers/sanity/dns', minSpecs: 1 });
