import { describeServerSpecs } from './spec-suite';

// Infrastructure checks written in hex until the struct specs (specs/mariadb) land.
describeServerSpecs('mariadb', { folder: 'test/containers/sanity/mariadb', minSpecs: 1 });
