import { describeServerSpecs } from './spec-suite';

// Infrastructure checks written in hex until the struct specs (specs/postgres) land.
describeServerSpecs('postgres', { folder: 'test/containers/sanity/postgres', minSpecs: 1 });
